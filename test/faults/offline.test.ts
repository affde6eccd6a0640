// offline/online, through the element against the mock Alli: sends made offline wait in an
// outbox ("waiting for connection") and go once back online, in order, each exactly once, even
// when a response was lost after the server had taken the turn.
import { expect } from '@open-wc/testing';
import { $, faultChat, greeted, idle, lastBearer, report, serverHistory, sessionOf, sleep, until, userBubbles } from './helpers.js';

const text = (el: HTMLElement | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const goOffline = () => window.dispatchEvent(new Event('offline'));
const goOnline = () => window.dispatchEvent(new Event('online'));

describe('offline and back', () => {
  afterEach(goOnline);

  it('queues sends while offline and sends them in order, each exactly once, when back online', async () => {
    const { el, mock } = await faultChat();
    await greeted(el);
    goOffline();
    await until(() => $(el, '.banner.offline'), 'the offline banner');
    const banner = text($(el, '.banner.offline'));
    for (const message of ['first', 'second', 'third']) await el.send(message);
    await el.updateComplete;
    // Bubbles render on the next frame: an empty list must not pass for "all waiting".
    const allAre = (status: string) => userBubbles(el).length === 3 && userBubbles(el).every((b) => b.classList.contains(status));
    await until(() => allAre('queued'), 'three waiting bubbles');
    const waiting = text(userBubbles(el)[0].querySelector('.meta'));
    expect(waiting).to.equal('Waiting for connection…');
    await sleep(200); // a window for a request that must not be made (not a wait for state)
    expect(mock.turnCount(), 'nothing sent while offline').to.equal(1);
    goOnline();
    await until(() => allAre('sent'), 'all three sent', 10_000);
    await idle(el);
    expect($(el, '.banner.offline')).to.equal(null);
    expect(mock.turnCalls().slice(1).map((c) => c.message)).to.deep.equal(['first', 'second', 'third']);
    const history = await serverHistory(sessionOf(el)!.conversationId!, lastBearer(mock.calls));
    const userNodes = history.responses.filter((n) => n.sender === 'USER').map((n) => n.message);
    expect(userNodes).to.deep.equal(['first', 'second', 'third']);
    expect(userBubbles(el)).to.have.lengthOf(3);
    report('offline/online', `banner "${banner}"; 3 sends while offline showed "${waiting}", 0 requests; back online: sent in order ${JSON.stringify(userNodes)}, each once (server history), 3 bubbles`);
  });

  it('a send that fails because the connection went away waits for it, and is not sent twice if Alli had it', async () => {
    let loseResponse = true;
    const { el, mock } = await faultChat({
      knobs: {
        // Turn 2 reaches the server, which answers it whole; the answer is lost on the way back
        // as the connection drops.
        aroundTurn: async (turn, send) => {
          const res = await send();
          if (turn === 2 && loseResponse) {
            loseResponse = false;
            await res.text();
            goOffline();
            throw new TypeError('Failed to fetch');
          }
          return res;
        },
      },
    });
    await greeted(el);
    await el.send('did you get this?');
    await until(() => userBubbles(el)[0].classList.contains('queued'), 'waiting for the connection');
    expect(text(userBubbles(el)[0].querySelector('.meta'))).to.equal('Waiting for connection…');
    goOnline();
    await until(() => userBubbles(el)[0].classList.contains('sent'), 'settled once back online');
    await idle(el);
    expect(mock.turnCount(), 'not resent: the history showed Alli had it').to.equal(2);
    const history = await serverHistory(sessionOf(el)!.conversationId!, lastBearer(mock.calls));
    expect(history.responses.filter((n) => n.sender === 'USER' && n.message === 'did you get this?')).to.have.lengthOf(1);
    const reply = history.responses.at(-1)!;
    expect(sessionOf(el)!.node(reply.id)?.message, "the lost answer came from the history").to.equal(reply.message);
    report('offline mid-request (server had it)', 'response lost as the connection dropped: turn waited ("Waiting for connection…"); back online the history showed Alli had it, so it was not resent and its answer was taken from the history');
  });

  it('a send that failed offline before reaching Alli is sent once when back online', async () => {
    const { el, mock } = await faultChat({
      knobs: {
        beforeTurn: (turn) => {
          if (turn === 2) {
            goOffline();
            throw new TypeError('Failed to fetch');
          }
        },
      },
    });
    await greeted(el);
    await el.send('queued after a failure');
    await until(() => userBubbles(el)[0].classList.contains('queued'), 'waiting');
    goOnline();
    await until(() => userBubbles(el)[0].classList.contains('sent'), 'sent once back online');
    await idle(el);
    expect(mock.turnCalls().map((c) => c.outcome)).to.deep.equal(['ok', 'network', 'ok']);
    const history = await serverHistory(sessionOf(el)!.conversationId!, lastBearer(mock.calls));
    expect(history.responses.filter((n) => n.sender === 'USER' && n.message === 'queued after a failure')).to.have.lengthOf(1);
    report('offline mid-request (server lacked it)', 'fetch failed as the page went offline: turn queued; back online the history showed it missing, so it was sent once');
  });

  it('starts the conversation only once back online when it loads offline', async () => {
    // At load the element can only ask navigator.onLine.
    Object.defineProperty(navigator, 'onLine', { value: false, configurable: true });
    const { el, mock } = await faultChat();
    delete (navigator as { onLine?: boolean }).onLine;
    await until(() => $(el, '.banner.offline'), 'the offline banner');
    await sleep(150); // a window for a request that must not be made (not a wait for state)
    expect(mock.turnCount()).to.equal(0);
    await el.send('typed before the greeting');
    goOnline();
    await greeted(el).catch(() => undefined);
    await until(() => userBubbles(el)[0]?.classList.contains('sent'), 'the queued message after the greeting');
    await idle(el);
    expect(mock.turnCalls().map((c) => c.message)).to.deep.equal([null, 'typed before the greeting']);
    report('loaded offline', 'no request while offline; back online the greeting came first, then the message typed meanwhile');
  });
});
