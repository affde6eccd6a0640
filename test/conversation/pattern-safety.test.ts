import { expect } from '@open-wc/testing';
import { isSafePattern } from '../../src/conversation/pattern-safety.js';
import { compilePattern } from '../../src/conversation/form-values.js';

// Patterns a form may carry. The refused ones backtrack catastrophically on a near-miss input
// (the classic ReDoS shapes); the accepted ones are what real forms use.
const ACCEPTED = [
  '[0-9]{3}-[0-9]{4}',
  '[A-Z]{2}\\d+',
  '(\\d{3}-)?\\d{4}',
  '(\\.\\d+)?',
  'a|b',
  '(?:abc){3}',
  '(a)?b',
  '\\p{L}+',
  '\\u{41}+x',
  '[(]+[)|*]',
  '(?<year>\\d{4})-\\d{2}',
  '(?=.*\\d)[a-z\\d]{8,}',
  '\\(\\d+\\)',
  '\\{2\\}',
];
const REFUSED = [
  '(a+)+',
  '(\\w+\\s?)+',
  '([a-zA-Z0-9._-]+)*@example\\.com',
  '(a|aa)+',
  '(a|a)*b',
  '((ab)*)+',
  '(x(a+)?)+',
  '(?:a{1,5}){2,}',
  '(?:[ab]|b){1,40}',
  '(a)\\1',
  '(?<q>a)\\k<q>',
];

describe('pattern safety', () => {
  it('accepts the patterns real forms use', () => {
    for (const pattern of ACCEPTED) expect(isSafePattern(pattern), pattern).to.equal(true);
  });

  it('refuses nested repetition, repeated alternation and backreferences', () => {
    for (const pattern of REFUSED) expect(isSafePattern(pattern), pattern).to.equal(false);
  });

  it('reads escapes with braces and brackets as one atom, not as quantifiers or groups', () => {
    // `\u{41}` is one character; `{41}` after it is not a repetition of a group.
    expect(isSafePattern('(a\\u{41})')).to.equal(true);
    expect(isSafePattern('([)]+)+'), 'a bracket inside a class is not a group').to.equal(false);
    expect(isSafePattern('(\\)+)'), 'an escaped bracket is not a group').to.equal(true);
  });

  it('is what compilePattern applies: refused patterns are left to the server', () => {
    for (const pattern of REFUSED) expect(compilePattern(pattern), pattern).to.equal(undefined);
    for (const pattern of ACCEPTED) expect(compilePattern(pattern), pattern).to.be.instanceOf(RegExp);
  });
});
