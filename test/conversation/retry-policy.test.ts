import { expect } from '@open-wc/testing';
import { DEFAULT_RETRY_POLICY, isTransientTokenError, retryDelay, retryPolicy } from '../../src/conversation/retry-policy.js';
import { AlliError } from '../../src/model/errors.js';

const server = new AlliError('server', '500', { status: 500 });
const limited = (ms?: number) => new AlliError('rate-limited', '429', { status: 429, retryAfterMs: ms });

describe('retry policy', () => {
  it('resends a 5xx after 1 s then 3 s, then gives up', () => {
    expect(retryDelay(server, {})).to.deep.equal({ delayMs: 1000, reason: 'server' });
    expect(retryDelay(server, { server: 1 })).to.deep.equal({ delayMs: 3000, reason: 'server' });
    expect(retryDelay(server, { server: 2 })).to.equal(undefined);
  });

  it('waits Retry-After for a 429, twice at most, and not when it is too long', () => {
    expect(retryDelay(limited(1200), {})).to.deep.equal({ delayMs: 1200, reason: 'rate-limited' });
    expect(retryDelay(limited(), { 'rate-limited': 1 })).to.deep.equal({ delayMs: DEFAULT_RETRY_POLICY.defaultRetryAfterMs, reason: 'rate-limited' });
    expect(retryDelay(limited(1000), { 'rate-limited': 2 })).to.equal(undefined);
    expect(retryDelay(limited(10 * 60_000), {})).to.equal(undefined);
  });

  it('counts each reason on its own', () => {
    expect(retryDelay(server, { 'rate-limited': 2 })?.delayMs).to.equal(1000);
  });

  it('resends when the token route was unreachable, never for a refused or invalid grant', () => {
    const down = new AlliError('token', 'route down', { status: 503 });
    const unreachable = new AlliError('token', 'no network');
    const refused = new AlliError('token', 'forbidden', { status: 403 });
    const invalid = new AlliError('token', 'bad grant', { code: 'INVALID_GRANT' });
    expect([down, unreachable, refused, invalid].map(isTransientTokenError)).to.deep.equal([true, true, false, false]);
    expect(retryDelay(down, {})?.reason).to.equal('token');
    expect(retryDelay(refused, {})).to.equal(undefined);
  });

  it('never resends by itself what may have reached Alli or cannot succeed', () => {
    for (const kind of ['network', 'unauthorized', 'bad-request', 'protocol', 'aborted', 'not-found'] as const) {
      expect(retryDelay(new AlliError(kind, kind), {}), kind).to.equal(undefined);
    }
  });

  it('takes overrides', () => {
    const policy = retryPolicy({ serverDelaysMs: [5], rateLimitRetries: 0 });
    expect(retryDelay(server, {}, policy)?.delayMs).to.equal(5);
    expect(retryDelay(server, { server: 1 }, policy)).to.equal(undefined);
    expect(retryDelay(limited(1), {}, policy)).to.equal(undefined);
  });
});
