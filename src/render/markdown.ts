/**
 * Markdown (LLM answers) -> DOM. A private simple-markdown parser whose rules are configured for
 * what model answers use (CommonMark/GFM-like: ATX and setext headings, emphasis, strong, del,
 * code spans, fenced and indented code, block quotes, nested lists, GFM tables with alignment,
 * rules, inline/auto/bare/reference links, images, hard breaks, escapes), then markdown-dom.ts
 * builds the DOM from the tree. No HTML string exists anywhere on this path, so no sanitizer.
 *
 * Raw HTML is not a Markdown construct here: `<img src=x onerror=…>` is text and shows as those
 * characters, and prompt-injected markup cannot shape the message's layout.
 *
 * Block boundaries must stay what markdown-blocks.ts assumes (a blank line followed by a line at
 * column 0 ends every construct except fenced code and a list that goes on with another item).
 */
import SimpleMarkdownModule from '@khanacademy/simple-markdown';
import type { Capture, MatchFunction, ParserRule, ParserRules, SingleASTNode, State } from '@khanacademy/simple-markdown';
import { markdownToDom, type MarkdownNode } from './markdown-dom.js';

// Node (the server entry, SSR) reads the package's CommonJS build, whose default import is the
// whole exports object; bundlers read the ES build.
const SimpleMarkdown = (SimpleMarkdownModule as unknown as { default?: typeof SimpleMarkdownModule }).default ?? SimpleMarkdownModule;
const { defaultRules: base, parserFor, parseInline, parseBlock } = SimpleMarkdown;

/** Containers (lists, quotes) and inline nesting deeper than this are shown as their source text. */
export const MAX_NESTING = 20;

const BLANK = /^[ \t]*$/;
const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})([^\n]*)\n/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
/** Lines that end a paragraph without a blank line (CommonMark: heading, fence, quote, list, rule). */
const INTERRUPTS_PARAGRAPH = /^ {0,3}(?:#{1,6}(?:[ \t]|$)|`{3,}(?!.*`)|~{3,}|>|(?:[-*+]|1\.)[ \t]+\S|(?:\*[ \t]*){3,}$|(?:_[ \t]*){3,}$)/;
const startsTable = (source: string): boolean => tableMatches.some((match) => match(source, {}) !== null);

const capture = (...groups: string[]): Capture => groups;

function blockMatch(match: (source: string, state: State) => Capture | null): MatchFunction {
  return (source, state) => (state.inline ? null : match(source, state));
}

/** simple-markdown parses nested constructs recursively: cap the depth so hostile nesting cannot blow the stack. */
function capped(rule: ParserRule): ParserRule {
  return {
    ...rule,
    parse(found, parse, state) {
      const depth = typeof state.depth === 'number' ? state.depth : 0;
      if (depth >= MAX_NESTING) return { type: 'text', content: found[0] };
      state.depth = depth + 1;
      try {
        return rule.parse(found, parse, state);
      } finally {
        state.depth = depth;
      }
    },
  };
}

/** No link inside a link (a bare URL in a link's text stays text). */
function outsideLinks(match: MatchFunction): MatchFunction {
  return (source, state, previous) => (state.inLink ? null : match(source, state, previous));
}

/** Paragraph: lines up to a blank line or an interrupting block; a setext underline makes it a heading. */
function matchParagraph(source: string): Capture | null {
  let lineEnd = source.indexOf('\n');
  if (lineEnd === -1) lineEnd = source.length;
  if (BLANK.test(source.slice(0, lineEnd))) return null;
  let contentEnd = lineEnd;
  while (lineEnd < source.length) {
    const start = lineEnd + 1;
    let end = source.indexOf('\n', start);
    if (end === -1) end = source.length;
    const line = source.slice(start, end);
    if (BLANK.test(line)) break;
    const underline = SETEXT_UNDERLINE.exec(line);
    if (underline) return capture(source.slice(0, Math.min(end + 1, source.length)), source.slice(0, contentEnd), underline[1][0]);
    if (INTERRUPTS_PARAGRAPH.test(line)) break;
    if (line.includes('|') && startsTable(source.slice(start))) break;
    lineEnd = contentEnd = end;
  }
  return capture(source.slice(0, Math.min(lineEnd + 1, source.length)), source.slice(0, contentEnd), '');
}

const START_OF_LINE_INDENT = /(?:^|\n)( *)$/;
const LIST_START = /^( *)((?:[*+-]|\d+\.)) /;
const LIST_BULLET = /^(?:[*+-]|\d+\.) /;
const FENCE_START = /^( *)(?:`{3}|~{3})/;
const ordered = (bullet: string): boolean => bullet[0] >= '0' && bullet[0] <= '9';

/**
 * A list, for simple-markdown's list parser: from a bullet to a blank line followed by a line that
 * is neither indented nor another item at the list's indentation (any number of blank lines,
 * so a fence in an item may hold several), or to a fence no further right than the bullets (a
 * fence is no lazy continuation line). markdown-blocks.ts relies on both ends.
 */
function matchList(source: string, state: State): Capture | null {
  const previous = state.prevCapture == null ? '' : String((state.prevCapture as unknown as string[])[0]);
  // As simple-markdown does: only at a line start, and in inline content only inside a list item.
  const lineStart = START_OF_LINE_INDENT.exec(previous);
  if (!lineStart || (state.inline && !state._list)) return null;
  // Cheap test on the first line before building `indent + source` (a copy of the rest).
  if (!LIST_START.test(lineStart[1] + source.slice(0, source.indexOf('\n') + 1 || source.length))) return null;
  const text = lineStart[1] + source;
  const start = LIST_START.exec(text)!;
  const indent = start[1];
  // The fence cut only where the capture lines up with the source (no indentation taken from before).
  const atBlockLevel = lineStart[1] === '';
  let end = text.indexOf('\n');
  let afterBlank = false;
  while (end !== -1 && end < text.length - 1) {
    let lineEnd = text.indexOf('\n', end + 1);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(end + 1, lineEnd);
    if (BLANK.test(line)) {
      afterBlank = true;
    } else {
      const bullet = line.startsWith(indent) ? LIST_BULLET.exec(line.slice(indent.length)) : null;
      if (afterBlank && line[0] !== ' ' && !bullet) break;
      // A bullet of the other kind (ordered or not) at the list's indentation starts another list.
      if (bullet && ordered(bullet[0]) !== ordered(start[2])) break;
      const fence = atBlockLevel ? FENCE_START.exec(line) : null;
      if (fence && fence[1].length <= indent.length) break;
      afterBlank = false;
    }
    end = lineEnd;
  }
  return capture(end === -1 ? text : text.slice(0, end + 1), indent, start[2]);
}

const DELIMITER_ROW = /^[ |:-]*-[ |:-]*$/;
const FENCE_ROW = /^ {0,3}(?:`{3,}(?![^\n]*`)|~{3,})/m;

/** A table's rows end before a line that opens a fence (markdown-blocks.ts sees a fence there). */
function tableBeforeFence(match: MatchFunction): (source: string, state: State) => Capture | null {
  return (source, state) => {
    // Only with a delimiter row under the first line (the patterns backtrack on long lines of pipes).
    const second = source.indexOf('\n') + 1;
    if (second === 0 || !DELIMITER_ROW.test(source.slice(second, source.indexOf('\n', second) >>> 0))) return null;
    const found = match(source, state, '');
    const rows = found?.[3];
    const fence = rows ? FENCE_ROW.exec(rows) : null;
    if (!found || !rows || !fence) return found ?? null;
    const head = found[0].slice(0, found[0].lastIndexOf(rows));
    const kept = rows.slice(0, fence.index);
    return capture(head + kept, found[1], found[2], kept);
  };
}

const tableMatches = [tableBeforeFence(base.table.match), tableBeforeFence(base.nptable.match)];

/** Fenced code; an unclosed fence runs to the end of its container (as CommonMark says). */
function matchFence(source: string): Capture | null {
  const open = FENCE_OPEN.exec(source);
  if (!open) return null;
  const [opening, indent, marker, info] = open as unknown as [string, string, string, string];
  if (marker[0] === '`' && info.includes('`')) return null;
  const body = source.slice(opening.length);
  const close = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`, 'm').exec(body);
  const content = close ? body.slice(0, close.index) : `${body.trimEnd()}\n`;
  const consumed = close ? opening + body.slice(0, close.index + close[0].length + 1) : source;
  // Lines lose up to the opening fence's indentation.
  const dedent = new RegExp(`^ {0,${indent.length}}`, 'gm');
  return capture(consumed, info.trim().split(/\s/)[0], content.replace(/\n$/, '').replace(dedent, ''));
}

/** Reference definitions and uses, in maps (`__proto__` or `constructor` is just a label). */
function references(state: State): { defs: Map<string, { target: string; title?: string }>; uses: Map<string, MarkdownNode[]> } {
  state.references ??= { defs: new Map(), uses: new Map() };
  return state.references as ReturnType<typeof references>;
}
const label = (text: string): string => text.replace(/\s+/g, ' ').trim().toLowerCase();

function reference(name: string, state: State, node: Record<string, unknown>): SingleASTNode {
  const { defs, uses } = references(state);
  const key = label(name);
  const def = defs.get(key);
  if (def) Object.assign(node, def);
  // A definition further down resolves it later (see the def rule).
  if (!uses.has(key)) uses.set(key, []);
  uses.get(key)!.push(node as unknown as MarkdownNode);
  return node as SingleASTNode;
}

// Linear-time patterns (simple-markdown's own link, autolink and text patterns backtrack
// quadratically or worse on inputs like '[a](' or '<a@b' repeated): each alternative starts with
// a different character, so nothing is ever tried twice.
/** Link text: no unbalanced brackets, one level of nested brackets. */
const LINK_TEXT = '(?:\\[[^\\[\\]]*\\]|[^\\[\\]])*';
/** `(target "title")`: target in <>, or without spaces and with balanced parentheses. */
const LINK_TARGET = `\\(\\s*(?:<([^<>\\n]*)>|((?:[^\\s()\\\\]|\\\\.|\\((?:[^\\s()\\\\]|\\\\.)*\\))*))(?:\\s+(?:"([^"]*)"|'([^']*)'))?\\s*\\)`;
const INLINE_LINK = new RegExp(`^\\[(${LINK_TEXT})\\]${LINK_TARGET}`);
const INLINE_IMAGE = new RegExp(`^!\\[(${LINK_TEXT})\\]${LINK_TARGET}`);
const linkTarget = (found: Capture): { target: string; title: string | undefined } => ({
  target: SimpleMarkdown.unescapeUrl(found[2] ?? found[3] ?? ''),
  title: found[4] ?? found[5],
});

/** An ATX heading's text without its optional closing `#`s (which follow a space, or stand alone). */
function headingText(line: string): string {
  const text = line.trim();
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end -= 1;
  return end === 0 ? '' : end < text.length && /[ \t]/.test(text[end - 1]) ? text.slice(0, end).trimEnd() : text;
}

let order = 0;
const next = (): number => order++;

const rules: ParserRules = {
  heading: {
    order: next(),
    match: SimpleMarkdown.blockRegex(/^ {0,3}(#{1,6})(?:[ \t]([^\n]*))?(?:\n|$)/),
    parse: (found, parse, state) => ({ level: found[1].length, content: parseInline(parse, headingText(found[2] ?? ''), state) }),
  },
  fence: { order: next(), match: blockMatch(matchFence), parse: (found) => ({ type: 'codeBlock', lang: found[1], content: found[2] }) },
  hr: { order: next(), match: SimpleMarkdown.blockRegex(/^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})(?:\n|$)/), parse: () => ({}) },
  codeBlock: {
    order: next(),
    match: SimpleMarkdown.blockRegex(/^ {4}[^\n]*\S[^\n]*\n(?:(?: {4}[^\n]*|[ \t]*)\n)*/),
    parse: (found) => ({ content: found[0].replace(/^ {0,4}/gm, '').trimEnd() }),
  },
  blockQuote: capped({
    order: next(),
    // Up to the first blank line or fence, `>` or not (lazy continuation); a later `>` starts
    // another quote, and a fence after it is no lazy line (markdown-blocks.ts relies on both).
    match: SimpleMarkdown.blockRegex(/^ {0,3}>[^\n]*(?:\n(?![ \t]*\n)(?! {0,3}(?:`{3}|~{3}))[^\n]*)*(?:\n|$)/),
    parse: (found, parse, state) => ({ content: parseBlock(parse, found[0].replace(/^ {0,3}> ?/gm, ''), state) }),
  }),
  list: capped({ order: next(), match: (source, state) => matchList(source, state), parse: base.list.parse }),
  def: {
    order: next(),
    match: base.def.match,
    parse(found, _parse, state) {
      const { defs, uses } = references(state);
      const key = label(found[1]);
      const def = { target: found[2], title: found[3] };
      if (!defs.has(key)) defs.set(key, def); // the first definition wins
      for (const node of uses.get(key) ?? []) Object.assign(node, defs.get(key));
      return { type: 'def' };
    },
  },
  table: { order: next(), match: blockMatch(tableMatches[0]), parse: base.table.parse },
  nptable: { order: next(), match: blockMatch(tableMatches[1]), parse: base.nptable.parse },
  newline: { order: next(), match: SimpleMarkdown.blockRegex(/^(?:[ \t]*\n)+/), parse: () => ({}) },
  paragraph: {
    order: next(),
    match: blockMatch(matchParagraph),
    parse(found, parse, state) {
      const content = parseInline(parse, found[1].replace(/^[ \t]+/gm, '').trimEnd(), state);
      return found[2] ? { type: 'heading', level: found[2] === '=' ? 1 : 2, content } : { content };
    },
  },
  escape: { order: next(), match: base.escape.match, parse: base.escape.parse },
  // A backslash at the end of a line is a hard break too.
  backslashBreak: { order: next(), match: SimpleMarkdown.inlineRegex(/^\\\n/), parse: () => ({ type: 'br' }) },
  tableSeparator: { order: next(), match: base.tableSeparator.match, parse: base.tableSeparator.parse },
  autolink: { order: next(), match: outsideLinks(SimpleMarkdown.inlineRegex(/^<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>/)), parse: base.autolink.parse },
  mailto: { order: next(), match: outsideLinks(SimpleMarkdown.inlineRegex(/^<([^\s<>@]+@[^\s<>]+)>/)), parse: base.mailto.parse },
  url: { order: next(), match: outsideLinks(base.url.match), parse: base.url.parse },
  link: capped({
    order: next(),
    match: outsideLinks(SimpleMarkdown.inlineRegex(INLINE_LINK)),
    parse(found, parse, state) {
      state.inLink = true;
      try {
        return { content: parse(found[1], state), ...linkTarget(found) };
      } finally {
        state.inLink = false;
      }
    },
  }),
  image: { order: next(), match: SimpleMarkdown.inlineRegex(INLINE_IMAGE), parse: (found) => ({ alt: found[1], ...linkTarget(found) }) },
  reflink: {
    order: next(),
    // `[text][label]`, `[text][]`; no space between (CommonMark), so `[a] [b]` is two shortcuts.
    match: outsideLinks(SimpleMarkdown.inlineRegex(new RegExp(`^\\[(${LINK_TEXT})\\]\\[([^\\]]*)\\]`))),
    parse: (found, parse, state) =>
      reference(found[2] || found[1], state, { type: 'link', content: parse(found[1], state), unresolved: found[0].slice(found[1].length + 1) }),
  },
  refimage: {
    order: next(),
    match: SimpleMarkdown.inlineRegex(new RegExp(`^!\\[(${LINK_TEXT})\\]\\[([^\\]]*)\\]`)),
    parse: (found, _parse, state) => reference(found[2] || found[1], state, { type: 'image', alt: found[1], unresolved: found[0] }),
  },
  // `[label]` alone: a link if some definition names it, else the text it is.
  shortcutLink: {
    order: next(),
    match: outsideLinks(SimpleMarkdown.inlineRegex(/^\[([^[\]\n]+)\]/)),
    parse: (found, parse, state) => reference(found[1], state, { type: 'link', content: parse(found[1], state), unresolved: ']' }),
  },
  em: capped({ ...base.em, order: order }),
  strong: capped({ ...base.strong, order: order }),
  // `__x__` is strong in Markdown (simple-markdown makes it an underline).
  u: capped({ ...base.u, order: next(), parse: (found, parse, state) => ({ type: 'strong', content: parseInline(parse, found[1], state) }) }),
  del: capped({ order: next(), match: base.del.match, parse: base.del.parse }),
  inlineCode: { order: next(), match: base.inlineCode.match, parse: base.inlineCode.parse },
  br: { order: next(), match: base.br.match, parse: base.br.parse },
  // Text up to the next character some rule may start with (simple-markdown's `\w+:\S` stop is
  // quadratic in a long run of word characters; bare links only need `http(s)://`).
  text: { order: next(), match: SimpleMarkdown.anyScopeRegex(/^[\s\S]+?(?=[^0-9A-Za-z\s\u00c0-\uffff]|\n\n| {2,}\n|https?:\/\/|$)/), parse: base.text.parse },
};

const parse = parserFor(rules);

/** Markdown -> syntax tree (for markdown-dom.ts). Throws only on a parser bug. */
function parseMarkdown(source: string): readonly MarkdownNode[] {
  // Whitespace-only lines are blank lines (simple-markdown's list rule wants them empty), as
  // markdown-blocks.ts reads them; CR and form feeds as the parser would treat them anyway.
  const text = String(source).replace(/\r\n?/g, '\n').replace(/\f/g, '').replace(/^[ \t]+$/gm, '');
  return parse(text, { inline: false });
}

/** Markdown -> DOM fragment, built from the closed element and attribute lists. */
export function renderMarkdown(source: string): DocumentFragment {
  return markdownToDom(parseMarkdown(source));
}
