/**
 * The columns of the kit's CSV exports. They show what the screen shows: headers, states
 * and payment types in the locale's words, times as local times in the provider's time
 * zone (`2026-11-27 09:14`, which spreadsheets read as a date and time), validity dates on
 * the reseller's days, amounts with the locale's decimal mark. Yes/no values stay
 * `true`/`false`, the same in every language, for the programs that read the files.
 */
import type { License, OrderSummary } from '../api/contract/schemas.js';
import { localValidities, zoneOffsetMs } from '../format/index.js';
import { common } from '../locales/common.js';
import { defineMessages, translator } from '../locales/index.js';
import type { CsvColumn } from './csv.js';
import { csvFormat } from './write.js';

const headers = defineMessages(
  'csvHeaders',
  {
    orderNumber: 'Order Number',
    date: 'Date',
    product: 'Product',
    productId: 'Product ID',
    user: 'User',
    quantity: 'Quantity',
    active: 'Active',
    available: 'Available',
    amount: 'Amount',
    currency: 'Currency',
    paymentType: 'Payment Type',
    state: 'State',
    distributionCompany: 'Distribution Company',
    activationCode: 'Activation Code',
    recurrent: 'Recurrent',
    activationLink: 'Activation Code Link',
    from: 'From',
    to: 'To',
    autoRenew: 'Auto Renew',
    status: 'Status',
    customerEmail: 'Customer Email',
    customerOrganization: 'Customer Organization',
    activatedAt: 'Activated At',
  },
  {
    orderNumber: 'Bestellnummer',
    date: 'Datum',
    product: 'Produkt',
    productId: 'Produkt-ID',
    user: 'Benutzer',
    quantity: 'Menge',
    active: 'Aktiv',
    available: 'Verfügbar',
    amount: 'Betrag',
    currency: 'Währung',
    paymentType: 'Zahlungsart',
    state: 'Status',
    distributionCompany: 'Vertriebsunternehmen',
    activationCode: 'Aktivierungscode',
    recurrent: 'Wiederkehrend',
    activationLink: 'Aktivierungslink',
    from: 'Von',
    to: 'Bis',
    autoRenew: 'Automatische Verlängerung',
    status: 'Lizenzstatus',
    customerEmail: 'Kunden-E-Mail',
    customerOrganization: 'Kundenorganisation',
    activatedAt: 'Aktiviert am',
  },
);

/**
 * Minor units as a decimal string in the currency's own precision (`1234` EUR → `12.34`),
 * with `decimal` as its decimal mark (`12,34`).
 */
export function decimalAmount(value: number, currency: string, decimal: '.' | ',' = '.'): string {
  let digits = 2;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // Unknown currency codes keep two decimals.
  }
  return (value / 10 ** digits).toFixed(digits).replace('.', decimal);
}

/** A quarter of an hour: since 1973 every zone changes its offset at a whole quarter of an hour. */
const QUARTER_HOUR_MS = 900_000;

/**
 * Instants as the local date and time a spreadsheet reads in every language
 * (`2026-11-27 09:14`), in `timeZone` (the browser's when undefined or unknown). The zone's
 * offset is asked of `Intl` once per quarter of an hour the instants fall in, not per instant.
 */
export function localDateTimes(timeZone: string | undefined): (iso: string) => string {
  const offsets = new Map<number, number>();
  return (iso) => {
    const at = Date.parse(iso);
    const quarter = Math.floor(at / QUARTER_HOUR_MS);
    let offset = offsets.get(quarter);
    if (offset === undefined) {
      offset = zoneOffsetMs(new Date(quarter * QUARTER_HOUR_MS), timeZone);
      offsets.set(quarter, offset);
    }
    const local = new Date(at + offset).toISOString();
    return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
  };
}

/** Where the exported times and validity dates are shown: the provider's time zone. */
export interface CsvZone {
  /** The time zone; undefined means the browser's. */
  timeZone?: string | undefined;
  /** The order's purchase instant, which puts a validity on the reseller's days. */
  purchasedAt?: string | null | undefined;
}

/** Orders: the tile's fields and those of its 'Orders' section. */
export function orderColumns(locale: string, zone: CsvZone = {}): CsvColumn<OrderSummary>[] {
  const t = translator(headers, locale);
  const label = translator(common, locale);
  const { decimal } = csvFormat(locale);
  const localTime = localDateTimes(zone.timeZone);
  return [
    { header: t('orderNumber'), value: (o) => o.orderNumber },
    { header: t('date'), value: (o) => localTime(o.purchasedAt) },
    { header: t('product'), value: (o) => o.product.name },
    { header: t('productId'), value: (o) => o.product.id },
    { header: t('user'), value: (o) => o.user },
    { header: t('quantity'), value: (o) => o.quantity },
    { header: t('active'), value: (o) => o.activeCount },
    { header: t('available'), value: (o) => o.availableCount },
    { header: t('amount'), value: (o) => decimalAmount(o.amount.value, o.amount.currency, decimal) },
    { header: t('currency'), value: (o) => o.amount.currency },
    { header: t('paymentType'), value: (o) => label(`payment.${o.paymentType}`) },
    { header: t('state'), value: (o) => label(`state.${o.state}`) },
    { header: t('distributionCompany'), value: (o) => o.distributionCompany ?? '' },
  ];
}

/** Activation codes: code, Recurrent, Activation Code Link. */
export function activationCodeColumns(locale: string): CsvColumn<License>[] {
  const t = translator(headers, locale);
  return [
    { header: t('activationCode'), value: (l) => l.activationCode },
    { header: t('recurrent'), value: (l) => l.recurrent },
    { header: t('activationLink'), value: (l) => l.activationLink },
  ];
}

/** License keys: the table's columns plus status, customer and activation link. */
export function licenseKeyColumns(locale: string, zone: CsvZone = {}): CsvColumn<License>[] {
  const t = translator(headers, locale);
  const label = translator(common, locale);
  const validity = localValidities(zone.purchasedAt, zone.timeZone);
  const localTime = localDateTimes(zone.timeZone);
  return [
    { header: t('activationCode'), value: (l) => l.activationCode },
    { header: t('from'), value: (l) => validity(l).from },
    { header: t('to'), value: (l) => validity(l).to },
    { header: t('autoRenew'), value: (l) => l.autoRenew },
    { header: t('recurrent'), value: (l) => l.recurrent },
    { header: t('distributionCompany'), value: (l) => l.distributionCompany ?? '' },
    { header: t('status'), value: (l) => label(`status.${l.status}`) },
    { header: t('customerEmail'), value: (l) => l.customer?.email ?? '' },
    { header: t('customerOrganization'), value: (l) => l.customer?.organization ?? '' },
    { header: t('activatedAt'), value: (l) => (l.activatedAt === null ? '' : localTime(l.activatedAt)) },
    { header: t('activationLink'), value: (l) => l.activationLink },
  ];
}
