import { css } from 'lit';

/**
 * Public tokens are `--alli-chat-*`; each is read once here into a private `--_*` copy so the
 * rest of the sheet never depends on what the host set or forgot.
 */
export const alliChatStyles = css`
  :host {
    --_accent: var(--alli-chat-accent, #3d5afe);
    --_accent-text: var(--alli-chat-accent-text, #ffffff);
    --_surface: var(--alli-chat-surface, #ffffff);
    --_surface-alt: var(--alli-chat-surface-alt, #f3f4f7);
    --_text: var(--alli-chat-text, #1d2330);
    --_text-muted: var(--alli-chat-text-muted, #596275);
    --_border: var(--alli-chat-border, #d5d9e2);
    --_danger: var(--alli-chat-danger, #b3261e);
    --_font: var(--alli-chat-font, system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans KR', 'Noto Sans JP', sans-serif);
    --_radius: var(--alli-chat-radius, 12px);
    --_user-bubble-bg: var(--alli-chat-user-bubble-bg, var(--_accent));
    --_user-bubble-text: var(--alli-chat-user-bubble-text, var(--_accent-text));
    --_bot-bubble-bg: var(--alli-chat-bot-bubble-bg, var(--_surface-alt));
    --_bot-bubble-text: var(--alli-chat-bot-bubble-text, var(--_text));
    --_focus: var(--alli-chat-focus-ring, 0 0 0 3px color-mix(in srgb, var(--_accent) 45%, transparent));

    display: block;
    box-sizing: border-box;
    height: 100%;
    min-height: 320px;
    color: var(--_text);
    font-family: var(--_font);
    font-size: 15px;
    line-height: 1.5;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  .panel {
    display: flex;
    flex-direction: column;
    height: 100%;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
  }

  .header {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 10px 12px 10px 16px;
    border-bottom: 1px solid var(--_border);
  }
  .header h2 {
    flex: 1;
    margin: 0;
    font-size: 1rem;
    font-weight: 650;
  }

  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
    min-width: 24px;
    min-height: 24px;
  }
  button:disabled {
    cursor: not-allowed;
  }
  button:focus-visible,
  textarea:focus-visible,
  a:focus-visible {
    outline: none;
    box-shadow: var(--_focus);
  }
  .ghost {
    border: 1px solid var(--_border);
    background: transparent;
    border-radius: 8px;
    padding: 4px 10px;
  }
  .ghost:hover:not(:disabled) {
    background: var(--_surface-alt);
  }

  .messages {
    flex: 1;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: 16px 12px;
    display: flex;
    flex-direction: column;
    gap: 10px;
  }

  .message {
    display: flex;
    flex-direction: column;
    max-width: 85%;
    gap: 4px;
  }
  .message.user {
    align-self: flex-end;
    align-items: flex-end;
  }
  .message.bot {
    align-self: flex-start;
  }
  .bubble {
    padding: 8px 12px;
    border-radius: var(--_radius);
    overflow-wrap: anywhere;
  }
  .user .bubble {
    background: var(--_user-bubble-bg);
    color: var(--_user-bubble-text);
    white-space: pre-wrap;
    border-end-end-radius: 4px;
  }
  .bot .bubble {
    background: var(--_bot-bubble-bg);
    color: var(--_bot-bubble-text);
    border-end-start-radius: 4px;
  }
  .user.failed .bubble {
    opacity: 0.75;
    outline: 2px dashed var(--_danger);
    outline-offset: 1px;
  }
  .bubble > :first-child,
  .bubble .block:first-child > :first-child {
    margin-top: 0;
  }
  .bubble > :last-child,
  .bubble .block:last-child > :last-child {
    margin-bottom: 0;
  }
  .bubble p,
  .bubble ul,
  .bubble ol,
  .bubble pre,
  .bubble blockquote {
    margin: 0 0 0.6em;
  }
  .bubble pre {
    overflow-x: auto;
    padding: 8px;
    border-radius: 8px;
    background: color-mix(in srgb, var(--_text) 8%, transparent);
  }
  .bubble code {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.9em;
  }
  .bubble img {
    max-width: 100%;
    height: auto;
  }
  .bubble a {
    color: inherit;
    text-decoration: underline;
  }
  .bubble table {
    border-collapse: collapse;
  }
  .bubble th,
  .bubble td {
    border: 1px solid var(--_border);
    padding: 2px 6px;
  }
  .meta {
    font-size: 0.8rem;
    color: var(--_text-muted);
    display: flex;
    gap: 8px;
    align-items: center;
  }
  .failed .meta {
    color: var(--_danger);
  }
  .notice {
    font-size: 0.85rem;
    color: var(--_text-muted);
    font-style: italic;
  }
  .typing {
    display: inline-flex;
    gap: 3px;
  }
  .typing i {
    width: 6px;
    height: 6px;
    border-radius: 50%;
    background: var(--_text-muted);
    animation: blink 1.2s infinite ease-in-out;
  }
  .typing i:nth-child(2) {
    animation-delay: 0.2s;
  }
  .typing i:nth-child(3) {
    animation-delay: 0.4s;
  }
  @keyframes blink {
    0%,
    80%,
    100% {
      opacity: 0.25;
    }
    40% {
      opacity: 1;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .typing i {
      animation: none;
      opacity: 0.6;
    }
  }

  .steps {
    list-style: none;
    margin: 0;
    padding: 0;
    font-size: 0.85rem;
    color: var(--_text-muted);
  }
  .steps li::before {
    content: '◌ ';
  }
  .steps li.done::before {
    content: '✓ ';
  }

  .citations {
    margin: 4px 0 0;
    padding-inline-start: 1.4em;
    font-size: 0.85rem;
    color: var(--_text-muted);
  }
  .citations a {
    color: inherit;
  }

  .options {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    margin-top: 2px;
  }
  .option {
    border: 1px solid var(--_option-border, var(--_accent));
    background: var(--_option-bg, var(--_surface));
    color: var(--_option-fg, var(--_accent));
    font-weight: var(--_option-weight, 500);
    font-style: var(--_option-style, normal);
    text-decoration: var(--_option-decoration, none);
    border-radius: 999px;
    padding: 5px 14px;
  }
  .option[aria-pressed='true'] {
    box-shadow: inset 0 0 0 2px currentColor;
  }
  .option:disabled {
    opacity: 0.55;
  }
  .option.chosen {
    opacity: 1;
    box-shadow: inset 0 0 0 2px currentColor;
  }

  .banner {
    display: flex;
    gap: 8px;
    align-items: center;
    margin: 0 12px 8px;
    padding: 8px 12px;
    border-radius: 8px;
    background: color-mix(in srgb, var(--_danger) 10%, var(--_surface));
    color: var(--_danger);
    font-size: 0.9rem;
  }
  .banner span {
    flex: 1;
  }
  .banner.ended,
  .banner.agent {
    background: var(--_surface-alt);
    color: var(--_text);
  }

  .composer {
    display: flex;
    align-items: flex-end;
    gap: 8px;
    padding: 10px 12px;
    border-top: 1px solid var(--_border);
  }
  .composer textarea {
    flex: 1;
    resize: none;
    field-sizing: content;
    min-height: 40px;
    max-height: 160px;
    padding: 8px 12px;
    border: 1px solid var(--_border);
    border-radius: 10px;
    font: inherit;
    font-size: 16px;
    color: var(--_text);
    background: var(--_surface);
  }
  .composer textarea:disabled {
    background: var(--_surface-alt);
  }
  .send,
  .stop {
    min-width: 64px;
    height: 40px;
    border: none;
    border-radius: 10px;
    padding: 0 14px;
    background: var(--_accent);
    color: var(--_accent-text);
    font-weight: 600;
  }
  .send:disabled {
    opacity: 0.45;
  }
  .stop {
    background: var(--_text);
    color: var(--_surface);
  }

  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  .panel {
    position: relative;
  }
  .drop-hint {
    position: absolute;
    inset: 8px;
    z-index: 2;
    display: grid;
    place-items: center;
    border: 2px dashed var(--_accent);
    border-radius: var(--_radius);
    background: color-mix(in srgb, var(--_surface) 88%, transparent);
    color: var(--_text);
    font-weight: 600;
    pointer-events: none;
  }
  .file-list,
  .attachments,
  .file-notices {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  .attachments,
  .file-notices {
    padding: 8px 12px 0;
  }
  .file-notices {
    flex-direction: column;
    color: var(--_danger);
    font-size: 0.85rem;
  }
  .file-chip {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    max-width: 100%;
    padding: 4px 8px;
    border: 1px solid var(--_border);
    border-radius: 8px;
    background: var(--_surface);
    color: var(--_text);
    font-size: 0.85rem;
  }
  .file-chip a {
    color: inherit;
  }
  .file-name {
    overflow-wrap: anywhere;
  }
  .file-size {
    color: var(--_text-muted);
    white-space: nowrap;
  }
  .thumb {
    width: 28px;
    height: 28px;
    object-fit: cover;
    border-radius: 4px;
  }
  .remove-file {
    border: none;
    background: transparent;
    border-radius: 6px;
    font-size: 1.1rem;
    line-height: 1;
  }
  .remove-file:hover {
    background: var(--_surface-alt);
  }
  .upload {
    display: flex;
    align-items: center;
    gap: 8px;
    font-size: 0.8rem;
    color: var(--_text-muted);
  }
  .upload progress {
    width: 120px;
    accent-color: var(--_accent);
  }
  .attach {
    width: 40px;
    height: 40px;
    border: 1px solid var(--_border);
    border-radius: 10px;
    background: var(--_surface);
    color: var(--_text-muted);
    display: inline-grid;
    place-items: center;
  }
  .attach:hover {
    color: var(--_text);
  }
`;