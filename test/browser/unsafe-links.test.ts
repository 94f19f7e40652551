/**
 * Activation links and the Buy More page are only ever https (http on loopback): an answer
 * holding anything else is refused by the contract's schema, shown as an error with Retry,
 * and never reaches an `href` or `window.open`.
 */
import { expect } from '@open-wc/testing';
import { License } from '../../src/api/contract/schemas.js';
import '../../src/elements/licenses-search/licenses-search.js';
import type { LicensesErrorEvent } from '../../src/events/index.js';
import { license } from '../unit/api/fixtures.js';
import { auditDom } from './dom-audit.js';
import { mountHarness, until } from './helpers.js';
import { licensesSearch } from '../../stories/licenses-search.stories.js';
import { LicensesSearchHarness } from '../../stories/support/licenses-search.harness.js';
import type { OrderTileHarness } from '../../stories/support/order-tile.harness.js';
import { hostileClient, UNSAFE_LINKS } from '../../stories/support/hostile.js';
import { catchWindowOpen } from './spies.js';

async function mountSearch(client = hostileClient('B'), buyUrl?: string): Promise<LicensesSearchHarness> {
  const search = await mountHarness(LicensesSearchHarness, client, licensesSearch({ pageSize: 200 }), buyUrl === undefined ? {} : { buyUrl });
  await until(() => search.orderTiles().length > 0 && search.orderTiles().every((t) => t.root?.querySelector('[part="tile"]')), 5000, 'the tiles');
  return search;
}

function errorsOf(search: LicensesSearchHarness): LicensesErrorEvent['detail'][] {
  const seen: LicensesErrorEvent['detail'][] = [];
  search.element.addEventListener('licenses-error', (e) => seen.push(e.detail));
  return seen;
}

/** Expands `tile`, clicks Buy More and waits for `done`; resolves with what `window.open` was asked to open. */
async function clickBuyMore(tile: OrderTileHarness, done: () => boolean): Promise<unknown[][]> {
  tile.element.open = true;
  await tile.element.updateComplete;
  const opened = catchWindowOpen();
  try {
    tile.press('Buy More');
    await until(done, 2000, 'Buy More to finish');
    return opened.calls;
  } finally {
    opened.restore();
  }
}

describe('links that are not https', () => {
  it('are refused by the license schema', () => {
    const valid = license();
    expect(License.safeParse(valid).success).to.equal(true);
    expect(License.safeParse({ ...valid, activationLink: 'http://127.0.0.1:8080/a/CODE-1' }).success).to.equal(true);
    const accepted = UNSAFE_LINKS.filter((link) => License.safeParse({ ...valid, activationLink: link }).success);
    expect(accepted).to.deep.equal([]);
  });

  it('turn the activation codes and license keys of their order into an error with Retry, and no href holds one', async () => {
    const search = await mountSearch();
    const errors = errorsOf(search);
    expect(search.orderTiles().length).to.equal(UNSAFE_LINKS.length);
    for (const tile of search.orderTiles()) {
      tile.element.open = true;
      await tile.element.updateComplete;
      tile.press('Show License Keys');
    }
    const failed = (tile: OrderTileHarness) => tile.codesError() !== '' && (tile.keys()?.error() ?? '') !== '';
    await until(() => search.orderTiles().every(failed), 5000, 'the errors');
    for (const tile of search.orderTiles()) {
      expect(tile.codesError()).to.equal('The activation codes could not be loaded. The server sent an answer the kit could not understand. Retry');
      expect(tile.keys()!.error()).to.equal('The license keys could not be loaded. The server sent an answer the kit could not understand. Retry');
      expect(tile.root.querySelector('[part="codes-table"]'), 'no half-drawn codes').to.equal(null);
    }
    expect(errors.filter((e) => e.code === 'invalid_response').length).to.equal(UNSAFE_LINKS.length * 2);
    expect(auditDom().unsafeLinks).to.deep.equal([]);
  });

  for (const link of UNSAFE_LINKS) {
    it(`Buy More never opens the buy page template ${JSON.stringify(link)}`, async () => {
      const search = await mountSearch(hostileClient('B'), `${link}{productId}`);
      const tile = search.orderTiles()[0]!;
      const status = () => tile.status();
      expect(await clickBuyMore(tile, () => status() !== '')).to.deep.equal([]);
      expect(status()).to.equal('No buy page is set up, so Buy More cannot open it.');
    });
  }

  it('Buy More never opens a javascript: buy page answered by the API, and reports the answer as invalid', async () => {
    // No buy-url on the provider: the API's template is used.
    const search = await mountSearch(hostileClient('A', 'javascript:window.__pwned=1//{productId}'), '');
    const errors = errorsOf(search);
    const opened = await clickBuyMore(search.orderTiles()[0]!, () => errors.some((e) => e.operation === 'getMe'));
    expect(opened).to.deep.equal([]);
    expect(errors.find((e) => e.operation === 'getMe')).to.include({ code: 'invalid_response' });
  });
});
