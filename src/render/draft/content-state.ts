/**
 * A ContentState-compatible adapter over normalized raw content: just the surface
 * `draft-js-export-html`'s `stateToHTML` calls (docs/design.md §4), so Draft.js, React and immutable
 * never ship. The differential test (test/render/draft-differential.test.ts) holds it to
 * byte-identical output with the real `convertFromRaw`.
 *
 * What stateToHTML uses:
 *   content  getBlocksAsArray(), getEntity(key)
 *   block    getType(), getText(), getDepth(), getCharacterList() -> get(i), slice(a, b)
 *   char     getEntity(), getStyle() -> has(style), compared with immutable's `is`
 *   entity   getType(), getData()
 *
 * Pure: no DOM.
 */
import { OrderedSet } from './stubs/immutable.js';
import type { NormalizedBlock, NormalizedEntity, NormalizedRawContent, EntityValue } from './raw.js';

export class DraftEntity {
  readonly #entity: NormalizedEntity;
  constructor(entity: NormalizedEntity) {
    this.#entity = entity;
  }
  getType(): string {
    return this.#entity.type;
  }
  getMutability(): string {
    return this.#entity.mutability;
  }
  getData(): Record<string, EntityValue> {
    return this.#entity.data;
  }
}

export class DraftCharacter {
  readonly #style: OrderedSet<string>;
  readonly #entity: string | null;
  constructor(style: OrderedSet<string>, entity: string | null) {
    this.#style = style;
    this.#entity = entity;
  }
  getStyle(): OrderedSet<string> {
    return this.#style;
  }
  getEntity(): string | null {
    return this.#entity;
  }
}

/** Indexed in UTF-16 units, like Draft's immutable List of CharacterMetadata. */
export class DraftCharacterList {
  readonly #chars: readonly DraftCharacter[];
  constructor(chars: readonly DraftCharacter[]) {
    this.#chars = chars;
  }
  get size(): number {
    return this.#chars.length;
  }
  get(index: number): DraftCharacter | undefined {
    return this.#chars[index];
  }
  slice(begin?: number, end?: number): DraftCharacterList {
    return new DraftCharacterList(this.#chars.slice(begin, end));
  }
}

export class DraftBlock {
  readonly #block: NormalizedBlock;
  readonly #characters: DraftCharacterList;
  constructor(block: NormalizedBlock, characters: DraftCharacterList) {
    this.#block = block;
    this.#characters = characters;
  }
  getType(): string {
    return this.#block.type;
  }
  getText(): string {
    return this.#block.text;
  }
  getDepth(): number {
    return this.#block.depth;
  }
  getCharacterList(): DraftCharacterList {
    return this.#characters;
  }
}

export class DraftContentState {
  readonly #blocks: DraftBlock[];
  readonly #entities: Map<string, DraftEntity>;
  constructor(blocks: DraftBlock[], entities: Map<string, DraftEntity>) {
    this.#blocks = blocks;
    this.#entities = entities;
  }
  getBlocksAsArray(): DraftBlock[] {
    return this.#blocks;
  }
  getEntity(key: string): DraftEntity | null {
    return this.#entities.get(key) ?? null;
  }
}

/**
 * Maps a code-point offset to a UTF-16 index, clamped to the text's end (what Draft's
 * `UnicodeUtils.substr(text, 0, offset).length` yields). Linear set-up only when the text has
 * astral characters.
 */
function codePointToUnit(text: string): (codePoint: number) => number {
  if (!/[\uD800-\uDFFF]/.test(text)) return (cp) => Math.min(cp, text.length);
  const starts: number[] = [];
  for (let unit = 0; unit < text.length; ) {
    starts.push(unit);
    const code = text.codePointAt(unit) ?? 0;
    unit += code > 0xffff ? 2 : 1;
  }
  return (cp) => (cp < starts.length ? starts[cp] : text.length);
}

/** A range resolved to UTF-16 units, with its position in the raw list (later wins / orders). */
interface Span {
  start: number;
  end: number;
  style?: string;
  entity?: string;
}

function resolveSpans(block: NormalizedBlock, entityKeys: Map<string, string>): Span[] {
  const toUnit = codePointToUnit(block.text);
  const spans: Span[] = [];
  const add = (offset: number, length: number, extra: Omit<Span, 'start' | 'end'>): void => {
    const start = toUnit(offset);
    const end = toUnit(offset + length);
    if (start < end) spans.push({ start, end, ...extra });
  };
  // Draft applies all style ranges, then entity ranges; order within each kind is the raw order.
  for (const r of block.inlineStyleRanges) add(r.offset, r.length, { style: r.style });
  for (const r of block.entityRanges) {
    const entity = entityKeys.get(r.key);
    if (entity !== undefined) add(r.offset, r.length, { entity });
  }
  return spans;
}

/**
 * Character metadata for one block. The text is cut into segments at every range boundary;
 * within a segment every character has the same styles and entity, so all share one object.
 * Style order is the order in which covering ranges appear in the raw list (as Draft's
 * `OrderedSet.add` builds it); for entities the last covering range wins (as Draft's fill does).
 */
function buildCharacterList(block: NormalizedBlock, entityKeys: Map<string, string>): DraftCharacterList {
  const { text } = block;
  const spans = resolveSpans(block, entityKeys);
  const cuts = new Set<number>([0, text.length]);
  for (const span of spans) cuts.add(span.start).add(span.end);
  const boundaries = [...cuts].sort((a, b) => a - b);

  const styleSets = new Map<string, OrderedSet<string>>();
  const characters = new Map<string, DraftCharacter>();
  const chars = new Array<DraftCharacter>(text.length);
  for (let i = 0; i + 1 < boundaries.length; i++) {
    const from = boundaries[i];
    const to = boundaries[i + 1];
    const styles: string[] = [];
    let entity: string | null = null;
    for (const span of spans) {
      if (span.start > from || span.end < to) continue;
      if (span.style !== undefined && !styles.includes(span.style)) styles.push(span.style);
      if (span.entity !== undefined) entity = span.entity;
    }
    const styleKey = JSON.stringify(styles);
    let styleSet = styleSets.get(styleKey);
    if (!styleSet) styleSets.set(styleKey, (styleSet = new OrderedSet(styles)));
    const charKey = `${styleKey}\u0000${entity ?? ''}`;
    let character = characters.get(charKey);
    if (!character) characters.set(charKey, (character = new DraftCharacter(styleSet, entity)));
    chars.fill(character, from, to);
  }
  return new DraftCharacterList(chars);
}

/**
 * Build the adapter. Entity keys are re-issued as "1", "2", … (strings, never falsy): the
 * exporter tests `entityKey ? … : null`, so a raw key `0` or `""` would silently drop a link.
 */
export function createContentState(content: NormalizedRawContent): DraftContentState {
  const entityKeys = new Map<string, string>();
  const entities = new Map<string, DraftEntity>();
  for (const [rawKey, entity] of content.entities) {
    const key = String(entities.size + 1);
    entityKeys.set(rawKey, key);
    entities.set(key, new DraftEntity(entity));
  }
  const blocks = content.blocks.map((block) => new DraftBlock(block, buildCharacterList(block, entityKeys)));
  return new DraftContentState(blocks, entities);
}
