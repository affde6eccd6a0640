// @ts-check
/**
 * The mock project's apps and the App Market read operations of the reference:
 * `GET /webapi/v2/apps` (filters, pageSize 1–100, opaque cursor) and `GET /webapi/v2/apps/{id}`.
 */
import { RequestError } from './http.js';
import { demoApp } from './demo-app.js';

/**
 * The reference's `App` schema.
 * @typedef {object} AppInfo
 * @property {string} id
 * @property {string} name
 * @property {string | null} description
 * @property {string} type
 * @property {string} category
 * @property {boolean} published
 * @property {{ viewAccessToAgent: boolean, accessAgents: object[] | null, accessPermissionGroups: object[] | null }} agentPermission
 * @property {{ viewAccessToUser: boolean, ownUserIds: string[] | null, customerGroups: string[] | null }} userPermission
 */

/**
 * An app `run_conversation` can run: `start` answers the first turn, `respond` every later one.
 * Both resolve to the `done` reason.
 * @typedef {object} ConversationApp
 * @property {AppInfo} info
 * @property {(turn: import('./turn.js').Turn, input: import('./turn-input.js').TurnInput) => Promise<string>} start
 * @property {(turn: import('./turn.js').Turn, input: import('./turn-input.js').TurnInput) => Promise<string>} respond
 */

/** An LLM app is listed (so filters have something to filter) but is not a conversation app. */
/** @type {AppInfo} */
const SUMMARIZER_INFO = {
  id: 'summarizer',
  name: 'Document summarizer',
  description: 'Summarises an uploaded document in five bullet points.',
  type: 'LLM_APP',
  category: 'Productivity',
  published: false,
  agentPermission: { viewAccessToAgent: true, accessAgents: null, accessPermissionGroups: null },
  userPermission: { viewAccessToUser: false, ownUserIds: null, customerGroups: null },
};

/** @type {ReadonlyMap<string, ConversationApp>} */
const CONVERSATION_APPS = new Map([[demoApp.info.id, demoApp]]);

/** Sorted by weight (descending) as the reference says; here the order of this list is the weight. */
const ALL_APPS = [demoApp.info, SUMMARIZER_INFO];

/**
 * @param {string} id
 * @returns {AppInfo | undefined}
 */
export function findApp(id) {
  return ALL_APPS.find((app) => app.id === id);
}

/**
 * The app `run_conversation` runs, or a 404/400 naming `app_id`.
 * @param {string} id
 * @returns {ConversationApp}
 */
export function conversationApp(id) {
  const app = CONVERSATION_APPS.get(id);
  if (app) return app;
  if (findApp(id)) throw new RequestError(400, 'BAD_REQUEST', `app ${id} is not a conversation (campaign) app`, 'app_id');
  throw new RequestError(404, 'NOT_FOUND', `no app with id ${id}`, 'app_id');
}

/**
 * `GET /webapi/v2/apps`: `{ apps, cursor }`.
 * @param {URLSearchParams} query
 */
export function listApps(query) {
  const pageSize = query.has('pageSize') ? Number(query.get('pageSize')) : 50;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
    throw new RequestError(400, 'BAD_REQUEST', 'pageSize must be an integer from 1 to 100', 'pageSize');
  }
  const start = decodeCursor(query.get('cursor'));
  const matching = ALL_APPS.filter(appFilter(query));
  const apps = matching.slice(start, start + pageSize);
  const next = start + pageSize < matching.length ? encodeCursor(start + pageSize) : null;
  return { apps, cursor: next };
}

/**
 * @param {URLSearchParams} query
 * @returns {(app: AppInfo) => boolean}
 */
function appFilter(query) {
  const term = query.get('searchTerm')?.toLowerCase();
  const categories = query.getAll('categories').flatMap((c) => c.split(',')).filter(Boolean);
  const type = query.get('type');
  const published = query.get('published');
  if (published !== null && published !== 'true' && published !== 'false') {
    throw new RequestError(400, 'BAD_REQUEST', 'published must be true or false', 'published');
  }
  return (app) =>
    (!term || `${app.name} ${app.description ?? ''}`.toLowerCase().includes(term)) &&
    (categories.length === 0 || categories.includes(app.category)) &&
    (!type || app.type === type) &&
    (published === null || String(app.published) === published);
}

/** @param {number} offset */
function encodeCursor(offset) {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

/** @param {string | null} cursor */
function decodeCursor(cursor) {
  if (!cursor) return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through to the error below
  }
  throw new RequestError(400, 'BAD_REQUEST', 'cursor is not one this server returned', 'cursor');
}
