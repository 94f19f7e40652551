/**
 * How the Actions panel shows an element's event: its type and its `detail`, which Storybook
 * cannot read from the event itself (the panel gets no getters, only `isTrusted`).
 */

/** What the Actions panel shows for an event: its type and detail (a CustomEvent's, or null). */
export interface LoggedEvent {
  type: string;
  detail: unknown;
}

/** An Event as `{ type, detail }`; anything else as it is. */
export function loggable(value: unknown): unknown {
  if (typeof Event === 'undefined' || !(value instanceof Event)) return value;
  const detail = 'detail' in value ? (value as { detail: unknown }).detail : null;
  return { type: value.type, detail: detail ?? null } satisfies LoggedEvent;
}
