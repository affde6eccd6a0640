// Start-up: main-thread time from the evaluation of `<alli-chat>`'s script (the CDN build) to
// a launcher that takes a click, in a fresh page each run, summed from the trace.
import { mainThread, timeBetween, traced, windowOf } from './trace.mjs';

export async function measureStartup({ browser, server, runs = 5 }) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const page = await browser.newPage();
    try {
      const { events } = await traced(page, async () => {
        const interactive = page.waitForEvent('console', (m) => m.text() === 'bench:interactive');
        await page.goto(server.url('/startup.html'));
        await interactive;
      });
      const win = windowOf(events, 'bench:startup', 'bench:interactive');
      times.push(timeBetween(mainThread(events, win).tasks, win.start, win.end));
    } finally {
      await page.close();
    }
  }
  times.sort((a, b) => a - b);
  return [
    {
      metric: 'start-up: script evaluation → interactive launcher, main thread, CPU ×1',
      value: times[Math.floor(times.length / 2)],
      unit: 'ms',
      budget: 30,
      note: `median of ${runs}: ${times.map((t) => t.toFixed(0)).join(', ')}`,
    },
  ];
}
