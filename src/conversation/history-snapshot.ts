/**
 * Reading `GET …/conversations/{id}` (docs/protocol.md §8), loaded when a conversation is
 * reopened or reconciled (see history-sync.ts): the history within the idle timeout and in the
 * documented shape, merged into the transcript by node id. Imports types only: what it needs of
 * the core is handed to it.
 */
import type { AlliError, ErrorCode } from '../model/errors.js';
import type { ConversationSnapshot, ResponseNode } from '../model/types.js';
import type { toConversationRef, toResponseNode } from '../wire/normalize.js';
import type { ChatTransport } from '../transport/chat-transport.js';
import type { SessionState } from './session-state.js';

/** What this module takes from the core: the error types and the one validation step of server values. */
interface Core {
  readonly AlliError: typeof AlliError;
  readonly ErrorCode: typeof ErrorCode;
  readonly toConversationRef: typeof toConversationRef;
  readonly toResponseNode: typeof toResponseNode;
}

/** Each node the server has replaces ours with the same id; one still incomplete stays interrupted. */
export function merge(state: SessionState, snapshot: ConversationSnapshot): void {
  const { conversation } = snapshot;
  if (conversation.id !== state.view.conversationId || conversation.state !== state.view.state) {
    state.apply({ type: 'conversation', conversation });
  }
  for (const node of snapshot.responses) {
    if (!isNode(node)) continue;
    const mine = state.node(node.id);
    if (mine && mine.message === node.message && mine.completed === node.completed) continue;
    state.apply({ type: 'response', response: node });
  }
  if (state.view.nodes.some((n) => !n.completed && !n.interrupted)) state.apply({ type: 'truncated' });
}

/** The history, which must answer within the idle timeout and have the documented shape. */
export async function fetchHistory(
  transport: ChatTransport,
  id: string,
  controller: AbortController,
  idleTimeoutMs: number,
  core: Core,
): Promise<ConversationSnapshot> {
  let timedOut = false;
  const timer =
    idleTimeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, idleTimeoutMs)
      : undefined;
  let snapshot: unknown;
  try {
    snapshot = await transport.getConversation(id, { signal: controller.signal });
  } catch (err) {
    if (timedOut) throw new core.AlliError('network', 'Alli did not answer in time.', { code: core.ErrorCode.Stalled, cause: err });
    throw err;
  } finally {
    clearTimeout(timer);
  }
  if (!isSnapshot(snapshot)) throw new core.AlliError('protocol', 'Alli answered the history request with an unexpected body.');
  return checkedSnapshot(snapshot, core);
}

/** The snapshot through the same validation as stream events (docs/protocol.md §5); bad nodes are dropped. */
function checkedSnapshot(snapshot: ConversationSnapshot, core: Core): ConversationSnapshot {
  const conversation = core.toConversationRef(snapshot.conversation) ?? snapshot.conversation;
  const now = Date.now();
  const responses = snapshot.responses
    .map((node) => core.toResponseNode(node, { createdAt: now }))
    .filter((node): node is ResponseNode => node !== undefined);
  return { conversation, responses };
}

export function isNode(value: unknown): value is ResponseNode {
  const node = value as Partial<ResponseNode> | null;
  return typeof node === 'object' && node !== null && typeof node.id === 'string' && typeof node.message === 'string';
}

function isSnapshot(value: unknown): value is ConversationSnapshot {
  const snapshot = value as Partial<ConversationSnapshot> | null;
  return typeof snapshot === 'object' && snapshot !== null && typeof snapshot.conversation?.id === 'string' && Array.isArray(snapshot.responses);
}

/** The history holds a USER node that was not known before the turn was sent. */
export function hasNewUserNode(snapshot: ConversationSnapshot, baseline: ReadonlySet<string>): boolean {
  return snapshot.responses.some((node) => isNode(node) && node.sender === 'USER' && !baseline.has(node.id));
}
