/**
 * What the dialog stories share: a page with an opener button and the dialog (the way a
 * host opens one with `open(license)`), the license each story opens it for, and a play
 * step that opens it as a person would.
 */
import type { Meta } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import type { LicensesParameters } from '../../.storybook/licenses.js';
import { unsafeStatic, html as staticHtml } from 'lit/static-html.js';
import type { LicensesApi } from '../../src/api/client.js';
import type { License } from '../../src/api/contract/schemas.js';
import type { LicenseDialog } from '../../src/elements/shared/dialog-controller.js';
import { find } from './play.js';

export const OPEN_LABEL = 'Open the dialog';

/** The first license of the reseller's orders that passes `test`. */
export async function licenseWhere(client: LicensesApi, test: (license: License) => boolean): Promise<{ license: License }> {
  const orders = await client.searchOrders({ limit: 200 });
  for (const order of orders.items) {
    const found = (await client.listLicenses(order.id, { limit: 500 })).items.find(test);
    if (found) return { license: found };
  }
  throw new Error('The demo data holds no such license');
}

/** The email of a customer the reseller has registered. */
export async function registeredEmail(client: LicensesApi): Promise<string> {
  const email = (await client.searchCustomers('')).items[0]?.email;
  if (email === undefined) throw new Error('The demo data holds no customer');
  return email;
}

export const isAvailable = (l: License) => l.status === 'available';
export const isActive = (l: License) => l.status === 'active';

/** A button that opens `<tag>` for `license`, and the dialog itself; `events` are its listeners. */
export function dialogPage(tag: string, license: License, events: Record<string, unknown> = {}): TemplateResult {
  const name = unsafeStatic(tag);
  const onOpen = (e: Event) => {
    const host = (e.currentTarget as HTMLElement).parentElement;
    host?.querySelector<LicenseDialog>(tag)?.open(license);
  };
  const dialog = staticHtml`<${name}
    @license-activated=${events.onLicenseActivated}
    @billing-state-changed=${events.onBillingStateChanged}
    @licenses-error=${events.onLicensesError}
    @ld-request-close=${events.onLdRequestClose}
    @ld-after-close=${events.onLdAfterClose}
    ?light-dismiss=${events['light-dismiss'] === true}
  ></${name}>`;
  return html`<div>
    <button type="button" @click=${onOpen}>${OPEN_LABEL}</button>
    ${dialog}
  </div>`;
}

/**
 * The stories' defaults for a dialog: its page, controls, and a license of `load` to open it
 * for. (The title and component stay literal in each stories file: Storybook reads them
 * without running the file.)
 */
export function dialogDefaults(tag: string, load: NonNullable<LicensesParameters['load']>): Meta {
  return {
    args: { 'light-dismiss': false },
    argTypes: { lightDismiss: { control: false }, isOpen: { control: false } },
    parameters: { licenses: { load } satisfies LicensesParameters },
    render: (args, { loaded }) => dialogPage(tag, loaded.license as License, args),
  };
}

/** Opens the story's dialog with its opener button; resolves with the dialog's shadow root once it is open. */
export async function openStoryDialog(canvas: HTMLElement, tag: string): Promise<ShadowRoot> {
  const opener = await find<HTMLButtonElement>(canvas, 'button', OPEN_LABEL);
  opener.focus();
  opener.click();
  const dialog = await find<HTMLDialogElement>(canvas, `dialog[open]`);
  const host = (dialog.getRootNode() as ShadowRoot).host;
  if (host.localName !== tag) throw new Error(`Expected <${tag}> to open, not <${host.localName}>`);
  return host.shadowRoot!;
}
