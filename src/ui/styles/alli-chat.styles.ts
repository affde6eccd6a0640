import { css } from 'lit';
import { tokenStyles } from './tokens.js';

/**
 * The element's sheet. Every colour, size and font comes from a private `--_*` copy of a public
 * token (src/ui/styles/tokens.ts). Layout uses logical properties so `dir="rtl"` mirrors it.
 */
const layout = css`
  :host {
    --_space: calc(8px * var(--_density));
    display: block;
    box-sizing: border-box;
    height: 100%;
    min-height: 320px;
    color: var(--_text);
    font-family: var(--_font);
    font-size: var(--_font-size);
    line-height: 1.5;
    -webkit-text-size-adjust: 100%;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  /* Launcher mode: the host takes no room in the page; the button and panel float. */
  :host([mode='launcher']) {
    position: fixed;
    z-index: var(--_z-index);
    inset-block-end: var(--_offset-y);
    inset-inline-end: auto;
    right: var(--_offset-x);
    left: auto;
    height: auto;
    min-height: 0;
    width: auto;
  }
  :host([mode='launcher'][position='bottom-left']) {
    right: auto;
    left: var(--_offset-x);
  }
  :host([mode='launcher'][position='top-right']),
  :host([mode='launcher'][position='top-left']) {
    inset-block-end: auto;
    inset-block-start: var(--_offset-y);
  }
  :host([mode='launcher'][position='top-left']) {
    right: auto;
    left: var(--_offset-x);
  }

  .launcher {
    position: relative;
    display: grid;
    place-items: center;
    width: var(--_launcher-size);
    height: var(--_launcher-size);
    border: none;
    border-radius: 50%;
    background: var(--_launcher-bg);
    color: var(--_launcher-text);
    box-shadow: var(--_shadow);
    cursor: pointer;
    transition: transform 0.15s ease;
  }
  .launcher:hover {
    transform: scale(1.05);
  }
  .launcher svg {
    width: 50%;
    height: 50%;
  }
  .badge {
    position: absolute;
    inset-block-start: -4px;
    inset-inline-end: -4px;
    min-width: 22px;
    height: 22px;
    padding: 0 6px;
    border-radius: 11px;
    background: var(--_danger);
    color: var(--_surface);
    font-size: 12px;
    font-weight: 700;
    line-height: 22px;
    text-align: center;
  }

  .panel {
    position: relative;
    display: flex;
    flex-direction: column;
    height: 100%;
    background: var(--_surface);
    color: var(--_text);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
  }
  .panel[hidden] {
    display: none;
  }
  :host([mode='launcher']) .panel {
    position: absolute;
    inset-block-end: calc(var(--_launcher-size) + 12px);
    right: 0;
    width: min(var(--_panel-width), calc(100vw - 2 * var(--_offset-x)));
    height: min(var(--_panel-height), calc(100dvh - var(--_launcher-size) - 2 * var(--_offset-y) - 12px));
    box-shadow: var(--_shadow);
  }
  :host([mode='launcher'][position='bottom-left']) .panel,
  :host([mode='launcher'][position='top-left']) .panel {
    right: auto;
    left: 0;
  }
  :host([mode='launcher'][position^='top']) .panel {
    inset-block-end: auto;
    inset-block-start: calc(var(--_launcher-size) + 12px);
  }

  /* Phones: the open panel is the whole screen, above the on-screen keyboard. */
  @media (max-width: 639.98px) {
    :host([mode='launcher'][open]) .panel {
      position: fixed;
      inset: 0;
      width: 100vw;
      height: var(--_viewport-height, 100dvh);
      border: none;
      border-radius: 0;
      padding-block-start: env(safe-area-inset-top);
      padding-block-end: env(safe-area-inset-bottom);
      padding-inline: env(safe-area-inset-left) env(safe-area-inset-right);
    }
    :host([mode='launcher'][open]) .launcher {
      display: none;
    }
  }

  .header {
    display: flex;
    align-items: center;
    gap: var(--_space);
    padding: calc(1.25 * var(--_space)) calc(1.5 * var(--_space));
    background: var(--_header-bg);
    color: var(--_header-text);
    border-block-end: 1px solid var(--_border);
  }
  .title {
    flex: 1;
    display: flex;
    align-items: center;
    gap: var(--_space);
    margin: 0;
    font-size: 1rem;
    font-weight: 650;
    min-width: 0;
  }
  .title ::slotted(img),
  .title ::slotted(svg) {
    max-height: 28px;
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
  a:focus-visible,
  .messages:focus-visible,
  input:focus-visible,
  select:focus-visible {
    outline: 2px solid transparent;
    box-shadow: var(--_focus-ring);
  }
  .ghost {
    border: 1px solid var(--_control-border);
    background: transparent;
    border-radius: 8px;
    padding: 2px 10px;
  }
  .ghost:hover:not(:disabled) {
    background: var(--_surface-alt);
  }
  .icon-button {
    display: inline-grid;
    place-items: center;
    width: 32px;
    height: 32px;
    border: none;
    border-radius: 8px;
    background: transparent;
    color: inherit;
  }
  .icon-button:hover {
    background: var(--_surface-alt);
  }

  .messages {
    position: relative;
    flex: 1;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: calc(2 * var(--_space)) calc(1.5 * var(--_space));
    display: flex;
    flex-direction: column;
    gap: calc(1.25 * var(--_space));
  }
  .empty {
    margin: auto;
    color: var(--_text-muted);
    text-align: center;
  }
  .sentinel {
    flex: none;
    height: 1px;
    margin-block-start: -1px;
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
    padding: var(--_space) calc(1.5 * var(--_space));
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
    outline: 2px dashed var(--_danger);
    outline-offset: 1px;
  }
  .bubble > :first-child {
    margin-block-start: 0;
  }
  .bubble > :last-child {
    margin-block-end: 0;
  }
  .bubble p,
  .bubble ul,
  .bubble ol,
  .bubble pre,
  .bubble blockquote,
  .bubble table,
  .bubble h1,
  .bubble h2,
  .bubble h3,
  .bubble h4 {
    margin-block: 0 0.6em;
  }
  .bubble h1,
  .bubble h2,
  .bubble h3,
  .bubble h4 {
    font-size: 1.05em;
    line-height: 1.35;
  }
  .bubble ul,
  .bubble ol {
    padding-inline-start: 1.4em;
  }
  /* Korean breaks between words, not inside them. */
  .bubble:lang(ko) {
    word-break: keep-all;
  }
  .bubble blockquote {
    margin-inline: 0;
    padding-inline-start: 10px;
    border-inline-start: 3px solid var(--_control-border);
  }
  .bubble pre {
    overflow-x: auto;
    padding: var(--_space);
    border-radius: 8px;
    background: var(--_surface);
    border: 1px solid var(--_border);
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
    display: block;
    overflow-x: auto;
  }
  .bubble th,
  .bubble td {
    border: 1px solid var(--_control-border);
    padding: 2px 6px;
  }
  .meta {
    font-size: 0.8rem;
    color: var(--_text-muted);
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
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
    padding-block: 6px;
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
    padding-inline-start: 1.6em;
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
    margin-block-start: 2px;
  }
  .option {
    border: 1px solid var(--_option-border-app, var(--_option-border));
    background: var(--_option-bg-app, var(--_option-bg));
    color: var(--_option-fg-app, var(--_option-text));
    font-weight: var(--_option-weight, 500);
    font-style: var(--_option-style, normal);
    text-decoration: var(--_option-decoration, none);
    border-radius: 999px;
    padding: 5px 14px;
    min-height: 32px;
  }
  .option:hover:not(:disabled) {
    filter: brightness(0.96);
  }
  .option[aria-pressed='true'] {
    box-shadow: inset 0 0 0 2px currentColor;
  }
  .option:disabled {
    opacity: 0.6;
  }
  .option.chosen {
    opacity: 1;
    box-shadow: inset 0 0 0 2px currentColor;
  }

  .jump {
    position: absolute;
    inset-block-end: calc(var(--_composer-height, 64px) + 8px);
    left: 50%;
    transform: translateX(-50%);
    z-index: 1;
    border: 1px solid var(--_control-border);
    border-radius: 999px;
    padding: 4px 14px;
    background: var(--_surface);
    color: var(--_text);
    box-shadow: var(--_shadow);
  }

  .banner {
    display: flex;
    gap: var(--_space);
    align-items: center;
    margin: 0 calc(1.5 * var(--_space)) var(--_space);
    padding: var(--_space) calc(1.5 * var(--_space));
    border-radius: 8px;
    background: var(--_theme-danger-surface);
    color: var(--_text);
    font-size: 0.9rem;
  }
  .banner span {
    flex: 1;
  }
  .banner.ended,
  .banner.agent {
    background: var(--_surface-alt);
  }

  .composer {
    display: flex;
    align-items: flex-end;
    gap: var(--_space);
    padding: calc(1.25 * var(--_space)) calc(1.5 * var(--_space));
    border-block-start: 1px solid var(--_border);
  }
  .composer textarea {
    flex: 1;
    resize: none;
    field-sizing: content;
    min-height: 40px;
    max-height: 160px;
    padding: 8px 12px;
    border: 1px solid var(--_control-border);
    border-radius: 10px;
    font: inherit;
    /* 16 px at least: iOS zooms into smaller inputs. */
    font-size: max(16px, 1em);
    color: var(--_input-text);
    background: var(--_input-bg);
  }
  .composer textarea::placeholder {
    color: var(--_text-muted);
    opacity: 1;
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
    opacity: 0.5;
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

  /* Attachments */
  .drop-hint {
    position: absolute;
    inset: 8px;
    z-index: 2;
    display: grid;
    place-items: center;
    border: 2px dashed var(--_accent);
    border-radius: var(--_radius);
    background: var(--_surface);
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
    padding: var(--_space) calc(1.5 * var(--_space)) 0;
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
    border: 1px solid var(--_control-border);
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
    gap: var(--_space);
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
    border: 1px solid var(--_control-border);
    border-radius: 10px;
    background: var(--_input-bg);
    color: var(--_text-muted);
    display: inline-grid;
    place-items: center;
  }
  .attach:hover {
    color: var(--_text);
  }

  @media (prefers-reduced-motion: reduce) {
    .typing i {
      animation: none;
      opacity: 0.6;
    }
    .launcher {
      transition: none;
    }
    .launcher:hover {
      transform: none;
    }
  }
  @media (forced-colors: active) {
    .bubble,
    .option,
    .launcher {
      border: 1px solid CanvasText;
    }
  }
`;

export const alliChatStyles = [tokenStyles, layout];
