/** Small pieces of the action dialogs' forms. */
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';

/** Why an action is not available, in place of its form, above `footer`. */
export function renderRefusal(notAllowed: string, reason: string | null, footer: TemplateResult): TemplateResult {
  return html`<div class="message" part="reason">
      <p><strong>${notAllowed}</strong></p>
      ${reason ? html`<p>${reason}</p>` : nothing}
    </div>
    ${footer}`;
}

/** One radio button of the group `name`, with its label. */
export function renderChoice(name: string, label: string, checked: boolean, select: () => void, initialFocus = false): TemplateResult {
  return html`<label class="choice">
    <input type="radio" name=${name} ?data-initial-focus=${initialFocus} .checked=${live(checked)} @change=${select} />
    <span>${label}</span>
  </label>`;
}

/** The OK button that closes a dialog once its action succeeded. */
export function renderDone(ok: string, close: () => void): TemplateResult {
  return html`<div class="actions" part="footer">
    <button class="btn primary" type="button" part="ok-button" data-initial-focus @click=${close}>${ok}</button>
  </div>`;
}
