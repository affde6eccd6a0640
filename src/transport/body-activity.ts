/**
 * A `fetch` that reports every chunk of every response body as it is read, so the session's
 * idle watchdog sees keep-alive bytes (`: ping` comments) that never become events. The body
 * is passed through unchanged: cancelling it cancels the original, a network error in the
 * original errors it.
 *
 * Turns with files go through XMLHttpRequest (upload progress) instead of this fetch; there
 * the session counts events and upload progress as signs of life.
 */
export function withBodyActivity(base: typeof fetch | undefined, onActivity: () => void): typeof fetch {
  return async (input, init) => {
    const doFetch = base ?? globalThis.fetch.bind(globalThis);
    const res = await doFetch(input, init);
    onActivity();
    // Null-body statuses cannot be rebuilt with a body; they have nothing to watch anyway.
    if (!res.body || [101, 204, 205, 304].includes(res.status)) return res;
    const watched = res.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          onActivity();
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(watched, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}
