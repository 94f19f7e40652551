/**
 * Renewals, run by the server itself (the demo: on start and every minute): billing changes
 * scheduled for a day take effect on it; at the end of its term an active license with
 * automatic renewal renews for the product's term, paid from the CSS balance, and any other
 * license expires; and the reseller gets a daily digest of the licenses that will lapse.
 *
 * Each license's step is one transaction that reads the license again and acts only when it
 * is still as it was found, so that a step is done once even when two servers run the
 * renewals on one database. Steps run in the order of their days, changes before a day's
 * renewals, so that a server that was down catches up as if it had run every day.
 */
import type { Actor } from '../api/contract/schemas.js';
import { addDays } from '../rules/licenses.js';
import { lacksBalance } from '../rules/orders.js';
import { nextTermEnd, termEndsOn } from '../rules/renewals.js';
import type { ServiceCore } from './core.js';
import { sendRenewalNotices } from './renewal-notices.js';
import { formatMinor } from './orders.js';
import type { LicenseRecord, StoreTx } from './store.js';
import { statusOf } from './views.js';

/** What one run did. */
export interface RenewalRun {
  changed: number;
  renewed: number;
  expired: number;
  digests: number;
}

/** Who acts in the history of what the renewals do. */
export const RENEWALS_ACTOR: Actor = { kind: 'system', name: 'Renewals' };

/** How many due steps are read at a time. */
const BATCH = 200;

type Step = { kind: 'change' | 'term'; day: string; license: LicenseRecord };
/** What a step did (a renewal with the license's new `validTo`), or null when there was nothing left to do. */
type Outcome = { did: 'changed' | 'expired' } | { did: 'renewed'; validTo: string } | null;

/** Applies everything due by the clock's today, for every reseller, then sends the day's digests. */
export async function runRenewals(core: ServiceCore): Promise<RenewalRun> {
  const run: RenewalRun = { changed: 0, renewed: 0, expired: 0, digests: 0 };
  for (const resellerId of await core.store.resellerIds()) {
    await catchUp(core, resellerId, run);
    if (await sendRenewalNotices(core, resellerId, core.clock.now())) run.digests += 1;
  }
  if (run.changed + run.renewed + run.expired + run.digests > 0) core.options.afterChange?.();
  return run;
}

/** Every step due by today, oldest day first; a renewal's next term joins the queue in its place. */
async function catchUp(core: ServiceCore, resellerId: string, run: RenewalRun): Promise<void> {
  for (;;) {
    const today = core.clock.now().toISOString().slice(0, 10);
    const [changes, terms] = await Promise.all([
      core.store.dueScheduledChanges(resellerId, today, BATCH),
      core.store.endedTerms(resellerId, today, BATCH),
    ]);
    const steps: Step[] = [
      ...changes.map((license) => ({ kind: 'change' as const, day: license.scheduledChange!.effectiveOn, license })),
      ...terms.map((license) => ({ kind: 'term' as const, day: termEndsOn(license.validTo), license })),
    ].sort((a, b) => compareSteps(a, b));
    if (steps.length === 0) return;
    // What a full batch left unread comes after its last step; stop there, and read again.
    const fullLasts = [changes.length === BATCH ? steps.findLast((s) => s.kind === 'change') : undefined, terms.length === BATCH ? steps.findLast((s) => s.kind === 'term') : undefined];
    const horizon = fullLasts.filter((s): s is Step => s !== undefined).sort(compareSteps)[0];
    let nextTerm: string | null = null;
    for (const step of steps) {
      if (horizon && compareSteps(step, horizon) > 0) break;
      // A renewed term that ends before this step's day comes first: read again.
      if (nextTerm !== null && termEndsOn(nextTerm) <= step.day) break;
      const outcome = await (step.kind === 'change' ? applyChange(core, resellerId, step.license) : endTerm(core, resellerId, step.license));
      if (outcome?.did === 'renewed' && (nextTerm === null || outcome.validTo < nextTerm)) nextTerm = outcome.validTo;
      if (outcome !== null) run[outcome.did] += 1;
    }
  }
}

function compareSteps(a: Step, b: Step): number {
  const key = (s: Step) => `${s.day}|${s.kind === 'change' ? 0 : 1}|${s.license.id}`;
  const [x, y] = [key(a), key(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Midnight UTC of a day: when what is due on it happens. */
function startOf(day: string): string {
  return `${day}T00:00:00Z`;
}

/** The change scheduled for its day takes effect, unless someone already dealt with it. */
async function applyChange(core: ServiceCore, resellerId: string, found: LicenseRecord): Promise<Outcome> {
  const expected = found.scheduledChange!;
  return core.store.transaction(async (tx) => {
    const license = await tx.license(resellerId, found.id);
    const change = license?.scheduledChange;
    if (!license || !change || change.effectiveOn !== expected.effectiveOn || change.recurrent !== expected.recurrent) return null;
    await tx.setScheduledChange(resellerId, license.id, null);
    if (statusOf(license) !== 'active') return null;
    if (license.recurrent !== change.recurrent) await tx.setRecurrent(resellerId, license.id, change.recurrent);
    await tx.addHistory(resellerId, {
      orderId: license.orderId, licenseId: license.id, at: startOf(change.effectiveOn), actor: RENEWALS_ACTOR, kind: 'billing_state_changed',
      detail: `Automatic renewal turned ${change.recurrent ? 'on' : 'off'} as scheduled`,
    });
    return { did: 'changed' };
  });
}

/** The license's term ended: it renews, or it expires with the reason; unless someone already dealt with it. */
async function endTerm(core: ServiceCore, resellerId: string, found: LicenseRecord): Promise<Outcome> {
  return core.store.transaction(async (tx) => {
    const license = await tx.license(resellerId, found.id);
    if (!license || license.expiredAt !== null || license.validTo !== found.validTo) return null;
    const day = termEndsOn(license.validTo);
    const status = statusOf(license);
    // A refunded license stays refunded; it is marked so that its term is not looked at again.
    if (status === 'refunded') return (await tx.setExpired(resellerId, license.id, startOf(day)), null);
    // The balance is read in this transaction: two renewals of one reseller never pay from the same amount.
    const reseller = await tx.reseller(resellerId);
    if (!reseller) return null;
    const order = await core.order(tx, reseller, license.orderId);
    if (status === 'active' && license.recurrent) {
      const product = (await tx.catalog(resellerId)).find((p) => p.id === order.product.id);
      if (product && !lacksBalance('css_balance', product.unitPrice, reseller.balance)) {
        const validTo = nextTermEnd(license.validTo, product.termMonths);
        await tx.setBalance(resellerId, { value: reseller.balance.value - product.unitPrice.value, currency: reseller.balance.currency });
        await tx.setValidTo(resellerId, license.id, validTo);
        await tx.addHistory(resellerId, {
          orderId: order.id, licenseId: license.id, at: startOf(day), actor: RENEWALS_ACTOR, kind: 'renewed',
          detail: `Renewed until ${validTo}; ${formatMinor(product.unitPrice)} charged to the CSS balance`,
        });
        return { did: 'renewed', validTo };
      }
      const reason = product
        ? `the CSS balance of ${formatMinor(reseller.balance)} could not pay the renewal of ${formatMinor(product.unitPrice)}`
        : `${order.product.name} can no longer be bought`;
      return expire(tx, resellerId, license, order, day, `Expired: not renewed, since ${reason}`);
    }
    const why = status === 'active' ? 'Expired: automatic renewal was off' : 'Expired: the term ended before the license was activated';
    return expire(tx, resellerId, license, order, day, why);
  });
}

async function expire(
  tx: StoreTx,
  resellerId: string,
  license: LicenseRecord,
  order: { id: string; activeCount: number; availableCount: number },
  day: string,
  detail: string,
): Promise<Outcome> {
  const active = statusOf(license) === 'active';
  await tx.setExpired(resellerId, license.id, startOf(day));
  if (license.scheduledChange !== null) await tx.setScheduledChange(resellerId, license.id, null);
  await tx.setOrderCounts(resellerId, order.id, {
    activeCount: order.activeCount - (active ? 1 : 0),
    availableCount: order.availableCount - (active ? 0 : 1),
  });
  await tx.addHistory(resellerId, { orderId: order.id, licenseId: license.id, at: startOf(day), actor: RENEWALS_ACTOR, kind: 'expired', detail: `${detail} (last valid day ${addDays(day, -1)})` });
  return { did: 'expired' };
}
