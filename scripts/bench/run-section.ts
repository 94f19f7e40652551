/**
 * One section of `npm run bench`, in a process of its own (index.ts forks this file with the
 * section's name): it waits for a quiet machine (settle.ts), measures, prints its tables, and
 * sends its failures to the parent. A section run in the process of the ones before was
 * measured in their aftermath: right after the server section, in the same process, the
 * browser section's export showed a longest frame gap of 117 and 90 ms (two runs); in a
 * process of its own right after the server section, 40 ms, and alone, 39 and 41 ms.
 */
import { SECTIONS } from './sections.js';
import { describeSettled, settle } from './settle.js';

/** What the section's process sends its parent once the section ran. */
export interface SectionDone {
  failures: string[];
}

/** This process's memory as its section starts. */
function describeProcessMemory(): string {
  const { rss, heapUsed } = process.memoryUsage();
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
  return `This process: ${mib(rss)} resident, ${mib(heapUsed)} of JavaScript heap.`;
}

const name = process.argv[2] ?? '';
const load = SECTIONS[name];
if (load === undefined || process.send === undefined) throw new Error(`Run by index.ts with a section's name, one of ${Object.keys(SECTIONS).join(', ')}`);
const section = await load();
console.log(`\n== ${name}: ${section.title}\n`);
// Each section starts on a quiet machine, not in the one before's aftermath.
console.log(describeSettled(await settle()));
console.log(`${describeProcessMemory()}\n`);
const { failures } = await section.run((text) => console.log(text));
// The channel is closed once the message is written, not while it may still be on its way.
process.send({ failures } satisfies SectionDone, () => process.disconnect());
