/**
 * The Actions panel shows what an element's event says: its type and its `detail`. An
 * event itself reaches the panel as a class instance with none of its getters
 * (`{__isClassInstance__: true, isTrusted: true}`), so every action generated from
 * custom-elements.json logs `{ type, detail }` instead.
 */
import type { ArgsEnhancer, Renderer } from 'storybook/internal/types';
import { action } from 'storybook/actions';
import { loggable } from './event-log.js';

/** An action handler named `name` that logs each event as `{ type, detail }`. */
export function eventAction(name: string): (...args: unknown[]) => void {
  const log = action(name);
  const handler = (...args: unknown[]) => log(...args.map(loggable));
  return Object.assign(handler, { isAction: true });
}

/**
 * Runs after Storybook's own: every action it generated for an argType with `action` (the
 * elements' events, `onBuyMore` for `buy-more`) is replaced by one that logs the detail.
 * Functions a story passes itself stay as they are.
 */
export const logEventDetails: ArgsEnhancer<Renderer> = ({ initialArgs, argTypes, parameters }) => {
  if ((parameters.actions as { disable?: boolean } | undefined)?.disable) return {};
  const args: Record<string, unknown> = {};
  for (const [name, argType] of Object.entries(argTypes ?? {})) {
    if (!argType.action) continue;
    const current = initialArgs[name] as { isAction?: boolean } | undefined;
    if (current !== undefined && !current.isAction) continue;
    const actionName = typeof argType.action === 'string' ? argType.action : ((argType.action as { name?: string }).name ?? name);
    args[name] = eventAction(actionName);
  }
  return args;
};
