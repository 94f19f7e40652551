/** A sliding-window limit per key (a client's address): at most `count` requests in `windowSeconds`. */
export interface RateLimit {
  count: number;
  windowSeconds: number;
}

/** Keeps the request times of each key within the window; forgets keys that went quiet. */
export class RateLimiter {
  readonly #limit: RateLimit;
  readonly #seen = new Map<string, number[]>();
  #lastSweep = 0;

  constructor(limit: RateLimit) {
    this.#limit = limit;
  }

  /** Counts a request of `key` at `now` (ms); null when it may go ahead, else the seconds to wait. */
  take(key: string, now: number): number | null {
    const windowMs = this.#limit.windowSeconds * 1000;
    this.#sweep(now, windowMs);
    const recent = (this.#seen.get(key) ?? []).filter((t) => t > now - windowMs);
    const oldest = recent[0];
    if (oldest !== undefined && recent.length >= this.#limit.count) {
      this.#seen.set(key, recent);
      return Math.max(1, Math.ceil((oldest + windowMs - now) / 1000));
    }
    recent.push(now);
    this.#seen.set(key, recent);
    return null;
  }

  /** Drops the keys with nothing left in the window, at most once a window. */
  #sweep(now: number, windowMs: number): void {
    if (now - this.#lastSweep < windowMs) return;
    this.#lastSweep = now;
    for (const [key, times] of this.#seen) if ((times.at(-1) ?? 0) <= now - windowMs) this.#seen.delete(key);
  }
}
