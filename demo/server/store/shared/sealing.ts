/**
 * Cursors and history ids that say nothing about the database. The SQL stores page by row
 * numbers and number history entries globally; before any of that leaves the store, a cursor
 * is sealed with AES-256-GCM and a history id is replaced by an HMAC, each under a key of its
 * own reseller (HKDF-SHA-256 from the database's secret, which the store keeps in its `meta`
 * table). A sealed cursor reads as random bytes, and another reseller's cursor does not open:
 * it is a {@link BadCursorError}, which the service answers as a 400 on `cursor`.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { BadCursorError } from '../../../../src/service/store.js';
import type { ServerStore } from '../server-store.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const HISTORY_ID = /^his_/;

/** The keys of each reseller, derived from one database secret. */
export class ResellerKeys {
  readonly #secret: Buffer;
  readonly #keys = new Map<string, { cursor: Buffer; ids: Buffer }>();

  constructor(secret: Buffer) {
    if (secret.length < 32) throw new RangeError('The sealing secret must have at least 32 bytes');
    this.#secret = secret;
  }

  /** `cursor` sealed for the reseller: random-looking base64url, different every time. */
  seal(resellerId: string, cursor: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#of(resellerId).cursor, iv);
    const body = Buffer.concat([cipher.update(cursor, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
  }

  /** The cursor sealed for this reseller, or a {@link BadCursorError} for anything else. */
  open(resellerId: string, sealed: string): string {
    const raw = Buffer.from(sealed, 'base64url');
    if (raw.length <= IV_BYTES + TAG_BYTES || raw.toString('base64url') !== sealed) throw badCursor();
    const decipher = createDecipheriv('aes-256-gcm', this.#of(resellerId).cursor, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw badCursor();
    }
  }

  /** The public id of a history entry: the same entry always gets the same id, which tells nothing of its row. */
  historyId(resellerId: string, id: string): string {
    return `his_${createHmac('sha256', this.#of(resellerId).ids).update(id).digest().subarray(0, 16).toString('base64url')}`;
  }

  #of(resellerId: string): { cursor: Buffer; ids: Buffer } {
    let keys = this.#keys.get(resellerId);
    if (!keys) {
      const derive = (purpose: string) => Buffer.from(hkdfSync('sha256', this.#secret, 'license-desk', `${purpose}\0${resellerId}`, 32));
      this.#keys.set(resellerId, (keys = { cursor: derive('cursor'), ids: derive('history-id') }));
    }
    return keys;
  }
}

function badCursor(): BadCursorError {
  return new BadCursorError('This cursor does not belong to this query; start again without it');
}

type Method = (...args: unknown[]) => unknown;

/**
 * The store with sealed cursors and history ids, for every read that takes the reseller first
 * (as the port's reads do): a `cursor` in an argument is opened, a `nextCursor` in the answer
 * sealed, and the ids of `history` entries replaced. Inside transactions too. Reads added to
 * the port later are covered without a change here.
 */
export function sealing<S extends ServerStore>(store: S, keys: ResellerKeys): S {
  return guard(store, keys);
}

function guard<T extends object>(target: T, keys: ResellerKeys): T {
  return new Proxy(target, {
    get(object, name) {
      const value: unknown = Reflect.get(object, name, object);
      if (typeof value !== 'function') return value;
      const method = value as Method;
      if (name === 'transaction') {
        return (work: (tx: object) => unknown) => method.call(object, (tx: object) => work(guard(tx, keys)));
      }
      return (...args: unknown[]) => {
        const [resellerId] = args;
        if (typeof resellerId !== 'string') return method.apply(object, args);
        return (async () => {
          const opened = args.map((arg) => (hasCursor(arg) ? { ...arg, cursor: keys.open(resellerId, arg.cursor) } : arg));
          return sealAnswer(await method.apply(object, opened), resellerId, name === 'history', keys);
        })();
      };
    },
  });
}

function hasCursor(arg: unknown): arg is { cursor: string } {
  return typeof arg === 'object' && arg !== null && typeof (arg as { cursor?: unknown }).cursor === 'string';
}

function sealAnswer(answer: unknown, resellerId: string, isHistory: boolean, keys: ResellerKeys): unknown {
  if (typeof answer !== 'object' || answer === null) return answer;
  const renamed = (items: unknown[]) =>
    items.map((item) => {
      const { id } = item as { id?: unknown };
      return typeof id === 'string' && HISTORY_ID.test(id) ? { ...(item as object), id: keys.historyId(resellerId, id) } : item;
    });
  if (Array.isArray(answer)) return isHistory ? renamed(answer) : answer;
  const page = answer as { items?: unknown; nextCursor?: unknown };
  if (!Array.isArray(page.items) || !('nextCursor' in page)) return answer;
  return {
    ...page,
    ...(isHistory ? { items: renamed(page.items) } : {}),
    nextCursor: typeof page.nextCursor === 'string' ? keys.seal(resellerId, page.nextCursor) : page.nextCursor,
  };
}
