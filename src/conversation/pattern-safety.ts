/**
 * Whether a server's form pattern (compiled with the `u` flag) can be run on what the visitor
 * types without risking catastrophic backtracking. The rule is deliberately conservative: a
 * pattern is refused when a group that repeats (`*`, `+`, `{n,}` or `{n,m}` with m > 1)
 * contains another repetition or an alternation (`(a+)+`, `(\w+\s?)+`, `(a|aa)+`), or when it
 * uses a backreference. Everything else is linear or polynomial of low degree in practice. A
 * refused pattern is not an error: the value is left to the server to judge. Pure.
 */

/** A quantifier at `source[i]`: its length and whether it lets its atom repeat (max > 1). */
function quantifierAt(source: string, i: number): { length: number; repeats: boolean } | undefined {
  const c = source[i];
  if (c === '*' || c === '+') return { length: lazy(source, i + 1), repeats: true };
  if (c === '?') return { length: lazy(source, i + 1), repeats: false };
  if (c !== '{') return undefined;
  const braces = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
  if (!braces) return undefined;
  const max = braces[2] === undefined ? Number(braces[1]) : braces[3] === '' ? Infinity : Number(braces[3]);
  return { length: braces[0].length - 1 + lazy(source, i + braces[0].length), repeats: max > 1 };
}

/** 1 for the quantifier's own character, plus 1 when a lazy `?` follows it. */
function lazy(source: string, next: number): number {
  return source[next] === '?' ? 2 : 1;
}

/** The index just past the escape that starts at `source[i] === '\\'`. */
function skipEscape(source: string, i: number): number {
  const kind = source[i + 1];
  if ((kind === 'u' || kind === 'p' || kind === 'P') && source[i + 2] === '{') {
    const close = source.indexOf('}', i + 3);
    return close < 0 ? source.length : close + 1;
  }
  return i + 2;
}

interface Group {
  /** The group holds a repetition or an alternation somewhere inside it. */
  risky: boolean;
}

/** `true` when `source` passes the rule above; `false` when it must be left to the server. */
export function isSafePattern(source: string): boolean {
  const open: Group[] = [{ risky: false }];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    let atomEnd = i + 1;
    let closed: Group | undefined;
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') return false;
      atomEnd = skipEscape(source, i);
    } else if (c === '[') {
      let j = i + 1;
      while (j < source.length && source[j] !== ']') j = source[j] === '\\' ? skipEscape(source, j) : j + 1;
      atomEnd = j + 1;
    } else if (c === '(') {
      open.push({ risky: false });
      i += 1;
      continue;
    } else if (c === ')') {
      closed = open.pop();
      if (!closed || open.length === 0) return false;
    } else if (c === '|') {
      open[open.length - 1].risky = true;
      i += 1;
      continue;
    }
    const quantifier = quantifierAt(source, atomEnd);
    if (quantifier) {
      if (quantifier.repeats && closed?.risky) return false;
      if (quantifier.repeats) open[open.length - 1].risky = true;
      atomEnd += quantifier.length;
    }
    if (closed?.risky) open[open.length - 1].risky = true;
    i = atomEnd;
  }
  return open.length === 1;
}
