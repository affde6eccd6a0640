/**
 * `transport="conversation"` (the default): turns through `run_conversation`, streamed as SSE or
 * NDJSON snapshots, the history through `GET …/conversations/{id}`, Stop through `…/stop`.
 * The wire already speaks the event model (docs/transports.md §3).
 */
import type { ConversationEventStream } from '../model/stream-events.js';
import type { ConversationSnapshot, TurnInput } from '../model/types.js';
import type { ChatTransport, TransportCapabilities } from './chat-transport.js';
import type { AlliClient, RequestOptions, TurnOptions } from './client.js';

const CAPABILITIES: TransportCapabilities = { streams: true, canStop: true, canUpload: true, greets: true };

export class ConversationTransport implements ChatTransport {
  readonly name = 'conversation';
  readonly capabilities = CAPABILITIES;

  constructor(private readonly client: AlliClient) {}

  sendTurn(turn: TurnInput, options?: TurnOptions): Promise<ConversationEventStream> {
    return this.client.runConversation(turn, options);
  }

  getConversation(conversationId: string, options?: RequestOptions): Promise<ConversationSnapshot> {
    return this.client.getConversation(conversationId, options);
  }

  stopConversation(conversationId: string, options?: RequestOptions): Promise<void> {
    return this.client.stopConversation(conversationId, options);
  }
}
