import { css } from 'lit';
import { controls } from '../../styles/controls.js';
import { base } from '../../styles/tokens.js';
import { iconStyles } from './icons.js';

export const styles = [
  base,
  controls,
  iconStyles,
  css`
    :host {
      --row-height: 2.75rem;
      --viewport-height: 30rem;
    }
    .root {
      position: relative;
      display: flex;
      flex-direction: column;
      gap: var(--_s2);
      min-width: 0;
      container-type: inline-size;
    }

    /* Toolbar */
    .toolbar {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-end;
      gap: var(--_s2) var(--_s3);
    }
    .toolbar .status-field {
      flex: 0 1 11rem;
    }
    .toolbar .search-field {
      flex: 1 1 14rem;
      max-width: 22rem;
    }
    .summary {
      display: flex;
      align-items: center;
      gap: var(--_s2);
      margin-inline-start: auto;
      min-height: 2.25rem;
      font-size: var(--_size-s);
      font-variant-numeric: tabular-nums;
    }
    progress {
      width: 6rem;
      height: 0.75rem;
      accent-color: var(--_accent);
    }
    .export {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_s2) var(--_s3);
      font-size: var(--_size-s);
    }
    .export progress {
      flex: 1 1 8rem;
      max-width: 16rem;
    }
    .export-note {
      margin: 0;
      font-size: var(--_size-s);
    }
    .message p {
      margin: var(--_s1) 0 var(--_s2);
    }
    @container (max-width: 36rem) {
      .toolbar .status-field,
      .toolbar .search-field {
        flex: 1 1 100%;
        max-width: none;
      }
      .summary {
        flex: 1 1 auto;
      }
    }

    /* Scroll container and table */
    .scroller {
      max-height: var(--viewport-height);
      overflow: auto;
      overscroll-behavior: contain;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    .scroller:focus-visible {
      outline-offset: 1px;
    }
    table {
      width: 100%;
      min-width: 70rem;
      table-layout: fixed;
      border-spacing: 0;
      color: var(--_text);
      font-size: var(--_size);
    }
    col.c-code {
      width: 16rem;
    }
    col.c-date {
      width: 8.5rem;
    }
    col.c-bool {
      width: 9.5rem;
    }
    col.c-actions {
      width: 5.5rem;
    }
    col.c-company {
      width: 12rem;
    }
    col.c-status {
      width: 7.5rem;
    }
    col.c-customer {
      width: 16rem;
    }
    .customer-line {
      display: flex;
      align-items: center;
      gap: var(--_s1);
      min-width: 0;
    }
    .customer {
      flex: 1 1 auto;
      min-width: 0;
    }
    .organization,
    .email {
      unicode-bidi: isolate;
    }
    .email {
      font-size: var(--_size-s);
    }
    .badge {
      display: inline-block;
      padding: 0 var(--_s2);
      border: 1px solid var(--_border);
      border-radius: var(--_radius-s);
      font-size: var(--_size-s);
    }
    .badge.status-active {
      border-color: var(--_success);
    }
    .badge.status-expired {
      border-style: dashed;
    }
    .pending {
      display: block;
      padding: 0;
      border: 0;
      background: none;
      color: var(--_accent);
      font: inherit;
      font-size: var(--_size-s);
      text-decoration: underline;
    }
    tr {
      height: var(--row-height);
    }
    th,
    td {
      padding: 0 var(--_s2);
      text-align: start;
      vertical-align: middle;
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
      font-weight: 400;
      border-bottom: 1px solid var(--_border);
      background: var(--_surface);
    }
    /* The header sticks as one row: a sticky cell each would cost a compositing layer each. */
    thead {
      position: sticky;
      top: 0;
      z-index: 2;
    }
    thead th {
      padding-block: var(--_s1);
      white-space: normal;
      overflow-wrap: anywhere;
      hyphens: auto;
      font-size: var(--_size-s);
      font-weight: 600;
      background: var(--_raised);
    }
    /* The code stays in view when a narrow table scrolls sideways. */
    th:first-child {
      position: sticky;
      inset-inline-start: 0;
      z-index: 1;
    }
    tbody tr:last-child > * {
      border-bottom: 0;
    }
    tbody tr:hover > *,
    tbody tr:focus-within > * {
      background: var(--_raised);
    }
    .actions-col {
      text-align: end;
    }
    .ellipsis {
      display: block;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      unicode-bidi: isolate;
    }
    .code-line {
      display: flex;
      align-items: center;
      gap: var(--_s1);
      min-width: 0;
    }
    .link-void {
      display: inline-flex;
      flex: none;
      padding: 0.25rem;
      color: var(--_muted);
    }
    .code {
      min-width: 0;
      margin-inline-end: auto;
      font-family: var(--_font-mono);
      font-size: var(--_size-s);
    }
    .sort {
      display: inline-flex;
      align-items: center;
      gap: var(--_s1);
      max-width: 100%;
      padding: var(--_s1) 0;
      border: 0;
      background: none;
      font-weight: 600;
      text-align: start;
      cursor: pointer;
    }
    .sort .icon {
      flex: none;
      color: var(--_muted);
    }
    th[aria-sort] .sort .icon {
      color: var(--_accent);
    }
    .icon-btn {
      display: inline-flex;
      flex: none;
      align-items: center;
      justify-content: center;
      width: 1.75rem;
      height: 1.75rem;
      padding: 0;
      border: 1px solid transparent;
      border-radius: var(--_radius-s);
      background: transparent;
      color: var(--_muted);
      cursor: pointer;
    }
    .icon-btn:hover,
    .icon-btn[aria-expanded='true'] {
      border-color: var(--_border);
      background: var(--_surface);
      color: var(--_text);
    }
    td.message-cell {
      height: calc(var(--row-height) * 2);
      text-align: center;
      white-space: normal;
      color: var(--_muted);
    }
    tr.spacer,
    tr.spacer > td {
      height: 0;
      padding: 0;
      border: 0;
    }
    .bone {
      display: block;
      width: 70%;
      height: 0.75rem;
      border-radius: var(--_radius-s);
      background: var(--_sunken);
      animation: pulse 1.4s ease-in-out infinite;
    }
    @keyframes pulse {
      50% {
        opacity: 0.45;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .bone {
        animation: none;
      }
    }
    .probe {
      position: absolute;
      top: 0;
      width: 0;
      height: var(--row-height);
      visibility: hidden;
      pointer-events: none;
    }

    /* Cards: narrower than 600 px, each license is a card of one line per column, all of one
       height (the window needs it), with Actions in its corner. Nothing scrolls sideways. */
    .root {
      --_line: 1.5rem;
      --_card-height: calc(var(--_card-lines, 9) * var(--_line) + 2 * var(--_s2) + 1px);
    }
    @container (width < 600px) {
      table,
      tbody {
        display: block;
        width: 100%;
        min-width: 0;
      }
      colgroup,
      thead {
        display: none;
      }
      tbody tr {
        display: block;
      }
      tbody tr.license {
        position: relative;
        box-sizing: border-box;
        height: var(--_card-height);
        padding: var(--_s2) var(--_s3);
        overflow: hidden;
        border-bottom: 1px solid var(--_border);
        background: var(--_surface);
      }
      tbody tr.license > * {
        position: static;
        display: flex;
        align-items: center;
        gap: var(--_s2);
        height: var(--_line);
        padding: 0;
        border: 0;
        background: none;
      }
      tbody tr.license > td::before {
        content: attr(data-label);
        flex: 0 0 40%;
        overflow: hidden;
        text-overflow: ellipsis;
        color: var(--_muted);
        font-size: var(--_size-s);
      }
      tbody tr.license > td > * {
        min-width: 0;
      }
      tbody tr.license > .code-cell {
        padding-inline-end: 2.25rem;
      }
      tbody tr.license > .code-cell .code-line {
        flex: 1 1 auto;
      }
      tbody tr.license > .actions-col {
        position: absolute;
        top: var(--_s2);
        inset-inline-end: var(--_s2);
      }
      tbody tr.license > .actions-col::before {
        content: none;
      }
      tbody tr > td.message-cell,
      tr.spacer > td,
      tr.skeleton > td {
        display: block;
      }
      .probe {
        height: var(--_card-height);
      }
    }

    /* Row menu, in the top layer */
    .menu {
      inset: auto;
      margin: 0;
      min-width: 14rem;
      max-width: min(22rem, calc(100vw - 1rem));
      padding: var(--_s1);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
      color: var(--_text);
      box-shadow: var(--_shadow);
      font-size: var(--_size);
    }
    .menu-item {
      display: flex;
      flex-direction: column;
      gap: 0.125rem;
      padding: var(--_s2) var(--_s3);
      border-radius: var(--_radius-s);
      cursor: pointer;
    }
    .menu-item:focus {
      outline: none;
      background: var(--_accent);
      color: var(--_on-accent);
    }
    .menu-item[aria-disabled='true'] {
      cursor: not-allowed;
      color: var(--_muted);
    }
    .menu-item[aria-disabled='true']:focus {
      background: var(--_raised);
      color: var(--_text);
      outline: 2px solid var(--_focus);
      outline-offset: -2px;
    }
    .menu-reason {
      font-size: var(--_size-s);
    }
  `,
];
