/**
 * `npm run bench [-- <section>…]`: prints the state of the machine, then runs the named
 * sections (all of them when none is named), each on a quiet machine (settle.ts), and prints
 * each one's tables. Exits non-zero when a section found a wrong answer; timing targets are
 * reported, never enforced.
 */
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import type { BenchSection } from './section.js';
import { describeSettled, settle } from './settle.js';

/** Every section by the name that selects it; each is loaded only when it runs. */
const SECTIONS: Record<string, () => Promise<BenchSection>> = {
  server: async () => (await import('./server.js')).serverSection,
  browser: async () => (await import('./browser.js')).browserSection,
  jobs: async () => (await import('./jobs.js')).jobsSection,
  renewals: async () => (await import('./renewals.js')).renewalsSection,
  // Further sections (the elements in the browser, exports, …) register here the same way.
};

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
  for (const name of names) {
    const section = await SECTIONS[name]!();
    console.log(`\n== ${name}: ${section.title}\n`);
    // Each section starts on a quiet machine, not in the one before's aftermath (settle.ts).
    console.log(`${describeSettled(await settle())}\n`);
    const result = await section.run((text) => console.log(text));
    failures.push(...result.failures.map((failure) => `${name}: ${failure}`));
  }
  if (failures.length > 0) console.error(`\nWrong answers:\n${failures.map((f) => `  ${f}`).join('\n')}`);
  return failures.length > 0 ? 1 : 0;
}

process.exitCode = await main();
