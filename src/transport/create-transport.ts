/**
 * The `transport` attribute's value → the transport module behind the one interface
 * (docs/transports.md §1). `run_conversation` is at hand; the LLM-app and skill transports load
 * with their first turn, so a page that never uses them never downloads them. What each can do
 * is known up front (the view hides Stop and attachments before anything loads).
 */
import { AlliError, ErrorCode } from '../model/errors.js';
import type { TurnInput } from '../model/types.js';
import { isRecord, toResponseNode } from '../wire/normalize.js';
import { parseConversationStream } from '../wire/parse.js';
import { chatMessageOf, eventsOf, type ChatTransport, type TransportCapabilities, type TransportKit, type TransportName } from './chat-transport.js';
import type { AlliClient, RequestOptions, TurnOptions } from './client.js';
import { ConversationTransport } from './conversation-transport.js';
import { readJson } from './envelope.js';

const NAMES: readonly TransportName[] = ['conversation', 'llm-app', 'skill'];

/** A known transport name; anything else (empty, a typo) is the default, `conversation`. */
export function parseTransportName(value: string | null | undefined): TransportName {
  const name = (value ?? '').trim().toLowerCase();
  return (NAMES as readonly string[]).includes(name) ? (name as TransportName) : 'conversation';
}

/** The core's helpers for the transports loaded on demand. */
export const transportKit: TransportKit = { AlliError, ErrorCode, parseConversationStream, readJson, isRecord, toResponseNode, eventsOf, chatMessageOf };

/** What the lazily loaded transports can do (each module states the same; a test compares them). */
export const LAZY_CAPABILITIES: Readonly<Record<'llm-app' | 'skill', TransportCapabilities>> = {
  'llm-app': { streams: true, canStop: true, canUpload: false, greets: false },
  skill: { streams: false, canStop: false, canUpload: false, greets: true },
};

/** Stands in for a transport whose module loads on first use (a failed load is tried again next time). */
class LazyTransport implements ChatTransport {
  private loading?: Promise<ChatTransport>;
  readonly stopConversation?: (conversationId: string, options?: RequestOptions) => Promise<void>;

  constructor(
    readonly name: TransportName,
    readonly capabilities: TransportCapabilities,
    private readonly load: () => Promise<ChatTransport>,
  ) {
    if (capabilities.canStop) this.stopConversation = async (id, options) => (await this.loaded()).stopConversation?.(id, options);
  }

  private loaded(): Promise<ChatTransport> {
    return (this.loading ??= this.load().catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    }));
  }

  async sendTurn(turn: TurnInput, options?: TurnOptions) {
    return (await this.loaded()).sendTurn(turn, options);
  }

  async getConversation(conversationId: string, options?: RequestOptions) {
    return (await this.loaded()).getConversation(conversationId, options);
  }
}

export function createTransport(name: TransportName, client: AlliClient, placement?: string): ChatTransport {
  switch (name) {
    case 'llm-app':
      return new LazyTransport(name, LAZY_CAPABILITIES[name], () => import('./llm-app-transport.js').then((m) => new m.LlmAppTransport(client, transportKit)));
    case 'skill':
      return new LazyTransport(name, LAZY_CAPABILITIES[name], () => import('./skill-transport.js').then((m) => new m.SkillTransport(client, transportKit, placement || undefined)));
    case 'conversation':
      return new ConversationTransport(client);
  }
}
