// @ts-check
/**
 * A tiny builder of Draft.js raw content (what Alli's builder stores in `message`), so the demo
 * script can write rich messages without counting offsets by hand. Offsets and lengths count
 * Unicode code points (docs/protocol.md §9), which is easy to get wrong around emoji.
 */

/**
 * @typedef {object} RawBlock
 * @property {string} key
 * @property {string} text
 * @property {string} type
 * @property {number} depth
 * @property {{ offset: number, length: number, style: string }[]} inlineStyleRanges
 * @property {{ offset: number, length: number, key: number }[]} entityRanges
 * @property {Record<string, unknown>} data
 */

/**
 * @typedef {object} BlockSpec
 * @property {string} text
 * @property {string} [type] e.g. `unstyled`, `unordered-list-item`, `header-two`
 * @property {[string, string][]} [styles] pairs of [substring, style] e.g. ['Alli', 'BOLD']
 * @property {[string, string][]} [links]  pairs of [substring, https URL]
 */

/**
 * The code-point range of `part` inside `text` (its first occurrence).
 * @param {string} text
 * @param {string} part
 */
function codePointRange(text, part) {
  const at = text.indexOf(part);
  if (at < 0) throw new Error(`"${part}" is not in "${text}"`);
  return { offset: Array.from(text.slice(0, at)).length, length: Array.from(part).length };
}

/**
 * Builds raw Draft.js content and returns it as the JSON string Alli puts in `message`.
 * Entity keys in ranges are numbers and in `entityMap` strings, as `convertToRaw` writes them
 * (so key `0` is present: a client must not treat it as "no entity").
 * @param {BlockSpec[]} specs
 */
export function draftMessage(specs) {
  /** @type {Record<string, { type: string, mutability: string, data: Record<string, unknown> }>} */
  const entityMap = {};
  let nextEntity = 0;
  /** @type {RawBlock[]} */
  const blocks = specs.map((spec, i) => ({
    key: `b${i.toString(36)}${spec.text.length.toString(36)}`,
    text: spec.text,
    type: spec.type ?? 'unstyled',
    depth: 0,
    inlineStyleRanges: (spec.styles ?? []).map(([part, style]) => ({ ...codePointRange(spec.text, part), style })),
    entityRanges: (spec.links ?? []).map(([part, url]) => {
      const key = nextEntity++;
      entityMap[String(key)] = { type: 'LINK', mutability: 'MUTABLE', data: { url } };
      return { ...codePointRange(spec.text, part), key };
    }),
    data: {},
  }));
  return JSON.stringify({ blocks, entityMap });
}
