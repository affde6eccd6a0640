import { expect } from '@open-wc/testing';
import { draftToHtml, draftToPlainText } from '../../src/render/draft/draft-to-html.js';
import { DEFAULT_DRAFT_LIMITS, normalizeRawContent } from '../../src/render/draft/raw.js';
import { renderMessage, TRUNCATION_NOTICE_CLASS } from '../../src/render/render-message.js';
import { revealImages } from '../../src/render/image-gate.js';

function rendered(raw: unknown): HTMLDivElement {
  const div = document.createElement('div');
  div.append(renderMessage(JSON.stringify(raw), 'draftjs'));
  return div;
}

function block(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { key: Math.random().toString(36).slice(2), text, type: 'unstyled', depth: 0, inlineStyleRanges: [], entityRanges: [], ...extra };
}

describe('Draft.js rendering', () => {
  it('counts range offsets in code points: an emoji before a styled range does not shift it', () => {
    const div = rendered({
      blocks: [block('😀👩‍💻 bold then 🇰🇷 link', {
        inlineStyleRanges: [{ offset: 6, length: 4, style: 'BOLD' }],
        entityRanges: [{ offset: 18, length: 4, key: 0 }],
      })],
      entityMap: { 0: { type: 'LINK', mutability: 'MUTABLE', data: { url: 'https://example.com' } } },
    });
    // 😀 (1 cp) + 👩‍💻 (3 cp: woman, ZWJ, laptop) + ' ' = offset 5; "bold" starts at 6? check by text:
    expect(div.querySelector('strong')?.textContent).to.equal([...'😀👩‍💻 bold then 🇰🇷 link'].slice(6, 10).join(''));
    expect(div.querySelector('a')?.textContent).to.equal('link');
  });

  it('styles exactly the characters after an astral character', () => {
    const div = rendered({ blocks: [block('𝒳abc', { inlineStyleRanges: [{ offset: 1, length: 2, style: 'ITALIC' }] })], entityMap: {} });
    expect(div.querySelector('em')?.textContent).to.equal('ab');
    expect(div.textContent).to.equal('𝒳abc');
  });

  it('gives LINK entities target=_blank, rel and referrerpolicy, and drops unsafe URLs', () => {
    const div = rendered({
      blocks: [block('good bad worse', {
        entityRanges: [{ offset: 0, length: 4, key: 'a' }, { offset: 5, length: 3, key: 'b' }, { offset: 9, length: 5, key: 'c' }],
      })],
      entityMap: {
        a: { type: 'LINK', data: { url: 'https://example.com/x', target: '_self', rel: 'opener', className: 'evil', 'data-x': '1' } },
        // What `jav&#x09;ascript:` decodes to: the URL parser strips the tab.
        b: { type: 'LINK', data: { url: 'jav\tascript:alert(1)' } },
        c: { type: 'LINK', data: { href: 'JavaScript:alert(1)' } },
      },
    });
    // A link with a refused URL is plain text (issue 11 item 2): only the good one is an anchor.
    const [good, ...others] = [...div.querySelectorAll('a')];
    expect(others).to.have.lengthOf(0);
    expect(good!.getAttribute('href')).to.equal('https://example.com/x');
    expect(good!.getAttribute('target')).to.equal('_blank');
    expect(good!.getAttribute('rel')).to.equal('noopener noreferrer');
    expect(good!.getAttribute('referrerpolicy')).to.equal('no-referrer');
    expect(good!.hasAttribute('class')).to.equal(false);
    expect(good!.hasAttribute('data-x')).to.equal(false);
  });

  it('keeps <img onerror> inside text as visible text', () => {
    const text = '<img src=x onerror=alert(1)> & <script>alert(2)</script>';
    const div = rendered({ blocks: [block(text)], entityMap: {} });
    expect(div.querySelector('img, script')).to.equal(null);
    expect(div.textContent).to.equal(text);
  });

  it('renders IMAGE entities in atomic blocks with safe sources only', () => {
    const div = rendered({
      blocks: [block(' ', { type: 'atomic', entityRanges: [{ offset: 0, length: 1, key: 0 }] }),
        block(' ', { type: 'atomic', entityRanges: [{ offset: 0, length: 1, key: 1 }] })],
      entityMap: {
        0: { type: 'IMAGE', data: { src: 'https://example.com/a.png', alt: 'A' } },
        1: { type: 'IMAGE', data: { src: 'javascript:alert(1)', alt: 'B' } },
      },
    });
    // Never an <img> at once: a placeholder that image-gate.ts loads by the element's policy.
    expect(div.querySelectorAll('img').length).to.equal(0);
    revealImages(div, { origins: ['https://example.com'], label: (host) => host });
    const imgs = div.querySelectorAll('figure img');
    expect(imgs.length).to.equal(1);
    expect(imgs[0]!.getAttribute('src')).to.equal('https://example.com/a.png');
    expect(div.textContent).to.contain('B');
  });

  it('renders nested lists with depth clamped to 4', () => {
    const blocks = [0, 1, 2, 3, 4, 5, 9].map((depth, i) => block(`item ${i}`, { type: 'unordered-list-item', depth }));
    const div = rendered({ blocks, entityMap: {} });
    let deepest = 0;
    for (const li of div.querySelectorAll('li')) {
      let level = 0;
      for (let el: Element | null = li; el; el = el.parentElement) if (el.tagName === 'UL') level++;
      deepest = Math.max(deepest, level);
    }
    expect(deepest).to.equal(5); // depths 0..4
    expect(div.querySelectorAll('li').length).to.equal(7);
  });

  it('renders depth 6000 (staircase and single block) without throwing', () => {
    const staircase = Array.from({ length: 6000 }, (_, depth) => block(`d${depth}`, { type: 'ordered-list-item', depth }));
    const div = rendered({ blocks: staircase, entityMap: {} });
    expect(div.querySelectorAll('li').length).to.equal(DEFAULT_DRAFT_LIMITS.maxBlocks);
    expect(div.querySelector(`.${TRUNCATION_NOTICE_CLASS}`)).not.to.equal(null);
    const single = rendered({ blocks: [block('deep', { type: 'unordered-list-item', depth: 6000 })], entityMap: {} });
    expect(single.textContent!.trim()).to.equal('deep');
  });

  it('renders a 1 MB block cut to the limit, with a truncation notice', () => {
    const text = 'x'.repeat(1024 * 1024);
    const div = rendered({ blocks: [block(text, { inlineStyleRanges: [{ offset: 10, length: 900_000, style: 'BOLD' }] })], entityMap: {} });
    const notice = div.querySelector(`.${TRUNCATION_NOTICE_CLASS}`);
    expect(notice?.textContent).to.equal('[Message truncated]');
    expect(div.querySelector('p')!.textContent!.length).to.equal(DEFAULT_DRAFT_LIMITS.maxTextLength);
  });

  it('renders 10,000 blocks as the first maxBlocks plus a notice', () => {
    const blocks = Array.from({ length: 10_000 }, (_, i) => block(`line ${i}`));
    const div = rendered({ blocks, entityMap: {} });
    expect(div.querySelectorAll('p:not(.' + TRUNCATION_NOTICE_CLASS + ')').length).to.equal(DEFAULT_DRAFT_LIMITS.maxBlocks);
    expect(div.querySelector(`.${TRUNCATION_NOTICE_CLASS}`)).not.to.equal(null);
  });

  it('does not cut a surrogate pair at the text limit', () => {
    const content = normalizeRawContent({ blocks: [block('ab😀cd')], entityMap: {} }, {
      maxBlocks: 10, maxTextLength: 3, maxDepth: 4, maxRangesPerBlock: 10, maxRanges: 10, maxEntities: 10, maxEntityValueLength: 10,
    });
    expect(content.blocks[0]!.text).to.equal('ab');
    expect(content.truncated).to.equal(true);
  });

  describe('malformed input never throws and never pollutes prototypes', () => {
    const inputs: unknown[] = [
      null, 42, 'str', [], {}, { blocks: 'x', entityMap: {} }, { blocks: {}, entityMap: {} },
      { blocks: [null, 1, 'x', [], { text: 5 }, { text: 'ok', type: 7, depth: 'deep' }] },
      { blocks: [block('abc', { inlineStyleRanges: 'x', entityRanges: [null, { offset: -1, length: 2, key: 0 }, { offset: 1, length: 1e9, key: 0 }, { offset: 'a', length: 1, key: 0 }] })], entityMap: { 0: { type: 'LINK', data: { url: ['javascript:alert(1)'] } } } },
      { blocks: [block('abc', { entityRanges: [{ offset: 0, length: 3, key: '__proto__' }, { offset: 0, length: 3, key: 'constructor' }] })],
        entityMap: JSON.parse('{"__proto__":{"type":"LINK","data":{"url":"https://p.example","polluted":"yes"}},"constructor":{"type":"LINK","data":{"__proto__":{"polluted":"yes"}}}}') },
      { blocks: [block('abc', { entityRanges: [{ offset: 0, length: 3, key: 'n' }] })], entityMap: { n: { type: 'LINK', data: { url: 12345 } } } },
      { blocks: [block('abc', { entityRanges: [{ offset: 0, length: 3, key: 'x' }] })], entityMap: { x: null } },
      { blocks: [block('abc', { entityRanges: [{ offset: 0, length: 3, key: 'x' }] })], entityMap: { x: { type: 42 } } },
      { blocks: [block('abc', { type: 'no-such-type', inlineStyleRanges: [{ offset: 0, length: 2, style: { evil: 1 } }] })], entityMap: [] },
      JSON.parse('{"blocks":[{"text":"p","__proto__":{"polluted":"yes"}}],"entityMap":{"0":{"type":"LINK","data":{"constructor":{"prototype":{"polluted":"yes"}}}}}}'),
    ];
    inputs.forEach((input, index) => {
      it(`input #${index}`, () => {
        expect(() => draftToHtml(input)).not.to.throw();
        expect(() => draftToPlainText(input)).not.to.throw();
        expect(() => renderMessage(JSON.stringify(input) ?? '', 'draftjs')).not.to.throw();
        expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
        expect((Object.prototype as Record<string, unknown>)['polluted']).to.equal(undefined);
      });
    });

    it('links a prototype-named entity key like any other key', () => {
      const div = rendered({
        blocks: [block('abc', { entityRanges: [{ offset: 0, length: 3, key: '__proto__' }] })],
        entityMap: JSON.parse('{"__proto__":{"type":"LINK","data":{"url":"https://p.example/"}}}'),
      });
      expect(div.querySelector('a')?.getAttribute('href')).to.equal('https://p.example/');
    });

    it('drops non-primitive URL data (arrays, objects) instead of stringifying it', () => {
      const { html } = draftToHtml({
        blocks: [block('abc', { entityRanges: [{ offset: 0, length: 3, key: 0 }] })],
        entityMap: { 0: { type: 'LINK', data: { url: ['https://a.example'], title: { x: 1 } } } },
      });
      expect(html).to.equal('<p><a>abc</a></p>');
    });

    it('keeps a block without text as an empty paragraph', () => {
      expect(draftToHtml({ blocks: [{}], entityMap: {} }).html).to.equal('<p><br></p>');
    });
  });
});
