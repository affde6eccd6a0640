/**
 * Images in messages load only from the origins the host allows (`image-origins`; default the
 * Alli API origin). Any other image is a placeholder with its alt text and host name that loads
 * when the visitor asks: an image fetch is a request the answer's author chose, so a prompt-
 * injected answer could otherwise send what the visitor typed to any server (docs/design.md §5).
 * The builders (markdown-dom.ts, sanitize.ts) never create an `<img src>`; they create
 * placeholders, and `revealImages` decides, with the policy of the element showing them.
 */
import { IMAGE_DECORATION } from './allowed-content.js';

export interface ImagePolicy {
  /** Origins whose images load at once (`https://cdn.example`). */
  readonly origins: readonly string[];
  /** The button's text: "Show image from collector.example". */
  label(host: string): string;
}

/**
 * The policy of an element: `imageOrigins` (the attribute, space-separated) or, when empty, the
 * origin of `apiBase`; values that are not URLs are left out.
 */
export function imagePolicyFor(imageOrigins: string, apiBase: string, label: (host: string) => string): ImagePolicy {
  const values = imageOrigins.trim() ? imageOrigins.trim().split(/\s+/) : [apiBase];
  const origins = values.flatMap((value) => {
    try {
      return [new URL(value, document.baseURI).origin];
    } catch {
      return [];
    }
  });
  return { origins, label };
}

const PLACEHOLDER_CLASS = 'alli-image';

/** Placeholder → [absolute URL, alt, title]; never in an attribute, so nothing can fetch it. */
const sources = new WeakMap<Element, [string, string, string | undefined]>();

/** A placeholder for an http(s) image `url` (already checked absolute by safe-url.ts), built in `doc`. */
export function imagePlaceholder(doc: Document, url: string, alt: string, title?: string): HTMLElement {
  const box = doc.createElement('span');
  box.className = PLACEHOLDER_CLASS;
  const host = new URL(url).host;
  box.append(alt ? `${alt} ` : '', `(${host}) `);
  box.appendChild(doc.createElement('button')).type = 'button'; // labelled by revealImages

  sources.set(box, [url, alt, title]);
  return box;
}

function load(box: Element): void {
  const entry = sources.get(box);
  if (!entry) return;
  sources.delete(box);
  const img = document.createElement('img');
  for (const [name, value] of Object.entries(IMAGE_DECORATION)) img.setAttribute(name, value);
  img.alt = entry[1];
  if (entry[2]) img.title = entry[2];
  img.src = entry[0];
  box.replaceWith(img);
}

/** Loads the allowed placeholders under `root`; labels the others' buttons and loads them on click. */
export function revealImages(root: ParentNode, policy: ImagePolicy | undefined): void {
  for (const box of root.querySelectorAll(`span.${PLACEHOLDER_CLASS}`)) {
    const entry = sources.get(box);
    if (!entry) continue;
    const url = new URL(entry[0]);
    if (policy?.origins.includes(url.origin)) {
      load(box);
      continue;
    }
    const button = box.querySelector('button')!;
    button.textContent = policy ? policy.label(url.host) : url.host;
    button.onclick = () => load(box);
  }
}
