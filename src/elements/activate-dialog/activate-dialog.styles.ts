import { css } from 'lit';

export const styles = css`
  .pair {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
    gap: var(--_s3);
  }
  .hint {
    font-size: var(--_size-s);
  }
  select.input {
    padding-inline-end: var(--_s1);
  }
  /* The suggestions lie over what follows the email field instead of pushing it down: in
     the flow, closing them (the field loses focus on a press elsewhere) shrank the dialog,
     which re-centred, and the press's release landed beside what was pressed. They hang
     from the input's lower edge: placed by the field, a flex column, they started at its
     top and covered its label and hint. */
  .combo {
    position: relative;
  }
  .suggestions {
    position: absolute;
    top: calc(100% + 2px);
    inset-inline: 0;
    z-index: 1;
    box-shadow: var(--_shadow);
    margin: 0;
    padding: var(--_s1) 0;
    list-style: none;
    max-height: 16rem;
    overflow: auto;
    border: 1px solid var(--_border);
    border-radius: var(--_radius-s);
    background: var(--_surface);
  }
  .suggestion {
    display: flex;
    flex-direction: column;
    padding: var(--_s1) var(--_s2);
    cursor: pointer;
    line-height: 1.35;
  }
  .suggestion:hover {
    background: var(--_raised);
  }
  .suggestion[aria-selected='true'] {
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .suggestion[aria-selected='true'] .muted {
    color: inherit;
  }
  .suggestion .muted {
    font-size: var(--_size-s);
  }
`;
