/**
 * The reseller's renewal-notice digest: once a day, one mail listing the active licenses that
 * will not renew and reach 30, 7 or 1 days before their `validTo` since the previous digest
 * (so a day the server was down is made up for the next day). The day's digest is recorded
 * under a unique key in the same transaction as its mail, so it is never sent twice.
 */
import { noticeRanges, willRenew } from '../rules/renewals.js';
import type { ServiceCore } from './core.js';
import { type NoticeLine, renewalNoticeMail } from './mail-texts.js';
import type { LicenseRecord, StoreTx } from './store.js';
import { statusOf } from './views.js';

const PAGE = 500;

/** Sends the reseller's digest of `now`'s day unless it was sent; true when this call sent one. */
export async function sendRenewalNotices(core: ServiceCore, resellerId: string, now: Date): Promise<boolean> {
  const day = now.toISOString().slice(0, 10);
  const last = await core.store.lastRenewalDigest(resellerId);
  if (last !== null && last >= day) return false;
  return core.store.transaction(async (tx) => {
    const reseller = await tx.reseller(resellerId);
    if (!reseller || !(await tx.claimRenewalDigest(resellerId, day))) return false;
    const lines = await lapsing(tx, resellerId, day, noticeRanges(day, last));
    if (lines.length === 0) return false;
    const mail = renewalNoticeMail(reseller, day, lines);
    await tx.queueMail(resellerId, { id: core.newId('msg'), kind: 'renewal_notice', to: reseller.user.email, at: now.toISOString(), orderId: null, licenseId: null, ...mail });
    return true;
  });
}

/** The active licenses in the windows that will not renew, soonest first, each once. */
async function lapsing(tx: StoreTx, resellerId: string, day: string, windows: { from: string; to: string }[]): Promise<NoticeLine[]> {
  const found = new Map<string, LicenseRecord>();
  for (const { from, to } of windows) {
    let cursor: string | undefined;
    do {
      const page = await tx.searchLicenses(resellerId, { status: 'active', expiringFrom: from, expiringTo: to, limit: PAGE, ...(cursor ? { cursor } : {}) });
      for (const license of page.items) {
        if (license.validTo > day && !willRenew({ status: statusOf(license), recurrent: license.recurrent, scheduledChange: license.scheduledChange })) found.set(license.id, license);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }
  const products = new Map<string, string>();
  const lines: NoticeLine[] = [];
  for (const license of [...found.values()].sort((a, b) => (a.validTo < b.validTo ? -1 : a.validTo > b.validTo ? 1 : 0))) {
    let product = products.get(license.orderId);
    if (product === undefined) {
      product = (await tx.order(resellerId, license.orderId))?.product.name ?? '';
      products.set(license.orderId, product);
    }
    const daysLeft = Math.round((Date.parse(license.validTo) - Date.parse(day)) / 86_400_000);
    lines.push({ activationCode: license.activationCode, product, validTo: license.validTo, daysLeft, customer: license.customer?.email ?? null });
  }
  return lines;
}
