import { css } from 'lit';

/**
 * The page-level working views (`<licenses-renewals>`, `<bulk-jobs>`): a heading, a toolbar
 * of fields and buttons, data tables that scroll sideways on a phone, a pager, a job's
 * progress and the summaries above the tables.
 */
export const workStyles = css`
  .root {
    container-type: inline-size;
  }
  .root > * + *,
  section > * + * {
    margin-block-start: var(--_s3);
  }
  h2,
  h3 {
    margin: 0;
    font-weight: 600;
    line-height: 1.3;
  }
  h2 {
    font-size: var(--_size-l);
  }
  h3 {
    font-size: var(--_size);
  }
  p {
    margin: 0;
  }
  .toolbar,
  .pager,
  .selection {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: var(--_s2) var(--_s3);
  }
  .pager {
    align-items: center;
    justify-content: flex-end;
  }
  .scroller {
    max-height: var(--viewport-height, 32rem);
    overflow: auto;
    border: 1px solid var(--_border);
    border-radius: var(--_radius-s);
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: var(--_size-s);
  }
  th,
  td {
    padding: var(--_s1) var(--_s2);
    text-align: start;
    vertical-align: top;
    border-bottom: 1px solid var(--_border);
    font-weight: 400;
  }
  thead th {
    position: sticky;
    top: 0;
    z-index: 1;
    font-weight: 600;
    background: var(--_raised);
  }
  .num {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .mono {
    font-family: var(--_font-mono);
  }
  tr.flagged,
  tr.failed {
    background: color-mix(in srgb, var(--_danger) 8%, transparent);
  }
  .problem {
    color: var(--_danger);
  }
  .summary.warn {
    font-weight: 600;
  }
  .job {
    display: grid;
    gap: var(--_s1);
  }
  progress {
    width: 100%;
    height: 0.75rem;
    accent-color: var(--_accent);
  }
  .totals {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
    gap: var(--_s3);
  }
  .group {
    padding: var(--_s3);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-s);
    background: var(--_surface);
  }
  .group strong {
    display: block;
    font-size: var(--_size-l);
  }
  .recent ul {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .recent li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_s2);
    padding-block: var(--_s1);
  }
  fieldset {
    min-width: 0;
    margin: 0;
    padding: 0;
    border: 0;
  }
  legend {
    padding: 0;
    font-size: var(--_size-s);
    font-weight: 600;
  }
  .choice {
    display: inline-flex;
    align-items: center;
    gap: var(--_s1);
    margin-inline-end: var(--_s3);
  }
  .mono {
    white-space: nowrap;
  }
  @container (max-width: 30rem) {
    /* On a phone the table keeps readable columns and scrolls sideways in its region. */
    table {
      min-width: 40rem;
    }
    /* The caption wraps within the region's width from its start, not centred over the wider table. */
    caption {
      inline-size: calc(100cqi - 2px);
      text-align: start;
      padding-inline: var(--_s2);
    }
    /* Words stay whole (an email is not broken letter by letter): the table grows and scrolls instead. */
    th.wrap,
    td.wrap {
      overflow-wrap: break-word;
    }
    .toolbar > *,
    .selection > * {
      flex: 1 1 100%;
    }
    .toolbar .btn,
    .selection .btn {
      width: 100%;
      min-height: 2.75rem;
    }
  }
`;
