import { expect } from '@open-wc/testing';
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from '../../src/transport/retry-after.js';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('7', NOW)).to.equal(7000);
    expect(parseRetryAfter(' 0 ', NOW)).to.equal(0);
    expect(parseRetryAfter('1.5', NOW)).to.equal(1500);
  });

  it('reads an HTTP date, relative to now', () => {
    expect(parseRetryAfter('Fri, 27 Nov 2026 12:00:30 GMT', NOW)).to.equal(30_000);
  });

  it('counts a date in the past as no wait', () => {
    expect(parseRetryAfter('Fri, 27 Nov 2026 11:59:00 GMT', NOW)).to.equal(0);
  });

  it('ignores a missing, negative or unreadable value', () => {
    for (const value of [null, undefined, '', '   ', '-5', 'soon', '12abc', '1e3']) {
      expect(parseRetryAfter(value, NOW), String(value)).to.equal(undefined);
    }
  });

  it('cuts an absurd wait to a day', () => {
    expect(parseRetryAfter('999999999999', NOW)).to.equal(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('Fri, 27 Nov 2126 12:00:00 GMT', NOW)).to.equal(MAX_RETRY_AFTER_MS);
  });
});
