// Issue 12, the streaming half: one long Markdown answer as SSE deltas, one per macrotask
// (demo/bench/stream.ts), through `<alli-chat>`, deep-chat (`partialRender`) and a naive renderer,
// and through nothing (the feeding loop alone: the zero line). Each run is a fresh page, traced
// through CDP; every figure comes from that trace or from the page's own clock in the same run.
import { animationFrameTasks, mainThread, paintTimes, timeBetween, traced, windowOf } from './trace.mjs';

const KINDS = ['script', 'style', 'layout', 'paint', 'garbage collection', 'HTML and CSS parsing', 'other'];

const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};

/** V8's heap and Blink's (the DOM, layout and text shaping) in use after a forced GC. Bytes. */
async function heapAfterGc(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  return { js: usage.usedSize, blink: usage.embedderHeapUsedSize ?? 0 };
}

/**
 * Bytes of the heap snapshot's objects, without compiled code (which a second run of the same
 * code may add to, answer or not): what an answer could leave behind.
 */
async function snapshotBytes(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const chunks = [];
  const onChunk = (e) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const { snapshot, nodes } = JSON.parse(chunks.join(''));
  const fields = snapshot.meta.node_fields;
  const code = snapshot.meta.node_types[0].indexOf('code');
  const [type, size] = [fields.indexOf('type'), fields.indexOf('self_size')];
  let bytes = 0;
  for (let i = 0; i < nodes.length; i += fields.length) if (nodes[i + type] !== code) bytes += nodes[i + size];
  return bytes;
}

/**
 * Memory, untraced, three answers in a row in one page, "New conversation" after each: compiled
 * code and caches are made by the first two, so what the third leaves behind is what every answer
 * would leave. Growth: the heap after the third answer over the heap before it.
 */
async function memoryOnce(browser, server, { chars, chunkChars }) {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  try {
    const cdp = await page.context().newCDPSession(page);
    await page.goto(server.url('/stream.html'));
    await page.waitForFunction(() => typeof globalThis.benchPrepare === 'function');
    await page.evaluate(([k, c]) => globalThis.benchPrepare(k, c), ['alli', chars]);
    for (let warm = 0; warm < 2; warm++) {
      await page.evaluate((n) => globalThis.benchStream(n), chunkChars);
      await page.evaluate(() => globalThis.benchReset());
    }
    const before = await heapAfterGc(cdp);
    const objectsBefore = await snapshotBytes(cdp);
    await page.evaluate((n) => globalThis.benchStream(n), chunkChars);
    const after = await heapAfterGc(cdp);
    await page.evaluate(() => globalThis.benchReset());
    const left = await heapAfterGc(cdp);
    const objectsLeft = (await snapshotBytes(cdp)) - objectsBefore;
    return { growth: after.js - before.js, blinkGrowth: after.blink - before.blink, left: left.js - before.js, blinkLeft: left.blink - before.blink, objectsLeft };
  } finally {
    await page.close();
  }
}

/**
 * One traced run of `kind` in a fresh page. Chunk→paint latency: each chunk's arrival (when the
 * feed enqueued it) to the end of the main thread's Paint/Commit of the first frame that began
 * after the task that delivered it (the widget takes a chunk in that task, renders it in the
 * next animation frame).
 */
async function runOnce(browser, server, { kind, chars, chunkChars, cpu }) {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  try {
    const cdp = await page.context().newCDPSession(page);
    await page.goto(server.url('/stream.html'));
    await page.waitForFunction(() => typeof globalThis.benchPrepare === 'function');
    await page.evaluate(([k, c]) => globalThis.benchPrepare(k, c), [kind, chars]);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
    const { result, events } = await traced(page, () => page.evaluate((n) => globalThis.benchStream(n), chunkChars));
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });

    const win = windowOf(events, 'bench:stream', 'bench:stream-end');
    const main = mainThread(events, win);
    // The page's clock on the trace's: the mark is at `markAt` on one, `win.start` on the other.
    const toTrace = (t) => t - result.markAt + win.start;
    const arrivals = result.arrivals.map(toTrace);
    const tenth = Math.floor(arrivals.length / 10);
    const early = timeBetween(main.tasks, arrivals[0], arrivals[tenth]);
    const late = timeBetween(main.tasks, arrivals[arrivals.length - 1 - tenth], toTrace(result.endedAt));
    const paints = paintTimes(events, win);
    const latencies = [];
    for (const at of arrivals) {
      // The task that delivered the chunk ends before the frame that can show it begins.
      const task = main.tasks.find((t) => t.start <= at && at <= t.start + t.dur);
      const ready = task ? task.start + task.dur : at;
      const paint = paints.find((p) => p > ready);
      if (paint !== undefined) latencies.push(paint - at);
    }
    // A frame is a task that ran animation-frame callbacks; an update outside one counts apart.
    const frameTasks = animationFrameTasks(events, win, main.tasks);
    const perFrame = new Map();
    let outside = 0;
    // While streaming: from the first chunk to the last (the turn's start and end are apart).
    for (const u of result.updates.map(toTrace).filter((t) => t >= arrivals[0] && t <= arrivals.at(-1))) {
      const task = frameTasks.find((t) => t.start <= u && u <= t.start + t.dur);
      if (task) perFrame.set(task, (perFrame.get(task) ?? 0) + 1);
      else outside += 1;
    }
    return {
      total: main.total,
      byKind: main.byKind,
      longest: Math.max(0, ...main.tasks.map((t) => t.dur)),
      early,
      late,
      p95: percentile(latencies, 95),
      updates: result.updates.length,
      updatesPerFrame: Math.max(0, ...perFrame.values()),
      updatesOutside: outside,
      characters: result.characters,
    };
  } finally {
    await page.close();
  }
}

async function runs(browser, server, n, options) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await runOnce(browser, server, options));
  return out;
}

/**
 * @param {{ browser: import('playwright-core').Browser, server: { url(path: string): string },
 *   chars?: number, chunkChars?: number, runs?: number, memoryRuns?: number, rivalRuns?: number, naiveRuns?: number, log?: (s: string) => void }} options
 */
export async function measureStreaming({ browser, server, chars = 80_000, chunkChars = 5, runs: n = 5, memoryRuns = 3, rivalRuns = 3, naiveRuns = 1, log = () => {} }) {
  const base = { chars, chunkChars, cpu: 1 };
  log(`streaming: feeding loop alone ×${n}`);
  const loop = await runs(browser, server, n, { ...base, kind: 'loop' });
  log(`streaming: <alli-chat> ×${n} (CPU ×1)`);
  const alli = await runs(browser, server, n, { ...base, kind: 'alli' });
  log(`streaming: <alli-chat> ×${n} (CPU ×4)`);
  const alli4 = await runs(browser, server, n, { ...base, kind: 'alli', cpu: 4 });
  log(`memory: <alli-chat> ×${memoryRuns}`);
  const memory = [];
  for (let i = 0; i < memoryRuns; i++) memory.push(await memoryOnce(browser, server, base));
  log(`streaming: deep-chat ×${rivalRuns}`);
  const deep = await runs(browser, server, rivalRuns, { ...base, kind: 'deep-chat' });
  log(`streaming: naive renderer ×${naiveRuns}`);
  const naive = await runs(browser, server, naiveRuns, { ...base, kind: 'naive' });

  const m = (rs, f) => median(rs.map(f));
  const zero = m(loop, (r) => r.total);
  const alliCost = m(alli, (r) => r.total) - zero;
  const deepCost = m(deep, (r) => r.total) - zero;
  const naiveCost = m(naive, (r) => r.total) - zero;
  const zeroEarly = m(loop, (r) => r.early);
  const zeroLate = m(loop, (r) => r.late);
  const chunks = Math.ceil(chars / chunkChars);
  // The answer is ASCII: its size in bytes is its length.
  const textBytes = alli[0].characters;
  const label = `${chunks.toLocaleString('en')} chunks of ${chunkChars}, ${chars.toLocaleString('en')} characters`;
  const rows = [
    { metric: `streaming (${label}): feeding loop alone, main thread (zero line)`, value: zero, unit: 'ms', note: `median of ${n}` },
    { metric: '<alli-chat> main thread above the zero line', value: alliCost, unit: 'ms', budget: 400, note: `median of ${n}` },
  ];
  for (const kind of KINDS) {
    const v = m(alli, (r) => r.byKind.get(kind) ?? 0) - m(loop, (r) => r.byKind.get(kind) ?? 0);
    rows.push({ metric: `  of which ${kind} (above the zero line's)`, value: v, unit: 'ms' });
  }
  rows.push(
    { metric: '<alli-chat> last tenth of chunks / first tenth (above zero line)', value: (m(alli, (r) => r.late) - zeroLate) / Math.max(1e-6, m(alli, (r) => r.early) - zeroEarly), unit: '×', budget: 1.2 },
    { metric: 'deep-chat 2.4.2 partialRender, main thread above the zero line', value: deepCost, unit: 'ms', note: `median of ${deep.length}` },
    { metric: `naive renderer (whole message on each chunk), above the zero line`, value: naiveCost, unit: 'ms', note: `${naive.length} run${naive.length > 1 ? 's' : ''}` },
    { metric: 'deep-chat / <alli-chat>', value: deepCost / alliCost, unit: '×', budget: 20, direction: 'min' },
    { metric: 'naive / <alli-chat>', value: naiveCost / alliCost, unit: '×', budget: 10, direction: 'min' },
    { metric: '<alli-chat> longest task, CPU ×1', value: m(alli, (r) => r.longest), unit: 'ms', budget: 50, note: `median of ${n}; max ${Math.max(...alli.map((r) => r.longest)).toFixed(0)} ms` },
    { metric: '<alli-chat> longest task, CPU ×4', value: m(alli4, (r) => r.longest), unit: 'ms', budget: 100, note: `median of ${n}; max ${Math.max(...alli4.map((r) => r.longest)).toFixed(0)} ms` },
    { metric: '<alli-chat> chunk arrival → frame painted, p95, CPU ×1', value: m(alli, (r) => r.p95), unit: 'ms', budget: 16.7, note: `median of ${n}` },
    { metric: '<alli-chat> element updates in one frame while streaming, most', value: Math.max(...alli.map((r) => r.updatesPerFrame)), unit: '', budget: 1, note: `${m(alli, (r) => r.updates)} updates in the whole turn, ${m(alli, (r) => r.updatesOutside)} while streaming outside animation frames (medians)` },
    { metric: '<alli-chat> JS heap growth after the answer / answer bytes', value: m(memory, (r) => r.growth) / textBytes, unit: '×', budget: 3, note: `${kb(m(memory, (r) => r.growth))} for ${kb(textBytes)}; DOM and layout (Blink) ${kb(m(memory, (r) => r.blinkGrowth))}` },
    {
      metric: '<alli-chat> heap objects left after "New conversation" / answer bytes',
      value: m(memory, (r) => r.objectsLeft) / textBytes,
      unit: '×',
      budget: 0.1,
      note: `${kb(m(memory, (r) => r.objectsLeft))} in a heap snapshot without compiled code; V8 heap ${kb(m(memory, (r) => r.left))}, Blink ${kb(m(memory, (r) => r.blinkLeft))} (medians of ${memory.length})`,
    },
  );
  const breakdown = { loop, alli, deep, naive };
  return { rows, breakdown };
}

/** The trace's breakdown by kind of work, median per renderer (for the report above the table). */
export function breakdownTable({ loop, alli, deep, naive }) {
  const cols = [['loop', loop], ['<alli-chat>', alli], ['deep-chat', deep], ['naive', naive]].filter(([, rs]) => rs.length);
  const lines = [`${'main thread, ms (median)'.padEnd(26)}${cols.map(([n]) => n.padStart(13)).join('')}`];
  for (const kind of [...KINDS, 'total']) {
    const vals = cols.map(([, rs]) => median(rs.map((r) => (kind === 'total' ? r.total : (r.byKind.get(kind) ?? 0)))));
    lines.push(`${kind.padEnd(26)}${vals.map((v) => v.toFixed(0).padStart(13)).join('')}`);
  }
  return lines.join('\n');
}
