/**
 * Reading request bodies safely: every way a body can be malformed becomes a 4xx problem,
 * never a 500. What the body must hold is checked by the service, with the contract's schemas.
 */
import type { Context } from 'hono';
import { fieldProblem, ProblemError } from './problems.js';

/** The request body as JSON, or undefined when there is none; 415 unless it is sent as JSON. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.length === 0) return undefined;
  if (!isJsonType(c.req.header('Content-Type'))) {
    throw new ProblemError('unsupported_media_type', 'Send the body as application/json');
  }
  try {
    return JSON.parse(text);
  } catch {
    // The parser's message quotes the body; the sender has it already, and a log has no use for it.
    throw fieldProblem('', 'The body is not valid JSON');
  }
}

function isJsonType(header: string | undefined): boolean {
  const type = (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}
