/**
 * What rich message content may contain, shared by the HTML sanitizer (Draft.js exports) and the
 * Markdown DOM builder, so the two can never disagree (docs/design.md §5). No imports: importing
 * this never pulls in DOMPurify.
 */

/** The closed element list. */
export const ALLOWED_TAGS: readonly string[] = Object.freeze([
  'p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'del', 'code', 'pre', 'blockquote',
  'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'img', 'figure', 'figcaption',
  'span', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
]);

/** Attributes taken from content: URLs (re-checked by safe-url.ts), text, `ol` start, cell align. */
export const ALLOWED_ATTRIBUTES: readonly string[] = Object.freeze(['href', 'src', 'alt', 'title', 'start', 'align']);

/** Fixed attributes every link with an href gets: a new tab that cannot reach back, no referrer. */
export const LINK_DECORATION: Readonly<Record<string, string>> = Object.freeze({
  target: '_blank',
  rel: 'noopener noreferrer',
  referrerpolicy: 'no-referrer',
});

/** Fixed attributes every image gets: no referrer, and it never blocks the message. */
export const IMAGE_DECORATION: Readonly<Record<string, string>> = Object.freeze({
  referrerpolicy: 'no-referrer',
  loading: 'lazy',
  decoding: 'async',
});
