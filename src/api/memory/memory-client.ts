/**
 * The licenses API in memory, for Storybook, tests and prototypes: the very service the
 * demo backend runs, over a {@link MemoryStore}, seen as one reseller. Another reseller's
 * ids are `not_found`, exactly as over HTTP; answers are checked against the contract's
 * schemas and are fresh copies; an aborted call changes nothing. Jobs run in the background,
 * in the page, as the backend's job runner runs them.
 */
import type { ZodMiniType } from 'zod/mini';
import * as s from '../contract/schemas.js';
import { ApiError, issuesToFieldErrors } from '../contract/errors.js';
import { quickParse } from '../contract/quick-parse.js';
import type { CsvFile, LicensesApi, MutationOptions, RequestOptions } from '../client.js';
import { sleep } from '../../internal/abortable.js';
import { OPERATIONS, type Operation } from '../contract/operations.js';
import type { Clock } from '../../service/clock.js';
import { csvBytes, type CsvText } from '../../service/exports.js';
import { JobRunner, LicensesService } from '../../service/service.js';
import type { ResellerRecord } from '../../service/store.js';
import { createDemoWorld, type DemoWorldOptions } from './demo-data.js';
import { MemoryStore } from './memory-store.js';

export { MemoryStore } from './memory-store.js';
export type { MemoryReseller, OutboxMessage } from './memory-store.js';

export interface MemoryClientOptions {
  /** The reseller whose data the client sees; an unknown id answers `unauthorized`. */
  resellerId: string;
  /** Delay of every answer, in milliseconds, to show loading states (0). */
  latencyMs?: number;
  /** The clock, for activation times and the email rate limit. */
  now?: () => Date;
}

/** The customer's side in memory has one visitor: the page the client runs in. */
const VISITOR = { address: 'memory' };

/** Checks an answer against the contract; the result shares nothing with the store. */
function output<T>(schema: ZodMiniType<T>, value: unknown): T {
  const result = quickParse(schema, structuredClone(value));
  if (result.success) return result.data;
  const errors = issuesToFieldErrors(result.error.issues);
  throw new ApiError({ status: 200, code: 'invalid_response', detail: 'The stored data breaks the contract.', errors });
}

// The methods come from the operations table (see the static block), so the class states its interface here.
export interface MemoryLicensesClient extends LicensesApi {}

/** A `LicensesApi` over the service and a {@link MemoryStore}, seen as one reseller. */
export class MemoryLicensesClient {
  readonly store: MemoryStore;
  readonly #service: LicensesService;
  /** Works through the store's jobs in the background, as the demo backend's runner does. */
  readonly #jobs: JobRunner;
  readonly #resellerId: string;
  readonly #latencyMs: number;

  constructor(store: MemoryStore, options: MemoryClientOptions) {
    this.store = store;
    const clock: Clock | undefined = options.now ? { now: options.now } : undefined;
    this.#service = new LicensesService({ store, ...(clock ? { clock } : {}), onJobQueued: () => this.#jobs.wake() });
    this.#resellerId = options.resellerId;
    this.#latencyMs = options.latencyMs ?? 0;
    // Small batches with the configured latency between them, so that a page shows a job's progress.
    this.#jobs = new JobRunner(this.#service, { rowsPerBatch: 25, concurrency: 1, pollMs: null, pauseMs: this.#latencyMs });
    this.#jobs.wake();
  }

  static {
    for (const [id, operation] of Object.entries(OPERATIONS) as [string, Operation][]) {
      if (id === 'getOpenApiDocument') continue;
      Object.defineProperty(MemoryLicensesClient.prototype, id, {
        value(this: MemoryLicensesClient, ...args: unknown[]) {
          return this.#invoke(id, operation, args);
        },
      });
    }
  }

  /**
   * Calls the use case named like the operation, as the demo backend's route does: who asks
   * (the reseller, or on the customer's side the page), the method's arguments, a body the
   * method does not send, the change's key; then checks the answer against the contract.
   */
  async #invoke(id: string, operation: Operation, args: readonly unknown[]): Promise<unknown> {
    const options = (args[operation.args.length] ?? {}) as Partial<MutationOptions>;
    const who = operation.public ? (await this.#wait(options), VISITOR) : await this.#begin(options);
    const values: unknown[] = [who, ...args.slice(0, operation.args.length)];
    if (operation.body !== undefined && !operation.args.includes('body')) values.push(undefined);
    if (operation.idempotent) values.push({ idempotencyKey: options.idempotencyKey });
    const useCase = (this.#service as unknown as Record<string, (...values: unknown[]) => Promise<unknown>>)[id]!;
    const answer = await useCase.apply(this.#service, values);
    // A file the service writes comes as bytes, as the HTTP client hands over a file's body.
    if (operation.answer === 'CsvFile') return { total: (answer as CsvText).total, chunks: csvBytes(answer as CsvText) } satisfies CsvFile;
    return output(s[operation.answer as keyof typeof s] as ZodMiniType<unknown>, answer);
  }

  /** Waits the configured latency, then checks that the call may proceed and who makes it. */
  async #begin(o: RequestOptions | undefined): Promise<ResellerRecord> {
    await this.#wait(o);
    return this.#service.caller(this.#resellerId);
  }

  /** Waits the configured latency; an aborted call goes no further. */
  async #wait(o: RequestOptions | undefined): Promise<void> {
    o?.signal?.throwIfAborted();
    await (this.#latencyMs > 0 ? sleep(this.#latencyMs, o?.signal) : Promise.resolve());
    o?.signal?.throwIfAborted();
  }
}

/**
 * A memory client over a fresh demo world, seen as reseller A (or B), for stories and
 * prototypes: `createMemoryClient({ latencyMs: 300 })`.
 */
export function createMemoryClient(options: DemoWorldOptions & { reseller?: 'A' | 'B'; latencyMs?: number } = {}): MemoryLicensesClient {
  const { reseller: label = 'A', latencyMs, ...worldOptions } = options;
  const world = createDemoWorld(worldOptions);
  const reseller = world.resellers.find((r) => r.tokenLabel === label);
  if (!reseller) throw new Error(`The demo world has no reseller ${label}`);
  return new MemoryLicensesClient(MemoryStore.fromWorld(world), { resellerId: reseller.id, latencyMs: latencyMs ?? 0 });
}
