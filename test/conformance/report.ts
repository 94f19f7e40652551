/**
 * What the conformance command prints: one line per check as it finishes, then a summary
 * by area (the suite's top-level groups: searching orders, on the wire, …) that names each
 * failing check with the route it failed on. Fed with the events of Node's test runner.
 */
import { LAST_REQUEST } from './target-options.js';

export type Outcome = 'passed' | 'failed' | 'skipped';

export interface CheckResult {
  /** The groups the check sits in, below the suite's own name. */
  area: string;
  name: string;
  outcome: Outcome;
  /** Why it failed (the first line that says something), or why it was skipped. */
  reason: string | null;
  /** The check's last request and its status, when it made one. */
  lastRequest: string | null;
  durationMs: number;
}

/** The parts of the test runner's events that the report reads. */
export interface RunnerEvent {
  type: string;
  data: {
    name?: string;
    nesting?: number;
    message?: string;
    skip?: string | boolean;
    todo?: string | boolean;
    details?: { type?: string; duration_ms?: number; error?: unknown };
  };
}

const MARK: Record<Outcome, string> = { passed: '✔', failed: '✖', skipped: '-' };

/** The line that says what went wrong: `200 !== 401`, not 'Expected values to be strictly equal:'. */
export function failureReason(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause ?? error;
  const message = cause instanceof Error ? cause.message : String((cause as { message?: unknown } | null)?.message ?? cause);
  const lines = message.split('\n').map((line) => line.trim()).filter(Boolean);
  const generic = /^(Expected values to be (strictly|loosely) (deep-)?equal|The expression evaluated to a falsy value):?$/;
  const said = lines.filter((line) => !generic.test(line));
  return (said.length > 0 ? said : lines).slice(0, 3).join(' ') || 'failed';
}

export function checkLine(check: CheckResult): string {
  const head = `${MARK[check.outcome]} ${check.area} › ${check.name}`;
  if (check.outcome === 'passed') return `${head} (${Math.round(check.durationMs)} ms)`;
  if (check.outcome === 'skipped') return `${head} (skipped: ${check.reason})`;
  return `${head}\n    ${check.lastRequest ? `${check.lastRequest}: ` : ''}${check.reason}`;
}

/** Turns the runner's events into check results, calling `onCheck` as each one is known. */
export class ReportCollector {
  readonly checks: CheckResult[] = [];
  /** Failures outside any check: a suite's setup, or the file itself. */
  readonly setupFailures: string[] = [];
  readonly #path: string[] = [];
  #pending: CheckResult | null = null;
  readonly #onCheck: (check: CheckResult) => void;

  constructor(onCheck: (check: CheckResult) => void) {
    this.#onCheck = onCheck;
  }

  add({ type, data }: RunnerEvent): void {
    const nesting = data.nesting ?? 0;
    if (type === 'test:diagnostic' && this.#pending && data.message?.startsWith(LAST_REQUEST)) {
      this.#pending.lastRequest = data.message.slice(LAST_REQUEST.length);
      return;
    }
    if (type === 'test:diagnostic') return;
    this.flush();
    if (type === 'test:start') {
      this.#path.length = nesting;
      this.#path[nesting] = data.name ?? '';
    } else if (type === 'test:pass' || type === 'test:fail') {
      const isCheck = data.details?.type !== 'suite' && nesting > 0;
      if (isCheck) {
        this.#pending = {
          area: this.#path.slice(1, nesting).join(' › ') || this.#path[0] || '',
          name: data.name ?? '',
          outcome: type === 'test:fail' ? 'failed' : data.skip !== undefined || data.todo !== undefined ? 'skipped' : 'passed',
          reason: type === 'test:fail' ? failureReason(data.details?.error) : typeof data.skip === 'string' ? data.skip : null,
          lastRequest: null,
          durationMs: data.details?.duration_ms ?? 0,
        };
      } else if (type === 'test:fail' && (data.details?.error as { failureType?: string } | undefined)?.failureType !== 'subtestsFailed') {
        this.setupFailures.push(`${data.name}: ${failureReason(data.details?.error)}`);
      }
    }
  }

  /** Reports the check waiting for its diagnostics. */
  flush(): void {
    if (!this.#pending) return;
    this.checks.push(this.#pending);
    this.#onCheck(this.#pending);
    this.#pending = null;
  }
}

/** The summary: counts, then per area what passed, failed (naming each route) and was skipped. */
export function summary(checks: readonly CheckResult[], setupFailures: readonly string[] = []): string {
  const count = (outcome: Outcome, of: readonly CheckResult[] = checks) => of.filter((c) => c.outcome === outcome).length;
  const lines = [
    `${checks.length} checks: ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`,
  ];
  const areas = [...new Set(checks.map((c) => c.area))];
  for (const area of areas) {
    const of = checks.filter((c) => c.area === area);
    const parts = (['passed', 'failed', 'skipped'] as const).filter((o) => count(o, of) > 0).map((o) => `${count(o, of)} ${o}`);
    lines.push(`  ${area}: ${parts.join(', ')}`);
    for (const check of of.filter((c) => c.outcome === 'failed')) {
      lines.push(`    ✖ ${check.name}: ${check.lastRequest ? `${check.lastRequest}: ` : ''}${check.reason}`);
    }
    const reasons = [...new Set(of.filter((c) => c.outcome === 'skipped').map((c) => c.reason))];
    for (const reason of reasons) lines.push(`    - skipped: ${reason}`);
  }
  for (const failure of setupFailures) lines.push(`  ✖ ${failure}`);
  return lines.join('\n');
}
