/**
 * Splits streamed Markdown into finished blocks and an open tail (docs/design.md §6), so a streaming
 * renderer parses and sanitizes each finished block once and re-renders only the tail.
 *
 * Contract:
 * - committed blocks never change, and committed blocks + tail === all text pushed so far;
 * - rendering each committed block on its own gives the same HTML as rendering the whole text
 *   (except link reference definitions, which are document-wide: see `needsFullRender`);
 * - work per push is proportional to the new text (plus the one incomplete line it extends),
 *   never to the message length.
 *
 * A boundary is only taken where no Markdown construct of markdown.ts can span it: at a blank
 * line, outside fenced code, when the next line starts at column 0 (so it is no list continuation
 * or indented code) and is not a list item following a list (a loose list). Raw HTML is text
 * there, so HTML blocks span nothing. Whatever is uncertain stays in the tail; being
 * conservative costs speed, never correctness.
 *
 * Pure: no DOM.
 */

const FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const LIST_ITEM = /^ {0,3}(?:[-+*]|\d+[.)])(?:[ \t]|$)/;
const BLANK = /^[ \t]*$/;
// Document-wide link reference definitions (`[id]: url`), possibly inside quotes/lists.
const REFERENCE_DEFINITION = /^[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)?\[[^\]]+\]:/;

/** A list item as the parser reads one (markdown.ts: simple-markdown's list rule), not a rule. */
const PARSER_LIST_ITEM = /^( {0,3})(?:[*+-]|\d+\.)[ \t]/;
const RULE = /^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$/;

interface OpenFence {
  marker: '`' | '~';
  length: number;
  /** Opened inside an item of a list the parser has open: it ends with the list or the item. */
  inItem: boolean;
}

export class MarkdownBlockSplitter {
  /** Everything committed, kept as one (rope) string that is only read by `text`. */
  #committedText = '';
  /** Text after the committed prefix. */
  #tail = '';
  /** Start, within #tail, of the line being received. */
  #lineStart = 0;
  /** The line being received (no '\n' yet), kept apart so a long line is never rescanned. */
  #partialLine = '';

  // State of the open block.
  #fence: OpenFence | null = null;
  /** A list-like line was seen in this block (so a list item after a blank line continues it). */
  #hasList = false;
  /** The list the parser certainly has open (it started at a block start), with its indentation. */
  #list: { indent: number } | null = null;
  /** A list-like line whose list the parser may or may not have open. */
  #listUncertain = false;
  /**
   * A fence was opened where only the parser knows whether it is inside a list item: no boundary
   * is ever taken again (correct, just slower for the rest of this message).
   */
  #undecidable = false;
  #hasContent = false;
  #afterBlank = false;
  #needsFullRender = false;

  /** All text pushed so far. */
  get text(): string {
    return this.#committedText + this.#tail;
  }

  /** The open block(s) after the last commit. */
  get tail(): string {
    return this.#tail;
  }

  /** Length of the committed prefix. */
  get committedLength(): number {
    return this.#committedText.length;
  }

  /**
   * True once the text contains a link reference definition: it can change how earlier,
   * already-committed blocks render, so the final render must be done from the whole text.
   */
  get needsFullRender(): boolean {
    // The line still being received counts too: a definition may be the message's last line.
    return this.#needsFullRender || REFERENCE_DEFINITION.test(this.#partialLine);
  }

  /** Append streamed text; returns the blocks this completed, in order (often none). */
  push(delta: string): string[] {
    const blocks: string[] = [];
    let deltaStart = this.#tail.length; // where `delta` begins inside #tail
    this.#tail += delta;
    let from = 0;
    for (let newline = delta.indexOf('\n'); newline !== -1; newline = delta.indexOf('\n', from)) {
      // The parser drops form feeds and reads a lone CR as a line break: so do we, but a block
      // only ever starts after a '\n'.
      const [line, ...more] = (this.#partialLine + delta.slice(from, newline)).replace(/\r$/, '').replace(/\f/g, '').split('\r');
      this.#partialLine = '';
      const startsBlock = this.#scanLine(line);
      for (const extra of more) this.#scanLine(extra);
      if (startsBlock && !this.#undecidable) {
        // The line just read starts a new block: everything before it is final.
        const block = this.#tail.slice(0, this.#lineStart);
        blocks.push(block);
        this.#committedText += block;
        this.#tail = this.#tail.slice(this.#lineStart);
        deltaStart -= this.#lineStart;
      }
      from = newline + 1;
      this.#lineStart = deltaStart + from;
    }
    this.#partialLine += delta.slice(from);
    return blocks;
  }

  /** Scan one complete line; true when it starts a new block (commit what precedes it). */
  #scanLine(line: string): boolean {
    // Anywhere, even in what looks like code here: flagging too often only costs a final render.
    if (REFERENCE_DEFINITION.test(line)) this.#needsFullRender = true;
    if (this.#fence && !this.#leavesItemFence(line)) {
      const close = FENCE.exec(line);
      if (close && close[2][0] === this.#fence.marker && close[2].length >= this.#fence.length && BLANK.test(close[3])) {
        this.#fence = null;
        this.#afterBlank = false;
      }
      return false;
    }
    this.#fence = null;
    if (BLANK.test(line)) {
      if (this.#hasContent) this.#afterBlank = true;
      return false;
    }

    const atBlockStart = this.#afterBlank || !this.#hasContent;
    const startsBlock = this.#afterBlank && this.#canStartNewBlock(line);
    if (startsBlock) {
      this.#hasList = false;
      this.#list = null;
      this.#listUncertain = false;
    } else if (this.#afterBlank && this.#list && line[0] !== ' ' && line[0] !== '\t') {
      // At column 0 after a blank line the parser's list goes on only with an item of its own
      // kind (`2)` is none); an item left of an indented list's bullets starts another list.
      const item = PARSER_LIST_ITEM.exec(line);
      this.#list = item ? { indent: Math.min(this.#list.indent, item[1].length) } : null;
    }
    this.#afterBlank = false;
    this.#hasContent = true;
    this.#enterConstruct(line, atBlockStart);
    return startsBlock;
  }

  /** Inside a fence in a list item: whether this line ends the item (and so the fence). */
  #leavesItemFence(line: string): boolean {
    if (!this.#fence?.inItem) return false;
    const blank = BLANK.test(line);
    if (!blank && line[0] !== ' ' && line[0] !== '\t' && (this.#afterBlank || LIST_ITEM.test(line))) return true;
    // A fence no further right than the list's bullets ends the list (markdown.ts, matchList).
    const fence = FENCE.exec(line);
    if (fence && fence[1].length <= this.#list!.indent) return true;
    this.#afterBlank = blank;
    return false;
  }

  #canStartNewBlock(line: string): boolean {
    if (line[0] === ' ' || line[0] === '\t') return false; // continuation or indented code
    return !(this.#hasList && LIST_ITEM.test(line)); // a loose list goes on
  }

  /** Track the multi-line constructs a line may open. */
  #enterConstruct(line: string, atBlockStart: boolean): void {
    if (LIST_ITEM.test(line)) {
      this.#hasList = true;
      const item = PARSER_LIST_ITEM.exec(line);
      if (!this.#list) {
        if (item && atBlockStart && !RULE.test(line)) this.#list = { indent: item[1].length };
        else this.#listUncertain = true;
      }
    }
    const fence = FENCE.exec(line);
    // A backtick fence's info string may not contain backticks (else it is inline code).
    if (!fence || (fence[2][0] === '`' && fence[3].includes('`'))) return;
    const indent = fence[1].length;
    const inItem = this.#list !== null && indent > this.#list.indent;
    if (!inItem) {
      // Indented, after a list-like line the parser may or may not have made a list: undecidable.
      if (this.#listUncertain && indent > 0) this.#undecidable = true;
      // A top-level fence: the parser ended any list before it.
      this.#hasList = false;
      this.#list = null;
      this.#listUncertain = false;
    }
    this.#fence = { marker: fence[2][0] as '`' | '~', length: fence[2].length, inItem };
  }
}
