#!/usr/bin/env node
// @ts-check
/**
 * The strict-CSP demo: a tiny static server that answers every page request with
 *
 *   Content-Security-Policy: <STRICT_CSP>
 *
 * and serves only files from this origin: demo/csp/index.html, its stylesheet, the favicon, and
 * the widget bundled at start (esbuild, with the anchored Draft.js stubs, like scripts/size.mjs),
 * plus the mock Alli and the host token route (demo/dev-middleware.js). No dev-server client, no
 * injected inline script: what loads is what a host would ship.
 *
 *   node demo/csp/server.mjs [--port 5180]     prints the URL of the page
 *
 * test/e2e/csp.e2e.mjs holds a whole conversation on this page to zero violations.
 */
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import { createDevMiddleware } from '../dev-middleware.js';
import { buildCdn } from '../../scripts/cdn-build-options.mjs';

/** @param {string} file */
const here = (file) => fileURLToPath(new URL(file, import.meta.url));

/** The Trusted Types policies the widget creates: Lit's template policy and the sanitizer's. */
export const TRUSTED_TYPES_POLICIES = ['lit-html', 'alli-chat'];

/** @param {readonly string[]} policies */
export function strictCsp(policies = TRUSTED_TYPES_POLICIES) {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' https: data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "require-trusted-types-for 'script'",
    `trusted-types ${policies.length ? policies.join(' ') : "'none'"}`,
  ].join('; ');
}

/**
 * Builds the page script the way the widget ships (dist/cdn's options): an entry module and
 * the chunks it loads on demand, all served from this origin under /csp/.
 * @returns {Promise<Map<string, Uint8Array>>} URL path -> contents
 */
export async function bundlePage() {
  const outdir = here('./.build');
  const result = await buildCdn({ entries: [here('./csp-page.ts')], outdir });
  return new Map((result.outputFiles ?? []).map((f) => [`/csp/${relative(outdir, f.path).split('\\').join('/')}`, f.contents]));
}

/**
 * @param {{ port?: number, host?: string, policies?: readonly string[], csp?: string, quiet?: boolean }} [options]
 * `csp` replaces the whole header (tests use it to show which policy names are required).
 */
export async function startCspDemo({ port = 0, host = '127.0.0.1', policies = TRUSTED_TYPES_POLICIES, csp, quiet = true } = {}) {
  const header = csp ?? strictCsp(policies);
  /** @type {string | undefined} */
  let ownBase;
  const alli = createDevMiddleware({ alliBase: () => ownBase ?? '', quiet });
  /** @type {Map<string, { body: Uint8Array, type: string }>} */
  const files = new Map([
    ['/csp/', { body: await readFile(here('./index.html')), type: 'text/html; charset=utf-8' }],
    ['/csp/launcher.html', { body: await readFile(here('./launcher.html')), type: 'text/html; charset=utf-8' }],
    ['/csp/csp.css', { body: await readFile(here('./csp.css')), type: 'text/css; charset=utf-8' }],
    ['/csp/favicon.svg', { body: await readFile(here('../favicon.svg')), type: 'image/svg+xml' }],
  ]);
  for (const [path, body] of await bundlePage()) {
    if (path.endsWith('.js')) files.set(path, { body, type: 'text/javascript; charset=utf-8' });
  }
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (alli.claims(url)) return alli.handle(req, res);
    const path = url.split('?')[0];
    if (path === '/' || path === '/csp' || path === '/csp/index.html') {
      res.writeHead(302, { Location: '/csp/' }).end();
      return;
    }
    const file = files.get(path);
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain', 'Content-Security-Policy': header }).end('not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': file.type,
      'Content-Security-Policy': header,
      'X-Content-Type-Options': 'nosniff',
      // Chunks have content hashes in their names: cached for good, as a CDN serves them.
      'Cache-Control': path.startsWith('/csp/chunks/') ? 'public, max-age=31536000, immutable' : 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  });
  await new Promise((resolve) => server.listen(port, host, () => resolve(undefined)));
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  ownBase = `http://${host}:${actualPort}`;
  return {
    url: `http://${host}:${actualPort}/csp/`,
    csp: header,
    close: () =>
      new Promise((resolve) => {
        alli.close();
        server.closeAllConnections?.();
        server.close(() => resolve(undefined));
      }),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = process.argv.indexOf('--port');
  const demo = await startCspDemo({ port: at > 0 ? Number(process.argv[at + 1]) : 5180, quiet: false });
  console.log(`strict-CSP demo: ${demo.url}\nContent-Security-Policy: ${demo.csp}`);
}
