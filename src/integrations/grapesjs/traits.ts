/**
 * GrapesJS settings fields (traits) from the elements' attributes as custom-elements.json
 * describes them: strings as text, numbers as number, booleans as checkbox, a union of
 * string literals (or a DOM enumeration such as `RequestCredentials`) as select.
 */

/** One HTML attribute of an element, as the manifest gives it. */
export interface KitAttribute {
  name: string;
  /** The TypeScript type text, e.g. `string | null`, `boolean`, `'a' | 'b'`. */
  type: string;
  description: string;
}

/** One element of the kit, as the manifest gives it. */
export interface KitElement {
  tagName: string;
  summary: string;
  attributes: KitAttribute[];
}

/** A settings field, in the shape GrapesJS's trait manager takes. */
export interface KitTrait {
  type: 'text' | 'number' | 'checkbox' | 'select';
  name: string;
  label: string;
  /** Shown as the field's tooltip in the settings panel. */
  attributes: { title: string };
  options?: { id: string; label: string }[];
}

/**
 * Attributes left out of the settings panel. A page builder publishes what it edits to
 * every visitor, and `token` puts a bearer token into the page (the provider's docs say it
 * is for demos only): a builder's users get `api-base` behind a proxy that adds it instead.
 */
export const UNEDITABLE_ATTRIBUTES: ReadonlySet<string> = new Set(['token']);

/** The values of DOM enumerations that the elements' attributes use by name. */
const DOM_ENUMERATIONS: Readonly<Record<string, string[]>> = {
  RequestCredentials: ['omit', 'same-origin', 'include'],
};

/** The allowed values of an attribute's type, or null when it takes any text. */
export function enumeration(type: string): string[] | null {
  const members = type.split('|').map((t) => t.trim()).filter((t) => t !== 'null' && t !== 'undefined');
  const literals = members.map((t) => /^'([^']*)'$|^"([^"]*)"$/.exec(t)).map((m) => (m ? (m[1] ?? m[2])! : null));
  if (members.length > 0 && literals.every((l) => l !== null)) return literals as string[];
  return members.length === 1 ? (DOM_ENUMERATIONS[members[0]!] ?? null) : null;
}

/** The settings field for one attribute. */
export function traitFor(attribute: KitAttribute): KitTrait {
  const base = { name: attribute.name, label: attribute.name, attributes: { title: attribute.description } };
  const values = enumeration(attribute.type);
  if (values) {
    // The empty choice leaves the attribute out, so the element's own default applies.
    return { ...base, type: 'select', options: [{ id: '', label: '(default)' }, ...values.map((v) => ({ id: v, label: v }))] };
  }
  const members = attribute.type.split('|').map((t) => t.trim());
  if (members.includes('boolean')) return { ...base, type: 'checkbox' };
  if (members.includes('number')) return { ...base, type: 'number' };
  return { ...base, type: 'text' };
}

/** The settings fields of an element, in the manifest's order. */
export function traitsFor(element: KitElement): KitTrait[] {
  return element.attributes.filter((a) => !UNEDITABLE_ATTRIBUTES.has(a.name)).map(traitFor);
}
