import { defineConfig, type Plugin } from 'vite';
// The mock Alli backend and the demo host's token route, mounted in the dev server so
// `npm start` is the whole demo: page, widget, token route and Alli, on one origin.
import { createDevMiddleware } from './demo/dev-middleware.js';
// draft-js-export-html without Draft.js, React or immutable: anchored aliases (DESIGN.md §4).
import { draftStubsVitePlugin } from './scripts/draft-stubs.mjs';

function alliDevServer(): Plugin {
  return {
    name: 'alli-dev-server',
    configureServer(server) {
      const alli = createDevMiddleware({ quiet: false });
      server.middlewares.use((req, res, next) => (alli.claims(req.url ?? '/') ? alli.handle(req, res) : next()));
      server.httpServer?.once('close', () => alli.close());
    },
  };
}

export default defineConfig({
  root: '.',
  plugins: [draftStubsVitePlugin(), alliDevServer()],
  server: {
    port: Number(process.env.PORT ?? 5173),
    strictPort: false,
    open: false,
  },
  build: {
    target: 'es2022',
    outDir: 'dist',
    lib: {
      entry: 'src/index.ts',
      formats: ['es'],
      fileName: () => 'alli-chat.js',
    },
    sourcemap: true,
  },
});
