/**
 * Incremental splitter for a stream of concatenated JSON values (NDJSON and its looser cousins):
 * several values on one line, one value spread over lines or chunks, CRLF, stray whitespace,
 * and garbage. Pure: no DOM, no Lit.
 *
 * A value starts at `{` or `[`. Any other non-space character starts garbage, which runs to the
 * end of its line. Inside a value a small grammar check runs as characters arrive (strings and
 * their escapes, key/colon/comma order, matching brackets), so a broken value is noticed at its
 * first wrong character instead of silently swallowing the lines after it.
 *
 * Recovery: the format is line-oriented, so when a value turns out broken after spanning
 * several lines, only its first line is dropped and scanning restarts on the next one — a cut
 * line followed by good lines loses just the cut line. A value broken on its first line is
 * dropped to the end of that line. Each dropped fragment is reported once to `onMalformed`.
 * Numbers and literals are checked by `JSON.parse` when the value closes.
 */

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const BOM = 0xfeff;

/** What the grammar allows next inside a value (outside strings and literals). */
type Expect = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'commaOrClose';

/** The next character inside a string that needs a decision; everything else is skipped. */
// eslint-disable-next-line no-control-regex -- raw control characters are exactly what JSON forbids in a string
const STRING_STOP = /["\\\u0000-\u001f]/g;

/** Characters a number or `true`/`false`/`null` may continue with (JSON.parse checks the rest). */
function isLiteralChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x2b || c === 0x2d || c === 0x2e;
}

function isLiteralStart(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x74 /* t */ || c === 0x66 /* f */ || c === 0x6e /* n */;
}

function isLineBreak(c: number): boolean {
  return c === LF || c === CR;
}

export class JsonValueSplitter {
  /** Unconsumed text: starts at the current value (or is empty between values). */
  private buf = '';
  /** Next index of `buf` to scan. */
  private pos = 0;
  private mode: 'between' | 'value' | 'garbage' = 'between';
  /** Start of the current value in `buf`. */
  private start = 0;
  /** First line break inside the current value (outside strings), or -1. */
  private firstBreak = -1;
  /** The closing bracket each open container expects, innermost last. */
  private closers: number[] = [];
  private expect: Expect = 'value';
  private inString = false;
  private stringIsKey = false;
  private escaped = false;
  private inLiteral = false;

  constructor(private readonly onMalformed: () => void) {}

  /** Feeds text; returns the values it completed, parsed, in order. */
  push(text: string): unknown[] {
    const out: unknown[] = [];
    this.buf += text;
    this.scan(out);
    this.compact();
    return out;
  }

  /** End of input: an unfinished value is broken; its later lines get a second chance. */
  end(): unknown[] {
    const out: unknown[] = [];
    while (this.mode === 'value') {
      this.fail(this.buf.length);
      this.scan(out);
    }
    this.mode = 'between';
    this.buf = '';
    this.pos = 0;
    return out;
  }

  private scan(out: unknown[]): void {
    const buf = this.buf;
    while (this.pos < buf.length) {
      if (this.mode === 'value' && this.inString && !this.escaped) {
        // Most bytes are string content: jump straight to the next character that matters.
        STRING_STOP.lastIndex = this.pos;
        const stop = STRING_STOP.exec(buf);
        if (!stop) {
          this.pos = buf.length;
          return;
        }
        this.pos = stop.index;
      }
      const i = this.pos++;
      const c = buf.charCodeAt(i);
      if (this.mode === 'between') this.between(c, i);
      else if (this.mode === 'garbage') {
        if (isLineBreak(c)) this.mode = 'between';
      } else this.inValue(c, i, out);
    }
  }

  private between(c: number, i: number): void {
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      this.mode = 'value';
      this.start = i;
      this.firstBreak = -1;
      this.closers = [];
      this.inString = this.escaped = this.inLiteral = false;
      this.expect = 'value';
      this.accept(c);
    } else if (c !== SPACE && c !== TAB && c !== BOM && !isLineBreak(c)) {
      this.onMalformed();
      this.mode = 'garbage';
    }
  }

  private inValue(c: number, i: number, out: unknown[]): void {
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (c === BACKSLASH) this.escaped = true;
      else if (c === QUOTE) {
        this.inString = false;
        this.expect = this.stringIsKey ? 'colon' : 'commaOrClose';
      } else this.fail(i); // a raw control character: JSON strings cannot hold one, so it was cut
      return;
    }
    if (this.inLiteral) {
      if (isLiteralChar(c)) return;
      this.inLiteral = false;
      this.expect = 'commaOrClose';
    }
    if (isLineBreak(c)) {
      if (this.firstBreak < 0) this.firstBreak = i;
    } else if (c !== SPACE && c !== TAB) {
      if (!this.accept(c)) this.fail(i);
      else if (this.closers.length === 0) this.complete(i + 1, out);
    }
  }

  /** Advances the grammar by one structural character; false when it is not allowed here. */
  private accept(c: number): boolean {
    switch (this.expect) {
      case 'value':
      case 'valueOrClose':
        if (c === OPEN_BRACE) return this.open(CLOSE_BRACE, 'keyOrClose');
        if (c === OPEN_BRACKET) return this.open(CLOSE_BRACKET, 'valueOrClose');
        if (c === QUOTE) return this.openString(false);
        if (isLiteralStart(c)) return (this.inLiteral = true);
        return this.expect === 'valueOrClose' && this.close(c);
      case 'keyOrClose':
        return c === QUOTE ? this.openString(true) : this.close(c);
      case 'key':
        return c === QUOTE && this.openString(true);
      case 'colon':
        if (c !== COLON) return false;
        this.expect = 'value';
        return true;
      case 'commaOrClose':
        if (c !== COMMA) return this.close(c);
        this.expect = this.closers[this.closers.length - 1] === CLOSE_BRACE ? 'key' : 'value';
        return true;
    }
  }

  private open(closer: number, next: Expect): true {
    this.closers.push(closer);
    this.expect = next;
    return true;
  }

  private close(c: number): boolean {
    if (this.closers[this.closers.length - 1] !== c) return false;
    this.closers.pop();
    this.expect = 'commaOrClose';
    return true;
  }

  private openString(isKey: boolean): true {
    this.inString = true;
    this.stringIsKey = isKey;
    return true;
  }

  private complete(end: number, out: unknown[]): void {
    const text = this.buf.slice(this.start, end);
    this.mode = 'between';
    try {
      out.push(JSON.parse(text));
    } catch {
      // A bad number or literal. Same recovery as a grammar error, except that a one-line
      // value is simply dropped and the rest of its line is still read.
      this.onMalformed();
      if (this.firstBreak >= 0) this.pos = this.firstBreak + 1;
    }
  }

  /** The current value is broken at `at`: drop it (see the class comment for where to resume). */
  private fail(at: number): void {
    this.onMalformed();
    if (this.firstBreak >= 0 && this.firstBreak < at) {
      this.mode = 'between';
      this.pos = this.firstBreak + 1;
    } else {
      this.mode = 'garbage';
      this.pos = at;
    }
  }

  /** Keeps only what a later chunk may still need: the open value, if any. */
  private compact(): void {
    if (this.mode !== 'value') {
      this.buf = '';
      this.pos = 0;
      return;
    }
    this.buf = this.buf.slice(this.start);
    this.pos -= this.start;
    if (this.firstBreak >= 0) this.firstBreak -= this.start;
    this.start = 0;
  }
}
