import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
// The mock Alli backend and the demo host's token route, mounted in the dev server so
// `npm start` is the whole demo: page, widget, token route and Alli, on one origin.
import { createDevMiddleware } from './demo/dev-middleware.js';
// The host's app list for the demo's picker, through the TypeScript server client.
import { createAppsRoute } from './demo/host/apps-route.js';
// draft-js-export-html without Draft.js, React or immutable: anchored aliases (docs/design.md §4).
import { draftStubsVitePlugin } from './scripts/draft-stubs.mjs';
// The CDN build for the adoption pages (demo/pages/), as dist/cdn/ holds it.
import { cdnFiles } from './demo/pages/server.mjs';

function alliDevServer(): Plugin {
  return {
    name: 'alli-dev-server',
    configureServer(server) {
      // The token route mints at this server's own address, never at whatever a request's Host says.
      const ownBase = () => {
        const address = server.httpServer?.address();
        if (!address || typeof address === 'string') throw new Error('the dev server is not listening on a port');
        return `http://localhost:${address.port}`;
      };
      const alli = createDevMiddleware({ alliBase: ownBase, quiet: process.env.ALLI_MOCK_QUIET === '1' });
      const apps = createAppsRoute();
      server.middlewares.use((req, res, next) => (apps.claims(req.url) ? apps.handle(req, res) : next()));
      server.middlewares.use((req, res, next) => (alli.claims(req.url ?? '/') ? alli.handle(req, res) : next()));
      server.httpServer?.once('close', () => alli.close());
      // /cdn/: built once per start (restart to pick up widget changes on the adoption pages).
      let cdn: ReturnType<typeof cdnFiles> | undefined;
      server.middlewares.use('/cdn/', (req, res, next) => {
        (cdn ??= cdnFiles())
          .then((files) => {
            const file = files.get((req.url ?? '/').slice(1).split('?')[0]);
            if (!file) return next();
            res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
            res.end(file);
          })
          .catch(next);
      });
    },
  };
}

const projectRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  // The demo page is the dev server's root, so the printed URL opens it as printed.
  root: resolve(projectRoot, 'demo'),
  plugins: [draftStubsVitePlugin(), alliDevServer()],
  // Pre-bundling would resolve draft-js-export-html's imports without our anchored stubs
  // (pulling in the real draft-js, React and `global`): serve it as the ESM it ships.
  // The rest is pre-bundled up front, so no dependency found late forces a page reload.
  optimizeDeps: {
    exclude: ['draft-js-export-html', 'draft-js-utils', '@khanacademy/simple-markdown'],
    include: [
      'lit',
      'lit/decorators.js',
      'lit/directive.js',
      'lit/directives/repeat.js',
      'lit/directives/live.js',
      'dompurify',
      'eventsource-parser',
    ],
  },
  server: {
    port: Number(process.env.PORT ?? 5173),
    strictPort: false,
    open: false,
  },
  // `npm run build` is scripts/build.mjs (esbuild), not Vite: Vite serves the demo only.
});
