import { css } from 'lit';

/** The modal box, its header, radio groups and button row, shared by the kit's dialogs. */
export const dialogStyles = css`
  dialog {
    width: min(34rem, calc(100vw - 2 * var(--_s3)));
    max-width: none;
    max-height: calc(100dvh - 2 * var(--_s3));
    padding: 0;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    box-shadow: var(--_shadow);
    overflow: auto;
    overscroll-behavior: contain;
  }
  dialog::backdrop {
    background: var(--_backdrop);
  }
  .panel {
    padding: var(--_s4);
  }
  .panel > * + *,
  form > * + * {
    margin-block-start: var(--_s3);
  }
  .status:empty {
    margin: 0;
  }
  h2 {
    margin: 0;
    font-size: var(--_size-l);
    font-weight: 600;
    line-height: 1.3;
  }
  :where(p) {
    margin: 0;
  }
  .code {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--_s2);
    margin-block-start: var(--_s1);
    font-size: var(--_size-s);
  }
  .mono {
    font-family: var(--_font-mono);
  }
  .message > * + * {
    margin-block-start: var(--_s1);
  }
  fieldset {
    min-width: 0;
    margin-inline: 0;
    padding: 0;
    border: 0;
  }
  legend {
    padding: 0;
    margin-block-end: var(--_s1);
    font-size: var(--_size-s);
    font-weight: 600;
  }
  .choice {
    display: flex;
    align-items: flex-start;
    gap: var(--_s2);
    padding-block: var(--_s1);
    cursor: pointer;
  }
  .choice input {
    flex: none;
    width: 1.125rem;
    height: 1.125rem;
    margin-block-start: 0.125rem;
    accent-color: var(--_accent);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: var(--_s2);
  }
  /* A phone gets a full-width sheet along the bottom edge. */
  @media (max-width: 30rem) {
    dialog {
      width: 100%;
      max-height: 92dvh;
      margin: auto 0 0;
      border-inline: 0;
      border-block-end: 0;
      border-radius: var(--_radius) var(--_radius) 0 0;
    }
    .panel {
      padding: var(--_s3);
    }
    /* The buttons stay in reach while a long form scrolls. */
    .actions {
      flex-direction: column-reverse;
      position: sticky;
      bottom: calc(-1 * var(--_s3));
      margin-inline: calc(-1 * var(--_s3));
      padding: var(--_s2) var(--_s3) var(--_s3);
      background: var(--_surface);
    }
    .actions .btn {
      width: 100%;
      min-height: 2.75rem;
    }
  }
`;
