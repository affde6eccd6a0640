// @ts-check
/**
 * Skills, through the reference's v1 chat operations (not streamed; answers inside
 * `{"result": …, "errors": …}`):
 * - `POST /webapi/skill` runs a skill once on a text, with variables, and returns its final text;
 * - `POST /webapi/start_conversation` starts the skill set for a `placement` and returns its
 *   first Draft.js messages and buttons (`chatOptionInfos`);
 * - `POST /webapi/send_chat` sends the user's text (a button is sent as its text) and returns the
 *   user's node, the skill's answers and the new state;
 * - `POST /webapi/end_conversation_by_agent` ends any conversation of the project (state
 *   `END_BY_AGENT`), which `GET /webapi/v2/conversations/{id}` then shows.
 */
import { RequestError } from './http.js';
import { PROJECT } from './directory.js';
import { draftMessage } from './draft.js';
import { nextNodeId } from './store.js';
import { latestBotNode } from './turn-input.js';

/** @typedef {import('./store.js').Conversation} Conversation */
/** @typedef {import('./store.js').ResponseNode} ResponseNode */
/** @typedef {import('../../src/model/types.js').ChatOptionInfo} ChatOptionInfo */

/** @type {ChatOptionInfo[]} */
const HELP_DESK_OPTIONS = [
  { shortenOption: 'Order status', longOption: 'Where is my order?', meta: JSON.stringify({ action: 'order' }), style: { bgColor: '#1f4ed8', fontColor: '#ffffff', bold: true } },
  { shortenOption: 'Opening hours', longOption: 'When are you open?', meta: JSON.stringify({ action: 'hours' }) },
  { shortenOption: 'Talk to a person', longOption: 'I would like to talk to a person.', meta: JSON.stringify({ action: 'agent' }), style: { lineColor: '#9a3412', underline: true } },
];

const ORDER_NUMBER = /\b([A-Z]-?\d{4,})\b/i;

/** What the skill asked last in a conversation (kept off the nodes, which clients see). */
/** @type {WeakMap<Conversation, string>} */
const awaiting = new WeakMap();

/**
 * @param {import('./store.js').ConversationStore} conversations
 * @param {import('./apps.js').AppCatalog} catalog
 */
export function createSkills(conversations, catalog) {
  /**
   * `POST /webapi/skill` `{id, text, variables?}` → `{result: text, errors: []}`.
   * @param {{ id: string, text: string, variables?: Record<string, unknown> }} body
   */
  function runSkill({ id, text, variables = {} }) {
    const skill = catalog.find(id);
    if (!skill || skill.type !== 'skill') throw new RequestError(400, 'BAD_REQUEST', `no skill with id ${id}`, 'id');
    if (text.trim() === '') throw new RequestError(400, 'BAD_REQUEST', 'text must not be empty', 'text');
    for (const [name, value] of Object.entries(variables)) {
      if (value !== null && typeof value === 'object') throw new RequestError(400, 'BAD_REQUEST', `variable ${name} must be a string, number or boolean`, `variables.${name}`);
    }
    const name = variables.customerName ? `, ${variables.customerName}` : '';
    if (skill.id === 'order-lookup') {
      const order = ORDER_NUMBER.exec(text)?.[1]?.toUpperCase();
      const result = order ? `Thanks${name}: order ${order} shipped yesterday and should arrive within two working days.` : `Sorry${name}, I could not find an order number (like A-1234) in that message.`;
      return { result, errors: [] };
    }
    return { result: `${skill.name}${name ? ` for ${String(variables.customerName)}` : ''}: ${helpDeskAnswer(text).text}`, errors: [] };
  }

  /**
   * `POST /webapi/start_conversation` `{placement?}`: the skill set for the placement (the
   * heaviest skill when none is given) greets the user.
   * @param {{ placement?: string }} body
   * @param {string} userId
   */
  function startConversation({ placement }, userId) {
    const skills = catalog.skills().filter((s) => s.published);
    const skill = placement === undefined ? skills[0] : skills.find((s) => s.placement === placement);
    if (!skill) throw new RequestError(400, 'BAD_REQUEST', `no published skill starts at placement "${placement}"`, 'placement');
    const conversation = conversations.create(skill.id, userId, 'skill');
    const nodes = [
      // A notice the skill's builder withdrew: the API still lists it, marked deleted.
      botNode(conversation, draftMessage([{ text: 'Holiday opening hours: closed on 25 December.' }]), [], true),
      botNode(conversation, draftMessage([{ text: `Hi! 👋 This is the ${skill.name}. What can I do for you?`, styles: [[skill.name, 'BOLD']] }]), HELP_DESK_OPTIONS),
    ];
    conversation.state = 'WAIT_USER_ANSWER';
    return {
      result: { conversation: { id: conversation.id, project: { nluLanguage: PROJECT.nluLanguage }, chats: { edges: nodes.map((node) => ({ node: toChat(node) })) } } },
      errors: null,
    };
  }

  /**
   * `POST /webapi/send_chat` `{message, conversationId}`.
   * @param {{ message: string, conversationId: string }} body
   * @param {string} userId
   */
  function sendChat({ message, conversationId }, userId) {
    const text = message.trim();
    if (text === '') throw new RequestError(400, 'BAD_REQUEST', 'message must not be empty', 'message');
    const conversation = conversations.find(conversationId, userId);
    if (!conversation) throw new RequestError(404, 'NOT_FOUND', `no conversation ${conversationId} for this user`, 'conversationId');
    if (conversation.kind !== 'skill') throw new RequestError(400, 'BAD_REQUEST', `conversation ${conversationId} was not started with start_conversation`, 'conversationId');
    if (conversation.state.startsWith('END_')) throw new RequestError(400, 'CONVERSATION_ENDED', `conversation ${conversationId} has ended (${conversation.state})`, 'conversationId');

    const previous = latestBotNode(conversation);
    const user = { ...baseNode(conversation, 'USER'), message: text, messageFormat: /** @type {const} */ ('text') };
    conversation.responses.push(user);
    /** @type {ResponseNode[]} */
    const replies = [];
    if (conversation.state === 'WAIT_AGENT') {
      // A person will answer: the skill stays quiet.
    } else if (awaiting.get(conversation) === 'order' || ORDER_NUMBER.test(text)) {
      const order = ORDER_NUMBER.exec(text)?.[1]?.toUpperCase();
      if (order) {
        awaiting.delete(conversation);
        replies.push(botNode(conversation, draftMessage([{ text: `Order ${order} shipped yesterday 📦 and should arrive within two working days.`, styles: [[order, 'BOLD']] }]), HELP_DESK_OPTIONS));
      } else replies.push(botNode(conversation, draftMessage([{ text: 'That does not look like an order number. It looks like A-1234.' }]), []));
    } else {
      const chosen = previous?.chatOptionInfos?.find((o) => o.longOption === text || o.shortenOption === text);
      const answer = helpDeskAnswer(chosen ? JSON.parse(chosen.meta).action : text);
      if (answer.awaiting) awaiting.set(conversation, answer.awaiting);
      replies.push(botNode(conversation, draftMessage([{ text: answer.text }]), answer.options));
      conversation.state = answer.state;
    }
    return { result: { responses: [user, ...replies].map(toChat), state: conversation.state }, errors: null };
  }

  /**
   * `POST /webapi/end_conversation_by_agent` `{id}`: any conversation of the project, whoever started it.
   * @param {{ id: string }} body
   * @param {string | undefined} agentName
   */
  function endConversationByAgent({ id }, agentName) {
    const conversation = conversations.peek(id);
    if (!conversation) throw new RequestError(404, 'NOT_FOUND', `no conversation ${id} in this project`, 'id');
    if (conversation.state.startsWith('END_')) throw new RequestError(400, 'CONVERSATION_ENDED', `conversation ${id} has already ended (${conversation.state})`, 'id');
    conversation.state = 'END_BY_AGENT';
    conversation.completedTime = Date.now();
    conversation.responses.push({ ...baseNode(conversation, 'SYSTEM'), message: `${agentName ?? 'An agent'} ended the conversation.`, messageFormat: 'text' });
    // A reply still streaming stops; its `done` then carries END_BY_AGENT.
    conversation.activeTurn?.abort('stopped');
    return {
      result: { conversation: { id, completedTime: conversation.completedTime, state: conversation.state, __typename: 'Conversation' }, __typename: 'EndConversationByAgent' },
      errors: null,
    };
  }

  return { runSkill, startConversation, sendChat, endConversationByAgent };
}

/**
 * The help desk's answer to a text or a button's action.
 * @param {string} input
 * @returns {{ text: string, options: ChatOptionInfo[], state: string, awaiting?: string }}
 */
function helpDeskAnswer(input) {
  const text = input.toLowerCase();
  if (/\border\b|where is/.test(text)) return { text: 'Sure, please type your order number (it looks like A-1234).', options: [], state: 'WAIT_USER_ANSWER', awaiting: 'order' };
  if (/hours|open/.test(text)) return { text: 'We are open Monday to Friday, 9:00–18:00 (KST).', options: HELP_DESK_OPTIONS, state: 'WAIT_USER_ANSWER' };
  if (/agent|person|human/.test(text)) return { text: 'I am connecting you with a support agent. Someone will be with you shortly.', options: [], state: 'WAIT_AGENT' };
  if (/\b(bye|thanks|thank you)\b/.test(text)) return { text: 'Glad I could help. Have a good day!', options: [], state: 'END_OF_CHATBOT' };
  return { text: 'I can help with orders and opening hours, or find you a person.', options: HELP_DESK_OPTIONS, state: 'WAIT_USER_ANSWER' };
}

/**
 * @param {Conversation} conversation
 * @param {'BOT' | 'USER' | 'SYSTEM'} sender
 */
function baseNode(conversation, sender) {
  return { id: nextNodeId(conversation), type: 'message', sender, message: '', createdAt: Date.now(), completed: true };
}

/**
 * A bot node added to the history.
 * @param {Conversation} conversation
 * @param {string} message Draft.js raw JSON
 * @param {ChatOptionInfo[]} options
 * @param {boolean} [isDeleted]
 */
function botNode(conversation, message, options, isDeleted = false) {
  /** @type {ResponseNode & { isDeleted: boolean }} */
  const node = { ...baseNode(conversation, 'BOT'), message, messageFormat: 'draftjs', chatOptionInfos: options, isDeleted };
  conversation.responses.push(node);
  return node;
}

/**
 * A node as the reference's chat operations show it.
 * @param {ResponseNode & { isDeleted?: boolean }} node
 */
function toChat(node) {
  return { id: node.id, message: node.message, createdAt: node.createdAt, chatOptionInfos: node.chatOptionInfos ?? [], isDeleted: node.isDeleted ?? false };
}
