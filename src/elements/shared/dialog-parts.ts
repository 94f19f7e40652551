/** A piece of the action dialogs' forms. */
import { html, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';

/** One radio button of the group `name`, with its label. */
export function renderChoice(name: string, label: string, checked: boolean, select: () => void, initialFocus = false): TemplateResult {
  return html`<label class="choice">
    <input type="radio" name=${name} ?data-initial-focus=${initialFocus} .checked=${live(checked)} @change=${select} />
    <span>${label}</span>
  </label>`;
}
