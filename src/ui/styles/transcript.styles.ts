import { css } from 'lit';

/**
 * The panel's inside, part one: header, transcript, messages, steps, citations (option buttons:
 * options.styles.ts, with their chunk).
 * Adopted into the shadow root with the conversation core (see chat-panel.ts); reads the same
 * private `--_*` tokens as the shell.
 */
export const transcriptStyles = css`
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
`;
