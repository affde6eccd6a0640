// Hostile answers (issue 11 item 6), CPU ×1: each rendered whole and streamed through a fresh
// element (demo/bench/bench.ts); the longest task of each against one budget.
const ADVERSARIAL_TASK_MS = 200;

export async function measureHostile({ browser, server }) {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  const rows = [];
  try {
    await page.goto(server.url('/hostile/index.html'));
    await page.waitForFunction(() => typeof globalThis.runAdversarial === 'function');
    for (const name of await page.evaluate(() => globalThis.adversarialCases)) {
      for (const mode of ['render', 'stream']) {
        const r = await page.evaluate(([n, m]) => globalThis.runAdversarial(n, m), [name, mode]);
        rows.push({
          metric: `hostile answer ${name}, ${mode}: longest task`,
          value: r.longestTaskMs,
          unit: 'ms',
          budget: ADVERSARIAL_TASK_MS,
          // 0: the longtask observer saw no task over 50 ms.
          note: `${r.longestTaskMs === 0 ? 'no task over 50 ms; ' : ''}${(r.totalMs / 1000).toFixed(2)} s, ${r.domNodes} DOM nodes`,
        });
      }
    }
  } finally {
    await page.close();
  }
  return rows;
}
