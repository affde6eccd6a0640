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

function alliDevServer(): Plugin {
  return {
    name: 'alli-dev-server',
    configureServer(server) {
      const alli = createDevMiddleware({ quiet: process.env.ALLI_MOCK_QUIET === '1' });
      const apps = createAppsRoute();
      server.middlewares.use((req, res, next) => (apps.claims(req.url) ? apps.handle(req, res) : next()));
      server.middlewares.use((req, res, next) => (alli.claims(req.url ?? '/') ? alli.handle(req, res) : next()));
      server.httpServer?.once('close', () => alli.close());
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
  build: {
    target: 'es2022',
    outDir: resolve(projectRoot, 'dist'),
    emptyOutDir: true,
    lib: {
      entry: resolve(projectRoot, 'src/alli-chat.ts'),
      formats: ['es'],
      fileName: () => 'alli-chat.js',
    },
    sourcemap: true,
  },
});
