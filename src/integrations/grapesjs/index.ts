/**
 * The License Desk plugin for GrapesJS (0.21 and later): loads the kit into the canvas, adds a
 * block for each element and a component type for each tag, whose settings panel edits the
 * element's attributes, and keeps the exported HTML to the elements, their attributes and
 * their fallback text.
 *
 * ```js
 * import grapesjs from 'grapesjs';
 * import licenseDesk from 'license-desk/grapesjs';
 *
 * grapesjs.init({
 *   container: '#editor',
 *   plugins: [licenseDesk],
 *   pluginsOpts: { [licenseDesk]: { scriptUrl: '/license-desk/license-desk.js' } },
 * });
 * ```
 */
import { fallbackHtml } from '../fallback.js';
import { KIT_ELEMENTS } from './elements.js';
import { traitsFor, type KitElement } from './traits.js';

export { KIT_ELEMENTS } from './elements.js';
export { enumeration, traitFor, traitsFor, UNEDITABLE_ATTRIBUTES, type KitAttribute, type KitElement, type KitTrait } from './traits.js';

export interface LicenseDeskGrapesOptions {
  /**
   * The kit's single-file bundle (`dist/cdn/license-desk.js`, with its `chunks/` beside it)
   * as the site serves it; loaded into the canvas as a module script.
   * Default: `/license-desk/license-desk.js`.
   */
  scriptUrl?: string;
  /** The category of the blocks. Default: `License Desk`. */
  category?: string;
}

/** The parts of a GrapesJS editor the plugin uses. */
export interface GrapesEditorLike {
  Components: { addType(type: string, definition: object): unknown };
  Blocks: { add(id: string, block: object): unknown };
  on(event: string, callback: (payload: { window: Window }) => void): unknown;
}

const PROVIDER = 'licenses-provider';
const FALLBACK_TYPE = 'license-desk-fallback';
const KIT_TAGS = new Set(KIT_ELEMENTS.map((e) => e.tagName));
const SCRIPT_MARK = 'data-license-desk-loader';

const tagOf = (el: unknown): string => ((el as Element | null)?.tagName ?? '').toLowerCase();

/** A block's markup: the element inside a provider (the provider alone holds a search). */
function blockContent(tag: string): string {
  const inner = tag === PROVIDER ? 'licenses-search' : tag;
  return `<${PROVIDER}><${inner}>${fallbackHtml(inner)}</${inner}></${PROVIDER}>`;
}

/** The parts of a GrapesJS component that the export uses. */
interface ComponentLike {
  get(property: 'attributes'): Record<string, unknown>;
  getAttributes(): Record<string, unknown>;
  getStyle(): Record<string, unknown>;
}

/** The `id` each component came with from its markup (GrapesJS adds one on selection). */
const authoredIds = new WeakMap<object, unknown>();

/**
 * The attributes to export: those the page's author set, less those that say nothing (an
 * emptied text field, the '(default)' choice of a select, an unticked checkbox: the
 * element's own default applies). An `id` the editor gave stays only when a style rule
 * needs it.
 */
function exportedAttributes(component: ComponentLike): Record<string, unknown> {
  const attributes = component.getAttributes();
  const styled = Object.keys(component.getStyle()).length > 0;
  if (!styled && authoredIds.get(component) === undefined) delete attributes.id;
  return Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== '' && v !== false && v != null));
}

function addElementType(editor: GrapesEditorLike, element: KitElement): void {
  editor.Components.addType(element.tagName, {
    isComponent: (el: unknown) => tagOf(el) === element.tagName,
    model: {
      defaults: {
        tagName: element.tagName,
        name: `<${element.tagName}>`,
        // The provider takes the other elements; the others hold only their fallback text.
        droppable: element.tagName === PROVIDER ? [...KIT_TAGS].filter((t) => t !== PROVIDER).join(', ') : false,
        traits: traitsFor(element),
      },
      init(this: ComponentLike) {
        authoredIds.set(this, this.get('attributes').id);
      },
      getAttrToHTML(this: ComponentLike) {
        return exportedAttributes(this);
      },
    },
  });
}

/**
 * The fallback text inside an element's tag: kept in the exported HTML, but not a part of
 * the page one selects, moves or edits in the canvas (the defined element hides it anyway).
 */
function addFallbackType(editor: GrapesEditorLike): void {
  const parentTag = (el: unknown) => tagOf((el as Element | null)?.parentElement ?? null);
  editor.Components.addType(FALLBACK_TYPE, {
    isComponent: (el: unknown) => tagOf(el) !== '' && !KIT_TAGS.has(tagOf(el)) && KIT_TAGS.has(parentTag(el)) && parentTag(el) !== PROVIDER,
    model: {
      defaults: {
        selectable: false,
        hoverable: false,
        highlightable: false,
        layerable: false,
        draggable: false,
        droppable: false,
        copyable: false,
        editable: false,
      },
    },
  });
}

/**
 * Loads the kit into each canvas frame once, as a module script. Added once the frame's head
 * is rendered: GrapesJS renders the head anew right after `canvas:frame:load`.
 */
function loadKitIntoCanvas(editor: GrapesEditorLike, scriptUrl: string): void {
  editor.on('canvas:frame:load:head', ({ window }) => {
    const doc = window.document;
    if (doc.querySelector(`script[${SCRIPT_MARK}]`)) return;
    const script = doc.createElement('script');
    script.type = 'module';
    script.src = new URL(scriptUrl, document.baseURI).href;
    script.setAttribute(SCRIPT_MARK, '');
    doc.head.append(script);
  });
}

export default function licenseDesk(editor: GrapesEditorLike, options: LicenseDeskGrapesOptions = {}): void {
  const { scriptUrl = '/license-desk/license-desk.js', category = 'License Desk' } = options;
  addFallbackType(editor);
  for (const element of KIT_ELEMENTS) {
    addElementType(editor, element);
    editor.Blocks.add(`license-desk-${element.tagName}`, {
      label: element.tagName === PROVIDER ? 'Licenses (provider and search)' : `<${element.tagName}>`,
      category,
      attributes: { title: element.summary },
      content: blockContent(element.tagName),
    });
  }
  loadKitIntoCanvas(editor, scriptUrl);
}
