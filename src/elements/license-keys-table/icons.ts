/**
 * The table's icons, drawn by CSS: `<span class="icon i-copy"></span>` is one empty element
 * whose colour (`currentColor`) shows through the icon's shape as a mask. Inline SVG cost
 * every row four SVG trees (an element, its shapes and a template part each) to build,
 * style and lay out; a masked span costs one box, and themes recolour it as before.
 */
import { css, unsafeCSS } from 'lit';

const LINK = `<path d='M6.5 9.5l3-3'/><path d='M7.5 4.5l1-1a2.5 2.5 0 0 1 3.5 3.5l-1 1'/><path d='M8.5 11.5l-1 1a2.5 2.5 0 0 1-3.5-3.5l1-1'/>`;

/** Each icon's shapes on a 16 × 16 grid, stroked 1.5 wide with round ends (the dots of `more` are such ends). */
const SHAPES = {
  copy: `<rect x='5.5' y='5.5' width='8' height='8' rx='1.5'/><path d='M10.5 3.5v-.5a1 1 0 0 0-1-1h-6a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h.5'/>`,
  link: LINK,
  /** The link struck through: a void code's link. */
  void: `${LINK}<path d='M2.5 2.5l11 11'/>`,
  done: `<path d='M3 8.5l3 3 7-7'/>`,
  more: `<path d='M3.5 8h0M8 8h0M12.5 8h0' stroke-width='2.5'/>`,
  edit: `<path d='M10.5 3.5l2 2-6.5 6.5-2.75.75.75-2.75z'/>`,
  sort: `<path d='M5 6.5l3-3 3 3'/><path d='M5 9.5l3 3 3-3'/>`,
  up: `<path d='M4.5 10l3.5-4 3.5 4'/>`,
  down: `<path d='M4.5 6l3.5 4 3.5-4'/>`,
} as const;

export type IconName = keyof typeof SHAPES;

function maskUrl(shapes: string): string {
  const svg = `<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16' fill='none' stroke='black' stroke-width='1.5' stroke-linecap='round' stroke-linejoin='round'>${shapes}</svg>`;
  return `url("data:image/svg+xml,${encodeURIComponent(svg)}")`;
}

/** `.icon` and one `.i-<name>` class per icon. */
export const iconStyles = css`
  .icon {
    display: inline-block;
    width: 1rem;
    height: 1rem;
    background: currentColor;
    mask: var(--_icon);
    /* In forced colours the background would become the page's: it is the icon's ink. */
    forced-color-adjust: none;
  }
  ${unsafeCSS(Object.entries(SHAPES).map(([name, shapes]) => `.i-${name}{--_icon:${maskUrl(shapes)}}`).join(''))}
`;
