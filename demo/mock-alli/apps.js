// @ts-check
/**
 * The mock project's apps, one catalogue per mock instance (so a PATCH or a created app stays
 * for that server's life), and the App Market operations on them:
 * - `GET /webapi/v2/apps` (searchTerm, categories, type, published, pageSize, cursor; by weight),
 *   `GET` and `PATCH /webapi/v2/apps/{app_id}` (partial update, permission shapes);
 * - `GET` and `POST /webapi/apps` (the v1 list of single-action apps and skills, and creation of a
 *   single-action app), answered inside `{"result": …}`.
 * Parameters and bodies were already checked against the document; what is checked here is what
 * a schema cannot say (unknown ids, empty names, placeholders naming no input).
 */
import { randomBytes } from 'node:crypto';
import { RequestError } from './http.js';
import { AGENTS, LOCALES, PERMISSION_GROUPS, PROJECT } from './directory.js';
import { demoApp } from './demo-app.js';

/**
 * @typedef {{ agentId: string, accessType: string }} AccessAgent
 * @typedef {{ permissionGroupId: string, accessType: string }} AccessGroup
 * @typedef {{ viewAccessToAgent: boolean, accessAgents: AccessAgent[] | null, accessPermissionGroups: AccessGroup[] | null }} AgentPermission
 * @typedef {{ viewAccessToUser: boolean, ownUserIds: string[] | null, customerGroups: string[] | null }} UserPermission
 * @typedef {{ name: string, value: string, placeholder?: string | null, input_type: string, options?: { name: string, value: string }[] }} SingleActionInput
 * @typedef {{ name: string, description: string, llm_model: string, inputs: SingleActionInput[], messages: { role: string, content: string }[] }} SingleActionDefinition
 */

/**
 * One app of the project. `type` is what the reference's enums use: `campaign` (run_conversation),
 * `agent` (an LLM chat app for `/run`), `single_action` (an LLM app with inputs), `skill`.
 * @typedef {object} AppRecord
 * @property {string} id
 * @property {string} name
 * @property {Record<string, string>} [localizedNames] by locale
 * @property {string | null} description
 * @property {'campaign' | 'agent' | 'single_action' | 'skill'} type
 * @property {string} category
 * @property {boolean} published
 * @property {boolean} enabled
 * @property {number} weight higher first
 * @property {'app_market' | 'project'} appFrom
 * @property {AgentPermission} agentPermission
 * @property {UserPermission} userPermission
 * @property {string} [placement]  skills: where start_conversation picks this skill
 * @property {SingleActionDefinition} [singleAction]
 */

/**
 * An app `run_conversation` can run: `start` answers the first turn, `respond` every later one.
 * @typedef {object} ConversationApp
 * @property {{ id: string, name: string, description: string | null, type: string, category: string, published: boolean, agentPermission: AgentPermission, userPermission: UserPermission }} info
 * @property {(turn: import('./turn.js').Turn, input: import('./turn-input.js').TurnInput) => Promise<string>} start
 * @property {(turn: import('./turn.js').Turn, input: import('./turn-input.js').TurnInput) => Promise<string>} respond
 */

/** @type {ReadonlyMap<string, ConversationApp>} */
const CONVERSATION_APPS = new Map([[demoApp.info.id, demoApp]]);

const open = () => ({
  agentPermission: { viewAccessToAgent: true, accessAgents: null, accessPermissionGroups: null },
  userPermission: { viewAccessToUser: true, ownUserIds: null, customerGroups: null },
});

/** @returns {AppRecord[]} */
function seedApps() {
  return [
    { ...demoApp.info, ...open(), type: 'campaign', enabled: true, weight: 100, appFrom: 'project' },
    {
      id: 'handbook', name: 'HR handbook assistant', localizedNames: { ko: '인사 규정 도우미', ja: '人事ハンドブックアシスタント' },
      description: 'Answers questions from the employee handbook, with citations; remembers the conversation.',
      type: 'agent', category: 'HR', published: true, enabled: true, weight: 90, appFrom: 'project',
      agentPermission: { viewAccessToAgent: true, accessAgents: [{ agentId: 'agent-mina', accessType: 'order_1_editor' }], accessPermissionGroups: [{ permissionGroupId: 'pg-hr', accessType: 'order_2_reader' }] },
      userPermission: { viewAccessToUser: true, ownUserIds: null, customerGroups: ['employees'] },
    },
    {
      id: 'help-desk', name: 'Help desk', localizedNames: { ko: '헬프 데스크' }, description: 'Greets website visitors: order status, opening hours, or a person.',
      type: 'skill', category: 'Customer support', published: true, enabled: true, weight: 80, appFrom: 'project', placement: 'website', ...open(),
    },
    {
      id: 'order-lookup', name: 'Order lookup', description: 'Finds an order number in a text and reports its status.',
      type: 'skill', category: 'Customer support', published: true, enabled: true, weight: 60, appFrom: 'app_market', placement: 'orders', ...open(),
    },
    {
      id: 'summarizer', name: 'Document summarizer', localizedNames: { ko: '문서 요약기' }, description: 'Summarises a document in a few bullet points.',
      type: 'single_action', category: 'Productivity', published: false, enabled: true, weight: 50, appFrom: 'app_market',
      agentPermission: { viewAccessToAgent: true, accessAgents: null, accessPermissionGroups: null },
      userPermission: { viewAccessToUser: false, ownUserIds: null, customerGroups: null },
      singleAction: {
        name: 'Summarize', description: 'Bullet-point summary', llm_model: 'gpt-4o-mini',
        inputs: [
          { name: 'document', value: '', placeholder: 'Paste the text to summarise', input_type: 'paragraph' },
          { name: 'tone', value: 'neutral', input_type: 'single', options: [{ name: 'Neutral', value: 'neutral' }, { name: 'Friendly', value: 'friendly' }] },
        ],
        messages: [{ role: 'system', content: 'You summarise documents.' }, { role: 'user', content: 'Summarise in a {{tone}} tone:\n{{document}}' }],
      },
    },
  ];
}

export class AppCatalog {
  #apps = seedApps();

  /** @param {string} id */
  find(id) {
    return this.#apps.find((app) => app.id === id);
  }

  /** @param {string} id */
  get(id) {
    const app = this.find(id);
    if (!app) throw new RequestError(404, 'NOT_FOUND', `no app with id ${id}`, 'app_id');
    return app;
  }

  /**
   * The app `run_conversation` runs, or a 404/400 naming `app_id`.
   * @param {string} id
   * @returns {ConversationApp}
   */
  conversationApp(id) {
    const app = CONVERSATION_APPS.get(id);
    if (app && this.find(id)) return app;
    this.get(id);
    throw new RequestError(400, 'BAD_REQUEST', `app ${id} is not a conversation (campaign) app`, 'app_id');
  }

  /** Skills, best weight first. */
  skills() {
    return this.#sorted().filter((app) => app.type === 'skill');
  }

  /**
   * `GET /webapi/v2/apps` → `{ apps, cursor }`.
   * @param {Record<string, any>} query typed by the document (pageSize a number, published a boolean)
   */
  list(query) {
    const pageSize = query.pageSize ?? 50;
    const start = decodeCursor(query.cursor);
    const term = typeof query.searchTerm === 'string' ? query.searchTerm.trim().toLowerCase() : '';
    // `categories=a&categories=b` (the OpenAPI default) and `categories=a,b` both work.
    const categories = (query.categories ?? []).flatMap((/** @type {string} */ c) => c.split(',')).map((/** @type {string} */ c) => c.trim()).filter(Boolean);
    const matching = this.#sorted().filter(
      (app) =>
        (!term || `${app.name} ${app.description ?? ''}`.toLowerCase().includes(term)) &&
        (categories.length === 0 || categories.includes(app.category)) &&
        (query.type == null || app.type === query.type) &&
        (query.published == null || app.published === query.published),
    );
    const apps = matching.slice(start, start + pageSize).map(toV2);
    return { apps, cursor: start + pageSize < matching.length ? encodeCursor(start + pageSize) : null };
  }

  /**
   * `PATCH /webapi/v2/apps/{app_id}`: only the fields sent (and not null) change; `description:
   * null` clears the description, which the `App` schema allows.
   * @param {string} id
   * @param {Record<string, any>} body
   */
  update(id, body) {
    const app = this.get(id);
    for (const key of ['name', 'category']) {
      if (typeof body[key] === 'string' && body[key].trim() === '') throw new RequestError(400, 'BAD_REQUEST', `${key} must not be empty`, key);
    }
    const agentPermission = body.agentPermission ? checkAgentPermission(body.agentPermission) : undefined;
    if (body.name != null) app.name = body.name.trim();
    if ('description' in body) app.description = body.description;
    if (body.category != null) app.category = body.category.trim();
    if (body.published != null) app.published = body.published;
    if (agentPermission) app.agentPermission = agentPermission;
    if (body.userPermission) {
      const { viewAccessToUser, ownUserIds = null, customerGroups = null } = body.userPermission;
      app.userPermission = { viewAccessToUser, ownUserIds, customerGroups };
    }
    return toV2(app);
  }

  /**
   * `GET /webapi/apps` → `{ result: [...] }`: single-action apps and skills (the v1 types).
   * @param {Record<string, any>} query
   */
  listV1(query) {
    if (query.published !== undefined && query.published !== 'true' && query.published !== 'false') {
      throw new RequestError(400, 'BAD_REQUEST', 'published must be "true" or "false"', 'published');
    }
    if (query.locale !== undefined && !LOCALES.includes(query.locale)) {
      throw new RequestError(400, 'BAD_REQUEST', `locale must be one of ${LOCALES.join(', ')}`, 'locale');
    }
    const ids = query.id ?? [];
    const result = this.#sorted()
      .filter((app) => app.type === 'single_action' || app.type === 'skill')
      .filter((app) => query.published === undefined || String(app.published) === query.published)
      .filter((app) => ids.length === 0 || ids.includes(app.id))
      .map((app) => ({
        id: app.id,
        name: (query.locale && app.localizedNames?.[query.locale]) || app.name,
        type: app.type,
        description: app.description ?? '',
        category: app.category,
        app_from: app.appFrom,
        app_url: `https://app.alli.ai/projects/${PROJECT.id}/apps/${encodeURIComponent(app.id)}`,
      }));
    return { result };
  }

  /**
   * `POST /webapi/apps`: a new single-action app → `{ result: { id } }`.
   * @param {Record<string, any>} body
   */
  create(body) {
    const definition = body.single_action_app_input;
    if (!definition) throw new RequestError(400, 'BAD_REQUEST', 'single_action_app_input is required for a single_action app', 'single_action_app_input');
    if (body.name.trim() === '') throw new RequestError(400, 'BAD_REQUEST', 'name must not be empty', 'name');
    checkSingleAction(definition);
    const id = `app-${randomBytes(6).toString('hex')}`;
    this.#apps.push({
      id, name: body.name.trim(), description: body.description, type: 'single_action', category: body.category,
      published: body.published, enabled: body.enabled, weight: 10, appFrom: 'project', ...open(),
      singleAction: { name: definition.name, description: definition.description, llm_model: definition.llm_model, inputs: definition.inputs, messages: definition.messages },
    });
    return { result: { id } };
  }

  #sorted() {
    return [...this.#apps].sort((a, b) => b.weight - a.weight || a.name.localeCompare(b.name));
  }
}

/**
 * The reference's `App` response: access groups carry their names.
 * @param {AppRecord} app
 */
export function toV2(app) {
  const { agentPermission: p } = app;
  return {
    id: app.id, name: app.name, description: app.description, type: app.type, category: app.category, published: app.published,
    agentPermission: {
      viewAccessToAgent: p.viewAccessToAgent,
      accessAgents: p.accessAgents,
      accessPermissionGroups: p.accessPermissionGroups?.map((g) => ({ ...g, permissionGroupName: PERMISSION_GROUPS.find((pg) => pg.id === g.permissionGroupId)?.name ?? '' })) ?? null,
    },
    userPermission: { ...app.userPermission },
  };
}

/**
 * @param {AgentPermission} permission
 * @returns {AgentPermission}
 */
function checkAgentPermission({ viewAccessToAgent, accessAgents = null, accessPermissionGroups = null }) {
  accessAgents?.forEach((a, i) => {
    if (!AGENTS.some((agent) => agent.id === a.agentId)) throw new RequestError(400, 'BAD_REQUEST', `no agent ${a.agentId} in this project`, `agentPermission.accessAgents[${i}].agentId`);
  });
  accessPermissionGroups?.forEach((g, i) => {
    if (!PERMISSION_GROUPS.some((pg) => pg.id === g.permissionGroupId)) {
      throw new RequestError(400, 'BAD_REQUEST', `no permission group ${g.permissionGroupId} in this project`, `agentPermission.accessPermissionGroups[${i}].permissionGroupId`);
    }
  });
  return {
    viewAccessToAgent,
    accessAgents: accessAgents?.map(({ agentId, accessType }) => ({ agentId, accessType })) ?? null,
    accessPermissionGroups: accessPermissionGroups?.map(({ permissionGroupId, accessType }) => ({ permissionGroupId, accessType })) ?? null,
  };
}

/**
 * Input names are unique, choice inputs have options, and every `{{name}}` in a message is an input.
 * @param {SingleActionDefinition} definition
 */
function checkSingleAction(definition) {
  const base = 'single_action_app_input';
  const names = new Set();
  definition.inputs.forEach((input, i) => {
    if (!/^[A-Za-z_][\w]*$/.test(input.name)) throw new RequestError(400, 'BAD_REQUEST', 'an input name is a letter or _ then letters, digits or _', `${base}.inputs[${i}].name`);
    if (names.has(input.name)) throw new RequestError(400, 'BAD_REQUEST', `input ${input.name} is defined twice`, `${base}.inputs[${i}].name`);
    names.add(input.name);
    if ((input.input_type === 'single' || input.input_type === 'multi') && !input.options?.length) {
      throw new RequestError(400, 'BAD_REQUEST', `a ${input.input_type} input needs options`, `${base}.inputs[${i}].options`);
    }
  });
  if (!definition.messages.some((m) => m.role === 'user')) throw new RequestError(400, 'BAD_REQUEST', 'at least one user message is needed', `${base}.messages`);
  definition.messages.forEach((message, i) => {
    for (const [, name] of message.content.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
      if (!names.has(name)) throw new RequestError(400, 'BAD_REQUEST', `{{${name}}} names no input`, `${base}.messages[${i}].content`);
    }
  });
}

/** @param {number} offset */
function encodeCursor(offset) {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

/** @param {string | null | undefined} cursor */
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
