/**
 * `transport="llm-app"`: an LLM app through the reference's `POST /webapi/apps/{app_id}/run` with
 * `mode: "stream"` and `isStateful: true`; the conversation id of the first answer is sent with
 * every later turn. Each NDJSON line is a whole `{"result": …}` 200 body, which the snapshot
 * adapter turns into the event model (citations and intermediate steps included); an SSE answer
 * is read too. History and Stop use the conversation calls. See docs/transports.md §4.
 */
import type { ConversationEventStream } from '../model/stream-events.js';
import type { ConversationSnapshot, TurnInput } from '../model/types.js';
import type { ChatTransport, TransportCapabilities, TransportKit } from './chat-transport.js';
import type { AlliClient, RequestOptions, TurnOptions } from './client.js';

/** [choice] NDJSON first: its lines are the documented 200 body; SSE is accepted as well. */
const RUN_ACCEPT = 'application/x-ndjson, application/stream+json;q=0.9, text/event-stream;q=0.8';

/** An LLM app answers questions: no greeting, no files (the `/run` body is JSON). */
const CAPABILITIES: TransportCapabilities = { streams: true, canStop: true, canUpload: false, greets: false };

export class LlmAppTransport implements ChatTransport {
  readonly name = 'llm-app';
  readonly capabilities = CAPABILITIES;

  constructor(
    private readonly client: AlliClient,
    private readonly kit: TransportKit,
  ) {}

  async sendTurn(turn: TurnInput, options: TurnOptions = {}): Promise<ConversationEventStream> {
    const json: Record<string, unknown> = { chat: { message: this.kit.chatMessageOf(turn, 'llm-app') }, mode: 'stream', isStateful: true };
    if (turn.conversationId) json.conversationId = turn.conversationId;
    const path = `/webapi/apps/${encodeURIComponent(this.client.appId)}/run`;
    const res = await this.client.request(path, { method: 'POST', json, accept: RUN_ACCEPT }, options);
    return this.kit.parseConversationStream(res, { signal: options.signal });
  }

  getConversation(conversationId: string, options?: RequestOptions): Promise<ConversationSnapshot> {
    return this.client.getConversation(conversationId, options);
  }

  /** [choice] The reference has no stop for `/run`; the conversation's stop call is used. */
  stopConversation(conversationId: string, options?: RequestOptions): Promise<void> {
    return this.client.stopConversation(conversationId, options);
  }
}
