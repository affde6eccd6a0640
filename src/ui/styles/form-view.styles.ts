import { css } from 'lit';

/**
 * Styles for `renderForm` (form-view.ts), added to the element's own sheet: they use its private
 * `--_*` tokens (the newer ones, `--_control-border`, `--_input-bg`, `--_focus-ring`,
 * `--_danger-surface`, with a fallback to the older set) and its `.sr-only` and `.ghost` classes. Inputs are 16px (no zoom on iOS), every
 * target is at least 24×24 px, and focus always shows.
 */
export const formViewStyles = css`
  .chat-form {
    display: flex;
    flex-direction: column;
    gap: 12px;
    width: 100%;
    margin: 0;
    padding: 12px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
  }
  .chat-form[aria-busy='true'] {
    cursor: progress;
  }
  .form-title {
    margin: 0;
    font-size: 1rem;
    font-weight: 650;
  }
  .form-description {
    margin: -6px 0 0;
    color: var(--_text-muted);
    font-size: 0.9rem;
  }
  .form-error {
    margin: 0;
    padding: 6px 10px;
    border-radius: 8px;
    background: var(--_danger-surface, color-mix(in srgb, var(--_danger) 10%, var(--_surface)));
    color: var(--_danger);
    font-size: 0.9rem;
  }

  .form-field {
    display: flex;
    flex-direction: column;
    gap: 4px;
    min-width: 0;
    margin: 0;
    padding: 0;
    border: none;
  }
  .field-label {
    font-weight: 600;
    font-size: 0.9rem;
    padding: 0;
  }
  .required-mark {
    color: var(--_danger);
    margin-inline-start: 2px;
  }

  .field-input {
    width: 100%;
    min-height: 40px;
    padding: 8px 10px;
    border: 1px solid var(--_control-border, var(--_border));
    border-radius: 8px;
    background: var(--_input-bg, var(--_surface));
    color: var(--_input-text, var(--_text));
    font: inherit;
    font-size: 16px;
  }
  textarea.field-input {
    resize: vertical;
    min-height: 72px;
  }
  select.field-input[multiple] {
    padding: 4px;
  }
  select.field-input[multiple] option {
    padding: 4px 6px;
    border-radius: 4px;
  }
  .field-input[readonly],
  .field-input:disabled {
    background: var(--_surface-alt);
  }
  .field-input[aria-invalid='true'] {
    border-color: var(--_danger);
    box-shadow: inset 0 0 0 1px var(--_danger);
  }
  .field-input:focus-visible,
  .chat-form input[type='checkbox']:focus-visible,
  .chat-form input[type='radio']:focus-visible,
  .file-input:focus-visible,
  .form-submit:focus-visible,
  .file-remove:focus-visible {
    outline: 2px solid transparent;
    outline-offset: 1px;
    box-shadow: var(--_focus-ring, var(--_focus));
  }

  .choices {
    display: flex;
    flex-direction: column;
    gap: 2px;
  }
  .choice {
    display: flex;
    align-items: center;
    gap: 8px;
    min-height: 32px;
  }
  .choice input {
    flex: none;
    width: 20px;
    height: 20px;
    margin: 2px;
    accent-color: var(--_accent);
  }
  .choice label {
    flex: 1;
    padding: 4px 0;
    cursor: pointer;
  }
  .choice input[aria-invalid='true'] {
    outline: 1px solid var(--_danger);
    outline-offset: 1px;
  }

  .file-input {
    min-height: 40px;
    max-width: 100%;
    font: inherit;
    font-size: 16px;
    color: var(--_text-muted);
  }
  .file-input::file-selector-button {
    min-height: 36px;
    margin-inline-end: 10px;
    padding: 4px 12px;
    border: 1px solid var(--_control-border, var(--_border));
    border-radius: 8px;
    background: var(--_surface);
    color: var(--_text);
    font: inherit;
    cursor: pointer;
  }
  .file-input:hover:not(:disabled)::file-selector-button {
    background: var(--_surface-alt);
  }
  .field-hint {
    margin: 0;
    color: var(--_text-muted);
    font-size: 0.85rem;
  }
  .file-list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 4px;
  }
  .file-item {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 2px 4px 2px 10px;
    border: 1px solid var(--_border);
    border-radius: 8px;
    background: var(--_surface-alt);
  }
  .file-name {
    flex: 1;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .file-size {
    color: var(--_text-muted);
    font-size: 0.85rem;
    white-space: nowrap;
  }
  .file-remove {
    min-width: 32px;
    min-height: 32px;
    border: none;
    border-radius: 6px;
    background: transparent;
    font-size: 1.1rem;
    line-height: 1;
  }
  .file-remove:hover:not(:disabled) {
    background: color-mix(in srgb, var(--_text) 10%, transparent);
  }

  .field-error {
    margin: 0;
    color: var(--_danger);
    font-size: 0.85rem;
  }
  .field-error::before {
    content: '⚠ ';
  }

  .form-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: center;
  }
  .form-submit {
    min-width: 64px;
    min-height: 40px;
    border: none;
    border-radius: 10px;
    padding: 0 16px;
    background: var(--_accent);
    color: var(--_accent-text);
    font-weight: 600;
  }
  .form-submit[aria-disabled='true'] {
    background: var(--_text-muted);
    cursor: progress;
  }

  .form-readonly {
    background: var(--_surface-alt);
  }
  .form-summary {
    margin: 0;
    display: grid;
    grid-template-columns: minmax(0, max-content) minmax(0, 1fr);
    gap: 4px 12px;
  }
  .summary-row {
    display: contents;
  }
  .form-summary dt {
    color: var(--_text-muted);
    font-size: 0.9rem;
  }
  .form-summary dd {
    margin: 0;
    overflow-wrap: anywhere;
    white-space: pre-wrap;
  }
  .form-summary dd.unanswered {
    color: var(--_text-muted);
    font-style: italic;
  }
  .form-closed {
    margin: 0;
    color: var(--_text-muted);
    font-style: italic;
  }

  @media (forced-colors: active) {
    .field-input[aria-invalid='true'],
    .choice input[aria-invalid='true'] {
      outline: 2px solid CanvasText;
    }
  }
`;
