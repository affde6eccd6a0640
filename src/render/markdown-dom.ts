/**
 * Markdown syntax tree -> DOM, built with createElement, text nodes and setAttribute only: no
 * HTML string is ever parsed, so the Markdown path needs no sanitizer (docs/design.md §5).
 * Every element and attribute goes through `element()`, which refuses anything outside the
 * closed lists in allowed-content.ts (the same lists the Draft.js sanitizer uses).
 *
 * Pure DOM: no Lit, no parser. The tree comes from markdown.ts.
 */
import { ALLOWED_ATTRIBUTES, ALLOWED_TAGS, LINK_DECORATION } from './allowed-content.js';
import { imagePlaceholder } from './image-gate.js';
import { safeUrl } from './safe-url.js';

/** A node of the syntax tree markdown.ts produces. */
export interface MarkdownNode {
  readonly type: string;
  readonly [key: string]: unknown;
}

const TAGS: ReadonlySet<string> = new Set(ALLOWED_TAGS);
const ATTRIBUTES: ReadonlySet<string> = new Set(ALLOWED_ATTRIBUTES);
const ALIGNMENTS: ReadonlySet<unknown> = new Set(['left', 'right', 'center']);

/** An element from the closed list with attributes from the closed list (undefined: left out). */
function element(tag: string, attributes: Readonly<Record<string, string | undefined>> = {}): HTMLElement {
  // A bug in a rule, never content, could ask for anything else: fail loudly (callers show text).
  if (!TAGS.has(tag)) throw new Error(`markdown-dom: <${tag}> is not allowed`);
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    if (!ATTRIBUTES.has(name)) throw new Error(`markdown-dom: attribute ${name} is not allowed`);
    el.setAttribute(name, value);
  }
  return el;
}

/** The fixed, content-free attributes (link target/rel, image loading) shared with the sanitizer. */
function decorate(el: HTMLElement, decoration: Readonly<Record<string, string>>): HTMLElement {
  for (const [name, value] of Object.entries(decoration)) el.setAttribute(name, value);
  return el;
}

function text(parent: Node, value: string): void {
  if (value === '') return;
  // Adjacent text merges into one node, so a message has the same nodes however it was parsed.
  const last = parent.lastChild;
  if (last instanceof Text) last.appendData(value);
  else parent.appendChild(document.createTextNode(value));
}

function children(parent: Node, nodes: unknown): Node {
  if (Array.isArray(nodes)) for (const node of nodes) append(parent, node as MarkdownNode);
  return parent;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function append(parent: Node, node: MarkdownNode): void {
  switch (node.type) {
    case 'text':
      return text(parent, str(node.content) ?? '');
    case 'paragraph':
      parent.appendChild(children(element('p'), node.content));
      return;
    case 'heading': {
      const level = Math.min(6, Math.max(1, Number(node.level) || 1));
      parent.appendChild(children(element(`h${level}`), node.content));
      return;
    }
    case 'codeBlock': {
      const code = str(node.content) ?? '';
      const pre = element('pre');
      pre.appendChild(element('code')).append(code === '' ? '' : `${code}\n`);
      parent.appendChild(pre);
      return;
    }
    case 'blockQuote':
      parent.appendChild(children(element('blockquote'), node.content));
      return;
    case 'list': {
      // A tight item's text before its nested list ends in the line break: layout noise.
      if (parent.lastChild instanceof Text) parent.lastChild.data = parent.lastChild.data.trimEnd();
      const start = node.start;
      const numbered = node.ordered === true && typeof start === 'number' && Number.isSafeInteger(start) && start !== 1;
      const list = element(node.ordered === true ? 'ol' : 'ul', { start: numbered ? String(start) : undefined });
      for (const item of Array.isArray(node.items) ? node.items : []) list.appendChild(children(element('li'), item));
      parent.appendChild(list);
      return;
    }
    case 'table':
      parent.appendChild(table(node));
      return;
    case 'hr':
      parent.appendChild(element('hr'));
      return;
    case 'em':
    case 'strong':
    case 'del':
      parent.appendChild(children(element(node.type), node.content));
      return;
    case 'inlineCode':
      parent.appendChild(element('code')).append(str(node.content) ?? '');
      return;
    case 'br':
      parent.appendChild(element('br'));
      return;
    case 'link':
      return link(parent, node);
    case 'image':
      return image(parent, node);
    default:
      // newline, def, a stray table separator: nothing to show.
      return;
  }
}

function link(parent: Node, node: MarkdownNode): void {
  const target = str(node.target);
  if (target === undefined && typeof node.unresolved === 'string') {
    // A reference to no definition is the text the model wrote.
    text(parent, '[');
    children(parent, node.content);
    text(parent, node.unresolved);
    return;
  }
  const href = target === undefined ? undefined : safeUrl(target, 'link');
  // A link with a URL we refuse is its text, not an anchor that looks clickable.
  if (href === undefined) return void children(parent, node.content);
  parent.appendChild(children(decorate(element('a', { href, title: str(node.title) }), LINK_DECORATION), node.content));
}

function image(parent: Node, node: MarkdownNode): void {
  const target = str(node.target);
  const alt = str(node.alt) ?? '';
  if (target === undefined && typeof node.unresolved === 'string') return text(parent, node.unresolved);
  const src = target === undefined ? undefined : safeUrl(target, 'image');
  // A refused image is its alt text, as the sanitizer does.
  if (src === undefined) return text(parent, alt);
  // Never an <img src> here: image-gate.ts decides whether it loads (issue: images as trackers).
  parent.appendChild(imagePlaceholder(document, src, alt, str(node.title)));
}

function table(node: MarkdownNode): HTMLElement {
  const align = Array.isArray(node.align) ? node.align : [];
  const cellAlign = (column: number): string | undefined => (ALIGNMENTS.has(align[column]) ? String(align[column]) : undefined);
  const row = (cells: unknown, tag: 'th' | 'td'): HTMLElement => {
    const tr = element('tr');
    (Array.isArray(cells) ? cells : []).forEach((cell, column) => tr.appendChild(children(element(tag, { align: cellAlign(column) }), cell)));
    return tr;
  };
  const tableEl = element('table');
  tableEl.appendChild(element('thead')).appendChild(row(node.header, 'th'));
  const rows = Array.isArray(node.cells) ? node.cells : [];
  if (rows.length > 0) {
    const body = tableEl.appendChild(element('tbody'));
    for (const cells of rows) body.appendChild(row(cells, 'td'));
  }
  return tableEl;
}

/** The fragment for a parsed document. */
export function markdownToDom(nodes: readonly MarkdownNode[]): DocumentFragment {
  return children(document.createDocumentFragment(), nodes) as DocumentFragment;
}
