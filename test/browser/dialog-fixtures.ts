/**
 * Fixtures for the dialog tests: a small demo world in a memory client, licenses of each
 * kind from it (found as the stories find theirs), and a dialog inside a provider with a
 * button that opened it; what the tests do in a dialog goes through the stories' harness.
 */
import { fixture } from '@open-wc/testing';
import { html } from 'lit';
import type { LicensesApi } from '../../src/api/client.js';
import type { MemoryLicensesClient } from '../../src/api/memory/memory-client.js';
import { demoClient } from '../../stories/support/clients.js';
import type { License } from '../../src/api/contract/schemas.js';
import '../../src/elements/licenses-provider/licenses-provider.js';
import type { LicenseDialog } from '../../src/elements/shared/dialog-controller.js';
import { dialogPage, isAvailable, licenseWhere } from '../../stories/support/dialogs.js';
import { DialogHarness } from '../../stories/support/harness.js';
import { clean, until } from './helpers.js';

/** The dialogs' world: the stories' demo world of 24 orders, on a fixed day. */
export function dialogWorld(): MemoryLicensesClient {
  return demoClient({ orders: 24, today: new Date('2026-11-27T12:00:00Z') });
}

/** The first license of the demo world that passes `test`. */
export async function findLicense(client: LicensesApi, test: (license: License) => boolean): Promise<License> {
  return (await licenseWhere(client, test)).license;
}

export { isAvailable };

export interface DialogFixture<T extends LicenseDialog> {
  el: T;
  /** The button that had focus when the dialog opened. */
  opener: HTMLButtonElement;
  dialog: HTMLDialogElement;
  license: License;
  /** The dialog as a person uses it. */
  ui: DialogHarness<T>;
}

/** `<tag>` inside a provider for `client`, opened for `license` from a focused button. */
export async function openDialog<T extends LicenseDialog>(
  tag: string,
  client: LicensesApi | null,
  license: License,
  locale = 'en',
): Promise<DialogFixture<T>> {
  const page = dialogPage(tag, license);
  const root = await fixture<HTMLElement>(
    client === null ? html`<div>${page}</div>` : html`<div><licenses-provider .client=${client} locale=${locale}>${page}</licenses-provider></div>`,
  );
  const el = root.querySelector(tag) as T;
  const opener = root.querySelector('button') as HTMLButtonElement;
  await el.updateComplete;
  opener.focus();
  opener.click();
  await el.updateComplete;
  const dialog = el.shadowRoot!.querySelector('dialog')!;
  await until(() => dialog.open, 2000, 'the dialog to open');
  return { el, opener, dialog, license, ui: new DialogHarness(el) };
}

/**
 * `<tag>` opened for the first license of a fresh demo world that passes `test`; `wrap`
 * may put a recording or failing client between the dialog and the memory client.
 */
export async function openFor<T extends LicenseDialog>(
  tag: string,
  test: (license: License) => boolean,
  wrap?: (client: LicensesApi) => LicensesApi,
): Promise<DialogFixture<T> & { memory: MemoryLicensesClient }> {
  const memory = dialogWorld();
  const license = await findLicense(memory, test);
  return { ...(await openDialog<T>(tag, wrap ? wrap(memory) : memory, license)), memory };
}

/** Text of an element with whitespace collapsed. */
export function text(node: Element | null | undefined): string {
  return clean(node?.textContent);
}

/** A promise with its resolve and reject, to hold a request in flight. */
export function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
