/**
 * The table's icons, drawn by CSS: `<span class="icon i-copy"></span>` is one empty element
 * whose borders, and those of its `::before` and `::after`, draw the icon's strokes in its
 * colour (`currentColor`), so themes recolour it. Inline SVG cost every row four SVG trees
 * (an element, its shapes and a template part each) to build, style and lay out. An SVG
 * shape as a mask over the span's colour cost one box, but each masked icon is painted
 * through a layer of its own: with software rasterizing (headless Chromium, many virtual
 * machines), painting a window of rows took twice as long with the masks as without them
 * (6.5 against 3.2 to 4.1 ms in a trace of first frames at 1,000 rows), a quarter of the
 * table's first frame. Borders paint as plain strokes.
 *
 * Each icon keeps the 16 × 16 grid of the shapes it replaces, its strokes a tenth of a rem:
 * `copy` two sheets, `link` two links of a chain, `void` the chain struck through, `done`
 * a check, `more` three dots, `edit` a pencil, `sort` both chevrons, `up` and `down` one.
 */
import { css } from 'lit';

/** `.icon` and one `.i-<name>` class per icon. */
export const iconStyles = css`
  .icon {
    position: relative;
    display: inline-block;
    flex: none;
    width: 1rem;
    height: 1rem;
    /* In forced colours the strokes keep the text's colour, as the text does. */
    forced-color-adjust: none;
    --_stroke: 0.1rem;
  }
  /* Each icon sets \`content\` on the pseudo-elements it draws with: one left without makes no box to style and lay out. */
  .icon::before,
  .icon::after {
    position: absolute;
    box-sizing: border-box;
    border: 0 solid currentColor;
  }
  .i-copy::before {
    content: '';
    inset: 30% 11% 11% 30%;
    border-width: var(--_stroke);
    border-radius: var(--_stroke);
  }
  .i-copy::after {
    content: '';
    inset: 11% 30% 30% 11%;
    border-width: var(--_stroke) 0 0 var(--_stroke);
    border-top-left-radius: var(--_stroke);
  }
  .i-link::before,
  .i-link::after,
  .i-void::before,
  .i-void::after {
    content: '';
    width: 52%;
    height: 32%;
    border-width: var(--_stroke);
    border-radius: 1rem;
    transform: rotate(-45deg);
  }
  .i-link::before,
  .i-void::before {
    left: 8%;
    top: 44%;
  }
  .i-link::after,
  .i-void::after {
    left: 40%;
    top: 24%;
  }
  .i-void {
    background: linear-gradient(45deg, transparent calc(50% - 0.07rem), currentColor calc(50% - 0.05rem) calc(50% + 0.05rem), transparent calc(50% + 0.07rem))
      center / 75% 75% no-repeat;
  }
  .i-done::before {
    content: '';
    left: 34%;
    top: 14%;
    width: 32%;
    height: 56%;
    border-width: 0 var(--_stroke) var(--_stroke) 0;
    transform: rotate(45deg);
  }
  .i-more::before {
    content: '';
    left: calc(50% - 0.085rem);
    top: calc(50% - 0.085rem);
    width: 0.17rem;
    height: 0.17rem;
    border-radius: 50%;
    background: currentColor;
    box-shadow: -0.3rem 0 currentColor, 0.3rem 0 currentColor;
  }
  .i-edit::before {
    content: '';
    left: 38%;
    top: 12%;
    width: 28%;
    height: 64%;
    border-width: var(--_stroke);
    border-radius: 0.05rem;
    transform: rotate(45deg);
  }
  .i-edit::after {
    content: '';
    left: 18%;
    bottom: 22%;
    width: 22%;
    height: 22%;
    border-width: 0 0 var(--_stroke) var(--_stroke);
  }
  .i-sort::before,
  .i-up::before,
  .i-sort::after,
  .i-down::after {
    content: '';
    left: 34%;
    width: 32%;
    height: 32%;
    transform: rotate(45deg);
  }
  .i-sort::before,
  .i-up::before {
    top: 26%;
    border-width: var(--_stroke) 0 0 var(--_stroke);
  }
  .i-up::before {
    top: 38%;
  }
  .i-sort::after,
  .i-down::after {
    top: 44%;
    border-width: 0 var(--_stroke) var(--_stroke) 0;
  }
  .i-down::after {
    top: 30%;
  }
`;
