/**
 * One message's content -> a sanitized DocumentFragment (docs/protocol.md §9).
 *
 * Detection: a JSON object with `blocks[]` and `entityMap` is Draft.js raw content, whatever the
 * hint says; otherwise Markdown when the hint says so; otherwise plain text. Never throws: any
 * failure degrades to plain text, and rich content that sanitizes to nothing (e.g. HTML parsing
 * refused under Trusted Types) is shown as plain text rather than as a blank bubble.
 */
import type { MessageFormat } from '../model/types.js';
import { draftToHtml, draftToPlainText } from './draft/draft-to-html.js';
import { DEFAULT_DRAFT_LIMITS } from './draft/raw.js';
import type { DraftLimits } from './draft/raw.js';
import { renderMarkdown } from './markdown.js';
import { renderPlainText } from './plain-text.js';
import { sanitizeHtml } from './sanitize.js';

export type { MessageFormat };

export interface RenderOptions {
  /** Text of the notice appended when a Draft.js document was cut to the limits. */
  truncationNotice?: string;
  /** Override the Draft.js limits (tests, or hosts with other budgets). */
  draftLimits?: DraftLimits;
}

export const DEFAULT_TRUNCATION_NOTICE = '[Message truncated]';
/** Class set (by us, after sanitizing) on the truncation notice, for styling. */
export const TRUNCATION_NOTICE_CLASS = 'alli-truncated';

export type DetectedContent =
  | { format: 'draftjs'; raw: Record<string, unknown> }
  | { format: 'markdown' | 'text'; raw?: undefined };

/** Parse `content` as Draft.js raw content when it has that shape; undefined otherwise. */
function parseDraftContent(content: string): Record<string, unknown> | undefined {
  // Cheap pre-check so Markdown and text never pay for a JSON.parse attempt.
  if (!/^\s*\{/.test(content)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch {
    return undefined; // broken JSON that merely looks like Draft: plain text
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const has = (key: string): boolean => Object.prototype.hasOwnProperty.call(record, key);
  return has('blocks') && Array.isArray(record['blocks']) && has('entityMap') ? record : undefined;
}

export function detectMessageFormat(content: string, hint?: MessageFormat): DetectedContent {
  const raw = parseDraftContent(content);
  if (raw) return { format: 'draftjs', raw };
  return { format: hint === 'markdown' ? 'markdown' : 'text' };
}

function truncationNotice(text: string): HTMLElement {
  const notice = document.createElement('p');
  notice.className = TRUNCATION_NOTICE_CLASS;
  notice.textContent = text;
  return notice;
}

function renderDraft(raw: Record<string, unknown>, options: RenderOptions): DocumentFragment {
  const limits = options.draftLimits ?? DEFAULT_DRAFT_LIMITS;
  const { html, truncated } = draftToHtml(raw, limits);
  let fragment = sanitizeHtml(html);
  if (!fragment.hasChildNodes()) fragment = renderPlainText(draftToPlainText(raw, limits));
  if (truncated) fragment.append(truncationNotice(options.truncationNotice ?? DEFAULT_TRUNCATION_NOTICE));
  return fragment;
}

function renderRich(detected: DetectedContent, content: string, options: RenderOptions): DocumentFragment {
  if (detected.format === 'draftjs') return renderDraft(detected.raw, options);
  if (detected.format === 'markdown') {
    const fragment = renderMarkdown(content);
    return fragment.hasChildNodes() || content.trim() === '' ? fragment : renderPlainText(content);
  }
  return renderPlainText(content);
}

/**
 * Render one message. `format` is the server's hint (`messageFormat`, or `markdown` for `llm`
 * nodes and `final` events); Draft.js is detected by shape regardless.
 */
export function renderMessage(content: string, format?: MessageFormat, options: RenderOptions = {}): DocumentFragment {
  const text = typeof content === 'string' ? content : '';
  let detected: DetectedContent = { format: 'text' };
  try {
    detected = detectMessageFormat(text, format);
    return renderRich(detected, text, options);
  } catch {
    try {
      // A Draft.js document falls back to its own text, not to its JSON.
      return renderPlainText(detected.format === 'draftjs' ? draftToPlainText(detected.raw) : text);
    } catch {
      return document.createDocumentFragment(); // no DOM to build with: nothing we can show
    }
  }
}
