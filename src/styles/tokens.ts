import { css } from 'lit';

/**
 * The kit-wide design tokens. A page themes every element by setting these custom
 * properties on any ancestor; each has a light and a dark default, chosen by
 * `--ld-color-scheme` (`light dark` by default: follows the user's preference).
 *
 * The list of tokens is public API: `TOKENS` below is checked against every use.
 */
export const TOKENS = [
  '--ld-color-scheme',
  '--ld-font-family',
  '--ld-font-family-mono',
  '--ld-font-size',
  '--ld-font-size-small',
  '--ld-font-size-large',
  '--ld-line-height',
  '--ld-color-text',
  '--ld-color-text-muted',
  '--ld-color-surface',
  '--ld-color-surface-raised',
  '--ld-color-surface-sunken',
  '--ld-color-border',
  '--ld-color-accent',
  '--ld-color-accent-text',
  '--ld-color-focus',
  '--ld-color-success',
  '--ld-color-danger',
  '--ld-color-warning',
  '--ld-radius',
  '--ld-radius-small',
  '--ld-space-1',
  '--ld-space-2',
  '--ld-space-3',
  '--ld-space-4',
  '--ld-shadow',
  '--ld-backdrop',
] as const;

/**
 * Resolves each token to an internal `--_` variable with its default, once, on the host.
 * Element styles use only the `--_` names, so a token changed on any ancestor applies.
 */
export const tokens = css`
  :host {
    color-scheme: var(--ld-color-scheme, light dark);
    --_font: var(--ld-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_font-mono: var(--ld-font-family-mono, ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace);
    --_size: var(--ld-font-size, 0.9375rem);
    --_size-s: var(--ld-font-size-small, 0.8125rem);
    --_size-l: var(--ld-font-size-large, 1.125rem);
    --_lh: var(--ld-line-height, 1.5);
    --_text: var(--ld-color-text, light-dark(#1d2330, #e7eaf0));
    --_muted: var(--ld-color-text-muted, light-dark(#566073, #a3acbd));
    --_surface: var(--ld-color-surface, light-dark(#ffffff, #161a22));
    --_raised: var(--ld-color-surface-raised, light-dark(#f6f7f9, #1f2430));
    --_sunken: var(--ld-color-surface-sunken, light-dark(#eef0f4, #10131a));
    --_border: var(--ld-color-border, light-dark(#c9ced8, #3a4252));
    --_accent: var(--ld-color-accent, light-dark(#0b5cad, #6fb1ff));
    --_on-accent: var(--ld-color-accent-text, light-dark(#ffffff, #0b1420));
    --_focus: var(--ld-color-focus, light-dark(#0b5cad, #8cc2ff));
    --_success: var(--ld-color-success, light-dark(#1f7a3a, #6fd38f));
    --_danger: var(--ld-color-danger, light-dark(#b3261e, #ff8a80));
    --_warning: var(--ld-color-warning, light-dark(#8a5a00, #f5c163));
    --_radius: var(--ld-radius, 8px);
    --_radius-s: var(--ld-radius-small, 4px);
    --_s1: var(--ld-space-1, 0.25rem);
    --_s2: var(--ld-space-2, 0.5rem);
    --_s3: var(--ld-space-3, 1rem);
    --_s4: var(--ld-space-4, 1.5rem);
    --_shadow: var(--ld-shadow, 0 1px 2px rgb(0 0 0 / 0.08), 0 2px 8px rgb(0 0 0 / 0.06));
    --_backdrop: var(--ld-backdrop, rgb(10 14 22 / 0.55));
  }
`;

/**
 * The base every element starts from: tokens, and a root that resets what inherits from
 * the host page (font, colour, spacing, transforms), so the page's CSS cannot reach inside.
 * Render everything inside one element with class `root`.
 */
export const base = css`
  ${tokens}
  :host {
    display: block;
    box-sizing: border-box;
  }
  :host([hidden]) {
    display: none !important;
  }
  .root {
    font-family: var(--_font);
    font-size: var(--_size);
    font-weight: 400;
    font-style: normal;
    line-height: var(--_lh);
    color: var(--_text);
    letter-spacing: normal;
    word-spacing: normal;
    text-align: start;
    text-transform: none;
    text-indent: 0;
    text-shadow: none;
    white-space: normal;
    visibility: visible;
    cursor: auto;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  [hidden] {
    display: none !important;
  }
  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
  /* Long hostile strings must wrap instead of pushing the layout apart. */
  .wrap {
    overflow-wrap: anywhere;
    unicode-bidi: isolate;
  }
`;
