/**
 * What every dialog of the kit does, run once for each of them: it opens as a modal with
 * a labelled heading, Escape closes it and focus goes back to the button that opened it,
 * a person's close request can be refused by the host, and the backdrop closes it only
 * when asked to.
 */
import { expect } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import type { DialogRequestCloseEvent } from '../../src/events/index.js';
import type { LicenseDialog } from '../../src/elements/shared/dialog-controller.js';
import type { DialogFixture } from './dialog-fixtures.js';
import { text } from './dialog-fixtures.js';
import { until } from './helpers.js';

export interface DialogSuiteOptions {
  /** Renders the dialog, opened for a license it can act on, from a focused button. */
  open: () => Promise<DialogFixture<LicenseDialog>>;
  /** The heading it shows. */
  heading: string;
  /** The visible label of the button that asks to close it (Cancel or OK). */
  closeButton: string;
}

function closeButtonOf(el: Element, label: string): HTMLButtonElement {
  const found = Array.from(el.shadowRoot!.querySelectorAll('button')).find((b) => text(b) === label);
  if (!found) throw new Error(`No button ${label}`);
  return found;
}

export function runDialogSuite(tag: string, options: DialogSuiteOptions): void {
  describe(`<${tag}> as a dialog`, () => {
    it('opens as a modal dialog named by its heading', async () => {
      const { el, dialog } = await options.open();
      expect(el.isOpen).to.equal(true);
      expect(dialog.matches(':modal')).to.equal(true);
      const headingId = dialog.getAttribute('aria-labelledby');
      expect(headingId).to.be.a('string').and.not.equal('');
      const heading = el.shadowRoot!.getElementById(headingId!);
      expect(heading?.tagName).to.equal('H2');
      expect(text(heading)).to.equal(options.heading);
      expect(el.shadowRoot!.activeElement, 'focus moves into the dialog').to.not.equal(null);
      await expect(el).to.be.accessible();
    });

    it('closes on Escape and gives focus back to the button that opened it', async () => {
      const { el, opener, dialog } = await options.open();
      const sources: string[] = [];
      el.addEventListener('ld-request-close', (e) => sources.push(e.detail.source));
      let afterClose = 0;
      el.addEventListener('ld-after-close', () => (afterClose += 1));
      await sendKeys({ press: 'Escape' });
      await until(() => !dialog.open, 2000, 'the dialog to close');
      expect(el.isOpen).to.equal(false);
      expect(sources).to.deep.equal(['escape']);
      await until(() => afterClose === 1, 2000, 'ld-after-close');
      expect(document.activeElement).to.equal(opener);
    });

    it('stays open when the host refuses the close request, and closes when it allows it', async () => {
      const { el, opener, dialog } = await options.open();
      let refuse = true;
      const seen: DialogRequestCloseEvent[] = [];
      const onRequest = (e: DialogRequestCloseEvent) => {
        seen.push(e);
        if (refuse) e.preventDefault();
      };
      // The request reaches the page through shadow roots, as a table's dialog would.
      document.body.addEventListener('ld-request-close', onRequest);
      try {
        closeButtonOf(el, options.closeButton).click();
        await el.updateComplete;
        expect(seen).to.have.length(1);
        expect(seen[0]!.cancelable).to.equal(true);
        expect(seen[0]!.composed).to.equal(true);
        expect(dialog.open).to.equal(true);
        expect(el.isOpen).to.equal(true);
        refuse = false;
        closeButtonOf(el, options.closeButton).click();
        await until(() => !dialog.open, 2000, 'the dialog to close');
        expect(seen).to.have.length(2);
        await until(() => document.activeElement === opener, 2000, 'focus on the opener');
      } finally {
        document.body.removeEventListener('ld-request-close', onRequest);
      }
    });

    it('ignores a click on the backdrop unless light-dismiss is set', async () => {
      const { el, dialog } = await options.open();
      await sendMouse({ type: 'click', position: [3, 3] });
      await el.updateComplete;
      expect(dialog.open, 'still open without light-dismiss').to.equal(true);
      el.lightDismiss = true;
      const sources: string[] = [];
      el.addEventListener('ld-request-close', (e) => sources.push(e.detail.source));
      await sendMouse({ type: 'click', position: [3, 3] });
      await until(() => !dialog.open, 2000, 'the dialog to close');
      expect(sources).to.deep.equal(['backdrop']);
    });

    it('closes at once when the host calls close(), and opens again', async () => {
      const { el, dialog, license } = await options.open();
      const requests: string[] = [];
      el.addEventListener('ld-request-close', (e) => requests.push(e.detail.source));
      el.close();
      expect(el.isOpen).to.equal(false);
      expect(dialog.open).to.equal(false);
      expect(requests, 'the host asked for it: no request').to.deep.equal([]);
      el.open(license);
      await until(() => dialog.open, 2000, 'the dialog to open again');
      expect(dialog.matches(':modal')).to.equal(true);
    });
  });
}
