/** The `transport` attribute's value → the transport module behind the one interface (docs/transports.md §1). */
import type { ChatTransport, TransportName } from './chat-transport.js';
import type { AlliClient } from './client.js';
import { ConversationTransport } from './conversation-transport.js';
import { LlmAppTransport } from './llm-app-transport.js';
import { SkillTransport } from './skill-transport.js';

const NAMES: readonly TransportName[] = ['conversation', 'llm-app', 'skill'];

/** A known transport name; anything else (empty, a typo) is the default, `conversation`. */
export function parseTransportName(value: string | null | undefined): TransportName {
  const name = (value ?? '').trim().toLowerCase();
  return (NAMES as readonly string[]).includes(name) ? (name as TransportName) : 'conversation';
}

export function createTransport(name: TransportName, client: AlliClient, placement?: string): ChatTransport {
  switch (name) {
    case 'llm-app':
      return new LlmAppTransport(client);
    case 'skill':
      return new SkillTransport(client, placement || undefined);
    case 'conversation':
      return new ConversationTransport(client);
  }
}
