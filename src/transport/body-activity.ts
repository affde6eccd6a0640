import { watchBody } from '../wire/parse.js';

/**
 * A `fetch` that reports its response's arrival and then every chunk of the body as the
 * conversation stream's reader takes it (wire/parse.ts, `watchBody`), so the session's idle
 * watchdog sees keep-alive bytes (`: ping` comments) that never become events. The response is
 * returned as it came: no second stream for every chunk to pass through (that cost more than
 * the rest of a chunk's way to the screen, `npm run bench`).
 *
 * Turns with files go through XMLHttpRequest (upload progress) instead of this fetch; there
 * the session counts events and upload progress as signs of life.
 */
export function withBodyActivity(base: typeof fetch | undefined, onActivity: () => void): typeof fetch {
  return async (input, init) => {
    const doFetch = base ?? globalThis.fetch.bind(globalThis);
    const res = await doFetch(input, init);
    onActivity();
    watchBody(res, onActivity);
    return res;
  };
}
