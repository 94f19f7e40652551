import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { License } from '../../api/contract/schemas.js';
import { emit } from '../../events/index.js';
import { formatIsoDate } from '../../format/index.js';
import { dialogs } from '../../locales/dialogs.js';
import { scheduleMessages } from '../../locales/schedule.js';
import { controls } from '../../styles/controls.js';
import { base } from '../../styles/tokens.js';
import { ActionController } from '../shared/action-controller.js';
import { DialogController, type LicenseDialog } from '../shared/dialog-controller.js';
import { renderChoice } from '../shared/dialog-parts.js';
import { dialogStyles } from '../shared/dialog.styles.js';
import { LicensesController } from '../shared/licenses-controller.js';
import { LocaleController } from '../shared/locale-controller.js';
import { scheduledChangeText } from '../shared/scheduled-change.js';
import { schedulableDays, ScheduleFields } from '../shared/schedule-fields.js';

/**
 * Enables or disables the automatic renewal of an activated license, now or on a later day
 * (from tomorrow up to the license's renewal deadline): shows the current state and a
 * pending scheduled change (which it can cancel), offers the other state preselected, and
 * after 'Submit' says what the license does now or will do. A failure keeps the choice;
 * trying again sends the same idempotency key. Open it with `open(license)`.
 *
 * @summary Switch auto-renewal of an activated license on or off, now or on a date.
 *
 * @fires billing-state-changed - Auto-renewal was switched or scheduled; `detail.license`, `detail.recurrent`, `detail.effectiveOn` (null for now).
 * @fires scheduled-change-cancelled - The pending scheduled change was cancelled; `detail.license`.
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
 * @csspart pending - The scheduled change, with its Cancel button.
 * @csspart cancel-scheduled-button - Cancels the scheduled change.
 * @csspart schedule - The choice between now and a date.
 * @csspart schedule-note - Why no date can be chosen any more.
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
export class BillingStateDialogElement extends LitElement implements LicenseDialog {
  static override styles = [base, controls, dialogStyles];

  @state() private recurrent = true;

  /** Clicking the backdrop asks to close the dialog. */
  @property({ type: Boolean, attribute: 'light-dismiss' }) lightDismiss = false;

  private readonly api = new LicensesController(this, {
    // The license changed elsewhere: shown as it is now, unless this dialog is acting on it.
    licenseChanged: (license) => this.action.settled && this.dialog.replace(license),
  });
  private readonly i18n = new LocaleController(this, () => this.api.settings);
  private readonly dialog = new DialogController(this, {
    lightDismiss: () => this.lightDismiss,
    code: (license) => license.activationCode,
  });
  private readonly action = new ActionController(this, this.api, this.i18n);
  /** Cancelling the scheduled change is an action of its own, with its own key. */
  private readonly cancelAction = new ActionController(this, this.api, this.i18n);
  private readonly schedule = new ScheduleFields(this.i18n, () => this.requestUpdate());

  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.i18n.afterLoading(() => super.scheduleUpdate());
  }

  private get t() {
    return this.i18n.of(dialogs);
  }

  /** The strings of a change on a later day. */
  private get ts() {
    return this.i18n.of(scheduleMessages);
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const license = this.dialog.subject;
    const client = this.api.client;
    if (license === null || client === null || this.action.busy) return;
    const effectiveOn = this.schedule.effectiveOn(this.days(license));
    if (effectiveOn === null) {
      this.requestUpdate();
      this.dialog.focusLater('[aria-invalid="true"]');
      return;
    }
    const request = effectiveOn === undefined ? { recurrent: this.recurrent } : { recurrent: this.recurrent, effectiveOn };
    const outcome = await this.action.run('setBillingState', request, (idempotencyKey) =>
      client.setBillingState(license.id, request, { idempotencyKey }),
    );
    if (outcome === null) return;
    if (!outcome.ok) {
      // A refusal means the license changed elsewhere: every element of the provider hears of it.
      if (!outcome.current) return;
      this.api.refreshAfterRefusal(license, outcome.error);
      this.dialog.focusLater('[aria-invalid="true"], [data-submit]');
      return;
    }
    const changed = outcome.value;
    if (outcome.current) {
      const date = effectiveOn === undefined ? '' : formatIsoDate(effectiveOn, this.i18n.locale);
      this.action.confirm(
        effectiveOn === undefined
          ? this.t(changed.recurrent ? 'billing.doneOn' : 'billing.doneOff')
          : this.ts(request.recurrent ? 'scheduledOn' : 'scheduledOff', { date }),
      );
      this.dialog.focusLater('[data-initial-focus]');
    }
    emit(this, 'billing-state-changed', { license: changed, recurrent: request.recurrent, effectiveOn: effectiveOn ?? null });
    this.api.announce(changed);
  }

  /** Cancels the license's scheduled change; the dialog then shows the license as it is. */
  private async cancelScheduled(): Promise<void> {
    const license = this.dialog.subject;
    const client = this.api.client;
    if (license === null || client === null || this.cancelAction.busy) return;
    const outcome = await this.cancelAction.run('cancelScheduledBillingChange', { licenseId: license.id }, (idempotencyKey) =>
      client.cancelScheduledBillingChange(license.id, { idempotencyKey }),
    );
    if (outcome === null) return;
    if (!outcome.ok) {
      if (outcome.current) this.api.refreshAfterRefusal(license, outcome.error);
      return;
    }
    if (outcome.current) {
      this.dialog.replace(outcome.value);
      this.cancelAction.confirm(this.ts('cancelled'));
    }
    emit(this, 'scheduled-change-cancelled', { license: outcome.value });
    this.api.announce(outcome.value);
  }

  private days(license: License) {
    return schedulableDays(license.renewalDeadline, this.i18n.timeZone);
  }

  /** The pending scheduled change, and Cancel when the license allows it. */
  private renderPending(license: License): TemplateResult | typeof nothing {
    const text = scheduledChangeText(license, this.i18n);
    if (text === null) return nothing;
    const { ts: t } = this;
    return html`<div class="message" part="pending">
      <p>${t('pending', { change: text })}</p>
      ${license.actions.cancelScheduledChange.allowed
        ? html`<button class="btn small" type="button" part="cancel-scheduled-button" ?disabled=${this.cancelAction.busy}
            @click=${() => void this.cancelScheduled()}>${t('cancelScheduled')}</button>`
        : nothing}
      ${this.cancelAction.renderProblem(t('cancelFailed'))}
    </div>`;
  }

  private renderOption(recurrent: boolean, label: string): TemplateResult {
    const checked = this.recurrent === recurrent;
    return renderChoice('recurrent', label, checked, () => (this.recurrent = recurrent), checked);
  }

  private renderForm(license: License): TemplateResult {
    const { t } = this;
    return html`<form part="form" novalidate @submit=${this.submit}>
      <p>${t(license.recurrent ? 'billing.currentOn' : 'billing.currentOff')}</p>
      ${this.renderPending(license)}
      <fieldset>
        <legend>${t('billing.legend')}</legend>
        ${this.renderOption(true, t('billing.enable'))} ${this.renderOption(false, t('billing.disable'))}
      </fieldset>
      ${this.schedule.render(this.days(license))}
      ${this.action.renderProblem(t('billing.failed'))}
      ${this.dialog.renderFooter(this.i18n.common('cancel'), this.action.renderSubmit(t('billing.submit')))}
    </form>`;
  }

  /** Whether the dialog is open (or opening). */
  get isOpen(): boolean {
    return this.dialog.isOpen;
  }

  /** Shows the dialog for `license` as a modal, with the other billing state preselected. */
  open(license: License): void {
    this.recurrent = !license.recurrent;
    this.schedule.reset();
    this.action.reset();
    this.cancelAction.reset();
    this.dialog.open(license);
  }

  /** Closes the dialog at once (a person's close fires `ld-request-close` first). */
  close(): void {
    this.dialog.close();
  }

  override render() {
    const { t } = this;
    const status = this.cancelAction.confirmation !== null || this.cancelAction.busy ? this.cancelAction.renderStatus() : this.action.renderStatus();
    return this.dialog.render(t('billing.title'), t('activationCode'), status, (license) =>
      this.action.renderDialogBody(this.dialog, license.actions.changeBillingState, () => this.renderForm(license)),
    );
  }
}
