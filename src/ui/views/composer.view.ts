/**
 * The input area: attachments and refusal notices, the attach button and its hidden picker,
 * the text box (Enter sends, Shift+Enter is a new line) and Send or Stop.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ConversationSession, InputMode } from '../../conversation/conversation-session.js';
import type { PanelStrings } from '../../i18n/strings.js';
import type { ComposerController } from '../controllers/composer.controller.js';
import type { FileFormat } from '../files.feature.js';

interface ComposerContext {
  readonly strings: PanelStrings;
  readonly locale: string;
  readonly session: ConversationSession | undefined;
  readonly mode: InputMode;
  readonly accept: string;
  /** Attachments or a drop are about to show: the file rules and styles, loaded with the first (undefined until then). */
  readonly usesFiles: () => FileFormat | undefined;
}

function renderAttachments(composer: ComposerController, c: ComposerContext): TemplateResult | typeof nothing {
  const s = c.strings;
  if (composer.attachments.length === 0 && composer.notices.length === 0) return nothing;
  const { formatBytes, middleTruncate } = c.usesFiles() ?? {};
  return html`
    ${composer.notices.length
      ? html`<ul class="file-notices">
          ${composer.notices.map((n) => html`<li>${n}</li>`)}
        </ul>`
      : nothing}
    ${composer.attachments.length && formatBytes && middleTruncate
      ? html`<ul class="attachments" aria-label=${s.attachments}>
          ${composer.attachments.map((file) => {
            const thumb = composer.thumbnailFor(file);
            return html`<li class="file-chip" title=${file.name}>
              ${thumb ? html`<img class="thumb" src=${thumb} alt="" />` : nothing}
              <span class="file-name">${middleTruncate(file.name || s.untitledFile, 28)}</span>
              <span class="file-size">${formatBytes(file.size, c.locale)}</span>
              <button class="remove-file" type="button" aria-label=${s.removeFile(file.name)} @click=${() => composer.removeAttachment(file)}>×</button>
            </li>`;
          })}
        </ul>`
      : nothing}
  `;
}

const attachIcon = html`<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
  <path
    fill="none"
    stroke="currentColor"
    stroke-width="2"
    stroke-linecap="round"
    d="M21 11.5l-8.5 8.5a5 5 0 0 1-7-7L14 4.5a3.5 3.5 0 0 1 5 5L10.5 18a2 2 0 0 1-3-3L15 7.5"
  />
</svg>`;

export function renderComposer(composer: ComposerController, c: ComposerContext): TemplateResult | typeof nothing {
  const s = c.strings;
  const { mode, session } = c;
  if (mode.kind === 'ended') return nothing;
  const busy = session?.busy ?? true;
  const textAllowed = mode.kind === 'text' || mode.kind === 'agent' || ((mode.kind === 'options' || mode.kind === 'form') && mode.allowText);
  const rows = Math.min(6, Math.max(1, composer.draft.split('\n').length));
  const empty = composer.draft.trim() === '' && composer.attachments.length === 0;
  const pickFiles = (e: Event) => (e.currentTarget as HTMLElement).parentElement?.querySelector<HTMLInputElement>('.attach-input')?.click();
  return html`
    ${textAllowed ? renderAttachments(composer, c) : nothing}
    <form class="composer" part="composer" @submit=${composer.onSubmit}>
      ${composer.attachAllowed && textAllowed
        ? html`<button class="attach" part="attach-button" type="button" aria-label=${s.attach} title=${s.attach} @click=${pickFiles}>${attachIcon}</button>
            <input class="attach-input" type="file" multiple accept=${c.accept || nothing} hidden tabindex="-1" @change=${composer.onFileInput} />`
        : nothing}
      <textarea
        part="input"
        rows=${rows}
        aria-label=${s.inputLabel}
        placeholder=${textAllowed ? s.inputPlaceholder : s.inputPlaceholderChoose}
        .value=${composer.draft}
        ?disabled=${!textAllowed}
        @input=${composer.onInput}
        @keydown=${composer.onKeydown}
        @paste=${composer.onPaste}
        @compositionstart=${composer.onComposition}
        @compositionend=${composer.onComposition}
      ></textarea>
      ${session?.streaming && session.capabilities.canStop
        ? html`<button class="stop" part="stop-button" type="button" ?disabled=${session.stopRequested} @click=${() => session.stop()}>${s.stop}</button>`
        : html`<button class="send" part="send-button" type="submit" ?disabled=${busy || !textAllowed || empty || composer.composing}>${s.send}</button>`}
    </form>
  `;
}
