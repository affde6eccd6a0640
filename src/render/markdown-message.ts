/**
 * The Markdown renderer's chunk: a whole Markdown message and the incremental renderer for a
 * streamed one. Loaded with the first Markdown message (see renderer-loader.ts).
 */
import { renderCappedMarkdown } from './markdown-limits.js';
import { renderPlainText } from './plain-text.js';

/** @public Reached through renderer-loader's dynamic import (`markdownRenderer()`). */
export { StreamingMarkdownRenderer } from './streaming.js';

/** A Markdown message as DOM (markdown.ts, no HTML parsed); as plain text if it renders to nothing or fails. */
export function renderMarkdownMessage(content: string): DocumentFragment {
  try {
    const fragment = renderCappedMarkdown(content);
    return fragment.hasChildNodes() || content.trim() === '' ? fragment : renderPlainText(content);
  } catch {
    return renderPlainText(content);
  }
}
