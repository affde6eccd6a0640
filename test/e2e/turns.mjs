// Waiting for a turn in the end-to-end tests: each <alli-chat> counts its own `alli-stream-end`
// events (installed before the page's scripts run), and a wait is for that count to pass the one
// taken before the action: never for the absence of `streaming`, which also holds before a reply
// has started.

/** Runs in the page before its own scripts: counts `alli-stream-end` on each element. */
function countStreamEnds() {
  document.addEventListener(
    'alli-stream-end',
    (e) => {
      const el = e.composedPath()[0];
      el.__alliStreamEnds = (el.__alliStreamEnds ?? 0) + 1;
    },
    true,
  );
}

/** Installs the counter in every page of `target` (a page or a browser context). */
export const trackTurns = (target) => target.addInitScript(countStreamEnds);

/** How many turns of the element at `selector` have ended so far. */
export const turnsEnded = (page, selector = 'alli-chat') => page.evaluate((s) => document.querySelector(s)?.__alliStreamEnds ?? 0, selector);

/** Waits for the element to have rendered what it holds (it renders on an animation frame). */
export const rendered = (page, selector = 'alli-chat') =>
  page.evaluate(async (s) => {
    const el = document.querySelector(s);
    await el.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    await el.updateComplete;
  }, selector);

/** Waits until more than `since` turns of the element have ended, and the last one is rendered. */
export async function turnEndedSince(page, since, selector = 'alli-chat', timeout = 30_000) {
  await page.waitForFunction(([s, n]) => (document.querySelector(s)?.__alliStreamEnds ?? 0) > n, [selector, since], { timeout });
  await rendered(page, selector);
}

/**
 * Runs `action` (which starts a turn of the element at `selector`) and resolves once that turn
 * has ended and is on screen. Call it when no other turn of that element is in flight.
 */
export async function afterTurn(page, action, selector = 'alli-chat', timeout = 30_000) {
  const since = await turnsEnded(page, selector);
  await action();
  await turnEndedSince(page, since, selector, timeout);
}
