#!/usr/bin/env node
// `npm test`: typecheck, the Node tests of docs and tooling, every browser test with
// web-test-runner (Chromium is found, never installed), the end-to-end runs, and close with
// `N passed, N failed` on a line of its own.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChrome } from './find-chrome.mjs';

// Installing a browser is the machine's job (.ci/run does it on CI), never the test command's.
function explainMissingChrome() {
  console.error(
    [
      'No Chrome or Chromium browser was found, so the browser tests did not run.',
      process.env.CHROME_PATH ? `CHROME_PATH is set to ${process.env.CHROME_PATH}, which does not exist.` : '',
      'Install one, then run `npm test` again:',
      '  Debian/Ubuntu:  sudo apt-get install -y chromium',
      '  macOS:          install Google Chrome, or `brew install --cask chromium`',
      '  anywhere:       export CHROME_PATH=/path/to/chrome',
    ].filter(Boolean).join('\n'),
  );
}

const E2E_FILES = ['test/e2e/demo.e2e.mjs', 'test/e2e/csp.e2e.mjs', 'test/e2e/launcher.e2e.mjs', 'test/e2e/transports.e2e.mjs', 'test/e2e/pages.e2e.mjs'];
// Checks of the repository's own files (docs citations, the lint rule): Node only, no browser.
const NODE_TEST_FILES = [
  'test/docs/citations.test.mjs',
  'test/docs/manifest.test.mjs',
  'test/types/typings.test.mjs',
  'test/tooling/eslint-layers.test.mjs',
  'test/tooling/lean-build.test.mjs',
  'test/tooling/bench-smoke.test.mjs',
];

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const extraArgs = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'alli-test-'));

let passed = 0;
let failed = 0;

/** Runs files with `node --test`, shows the spec output, and adds the TAP counts to the totals. */
function runNodeTests(name, files, env = process.env) {
  const tap = join(dir, `${name}.tap`);
  const run = spawnSync(
    process.execPath,
    ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files],
    { stdio: 'inherit', env },
  );
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const countOf = (label) => Number(text.match(new RegExp(`^# ${label} (\\d+)$`, 'm'))?.[1] ?? 0);
  passed += countOf('pass');
  failed += countOf('fail') + countOf('cancelled');
  if (run.status !== 0 && countOf('fail') + countOf('cancelled') === 0) failed += 1; // the run itself failed
}

// 1. Types: a failing typecheck counts as one failed check.
if (!process.env.SKIP_TYPECHECK && extraArgs.length === 0) {
  const tsc = spawnSync(npx, ['tsc', '--noEmit', '-p', 'tsconfig.json'], { stdio: 'inherit' });
  if (tsc.status === 0) passed += 1;
  else failed += 1;
  console.log(`typecheck: ${tsc.status === 0 ? 'ok' : 'FAILED'}`);
}

// 2. Node tests of the docs and tooling (skipped when running selected files).
if (extraArgs.length === 0) runNodeTests('node', NODE_TEST_FILES);

// 3. Node-side tests (test/server/*.node-test.ts, TypeScript through tsx): the App Market contract,
// the mock's operations, the server-side client. Skipped when running selected browser files.
if (extraArgs.length === 0 && !process.env.SKIP_NODE_TESTS) {
  const files = readdirSync('test/server').filter((f) => f.endsWith('.node-test.ts')).map((f) => join('test/server', f));
  runNodeTests('server', ['--import', 'tsx', ...files]);
}

const chrome = findChrome();
if (!chrome) {
  explainMissingChrome();
  failed += 1;
} else {
  console.log(`Browser: ${chrome}`);

  // 4. Browser tests.
  const summaryFile = join(dir, 'summary.json');
  const wtr = spawnSync(npx, ['web-test-runner', '--config', 'web-test-runner.config.mjs', ...extraArgs], {
    stdio: 'inherit',
    env: { ...process.env, CHROME_PATH: chrome, ALLI_TEST_SUMMARY: summaryFile },
  });
  if (existsSync(summaryFile)) {
    const s = JSON.parse(readFileSync(summaryFile, 'utf8'));
    passed += s.passed;
    failed += s.failed;
    if (wtr.status !== 0 && s.failed === 0) failed += 1; // the runner itself failed
  } else {
    failed += 1; // the runner never reported
  }

  // 5. End to end: the demo through Vite and Playwright (skipped when running selected files).
  if (extraArgs.length === 0 && !process.env.SKIP_E2E) runNodeTests('e2e', E2E_FILES, { ...process.env, CHROME_PATH: chrome });
}
rmSync(dir, { recursive: true, force: true });

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
