/**
 * Node-side test helpers: the mock Alli in-process on a loopback port, calls with the API key or
 * a bearer token, and checks of answers against the kept OpenAPI document.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMockAlli, type MockAlliOptions } from '../../demo/mock-alli/index.js';
import { createApiValidator } from '../../demo/mock-alli/openapi.js';

export const API_KEY = 'node-test-key';
export const contract = createApiValidator();

export interface RunningMock {
  base: string;
  close(): Promise<void>;
}

export async function startMock(options: MockAlliOptions = {}): Promise<RunningMock> {
  const alli = createMockAlli({ apiKey: API_KEY, deltaDelayMs: 0, pingIntervalMs: 0, ...options });
  const server: Server = createServer((req, res) => (alli.claims(req.url) ? alli.handle(req, res) : res.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        alli.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface CallOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** A bearer token instead of the API key. */
  token?: string;
  /** No credential at all. */
  anonymous?: boolean;
}

export async function call(mock: RunningMock, method: string, path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  else if (!options.anonymous) headers['API-KEY'] = API_KEY;
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  return fetch(`${mock.base}${path}`, { method, headers: { ...headers, ...options.headers }, body });
}

/** Asserts a 200 whose JSON body validates against the documented schema; returns the body. */
export async function expectDocumented(res: Response, method: string, template: string): Promise<any> {
  const text = await res.text();
  assert.equal(res.status, 200, `${method} ${template} answered ${res.status}: ${text.slice(0, 300)}`);
  const body = JSON.parse(text);
  expectMatchesSchema(body, method, template, 200);
  return body;
}

export function expectMatchesSchema(body: unknown, method: string, template: string, status: number): void {
  const validate = contract.responseValidator(method, template, status);
  assert.ok(validate, `the document has no schema for ${method} ${template} ${status}`);
  assert.ok(validate(body), `${method} ${template} ${status} does not match the document: ${JSON.stringify(validate.errors)}\n${JSON.stringify(body).slice(0, 400)}`);
}

/** Asserts a 400 that names `field` (in `error.field`, and in the message). Returns the body. */
export async function expectRefused(res: Response, field: string, status = 400): Promise<any> {
  const text = await res.text();
  assert.equal(res.status, status, `expected ${status} naming ${field}, got ${res.status}: ${text.slice(0, 300)}`);
  const body = JSON.parse(text);
  assert.equal(body.error?.field, field, `the refusal names ${body.error?.field}, not ${field}: ${text}`);
  assert.equal(typeof body.message, 'string');
  return body;
}

/** A bearer token for a user, through the mock's server-to-server mint. */
export async function mintToken(mock: RunningMock, ownUserId: string): Promise<string> {
  const res = await fetch(`${mock.base}/webapi/v2/auth/token`, {
    method: 'POST',
    headers: { 'API-KEY': API_KEY, 'Content-Type': 'application/json' },
    body: JSON.stringify({ ownUserId }),
  });
  assert.equal(res.status, 200);
  return (await res.json()).token;
}

/** The JSON values of an NDJSON body. */
export async function ndjsonValues(res: Response): Promise<any[]> {
  const text = await res.text();
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

/** The `event:` names and data of an SSE body. */
export async function sseEvents(res: Response): Promise<{ event: string; data: any }[]> {
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((block) => /^event: /m.test(block))
    .map((block) => ({
      event: /^event: (.*)$/m.exec(block)![1],
      data: JSON.parse(/^data: (.*)$/m.exec(block)![1]),
    }));
}
