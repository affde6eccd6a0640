// @ts-check
/**
 * `POST /webapi/apps/{app_id}/run`: an LLM app run through the reference's JSON API, in its three
 * modes:
 * - `sync` (default): the whole answer as one `{"result": …}` body;
 * - `stream`: the same turn streamed. NDJSON (`application/x-ndjson`, or `stream+json` when the
 *   Accept header prefers it): one `{"result": …}` snapshot per change, each a valid 200 body of
 *   the reference; SSE (`text/event-stream`, when preferred) speaks the §5 events of
 *   docs/protocol.md, as `run_conversation` does. **[choice]** the reference does not show a
 *   stream, so the mock uses the shapes the widget already reads;
 * - `background`: answered at once with the conversation id; the run goes on, and
 *   `GET /webapi/v2/conversations/{id}` shows it until its nodes are complete.
 * `isStateful: true` keeps the conversation: follow-ups send its `conversationId` and the app
 * answers with what was asked before in mind.
 */
import { EventEmitter } from 'node:events';
import { RequestError, sendJson } from './http.js';
import { LLM_MODELS, PROJECT_VARIABLES } from './directory.js';
import { nextNodeId } from './store.js';
import { Turn, runTurn } from './turn.js';
import { createNdjsonWire, createSseWire } from './wire.js';
import { handbookAnswer, singleActionAnswer } from './llm-scripts.js';

/** @typedef {import('./store.js').Conversation} Conversation */
/** @typedef {import('./store.js').ResponseNode} ResponseNode */
/** @typedef {import('./apps.js').AppRecord} AppRecord */

/**
 * @typedef {object} RunContext
 * @property {import('node:http').IncomingMessage} req
 * @property {import('node:http').ServerResponse} res
 * @property {string} appId
 * @property {Record<string, any>} body already checked against the document
 * @property {string} userId
 * @property {import('./faults.js').Fault} fault
 * @property {number} delayMs  the request's delta delay
 * @property {number} pingMs
 * @property {string | undefined} ndjsonType the NDJSON type the client prefers, else SSE
 */

/**
 * @param {import('./store.js').ConversationStore} conversations
 * @param {import('./apps.js').AppCatalog} catalog
 */
export function createLlmRunner(conversations, catalog) {
  /** @param {RunContext} ctx */
  async function run(ctx) {
    const { body, res } = ctx;
    const app = catalog.get(ctx.appId);
    if (app.type !== 'agent' && app.type !== 'single_action') {
      throw new RequestError(400, 'BAD_REQUEST', `app ${app.id} is a ${app.type} app: /run runs LLM apps (agent, single_action)`, 'app_id');
    }
    if (!app.enabled) throw new RequestError(400, 'BAD_REQUEST', `app ${app.id} is disabled`, 'app_id');
    checkOptions(body);
    const script = app.type === 'agent' ? chatScript(app, body) : inputsScript(app, body);
    const conversation = conversationFor(app, body, ctx.userId);
    const mode = body.mode ?? 'sync';
    /** @param {Turn} turn */
    const result = (turn) => runResult(app, conversation, turn, body);

    if (mode === 'stream') {
      const turn = new Turn({
        conversation, res, delayMs: ctx.delayMs, pingMs: ctx.pingMs, fault: ctx.fault,
        openWire: ctx.ndjsonType ? () => createNdjsonWire(res, /** @type {string} */ (ctx.ndjsonType), () => result(turn), toRunLine) : () => createSseWire(res),
      });
      turn.open(conversation.responses.length === 0);
      await runTurn(turn, script);
      return undefined;
    }
    const errors = /** @type {string[]} */ ([]);
    const silent = silentWire(errors);
    if (mode === 'background') {
      // Nobody listens: the turn runs on after the answer, paced as a stream would be.
      const turn = new Turn({ conversation, res: /** @type {any} */ (new EventEmitter()), delayMs: ctx.delayMs, pingMs: 0, fault: ctx.fault, openWire: () => silent });
      void runTurn(turn, script);
      sendJson(res, 200, { result: { ...result(turn), conversation: { id: conversation.id, state: conversation.state } } });
      return undefined;
    }
    // sync: no one sees the pauses, so none are made.
    const turn = new Turn({ conversation, res, delayMs: 0, pingMs: 0, fault: ctx.fault, openWire: () => silent });
    await runTurn(turn, script);
    if (turn.abortReason === 'disconnected') return undefined;
    return errors.length > 0 ? { result: result(turn), error: errors.join('; ') } : { result: result(turn) };
  }

  /**
   * The conversation a run belongs to: the one `conversationId` continues, or a new one.
   * @param {AppRecord} app
   * @param {Record<string, any>} body
   * @param {string} userId
   */
  function conversationFor(app, body, userId) {
    if (body.conversationId === undefined) return conversations.create(app.id, userId, 'llm', body.isStateful === true);
    if (body.isStateful !== true) throw new RequestError(400, 'BAD_REQUEST', 'conversationId continues a stateful conversation: send isStateful: true with it', 'isStateful');
    const conversation = conversations.find(body.conversationId, userId);
    if (!conversation || conversation.appId !== app.id || conversation.kind !== 'llm') {
      throw new RequestError(404, 'NOT_FOUND', `no conversation ${body.conversationId} for this user in app ${app.id}`, 'conversationId');
    }
    if (!conversation.stateful) throw new RequestError(400, 'BAD_REQUEST', `conversation ${conversation.id} was started without isStateful`, 'conversationId');
    if (conversation.state.startsWith('END_')) throw new RequestError(400, 'CONVERSATION_ENDED', `conversation ${conversation.id} has ended (${conversation.state})`, 'conversationId');
    if (conversation.activeTurn) throw new RequestError(409, 'CONVERSATION_BUSY', `conversation ${conversation.id} is still answering`, 'conversationId');
    return conversation;
  }

  return { run };
}

/** @param {Record<string, any>} body */
function checkOptions(body) {
  if (body.llmModel !== undefined && !LLM_MODELS.includes(body.llmModel)) {
    throw new RequestError(400, 'BAD_REQUEST', `llmModel must be a registered model: ${LLM_MODELS.join(', ')}`, 'llmModel');
  }
  if (body.temperature !== undefined && !(body.temperature >= 0 && body.temperature <= 2)) {
    throw new RequestError(400, 'BAD_REQUEST', 'temperature must be between 0 and 2', 'temperature');
  }
}

/**
 * An agent app answers `chat.message`.
 * @param {AppRecord} app
 * @param {Record<string, any>} body
 * @returns {(turn: Turn) => Promise<string>}
 */
function chatScript(app, body) {
  const message = typeof body.chat?.message === 'string' ? body.chat.message.trim() : '';
  if (message === '') throw new RequestError(400, 'BAD_REQUEST', `app ${app.id} answers a chat: chat.message is required`, 'chat.message');
  return (turn) => {
    const earlier = turn.conversation.responses.filter((n) => n.sender === 'USER').map((n) => n.message);
    turn.conversation.responses.push({ id: nextNodeId(turn.conversation), type: 'message', sender: 'USER', message, messageFormat: 'text', createdAt: Date.now(), completed: true });
    return handbookAnswer(turn, message, earlier);
  };
}

/**
 * A single-action app fills its messages with `inputs`: every input without a default is
 * required, choice inputs take one of their options, and unknown names are refused.
 * @param {AppRecord} app
 * @param {Record<string, any>} body
 * @returns {(turn: Turn) => Promise<string>}
 */
function inputsScript(app, body) {
  const definition = /** @type {import('./apps.js').SingleActionDefinition} */ (app.singleAction);
  const given = body.inputs ?? {};
  for (const name of Object.keys(given)) {
    if (!definition.inputs.some((i) => i.name === name)) throw new RequestError(400, 'BAD_REQUEST', `app ${app.id} has no input ${name}`, `inputs.${name}`);
  }
  /** @type {Record<string, string>} */
  const values = {};
  for (const input of definition.inputs) {
    const value = given[input.name] ?? input.value;
    if (typeof value !== 'string' || value.trim() === '') throw new RequestError(400, 'BAD_REQUEST', `input ${input.name} is required (a string)`, `inputs.${input.name}`);
    if (input.options && input.input_type === 'single' && !input.options.some((o) => o.value === value)) {
      throw new RequestError(400, 'BAD_REQUEST', `input ${input.name} must be one of ${input.options.map((o) => o.value).join(', ')}`, `inputs.${input.name}`);
    }
    values[input.name] = value;
  }
  return (turn) => singleActionAnswer(turn, app, values);
}

/**
 * The reference's `result` for a run: this run's answer nodes, the conversation when stateful,
 * and `variables` when asked for.
 * @param {AppRecord} app
 * @param {Conversation} conversation
 * @param {Turn} turn
 * @param {Record<string, any>} body
 */
function runResult(app, conversation, turn, body) {
  /** @type {Record<string, any>} */
  const result = { id: app.id, name: app.name, type: app.type, category: app.category, responses: turn.responses.map((n) => toRunResponse(n, body)) };
  if (conversation.stateful) result.conversation = { id: conversation.id, state: conversation.state };
  if (Array.isArray(body.requiredVariables)) {
    const lastQuestion = conversation.responses.filter((n) => n.sender === 'USER').at(-1)?.message ?? null;
    /** @type {Record<string, unknown>} */
    const known = { ...PROJECT_VARIABLES, last_question: lastQuestion };
    result.variables = Object.fromEntries(body.requiredVariables.map((/** @type {string} */ name) => [name, known[name] ?? null]));
  }
  return result;
}

/**
 * A node in the reference's run shape: ISO timestamps, and no `url: null` (the schema says string).
 * @param {ResponseNode} node
 * @param {Record<string, any>} body
 */
function toRunResponse(node, body) {
  /** @type {Record<string, any>} */
  const out = { id: node.id, type: node.type, message: node.message, sender: node.sender, createdAt: new Date(node.createdAt).toISOString(), completed: node.completed };
  if (body.chat?.source) out.source = body.chat.source;
  if (node.citations) out.citations = node.citations.map(({ url, ...rest }) => (url == null ? rest : { ...rest, url }));
  if (node.intermediateStep) out.intermediateStep = node.intermediateStep;
  return out;
}

/**
 * NDJSON lines of a run: every change (the final text included) is a whole `{"result": …}`; an
 * error is the reference's top-level `error` string beside the result.
 * @param {import('./wire.js').WireEvent} event
 * @param {() => any} snapshot
 */
function toRunLine(event, snapshot) {
  if (event.type === 'done') return undefined;
  if (event.type === 'error') return { result: snapshot(), error: event.data.error.message };
  return { result: snapshot() };
}

/**
 * A wire nobody reads (sync and background runs); it keeps the errors a script reported.
 * @param {string[]} errors
 * @returns {import('./wire.js').Wire}
 */
function silentWire(errors) {
  return {
    kind: 'ndjson',
    send: (event) => void (event.type === 'error' && errors.push(event.data.error.message)),
    ping() {},
    end() {},
    breakInside() {},
    junk() {},
  };
}
