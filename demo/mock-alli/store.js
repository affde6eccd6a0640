// @ts-check
/**
 * In-memory conversations. Each belongs to the user who started it: to anyone else it does not
 * exist (404), so one user can never read or continue another's conversation.
 */
import { randomBytes } from 'node:crypto';

/** @typedef {import('../../src/model/types.js').ResponseNode} ResponseNode */

/**
 * @typedef {object} Conversation
 * @property {string} id
 * @property {string} appId
 * @property {'conversation' | 'llm' | 'skill'} kind which API runs it: run_conversation, /run, or start_conversation + send_chat
 * @property {boolean} stateful     false for a one-off /run (it cannot be continued)
 * @property {number | undefined} completedTime when it ended (end_conversation_by_agent)
 * @property {string} userId
 * @property {string} state            Alli's conversation state, e.g. WAIT_USER_ANSWER
 * @property {ResponseNode[]} responses the whole history, USER nodes included
 * @property {number} nextNodeNumber
 * @property {import('./turn.js').Turn | undefined} activeTurn the turn streaming right now
 * @property {object | undefined} lastTurn parsed fields of the last request (debug endpoint)
 */

/** Old conversations are forgotten beyond this many, so a long-running dev server stays small. */
const MAX_CONVERSATIONS = 2000;

export class ConversationStore {
  /** @type {Map<string, Conversation>} insertion-ordered: oldest first */
  #byId = new Map();

  /**
   * @param {string} appId
   * @param {string} userId
   * @param {Conversation['kind']} [kind]
   * @param {boolean} [stateful]
   * @returns {Conversation}
   */
  create(appId, userId, kind = 'conversation', stateful = true) {
    const id = `C${randomBytes(9).toString('base64url')}`;
    /** @type {Conversation} */
    const conversation = {
      id,
      appId,
      userId,
      kind,
      stateful,
      completedTime: undefined,
      state: 'INIT',
      responses: [],
      nextNodeNumber: 1,
      activeTurn: undefined,
      lastTurn: undefined,
    };
    this.#byId.set(id, conversation);
    this.#evictOldest();
    return conversation;
  }

  /**
   * The conversation with this id if it belongs to `userId`.
   * @param {string} id
   * @param {string} userId
   */
  find(id, userId) {
    const conversation = this.#byId.get(id);
    return conversation && conversation.userId === userId ? conversation : undefined;
  }

  /**
   * Any user's conversation: for the agent side (end_conversation_by_agent) and the debug endpoint.
   * @param {string} id
   */
  peek(id) {
    return this.#byId.get(id);
  }

  /** Stops every running stream (server shutdown). */
  stopAll() {
    for (const conversation of this.#byId.values()) conversation.activeTurn?.abort('shutdown');
  }

  #evictOldest() {
    for (const [id, conversation] of this.#byId) {
      if (this.#byId.size <= MAX_CONVERSATIONS) return;
      if (!conversation.activeTurn) this.#byId.delete(id);
    }
  }
}

/**
 * A fresh node id within a conversation (R1, R2, …).
 * @param {Conversation} conversation
 */
export function nextNodeId(conversation) {
  return `R${conversation.nextNodeNumber++}`;
}
