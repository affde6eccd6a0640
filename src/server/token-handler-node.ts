/// <reference types="node" preserve="true" />
/**
 * The token handler on Node's `http` server and on Express-style `(req, res)` middleware:
 *
 *   createServer(toNodeListener(handler))                 // node:http
 *   app.post('/alli/token', toNodeListener(handler))      // Express, with or without express.json()
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TokenHandler } from './token-handler.js';

/** Express and body parsers leave the parsed body on `req.body`. */
type NodeRequest = IncomingMessage & { body?: unknown; protocol?: string };

const MAX_BODY_BYTES = 64 * 1024;

/**
 * Wraps a Web handler as `(req, res) => Promise<void>`. The Request's URL is built from the
 * socket (https when TLS) and the `Host` header; the handler uses it only to recognize
 * same-origin pages, never to decide where the API key goes.
 */
export function toNodeListener(handler: TokenHandler): (req: NodeRequest, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    try {
      const request = await toRequest(req);
      const response = await handler(request);
      res.statusCode = response.status;
      response.headers.forEach((value, name) => {
        if (name !== 'set-cookie') res.setHeader(name, value);
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length > 0) res.setHeader('Set-Cookie', cookies);
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch {
      if (!res.headersSent) {
        res.statusCode = 400;
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.setHeader('Cache-Control', 'no-store');
        res.end(JSON.stringify({ error: { name: 'BAD_REQUEST' }, message: 'The request could not be read.' }));
      } else res.destroy();
    }
  };
}

async function toRequest(req: NodeRequest): Promise<Request> {
  const encrypted = Boolean((req.socket as { encrypted?: boolean }).encrypted);
  const url = new URL(req.url ?? '/', `${encrypted ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return new Request(url, { method, headers });
  // A body parser ran before us (express.json()): its result stands for the body it consumed.
  const body = req.body !== undefined && req.readableEnded ? parsedBody(req.body) : await readBody(req);
  headers.delete('content-length');
  return new Request(url, { method, headers, body });
}

function parsedBody(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  return JSON.stringify(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.byteLength;
    if (size > MAX_BODY_BYTES) {
      req.destroy();
      throw new Error('body too large');
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
