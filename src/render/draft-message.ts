/**
 * The Draft.js renderer's chunk: raw content → `draft-js-export-html` → the one sanitizer.
 * Loaded with the first Draft.js message (see renderer-loader.ts).
 */
import { draftToHtml, draftToPlainText } from './draft/draft-to-html.js';
import { DEFAULT_DRAFT_LIMITS, type DraftLimits } from './draft/raw.js';
import { renderPlainText } from './plain-text.js';
import { sanitizeHtml } from './sanitize.js';


export interface RenderOptions {
  /** Text of the notice appended when a Draft.js document was cut to the limits. */
  truncationNotice?: string;
  /** Override the Draft.js limits (tests, or hosts with other budgets). */
  draftLimits?: DraftLimits;
}

export const DEFAULT_TRUNCATION_NOTICE = '[Message truncated]';
/** Class set (by us, after sanitizing) on the truncation notice, for styling. */
export const TRUNCATION_NOTICE_CLASS = 'alli-truncated';

function truncationNotice(text: string): HTMLElement {
  const notice = document.createElement('p');
  notice.className = TRUNCATION_NOTICE_CLASS;
  notice.textContent = text;
  return notice;
}

/**
 * A Draft.js document as sanitized DOM. Never throws: a document the exporter cannot handle
 * shows its own text, and one that sanitizes to nothing shows as text rather than a blank bubble.
 */
export function renderDraftMessage(raw: Record<string, unknown>, options: RenderOptions = {}): DocumentFragment {
  const limits = options.draftLimits ?? DEFAULT_DRAFT_LIMITS;
  try {
    const { html, truncated } = draftToHtml(raw, limits);
    let fragment = sanitizeHtml(html);
    if (!fragment.hasChildNodes()) fragment = renderPlainText(draftToPlainText(raw, limits));
    if (truncated) fragment.append(truncationNotice(options.truncationNotice ?? DEFAULT_TRUNCATION_NOTICE));
    return fragment;
  } catch {
    try {
      return renderPlainText(draftToPlainText(raw, limits));
    } catch {
      return document.createDocumentFragment();
    }
  }
}
