// The bench's harness, run once with tiny sizes and no budgets (`npm run bench -- --smoke`), so
// it cannot rot between bench runs. No timing is asserted: only that every part ran and
// printed its rows. Plain `node --test`; needs the Chromium the browser tests use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

test('npm run bench -- --smoke runs every measurement and prints one table', () => {
  const run = spawnSync(process.execPath, ['scripts/bench.mjs', '--smoke'], { encoding: 'utf8', timeout: 240_000 });
  assert.equal(run.status, 0, run.stderr);
  const table = run.stdout;
  for (const metric of [
    'feeding loop alone',
    '<alli-chat> main thread above the zero line',
    'deep-chat 2.4.2 partialRender',
    'naive renderer',
    '<alli-chat> longest task, CPU ×4',
    'chunk arrival → frame painted',
    'element updates in one frame',
    'JS heap growth after the answer',
    'heap objects left after "New conversation"',
    'start-up: script evaluation → interactive launcher',
  ]) {
    assert.ok(table.includes(metric), `no row for ${metric}`);
  }
  assert.match(table, /^\| metric +\| +value \| +budget \| ok +\| note/m);
  assert.match(table, /by part \(V8 CPU profile/);
  assert.match(table, /SSE and event parsing/);
  assert.match(table, /smoke run: tiny sizes/);
});
