// What the trace cannot tell apart inside "script": a V8 CPU profile (CDP `Profiler`) of one
// streaming run of `<alli-chat>` built readable (not minified, so functions keep their names),
// its samples' own time grouped by what the functions do. Reported beside the table, no budget.
import { startBenchServer } from './server.mjs';

/** Function name → part of the work; the first pattern that matches wins. */
const PARTS = [
  ['stream reads (reader, UTF-8 decoding)', /^(read|readEvents|decode|releaseLock|getReader)$/],
  ['SSE and event parsing', /^(feed|processLines|parseLine|parseEventStreamLine|onEvent|emit|dispatch|push|toConversationEvent|read[A-Z]\w*|parse|normalize\w*|eventsOf)$/],
  ['conversation state (reducer, session)', /^(reduceConversation|withDelta|putNode|apply|changed|scheduleRender|poke|noteActivity|next)$/],
  ['Markdown parse and DOM build', /^(nestedParse|parseInline|parseBlock|match|renderMarkdown\w*|build\w*|element|children|append|insertBefore|createElement|createTextNode|appendChild|#render|flush|#build)$/],
  ['Lit update and templates', /^(update|performUpdate|render|_\$\w+|commit\w*|draw|stream|setValue)$/],
  ['the feed (harness)', /^(port1\.onmessage|onmessage|event|sse|encode|enqueue|stringify|slice)$/],
  ['garbage collector', /^\(garbage collector\)$/],
  ['native, outside JavaScript (rendering, task and stream plumbing)', /^\(program\)$/],
];

/** One profiled run; rows of { part, ms } sorted by time, idle left out. */
export async function profileStreaming({ browser, chars = 80_000, chunkChars = 5 }) {
  const server = await startBenchServer({ readable: true });
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  try {
    await page.goto(server.url('/stream.html'));
    await page.waitForFunction(() => typeof globalThis.benchPrepare === 'function');
    await page.evaluate(([k, c]) => globalThis.benchPrepare(k, c), ['alli', chars]);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    await page.evaluate((n) => globalThis.benchStream(n), chunkChars);
    const { profile } = await cdp.send('Profiler.stop');
    const nodes = new Map(profile.nodes.map((n) => [n.id, n.callFrame.functionName || '(anonymous)']));
    const parts = new Map();
    const others = new Map();
    profile.samples.forEach((id, i) => {
      const name = nodes.get(id);
      if (name === '(idle)') return;
      const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      const part = PARTS.find(([, pattern]) => pattern.test(name.replace(/^\w+\./, '')))?.[0];
      if (!part) others.set(name, (others.get(name) ?? 0) + ms);
      const key = part ?? 'other JavaScript';
      parts.set(key, (parts.get(key) ?? 0) + ms);
    });
    const top = [...others].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([n, ms]) => `${n} ${ms.toFixed(0)}`);
    return [...parts]
      .map(([part, ms]) => ({ part: part === 'other JavaScript' ? `other JavaScript (most: ${top.join(', ')} ms)` : part, ms }))
      .sort((a, b) => b.ms - a.ms);
  } finally {
    await page.close();
    await server.close();
  }
}
