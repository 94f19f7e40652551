import { css } from 'lit';

/**
 * A page-level element drawn as a card: the customer's activation page and the buy page.
 * It comes after `dialogStyles`, whose heading, paragraph, form and button rules it uses.
 */
export const cardStyles = css`
  .card {
    container-type: inline-size;
    max-width: 40rem;
    padding: var(--_s4);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    box-shadow: var(--_shadow);
  }
  .card > * + * {
    margin-block-start: var(--_s3);
  }
  .facts {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
    gap: var(--_s2) var(--_s4);
    margin: 0;
  }
  .facts dt {
    font-size: var(--_size-s);
    color: var(--_muted);
  }
  .facts dd {
    margin: 0;
    font-weight: 500;
  }
  .status:empty {
    display: none;
  }
  .actions {
    justify-content: flex-start;
  }
  @container (max-width: 30rem) {
    .card {
      padding: var(--_s3);
    }
    .actions .btn {
      width: 100%;
      min-height: 2.75rem;
    }
  }
`;
