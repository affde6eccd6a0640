// @ts-check
/**
 * The adoption pages as a site would serve them: static HTML under a sub-path (`/shop/pages/`),
 * the CDN build beside them (`/shop/cdn/`, as `npm run build` writes dist/cdn/), the strict CSP
 * of the README, and the mock Alli with the host token route at the root.
 *
 *   node demo/pages/server.mjs [--port 8790]     then open http://127.0.0.1:8790/shop/pages/plain.html
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildCdn } from '../../scripts/cdn-build-options.mjs';
import { CLASSIC_LOADER } from '../../scripts/classic-loader.mjs';
import { draftStubsEsbuildPlugin } from '../../scripts/draft-stubs.mjs';
import { createDevMiddleware } from '../dev-middleware.js';
import { strictCsp } from '../csp/server.mjs';

const here = (/** @type {string} */ file) => fileURLToPath(new URL(file, import.meta.url));
const PAGES = ['plain.html', 'cms.html', 'react.html'];

/** dist/cdn/ as `npm run build` makes it, in memory: `alli-chat.js`, `chunks/…`, the classic loader. */
export async function cdnFiles() {
  const result = await buildCdn({ outdir: 'dist/cdn' });
  const files = new Map((result.outputFiles ?? []).map((f) => [relative('dist/cdn', f.path).split('\\').join('/'), f.contents]));
  files.set('alli-chat.classic.js', new TextEncoder().encode(CLASSIC_LOADER));
  return files;
}

/** The React page's script, bundled as an app would bundle it (one Lit, React, the wrapper). */
async function reactPage() {
  const result = await build({
    entryPoints: [here('./react-page.tsx')],
    bundle: true,
    format: 'esm',
    minify: true,
    write: false,
    outfile: 'react-page.js',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
    plugins: [draftStubsEsbuildPlugin()],
  });
  return result.outputFiles[0].contents;
}

/**
 * A site that has Lit of its own and also loads the CDN build (which carries another Lit): the
 * case the README's CSP section says needs `'allow-duplicates'`. Not linked: tests only.
 */
const OWN_LIT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>own Lit + CDN</title>
<script type="module" src="./own-lit.js"></script><script type="module" src="../cdn/alli-chat.js"></script></head>
<body><site-badge></site-badge><alli-chat app-id="demo" api-base="/" token-url="/alli/token"></alli-chat></body></html>`;

async function ownLitScript() {
  const result = await build({
    stdin: {
      contents: "import { LitElement, html } from 'lit';\nclass SiteBadge extends LitElement { render() { return html`<b>site element</b>`; } }\ncustomElements.define('site-badge', SiteBadge);\n",
      resolveDir: here('.'),
      loader: 'js',
    },
    bundle: true,
    format: 'esm',
    minify: true,
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles[0].contents;
}

/**
 * @param {{ port?: number, host?: string, base?: string, quiet?: boolean, policies?: readonly string[] }} [options]
 * `policies`: the Trusted Types policy names of the CSP (default: the widget's two).
 */
export async function startPagesDemo({ port = 0, host = '127.0.0.1', base = '/shop/', quiet = true, policies } = {}) {
  const csp = strictCsp(policies);
  /** @type {string | undefined} */
  let ownBase;
  const alli = createDevMiddleware({ alliBase: () => ownBase ?? '', quiet });
  /** @type {Map<string, { body: Uint8Array, type: string }>} */
  const files = new Map();
  const js = 'text/javascript; charset=utf-8';
  for (const [name, body] of await cdnFiles()) files.set(`${base}cdn/${name}`, { body, type: js });
  for (const page of PAGES) {
    let text = await readFile(here(`./${page}`), 'utf8');
    if (page === 'react.html') text = text.replace('./react-page.tsx', './react-page.js');
    files.set(`${base}pages/${page}`, { body: new TextEncoder().encode(text), type: 'text/html; charset=utf-8' });
  }
  files.set(`${base}pages/react-page.js`, { body: await reactPage(), type: js });
  files.set(`${base}pages/own-lit.html`, { body: new TextEncoder().encode(OWN_LIT_PAGE), type: 'text/html; charset=utf-8' });
  files.set(`${base}pages/own-lit.js`, { body: await ownLitScript(), type: js });

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (alli.claims(url)) return alli.handle(req, res);
    const file = files.get(url.split('?')[0]);
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': file.type, 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  });
  await new Promise((resolve) => server.listen(port, host, () => resolve(undefined)));
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  ownBase = `http://${host}:${actualPort}`;
  return {
    url: (/** @type {string} */ page) => `${ownBase}${base}pages/${page}`,
    close: () =>
      new Promise((resolve) => {
        alli.close();
        server.closeAllConnections?.();
        server.close(() => resolve(undefined));
      }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const portArg = process.argv.indexOf('--port');
  const demo = await startPagesDemo({ port: portArg > 0 ? Number(process.argv[portArg + 1]) : 8790, quiet: false });
  for (const page of PAGES) console.log(demo.url(page));
}
