/** Where the service takes the time from: the system's, or a test's or demo's own. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** `2026-11-27T09:14:03Z`: an instant as the contract writes it (milliseconds only when there are some). */
export function isoInstant(date: Date | number): string {
  return new Date(date).toISOString().replace('.000Z', 'Z');
}

/** A clock that reads `start` now and then advances in real time (the demo's `DEMO_NOW`). */
export function clockFrom(start: Date, base: Clock = systemClock): Clock {
  const offset = start.getTime() - base.now().getTime();
  return { now: () => new Date(base.now().getTime() + offset) };
}
