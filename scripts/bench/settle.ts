/**
 * Waits, before a section, for the machine to be quiet again after the one before: the
 * files it wrote flushed to disk (the benchmark's PostgreSQL cluster runs without syncing, and
 * the kernel writes its pages out later, busy on a core meanwhile), and the cores idle for a
 * second. On a machine of two cores, one section's aftermath would show in the next one's
 * timings. Gives up after a minute: a machine that stays busy is reported, not waited for.
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

/** The share of the cores' time a quiet second spends idle. */
const QUIET = 0.9;
const WINDOW_MS = 1_000;
const GIVE_UP_MS = 60_000;

/** The cores' idle and total time so far, in milliseconds. */
function cpuTimes(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const { times } of cpus()) {
    idle += times.idle;
    total += times.user + times.nice + times.sys + times.idle + times.irq;
  }
  return { idle, total };
}

/** What the wait saw: how long it took, the idle share of the last second, and whether the machine was quiet then. */
export interface Settled {
  waitedMs: number;
  idle: number;
  quiet: boolean;
}

/** Flushes written files to disk (where `sync` exists), then waits for a second with the cores at least 90% idle, for a minute at most. */
export async function settle(): Promise<Settled> {
  const start = performance.now();
  spawnSync('sync', { stdio: 'ignore' });
  for (;;) {
    const before = cpuTimes();
    await sleep(WINDOW_MS);
    const after = cpuTimes();
    const total = after.total - before.total;
    const idle = total > 0 ? (after.idle - before.idle) / total : 1;
    const waitedMs = performance.now() - start;
    if (idle >= QUIET || waitedMs >= GIVE_UP_MS) return { waitedMs, idle, quiet: idle >= QUIET };
  }
}

/** One line on the wait, for the section's output. */
export function describeSettled({ waitedMs, idle, quiet }: Settled): string {
  const share = `${(idle * 100).toFixed(0)}% idle`;
  return quiet
    ? `The machine was quiet after ${(waitedMs / 1000).toFixed(1)} s (files flushed, its cores ${share} for a second).`
    : `The machine stayed busy for ${(waitedMs / 1000).toFixed(0)} s (its cores ${share} in the last second); measured anyway.`;
}
