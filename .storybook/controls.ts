/**
 * Which rows of an element's args table get a control. The rows come from
 * custom-elements.json; Storybook gives every row it cannot type a "Set object" control,
 * even events, parts and slots, where nothing can be set. This keeps the controls that
 * do something: attributes and properties of a plain type (text, number, boolean, a union
 * of literals). A control a story or component sets itself is left as it is, except that
 * `control: false` also shows no control (Storybook offers "Setup controls" there instead).
 */
import type { ArgTypesEnhancer, Renderer } from 'storybook/internal/types';

/** The args table's categories (as @storybook/web-components names them) that describe, not set. */
const DESCRIPTIVE = new Set(['events', 'slots', 'css shadow parts', 'css custom properties']);

const PLAIN = /^(?:string|number|boolean|null|undefined|'[^']*'|"[^"]*"|-?\d+(?:\.\d+)?)$/;

/** Whether a TypeScript type (`string | null`, `'a' | 'b'`) can be given in a control. */
export function plainType(text: string | undefined): boolean {
  if (!text) return false;
  return text.split('|').every((part) => PLAIN.test(part.trim()));
}

type Row = { control?: unknown; options?: unknown; table?: { category?: string; type?: { summary?: string } } };

/** A control for a plain TypeScript type Storybook does not map itself (`string | null`, `'a' | 'b'`). */
function plainControl(text: string): Pick<Row, 'control' | 'options'> | null {
  const parts = text.split('|').map((p) => p.trim()).filter((p) => p !== 'null' && p !== 'undefined');
  if (parts.length === 1 && parts[0] === 'string') return { control: { type: 'text' } };
  if (parts.length === 1 && parts[0] === 'number') return { control: { type: 'number' } };
  if (parts.length === 1 && parts[0] === 'boolean') return { control: { type: 'boolean' } };
  if (parts.length > 0 && parts.every((p) => /^(['"]).*\1$/.test(p))) return { control: { type: 'select' }, options: parts.map((p) => p.slice(1, -1)) };
  return null;
}

/** The control of a row of the args table: none where nothing can be set, or undefined to leave it to Storybook. */
export function controlOf(argType: Row): Pick<Row, 'control' | 'options'> | undefined {
  const none = { control: { disable: true } };
  if (argType.control === false) return none;
  if (argType.control !== undefined) return undefined;
  const category = argType.table?.category;
  if (category === undefined) return undefined;
  if (DESCRIPTIVE.has(category)) return none;
  if (category !== 'properties' && category !== 'attributes') return undefined;
  const type = argType.table?.type?.summary;
  if (!plainType(type)) return none;
  return plainControl(type!) ?? none;
}

export const controlsThatMakeSense: ArgTypesEnhancer<Renderer> = ({ argTypes }) =>
  Object.fromEntries(
    Object.entries(argTypes).map(([name, argType]) => {
      // `disable` shows a plain dash, where `control: false` would offer "Setup controls".
      const control = controlOf(argType as Row);
      return [name, control ? { ...argType, ...control } : argType];
    }),
  ) as typeof argTypes;
