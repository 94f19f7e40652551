import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Job, JobRequest } from '../../api/contract/schemas.js';
import { isAbortError } from '../../api/contract/errors.js';
import { emit } from '../../events/index.js';
import { sleep } from '../../internal/abortable.js';
import { jobMessages } from '../../locales/jobs.js';
import { ActionController } from './action-controller.js';
import type { LicensesController } from './licenses-controller.js';
import type { LocaleController } from './locale-controller.js';

export interface JobControllerOptions {
  /** How long to wait between two looks at a running job, in milliseconds (1000). */
  pollMs?: () => number;
  /** Called once a job was started (after `job-started`). */
  started?: (job: Job) => void;
  /** Called once the followed job is done (after `job-finished`). */
  finished?: (job: Job) => void;
}

/**
 * One server job at a time, from its start to its end: `start()` sends `POST /jobs` under
 * the kit's action policy (one idempotency key per action, reused after an unknown
 * outcome), `follow()` picks up a job started earlier; either way the job is looked at
 * every `pollMs` until it is done, also after the host came back to the page. The host
 * hears `job-started` and `job-finished`; `render()` shows a labelled progress bar whose
 * label is a live region.
 */
export class JobController implements ReactiveController {
  /** The followed job, as last seen. */
  job: Job | null = null;
  /** Why looking at the job failed, until it answers again. */
  loadError: unknown = null;
  readonly action: ActionController;

  private polling: AbortController | null = null;
  private finishedId: string | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly api: LicensesController,
    private readonly i18n: LocaleController,
    private readonly options: JobControllerOptions = {},
  ) {
    host.addController(this);
    this.action = new ActionController(host, api, i18n);
  }

  get running(): boolean {
    return this.job !== null && this.job.status !== 'done';
  }

  hostConnected(): void {
    if (this.job !== null && this.running) this.poll(this.job.id);
  }

  hostDisconnected(): void {
    this.polling?.abort();
    this.polling = null;
  }

  /** Starts a job; resolves with it (null when it was not started: the action says why). */
  async start(request: JobRequest): Promise<Job | null> {
    const client = this.api.client;
    if (client === null) return null;
    const outcome = await this.action.run('createJob', request, (idempotencyKey) => client.createJob(request, { idempotencyKey }));
    if (outcome === null || !outcome.ok) return null;
    const job = outcome.value;
    emit(this.host, 'job-started', { job });
    this.options.started?.(job);
    this.show(job);
    return job;
  }

  /** Follows a job started earlier (after a reload, from the recent jobs). */
  follow(job: Job): void {
    this.action.reset();
    this.show(job);
  }

  /** Stops following any job. */
  clear(): void {
    this.hostDisconnected();
    this.job = null;
    this.loadError = null;
    this.action.reset();
    this.host.requestUpdate();
  }

  private show(job: Job): void {
    this.job = job;
    this.loadError = null;
    this.host.requestUpdate();
    if (job.status === 'done') this.done(job);
    else this.poll(job.id);
  }

  private poll(jobId: string): void {
    this.polling?.abort();
    const polling = new AbortController();
    this.polling = polling;
    const { signal } = polling;
    void (async () => {
      while (!signal.aborted) {
        try {
          await sleep(this.options.pollMs?.() ?? 1000, signal);
          const client = this.api.client;
          if (client === null) continue;
          const job = await client.getJob(jobId, { signal });
          if (signal.aborted || this.job?.id !== jobId) return;
          this.job = job;
          this.loadError = null;
          this.host.requestUpdate();
          if (job.status === 'done') {
            this.done(job);
            return;
          }
        } catch (error) {
          if (signal.aborted || isAbortError(error)) return;
          // A failed look is said, and the next one tries again.
          this.loadError = error;
          this.api.reportError(error, 'getJob');
          this.host.requestUpdate();
        }
      }
    })();
  }

  private done(job: Job): void {
    if (this.finishedId === job.id) return;
    this.finishedId = job.id;
    emit(this.host, 'job-finished', { job });
    this.options.finished?.(job);
  }

  /** The job's progress bar, labelled by a live region that says how far it is and how it went. */
  render(id: string): TemplateResult | typeof nothing {
    const t = this.i18n.of(jobMessages);
    const problem = this.action.renderProblem(t('startFailed'));
    const job = this.job;
    if (job === null) {
      return html`${this.action.busy ? html`<p class="muted" role="status">${t('starting')}</p>` : nothing}${problem}`;
    }
    const n = (value: number) => this.i18n.count(value);
    const values = { kind: t(`kind.${job.kind}`), done: n(job.done), total: n(job.total), succeeded: n(job.succeeded), failed: n(job.failed) };
    return html`<div class="job" part="job-progress">
      <span id="${id}-label" class="label" role="status">${t(job.status === 'done' ? 'finished' : 'progress', values)}</span>
      <progress aria-labelledby="${id}-label" max=${Math.max(job.total, 1)} .value=${job.done}></progress>
      ${this.loadError === null ? nothing : html`<p class="message error" role="alert">${t('loadFailed')} ${this.api.describeError(this.loadError)}</p>`}
    </div>`;
  }
}
