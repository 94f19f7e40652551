/**
 * SQLite's query plans of a search, exactly as the server runs it: the search runs in this
 * process against a recording view of the database, which notes every statement and its
 * parameters, and each is then explained with `EXPLAIN QUERY PLAN`.
 */
import type Database from 'better-sqlite3';
import { OrdersQuery } from '../../src/api/contract/schemas.js';
import { type Db, readMeta } from '../../demo/server/store/sqlite/database.js';
import { ResellerKeys } from '../../demo/server/store/shared/sealing.js';
import { searchOrders } from '../../demo/server/store/sqlite/order-search.js';
import type { OrdersQueryFields } from './server-shapes.js';

/** One statement of a search and how SQLite runs it. */
export interface StatementPlan {
  sql: string;
  /** The plan as an indented tree, one step a line. */
  plan: string[];
}

interface Recorded {
  sql: string;
  params: unknown[];
}

/** Runs searches in this process and explains the statements each one ran. */
export class PlanRecorder {
  private readonly recorded: Recorded[] = [];
  private readonly view: Db;

  /** Opens the sealed cursors the server handed out, which the store's own search takes open. */
  private readonly openCursor: (cursor: string) => string;

  constructor(private readonly db: Db, private readonly resellerSeq: number) {
    this.view = recordingView(db, this.recorded);
    const keys = new ResellerKeys(Buffer.from(readMeta(db, 'secret:sealing') ?? '', 'hex'));
    const resellerId = db.prepare<[number], { id: string }>('SELECT id FROM resellers WHERE seq = ?').get(resellerSeq)?.id ?? '';
    this.openCursor = (cursor) => keys.open(resellerId, cursor);
    // Warm whatever the server caches once per database, so that it does not show as part of a search.
    searchOrders(this.view, resellerSeq, OrdersQuery.parse({}));
  }

  /** The plan of every distinct statement that searching with `query` runs. */
  explain(query: OrdersQueryFields): StatementPlan[] {
    this.recorded.length = 0;
    const opened = query.cursor === undefined ? query : { ...query, cursor: this.openCursor(query.cursor) };
    searchOrders(this.view, this.resellerSeq, OrdersQuery.parse(opened));
    const seen = new Set<string>();
    return this.recorded
      .filter(({ sql }) => !seen.has(sql) && seen.add(sql))
      .map(({ sql, params }) => ({ sql: oneLine(sql), plan: planTree(this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params)) }));
  }
}

/** The database, except that statements it prepares note their SQL and parameters when they run. */
function recordingView(db: Db, into: Recorded[]): Db {
  const wrap = (statement: Database.Statement, sql: string) =>
    new Proxy(statement, {
      get(target, name) {
        const value = Reflect.get(target, name, target) as unknown;
        if (typeof value !== 'function') return value;
        if (name !== 'get' && name !== 'all' && name !== 'iterate' && name !== 'run') return value.bind(target);
        return (...params: unknown[]) => {
          into.push({ sql, params });
          return (value as (...args: unknown[]) => unknown).apply(target, params);
        };
      },
    });
  return new Proxy(db, {
    get(target, name) {
      const value = Reflect.get(target, name, target) as unknown;
      if (name === 'prepare') return (sql: string) => wrap(target.prepare(sql), sql);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function planTree(rows: unknown[]): string[] {
  const depth = new Map<number, number>();
  return (rows as { id: number; parent: number; detail: string }[]).map((row) => {
    const level = (depth.get(row.parent) ?? -1) + 1;
    depth.set(row.id, level);
    return `${'  '.repeat(level)}${row.detail}`;
  });
}

function oneLine(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim();
}
