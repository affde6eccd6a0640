#!/usr/bin/env node
// @ts-check
/**
 * Runs the mock Alli backend on its own, with the demo host's token route beside it:
 *
 *   npm run mock -- --port 8787 [--host 127.0.0.1] [--allow-origin http://localhost:8080 …]
 *                   [--delay 30] [--quiet] [--inactive] [--allow-ip 127.0.0.1 …] [--test-hooks]
 *
 * Pages served from another origin (a static server, Vite) must be named with --allow-origin:
 * CORS here is an allow-list, as on a real host. `--test-hooks` turns on `/__mock/*`, which
 * mints tokens without the API key: for test runs only.
 */
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { createDevMiddleware } from '../dev-middleware.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    delay: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    // The reference's 403 switches: an inactive project, or an IP allow list.
    inactive: { type: 'boolean', default: false },
    'allow-ip': { type: 'string', multiple: true },
    'allow-origin': { type: 'string', multiple: true, default: [] },
    'test-hooks': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log('Usage: node demo/mock-alli/cli.js [--port 8787] [--host 127.0.0.1] [--allow-origin <page origin> …] [--delay <ms per delta>] [--quiet] [--inactive] [--allow-ip <address> …] [--test-hooks]');
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got ${values.port}`);
  process.exit(2);
}
const deltaDelayMs = values.delay === undefined ? undefined : Number(values.delay);
if (deltaDelayMs !== undefined && !(deltaDelayMs >= 0)) {
  console.error(`--delay must be a number of milliseconds, got ${values.delay}`);
  process.exit(2);
}

const allowedOrigins = values['allow-origin'].map((origin) => {
  try {
    return new URL(origin).origin;
  } catch {
    console.error(`--allow-origin takes an origin such as http://localhost:8080, got ${origin}`);
    process.exit(2);
  }
});

/** @type {string | undefined} */
let ownBase;
const alli = createDevMiddleware({
  // The token route mints at this process's own address, whatever a request's Host says.
  alliBase: () => ownBase ?? '',
  quiet: values.quiet,
  allowedOrigins,
  mock: {
    ...(deltaDelayMs === undefined ? {} : { deltaDelayMs }),
    projectActive: !values.inactive,
    allowedIps: values['allow-ip'],
    debugRoutes: values['test-hooks'],
  },
});
const apiKey = process.env.MOCK_ALLI_API_KEY ?? 'mock-alli-dev-key';

const warnedOrigins = new Set();
const server = createServer((req, res) => {
  // A page whose origin is not allowed gets no CORS headers: say so once, with the fix.
  const origin = req.headers.origin;
  if (origin && !allowedOrigins.includes(origin) && !warnedOrigins.has(origin) && alli.claims(req.url)) {
    warnedOrigins.add(origin);
    console.warn(`[mock] a page at ${origin} called ${(req.url ?? '').split('?')[0]}, but that origin is not allowed: restart with --allow-origin ${origin}`);
  }
  if (alli.claims(req.url)) return alli.handle(req, res);
  res.statusCode = 404;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end('Not an Alli endpoint. Try POST /alli/token or /webapi/v2/apps/demo/run_conversation.\n');
});

server.listen(port, values.host, () => {
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const base = `http://${values.host.includes(':') ? `[${values.host}]` : values.host}:${actualPort}`;
  ownBase = base;
  console.log(`Mock Alli listening on ${base}`);
  console.log(`  api-base:   ${base}`);
  console.log(`  token-url:  ${base}/alli/token`);
  console.log(`  app-id:     demo`);
  console.log(`  pages from: ${allowedOrigins.length ? allowedOrigins.join(' ') : 'this origin only (add --allow-origin <origin> for pages served elsewhere)'}`);
  console.log(`  test hooks: ${values['test-hooks'] ? 'ON (/__mock/* mints tokens without the key: tests only)' : 'off'}`);
  console.log(`  API key:    ${process.env.MOCK_ALLI_API_KEY ? 'from MOCK_ALLI_API_KEY' : `${apiKey} (the mock's dev key)`}`);
});

/** Ends running streams so the process exits promptly. */
function shutdown() {
  alli.close();
  server.close(() => process.exit(0));
  server.closeAllConnections();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
