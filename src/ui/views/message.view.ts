/**
 * One message of the transcript as a template: the visitor's turns (text, chosen options, a
 * form summary, files with upload progress, "not sent" with Retry) and the bot's nodes
 * (progress steps, the rendered content, time, files, citations, options and forms).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ConversationSession, InputMode, UserTurn } from '../../conversation/conversation-session.js';
import type { PanelStrings } from '../../i18n/strings.js';
import type { BotFile, Citation, IntermediateStep, ResponseNode } from '../../model/types.js';
import type { AlliError } from '../../model/errors.js';
import type { ImagePolicy } from '../../render/image-gate.js';
import { citationLabel, citationLink, stepContent } from '../../render/citations.js';
import { cleanFileName, safeUrl, visibleFileName } from '../../render/safe-url.js';
import type { ViewNode } from '../../wire/reducer.js';
import { secondsUntil } from '../countdown.js';
import type { FileFormat } from '../files.feature.js';
import { messageBody } from './message-body.directive.js';
import type { ItemPosition } from './transcript.view.js';

/** What every message template reads. */
export interface MessageContext {
  readonly strings: PanelStrings;
  readonly locale: string;
  readonly session: ConversationSession;
  readonly mode: InputMode;
  /** The visitor's sentence for an error (the general one until the error sentences arrive). */
  readonly describe: (error: AlliError) => string;
  /** A file list is about to show: the file rules and styles, loaded with the first (undefined until then). */
  readonly usesFiles: () => FileFormat | undefined;
  /** Which images load at once (the element's `image-origins`). */
  readonly images: ImagePolicy;
}

/** The parts of a bot message that other views draw (options, forms). */
export interface BotExtras {
  form(node: ViewNode): TemplateResult | typeof nothing;
  options(node: ViewNode): TemplateResult | typeof nothing;
}

/**
 * A message is an article of the log with its place in the whole transcript, so a screen reader
 * can tell "12 of 1,000" even when only the messages near the viewport are rendered.
 */
function article(at: ItemPosition | undefined) {
  return at ? { role: 'article', pos: at.index + 1, size: at.size } : { role: nothing, pos: nothing, size: nothing };
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The time-of-day format for `locale`, made once. The page's first `Intl.DateTimeFormat` costs
 * 16–23 ms (measured in Chromium): the panel asks for it while it loads on intent, so opening the
 * launcher does not pay for it before the greeting shows.
 */
export function timeFormat(locale: string): Intl.DateTimeFormat {
  let format = timeFormats.get(locale);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' });
    } catch {
      format = new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit' });
    }
    timeFormats.set(locale, format);
  }
  return format;
}

function timeOf(createdAt: number, locale: string): TemplateResult | typeof nothing {
  // Dates outside what Date can hold (±8.64e15 ms) would throw when formatted.
  if (!Number.isFinite(createdAt) || createdAt <= 0 || createdAt > 8.64e15) return nothing;
  const format = timeFormat(locale);
  const date = new Date(createdAt);
  return html`<time datetime=${date.toISOString()}>${format.format(date)}</time>`;
}

export function renderUserTurn(turn: UserTurn, c: MessageContext, at?: ItemPosition): TemplateResult {
  const s = c.strings;
  const a = article(at);
  const { session } = c;
  const content = turn.content;
  const text = content.kind === 'text' ? content.text : content.kind === 'choices' ? content.labels.join(', ') : content.summary;
  const files = content.kind === 'text' ? (content.files ?? []) : [];
  const uploading = turn.status === 'sending' && files.length > 0 && session.phase === 'sending';
  const notice = session.retryNotice;
  const retrying = turn.status === 'sending' && notice?.turnId === turn.id;
  return html`
    <div class="message user ${turn.status}" part="message user-message" data-turn=${turn.id} role=${a.role} aria-posinset=${a.pos} aria-setsize=${a.size}>
      <span class="sr-only">${s.you}:</span>
      ${text ? html`<div class="bubble" part="bubble">${text}</div>` : nothing}
      ${files.length ? renderFileList(files, c) : nothing}
      ${uploading ? renderUploadProgress(turn, c) : nothing}
      ${turn.status === 'failed'
        ? html`<div class="meta" role="status">
            <span title=${turn.error?.code ?? nothing}>${s.notSent}${turn.error ? ` — ${c.describe(turn.error)}` : ''}</span>
            ${c.mode.kind === 'ended'
              ? nothing
              : html`<button class="ghost retry" type="button" ?disabled=${session.busy} @click=${() => void session.retry(turn.id)}>${s.retry}</button>`}
          </div>`
        : retrying && notice
          ? html`<div class="meta retrying">${s.retryingIn(secondsUntil(notice.at))}</div>`
          : turn.status === 'queued'
            ? html`<div class="meta queued">${session.online ? s.waitingToSend : s.waitingForConnection}</div>`
            : turn.status === 'sending' && !uploading
              ? html`<div class="meta">${s.sending}</div>`
              : html`<div class="meta">${timeOf(turn.createdAt, c.locale)}</div>`}
    </div>
  `;
}

function renderFileList(files: readonly File[], c: MessageContext): TemplateResult | typeof nothing {
  const format = c.usesFiles();
  if (!format) return nothing;
  const { formatBytes, middleTruncate } = format;
  return html`<ul class="file-list" aria-label=${c.strings.attachments}>
    ${files.map(
      (f) => html`<li class="file-chip" title=${f.name}>
        <span class="file-name">${middleTruncate(f.name || c.strings.untitledFile, 40)}</span>
        <span class="file-size">${formatBytes(f.size, c.locale)}</span>
      </li>`,
    )}
  </ul>`;
}

function renderUploadProgress(turn: UserTurn, c: MessageContext): TemplateResult {
  const s = c.strings;
  const { sent = 0, total = 0 } = turn.upload ?? {};
  const percent = total > 0 ? Math.min(100, Math.floor((sent / total) * 100)) : 0;
  return html`<div class="upload">
    <progress max="100" .value=${percent} aria-label=${s.uploading(percent)}></progress>
    <span class="upload-label" aria-hidden="true">${s.uploading(percent)}</span>
    <button class="ghost cancel-upload" type="button" @click=${() => c.session.cancel()}>${s.cancelUpload}</button>
  </div>`;
}

function renderSteps(steps: readonly IntermediateStep[], c: MessageContext): TemplateResult {
  return html`<ul class="steps" aria-label=${c.strings.progressLabel}>
    ${steps.map((step) => {
      const { text, format } = stepContent(step);
      const status = step.completed ? 'done' : 'active';
      if (format === 'markdown') {
        const node = { id: step.key, message: text, messageFormat: 'markdown', completed: true } as ResponseNode;
        return html`<li class=${status} ${messageBody(node, c.strings.messageUnavailable, c.images)}></li>`;
      }
      return html`<li class=${status}>${text || step.key}</li>`;
    })}
  </ul>`;
}

/**
 * A bot node inside its own guard: if its parts cannot be drawn, it says so and the rest of the
 * transcript still renders (one malformed node used to blank the whole turn).
 */
export function renderBotNode(node: ViewNode, c: MessageContext, extras: BotExtras, at?: ItemPosition): TemplateResult {
  try {
    return botNode(node, c, extras, article(at));
  } catch {
    return unavailable(node, c.strings, article(at));
  }
}

function unavailable(node: ViewNode, s: PanelStrings, a: ReturnType<typeof article>): TemplateResult {
  return html`<div class="message bot" part="message bot-message" data-node=${node.id} role=${a.role} aria-posinset=${a.pos} aria-setsize=${a.size}>
    <div class="bubble notice unavailable" part="bubble">${s.messageUnavailable}</div>
  </div>`;
}

function botNode(node: ViewNode, c: MessageContext, extras: BotExtras, a: ReturnType<typeof article>): TemplateResult {
  const s = c.strings;
  const steps = Object.hasOwn(c.session.view.steps, node.id) ? c.session.view.steps[node.id] : [];
  const streamingNow = !node.completed && !node.interrupted;
  const hasText = node.message !== '';
  return html`
    <div class="message bot" part="message bot-message" data-node=${node.id} role=${a.role} aria-posinset=${a.pos} aria-setsize=${a.size}>
      <span class="sr-only">${s.bot}:</span>
      ${steps.length ? renderSteps(steps, c) : nothing}
      ${hasText || !streamingNow
        ? html`<div class="bubble" part="bubble" aria-busy=${streamingNow ? 'true' : 'false'} ${messageBody(node, s.messageUnavailable, c.images)}></div>`
        : html`<div class="bubble" part="bubble"><span class="typing"><i></i><i></i><i></i><span class="sr-only">${s.replying}</span></span></div>`}
      ${node.interrupted ? html`<div class="notice">${s.interrupted}</div>` : nothing}
      ${node.completed ? html`<div class="meta">${timeOf(node.createdAt, c.locale)}</div>` : nothing}
      ${node.form && node.completed ? extras.form(node) : nothing}
      ${Array.isArray(node.files) && node.files.length ? renderBotFiles(node.files, c) : nothing}
      ${node.citations?.length ? renderCitations(node.citations, c) : nothing}
      ${node.chatOptionInfos?.length && node.completed ? extras.options(node) : nothing}
    </div>
  `;
}

function renderBotFiles(files: readonly BotFile[], c: MessageContext): TemplateResult | typeof nothing {
  const format = c.usesFiles();
  if (!format) return nothing;
  const { formatBytes, middleTruncate } = format;
  const s = c.strings;
  return html`<ul class="file-list bot-files" aria-label=${s.attachments}>
    ${files.map((f) => {
      // Files are web documents: an absolute http(s) URL or no link at all.
      const href = f.url ? safeUrl(f.url, 'image') : undefined;
      const fullName = visibleFileName(f.name) || s.untitledFile;
      const name = middleTruncate(fullName, 48);
      const details = [typeof f.mimeType === 'string' ? f.mimeType : '', typeof f.size === 'number' ? formatBytes(f.size, c.locale) : '']
        .filter(Boolean)
        .join(' · ');
      return html`<li class="file-chip">
        ${href
          ? html`<a href=${href} target="_blank" rel="noopener noreferrer" referrerpolicy="no-referrer" download=${cleanFileName(fullName)}
              ><span class="file-name">${name}</span><span class="sr-only"> ${s.download}</span></a
            >`
          : html`<span class="file-name">${name}</span>`}
        ${details ? html`<span class="file-size">${details}</span>` : nothing}
      </li>`;
    })}
  </ul>`;
}

/** Sources, by the rules of render/citations.ts: http(s) links only, a short label with the page. */
function renderCitations(citations: readonly Citation[], c: MessageContext): TemplateResult {
  const s = c.strings;
  return html`
    <ol class="citations" aria-label=${s.sources}>
      ${citations.map((citation) => {
        const label = citationLabel(citation, s.page);
        const href = citationLink(citation);
        return html`<li>
          ${href
            ? html`<a href=${href} target="_blank" rel="noopener noreferrer" referrerpolicy="no-referrer">${label}<span class="sr-only"> ${s.opensInNewTab}</span></a>`
            : label}
        </li>`;
      })}
    </ol>
  `;
}
