/**
 * Deterministic random Draft.js raw documents for the differential test: every block type,
 * nested list depths, overlapping inline styles, emoji / astral / CJK text, LINK and IMAGE
 * entities (and lower-case / unknown entity types), numeric and string entity keys, dangling
 * keys, ranges running past the end of the text.
 */

/** mulberry32: tiny seeded PRNG, good enough to vary test data reproducibly. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BLOCK_TYPES = [
  'unstyled', 'unstyled', 'unstyled', 'paragraph', 'header-one', 'header-two', 'header-three', 'header-four',
  'header-five', 'header-six', 'unordered-list-item', 'unordered-list-item', 'ordered-list-item',
  'ordered-list-item', 'blockquote', 'pullquote', 'code-block', 'atomic', 'custom-block',
];
const STYLES = ['BOLD', 'ITALIC', 'UNDERLINE', 'STRIKETHROUGH', 'CODE', 'CUSTOM-STYLE'];
const PIECES = [
  'hello', 'world', 'Alli', ' ', ' ', '  ', '😀', '👩‍💻', '𝒳', '🇰🇷', '한국어', '日本語', 'café', '&', '<b>', '"q"',
  "'", '>', '\n', 'a', 'zz', '<img src=x onerror=alert(1)>', '\u00a0', '\t',
];

export interface GeneratedRaw {
  blocks: Record<string, unknown>[];
  entityMap: Record<string, unknown>;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function int(random: () => number, max: number): number {
  return Math.floor(random() * (max + 1));
}

function codePointLength(text: string): number {
  return [...text].length;
}

function makeEntity(random: () => number): Record<string, unknown> {
  switch (int(random, 5)) {
    case 0:
    case 1:
      return {
        type: 'LINK',
        mutability: 'MUTABLE',
        data: pick(random, [
          { url: 'https://example.com/a?b=1&c=2' },
          { url: 'javascript:alert(1)', title: 'x' },
          { href: 'http://example.org', target: '_self', rel: 'opener', className: 'c' },
          { url: 'mailto:a@example.com', 'data-track': '1', targetOption: '_blank' },
          { url: 'https://example.com/"quoted"<>', title: 'T & "t"' },
          {},
        ]),
      };
    case 2:
      return {
        type: 'IMAGE',
        mutability: 'IMMUTABLE',
        data: pick(random, [
          { src: 'https://example.com/i.png', alt: 'pic', width: 100, height: '20' },
          { src: 'data:image/svg+xml;base64,PHN2Zz4=', alt: 'svg' },
          { src: 'x', className: 'img' },
        ]),
      };
    case 3:
      return { type: 'link', mutability: 'MUTABLE', data: { url: 'https://lower.example' } };
    case 4:
      return { type: 'MENTION', mutability: 'SEGMENTED', data: { id: 7 } };
    default:
      return { type: 'embed', mutability: 'IMMUTABLE', data: { src: 'https://embed.example' } };
  }
}

export function generateRawDocument(random: () => number): GeneratedRaw {
  const entityMap: Record<string, unknown> = {};
  const entityCount = int(random, 4);
  for (let i = 0; i < entityCount; i++) entityMap[String(i)] = makeEntity(random);
  const entityKeys: unknown[] = [...Object.keys(entityMap), ...Object.keys(entityMap).map(Number), '99', 'missing'];

  const blocks: Record<string, unknown>[] = [];
  const blockCount = 1 + int(random, 11);
  let previousDepth = 0;
  for (let b = 0; b < blockCount; b++) {
    let text = '';
    const pieces = int(random, 8);
    for (let p = 0; p < pieces; p++) text += pick(random, PIECES);
    const length = codePointLength(text);
    const type = pick(random, BLOCK_TYPES);
    // Mostly well-formed nesting (step in by one), sometimes jumps, up to the exporter's clamp of 4.
    const depth = random() < 0.7 ? Math.min(4, Math.max(0, previousDepth + int(random, 2) - 1)) : int(random, 4);
    previousDepth = depth;

    const inlineStyleRanges = Array.from({ length: int(random, 5) }, () => ({
      offset: int(random, length),
      length: 1 + int(random, Math.max(1, length + 1)),
      style: pick(random, STYLES),
    }));
    const entityRanges = Array.from({ length: int(random, 3) }, () => ({
      offset: int(random, length),
      length: 1 + int(random, Math.max(1, length)),
      key: pick(random, entityKeys),
    }));
    blocks.push({ key: `k${b}`, text, type, depth, inlineStyleRanges, entityRanges, data: {} });
  }
  return { blocks, entityMap };
}
