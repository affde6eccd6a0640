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
 * A boundary is only taken where no Markdown construct can span it: at a blank line, outside
 * fenced code and multi-line HTML blocks, when the next line starts at column 0 (so it is no
 * list continuation or indented code) and is not a list item following a list (a loose list).
 * Whatever is uncertain stays in the tail; being conservative costs speed, never correctness.
 *
 * Pure: no DOM.
 */

const FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const LIST_ITEM = /^ {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)/;
const BLANK = /^[ \t]*$/;
// Document-wide link reference definitions (`[id]: url`), possibly inside quotes/lists.
const REFERENCE_DEFINITION = /^[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)?\[[^\]]+\]:/;

/** CommonMark HTML blocks 1–5 run to an end marker, across blank lines. */
const HTML_BLOCKS_WITH_END: ReadonlyArray<{ start: RegExp; end: RegExp }> = [
  { start: /^ {0,3}<(?:script|pre|style|textarea)(?:[\s>]|$)/i, end: /<\/(?:script|pre|style|textarea)>/i },
  { start: /^ {0,3}<!--/, end: /-->/ },
  { start: /^ {0,3}<\?/, end: /\?>/ },
  { start: /^ {0,3}<![A-Za-z]/, end: />/ },
  { start: /^ {0,3}<!\[CDATA\[/, end: /\]\]>/ },
];
/** HTML blocks 6 (block-level tag, may interrupt a paragraph) and 7 (any lone tag) end at a blank line. */
const HTML_BLOCK_6 =
  /^ {0,3}<\/?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:[\s/>]|$)/i;
const HTML_BLOCK_7 = /^ {0,3}(?:<[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>|<\/[A-Za-z][A-Za-z0-9-]*\s*>)[ \t]*$/;

interface OpenFence {
  marker: '`' | '~';
  length: number;
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
  #htmlEnd: RegExp | null = null;
  #inHtmlUntilBlank = false;
  #hasList = false;
  #hasContent = false;
  #afterBlank = false;
  #paragraphOpen = false;
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
    return this.#needsFullRender;
  }

  /** Append streamed text; returns the blocks this completed, in order (often none). */
  push(delta: string): string[] {
    const blocks: string[] = [];
    let deltaStart = this.#tail.length; // where `delta` begins inside #tail
    this.#tail += delta;
    let from = 0;
    for (let newline = delta.indexOf('\n'); newline !== -1; newline = delta.indexOf('\n', from)) {
      const line = (this.#partialLine + delta.slice(from, newline)).replace(/\r$/, '');
      this.#partialLine = '';
      if (this.#scanLine(line)) {
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
    if (this.#fence) {
      const close = FENCE.exec(line);
      if (close && close[2][0] === this.#fence.marker && close[2].length >= this.#fence.length && BLANK.test(close[3])) {
        this.#fence = null;
      }
      return false;
    }
    if (this.#htmlEnd) {
      if (this.#htmlEnd.test(line)) this.#htmlEnd = null;
      return false;
    }
    if (BLANK.test(line)) {
      this.#inHtmlUntilBlank = false;
      this.#paragraphOpen = false;
      if (this.#hasContent) this.#afterBlank = true;
      return false;
    }
    if (this.#inHtmlUntilBlank) return false;

    const startsBlock = this.#afterBlank && this.#canStartNewBlock(line);
    if (startsBlock) this.#hasList = false;
    this.#afterBlank = false;
    this.#hasContent = true;
    this.#enterConstruct(line);
    return startsBlock;
  }

  #canStartNewBlock(line: string): boolean {
    if (line[0] === ' ' || line[0] === '\t') return false; // continuation or indented code
    return !(this.#hasList && LIST_ITEM.test(line)); // a loose list goes on
  }

  /** Track the multi-line constructs a line may open. */
  #enterConstruct(line: string): void {
    if (REFERENCE_DEFINITION.test(line)) this.#needsFullRender = true;
    if (LIST_ITEM.test(line)) this.#hasList = true;
    const fence = FENCE.exec(line);
    // A backtick fence's info string may not contain backticks (else it is inline code).
    if (fence && !(fence[2][0] === '`' && fence[3].includes('`'))) {
      this.#fence = { marker: fence[2][0] as '`' | '~', length: fence[2].length };
      this.#paragraphOpen = false;
      return;
    }
    const withEnd = HTML_BLOCKS_WITH_END.find((html) => html.start.test(line));
    if (withEnd) {
      // The end marker may sit on the opening line itself.
      const rest = line.replace(withEnd.start, '');
      if (!withEnd.end.test(rest)) this.#htmlEnd = withEnd.end;
      this.#paragraphOpen = false;
      return;
    }
    if (HTML_BLOCK_6.test(line) || (!this.#paragraphOpen && HTML_BLOCK_7.test(line))) {
      this.#inHtmlUntilBlank = true;
      return;
    }
    this.#paragraphOpen = true;
  }
}
