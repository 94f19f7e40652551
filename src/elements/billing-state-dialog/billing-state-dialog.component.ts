import { html, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { announceLicenseChange } from '../../api/context.js';
import type { License } from '../../api/contract/schemas.js';
import { emit } from '../../events/index.js';
import { controls } from '../../styles/controls.js';
import { base } from '../../styles/tokens.js';
import { ActionDialogElement } from '../shared/action-dialog.js';
import { dialogStyles } from '../shared/dialog.styles.js';

/**
 * Enables or disables the automatic renewal of an activated license: shows the current
 * state, offers the other one preselected, and after 'Submit' says what the license does
 * now. A failure keeps the choice; trying again sends the same idempotency key. Open it
 * with `open(license)`.
 *
 * @summary Switch auto-renewal of an activated license on or off.
 *
 * @fires billing-state-changed - Auto-renewal was switched; `detail.license` and `detail.recurrent`.
 * @fires licenses-error - The change failed; the dialog says why.
 * @fires ld-request-close - A person asks to close the dialog (`detail.source`); cancelable.
 * @fires ld-after-close - The dialog closed.
 *
 * @csspart base - The wrapper of the dialog.
 * @csspart dialog - The native `<dialog>`.
 * @csspart panel - The dialog's content box.
 * @csspart header - The heading and the activation code.
 * @csspart heading - The heading.
 * @csspart code - The activation code line.
 * @csspart status - The live region holding progress and the confirmation.
 * @csspart reason - Why the billing state cannot be changed, instead of the form.
 * @csspart form - The form.
 * @csspart error - The explanation of a failed request.
 * @csspart footer - The row of buttons.
 * @csspart cancel-button - Cancel (or Close).
 * @csspart submit-button - Submit.
 * @csspart ok-button - OK, after the change.
 *
 * @cssprop --ld-color-surface - Background of the dialog.
 * @cssprop --ld-color-text - Text colour.
 * @cssprop --ld-color-border - Border of the dialog.
 * @cssprop --ld-color-accent - The Submit button and the radio buttons.
 * @cssprop --ld-color-danger - The failure message.
 * @cssprop --ld-color-success - The confirmation.
 * @cssprop --ld-backdrop - The backdrop behind the dialog.
 * @cssprop --ld-radius - Corners of the dialog.
 */
export class BillingStateDialogElement extends ActionDialogElement {
  static override styles = [base, controls, dialogStyles];

  @state() private recurrent = true;

  protected override heading(): string {
    return this.t('billing.title');
  }

  protected override reset(): void {
    this.recurrent = !(this.license?.recurrent ?? false);
  }

  private submit(event: SubmitEvent): void {
    event.preventDefault();
    const license = this.license;
    const client = this.client;
    if (license === null || client === null || this.busy) return;
    const request = { recurrent: this.recurrent };
    void this.runAction(
      'setBillingState',
      request,
      (idempotencyKey) => client.setBillingState(license.id, request, { idempotencyKey }),
      (changed, current) => {
        if (current) this.confirmation = this.t(changed.recurrent ? 'billing.doneOn' : 'billing.doneOff');
        emit(this, 'billing-state-changed', { license: changed, recurrent: changed.recurrent });
        announceLicenseChange(this.ctx, changed);
      },
    );
  }

  private renderOption(recurrent: boolean, label: string): TemplateResult {
    const checked = this.recurrent === recurrent;
    return this.renderChoice('recurrent', label, checked, () => (this.recurrent = recurrent), checked);
  }

  protected override renderForm(license: License): TemplateResult {
    if (!license.actions.changeBillingState.allowed) return this.renderRefusal(license.actions.changeBillingState);
    const submit = this.renderSubmit(this.t('billing.submit'));
    return html`<form part="form" novalidate @submit=${this.submit}>
      <p>${this.t(license.recurrent ? 'billing.currentOn' : 'billing.currentOff')}</p>
      <fieldset>
        <legend>${this.t('billing.legend')}</legend>
        ${this.renderOption(true, this.t('billing.enable'))} ${this.renderOption(false, this.t('billing.disable'))}
      </fieldset>
      ${this.renderProblem(this.t('billing.failed'))} ${this.renderActions(submit)}
    </form>`;
  }
}
