/**
 * Property tests (fast-check): for arbitrary strings and arbitrary Draft.js-shaped objects,
 * `renderMessage` never throws and its output passes the DOM check; sanitizing is idempotent
 * (sanitize → serialize → sanitize serialises like the first pass).
 *
 * The seed is fixed so a failure reproduces; it is printed with the counterexample.
 */
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { renderMessage } from '../../src/render/render-message.js';
import { sanitizeHtml } from '../../src/render/sanitize.js';
import { XSS_CORPUS } from '../fixtures/xss-corpus.js';
import { checkTree } from './dom-check.js';

const SEED = 20_260_506;
const NUM_RUNS = 300;

function check<Ts extends [unknown, ...unknown[]]>(name: string, property: fc.IProperty<Ts>): void {
  const details = fc.check(property, { seed: SEED, numRuns: NUM_RUNS });
  if (details.failed) {
    console.log(`[properties] ${name} FAILED with seed ${SEED}, path "${details.counterexamplePath}": ${fc.stringify(details.counterexample)}`);
    console.log(String(details.errorInstance));
  }
  expect(details.failed, `${name} (seed ${SEED}, path ${details.counterexamplePath}): ${fc.stringify(details.counterexample)} ${String(details.errorInstance ?? '')}`).to.equal(false);
  console.log(`[properties] ${name}: ${details.numRuns} runs, seed ${SEED}`);
}

/** Pieces that make parsers and sanitizers work: tags, quotes, schemes, entities, controls. */
const TOKENS = [
  '<a href="', '<a href=', '<img src=', '<img src="x" ', '"', "'", '`', '>', '/>', '</a>', '<svg>', '</svg>', '<math>',
  '<mtext>', '<mglyph>', '<style>', '</style>', '<noscript>', '</noscript>', '<template>', '<table>', '<td>', '<tr>',
  '<form>', '</form>', '<p>', '</p>', '<!--', '-->', '<![CDATA[', ']]>', '<script>', '</script>', '<iframe srcdoc=',
  'javascript:', 'JaVaScRiPt:', 'data:text/html,', 'vbscript:', 'https://ok.test/', 'mailto:a@b.test', ' onerror=',
  ' onclick=', ' style=', ' id=', ' name=', ' data-x=', 'alert(1)', '&#', '&#x', ';', '&lt;', '&gt;', '&amp;', '\t',
  '\n', '\u0000', '\u000e', '\u2028', '*', '_', '[', '](', ')', '![', '`', '#', '- ', '1. ', '> ', '|', '---',
];
const htmlish = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...TOKENS) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }), { maxLength: 40 })
  .map((parts) => parts.join(''));
const anyText = fc.oneof(htmlish, fc.string({ unit: 'binary', maxLength: 80 }), fc.constantFrom(...XSS_CORPUS.map((p) => p.payload)));

const keyArb = fc.oneof(fc.constantFrom('0', '1', '2', '__proto__', 'constructor', 'toString', ''), fc.string({ maxLength: 4 }));
const numberish = fc.oneof(fc.integer({ min: -3, max: 60 }), fc.double(), fc.constantFrom('1', null, true, 1e308), fc.nat());
const rangeArb = fc.record(
  { offset: numberish, length: numberish, style: fc.oneof(fc.constantFrom('BOLD', 'ITALIC', 'CODE', '__proto__'), fc.string()), key: fc.oneof(keyArb, fc.nat(5)) },
  { requiredKeys: [] },
);
const blockArb = fc.record(
  {
    key: fc.string({ maxLength: 4 }),
    text: anyText,
    type: fc.oneof(
      fc.constantFrom('unstyled', 'header-one', 'header-six', 'unordered-list-item', 'ordered-list-item', 'blockquote', 'code-block', 'atomic', 'script', '__proto__'),
      fc.string({ maxLength: 8 }),
    ),
    depth: numberish,
    inlineStyleRanges: fc.oneof(fc.array(rangeArb, { maxLength: 6 }), fc.jsonValue()),
    entityRanges: fc.oneof(fc.array(rangeArb, { maxLength: 6 }), fc.jsonValue()),
    data: fc.jsonValue(),
  },
  { requiredKeys: [] },
);
const urlish = fc.oneof(anyText, fc.jsonValue(), fc.constantFrom('https://ok.test/x', 'javascript:alert(1)', 'data:image/png;base64,AAAA'));
const entityArb = fc.oneof(
  fc.record(
    {
      type: fc.oneof(fc.constantFrom('LINK', 'IMAGE', 'EMBED', 'IFRAME', 'SCRIPT', '__proto__'), fc.string({ maxLength: 6 })),
      mutability: fc.constantFrom('MUTABLE', 'IMMUTABLE', 'SEGMENTED'),
      data: fc.oneof(
        fc.record({ url: urlish, href: urlish, src: urlish, alt: urlish, title: urlish, target: urlish, rel: urlish, className: urlish }, { requiredKeys: [] }),
        fc.jsonValue(),
      ),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue(),
);
const draftArb = fc.oneof(
  { weight: 4, arbitrary: fc.record({ blocks: fc.array(blockArb, { maxLength: 8 }), entityMap: fc.dictionary(keyArb, entityArb, { maxKeys: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ blocks: fc.oneof(fc.array(fc.jsonValue(), { maxLength: 4 }), fc.jsonValue()), entityMap: fc.jsonValue() }) },
);

function rendered(content: string, format?: 'draftjs' | 'markdown' | 'text'): HTMLElement {
  const div = document.createElement('div');
  div.append(renderMessage(content, format));
  return div;
}

function serialize(fragment: DocumentFragment): string {
  const div = document.createElement('div');
  div.append(fragment);
  return div.innerHTML;
}

describe(`properties (fast-check, ${NUM_RUNS} runs each, seed ${SEED})`, () => {
  it('renderMessage on arbitrary strings, in every format, never throws and passes the DOM check', () => {
    check(
      'strings',
      fc.property(anyText, fc.constantFrom(undefined, 'text', 'markdown', 'draftjs'), (text, format) => {
        const problems = checkTree(rendered(text, format as 'text' | undefined));
        if (problems.length > 0) throw new Error(problems.join('\n'));
      }),
    );
  });

  it('renderMessage on arbitrary Draft.js-shaped objects never throws and passes the DOM check', () => {
    check(
      'draft objects',
      fc.property(draftArb, (raw) => {
        const div = rendered(JSON.stringify(raw), 'draftjs');
        const problems = checkTree(div);
        if (problems.length > 0) throw new Error(problems.join('\n'));
        if (({} as Record<string, unknown>).polluted !== undefined) throw new Error('Object.prototype polluted');
      }),
    );
  });

  it('sanitizing twice equals sanitizing once', () => {
    check(
      'idempotence',
      fc.property(anyText, (html) => {
        const once = serialize(sanitizeHtml(html));
        const twice = serialize(sanitizeHtml(once));
        if (once !== twice) throw new Error(`not idempotent:\n once: ${once}\ntwice: ${twice}`);
      }),
    );
  });

  it('the checks can fail: an unsanitized fragment is caught (guards the properties above)', () => {
    const div = document.createElement('div');
    const template = document.createElement('template');
    template.innerHTML = '<a href="javascript:alert(1)" target="_blank" onclick="x()">x</a><svg></svg>';
    div.append(template.content);
    const problems = checkTree(div);
    expect(problems.join('\n')).to.match(/link scheme javascript:/).and.match(/event handler onclick/).and.match(/foreign-namespace/).and.match(/rel=noopener/);
  });
});
