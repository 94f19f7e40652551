import { css } from 'lit';

export const styles = css`
  .url {
    padding: var(--_s2) var(--_s3);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-s);
    background: var(--_sunken);
    font-family: var(--_font-mono);
    font-size: var(--_size-s);
  }
  .url a {
    color: var(--_accent);
  }
  .note {
    align-self: center;
    margin-inline-end: auto;
    color: var(--_success);
    font-size: var(--_size-s);
  }
  .note.failed {
    color: var(--_danger);
  }
  @media (max-width: 30rem) {
    .note {
      margin-inline-end: 0;
      text-align: center;
    }
  }
`;
