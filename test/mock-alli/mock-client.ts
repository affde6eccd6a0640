/**
 * Test-only helpers for talking to the mounted mock Alli: tokens, turns, and a deliberately
 * small SSE / NDJSON reader (the real adapters live in src/stream and are tested there; these
 * tests check the mock against docs/protocol.md, not against the widget's own parser).
 */

export const APP = '/webapi/v2/apps/demo/run_conversation';
export const INVALID_TOKEN_TEXT = '{"error":{"value":1013,"name":"INVALID_TOKEN"},"message":"INVALID_TOKEN"}';
/** The Accept header the widget sends (docs/protocol.md §3). */
export const WIDGET_ACCEPT = 'text/event-stream, application/stream+json;q=0.9, application/x-ndjson;q=0.9';

export interface Grant {
  token: string;
  expiresAt: number;
  userId: string;
}

/** What the widget's token source sends: the route takes JSON only. */
export const JSON_POST = { headers: { 'Content-Type': 'application/json' }, body: '{}' };

/** A token for the page's demo user, through the host's token route (cookie identifies the user). */
export async function hostGrant(init: RequestInit = {}, ttlSeconds?: number): Promise<Grant> {
  const res = await fetch(ttlSeconds === undefined ? '/alli/token' : `/alli/token?ttl=${ttlSeconds}`, { method: 'POST', ...JSON_POST, ...init });
  if (!res.ok) throw new Error(`token route answered ${res.status}`);
  return res.json();
}

/** A token for any user or lifetime, through the mock-only test hook. */
export async function mockGrant(body: { ownUserId?: string; ttlSeconds?: number } = {}): Promise<Grant> {
  const res = await fetch('/__mock/token', { method: 'POST', body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`mock token hook answered ${res.status}`);
  return res.json();
}

export type TurnFields = Record<string, string | Blob | [Blob, string] | Array<[Blob, string]>>;

export interface TurnOptions {
  query?: string;
  accept?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** POSTs one run_conversation turn as multipart/form-data. */
export function postTurn(token: string, fields: TurnFields, options: TurnOptions = {}): Promise<Response> {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    // A list of [file, name] pairs repeats the part; a single pair or a plain value is one part.
    const parts: Array<string | Blob | [Blob, string]> =
      Array.isArray(value) && Array.isArray(value[0]) ? (value as Array<[Blob, string]>) : [value as string | Blob | [Blob, string]];
    for (const part of parts) {
      if (typeof part === 'string') body.append(name, part);
      else if (part instanceof Blob) body.append(name, part);
      else body.append(name, part[0], part[1]);
    }
  }
  return fetch(`${APP}${options.query ?? '?delayMs=0'}`, {
    method: 'POST',
    body,
    signal: options.signal,
    headers: { Authorization: `Bearer ${token}`, Accept: options.accept ?? WIDGET_ACCEPT, ...options.headers },
  });
}

export interface SseEvent {
  event: string;
  id: string;
  data: any;
}

export interface SseStream {
  events: SseEvent[];
  comments: string[];
  /** The body as received, for format checks. */
  raw: string;
}

/** Reads a whole SSE body; `onEvent` sees each event as it arrives (e.g. to press Stop). */
export async function readSse(res: Response, onEvent?: (event: SseEvent, seen: SseEvent[]) => void): Promise<SseStream> {
  const stream: SseStream = { events: [], comments: [], raw: '' };
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    stream.raw += value;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = parseBlock(block, stream.comments);
      if (event) {
        stream.events.push(event);
        onEvent?.(event, stream.events);
      }
    }
  }
  if (buffer.trim() !== '') throw new Error(`SSE body ended inside an event: ${JSON.stringify(buffer.slice(0, 80))}`);
  return stream;
}

function parseBlock(block: string, comments: string[]): SseEvent | undefined {
  const fields: Record<string, string[]> = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) {
      comments.push(line);
      continue;
    }
    const colon = line.indexOf(':');
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1).replace(/^ /, '');
    (fields[name] ??= []).push(value);
  }
  if (!fields.event && !fields.data) return undefined;
  if (fields.data?.length !== 1) throw new Error(`expected exactly one data line in ${JSON.stringify(block.slice(0, 120))}`);
  return { event: fields.event?.[0] ?? 'message', id: fields.id?.[0] ?? '', data: JSON.parse(fields.data[0]) };
}

/** Reads an NDJSON body into its JSON values, one per line. */
export async function readNdjson(res: Response): Promise<any[]> {
  const text = await res.text();
  const lines = text.split('\n');
  if (lines.pop() !== '') throw new Error('NDJSON body must end with a newline');
  return lines.map((line) => JSON.parse(line));
}

/** Starts a demo conversation (the greeting turn) and returns its id. */
export async function startConversation(token: string, headers?: Record<string, string>): Promise<string> {
  const { events } = await readSse(await postTurn(token, {}, { headers }));
  const first = events[0];
  if (first?.event !== 'conversation') throw new Error('the stream did not start with conversation');
  return first.data.conversation.id;
}

/** Runs a turn to its end and returns the SSE events. */
export async function turnEvents(token: string, fields: TurnFields, options?: TurnOptions): Promise<SseEvent[]> {
  const res = await postTurn(token, fields, options);
  if (!res.ok) throw new Error(`turn answered ${res.status}: ${await res.text()}`);
  return (await readSse(res)).events;
}

export function authHeaders(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

export async function getConversation(token: string, id: string): Promise<Response> {
  return fetch(`/webapi/v2/conversations/${encodeURIComponent(id)}`, { headers: authHeaders(token) });
}

/** Hex SHA-256 of a blob, computed in the browser. */
export async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** `base64:` + base64(UTF-8), the OWN-USER-ID encoding for non-ASCII ids. */
export function base64UserId(id: string): string {
  const bytes = new TextEncoder().encode(id);
  return `base64:${btoa(String.fromCharCode(...bytes))}`;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
