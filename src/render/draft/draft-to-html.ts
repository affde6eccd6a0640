/**
 * Draft.js raw content -> HTML string with `draft-js-export-html`, through our adapter.
 * The HTML is NOT safe yet: `stateToHTML` passes `javascript:` URLs and data-/class attributes
 * through (docs/design.md §5). Callers sanitize it (src/render/sanitize.ts).
 * Pure: no DOM.
 */
import { stateToHTML } from 'draft-js-export-html';
import { createContentState } from './content-state.js';
import { escapeHtml } from '../escape-html.js';
import { DEFAULT_DRAFT_LIMITS, normalizeRawContent, rawPlainText } from './raw.js';
import type { DraftLimits, NormalizedRawContent } from './raw.js';

export interface DraftHtml {
  html: string;
  /** Blocks or text were cut to the limits: show a notice. */
  truncated: boolean;
}

/** Export already-normalized content. Throws only if the exporter itself does. */
function normalizedDraftToHtml(content: NormalizedRawContent): string {
  // The typings name draft-js's ContentState (untyped here: no @types/draft-js); ours is the
  // structural subset stateToHTML calls (docs/design.md §4).
  return stateToHTML(createContentState(content));
}

/**
 * Raw content (any value) -> HTML. Malformed input never throws here; when the exporter still
 * fails, the result is the document's text, HTML-escaped, one paragraph per block.
 */
export function draftToHtml(raw: unknown, limits: DraftLimits = DEFAULT_DRAFT_LIMITS): DraftHtml {
  const content = normalizeRawContent(raw, limits);
  try {
    return { html: normalizedDraftToHtml(content), truncated: content.truncated };
  } catch {
    const paragraphs = content.blocks.map((block) => `<p>${escapeHtml(block.text)}</p>`);
    return { html: paragraphs.join('\n'), truncated: content.truncated };
  }
}

/** Plain text of raw content (blocks joined by newlines), for text-only fallbacks. */
export function draftToPlainText(raw: unknown, limits: DraftLimits = DEFAULT_DRAFT_LIMITS): string {
  return rawPlainText(normalizeRawContent(raw, limits));
}
