/**
 * One message's content -> a sanitized DocumentFragment (docs/protocol.md §9), synchronously,
 * with every renderer loaded. The widget itself goes through renderer-loader.ts, which loads
 * the Markdown and Draft.js renderers only when a message needs them; this module is the
 * public, all-in-one form (and what tests use).
 */
import type { MessageFormat } from '../model/types.js';
import { renderDraftMessage, type RenderOptions } from './draft-message.js';
import { renderMarkdownMessage } from './markdown-message.js';
import { detectMessageFormat } from './message-format.js';
import { renderPlainText } from './plain-text.js';

export type { MessageFormat };
export type { RenderOptions } from './draft-message.js';
export { DEFAULT_TRUNCATION_NOTICE, TRUNCATION_NOTICE_CLASS } from './draft-message.js';
export { detectMessageFormat } from './message-format.js';

/**
 * Render one message. `format` is the server's hint (`messageFormat`, or `markdown` for `llm`
 * nodes and `final` events); Draft.js is detected by shape regardless. Never throws.
 */
export function renderMessage(content: string, format?: MessageFormat, options: RenderOptions = {}): DocumentFragment {
  const text = typeof content === 'string' ? content : '';
  try {
    const detected = detectMessageFormat(text, format);
    if (detected.format === 'draftjs') return renderDraftMessage(detected.raw, options);
    if (detected.format === 'markdown') return renderMarkdownMessage(text);
    return renderPlainText(text);
  } catch {
    try {
      return renderPlainText(text);
    } catch {
      return document.createDocumentFragment(); // no DOM to build with: nothing we can show
    }
  }
}
