/** The demo backend's `npm start` entry point run as a child process, as an operator runs it. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { ROOT } from '../../../demo/server/paths.js';

export interface ChildServer {
  url: string;
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): { stdout: string; stderr: string };
  /** SIGTERM, and SIGKILL when it has not exited after 10 s. */
  stop(): Promise<void>;
  kill(): Promise<void>;
}

/** Runs `tsx demo/server/cli/main.ts` with `env` (PORT=0 picks a free port) and waits for its start-up banner. */
export async function startChild(env: Record<string, string>, timeoutMs = 60_000): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/server/cli/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = once(child, 'exit');
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start-up banner in ${timeoutMs} ms: ${stdout}${stderr}`)), timeoutMs);
    const look = () => {
      const match = /API base\s+(http:\/\/\S+)\/api\/v1/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', look);
    void exited.then(() => reject(new Error(`the server exited at start: ${stdout}${stderr}`)));
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { url, child, output: () => ({ stdout, stderr }), stop: () => end('SIGTERM'), kill: () => end('SIGKILL') };
}
