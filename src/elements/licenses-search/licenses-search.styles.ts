import { css } from 'lit';

export const styles = css`
  :host {
    --column-min-width: 14rem;
  }
  .root {
    container-type: inline-size;
    display: flex;
    flex-direction: column;
    gap: var(--_s3);
  }
  .title {
    margin: 0;
    font-size: var(--_size-l);
    line-height: 1.3;
  }
  .form {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, var(--column-min-width)), 1fr));
    gap: var(--_s3);
    align-items: end;
    margin: 0;
    padding: var(--_s3);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_raised);
  }
  fieldset {
    margin: 0;
    padding: 0;
    border: 0;
  }
  legend {
    padding: 0;
    margin-bottom: var(--_s1);
  }
  .dates,
  .fragment {
    grid-column: 1 / -1;
  }
  .fragment {
    display: flex;
    flex-direction: column;
    gap: var(--_s1);
  }
  @container (min-width: 36rem) {
    .dates {
      grid-column: span 2;
    }
  }
  .pair {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: var(--_s2);
  }
  .field > label.sub {
    font-weight: 400;
    color: var(--_muted);
  }
  .note:empty {
    display: none;
  }
  .field-error .btn {
    margin-inline-start: var(--_s1);
  }
  .actions {
    grid-column: 1 / -1;
    display: flex;
    flex-wrap: wrap;
    gap: var(--_s2);
  }
  .export {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_s2) var(--_s3);
  }
  .export .label {
    flex: 1 1 100%;
  }
  progress {
    flex: 1 1 12rem;
    height: 0.75rem;
    accent-color: var(--_accent);
  }
  .export-note {
    margin: 0;
  }
  .results {
    display: flex;
    flex-direction: column;
    gap: var(--_s2);
    min-height: 16rem;
  }
  .total {
    margin: 0;
    min-height: calc(var(--_lh) * 1em);
    font-weight: 600;
  }
  .tiles {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: var(--_s2);
  }
  /* Dim only a search that takes a moment, so quick ones do not flicker; undim at once. */
  .stale .tiles {
    opacity: 0.55;
    transition: opacity 0.15s ease-in 0.1s;
  }
  .placeholder {
    height: 5.5rem;
    border-radius: var(--_radius);
    background: var(--_sunken);
    animation: pulse 1.2s ease-in-out infinite alternate;
  }
  @keyframes pulse {
    to {
      opacity: 0.5;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .placeholder {
      animation: none;
    }
    .stale .tiles {
      transition: none;
    }
  }
  .more {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_s2);
    margin: 0;
  }
  .empty {
    padding: var(--_s4) var(--_s3);
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
    text-align: center;
  }
  .empty p {
    margin: 0;
  }
  .empty .btn {
    margin-top: var(--_s3);
  }
  .empty-title {
    font-weight: 600;
    margin-bottom: var(--_s1) !important;
  }
  .message p {
    margin: var(--_s1) 0 var(--_s2);
  }
`;
