/**
 * Which URLs from the server may become a link or an image. Kept apart from the sanitizer so
 * the conversation core can check a citation's or a file's URL without loading DOMPurify.
 */
export type UrlKind = 'link' | 'image';

const LINK_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:', 'tel:']);
const IMAGE_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:']);

/**
 * The normalized absolute URL when `value` is allowed for `kind`, else undefined. Only absolute
 * URLs pass: nothing from the server is resolved against the host page (a relative link, file or
 * image would point into the host site, with its cookies). docs/protocol.md §9.
 */
export function safeUrl(value: string, kind: UrlKind): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(value);
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

/** A file name as shown: no control or bidi-control characters (`evil\u202Efdp.exe` would read as `evilexe.pdf`). */
export function visibleFileName(name: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return name.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
}

/** A file name as a download name: also no path separators (a name is not a path) and no leading dots. */
export function cleanFileName(name: string): string {
  return visibleFileName(name).replace(/[/\\]/g, '_').replace(/^[\s.]+|\s+$/g, '');
}
