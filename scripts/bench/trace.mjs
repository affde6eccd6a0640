// Chromium traces through CDP `Tracing`, and what the bench reads from them: main-thread task
// time of the page's renderer, broken down by kind of work, the longest tasks, and when frames
// were painted. Times in ms.

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'v8',
  'v8.execute',
  'blink.user_timing',
  'toplevel',
];

/** Runs `fn` while tracing `page`; returns its result and the trace events. */
export async function traced(page, fn) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Tracing.start', { categories: CATEGORIES.join(','), transferMode: 'ReturnAsStream' });
  let result;
  try {
    result = await fn();
  } finally {
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    result = { result, stream: /** @type {{ stream: string }} */ (await complete).stream };
  }
  const parts = [];
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle: result.stream, size: 8 << 20 });
    parts.push(chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString() : chunk.data);
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle: result.stream });
  await cdp.detach();
  return { result: result.result, events: JSON.parse(parts.join('')).traceEvents };
}

/** Kind of work of a trace event, by name; undefined for wrappers that only contain others. */
function kindOf(name) {
  if (/^(MinorGC|MajorGC|V8\.GC|BlinkGC|GCEvent|CppGC)/.test(name) || name.startsWith('V8.GC')) return 'garbage collection';
  if (name === 'ParseHTML' || name === 'ParseAuthorStyleSheet') return 'HTML and CSS parsing';
  if (name === 'UpdateLayoutTree' || name === 'RecalculateStyles' || name === 'ScheduleStyleRecalculation') return 'style';
  if (name === 'Layout' || name === 'UpdateLayerTree' || name === 'IntersectionObserverController::computeIntersections') return 'layout';
  if (['Paint', 'PrePaint', 'Layerize', 'Commit', 'PaintImage', 'UpdateLayer', 'CompositeLayers', 'RasterTask'].includes(name)) return 'paint';
  if (/^(v8\.|V8\.)/.test(name) || ['FunctionCall', 'EvaluateScript', 'RunMicrotasks', 'TimerFire', 'FireAnimationFrame', 'EventDispatch', 'v8.callFunction', 'V8.Execute'].includes(name)) return 'script';
  return undefined;
}

/**
 * The renderer main thread that recorded `markName`, and the window from that mark to `endName`.
 * @returns {{ pid: number, tid: number, start: number, end: number }}
 */
export function windowOf(events, markName, endName) {
  const mark = events.find((e) => e.name === markName && e.cat.includes('blink.user_timing'));
  const end = events.filter((e) => e.name === endName && e.cat.includes('blink.user_timing')).at(-1);
  if (!mark || !end) throw new Error(`trace: marks ${markName} / ${endName} missing`);
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === mark.pid && e.args?.name === 'CrRendererMain');
  return { pid: mark.pid, tid: main?.tid ?? mark.tid, start: mark.ts / 1000, end: end.ts / 1000 };
}

const isTask = (e) => e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');

/**
 * Top-level tasks of the main thread inside the window, and the time inside them by kind of
 * work (each event's own time, without its children: nothing counted twice). What no event
 * names is "other" (task scheduling, stream and message plumbing in C++).
 */
export function mainThread(events, { pid, tid, start, end }) {
  const own = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && typeof e.dur === 'number' && e.ts / 1000 < end && (e.ts + e.dur) / 1000 > start);
  own.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const tasks = [];
  const byKind = new Map();
  const byName = new Map();
  /** Stack of open events with the time their children took. */
  const stack = [];
  const close = (until) => {
    while (stack.length && stack.at(-1).endTs <= until) {
      const top = stack.pop();
      if (top.counted) {
        const self = top.e.dur - top.children;
        const kind = kindOf(top.e.name) ?? top.inherited ?? 'other';
        byKind.set(kind, (byKind.get(kind) ?? 0) + self / 1000);
        byName.set(top.e.name, (byName.get(top.e.name) ?? 0) + self / 1000);
      }
      if (stack.length) stack.at(-1).children += top.e.dur;
    }
  };
  for (const e of own) {
    close(e.ts);
    const inTask = stack.length > 0;
    if (!inTask && !isTask(e)) continue; // only work inside tasks is counted
    if (!inTask) tasks.push({ start: e.ts / 1000, dur: e.dur / 1000 });
    const parent = stack.at(-1);
    stack.push({ e, endTs: e.ts + e.dur, children: 0, counted: true, inherited: kindOf(e.name) ?? parent?.inherited });
  }
  close(Infinity);
  const total = tasks.reduce((sum, t) => sum + t.dur, 0);
  return { total, tasks, byKind, byName };
}

/** Main-thread task time between two trace times (ms), tasks clipped to the interval. */
export function timeBetween(tasks, from, to) {
  let sum = 0;
  for (const t of tasks) sum += Math.max(0, Math.min(t.start + t.dur, to) - Math.max(t.start, from));
  return sum;
}

/** When each main-thread frame finished painting (end of its Paint / Commit), sorted. */
export function paintTimes(events, { pid, tid, start, end }) {
  return events
    .filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && (e.name === 'Paint' || e.name === 'Commit') && e.ts / 1000 >= start && e.ts / 1000 <= end)
    .map((e) => (e.ts + e.dur) / 1000)
    .sort((a, b) => a - b);
}

/** The main thread's tasks that ran animation-frame callbacks (one per frame that had any). */
export function animationFrameTasks(events, { pid, tid, start, end }, tasks) {
  const fired = events.filter((e) => e.pid === pid && e.tid === tid && e.name === 'FireAnimationFrame' && e.ts / 1000 >= start && e.ts / 1000 <= end).map((e) => e.ts / 1000);
  return tasks.filter((t) => fired.some((f) => t.start <= f && f <= t.start + t.dur));
}
