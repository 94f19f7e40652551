/**
 * PostgreSQL's query plans of a search, exactly as the server runs it: the store's search runs
 * in this process over a recording view of a pool, which notes every statement and its
 * parameters, and each is then run again under `EXPLAIN (ANALYZE, BUFFERS)` with the same
 * parameters (a custom plan for those values, as the server's unnamed statements get).
 */
import pg from 'pg';
import type { Pool, QueryResult, QueryResultRow } from 'pg';
import { LIMITS, OrdersQuery } from '../../src/api/contract/schemas.js';
import { searchOrders } from '../../demo/server/store/postgres/order-search.js';
import { type Db, TYPE_PARSERS } from '../../demo/server/store/postgres/sql.js';
import { ResellerKeys } from '../../demo/server/store/shared/sealing.js';
import type { StatementPlan } from './server-plans.js';
import type { OrdersQueryFields } from './server-shapes.js';

interface Recorded {
  sql: string;
  params: unknown[];
}

/** Runs searches in this process and explains the statements each one ran. */
export class PostgresPlanRecorder {
  private readonly recorded: Recorded[] = [];
  private readonly pool: Pool;
  private readonly view: Db;

  constructor(url: string, private readonly resellerId: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 4, types: TYPE_PARSERS });
    this.pool.on('error', () => undefined);
    const pool = this.pool;
    const recorded = this.recorded;
    this.view = {
      query<R extends QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>> {
        recorded.push({ sql: text, params: values ?? [] });
        return pool.query<R>(text, values);
      },
    };
  }

  /**
   * The plan of every distinct statement that searching with `queries` runs (each statement
   * with the parameters of the first query that ran it), after a first unrecorded search.
   */
  async explain(queries: readonly OrdersQueryFields[]): Promise<StatementPlan[]> {
    this.recorded.length = 0;
    // The server hands out sealed cursors; the store's own search takes them open.
    const { rows: secret } = await this.pool.query<{ value: string }>("SELECT value FROM meta WHERE key = 'secret:sealing'");
    const keys = new ResellerKeys(Buffer.from(secret[0]?.value ?? '', 'hex'));
    for (const query of queries) {
      const opened = query.cursor === undefined ? query : { ...query, cursor: keys.open(this.resellerId, query.cursor) };
      const parsed = { ...OrdersQuery.parse(opened), limit: LIMITS.ordersPageDefault };
      const recorded = this.recorded.length;
      await searchOrders(this.pool, this.resellerId, parsed);
      this.recorded.length = recorded;
      await searchOrders(this.view, this.resellerId, parsed);
    }
    const seen = new Set<string>();
    const plans: StatementPlan[] = [];
    for (const { sql, params } of this.recorded.filter(({ sql }) => !seen.has(sql) && seen.add(sql))) {
      const { rows } = await this.pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
      plans.push({ sql: `${oneLine(sql)}  -- ${describeParams(params)}`, plan: rows.map((row) => row['QUERY PLAN']) });
    }
    return plans;
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

function describeParams(params: readonly unknown[]): string {
  const shown = params.map((value, i) => {
    const text = value instanceof Date ? value.toISOString() : JSON.stringify(value);
    return `$${i + 1}=${text.length > 40 ? `${text.slice(0, 39)}…` : text}`;
  });
  return shown.join(', ');
}

function oneLine(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim();
}
