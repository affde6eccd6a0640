// The session's fault handling without a browser view: a scripted Alli behind the real client
// and token source, so each path (reconcile, idle timeout, automatic resend, outbox, restore)
// is checked against exactly the requests it makes.
import { expect, waitUntil } from '@open-wc/testing';
import { ConversationSession, type ConversationMemory, type SessionOptions } from '../../src/conversation/conversation-session.js';
import { brokenBody, clientWith, conv, done, greeting, history, node, scripted, sse } from './session-fixtures.js';
import { sseBody } from '../helpers/scripted-alli.js';

function sessionWith(fetch: typeof globalThis.fetch, options: SessionOptions = {}) {
  const { client, dispose } = clientWith(fetch);
  const events: string[] = [];
  const session = new ConversationSession(client, {
    onStreamEnd: (reason) => events.push(`end:${reason}`),
    onError: (e) => events.push(`error:${e.kind}`),
    retry: { serverDelaysMs: [10, 10] },
    ...options,
  });
  return { session, events, dispose: () => (session.dispose(), dispose()) };
}

const userTurns = (s: ConversationSession) => s.items.flatMap((i) => (i.kind === 'user' ? [i.turn] : []));

describe('conversation session: faults', () => {
  it('a cut stream is reconciled: nodes replaced by id, the turn sent when the server has its USER node', async () => {
    const cut = `${sseBody([conv(), { type: 'response', response: node('R3', '', { type: 'llm', completed: false }) }, { type: 'delta', id: 'R3', delta: 'Par' }])}`;
    const { fetch, log } = scripted({
      turn: (_u, _i, n) => (n === 1 ? sse(greeting) : brokenBody(cut, 'error')),
      history: () => Response.json(history([node('R1', 'Hi!'), node('R2', 'hello', { sender: 'USER' }), node('R3', 'Partial answer', { type: 'llm', completed: false })])),
    });
    const { session, events, dispose } = sessionWith(fetch);
    await session.start();
    await session.send({ kind: 'text', text: 'hello' });
    expect(log).to.deep.equal(['turn (greeting)', 'turn hello', 'history']);
    expect(session.node('R3')!.message).to.equal('Partial answer');
    expect(session.node('R3')!.interrupted).to.equal(true);
    expect(session.items.filter((i) => i.kind === 'bot').map((i) => (i.kind === 'bot' ? i.id : ''))).to.deep.equal(['R1', 'R3']);
    expect(userTurns(session)[0].status).to.equal('sent');
    expect(events).to.deep.equal(['end:waiting_input', 'end:interrupted']);
    dispose();
  });

  it('a cut before the server had the turn leaves it failed for Retry, never resent by itself', async () => {
    const { fetch, log } = scripted({
      turn: (_u, _i, n) => (n === 1 ? sse(greeting) : brokenBody('', 'error')),
      history: () => Response.json(history([node('R1', 'Hi!')])),
    });
    const { session, dispose } = sessionWith(fetch);
    await session.start();
    await session.send({ kind: 'text', text: 'lost' });
    expect(log).to.deep.equal(['turn (greeting)', 'turn lost', 'history']);
    expect(userTurns(session)[0].status).to.equal('failed');
    expect(userTurns(session)[0].error?.code).to.equal('CONNECTION_LOST');
    dispose();
  });

  it('a stream that goes quiet is given up after the idle timeout and reconciled', async () => {
    const quiet = sseBody([conv(), { type: 'response', response: node('R2', 'hello', { sender: 'USER' }) }, { type: 'response', response: node('R3', 'Wor', { completed: false }) }]);
    const { fetch, log } = scripted({
      turn: (_u, _i, n) => (n === 1 ? sse(greeting) : brokenBody(quiet, 'quiet')),
      history: () => Response.json(history([node('R1', 'Hi!'), node('R2', 'hello', { sender: 'USER' }), node('R3', 'Words', { completed: false })])),
    });
    const { session, events, dispose } = sessionWith(fetch, { idleTimeoutMs: 80 });
    await session.start();
    const t0 = performance.now();
    await session.send({ kind: 'text', text: 'hello' });
    // Never before the idle timeout (how much later, on a busy machine, is not asserted).
    expect(performance.now() - t0).to.be.at.least(70);
    expect(log.at(-1)).to.equal('history');
    expect(session.node('R3')!.message).to.equal('Words');
    expect(userTurns(session)[0].status).to.equal('sent');
    expect(events.at(-1)).to.equal('end:interrupted');
    dispose();
  });

  it('resends a 5xx after the policy delays with a countdown, then fails once', async () => {
    const { fetch, log } = scripted({
      turn: (_u, _i, n) => (n === 1 ? sse(greeting) : Response.json({ message: 'boom' }, { status: 503 })),
      history: () => Response.json(history([node('R1', 'Hi!')])),
    });
    const notices: number[] = [];
    const { session, events, dispose } = sessionWith(fetch, { onRetryScheduled: (n) => notices.push(n.attempt) });
    await session.start();
    await session.send({ kind: 'text', text: 'again?' });
    expect(log).to.deep.equal(['turn (greeting)', 'turn again?', 'history', 'turn again?', 'history', 'turn again?']);
    expect(notices).to.deep.equal([1, 2]);
    expect(events.filter((e) => e.startsWith('error'))).to.deep.equal(['error:server']);
    expect(session.retryNotice).to.equal(undefined);
    dispose();
  });

  it('does not resend after a 5xx when the history shows the server took the turn', async () => {
    const { fetch, log } = scripted({
      turn: (_u, _i, n) => (n === 1 ? sse(greeting) : Response.json({ message: 'proxy' }, { status: 502 })),
      history: () => Response.json(history([node('R1', 'Hi!'), node('R2', 'took it', { sender: 'USER' }), node('R3', 'Answer')])),
    });
    const { session, dispose } = sessionWith(fetch);
    await session.start();
    await session.send({ kind: 'text', text: 'took it' });
    expect(log).to.deep.equal(['turn (greeting)', 'turn took it', 'history']);
    expect(userTurns(session)[0].status).to.equal('sent');
    expect(session.node('R3')!.message).to.equal('Answer');
    dispose();
  });

  it('queues offline sends and sends them in order, one at a time, once online', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const { fetch, log } = scripted({
      turn: async (_u, init, n) => {
        if (n === 1) return sse(greeting);
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight -= 1;
        const message = (init.body as FormData).get('message');
        return sse([conv(), { type: 'response', response: node(`U${n}`, String(message), { sender: 'USER' }) }, { type: 'response', response: node(`B${n}`, `re: ${message}`) }, done]);
      },
    });
    const { session, dispose } = sessionWith(fetch);
    await session.start();
    session.setOnline(false);
    for (const text of ['a', 'b', 'c']) await session.send({ kind: 'text', text });
    expect(userTurns(session).map((t) => t.status)).to.deep.equal(['queued', 'queued', 'queued']);
    expect(session.queued).to.equal(3);
    session.setOnline(true);
    await waitUntil(() => !session.busy && userTurns(session).every((t) => t.status === 'sent'), 'the outbox to be sent', { timeout: 5000, interval: 10 });
    expect(log).to.deep.equal(['turn (greeting)', 'turn a', 'turn b', 'turn c']);
    expect(maxInFlight).to.equal(1);
    expect(userTurns(session).map((t) => t.status)).to.deep.equal(['sent', 'sent', 'sent']);
    dispose();
  });

  it('restores a remembered conversation from the history, and starts fresh when it is gone', async () => {
    const remembered: (string | undefined)[] = [];
    const memory = (id: string | undefined): ConversationMemory => ({
      recall: async () => id,
      remember: (value) => void remembered.push(value),
    });
    const ok = scripted({
      turn: () => sse(greeting),
      history: () => Response.json(history([node('R1', 'Hi!'), node('R2', 'my question', { sender: 'USER' }), node('R3', 'an answer', { completed: false })], 'WAIT_USER_ANSWER')),
    });
    const restored = sessionWith(ok.fetch, { memory: memory('C1') });
    await restored.session.start();
    expect(ok.log).to.deep.equal(['history']);
    expect(restored.session.items.map((i) => (i.kind === 'user' ? `user:${i.turn.content.kind === 'text' ? i.turn.content.text : ''}` : `bot:${i.id}`))).to.deep.equal([
      'bot:R1',
      'user:my question',
      'bot:R3',
    ]);
    expect(restored.session.node('R3')!.interrupted, 'an answer cut off earlier stays marked').to.equal(true);
    restored.dispose();

    const gone = scripted({ turn: () => sse(greeting) });
    const fresh = sessionWith(gone.fetch, { memory: memory('C-old') });
    await fresh.session.start();
    expect(gone.log).to.deep.equal(['history', 'turn (greeting)']);
    expect(remembered).to.deep.equal([undefined, 'C1']);
    fresh.dispose();
  });

  it('dispose during a wait before a resend ends it at once, with nothing more sent', async () => {
    const { fetch, log } = scripted({
      turn: (_u, _i, n) => (n === 1 ? sse(greeting) : Response.json({ message: 'slow down' }, { status: 429, headers: { 'Retry-After': '30' } })),
    });
    const { session, dispose } = sessionWith(fetch);
    await session.start();
    const sending = session.send({ kind: 'text', text: 'wait' });
    await waitUntil(() => session.retryNotice, 'the wait before the resend', { timeout: 5000, interval: 5 });
    expect(session.retryNotice?.reason).to.equal('rate-limited');
    dispose();
    await sending;
    await new Promise((r) => setTimeout(r, 20));
    expect(log).to.deep.equal(['turn (greeting)', 'turn wait']);
  });
});
