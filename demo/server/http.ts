/**
 * Reading requests safely: query strings and JSON bodies are validated with the contract's
 * schemas, and every way a request can be malformed becomes a 4xx problem, never a 500.
 */
import type { Context } from 'hono';
import * as z from 'zod/mini';
import { IdempotencyKey } from '../../src/api/contract/schemas.js';
import { fieldProblem, ProblemError, validationProblem } from './problems.js';

/** The query string validated by `schema`; a repeated parameter is a 400. */
export function parseQuery<T extends z.ZodMiniType>(c: Context, schema: T): z.output<T> {
  const params = new URL(c.req.url).searchParams;
  const query: Record<string, string> = {};
  for (const [name, value] of params) {
    if (Object.hasOwn(query, name)) throw fieldProblem(name, 'Give this parameter once');
    query[name] = value;
  }
  const result = schema.safeParse(query);
  if (!result.success) throw validationProblem(result.error.issues);
  return result.data;
}

/** The request body as JSON, or undefined when there is none; 415 unless it is sent as JSON. */
export async function readJson(c: Context, required: boolean): Promise<unknown> {
  const text = await c.req.text();
  if (text.length === 0 && !required) return undefined;
  if (!isJsonType(c.req.header('Content-Type'))) {
    throw new ProblemError('unsupported_media_type', 'Send the body as application/json');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : 'Malformed JSON';
    throw fieldProblem('', `The body is not valid JSON: ${reason}`);
  }
}

/** The JSON body validated by `schema`. */
export async function readBody<T extends z.ZodMiniType>(c: Context, schema: T): Promise<{ raw: unknown; value: z.output<T> }> {
  const raw = await readJson(c, true);
  const result = schema.safeParse(raw);
  if (!result.success) throw validationProblem(result.error.issues);
  return { raw, value: result.data };
}

/** The Idempotency-Key header, validated, or undefined when none was sent. */
export function idempotencyKey(c: Context): string | undefined {
  const key = c.req.header('Idempotency-Key');
  if (key === undefined) return undefined;
  const result = IdempotencyKey.safeParse(key);
  if (!result.success) throw fieldProblem('Idempotency-Key', 'Use 1 to 255 visible ASCII characters');
  return result.data;
}

function isJsonType(header: string | undefined): boolean {
  const type = (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}
