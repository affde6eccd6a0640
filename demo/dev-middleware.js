// @ts-check
/**
 * The dev server's Alli side in one piece: the mock Alli backend and the demo host's token
 * route, mounted on whatever server serves the page (web-test-runner, Vite, the mock's CLI):
 *
 *   const alli = createDevMiddleware();
 *   server.middlewares.use((req, res, next) => (alli.claims(req.url) ? alli.handle(req, res) : next()));
 */
import { createMockAlli } from './mock-alli/index.js';
import { createTokenRoute } from './host/token-route.js';

/** @typedef {import('node:http').IncomingMessage} IncomingMessage */
/** @typedef {import('node:http').ServerResponse} ServerResponse */

/**
 * @typedef {object} DevMiddlewareOptions
 * @property {() => string} alliBase where this server listens (e.g. `http://localhost:5173`), asked at
 *   the first token request: the token route sends the API key there and nowhere a request names
 * @property {boolean} [quiet] do not log each request (tests)
 * @property {string[]} [allowedOrigins] other origins whose pages may call the token route and the mock
 * @property {import('./mock-alli/index.js').MockAlliOptions} [mock]
 * @property {Partial<import('./host/token-route.js').TokenRouteOptions>} [tokenRoute]
 */

/**
 * @param {DevMiddlewareOptions} options
 */
export function createDevMiddleware({ alliBase, quiet = false, allowedOrigins = [], mock = {}, tokenRoute = {} }) {
  const alli = createMockAlli({ allowedOrigins, ...mock });
  // Same key on both sides by construction; the route still talks to the mint over HTTP.
  const host = createTokenRoute({ apiKey: alli.apiKey, alliBase, allowedOrigins, ...tokenRoute });
  const parts = [host, alli];

  return {
    /** @param {string | undefined} url */
    claims: (url) => parts.some((part) => part.claims(url)),
    /**
     * @param {IncomingMessage} req
     * @param {ServerResponse} res
     */
    handle(req, res) {
      if (!quiet) logWhenDone(req, res);
      const part = parts.find((p) => p.claims(req.url));
      if (part) part.handle(req, res);
      else {
        res.statusCode = 404;
        res.end();
      }
    },
    close: () => alli.close(),
  };
}

/**
 * One line per request once the response is over (streams log when they end).
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 */
function logWhenDone(req, res) {
  const started = Date.now();
  res.on('close', () => {
    const path = (req.url ?? '').split('?')[0];
    console.log(`[alli] ${req.method} ${path} → ${res.statusCode}${res.writableFinished ? '' : ' (closed early)'} ${Date.now() - started} ms`);
  });
}
