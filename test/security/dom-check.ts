/**
 * The DOM check of the security tests: what may appear where server text reaches the screen.
 * Used after every render (through a MutationObserver), on renderMessage output, and by the
 * property tests. Returns a list of problems (empty = pass) so a failure names every offender.
 */

const XHTML = 'http://www.w3.org/1999/xhtml';

/** Elements that must never appear in message content. */
export const FORBIDDEN_TAGS: ReadonlySet<string> = new Set([
  'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'meta', 'link',
  'style', 'form', 'svg', 'math', 'template', 'slot', 'noscript', 'input', 'textarea', 'select',
  'option', 'video', 'audio', 'source', 'track', 'portal', 'param', 'xmp', 'plaintext', 'listing',
  'noembed', 'noframes', 'title', 'image', 'isindex', 'keygen', 'marquee', 'details', 'dialog',
]);

/** Containers of server text in the element's shadow root. */
export const CONTENT_SELECTOR = '.bubble, .citations, .steps, .options, .banner, .message .meta, .bot-files';
/** Where our own buttons may be (options, the banner's and a failed turn's retry). */
// `.alli-image`: the placeholder of an image from another origin (render/image-gate.ts).
const BUTTON_CONTAINERS = '.options, .banner, .message .meta, .alli-image';

const LINK_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:', 'tel:']);
const IMAGE_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:']);

/** Attributes our own templates and the sanitizer's hooks set. Anything else is suspicious. */
const ALLOWED_ATTRIBUTES: ReadonlySet<string> = new Set([
  'class', 'part', 'href', 'src', 'alt', 'title', 'start', 'align', 'target', 'rel', 'referrerpolicy',
  'loading', 'decoding', 'role', 'type', 'disabled', 'tabindex', 'style',
  // A download link's suggested file name (a bot file): a value, never parsed as a URL.
  'download',
]);
/** Classes allowed on elements INSIDE a bubble (the bubble's own class list is ours). */
const BUBBLE_INNER_CLASSES: ReadonlySet<string> = new Set(['alli-truncated', 'typing', 'sr-only', 'alli-image']);

/** A value that is a plain colour or one of the option style keywords the element sets. */
const PLAIN_OPTION_VALUE = /^(?:#[0-9a-f]{3,8}|(?:rgb|hsl)a?\([0-9a-z.,%\s/+-]*\)|[a-z]{3,20}|700)$/i;

export function parsedScheme(value: string): string | undefined {
  try {
    return new URL(value, document.baseURI).protocol;
  } catch {
    return undefined;
  }
}

function describe(el: Element): string {
  const attrs = [...el.attributes].map((a) => `${a.name}="${a.value.slice(0, 40)}"`).join(' ');
  return `<${el.localName}${attrs ? ' ' + attrs : ''}>`;
}

/** Problems of one element (its attributes and its own kind), not of its descendants. */
export function checkElement(el: Element, inBubble = el.parentElement?.closest('.bubble') != null): string[] {
  const problems: string[] = [];
  const tag = el.localName;
  if (el.namespaceURI !== XHTML) problems.push(`foreign-namespace element ${describe(el)}`);
  if (FORBIDDEN_TAGS.has(tag)) problems.push(`forbidden element ${describe(el)}`);
  if (tag.includes('-')) problems.push(`custom element ${describe(el)}`);
  if (tag === 'button' && !el.closest(BUTTON_CONTAINERS)) problems.push(`button outside controls ${describe(el)}`);
  if (el.shadowRoot) problems.push(`element with a shadow root ${describe(el)}`);

  for (const attr of [...el.attributes]) {
    const name = attr.name.toLowerCase();
    const value = attr.value;
    if (name.startsWith('on')) problems.push(`event handler ${name} on ${describe(el)}`);
    else if (name === 'srcdoc' || name === 'id' || name === 'name' || name.startsWith('data-')) problems.push(`attribute ${name} on ${describe(el)}`);
    else if (name === 'style') {
      const style = (el as HTMLElement).style;
      const props = Array.from({ length: style.length }, (_, i) => style.item(i));
      const onOption = el.matches('.option');
      const bad = props.filter((p) => !p.startsWith('--_option-') || !PLAIN_OPTION_VALUE.test(style.getPropertyValue(p).trim()));
      if (!onOption || bad.length > 0 || (props.length === 0 && value.trim() !== '')) {
        problems.push(`style ${JSON.stringify(value.slice(0, 80))} on ${describe(el)}`);
      }
    } else if (name === 'href') {
      const scheme = parsedScheme(value);
      if (tag !== 'a') problems.push(`href on ${describe(el)}`);
      else if (!scheme || !LINK_SCHEMES.has(scheme)) problems.push(`link scheme ${scheme} in ${describe(el)}`);
    } else if (name === 'src') {
      const scheme = parsedScheme(value);
      if (tag !== 'img') problems.push(`src on ${describe(el)}`);
      else if (!scheme || !IMAGE_SCHEMES.has(scheme)) problems.push(`image scheme ${scheme} in ${describe(el)}`);
    } else if (name === 'datetime') {
      // Message times (<time datetime>): written by the element from a number, never server text.
      if (tag !== 'time' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?Z$/.test(value)) problems.push(`datetime ${JSON.stringify(value.slice(0, 40))} on ${describe(el)}`);
    } else if (name === 'class' && inBubble) {
      const odd = [...el.classList].filter((c) => !BUBBLE_INNER_CLASSES.has(c));
      if (odd.length > 0) problems.push(`server-looking class ${odd.join(' ')} on ${describe(el)}`);
    } else if (!ALLOWED_ATTRIBUTES.has(name) && !name.startsWith('aria-')) {
      problems.push(`unexpected attribute ${name} on ${describe(el)}`);
    }
  }
  if (tag === 'a' && (el.getAttribute('target') ?? '').toLowerCase() === '_blank') {
    const rel = (el.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    if (!rel.includes('noopener')) problems.push(`new-tab link without rel=noopener ${describe(el)}`);
  }
  return problems;
}

/** Problems of `root` and everything under it. */
export function checkTree(root: Element | DocumentFragment): string[] {
  const problems: string[] = [];
  const elements = root instanceof Element ? [root, ...root.querySelectorAll('*')] : [...root.querySelectorAll('*')];
  const isFragment = !(root instanceof Element);
  for (const el of elements) problems.push(...checkElement(el, isFragment ? true : undefined));
  return problems;
}

/** Problems of every content container in the element's shadow root. */
export function checkWidget(shadow: ShadowRoot): string[] {
  return [...shadow.querySelectorAll(CONTENT_SELECTOR)].flatMap((container) => checkTree(container));
}

/**
 * Runs the check after every render: each batch of mutations is checked where it landed in
 * message content. Problems accumulate in `problems`.
 */
export function watchWidget(shadow: ShadowRoot): { problems: string[]; renders: () => number; stop(): void } {
  const problems: string[] = [];
  let batches = 0;
  const inContent = (node: Node): boolean => node instanceof Element && (node.matches(CONTENT_SELECTOR) || node.closest(CONTENT_SELECTOR) !== null);
  const observer = new MutationObserver((records) => {
    batches += 1;
    for (const record of records) {
      if (record.type === 'attributes') {
        if (inContent(record.target)) problems.push(...checkElement(record.target as Element));
        continue;
      }
      for (const node of record.addedNodes) {
        if (!(node instanceof Element)) continue;
        if (inContent(node)) problems.push(...checkTree(node));
        else for (const container of node.querySelectorAll(CONTENT_SELECTOR)) problems.push(...checkTree(container));
      }
    }
  });
  observer.observe(shadow, { childList: true, subtree: true, attributes: true });
  return {
    problems,
    renders: () => batches,
    stop: () => observer.disconnect(),
  };
}

/** Whitespace, controls and invisible characters dropped: what "the text is visible" compares. */
export function visibleText(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are among what is dropped
  return text.replace(/[\u0000-\u0020\u007f-\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff\ufffd]/g, '');
}
