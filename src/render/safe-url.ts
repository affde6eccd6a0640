/**
 * Which URLs from the server may become a link or an image. Kept apart from the sanitizer so
 * the conversation core can check a citation's or a file's URL without loading DOMPurify.
 */
export type UrlKind = 'link' | 'image';

const LINK_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:', 'tel:']);
const IMAGE_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:']);

function defaultBase(): string | undefined {
  return typeof document === 'undefined' ? undefined : document.baseURI;
}

/**
 * The normalized absolute URL when `value` is allowed for `kind`, else undefined.
 * Relative URLs resolve against `base` (default: the document's base URL); with `base` null they
 * are refused (Markdown from a model has no business pointing into the host page).
 */
export function safeUrl(value: string, kind: UrlKind, base: string | null | undefined = defaultBase()): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  let url: URL;
  try {
    url = base === null ? new URL(value) : new URL(value, base);
  } catch {
    return undefined;
  }
  const allowed = kind === 'image' ? IMAGE_PROTOCOLS : LINK_PROTOCOLS;
  return allowed.has(url.protocol) ? url.href : undefined;
}

/** Whether `value` may be used as a link href / image src. */
export function isSafeUrl(value: string, kind: UrlKind): boolean {
  return safeUrl(value, kind) !== undefined;
}
