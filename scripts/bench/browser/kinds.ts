/** What the page and Node both name: the tables compared. Free of DOM code, so Node can import it. */

/** The kit's table, `@vaadin/grid`, and a naive `<table>` of every row. */
export const TABLE_KINDS = ['license-keys-table', 'vaadin-grid', 'table'] as const;
export type TableKind = (typeof TABLE_KINDS)[number];
