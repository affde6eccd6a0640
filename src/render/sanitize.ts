/**
 * The sanitizer configuration for rich HTML content (Draft.js exports; Markdown is built as DOM
 * by markdown-dom.ts from the same lists in allowed-content.ts). docs/protocol.md §9, docs/design.md §5.
 *
 * - Closed tag list; attributes href/src/alt/title plus `start` (ol numbering from Markdown) and
 *   `align` (GFM table column alignment). No style, class, id, name, data-*, aria-*.
 * - Every href/src is re-parsed with `new URL(value, document.baseURI)` and written back in its
 *   normalized absolute form, so entity/whitespace obfuscation (`jav&#x09;ascript:`) cannot
 *   survive. Links keep http:, https:, mailto:, tel:. Images keep http: and https: only: no
 *   data: images (a data:image/svg+xml payload is a document, and remote-only keeps one rule
 *   for every image), so an image's source is always a URL the host's CSP `img-src` governs.
 * - Links open in a new tab with rel="noopener noreferrer" and referrerpolicy="no-referrer";
 *   images get referrerpolicy="no-referrer" and lazy loading.
 * - A dedicated DOMPurify instance (`DOMPurify(window)`) carries our hooks, so they never leak
 *   onto a host page's global DOMPurify.
 * - RETURN_DOM_FRAGMENT: callers insert nodes, never an HTML string, and nothing here assigns
 *   innerHTML on a live node. Under enforced Trusted Types DOMPurify needs a policy to parse its
 *   input: we create a private pass-through policy named `alli-chat` (its output only ever
 *   reaches DOMPurify's inert parser); if the page's CSP does not allow that name, DOMPurify
 *   falls back to its own `dompurify` policy.
 */
import DOMPurify from 'dompurify';
import type { Config, DOMPurify as Purifier, UponSanitizeAttributeHookEvent } from 'dompurify';
import { imagePlaceholder } from './image-gate.js';
import { safeUrl, type UrlKind } from './safe-url.js';
import { ALLOWED_ATTRIBUTES, ALLOWED_TAGS, IMAGE_DECORATION, LINK_DECORATION } from './allowed-content.js';

export { isSafeUrl, safeUrl } from './safe-url.js';

/** Which tag may carry which URL attribute. */
const URL_ATTRIBUTES: Readonly<Record<string, { tag: string; kind: UrlKind }>> = Object.freeze({
  href: { tag: 'A', kind: 'link' },
  src: { tag: 'IMG', kind: 'image' },
});

function checkUrlAttribute(node: Element, event: UponSanitizeAttributeHookEvent): void {
  const rule = Object.prototype.hasOwnProperty.call(URL_ATTRIBUTES, event.attrName) ? URL_ATTRIBUTES[event.attrName] : undefined;
  if (!rule) return;
  const url = node.nodeName === rule.tag ? safeUrl(event.attrValue, rule.kind) : undefined;
  if (url === undefined) event.keepAttr = false;
  else event.attrValue = url;
}

function decorateElement(node: Node): void {
  if (!(node instanceof Element)) return;
  const decoration = node.nodeName === 'A' && node.hasAttribute('href') ? LINK_DECORATION : node.nodeName === 'IMG' ? IMAGE_DECORATION : undefined;
  for (const [name, value] of Object.entries(decoration ?? {})) node.setAttribute(name, value);
}

interface TrustedTypePolicyLike {
  createHTML(input: string): unknown;
  createScriptURL(input: string): unknown;
}

function createTrustedTypesPolicy(): TrustedTypePolicyLike | undefined {
  const factory = (globalThis as { trustedTypes?: { createPolicy(name: string, rules: object): TrustedTypePolicyLike } })
    .trustedTypes;
  if (!factory) return undefined;
  try {
    return factory.createPolicy('alli-chat', {
      createHTML: (input: string) => input,
      createScriptURL: (input: string) => input,
    });
  } catch {
    return undefined; // not allowed by the page's CSP: DOMPurify tries its own policy
  }
}

let purifier: Purifier | undefined;
let config: Config & { RETURN_DOM_FRAGMENT: true } | undefined;

function getPurifier(): { purify: Purifier; options: Config & { RETURN_DOM_FRAGMENT: true } } {
  if (!purifier || !config) {
    purifier = DOMPurify(window);
    purifier.addHook('uponSanitizeAttribute', checkUrlAttribute);
    purifier.addHook('afterSanitizeAttributes', decorateElement);
    const policy = createTrustedTypesPolicy();
    config = {
      ALLOWED_TAGS: [...ALLOWED_TAGS],
      ALLOWED_ATTR: [...ALLOWED_ATTRIBUTES],
      ALLOW_DATA_ATTR: false,
      ALLOW_ARIA_ATTR: false,
      ALLOW_UNKNOWN_PROTOCOLS: false,
      // Defence in depth behind the hook (which writes back absolute URLs).
      ALLOWED_URI_REGEXP: /^(?:https?|mailto|tel):/i,
      // DOMPurify tests every non-"URI-safe" attribute value against that regexp; these two are
      // plain values (a number, a keyword), never URLs.
      ADD_URI_SAFE_ATTR: ['start', 'align'],
      SANITIZE_NAMED_PROPS: true,
      KEEP_CONTENT: true,
      RETURN_DOM_FRAGMENT: true,
      ...(policy ? { TRUSTED_TYPES_POLICY: policy as unknown as Config['TRUSTED_TYPES_POLICY'] } : {}),
    };
  }
  return { purify: purifier, options: config };
}

/**
 * Sanitize untrusted HTML into a DocumentFragment owned by the current document.
 * Images whose source was refused are replaced by their alt text.
 */
export function sanitizeHtml(html: string): DocumentFragment {
  const { purify, options } = getPurifier();
  const fragment = purify.sanitize(html, options);
  for (const a of fragment.querySelectorAll('a:not([href])')) a.replaceWith(...a.childNodes);
  // Still in DOMPurify's inert document, where no image loads: each becomes a placeholder
  // (image-gate.ts decides later), a refused one its alt text.
  for (const img of fragment.querySelectorAll('img')) {
    const alt = img.getAttribute('alt') ?? '';
    const src = img.getAttribute('src');
    img.replaceWith(src ? imagePlaceholder(img.ownerDocument, src, alt, img.getAttribute('title') ?? undefined) : alt);
  }
  return fragment;
}
