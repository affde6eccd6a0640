/**
 * `transport="skill"`: a skill conversation through the reference's v1 chat calls, not streamed.
 * `POST /webapi/start_conversation` `{placement}` greets; `POST /webapi/send_chat`
 * `{message, conversationId}` carries each later turn (a button as its text). Both answer JSON
 * inside `{"result", "errors"}`; the answer becomes the event model at once: Draft.js nodes with
 * their buttons (`isDeleted` ones left out), the state, `done`. A turn refused because the
 * conversation had ended (an agent ended it) reads the history, so the ended state and the
 * agent's last words are shown. See docs/transports.md §5 and, for the ended state, §6.
 */
import type { AlliError } from '../model/errors.js';
import type { ConversationEvent, ConversationEventStream } from '../model/stream-events.js';
import type { ConversationRef, ConversationSnapshot, ResponseNode, TurnInput } from '../model/types.js';
import type { ChatTransport, TransportCapabilities, TransportKit } from './chat-transport.js';
import type { AlliClient, RequestOptions, TurnOptions } from './client.js';

/** Not streamed, so nothing to stop; `send_chat` takes text only. */
const CAPABILITIES: TransportCapabilities = { streams: false, canStop: false, canUpload: false, greets: true };

/** [choice] `start_conversation` names no state: a skill that greeted waits for the visitor. */
const STARTED_STATE = 'WAIT_USER_ANSWER';

const JSON_ACCEPT = 'application/json';

const ended = (state: string) => state.startsWith('END_');

/** A chat node of the reference (`id`, Draft.js `message`, `createdAt`, `chatOptionInfos`, `isDeleted`) as a response node. */
export function chatNode(kit: TransportKit, value: unknown, sender: 'BOT' | 'USER', now: number): ResponseNode | undefined {
  const { isRecord, toResponseNode } = kit;
  if (!isRecord(value) || value.isDeleted === true) return undefined;
  const node = toResponseNode(value, { createdAt: now });
  if (!node) return undefined;
  // The reference writes skill messages in Draft.js; a user's text (or a plain message) is text.
  const draft = sender === 'BOT' && node.message.trimStart().startsWith('{');
  return { ...node, sender, type: 'message', messageFormat: draft ? 'draftjs' : 'text', completed: true };
}

/** `start_conversation`'s result → conversation, its greeting nodes, done. */
function startEvents(kit: TransportKit, result: unknown, now = Date.now()): ConversationEvent[] {
  const { isRecord, AlliError } = kit;
  const conversation = isRecord(result) && isRecord(result.conversation) ? result.conversation : undefined;
  if (!conversation || typeof conversation.id !== 'string') {
    throw new AlliError('protocol', 'Alli answered start_conversation without a conversation id.');
  }
  const ref: ConversationRef = { id: conversation.id, state: STARTED_STATE };
  const edges = isRecord(conversation.chats) && Array.isArray(conversation.chats.edges) ? conversation.chats.edges : [];
  const nodes = edges.map((edge) => chatNode(kit, isRecord(edge) ? edge.node : undefined, 'BOT', now)).filter((n) => n !== undefined);
  return [
    { type: 'conversation', conversation: ref, isNew: true },
    ...nodes.map((response): ConversationEvent => ({ type: 'response', response })),
    { type: 'done', conversation: ref, reason: 'waiting_input' },
  ];
}

/** `send_chat`'s result → the visitor's node (the first), the skill's answers, the state, done. */
function sendEvents(kit: TransportKit, result: unknown, conversationId: string, now = Date.now()): ConversationEvent[] {
  const { isRecord, AlliError } = kit;
  if (!isRecord(result) || !Array.isArray(result.responses)) throw new AlliError('protocol', 'Alli answered send_chat without responses.');
  const nodes = result.responses.map((raw, i) => chatNode(kit, raw, i === 0 ? 'USER' : 'BOT', now)).filter((n) => n !== undefined);
  const events: ConversationEvent[] = nodes.map((response) => ({ type: 'response', response }));
  if (typeof result.state !== 'string') return [...events, { type: 'done', reason: 'waiting_input' }];
  const ref: ConversationRef = { id: conversationId, state: result.state };
  return [...events, { type: 'state', state: result.state }, { type: 'done', conversation: ref, reason: ended(result.state) ? 'ended' : 'waiting_input' }];
}

/**
 * A turn refused because the conversation had ended, told with the history: the nodes Alli has
 * (the agent's closing words among them), the ended state, the refusal, `done ended`.
 */
function endedEvents(kit: TransportKit, snapshot: ConversationSnapshot, refusal: AlliError): ConversationEvent[] {
  const bots = snapshot.responses.filter((n) => n.sender !== 'USER');
  return [
    ...bots.map((response): ConversationEvent => ({ type: 'response', response })),
    { type: 'state', state: snapshot.conversation.state },
    { type: 'error', error: { code: kit.ErrorCode.ConversationEnded, message: refusal.message, status: refusal.status ?? 400, retryable: false } },
    { type: 'done', conversation: snapshot.conversation, reason: 'ended' },
  ];
}

export class SkillTransport implements ChatTransport {
  readonly name = 'skill';
  readonly capabilities = CAPABILITIES;

  constructor(
    private readonly client: AlliClient,
    private readonly kit: TransportKit,
    /** Which skill greets; none = the project's default. */
    private readonly placement?: string,
  ) {}

  async sendTurn(turn: TurnInput, options: TurnOptions = {}): Promise<ConversationEventStream> {
    const { kit } = this;
    const { eventsOf, readJson } = kit;
    if (!turn.conversationId) {
      const json = this.placement ? { placement: this.placement } : {};
      const res = await this.client.request('/webapi/start_conversation', { method: 'POST', json, accept: JSON_ACCEPT }, options);
      return eventsOf(startEvents(kit, await readJson(res)));
    }
    const conversationId = turn.conversationId;
    const json = { message: kit.chatMessageOf(turn, 'skill'), conversationId };
    try {
      const res = await this.client.request('/webapi/send_chat', { method: 'POST', json, accept: JSON_ACCEPT }, options);
      return eventsOf(sendEvents(kit, await readJson(res), conversationId));
    } catch (err) {
      if (!(err instanceof kit.AlliError) || err.code !== kit.ErrorCode.ConversationEnded) throw err;
      const snapshot = await this.getConversation(conversationId, options).catch(() => undefined);
      if (!snapshot || !ended(snapshot.conversation.state)) throw err;
      return eventsOf(endedEvents(kit, snapshot, err));
    }
  }

  /** The history, without the nodes the skill's builder deleted. */
  async getConversation(conversationId: string, options?: RequestOptions): Promise<ConversationSnapshot> {
    const snapshot = await this.client.getConversation(conversationId, options);
    const { isRecord } = this.kit;
    if (!isRecord(snapshot) || !Array.isArray(snapshot.responses)) return snapshot;
    return { ...snapshot, responses: snapshot.responses.filter((n) => !(isRecord(n) && n.isDeleted === true)) };
  }
}
