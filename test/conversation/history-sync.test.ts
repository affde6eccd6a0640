// History sync against a scripted Alli: restore after a reload, reconcile after a break (nodes
// replaced by id, never duplicated), and "does the server have this turn".
import { expect } from '@open-wc/testing';
import { HistorySync } from '../../src/conversation/history-sync.js';
import { SessionState } from '../../src/conversation/session-state.js';
import type { ConversationMemory, SessionOptions } from '../../src/conversation/conversation-types.js';
import { clientWith, conv, history, node, scripted } from './session-fixtures.js';

function rig(historyAnswer: () => Response, options: SessionOptions = {}) {
  const { fetch, log } = scripted({ turn: () => Response.json({}, { status: 500 }), history: historyAnswer });
  const { client, dispose } = clientWith(fetch);
  const state = new SessionState(options);
  const sync = new HistorySync(state, client, 1000);
  return { state, sync, log, dispose };
}

const signal = () => new AbortController().signal;
const bots = (state: SessionState) => state.items.flatMap((i) => (i.kind === 'bot' ? [i.id] : []));

describe('history sync', () => {
  it('merges the history by node id after a break: replaced, added, never duplicated', async () => {
    const { state, sync, log, dispose } = rig(() =>
      Response.json(history([node('R1', 'Hi!'), node('U2', 'q', { sender: 'USER' }), node('R3', 'Full answer'), node('R4', 'Still going', { completed: false })])),
    );
    state.apply(conv());
    state.apply({ type: 'response', response: node('R1', 'Hi!') });
    const baseline = new Set(state.view.positions.keys());
    state.apply({ type: 'response', response: node('R3', 'Full', { completed: false }) });
    state.apply({ type: 'truncated' });

    const found = await sync.afterBreak(baseline, signal(), state.epoch);

    expect(found).to.deep.equal({ reconciled: true, hasTurn: true });
    expect(log).to.deep.equal(['history']);
    expect(state.view.nodes.map((n) => n.id)).to.deep.equal(['R1', 'R3', 'U2', 'R4']);
    expect(state.node('R3')!.message).to.equal('Full answer');
    expect(state.node('R4')!.interrupted, 'still incomplete on the server').to.equal(true);
    expect(bots(state)).to.deep.equal(['R1', 'R3', 'R4']);
    dispose();
  });

  it('does not count a USER node known before the turn as the turn', async () => {
    const { state, sync, dispose } = rig(() => Response.json(history([node('U1', 'earlier', { sender: 'USER' }), node('R1', 'Hi!')])));
    state.apply(conv());
    state.apply({ type: 'response', response: node('U1', 'earlier', { sender: 'USER' }) });
    expect(await sync.serverHasTurn(new Set(state.view.positions.keys()), signal(), state.epoch)).to.equal(false);
    dispose();
  });

  it('asks nothing before there is a conversation', async () => {
    const { sync, log, dispose, state } = rig(() => Response.json(history([])));
    expect(await sync.serverHasTurn(new Set(), signal(), state.epoch)).to.equal(false);
    expect(await sync.afterBreak(new Set(), signal(), state.epoch)).to.deep.equal({ reconciled: false, hasTurn: false });
    expect(log).to.deep.equal([]);
    dispose();
  });

  it('a reconcile that failed is tried again before the next turn, once', async () => {
    let up = false;
    const { state, sync, log, dispose } = rig(() => (up ? Response.json(history([node('R1', 'Hi!')])) : Response.json({ message: 'down' }, { status: 503 })));
    state.apply(conv());
    expect(await sync.afterBreak(new Set(), signal(), state.epoch)).to.deep.equal({ reconciled: false, hasTurn: false });
    up = true;
    await sync.catchUp(signal(), state.epoch);
    await sync.catchUp(signal(), state.epoch);
    expect(log).to.deep.equal(['history', 'history']);
    expect(bots(state)).to.deep.equal(['R1']);
    dispose();
  });

  it('restores the remembered conversation: user bubbles, bot messages, and user turns not yet sent after them', async () => {
    const memory: ConversationMemory = { recall: async () => 'C1', remember: () => {} };
    const { state, sync, dispose } = rig(() => Response.json(history([node('R1', 'Hi!'), node('U2', 'my question', { sender: 'USER' }), node('R3', 'an answer')])), { memory });
    state.items = [{ kind: 'user', turn: { id: 'turn-1', content: { kind: 'text', text: 'waiting' }, status: 'queued', createdAt: 5 } }];
    expect(sync.shouldRestore).to.equal(true);
    expect(await sync.restore()).to.equal('restored');
    expect(sync.shouldRestore).to.equal(false);
    expect(state.items.map((i) => (i.kind === 'user' ? `user:${i.turn.id}:${i.turn.status}` : `bot:${i.id}`))).to.deep.equal([
      'bot:R1',
      'user:restored-U2:sent',
      'bot:R3',
      'user:turn-1:queued',
    ]);
    expect(state.view.conversationId).to.equal('C1');
    expect(state.phase).to.equal('idle');
    dispose();
  });

  it('starts fresh (and forgets the id) when the remembered conversation is gone; keeps it on a server error', async () => {
    const forgotten: (string | undefined)[] = [];
    const memory: ConversationMemory = { recall: async () => 'C-old', remember: (id) => void forgotten.push(id) };
    const gone = rig(() => Response.json({ message: 'no' }, { status: 404 }), { memory });
    expect(await gone.sync.restore()).to.equal('none');
    expect(forgotten).to.deep.equal([undefined]);
    gone.dispose();

    const errors: string[] = [];
    const down = rig(() => Response.json({ message: 'down' }, { status: 500 }), { memory, onError: (e) => errors.push(e.kind) });
    expect(await down.sync.restore()).to.equal('failed');
    expect(down.state.bannerError?.kind).to.equal('server');
    expect(errors).to.deep.equal(['server']);
    expect(forgotten, 'a server error does not forget the conversation').to.deep.equal([undefined]);
    down.dispose();
  });
});
