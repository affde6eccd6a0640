/**
 * Differential test (docs/design.md §4): our ContentState adapter + stubbed immutable must produce
 * byte-identical HTML to the real pipeline, draft-js `convertFromRaw` + the same `stateToHTML`,
 * on generated documents. The reference is the real draft-js/immutable/React, bundled without
 * any stub by scripts/draft-reference.mjs and served to this page at REFERENCE_URL.
 */
import { expect } from '@open-wc/testing';
import { draftToHtml } from '../../src/render/draft/draft-to-html.js';
import { createRandom, generateRawDocument } from './draft-generator.js';

const REFERENCE_URL = '/__alli-test__/draft-reference.js';
const DOCUMENTS = 600;

interface Reference {
  referenceDraftToHtml(raw: unknown): string;
}

describe('Draft.js adapter vs real draft-js (differential)', () => {
  let reference: Reference;

  before(async () => {
    reference = (await import(/* @vite-ignore */ REFERENCE_URL)) as Reference;
  });

  it('the reference really is the unstubbed pipeline', () => {
    // Real immutable orders styles by range order and splits runs on it; real draft-js throws
    // on non-array blocks. Our stubs do neither of the latter, so this proves which one we call.
    expect(() => reference.referenceDraftToHtml({ blocks: 'nope', entityMap: {} })).to.throw();
    expect(reference.referenceDraftToHtml({ blocks: [{ key: 'a', text: 'x', type: 'unstyled' }], entityMap: {} })).to.equal('<p>x</p>');
  });

  it(`produces identical HTML on ${DOCUMENTS} generated documents`, () => {
    const random = createRandom(0xa11c);
    const mismatches: string[] = [];
    let withEntities = 0;
    let withAstral = 0;
    for (let i = 0; i < DOCUMENTS; i++) {
      const doc = generateRawDocument(random);
      const expected = reference.referenceDraftToHtml(structuredClone(doc));
      const { html, truncated } = draftToHtml(structuredClone(doc));
      expect(truncated).to.equal(false);
      if (html !== expected && mismatches.length < 3) {
        mismatches.push(`#${i}\n${JSON.stringify(doc)}\nexpected:\n${expected}\nactual:\n${html}`);
      }
      if (/<a |<img /.test(expected)) withEntities += 1;
      if (/[\uD800-\uDFFF]/.test(expected) && /<(strong|em|u|del|code|a) ?/.test(expected)) withAstral += 1;
    }
    expect(mismatches, mismatches.join('\n\n')).to.deep.equal([]);
    // The generator must actually exercise links/images and styled astral text.
    expect(withEntities).to.be.greaterThan(DOCUMENTS / 4);
    expect(withAstral).to.be.greaterThan(DOCUMENTS / 10);
  });
});
