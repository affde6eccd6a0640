/**
 * Validation and clamping of Draft.js raw content (`{ blocks, entityMap }`) before export.
 *
 * The input comes off the wire, so nothing about it is trusted: any field may be missing, of the
 * wrong type, huge, or named like an Object.prototype member. The result is a small, clean
 * structure (null-prototype records and Maps only) that the ContentState adapter can consume
 * without further checks. Pure: no DOM.
 */

export interface DraftLimits {
  /** Blocks beyond this are dropped (and the document flagged as truncated). */
  maxBlocks: number;
  /** Total text of all blocks, in UTF-16 units; the rest is cut (flagged as truncated). */
  maxTextLength: number;
  /** List nesting is clamped to 0..maxDepth: the exporter recurses once per level. */
  maxDepth: number;
  /** Style + entity ranges kept per block; extra ranges lose their formatting only. */
  maxRangesPerBlock: number;
  /** Style + entity ranges kept in the whole document. */
  maxRanges: number;
  /** Entities read from the entity map; ranges pointing past this are left unlinked. */
  maxEntities: number;
  /** Entity data strings longer than this (e.g. a 1 MB "URL") are dropped. */
  maxEntityValueLength: number;
}

/**
 * Sized so that one hostile message renders (export, sanitize, insert, layout) without a
 * main-thread task over 200 ms on a cold page (test/security/draft-abuse.test.ts measures it):
 * the earlier 2,000 blocks / 200,000 characters / 10,000 ranges took 0.4 to 1.3 s there, and
 * these leave about half of the budget free for a loaded machine.
 * A chat message past these is not a message anyone reads; it is shown cut, with a notice.
 */
export const DEFAULT_DRAFT_LIMITS: Readonly<DraftLimits> = Object.freeze({
  maxBlocks: 300,
  maxTextLength: 20_000,
  maxDepth: 4,
  maxRangesPerBlock: 200,
  maxRanges: 300,
  maxEntities: 300,
  maxEntityValueLength: 8_192,
});

/** A range in code points, as on the wire; offsets are validated non-negative integers. */
interface RawRange {
  offset: number;
  length: number;
}
interface RawStyleRange extends RawRange {
  style: string;
}
interface RawEntityRange extends RawRange {
  /** The entity map key, always a string (a numeric key 0 is falsy inside the exporter). */
  key: string;
}

export interface NormalizedBlock {
  type: string;
  text: string;
  depth: number;
  inlineStyleRanges: RawStyleRange[];
  entityRanges: RawEntityRange[];
}

export type EntityValue = string | number | boolean;

export interface NormalizedEntity {
  type: string;
  mutability: string;
  /** Null-prototype record of primitive values only. */
  data: Record<string, EntityValue>;
}

export interface NormalizedRawContent {
  blocks: NormalizedBlock[];
  entities: Map<string, NormalizedEntity>;
  /** True when blocks or text were cut to fit the limits. */
  truncated: boolean;
}

type UnknownRecord = Record<string, unknown>;

function isRecord(value: unknown): value is UnknownRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own-property read: a key like `constructor` must never resolve through the prototype. */
function own(record: UnknownRecord, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** Cut `text` to at most `max` UTF-16 units without splitting a surrogate pair. */
function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

function clampDepth(value: unknown, maxDepth: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 0;
  return Math.min(Math.max(Math.trunc(value), 0), maxDepth);
}

function normalizeEntityData(value: unknown, limits: DraftLimits): Record<string, EntityValue> {
  const data = Object.create(null) as Record<string, EntityValue>;
  if (!isRecord(value)) return data;
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (typeof item === 'string') {
      if (item.length <= limits.maxEntityValueLength) data[key] = item;
    } else if ((typeof item === 'number' && Number.isFinite(item)) || typeof item === 'boolean') {
      data[key] = item;
    }
    // Arrays, objects, null: dropped. The exporter would stringify them into attributes.
  }
  return data;
}

function normalizeEntityMap(value: unknown, limits: DraftLimits): Map<string, NormalizedEntity> {
  const entities = new Map<string, NormalizedEntity>();
  if (!isRecord(value)) return entities;
  for (const key of Object.keys(value)) {
    if (entities.size >= limits.maxEntities) break;
    const entity = value[key];
    if (!isRecord(entity)) continue;
    const type = own(entity, 'type');
    // Draft.js itself throws on an entity without a string type; we leave its text unlinked.
    if (typeof type !== 'string' || type === '') continue;
    const mutability = own(entity, 'mutability');
    entities.set(key, {
      type,
      mutability: typeof mutability === 'string' ? mutability : 'MUTABLE',
      data: normalizeEntityData(own(entity, 'data'), limits),
    });
  }
  return entities;
}

/** Shared range budget across the document. */
interface RangeBudget {
  left: number;
}

function normalizeRanges<T extends RawRange>(
  value: unknown,
  perBlockLeft: number,
  budget: RangeBudget,
  pick: (range: UnknownRecord) => Omit<T, keyof RawRange> | undefined,
): T[] {
  const out: T[] = [];
  if (!Array.isArray(value)) return out;
  for (const range of value) {
    if (out.length >= perBlockLeft || budget.left <= 0) break;
    if (!isRecord(range)) continue;
    const offset = own(range, 'offset');
    const length = own(range, 'length');
    if (!isCount(offset) || !isCount(length) || length === 0) continue;
    const extra = pick(range);
    if (!extra) continue;
    out.push({ offset, length, ...extra } as T);
    budget.left -= 1;
  }
  return out;
}

/**
 * Turn anything into clean, bounded raw content. Never throws for any JSON-like input.
 */
export function normalizeRawContent(input: unknown, limits: DraftLimits = DEFAULT_DRAFT_LIMITS): NormalizedRawContent {
  const result: NormalizedRawContent = { blocks: [], entities: new Map(), truncated: false };
  if (!isRecord(input)) return result;
  const rawBlocks = own(input, 'blocks');
  if (!Array.isArray(rawBlocks)) return result;
  result.entities = normalizeEntityMap(own(input, 'entityMap'), limits);

  const budget: RangeBudget = { left: limits.maxRanges };
  let textLeft = limits.maxTextLength;
  for (const rawBlock of rawBlocks) {
    if (result.blocks.length >= limits.maxBlocks) {
      result.truncated = true;
      break;
    }
    if (!isRecord(rawBlock)) continue;
    const rawText = own(rawBlock, 'text');
    const fullText = typeof rawText === 'string' ? rawText : '';
    const text = cutText(fullText, textLeft);
    if (text.length < fullText.length) {
      result.truncated = true;
      if (text === '') break; // nothing of this block fits: stop here
    }
    textLeft -= text.length;

    const type = own(rawBlock, 'type');
    const inlineStyleRanges = normalizeRanges<RawStyleRange>(
      own(rawBlock, 'inlineStyleRanges'),
      limits.maxRangesPerBlock,
      budget,
      (range) => {
        const style = own(range, 'style');
        return typeof style === 'string' ? { style } : undefined;
      },
    );
    const entityRanges = normalizeRanges<RawEntityRange>(
      own(rawBlock, 'entityRanges'),
      limits.maxRangesPerBlock - inlineStyleRanges.length,
      budget,
      (range) => {
        const key = own(range, 'key');
        if (typeof key !== 'string' && typeof key !== 'number') return undefined;
        const id = String(key);
        // A dangling key leaves the text unlinked, exactly as convertFromRaw does.
        return result.entities.has(id) ? { key: id } : undefined;
      },
    );
    result.blocks.push({
      type: typeof type === 'string' && type !== '' ? type : 'unstyled',
      text,
      depth: clampDepth(own(rawBlock, 'depth'), limits.maxDepth),
      inlineStyleRanges,
      entityRanges,
    });
    if (result.truncated) break;
  }
  return result;
}

/** The document's text, one line per block: the fallback when export fails. */
export function rawPlainText(content: NormalizedRawContent): string {
  return content.blocks.map((block) => block.text).join('\n');
}
