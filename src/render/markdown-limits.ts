/**
 * Size caps for Markdown (docs/design.md §5, beside Draft.js's). The parser is fast on what
 * models write but superlinear on hostile input inside one block (`a_` ×40 KB took 1.6 s, a
 * 400-level list 1 s), so a message is rendered block by block (markdown-blocks.ts finds the
 * boundaries in one pass), a block over `maxBlockChars` is shown as plain text, and a message
 * over `maxChars` is cut with a notice. Sized so no render task passes 200 ms (`npm run bench`).
 */
import { MarkdownBlockSplitter } from './markdown-blocks.js';
import { renderMarkdown } from './markdown.js';
import { renderPlainText, truncationNotice } from './plain-text.js';

export const MARKDOWN_LIMITS = Object.freeze({
  /** Characters of one message rendered at all; the rest is cut, with a notice. */
  maxChars: 200_000,
  /** A block (paragraph, list, table, fence) longer than this is shown as plain text. */
  maxBlockChars: 10_000,
  /** While streaming, an open block longer than this shows as plain text until it closes. */
  streamTailChars: 4_000,
});

/** One block as DOM: Markdown within `limit` characters, else (or if it fails) plain text. */
export function renderMarkdownBlock(markdown: string, limit: number = MARKDOWN_LIMITS.maxBlockChars): DocumentFragment {
  if (markdown.length > limit) return renderPlainText(markdown);
  try {
    return renderMarkdown(markdown);
  } catch {
    return renderPlainText(markdown);
  }
}

/** A whole message within the caps. Reference definitions are document-wide: then one parse, if no block is too long. */
export function renderCappedMarkdown(content: string): DocumentFragment {
  const cut = content.length > MARKDOWN_LIMITS.maxChars;
  const text = cut ? content.slice(0, MARKDOWN_LIMITS.maxChars) : content;
  const splitter = new MarkdownBlockSplitter();
  // The final newline completes the last line, so the splitter can tell where its block starts.
  const blocks = [...splitter.push(`${text}\n`), splitter.tail];
  let fragment: DocumentFragment;
  if (splitter.needsFullRender && blocks.every((block) => block.length <= MARKDOWN_LIMITS.maxBlockChars)) {
    fragment = renderMarkdownBlock(text, Infinity);
  } else {
    fragment = document.createDocumentFragment();
    for (const block of blocks) fragment.append(renderMarkdownBlock(block));
  }
  if (cut) fragment.append(truncationNotice());
  return fragment;
}
