/**
 * The columns of the kit's CSV exports. Headers follow the locale; values stay machine
 * readable (ISO dates and instants, amounts as decimals with their currency, true/false).
 */
import type { License, OrderSummary } from '../api/contract/schemas.js';
import { defineMessages, translator } from '../locales/index.js';
import type { CsvColumn } from './csv.js';

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

/** Minor units as a decimal string in the currency's own precision (`1234` EUR → `12.34`). */
export function decimalAmount(value: number, currency: string): string {
  let digits = 2;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // Unknown currency codes keep two decimals.
  }
  return (value / 10 ** digits).toFixed(digits);
}

/** Orders: the tile's fields and those of its 'Orders' section. */
export function orderColumns(locale: string): CsvColumn<OrderSummary>[] {
  const t = translator(headers, locale);
  return [
    { header: t('orderNumber'), value: (o) => o.orderNumber },
    { header: t('date'), value: (o) => o.purchasedAt },
    { header: t('product'), value: (o) => o.product.name },
    { header: t('productId'), value: (o) => o.product.id },
    { header: t('user'), value: (o) => o.user },
    { header: t('quantity'), value: (o) => o.quantity },
    { header: t('active'), value: (o) => o.activeCount },
    { header: t('available'), value: (o) => o.availableCount },
    { header: t('amount'), value: (o) => decimalAmount(o.amount.value, o.amount.currency) },
    { header: t('currency'), value: (o) => o.amount.currency },
    { header: t('paymentType'), value: (o) => o.paymentType },
    { header: t('state'), value: (o) => o.state },
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
export function licenseKeyColumns(locale: string): CsvColumn<License>[] {
  const t = translator(headers, locale);
  return [
    { header: t('activationCode'), value: (l) => l.activationCode },
    { header: t('from'), value: (l) => l.validFrom },
    { header: t('to'), value: (l) => l.validTo },
    { header: t('autoRenew'), value: (l) => l.autoRenew },
    { header: t('recurrent'), value: (l) => l.recurrent },
    { header: t('distributionCompany'), value: (l) => l.distributionCompany ?? '' },
    { header: t('status'), value: (l) => l.status },
    { header: t('customerEmail'), value: (l) => l.customer?.email ?? '' },
    { header: t('customerOrganization'), value: (l) => l.customer?.organization ?? '' },
    { header: t('activatedAt'), value: (l) => l.activatedAt ?? '' },
    { header: t('activationLink'), value: (l) => l.activationLink },
  ];
}
