/**
 * Runs the renewals (scheduled billing changes, renewals and expiries, the reseller's notice
 * digests) on start and then every minute. A run never overlaps the previous one; a failed
 * run is reported and the next one tries again.
 */
import type { LicensesService } from '../../src/service/service.js';

export interface RenewalTimer {
  /** Stops the timer and waits for a run in progress. */
  close(): Promise<void>;
}

/** Runs the renewals now (resolving once done) and then every `everyMs` (a minute). */
export async function startRenewals(service: LicensesService, options: { everyMs?: number; warn: (line: string) => void }): Promise<RenewalTimer> {
  let running: Promise<void> | null = null;
  const run = () =>
    (running ??= service
      .runRenewals()
      .then(() => undefined, (error: unknown) => options.warn(`Renewals failed, trying again later: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (running = null)));
  await run();
  const timer = setInterval(() => void run(), options.everyMs ?? 60_000);
  timer.unref();
  return {
    close: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
