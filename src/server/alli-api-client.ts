/**
 * A server-side client of the 13 App Market operations (docs/api/alli-app-market.openapi.json).
 * It authenticates with the project's `API-KEY`, a secret that must never reach a browser: use it
 * on the host site's server (the widget itself uses short-lived bearer tokens).
 *
 *   const alli = createAlliApiClient({ baseUrl: 'https://backend.alli.ai', apiKey: process.env.ALLI_API_KEY! });
 *   const { apps } = await alli.listApps({ type: 'skill', pageSize: 20 });
 */
import type * as T from './alli-api-types.js';

export type * from './alli-api-types.js';

export interface AlliApiClientOptions {
  /** The Alli origin, e.g. `https://backend.alli.ai` (US) or `https://backend-ja.alli.ai` (JA). */
  baseUrl: string;
  /** The project's API key, sent as `API-KEY`. */
  apiKey: string;
  /** Injectable for tests and proxies; defaults to the global `fetch`. */
  fetch?: typeof fetch;
}

/** Who a call is made for or as: the reference's optional identity headers. */
export interface CallOptions {
  /** `OWN-USER-ID`: non-ASCII ids are sent as `base64:` + base64(UTF-8). */
  ownUserId?: string;
  /** `USER-EMAIL` */
  userEmail?: string;
  /** `AGENT-EMAIL`: the agent acting (e.g. who ends a conversation). */
  agentEmail?: string;
  signal?: AbortSignal;
}

/** A non-2xx answer. `field` is the request field the server named, when it named one. */
export class AlliApiError extends Error {
  override name = 'AlliApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
    readonly code?: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export interface AlliApiClient {
  listApps(query?: T.ListAppsQuery, options?: CallOptions): Promise<T.AppsResponse>;
  getApp(appId: string, options?: CallOptions): Promise<T.App>;
  updateApp(appId: string, changes: T.UpdateAppRequest, options?: CallOptions): Promise<T.App>;
  /** One turn; resolves to the streaming response (SSE or NDJSON, docs/protocol.md §4) once it is 2xx. */
  runConversation(appId: string, turn: T.RunConversationRequest, options?: CallOptions & { accept?: string }): Promise<Response>;
  getCognitiveConfig(options?: CallOptions): Promise<T.CognitiveConfig>;
  updateCognitiveConfig(changes: T.CognitiveConfig, options?: CallOptions): Promise<T.CognitiveConfig>;
  listAppsV1(query?: T.V1AppsQuery, options?: CallOptions): Promise<T.V1AppsResponse>;
  createApp(app: T.CreateAppRequest, options?: CallOptions): Promise<T.CreateAppResponse>;
  /** `sync` (default) or `background`; for `stream` use `streamApp`. */
  runApp(appId: string, request: T.RunAppRequest & { mode?: 'sync' | 'background' }, options?: CallOptions): Promise<T.RunAppResponse>;
  /** `mode: "stream"` as NDJSON: yields each `{"result": …}` snapshot as it arrives. */
  streamApp(appId: string, request: Omit<T.RunAppRequest, 'mode'>, options?: CallOptions): AsyncGenerator<T.RunAppResponse>;
  runSkill(request: T.RunSkillRequest, options?: CallOptions): Promise<T.RunSkillResponse>;
  startConversation(request?: T.StartConversationRequest, options?: CallOptions): Promise<T.StartConversationResponse>;
  sendChat(request: T.SendChatRequest, options?: CallOptions): Promise<T.SendChatResponse>;
  endConversationByAgent(request: T.EndConversationByAgentRequest, options?: CallOptions): Promise<T.EndConversationByAgentResponse>;
}

export function createAlliApiClient({ baseUrl, apiKey, fetch: fetchImpl = globalThis.fetch }: AlliApiClientOptions): AlliApiClient {
  if (typeof baseUrl !== 'string' || !/^https?:\/\//.test(baseUrl)) throw new TypeError('createAlliApiClient: baseUrl must be an http(s) URL');
  if (typeof apiKey !== 'string' || apiKey === '') throw new TypeError('createAlliApiClient: apiKey is required');
  const origin = baseUrl.replace(/\/+$/, '');

  async function send(method: string, path: string, options: CallOptions = {}, body?: unknown, accept = 'application/json'): Promise<Response> {
    const headers: Record<string, string> = { 'API-KEY': apiKey, Accept: accept };
    if (options.ownUserId !== undefined) headers['OWN-USER-ID'] = encodeUserId(options.ownUserId);
    if (options.userEmail !== undefined) headers['USER-EMAIL'] = options.userEmail;
    if (options.agentEmail !== undefined) headers['AGENT-EMAIL'] = options.agentEmail;
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetchImpl(`${origin}${path}`, { method, headers, body: payload, signal: options.signal });
    if (!res.ok) throw await toError(res);
    return res;
  }

  async function json<R>(method: string, path: string, options?: CallOptions, body?: unknown): Promise<R> {
    return (await send(method, path, options, body)).json() as Promise<R>;
  }

  const app = (appId: string) => encodeURIComponent(appId);

  return {
    listApps: (query = {}, options) => json('GET', `/webapi/v2/apps${queryString(query)}`, options),
    getApp: (appId, options) => json('GET', `/webapi/v2/apps/${app(appId)}`, options),
    updateApp: (appId, changes, options) => json('PATCH', `/webapi/v2/apps/${app(appId)}`, options, changes),
    runConversation: (appId, turn, options = {}) =>
      send('POST', `/webapi/v2/apps/${app(appId)}/run_conversation`, options, turnForm(turn), options.accept ?? 'text/event-stream, application/x-ndjson;q=0.9'),
    getCognitiveConfig: (options) => json('GET', '/webapi/v2/cognitive_config', options),
    updateCognitiveConfig: (changes, options) => json('PATCH', '/webapi/v2/cognitive_config', options, changes),
    listAppsV1: (query = {}, options) => json('GET', `/webapi/apps${queryString({ ...query })}`, options),
    createApp: (request, options) => json('POST', '/webapi/apps', options, request),
    runApp: (appId, request, options) => json('POST', `/webapi/apps/${app(appId)}/run`, options, request),
    async *streamApp(appId, request, options) {
      const res = await send('POST', `/webapi/apps/${app(appId)}/run`, options, { ...request, mode: 'stream' }, 'application/x-ndjson');
      yield* ndjson<T.RunAppResponse>(res);
    },
    runSkill: (request, options) => json('POST', '/webapi/skill', options, request),
    startConversation: (request = {}, options) => json('POST', '/webapi/start_conversation', options, request),
    sendChat: (request, options) => json('POST', '/webapi/send_chat', options, request),
    endConversationByAgent: (request, options) => json('POST', '/webapi/end_conversation_by_agent', options, request),
  };
}

/** Repeated keys for arrays (`categories=a&categories=b`, OpenAPI's default form style). */
function queryString(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function turnForm(turn: T.RunConversationRequest): FormData {
  const form = new FormData();
  if (turn.conversationId !== undefined) form.append('conversationId', turn.conversationId);
  if (turn.message !== undefined) form.append('message', turn.message);
  if (turn.choices !== undefined) form.append('choices', JSON.stringify(turn.choices));
  if (turn.sendFormInput !== undefined) form.append('sendFormInput', JSON.stringify(turn.sendFormInput));
  if (turn.fileIds !== undefined) form.append('fileIds', JSON.stringify(turn.fileIds));
  for (const field of ['files', 'media_files', 'form_files'] as const) {
    for (const file of turn[field] ?? []) form.append(field, file.blob, file.name);
  }
  return form;
}

async function* ndjson<R>(res: Response): AsyncGenerator<R> {
  if (!res.body) return;
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, end).trim();
      buffer = buffer.slice(end + 1);
      if (line) yield JSON.parse(line) as R;
    }
    if (done) break;
  }
  if (buffer.trim()) yield JSON.parse(buffer) as R;
}

/** Alli's refusals: `{error: {name, field}, message}`, the v1 `{errors: [...]}`, or anything else. */
async function toError(res: Response): Promise<AlliApiError> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (e.g. a proxy's HTML page): keep the text
  }
  const record = body && typeof body === 'object' ? (body as { errors?: unknown; message?: unknown; error?: { name?: unknown; field?: unknown } }) : undefined;
  const errors = record?.errors;
  const message =
    (typeof record?.message === 'string' && record.message) ||
    (Array.isArray(errors) && typeof errors[0] === 'string' && errors[0]) ||
    `Alli answered ${res.status}${typeof body === 'string' && body ? `: ${body.slice(0, 200)}` : ''}`;
  const name = typeof record?.error?.name === 'string' ? record.error.name : undefined;
  const field = typeof record?.error?.field === 'string' ? record.error.field : undefined;
  return new AlliApiError(res.status, message, body, name, field);
}

/** `OWN-USER-ID` travels as ASCII: anything else as `base64:` + base64(UTF-8). */
function encodeUserId(id: string): string {
  if (/^[\x20-\x7e]*$/.test(id)) return id;
  const bytes = new TextEncoder().encode(id);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `base64:${btoa(binary)}`;
}
