/**
 * `npm run bench [-- <section>…]`: prints the state of the machine, then runs the named
 * sections (all of them when none is named), each in a process of its own and on a quiet
 * machine (run-section.ts), which prints its tables. Exits non-zero when a section found a
 * wrong answer or its process failed; timing targets are reported, never enforced.
 */
import { fork } from 'node:child_process';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { SectionDone } from './run-section.js';
import { SECTIONS } from './sections.js';

function machineState(): string {
  const cpu = cpus();
  const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  return [
    `Machine: ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores`,
    `Load average (1, 5, 15 min): ${loadavg().map((n) => n.toFixed(2)).join(', ')}`,
    `Memory: ${gib(freemem())} free of ${gib(totalmem())}`,
    `Node ${process.version} (${process.platform} ${process.arch}), ${new Date().toISOString()}`,
  ].join('\n');
}

/** Runs the section `name` in a process of its own; its failures, or why its process failed. */
function runSection(name: string): Promise<string[]> {
  const child = fork(fileURLToPath(new URL('./run-section.ts', import.meta.url)), [name], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let done: SectionDone | undefined;
  child.on('message', (message: SectionDone) => (done = message));
  return new Promise((resolve) => {
    child.once('error', (error) => resolve([`its process did not run: ${error.message}`]));
    child.once('exit', (code, signal) => {
      if (done !== undefined && code === 0) resolve(done.failures);
      else resolve([...(done?.failures ?? []), `its process ended with ${signal ?? `exit code ${code}`}`]);
    });
  });
}

async function main(): Promise<number> {
  const asked = process.argv.slice(2).filter((arg) => arg !== '--');
  const unknown = asked.filter((name) => !(name in SECTIONS));
  if (unknown.length > 0) {
    console.error(`Unknown section ${unknown.join(', ')}; choose from: ${Object.keys(SECTIONS).join(', ')}`);
    return 2;
  }
  const names = asked.length > 0 ? asked : Object.keys(SECTIONS);
  console.log(machineState());
  const failures: string[] = [];
  for (const name of names) failures.push(...(await runSection(name)).map((failure) => `${name}: ${failure}`));
  if (failures.length > 0) console.error(`\nWrong answers or failed sections:\n${failures.map((f) => `  ${f}`).join('\n')}`);
  return failures.length > 0 ? 1 : 0;
}

process.exitCode = await main();
