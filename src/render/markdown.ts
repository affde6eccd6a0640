/**
 * Markdown (LLM answers) -> sanitized DOM, with a private `marked` instance (GFM, synchronous)
 * so our options never touch a host page's global `marked`.
 *
 * Raw HTML inside Markdown is rendered as visible, escaped text rather than parsed: an LLM that
 * writes `<img src=x onerror=…>` should show those characters, not a (sanitized) element, and
 * it keeps prompt-injected markup from shaping the message's layout.
 */
import { Marked } from 'marked';
import type { Tokens } from 'marked';
import { sanitizeHtml } from './sanitize.js';
import { escapeHtml } from './escape-html.js';

const markdown = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    html({ text, block }: Tokens.HTML | Tokens.Tag): string {
      const escaped = escapeHtml(text);
      return block ? `<p>${escaped.trimEnd()}</p>\n` : escaped;
    },
  },
});

/** Markdown -> HTML string (unsanitized). Throws only on a parser bug. */
export function markdownToHtml(source: string): string {
  return markdown.parse(source, { async: false });
}

/**
 * Markdown -> sanitized fragment. The newlines marked writes between blocks are dropped at the
 * top level, so a message is the same node list whether rendered whole or block by block.
 */
export function renderMarkdown(source: string): DocumentFragment {
  const fragment = sanitizeHtml(markdownToHtml(source));
  for (const node of [...fragment.childNodes]) {
    if (node.nodeType === Node.TEXT_NODE && node.textContent!.trim() === '') node.remove();
  }
  return fragment;
}
