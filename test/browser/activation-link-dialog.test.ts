import { expect } from '@open-wc/testing';
import type { License } from '../../src/api/contract/schemas.js';
import '../../src/elements/activation-link-dialog/activation-link-dialog.js';
import type { ActivationLinkDialogElement } from '../../src/elements/activation-link-dialog/activation-link-dialog.component.js';
import { dialogWorld, findLicense, isAvailable, openDialog, text } from './dialog-fixtures.js';
import { runDialogSuite } from './dialog-suite.js';
import { until } from './helpers.js';

const TAG = 'activation-link-dialog';

async function openLink(license?: License, withProvider = true) {
  const client = dialogWorld();
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
    const { ui, license } = await openLink();
    const link = ui.root.querySelector('a')!;
    expect(link.getAttribute('href')).to.equal(license.activationLink);
    expect(text(link)).to.equal(license.activationLink);
    expect(link.target).to.equal('_blank');
    expect(link.rel.split(' ')).to.include.members(['noopener', 'noreferrer']);
    expect(ui.text('[part="code"]')).to.contain(license.activationCode);
  });

  it('copies the link and says Copied in a live region', async () => {
    const clipboard = stubClipboard('ok');
    try {
      const { el, ui, license } = await openLink();
      expect(ui.root.querySelector('[part="copy-status"]')!.getAttribute('role')).to.equal('status');
      expect(ui.text('[part="copy-status"]')).to.equal('');
      ui.button('Copy')!.click();
      await until(() => ui.text('[part="copy-status"]') === 'Copied', 2000, 'Copied');
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
      const { ui } = await openLink();
      ui.button('Copy')!.click();
      await until(() => ui.text('[part="copy-status"]') !== '', 2000, 'a note');
      expect(ui.text('[part="copy-status"]')).to.equal('Could not copy');
    } finally {
      delete (document as { execCommand?: unknown }).execCommand;
      clipboard.restore();
    }
  });

  it('closes with OK', async () => {
    const { el, ui, dialog } = await openLink();
    ui.button('OK')!.click();
    await until(() => !dialog.open, 2000, 'the dialog to close');
    expect(el.isOpen).to.equal(false);
  });

  it('works on a page without a provider', async () => {
    const client = dialogWorld();
    const license = await findLicense(client, isAvailable);
    const { ui } = await openLink(license, false);
    expect(ui.root.querySelector('a')?.getAttribute('href')).to.equal(license.activationLink);
    await new Promise((r) => setTimeout(r, 80));
    expect(ui.root.querySelector('[role="alert"]'), 'no setup complaint').to.equal(null);
  });

  it('never puts a link that is not https into an href', async () => {
    const client = dialogWorld();
    const license = await findLicense(client, isAvailable);
    const hostile = { ...license, activationLink: 'javascript:alert(1)' };
    const { ui } = await openLink(hostile);
    expect(ui.root.querySelector('a')).to.equal(null);
    expect(ui.root.querySelector('[role="alert"]')).to.not.equal(null);
    expect(ui.button('Copy')!.disabled).to.equal(true);
  });

  it('speaks German with a German provider', async () => {
    const client = dialogWorld();
    const license = await findLicense(client, isAvailable);
    const { ui } = await openDialog<ActivationLinkDialogElement>(TAG, client, license, 'de');
    expect(ui.heading()).to.equal('Aktivierungslink');
    expect(ui.button('Kopieren')).to.not.equal(undefined);
  });
});
