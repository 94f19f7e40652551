import { createContext } from '@lit/context';
import type { LicensesApi } from './client.js';
import type { License, OrderSummary } from './contract/schemas.js';

/** Settings the provider passes to every element inside it. */
export interface LicensesSettings {
  /** BCP 47 locale for text, dates, money and numbers. */
  locale: string;
  /** IANA time zone for dates and for 'today'; undefined means the browser's. */
  timeZone: string | undefined;
  /** Buy More URL template with `{productId}`; null falls back to the API's `Me.buyUrl`. */
  buyUrl: string | null;
}

/** What `<licenses-provider>` provides. A new object whenever anything in it changes. */
export interface LicensesContextValue {
  client: LicensesApi | null;
  settings: LicensesSettings;
  /** Elements announce the changes they made here; the others listen and refresh. */
  changes: EventTarget;
}

/** The context key; registered globally so two copies of the kit on a page still meet. */
export const licensesContext = createContext<LicensesContextValue | undefined>(
  Symbol.for('license-desk.licenses-context'),
);

/** Tells every element of the provider that a license changed. */
export function announceLicenseChange(ctx: LicensesContextValue | undefined, license: License): void {
  ctx?.changes.dispatchEvent(new CustomEvent('license-changed', { detail: { license } }));
}

/** Tells every element of the provider that an order changed (it was cancelled). */
export function announceOrderChange(ctx: LicensesContextValue | undefined, order: OrderSummary): void {
  ctx?.changes.dispatchEvent(new CustomEvent('order-changed', { detail: { order } }));
}
