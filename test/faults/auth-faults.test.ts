// Token faults, through the element: a token the server stops accepting mid-conversation (one
// refresh, one resend, invisible), 401 twice (a clear sign-in error), the host's token route
// down (backoff, a message, recovery when it is back), and a laptop that slept past the
// token's expiry (refreshed when the page is visible again, or before use).
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { $, expiredAtServer, faultChat, faults, greeted, idle, report, tokenCallback, until, userBubbles, type CallRecord } from './helpers.js';

const text = (el: HTMLElement | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const statuses = (calls: CallRecord[]) => calls.map((c) => c.status);

function setVisibility(state: 'hidden' | 'visible') {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('token faults', () => {
  afterEach(() => {
    // Back to the document's own getter.
    delete (document as { visibilityState?: unknown }).visibilityState;
  });

  it('401 after the token expired at the server: one refresh, one resend, nothing shown', async () => {
    // The first token lives 2 s at the server (time enough for the greeting on a busy machine) while
    // the grant claims 300 s (a revoked token or a skewed clock).
    const tokens = tokenCallback('faults-expiry-user', (n) => (n === 1 ? 2 : 300), () => 300);
    const { el, mock } = await faultChat({ getToken: tokens.getToken });
    await greeted(el);
    await expiredAtServer(tokens.issued[0]);
    const errors: Event[] = [];
    el.addEventListener('alli-error', (e) => errors.push(e));
    await el.send('Still there after a while?');
    await idle(el);
    expect(statuses(mock.turnCalls())).to.deep.equal([200, 401, 200]);
    expect(tokens.count(), 'exactly one refresh').to.equal(2);
    expect(userBubbles(el)).to.have.lengthOf(1);
    expect(userBubbles(el)[0].classList.contains('sent')).to.equal(true);
    expect(errors).to.have.lengthOf(0);
    expect(text($(el, '[role=alert]'))).to.equal('');
    expect($(el, '.banner.error')).to.equal(null);
    report('401 after expiry', 'server answered 401 to the expired token; one refresh (getToken ×2 in all), the same turn resent once and answered; no error, alert or failed bubble shown');
  });

  it('401 twice: a clear sign-in error, the text kept for Retry', async () => {
    const { el, mock } = await faultChat({ knobs: { fault: faults({ 2: 'status-401', 3: 'status-401' }) } });
    await greeted(el);
    const tokensBefore = mock.tokenCount();
    await el.send('Can you hear me?');
    await idle(el);
    expect(statuses(mock.turnCalls())).to.deep.equal([200, 401, 401]);
    expect(mock.tokenCount() - tokensBefore, 'one refresh between the two').to.equal(1);
    const bubble = userBubbles(el)[0];
    expect(bubble.classList.contains('failed')).to.equal(true);
    expect(bubble.textContent).to.contain('Can you hear me?');
    const message = text(bubble.querySelector('.meta span'));
    expect(message).to.contain('could not be signed in');
    expect(text($(el, '[role=alert]'))).to.contain('could not be signed in');
    report('401 twice', `401, one refresh, 401 again → not resent any more; bubble "${message}" with Retry`);
  });

  it('token route down briefly at start: the token source backs off and the greeting still comes', async () => {
    const { el, mock } = await faultChat({ knobs: { tokenDown: (n) => n <= 2 } });
    await greeted(el);
    const tokenCalls = mock.calls.filter((c) => c.path === '/alli/token');
    expect(tokenCalls.map((c) => c.status)).to.deep.equal([503, 503, 200]);
    const waits = [tokenCalls[1].at - tokenCalls[0].at, tokenCalls[2].at - tokenCalls[1].at];
    expect(waits[0]).to.be.at.least(450);
    expect(waits[1]).to.be.at.least(950);
    expect($(el, '.banner.error')).to.equal(null);
    report('token route down (brief)', `503, 503, 200: backoff ${Math.round(waits[0])} ms then ${Math.round(waits[1])} ms; the greeting came, no error shown`);
  });

  it('token route down when a refresh is needed: backoff, a message, and the next send works once it is back', async () => {
    let routeDown = false;
    let firstToken: string | undefined;
    const { el, mock } = await faultChat({
      serverDelaysMs: [200, 200],
      knobs: {
        tokenDown: () => routeDown,
        // The server stops accepting the first token (as if it expired); a new one is needed.
        fault: (turn, call) => {
          firstToken ??= call.auth ?? undefined;
          return turn > 1 && call.auth === firstToken ? 'status-401' : undefined;
        },
      },
    });
    await greeted(el);
    routeDown = true;
    const started = performance.now();
    await el.send('Are you there?');
    await idle(el, 'the turn to give up', 12_000);
    const tookMs = performance.now() - started;
    const bubble = userBubbles(el)[0];
    expect(bubble.classList.contains('failed')).to.equal(true);
    const message = text(bubble.querySelector('.meta span'));
    expect(message).to.contain('sign-in service');
    const downCalls = mock.calls.filter((c) => c.path === '/alli/token' && c.status === 503).length;
    expect(downCalls, '3 tries per refresh, 3 refreshes (first try + 2 automatic resends)').to.equal(9);
    routeDown = false;
    bubble.querySelector<HTMLButtonElement>('.retry')!.click();
    await until(() => userBubbles(el)[0].classList.contains('sent'), 'the retried turn once the route is back');
    await idle(el);
    await el.send('And now?');
    await idle(el);
    expect(userBubbles(el)[1].classList.contains('sent')).to.equal(true);
    report(
      'token route down (long)',
      `route answered 503 to ${downCalls} tries (3 per refresh with 0.5/1 s backoff, 2 automatic resends) over ${Math.round(tookMs)} ms → bubble "${message}" with Retry; route back → Retry refreshed and delivered it, the next send worked`,
    );
  });

  it('laptop sleep: hidden past the token expiry, the token is refreshed when the page is visible again', async () => {
    const tokens = tokenCallback('faults-sleepy-user', (n) => (n === 1 ? 2 : 300), () => 60);
    const { el, mock } = await faultChat({ getToken: tokens.getToken });
    await greeted(el);
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'], shouldAdvanceTime: true });
    try {
      setVisibility('hidden');
      await expiredAtServer(tokens.issued[0]); // the server's copy of the token expires
      clock.setSystemTime(Date.now() + 10 * 60_000); // ten minutes asleep, as the wall clock sees it
      expect(tokens.count()).to.equal(1);
      setVisibility('visible');
      await until(() => tokens.count() === 2, 'a refresh as soon as the page is visible (before any send)');
      await el.send('Good morning');
      await idle(el);
    } finally {
      clock.restore();
    }
    expect(statuses(mock.turnCalls()), 'no 401 at all').to.deep.equal([200, 200]);
    expect(userBubbles(el)[0].classList.contains('sent')).to.equal(true);
    report('laptop sleep (visibilitychange)', 'hidden for "10 min" past a 60 s token: refreshed on visibilitychange before any send; the next send went through with no 401');
  });

  it('laptop sleep without a visibility event: the token is checked before use', async () => {
    const tokens = tokenCallback('faults-sleepy-user-2', (n) => (n === 1 ? 2 : 300), () => 60);
    const { el, mock } = await faultChat({ getToken: tokens.getToken });
    await greeted(el);
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'], shouldAdvanceTime: true });
    try {
      await expiredAtServer(tokens.issued[0]);
      clock.setSystemTime(Date.now() + 10 * 60_000);
      await el.send('Morning again');
      await idle(el);
    } finally {
      clock.restore();
    }
    expect(statuses(mock.turnCalls())).to.deep.equal([200, 200]);
    expect(tokens.count()).to.equal(2);
    report('laptop sleep (before use)', 'no visibility event: the expired token was refreshed before the send (getToken ×2), no 401');
  });
});
