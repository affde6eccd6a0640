// The outbox alone: a fake turn runner records what it is asked to send, so order, exactly-once
// and the holds (offline, behind a failed turn, a flush already running) are checked directly.
import { expect } from '@open-wc/testing';
import { Outbox } from '../../src/conversation/outbox.js';
import { SessionState } from '../../src/conversation/session-state.js';
import type { TurnOutcome, UserTurn, UserTurnStatus } from '../../src/conversation/conversation-types.js';

function rig(outcomes: Record<string, TurnOutcome> = {}) {
  const state = new SessionState({});
  const ran: string[] = [];
  const outbox = new Outbox(state, async (turn) => {
    ran.push(turn.id);
    const outcome = outcomes[turn.id] ?? 'sent';
    // A turn runs asynchronously, as the real runner does.
    await Promise.resolve();
    state.updateTurn(turn.id, { status: outcome === 'sent' ? 'sent' : 'failed' });
    return outcome;
  });
  const add = (id: string, status: UserTurnStatus = 'queued') => {
    const turn: UserTurn = { id, content: { kind: 'text', text: id }, status, createdAt: 0 };
    state.items = [...state.items, { kind: 'user', turn }];
  };
  return { state, outbox, ran, add };
}

describe('outbox', () => {
  it('sends waiting turns in transcript order, whatever order they were queued in', async () => {
    const { outbox, ran, add } = rig();
    ['a', 'b', 'c'].forEach((id) => add(id));
    outbox.enqueue('c');
    outbox.enqueue('a');
    outbox.enqueue('b');
    outbox.enqueue('a');
    expect(outbox.size, 'a turn is queued once').to.equal(3);
    await outbox.flush(false);
    expect(ran).to.deep.equal(['a', 'b', 'c']);
    expect(outbox.size).to.equal(0);
  });

  it('sends each turn exactly once when flushes overlap', async () => {
    const { outbox, ran, add } = rig();
    ['a', 'b'].forEach((id) => (add(id), outbox.enqueue(id)));
    const first = outbox.flush(false);
    const second = outbox.flush(true);
    expect(outbox.active).to.equal(true);
    await Promise.all([first, second, outbox.flush(false)]);
    expect(ran).to.deep.equal(['a', 'b']);
    expect(outbox.active).to.equal(false);
  });

  it('waits while offline, and skips a turn no longer queued', async () => {
    const { state, outbox, ran, add } = rig();
    ['a', 'b'].forEach((id) => (add(id), outbox.enqueue(id)));
    state.online = false;
    await outbox.flush(true);
    expect(ran).to.deep.equal([]);
    expect(outbox.size).to.equal(2);
    state.online = true;
    state.updateTurn('a', { status: 'sent' });
    await outbox.flush(false);
    expect(ran).to.deep.equal(['b']);
  });

  it('stops at a turn that fails; an automatic flush then holds behind it, a forced one goes', async () => {
    const { outbox, ran, add } = rig({ a: 'failed' });
    ['a', 'b'].forEach((id) => (add(id), outbox.enqueue(id)));
    await outbox.flush(false);
    expect(ran).to.deep.equal(['a']);
    expect(outbox.size).to.equal(1);
    await outbox.flush(false);
    expect(ran, 'nothing overtakes the failed turn by itself').to.deep.equal(['a']);
    await outbox.flush(true);
    expect(ran).to.deep.equal(['a', 'b']);
  });

  it('drops what it held when the session is reset', async () => {
    const { state, outbox, ran, add } = rig();
    ['a', 'b'].forEach((id) => (add(id), outbox.enqueue(id)));
    const flushing = outbox.flush(false);
    state.epoch += 1;
    outbox.clear();
    await flushing;
    expect(ran).to.deep.equal([]);
    expect(outbox.size).to.equal(0);
  });
});
