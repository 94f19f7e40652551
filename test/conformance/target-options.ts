/** What the conformance command hands to the process that runs the suite, and hears back. */

/** The API under test. */
export interface TargetOptions {
  baseUrl: string;
  /** Reseller A's token; null behind a proxy that adds it. */
  token: string | null;
  /** A second reseller's token; null when the checks have only one reseller. */
  otherToken: string | null;
  timeoutMs: number;
}

/** The environment variable that carries the options, as JSON. */
export const TARGET_VARIABLE = 'LICENSE_DESK_CONFORMANCE';

/** How a check reports its last request, as a diagnostic of that check. */
export const LAST_REQUEST = 'last request: ';
