// The turn runner's exits, each against a scripted Alli: answered, stopped, "the server already
// has this turn" (after a 5xx, after a lost connection, and for a turn parked offline), parked
// offline, and failed (before any answer, or by an error event instead of an answer).
import { expect } from '@open-wc/testing';
import { HistorySync } from '../../src/conversation/history-sync.js';
import { Outbox } from '../../src/conversation/outbox.js';
import { retryPolicy } from '../../src/conversation/retry-policy.js';
import { SessionState } from '../../src/conversation/session-state.js';
import { TurnRunner } from '../../src/conversation/turn-runner.js';
import type { UserTurn } from '../../src/conversation/conversation-types.js';
import { brokenBody, clientWith, conv, done, echoTurn, greeting, history, node, scripted, sse } from './session-fixtures.js';
import { sseBody } from '../helpers/scripted-alli.js';

type Handler = Parameters<typeof scripted>[0]['turn'];

/** A runner whose first turn is the greeting; `reply(n)` answers the n-th later turn. */
async function rig(reply: Handler, historyAnswer?: () => Response) {
  const { fetch, log } = scripted({ turn: (u, i, n) => (n === 1 ? sse(greeting) : reply(u, i, n - 1)), history: historyAnswer });
  const { client, dispose } = clientWith(fetch);
  const told: string[] = [];
  const state = new SessionState({
    onStreamEnd: (reason) => told.push(`end:${reason}`),
    onError: (e) => told.push(`error:${e.kind}${e.code ? `:${e.code}` : ''}`),
  });
  const sync = new HistorySync(state, client, 1000);
  const outbox = new Outbox(state, (turn) => runner.run(turn));
  const runner: TurnRunner = new TurnRunner(state, client, sync, outbox, { idleTimeoutMs: 1000, policy: retryPolicy({ serverDelaysMs: [10] }) });
  expect(await runner.run(undefined)).to.equal('sent');
  told.length = 0;
  const turn = (text: string): UserTurn => {
    const t: UserTurn = { id: `t-${text}`, content: { kind: 'text', text }, status: 'queued', createdAt: 0 };
    state.items = [...state.items, { kind: 'user', turn: t }];
    return t;
  };
  const status = (t: UserTurn) => state.findTurn(t.id)?.status;
  return { state, runner, outbox, log, told, turn, status, dispose };
}

const lost = () => Promise.reject(new TypeError('Failed to fetch'));
const tookIt = (text: string) => () => Response.json(history([node('R1', 'Hi!'), node('U9', text, { sender: 'USER' })]));
const notYet = () => Response.json(history([node('R1', 'Hi!')]));

describe('turn runner', () => {
  it('answered: sent, ending with the done reason', async () => {
    const r = await rig((_u, _i, n) => echoTurn(n, 'hello'));
    const t = r.turn('hello');
    expect(await r.runner.run(t)).to.equal('sent');
    expect(r.status(t)).to.equal('sent');
    expect(r.told).to.deep.equal(['end:waiting_input']);
    expect(r.state.phase).to.equal('idle');
    r.dispose();
  });

  it('stopped mid-reply: sent, with what arrived kept as complete', async () => {
    const r = await rig(() => brokenBody(sseBody([conv(), { type: 'response', response: node('R2', 'Half', { completed: false }) }]), 'quiet'));
    const t = r.turn('stop me');
    const running = r.runner.run(t);
    while (!r.state.node('R2')) await new Promise((resolve) => setTimeout(resolve, 1));
    r.state.stopping = true;
    r.state.controller!.abort();
    expect(await running).to.equal('sent');
    expect(r.status(t)).to.equal('sent');
    expect(r.state.node('R2')).to.include({ message: 'Half', completed: true });
    expect(r.told).to.deep.equal(['end:stopped']);
    r.dispose();
  });

  it('the server already has the turn after a 5xx: sent as interrupted, not resent', async () => {
    const r = await rig(() => Response.json({ message: 'proxy' }, { status: 502 }), tookIt('took it'));
    const t = r.turn('took it');
    expect(await r.runner.run(t)).to.equal('sent');
    expect(r.log).to.deep.equal(['turn (greeting)', 'turn took it', 'history']);
    expect(r.status(t)).to.equal('sent');
    expect(r.told).to.deep.equal(['end:interrupted']);
    r.dispose();
  });

  it('the server already has the turn after a lost connection: sent as interrupted', async () => {
    const r = await rig(lost, tookIt('lost?'));
    const t = r.turn('lost?');
    expect(await r.runner.run(t)).to.equal('sent');
    expect(r.log).to.deep.equal(['turn (greeting)', 'turn lost?', 'history']);
    expect(r.told).to.deep.equal(['end:interrupted']);
    r.dispose();
  });

  it('offline: parked in the outbox without ending; back online, checked against the history before it is resent', async () => {
    let historyHasIt = false;
    const r = await rig(lost, () => (historyHasIt ? tookIt('parked')() : notYet()));
    r.state.online = false;
    const t = r.turn('parked');
    expect(await r.runner.run(t)).to.equal('queued');
    expect(r.status(t)).to.equal('queued');
    expect(r.outbox.size).to.equal(1);
    expect(r.told, 'a parked turn has not ended').to.deep.equal([]);

    r.state.online = true;
    historyHasIt = true;
    await r.outbox.flush(false);
    expect(r.log).to.deep.equal(['turn (greeting)', 'turn parked', 'history']);
    expect(r.status(t)).to.equal('sent');
    expect(r.told).to.deep.equal(['end:interrupted']);
    r.dispose();
  });

  it('the greeting offline waits for start()', async () => {
    const { fetch } = scripted({ turn: lost });
    const { client, dispose } = clientWith(fetch);
    const state = new SessionState({ online: false });
    const sync = new HistorySync(state, client, 1000);
    const outbox = new Outbox(state, (turn) => runner.run(turn));
    const runner: TurnRunner = new TurnRunner(state, client, sync, outbox, { idleTimeoutMs: 1000, policy: retryPolicy() });
    expect(await runner.run(undefined)).to.equal('queued');
    expect(state.startPending).to.equal(true);
    expect(state.bannerError).to.equal(undefined);
    dispose();
  });

  it('failed: a lost connection the server did not see leaves the turn for Retry, resent only when asked', async () => {
    const r = await rig(lost, notYet);
    const t = r.turn('gone');
    expect(await r.runner.run(t)).to.equal('failed');
    expect(r.status(t)).to.equal('failed');
    expect(r.state.findTurn(t.id)!.error?.kind).to.equal('network');
    expect(r.told).to.deep.equal(['error:network', 'end:error']);
    expect(r.log).to.deep.equal(['turn (greeting)', 'turn gone', 'history']);
    r.dispose();
  });

  it('failed: an error event instead of an answer; reported beside a kept turn when a form is refused', async () => {
    const r = await rig((_u, _i, n) =>
      n === 1
        ? sse([conv(), { type: 'error', error: { code: 'BOOM', message: 'no answer' } }, { type: 'done', reason: 'error' }])
        : sse([conv(), { type: 'error', error: { status: 400, code: 'FORM_INVALID', message: 'check', fields: { email: 'taken' } } }, done]),
    );
    const broken = r.turn('broken');
    expect(await r.runner.run(broken)).to.equal('failed');
    expect(r.state.findTurn(broken.id)!.error).to.include({ kind: 'server', code: 'BOOM' });
    const form = r.turn('form');
    expect(await r.runner.run(form)).to.equal('sent');
    expect(r.status(form)).to.equal('sent');
    expect(r.told).to.deep.equal(['error:server:BOOM', 'end:error', 'error:bad-request:FORM_INVALID', 'end:waiting_input']);
    r.dispose();
  });
});
