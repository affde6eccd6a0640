// The session follows its transport's capabilities (docs/transports.md §1, §6): no opening turn
// where there is no greeting, no stop call where nothing can be stopped, button texts handed to
// the transport, and a turn refused by an ended conversation failed, with the ended state.
import { expect } from '@open-wc/testing';
import { ConversationSession } from '../../src/conversation/conversation-session.js';
import type { ChatTransport, TransportCapabilities } from '../../src/transport/chat-transport.js';
import { eventsOf } from '../../src/transport/chat-transport.js';
import type { ConversationEvent } from '../../src/model/stream-events.js';
import type { TurnInput } from '../../src/model/types.js';
import { node } from './session-fixtures.js';

/** A transport that answers each turn from `answer` and records what it was asked. */
function scriptedTransport(capabilities: TransportCapabilities, answer: (turn: TurnInput, n: number) => ConversationEvent[]) {
  const turns: TurnInput[] = [];
  const stops: string[] = [];
  const transport: ChatTransport = {
    name: 'skill',
    capabilities,
    sendTurn: async (turn) => {
      turns.push(turn);
      return eventsOf(answer(turn, turns.length));
    },
    getConversation: async () => {
      throw new Error('no history in this test');
    },
    stopConversation: async (id) => {
      stops.push(id);
    },
  };
  return { transport, turns, stops };
}

const ref = (state: string) => ({ id: 'K1', state });

describe('conversation session: transports', () => {
  it('without a greeting: start() asks nothing, and the first message starts the conversation', async () => {
    const { transport, turns } = scriptedTransport({ streams: true, canStop: true, canUpload: false, greets: false }, () => [
      { type: 'conversation', conversation: ref('INIT') },
      { type: 'response', response: node('A1', 'Fifteen days.') },
      { type: 'done', conversation: ref('WAIT_USER_ANSWER'), reason: 'waiting_input' },
    ]);
    const session = new ConversationSession(transport);
    expect(session.started).to.equal(false);
    await session.start();
    expect(turns).to.deep.equal([]);
    expect(session.started).to.equal(true);
    await session.send({ kind: 'text', text: 'How much leave?' });
    expect(turns).to.deep.equal([{ conversationId: undefined, message: 'How much leave?', files: [], mediaFiles: [] }]);
    expect(session.conversationId).to.equal('K1');
    await session.reset();
    expect(session.started, 'ready again after reset, still without a request').to.equal(true);
    expect(turns).to.have.length(1);
    session.dispose();
  });

  it('a button is handed over with its full text; Stop is not sent where the transport cannot stop', async () => {
    const options = [
      { shortenOption: 'Hours', longOption: 'When are you open?', meta: '{}' },
      { shortenOption: 'Agent', longOption: 'I would like a person.', meta: '{}' },
    ];
    const { transport, turns, stops } = scriptedTransport({ streams: false, canStop: false, canUpload: false, greets: true }, (_turn, n) =>
      n === 1
        ? [{ type: 'conversation', conversation: ref('WAIT_USER_ANSWER') }, { type: 'response', response: node('S1', 'Hi', { chatOptionInfos: options }) }, { type: 'done', conversation: ref('WAIT_USER_ANSWER'), reason: 'waiting_input' }]
        : [{ type: 'response', response: node('U1', 'I would like a person.', { sender: 'USER' }) }, { type: 'state', state: 'WAIT_AGENT' }, { type: 'done', conversation: ref('WAIT_AGENT'), reason: 'waiting_input' }],
    );
    // Stop pressed while the reply is in its streaming phase (however short it is here).
    const session: ConversationSession = new ConversationSession(transport, { onStreamStart: (turn) => turn && session.stop() });
    await session.start();
    await session.send({ kind: 'choices', nodeId: 'S1', choices: [1], labels: ['Agent'] });
    expect(turns[1]).to.deep.equal({ conversationId: 'K1', choices: [1], optionTexts: ['I would like a person.'] });
    expect(stops).to.deep.equal([]);
    expect(session.inputMode.kind).to.equal('agent');
    session.dispose();
  });

  it('a turn refused because the conversation ended fails, and the conversation shows as ended', async () => {
    const { transport } = scriptedTransport({ streams: false, canStop: false, canUpload: false, greets: true }, (_turn, n) =>
      n === 1
        ? [{ type: 'conversation', conversation: ref('WAIT_USER_ANSWER') }, { type: 'response', response: node('S1', 'Hi') }, { type: 'done', conversation: ref('WAIT_USER_ANSWER'), reason: 'waiting_input' }]
        : [
            { type: 'response', response: node('Y1', 'Mina ended the conversation.', { sender: 'SYSTEM' }) },
            { type: 'state', state: 'END_BY_AGENT' },
            { type: 'error', error: { code: 'CONVERSATION_ENDED', message: 'Alli answered 400: conversation K1 has ended', status: 400, retryable: false } },
            { type: 'done', conversation: ref('END_BY_AGENT'), reason: 'ended' },
          ],
    );
    const errors: string[] = [];
    const session = new ConversationSession(transport, { onError: (e) => errors.push(`${e.kind}:${e.code}`) });
    await session.start();
    await session.send({ kind: 'text', text: 'still there?' });
    const turn = session.items.flatMap((i) => (i.kind === 'user' ? [i.turn] : []))[0];
    expect(turn.status).to.equal('failed');
    expect(turn.error?.message).to.equal('Alli answered 400: conversation K1 has ended');
    expect(errors).to.deep.equal(['bad-request:CONVERSATION_ENDED']);
    expect(session.inputMode).to.deep.equal({ kind: 'ended', state: 'END_BY_AGENT' });
    expect(session.node('Y1')?.message).to.equal('Mina ended the conversation.');
    session.dispose();
  });
});
