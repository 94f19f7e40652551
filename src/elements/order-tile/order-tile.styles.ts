import { css } from 'lit';

export const styles = css`
  :host {
    --tile-accent: var(--_accent);
  }
  .tile {
    container-type: inline-size;
    border: 1px solid var(--_border);
    border-inline-start: 4px solid var(--tile-accent);
    border-radius: var(--_radius);
    background: var(--_surface);
    box-shadow: var(--_shadow);
    min-width: 0;
  }
  .tile.refunded {
    --tile-accent: var(--_warning);
    background: var(--_raised);
  }
  .tile.placeholder {
    display: flex;
    align-items: center;
    min-height: 5.5rem;
    padding: var(--_s3);
  }
  .header {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    grid-template-areas:
      'product toggle'
      'facts toggle';
    gap: var(--_s2) var(--_s3);
    padding: var(--_s3);
    align-items: center;
  }
  .product {
    grid-area: product;
    margin: 0;
    font-size: var(--_size-l);
    font-weight: 600;
    line-height: 1.3;
  }
  .facts {
    grid-area: facts;
    display: flex;
    flex-wrap: wrap;
    gap: var(--_s2) var(--_s4);
    margin: 0;
  }
  .fact {
    min-width: 0;
  }
  .facts .number {
    max-width: 100%;
  }
  dt {
    font-size: var(--_size-s);
    color: var(--_muted);
  }
  dd {
    margin: 0;
    font-weight: 500;
  }
  .count dd {
    font-variant-numeric: tabular-nums;
  }
  .badge {
    display: inline-block;
    padding: 0 var(--_s2);
    border: 1px solid currentColor;
    border-radius: 999px;
    font-size: var(--_size-s);
    font-weight: 600;
    line-height: 1.6;
  }
  .badge.processed {
    color: var(--_success);
  }
  .badge.refunded {
    color: var(--_warning);
  }
  .toggle {
    grid-area: toggle;
    display: grid;
    place-items: center;
    width: 2.75rem;
    height: 2.75rem;
    padding: 0;
    border: 1px solid var(--_border);
    border-radius: 50%;
    background: var(--_surface);
    color: var(--_text);
    cursor: pointer;
  }
  /* Wide tiles: the same columns in every tile, so a list of orders reads as a table. */
  @container (min-width: 48rem) {
    .facts {
      display: grid;
      grid-template-columns: minmax(0, 1.2fr) minmax(0, 1.4fr) minmax(0, 0.6fr) minmax(0, 0.9fr) minmax(0, 0.9fr);
    }
  }
  @container (max-width: 32rem) {
    .toggle {
      align-self: start;
    }
    .facts {
      display: grid;
      grid-template-columns: repeat(2, minmax(0, 1fr));
    }
    .facts .number,
    .facts .date {
      grid-column: 1 / -1;
    }
  }
  .toggle:hover {
    background: var(--_raised);
  }
  .toggle svg {
    transition: transform 0.15s ease-out;
  }
  .toggle[aria-expanded='true'] svg {
    transform: rotate(180deg);
  }
  @media (prefers-reduced-motion: reduce) {
    .toggle svg {
      transition: none;
    }
  }
  .details {
    display: flex;
    flex-direction: column;
    gap: var(--_s3);
    padding: var(--_s3);
    border-top: 1px solid var(--_border);
  }
  /* A wide table scrolls inside its section instead of widening the tile. */
  .details > *,
  .codes > * {
    min-width: 0;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_s2);
  }
  .note {
    margin: 0;
  }
  .note:empty {
    display: none;
  }
  .note.error {
    color: var(--_danger);
  }
  .section-head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_s2);
    margin-bottom: var(--_s2);
  }
  .section-title {
    margin: 0 0 var(--_s2);
    font-size: var(--_size);
  }
  .section-head .section-title {
    margin: 0;
  }
  .order-facts {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 11rem), 1fr));
    gap: var(--_s2) var(--_s3);
    margin: 0;
  }
  .count {
    margin: 0 0 var(--_s2);
  }
  .table-wrap {
    overflow-x: auto;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: var(--_size-s);
  }
  th,
  td {
    padding: var(--_s1) var(--_s2);
    border-bottom: 1px solid var(--_border);
    text-align: start;
  }
  th {
    color: var(--_muted);
    font-weight: 600;
    white-space: nowrap;
  }
  /* Narrow tiles show each code as a small block of labelled lines. */
  @container (max-width: 36rem) {
    table,
    tbody,
    tr,
    td {
      display: block;
    }
    thead {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
    }
    tr {
      padding: var(--_s2) 0;
      border-bottom: 1px solid var(--_border);
    }
    td {
      padding: 2px 0;
      border: 0;
    }
    td::before {
      content: attr(data-label) / '';
      display: block;
      color: var(--_muted);
      font-weight: 600;
    }
  }
  .cell {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_s1) var(--_s2);
  }
  .code {
    font-family: var(--_font-mono);
  }
  .link {
    color: var(--_accent);
    min-width: 0;
  }
  .export {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_s2);
    margin-top: var(--_s2);
  }
  .export .label {
    flex: 1 1 100%;
  }
  progress {
    flex: 1 1 10rem;
    accent-color: var(--_accent);
  }
  .export-note {
    margin: var(--_s2) 0 0;
  }
  .message p {
    margin: var(--_s1) 0 var(--_s2);
  }
  .keys #keys:not([hidden]) {
    margin-top: var(--_s3);
  }
`;
