import { expect } from '@open-wc/testing';
import type { License } from '../../src/api/contract/schemas.js';
import '../../src/elements/activation-link-dialog/activation-link-dialog.js';
import type { ActivationLinkDialogElement } from '../../src/elements/activation-link-dialog/activation-link-dialog.component.js';
import { button, demoClient, findLicense, isAvailable, openDialog, text } from './dialog-fixtures.js';
import { runDialogSuite } from './dialog-suite.js';
import { until } from './helpers.js';

const TAG = 'activation-link-dialog';

async function openLink(license?: License, withProvider = true) {
  const client = demoClient();
  const chosen = license ?? (await findLicense(client, isAvailable));
  return openDialog<ActivationLinkDialogElement>(TAG, withProvider ? client : null, chosen);
}

/** Replaces the clipboard's writeText for one test; returns what was written. */
function stubClipboard(result: 'ok' | 'refused'): { written: string[]; restore: () => void } {
  const written: string[] = [];
  const clipboard = navigator.clipboard as Clipboard & { writeText: Clipboard['writeText'] };
  Object.defineProperty(clipboard, 'writeText', {
    configurable: true,
    value: async (value: string) => {
      written.push(value);
      if (result === 'refused') throw new DOMException('Denied', 'NotAllowedError');
    },
  });
  return { written, restore: () => delete (clipboard as { writeText?: unknown }).writeText };
}

runDialogSuite(TAG, { open: () => openLink(), heading: 'Activation link', closeButton: 'OK' });

describe('<activation-link-dialog>', () => {
  it('shows the activation link as text and as a link that opens in a new tab without an opener', async () => {
    const { el, license } = await openLink();
    const link = el.shadowRoot!.querySelector('a')!;
    expect(link.getAttribute('href')).to.equal(license.activationLink);
    expect(text(link)).to.equal(license.activationLink);
    expect(link.target).to.equal('_blank');
    expect(link.rel.split(' ')).to.include.members(['noopener', 'noreferrer']);
    expect(text(el.shadowRoot!.querySelector('[part="code"]'))).to.contain(license.activationCode);
  });

  it('copies the link and says Copied in a live region', async () => {
    const clipboard = stubClipboard('ok');
    try {
      const { el, license } = await openLink();
      const status = el.shadowRoot!.querySelector('[part="copy-status"]')!;
      expect(status.getAttribute('role')).to.equal('status');
      expect(text(status)).to.equal('');
      button(el, 'Copy')!.click();
      await until(() => text(status) === 'Copied', 2000, 'Copied');
      expect(clipboard.written).to.deep.equal([license.activationLink]);
      await expect(el).to.be.accessible();
    } finally {
      clipboard.restore();
    }
  });

  it('says so when the link could not be copied', async () => {
    const clipboard = stubClipboard('refused');
    // The fallback for a refused Clipboard API must fail too.
    Object.defineProperty(document, 'execCommand', { configurable: true, value: () => false });
    try {
      const { el } = await openLink();
      button(el, 'Copy')!.click();
      const status = el.shadowRoot!.querySelector('[part="copy-status"]')!;
      await until(() => text(status) !== '', 2000, 'a note');
      expect(text(status)).to.equal('Could not copy');
    } finally {
      delete (document as { execCommand?: unknown }).execCommand;
      clipboard.restore();
    }
  });

  it('closes with OK', async () => {
    const { el, dialog } = await openLink();
    button(el, 'OK')!.click();
    await until(() => !dialog.open, 2000, 'the dialog to close');
    expect(el.isOpen).to.equal(false);
  });

  it('works on a page without a provider', async () => {
    const client = demoClient();
    const license = await findLicense(client, isAvailable);
    const { el } = await openLink(license, false);
    expect(el.shadowRoot!.querySelector('a')?.getAttribute('href')).to.equal(license.activationLink);
    await new Promise((r) => setTimeout(r, 80));
    expect(el.shadowRoot!.querySelector('[role="alert"]'), 'no setup complaint').to.equal(null);
  });

  it('never puts a link that is not https into an href', async () => {
    const client = demoClient();
    const license = await findLicense(client, isAvailable);
    const hostile = { ...license, activationLink: 'javascript:alert(1)' };
    const { el } = await openLink(hostile);
    expect(el.shadowRoot!.querySelector('a')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[role="alert"]')).to.not.equal(null);
    expect(button(el, 'Copy')!.disabled).to.equal(true);
  });

  it('speaks German with a German provider', async () => {
    const client = demoClient();
    const license = await findLicense(client, isAvailable);
    const { el } = await openDialog<ActivationLinkDialogElement>(TAG, client, license, 'de');
    expect(text(el.shadowRoot!.querySelector('h2'))).to.equal('Aktivierungslink');
    expect(button(el, 'Kopieren')).to.not.equal(undefined);
  });
});
