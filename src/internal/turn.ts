/**
 * A turn for the browser in the middle of long work: input is handled and a due frame is
 * painted before the work goes on.
 */

interface Scheduler {
  yield?: () => Promise<void>;
}

/**
 * Resolves in a later task. `scheduler.yield()` where the browser has it (the work goes on
 * before other pages' tasks); else a message to itself, since a chain of `setTimeout(0)`
 * waits at least 4 ms a turn after its fifth (the HTML standard's timer nesting clamp).
 */
export function nextTurn(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Work that gives the browser a turn once it has run for `budgetMs` since the last one. */
export class TurnTaker {
  #since = performance.now();

  constructor(private readonly budgetMs = 8) {}

  /** A turn for the browser when the budget is spent; else nothing to wait for. */
  async maybeYield(): Promise<void> {
    if (performance.now() - this.#since < this.budgetMs) return;
    await nextTurn();
    this.#since = performance.now();
  }
}
