#!/usr/bin/env node
// `npm run bench`: the performance figures of `<alli-chat>` in Chromium (production build, CDP
// traces), printed as one table against their budgets; exit code 1 when a budget is broken.
// How each figure is measured: docs/performance.md.
//
//   npm run bench                 the full run (a few minutes)
//   npm run bench -- --smoke      the harness once with tiny sizes and no budgets (test/tooling)
//
// A measurement module exports `async function measureX({ browser, server, chrome, smoke })`
// returning rows `{ metric, value, unit, budget?, direction?: 'max' | 'min', note? }`:
// `direction` says whether the value may be at most (default) or must be at least the budget.
import { chromium } from 'playwright-core';
import { CHROME_FLAGS, findChrome } from './find-chrome.mjs';
import { OPEN_BUDGET_MS, measureOpen } from './bench-open.mjs';
import { measureHistory } from './bench-history.mjs';
import { measureHostile } from './bench/hostile.mjs';
import { profileStreaming } from './bench/profile.mjs';
import { startBenchServer } from './bench/server.mjs';
import { measureStartup } from './bench/startup.mjs';
import { breakdownTable, measureStreaming } from './bench/streaming.mjs';
import { printTable } from './bench/table.mjs';

const smoke = process.argv.includes('--smoke');
const chrome = findChrome();
if (!chrome) {
  console.error('No Chrome/Chromium found (set CHROME_PATH, or run npm test once to install Debian chromium).');
  process.exit(2);
}
const log = (line) => console.error(`… ${line}`);

const server = await startBenchServer();
const browser = await chromium.launch({ executablePath: chrome, args: CHROME_FLAGS });
const rows = [];
try {
  const streaming = smoke
    ? await measureStreaming({ browser, server, chars: 2_000, runs: 1, memoryRuns: 1, rivalRuns: 1, naiveRuns: 1, log })
    : await measureStreaming({ browser, server, log });
  console.log('Where the main thread goes while the answer streams (CDP trace, own time of each event):');
  console.log(breakdownTable(streaming.breakdown));
  log('CPU profile of one <alli-chat> run');
  console.log('\nInside it, <alli-chat>\'s run by part (V8 CPU profile of one run, readable build; own time, ms):');
  for (const { part, ms } of await profileStreaming({ browser, chars: smoke ? 2_000 : 80_000 })) console.log(`${ms.toFixed(0).padStart(8)}  ${part}`);
  console.log('');
  rows.push(...streaming.rows);
  log('start-up');
  rows.push(...(await measureStartup({ browser, server, runs: smoke ? 1 : 5 })));
  if (!smoke) {
    log('hostile answers');
    rows.push(...(await measureHostile({ browser, server })));
    log('opening the launcher');
    const opens = (await measureOpen(browser)).sort((a, b) => a - b);
    rows.push({
      metric: 'opening the launcher: click → greeting painted',
      value: opens[Math.floor(opens.length / 2)],
      unit: 'ms',
      budget: OPEN_BUDGET_MS,
      note: `median of ${opens.length}: ${opens.map((t) => t.toFixed(0)).join(', ')}`,
    });
  }

  // The long-history rows (a restored 1,000-message conversation): scripts/bench-history.mjs.
  log('long history');
  rows.push(...(await measureHistory({ browser, smoke })));
} finally {
  await browser.close();
  await server.close();
}

const broken = printTable(rows, { budgets: !smoke });
if (smoke) console.log('smoke run: tiny sizes, one run each, budgets not applied');
process.exitCode = broken > 0 ? 1 : 0;
