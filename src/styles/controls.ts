import { css } from 'lit';

/** Buttons, fields and messages shared by the elements. */
export const controls = css`
  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
    letter-spacing: inherit;
    text-transform: none;
    margin: 0;
  }
  .btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: var(--_s1);
    min-height: 2.25rem;
    padding: 0 var(--_s3);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-s);
    background: var(--_surface);
    color: var(--_text);
    cursor: pointer;
    white-space: nowrap;
    line-height: 1;
  }
  .btn:hover:not(:disabled) {
    background: var(--_raised);
  }
  .btn.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  .btn.primary:hover:not(:disabled) {
    filter: brightness(1.08);
    background: var(--_accent);
  }
  .btn.small {
    min-height: 1.75rem;
    padding: 0 var(--_s2);
    font-size: var(--_size-s);
  }
  .btn:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: var(--_s1);
    min-width: 0;
  }
  .field > label,
  .label {
    font-size: var(--_size-s);
    font-weight: 600;
    color: var(--_text);
  }
  .input {
    min-height: 2.25rem;
    width: 100%;
    padding: 0 var(--_s2);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-s);
    background: var(--_surface);
    color: var(--_text);
  }
  .input[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .field-error {
    color: var(--_danger);
    font-size: var(--_size-s);
  }
  .message {
    padding: var(--_s3);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_raised);
  }
  .message.error {
    border-color: var(--_danger);
  }
  .message.success {
    border-color: var(--_success);
  }
  .muted {
    color: var(--_muted);
  }
`;
