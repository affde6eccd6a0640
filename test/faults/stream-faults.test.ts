// Faults inside a reply stream, through the element against the mock Alli: a connection cut
// mid-delta, a stream without `done`, a stream that goes quiet, a request never answered,
// and junk events. Each ends with the user able to continue and no duplicated or lost bot text.
import { expect } from '@open-wc/testing';
import type { AlliChatElement } from '../../src/ui/alli-chat.element.js';
import type { AlliStreamEndEvent } from '../../src/ui/events.js';
import {
  $,
  $$,
  botIds,
  faultChat,
  faults,
  greeted,
  idle,
  lastBearer,
  nextEvent,
  report,
  serverHistory,
  sessionOf,
  until,
  userBubbles,
  type CallRecord,
} from './helpers.js';

/** Each node's text as the widget holds it equals the server's version, node for node. */
async function expectSameAsServer(el: AlliChatElement, calls: CallRecord[]) {
  const session = sessionOf(el)!;
  const history = await serverHistory(session.conversationId!, lastBearer(calls));
  const serverBots = history.responses.filter((n) => n.sender !== 'USER');
  expect(botIds(el), 'one bubble per server node, in order, none twice').to.deep.equal(serverBots.map((n) => n.id));
  for (const node of serverBots) expect(session.node(node.id)?.message, `text of ${node.id}`).to.equal(node.message);
  return history;
}

/** The user can go on: a plain message gets a complete answer. */
async function continues(el: AlliChatElement, text: string) {
  const before = botIds(el).length;
  await el.send(text);
  await idle(el, 'the follow-up turn');
  const last = $$(el, '.message.user').at(-1)!;
  expect(last.classList.contains('sent'), 'the follow-up was sent').to.equal(true);
  expect(botIds(el).length).to.equal(before + 1);
  const reply = sessionOf(el)!.node(botIds(el).at(-1)!)!;
  expect(reply.completed && !reply.interrupted, 'the follow-up answer is complete').to.equal(true);
}

describe('faults inside a stream', () => {
  for (const wire of ['sse', 'ndjson'] as const) {
    it(`drop-mid-delta (${wire}): the partial answer is replaced by the server's version, the turn is not resent`, async () => {
      const { el, mock } = await faultChat({ knobs: { wire, delayMs: 2, fault: faults({ 2: 'drop-mid-delta' }) } });
      await greeted(el);
      const ended = nextEvent<AlliStreamEndEvent>(el, 'alli-stream-end');
      await el.send('Tell me about pricing');
      expect((await ended).reason).to.equal('interrupted');
      await idle(el);
      const replyId = botIds(el).at(-1)!;
      const session = sessionOf(el)!;
      const history = await expectSameAsServer(el, mock.calls);
      const serverReply = history.responses.find((n) => n.id === replyId)!;
      expect(serverReply.completed, 'the server kept it incomplete').to.equal(false);
      expect(session.node(replyId)!.interrupted, 'marked interrupted').to.equal(true);
      expect($(el, `[data-node="${replyId}"] .notice`)?.textContent).to.contain('interrupted');
      expect(userBubbles(el)).to.have.lengthOf(1);
      expect(userBubbles(el)[0].classList.contains('sent'), 'the server has the user turn: not failed').to.equal(true);
      expect(mock.turnCount(), 'not resent').to.equal(2);
      expect(history.responses.filter((n) => n.sender === 'USER' && n.message === 'Tell me about pricing')).to.have.lengthOf(1);
      expect(mock.historyCalls().length, 'reconciled with GET').to.be.at.least(1);
      report(
        `drop-mid-delta (${wire})`,
        `stream cut after ${JSON.stringify(serverReply.message)}; widget reconciled via GET (${mock.historyCalls().length}), reply ${replyId} replaced by the server's text and marked interrupted, user turn kept as sent (not resent), 1 user bubble, ${botIds(el).length} bot bubbles = server's ${history.responses.filter((n) => n.sender !== 'USER').length}; next turn OK`,
      );
      await continues(el, 'And for teams?');
    });
  }

  it('no-done: the stream ends without done; reconciled, nothing duplicated, the answer stays whole', async () => {
    const { el, mock } = await faultChat({ knobs: { delayMs: 1, fault: faults({ 2: 'no-done' }) } });
    await greeted(el);
    await el.send('Is there a free plan?');
    await idle(el);
    const history = await expectSameAsServer(el, mock.calls);
    const replyId = botIds(el).at(-1)!;
    const reply = sessionOf(el)!.node(replyId)!;
    expect(reply.completed, 'complete as the server has it').to.equal(true);
    expect(reply.interrupted, 'not marked interrupted').to.equal(undefined);
    expect($(el, '.notice'), 'no interrupted notice').to.equal(null);
    expect(userBubbles(el)[0].classList.contains('sent')).to.equal(true);
    expect(mock.turnCount()).to.equal(2);
    expect(mock.historyCalls().length).to.be.at.least(1);
    report(
      'no-done',
      `stream ended without done; reconciled via GET, ${botIds(el).length} bot bubbles = server's ${history.responses.filter((n) => n.sender !== 'USER').length}, reply complete (${reply.message.length} chars, equal to the server's), no interrupted mark, turn sent once; next turn OK`,
    );
    await continues(el, 'Thanks');
  });

  it('stall: no bytes for longer than the idle timeout; the widget notices, aborts and reconciles', async () => {
    const idleTimeoutMs = 700;
    const { el, mock } = await faultChat({ idleTimeoutMs, knobs: { delayMs: 5, fault: faults({ 2: 'stall' }) } });
    await greeted(el);
    const sent = performance.now();
    await el.send('Are you there?');
    await idle(el, 'the stalled turn to be given up', 5000);
    const tookMs = performance.now() - sent;
    const replyId = botIds(el).at(-1)!;
    await expectSameAsServer(el, mock.calls);
    const reply = sessionOf(el)!.node(replyId)!;
    expect(reply.message.length, 'what arrived before the stall is kept').to.be.greaterThan(0);
    expect(reply.interrupted).to.equal(true);
    expect(userBubbles(el)[0].classList.contains('sent')).to.equal(true);
    // Never before the idle timeout; how much later on a busy machine is only reported.
    expect(tookMs, 'noticed after the idle timeout').to.be.at.least(idleTimeoutMs);
    expect(mock.turnCount()).to.equal(2);
    report(
      'stall',
      `no bytes after 3 deltas; idle timeout ${idleTimeoutMs} ms fired, turn ended after ${Math.round(tookMs)} ms as interrupted, partial ${JSON.stringify(reply.message)} = server's, user turn sent, not resent; the mock saw the disconnect (next turn not refused as busy)`,
    );
    await continues(el, 'Hello again');
  });

  it('hang: a request never answered times out; the turn stays failed with Retry, and Retry sends it once', async () => {
    const { el, mock } = await faultChat({ idleTimeoutMs: 600, knobs: { delayMs: 1, fault: faults({ 2: 'hang' }) } });
    await greeted(el);
    await el.send('Anyone home?');
    await idle(el, 'the hung request to be given up', 5000);
    const bubble = userBubbles(el)[0];
    expect(bubble.classList.contains('failed')).to.equal(true);
    const note = bubble.querySelector('.meta span')!.textContent!.replace(/\s+/g, ' ').trim();
    expect(note).to.contain('stopped responding');
    expect(bubble.textContent).to.contain('Anyone home?');
    expect(mock.historyCalls().length, 'checked whether the server had the turn').to.be.at.least(1);
    bubble.querySelector<HTMLButtonElement>('.retry')!.click();
    await until(() => userBubbles(el)[0].classList.contains('sent'), 'the retried turn');
    await idle(el);
    const history = await expectSameAsServer(el, mock.calls);
    expect(history.responses.filter((n) => n.sender === 'USER' && n.message === 'Anyone home?')).to.have.lengthOf(1);
    expect(userBubbles(el)).to.have.lengthOf(1);
    report('hang (no response)', `request aborted by the idle timeout (600 ms); history checked (server did not have it); bubble "${note}" with Retry; Retry delivered it exactly once`);
  });

  it('keep-alive comments count as signs of life; without them the same pause is a stall', async () => {
    // The reply pauses 4 × 150 ms before its first delta; the idle timeout is 450 ms.
    const alive = await faultChat({ idleTimeoutMs: 450, knobs: { delayMs: 150, pingMs: 100 } });
    await greeted(alive.el);
    const sentAlive = alive.el.send('ping me');
    await until(() => (sessionOf(alive.el)!.node(botIds(alive.el).at(-1) ?? '')?.message.length ?? 0) > 12, 'deltas after the quiet pause', 6000);
    sessionOf(alive.el)!.stop();
    await sentAlive;
    await idle(alive.el);
    const aliveReply = sessionOf(alive.el)!.node(botIds(alive.el).at(-1)!)!;
    expect(aliveReply.interrupted, 'pings kept it alive').to.equal(undefined);
    expect(alive.mock.historyCalls()).to.have.lengthOf(0);

    // Same pauses, pings only during the greeting.
    const quiet = await faultChat({ idleTimeoutMs: 450, knobs: { delayMs: 150, pingMs: (turn) => (turn === 1 ? 100 : 0) } });
    await greeted(quiet.el);
    const ended = nextEvent<AlliStreamEndEvent>(quiet.el, 'alli-stream-end');
    await quiet.el.send('ping me');
    expect((await ended).reason, 'the same pause without pings is a stall').to.equal('interrupted');
    report('keep-alive', 'a 600 ms pause filled with `: ping` every 100 ms survived a 450 ms idle timeout (bytes count, not only events); with pings off the same pause was treated as a stall');
  });

  for (const fault of ['malformed-json', 'unknown-event', 'noise'] as const) {
    it(`${fault}: skipped, the stream goes on to a whole answer`, async () => {
      const { el, mock } = await faultChat({ knobs: { delayMs: 1, fault: faults({ 2: fault }) } });
      await greeted(el);
      const ended = nextEvent<AlliStreamEndEvent>(el, 'alli-stream-end');
      await el.send('Say something long');
      const reason = (await ended).reason;
      await idle(el);
      expect(reason).to.equal('waiting_input');
      await expectSameAsServer(el, mock.calls);
      const reply = sessionOf(el)!.node(botIds(el).at(-1)!)!;
      expect(reply.completed).to.equal(true);
      expect($(el, '.notice')).to.equal(null);
      expect(userBubbles(el)[0].classList.contains('sent')).to.equal(true);
      expect(mock.historyCalls(), 'no reconcile needed').to.have.lengthOf(0);
      report(fault, `junk event after the 2nd delta skipped; stream ended "${reason}", answer complete and equal to the server's (${reply.message.length} chars), no error shown`);
    });
  }
});
