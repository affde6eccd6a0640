// The bench's pages, served from memory: `<alli-chat>` as it ships (dist/cdn, built by
// cdnFiles()), the streaming harness (demo/bench/stream.ts), the naive renderer, deep-chat from
// npm, the hostile-answers page (demo/bench/bench.ts) and the start-up page. Production builds
// only: Lit's development mode would add its own cost to every figure.
import { createServer } from 'node:http';
import { build } from 'esbuild';
import { buildCdn } from '../cdn-build-options.mjs';
import { draftStubsEsbuildPlugin } from '../draft-stubs.mjs';
import { cdnFiles } from '../../demo/pages/server.mjs';

const HOST = '<div id="host" style="height: 700px; width: 480px; overflow: auto"></div>';
const page = (title, body) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;

/**
 * Start-up: from the evaluation of the widget's script to a launcher that reacts to a click.
 * The marks frame the main-thread time summed from the trace; the end is told through the
 * console, so nothing polls the page inside that window.
 */
const STARTUP = page(
  'start-up',
  `<alli-chat app-id="bench" token-url="/bench-token" mode="launcher" persist="none"></alli-chat>
<script type="module">
// The page's own first frame is not the widget's: it is over before the count starts.
await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
performance.mark('bench:startup');
await import('/cdn/alli-chat.js');
const el = document.querySelector('alli-chat');
await el.updateComplete;
if (!el.shadowRoot.querySelector('.launcher')) throw new Error('no launcher');
performance.mark('bench:interactive');
console.log('bench:interactive');
</script>`,
);

async function bundle(entry, extra = {}) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    minify: true,
    target: 'es2022',
    write: false,
    outdir: 'out',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [draftStubsEsbuildPlugin()],
    ...extra,
  });
  return result.outputFiles;
}

/** dist/cdn as it ships; `readable`: not minified, so profiles name the widget's functions. */
async function widgetFiles(readable) {
  if (!readable) return cdnFiles();
  const result = await buildCdn({ readable: true });
  return new Map(result.outputFiles.map((f) => [f.path.split('/dist/cdn/')[1], f.contents]));
}

/** Starts the server; `{ url(path), close() }`. */
export async function startBenchServer({ readable = false } = {}) {
  const js = 'text/javascript; charset=utf-8';
  const html = 'text/html; charset=utf-8';
  /** @type {Map<string, { body: Uint8Array | string, type: string }>} */
  const files = new Map();
  for (const [name, body] of await widgetFiles(readable)) files.set(`/cdn/${name}`, { body, type: js });
  files.set('/stream.js', { body: (await bundle('demo/bench/stream.ts'))[0].contents, type: js });
  files.set('/naive.js', { body: (await bundle('demo/bench/naive-renderer.ts'))[0].contents, type: js });
  files.set('/deep-chat.js', { body: (await bundle('demo/bench/deep-chat-entry.ts'))[0].contents, type: js });
  const hostile = await buildCdn({ entries: ['demo/bench/bench.ts'], outdir: 'hostile' });
  for (const f of hostile.outputFiles) files.set(`/hostile/${f.path.split('/hostile/')[1]}`, { body: f.contents, type: js });
  files.set('/stream.html', { body: page('streaming', `${HOST}<script type="module" src="/stream.js"></script>`), type: html });
  files.set('/hostile/index.html', { body: page('hostile answers', '<script type="module" src="/hostile/bench.js"></script>'), type: html });
  files.set('/startup.html', { body: STARTUP, type: html });

  const server = createServer((req, res) => {
    const file = files.get((req.url ?? '/').split('?')[0]);
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': file.type, 'Cache-Control': 'no-store' }).end(file.body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: (/** @type {string} */ path) => `http://127.0.0.1:${address.port}${path}`,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve(undefined)))),
  };
}
