/** Numbers for the browser benchmark: medians, Chromium's own counters, and how they print. */
import type { CDPSession } from 'playwright-core';

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** `12.3 ms`, `1,234 ms`. */
export const ms = (value: number) => `${value < 100 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US')} ms`;

/** `1,234`. */
export const count = (value: number) => Math.round(value).toLocaleString('en-US');

/** `3.4 MB`, `-0.2 MB`. */
export const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** `2.5x`. */
export const times = (ratio: number) => `${ratio.toFixed(1)}x`;

/** Chromium's counters for the page: time spent in layout and style (ms), and the JS heap (bytes). */
export interface Counters {
  layoutMs: number;
  heapBytes: number;
}

/** Reads the page's counters; `collect` runs the garbage collector first, for a heap without garbage. */
export async function counters(cdp: CDPSession, collect = false): Promise<Counters> {
  if (collect) await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
  return {
    layoutMs: (get('LayoutDuration') + get('RecalcStyleDuration')) * 1000,
    heapBytes: get('JSHeapUsedSize'),
  };
}

/** Samples that are no script of the page: the profiler's own, idle time, the engine and the garbage collector. */
const NOT_SCRIPT = new Set(['(root)', '(idle)', '(program)', '(garbage collector)']);

/**
 * Runs `work` under V8's sampling profiler (one sample every 0.1 ms) and answers its result
 * with the milliseconds of script it ran: tasks, microtasks and callbacks alike, which
 * Chromium's `ScriptDuration` counter leaves partly out.
 */
export async function withScriptTime<T>(cdp: CDPSession, work: () => Promise<T>): Promise<{ result: T; scriptMs: number }> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const result = await work();
  const { profile } = await cdp.send('Profiler.stop');
  const names = new Map(profile.nodes.map((node) => [node.id, node.callFrame.functionName || node.callFrame.url]));
  const deltas = profile.timeDeltas ?? [];
  let micros = 0;
  (profile.samples ?? []).forEach((id, i) => {
    if (!NOT_SCRIPT.has(names.get(id) ?? '')) micros += deltas[i] ?? 0;
  });
  return { result, scriptMs: micros / 1000 };
}
