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
import { cdnBuildOptions } from '../../scripts/cdn-build-options.mjs';
import { CLASSIC_LOADER } from '../../scripts/classic-loader.mjs';
import { draftStubsEsbuildPlugin } from '../../scripts/draft-stubs.mjs';
import { createDevMiddleware } from '../dev-middleware.js';
import { strictCsp } from '../csp/server.mjs';

const here = (/** @type {string} */ file) => fileURLToPath(new URL(file, import.meta.url));
const PAGES = ['plain.html', 'cms.html', 'react.html'];

/** dist/cdn/ as `npm run build` makes it, in memory: `alli-chat.js`, `chunks/…`, the classic loader. */
export async function cdnFiles() {
  const result = await build(cdnBuildOptions({ outdir: 'dist/cdn', write: false }));
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
 * @param {{ port?: number, host?: string, base?: string, quiet?: boolean }} [options]
 */
export async function startPagesDemo({ port = 0, host = '127.0.0.1', base = '/shop/', quiet = true } = {}) {
  const csp = strictCsp();
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
