#!/usr/bin/env node
// @ts-check
/**
 * Runs the mock Alli backend on its own, with the demo host's token route beside it:
 *
 *   npm run mock -- --port 8787 [--host 127.0.0.1] [--delay 30] [--quiet] [--inactive] [--allow-ip 127.0.0.1 …]
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
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log('Usage: node demo/mock-alli/cli.js [--port 8787] [--host 127.0.0.1] [--delay <ms per delta>] [--quiet] [--inactive] [--allow-ip <address> …]');
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

const alli = createDevMiddleware({
  quiet: values.quiet,
  mock: {
    ...(deltaDelayMs === undefined ? {} : { deltaDelayMs }),
    projectActive: !values.inactive,
    allowedIps: values['allow-ip'],
  },
  // Standalone, the pages using this token route are served from another origin (e.g. Vite).
  tokenRoute: { cors: true },
});
const apiKey = process.env.MOCK_ALLI_API_KEY ?? 'mock-alli-dev-key';

const server = createServer((req, res) => {
  if (alli.claims(req.url)) return alli.handle(req, res);
  res.statusCode = 404;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end('Not an Alli endpoint. Try POST /alli/token or /webapi/v2/apps/demo/run_conversation.\n');
});

server.listen(port, values.host, () => {
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const base = `http://${values.host}:${actualPort}`;
  console.log(`Mock Alli listening on ${base}`);
  console.log(`  api-base:   ${base}`);
  console.log(`  token-url:  ${base}/alli/token`);
  console.log(`  app-id:     demo`);
  console.log(`  API key:    ${apiKey}  (dev key${process.env.MOCK_ALLI_API_KEY ? ', from MOCK_ALLI_API_KEY' : ''})`);
});

/** Ends running streams so the process exits promptly. */
function shutdown() {
  alli.close();
  server.close(() => process.exit(0));
  server.closeAllConnections();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
