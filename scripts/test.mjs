#!/usr/bin/env node
// `npm test`: find Chromium (it never installs one), typecheck, run every
// browser test with web-test-runner, and close with `N passed, N failed` on a line of its own.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChrome } from './find-chrome.mjs';

// Installing a browser is the machine's job (.ci/run does it on CI), never the test command's.
function requireChrome() {
  const chrome = findChrome();
  if (chrome) return chrome;
  console.error(
    [
      'No Chrome or Chromium browser was found.',
      process.env.CHROME_PATH ? `CHROME_PATH is set to ${process.env.CHROME_PATH}, which does not exist.` : '',
      'Install one, then run `npm test` again:',
      '  Debian/Ubuntu:  sudo apt-get install -y chromium',
      '  macOS:          install Google Chrome, or `brew install --cask chromium`',
      '  anywhere:       export CHROME_PATH=/path/to/chrome',
    ].filter(Boolean).join('\n'),
  );
  console.log('\n0 passed, 1 failed');
  process.exit(2);
}

const E2E_FILES = ['test/e2e/demo.e2e.mjs', 'test/e2e/csp.e2e.mjs'];

const chrome = requireChrome();
console.log(`Browser: ${chrome}`);
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const extraArgs = process.argv.slice(2);

let passed = 0;
let failed = 0;

// 1. Types: a failing typecheck counts as one failed check.
if (!process.env.SKIP_TYPECHECK && extraArgs.length === 0) {
  const tsc = spawnSync(npx, ['tsc', '--noEmit', '-p', 'tsconfig.json'], { stdio: 'inherit' });
  if (tsc.status === 0) passed += 1;
  else failed += 1;
  console.log(`typecheck: ${tsc.status === 0 ? 'ok' : 'FAILED'}`);
}

// 2. Browser tests.
const dir = mkdtempSync(join(tmpdir(), 'alli-test-'));
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

// 3. End to end: the demo through Vite and Playwright (skipped when running selected files).
if (extraArgs.length === 0 && !process.env.SKIP_E2E) {
  const tap = join(dir, 'e2e.tap');
  const e2e = spawnSync(
    process.execPath,
    ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...E2E_FILES],
    { stdio: 'inherit', env: { ...process.env, CHROME_PATH: chrome } },
  );
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const countOf = (name) => Number(text.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
  passed += countOf('pass');
  failed += countOf('fail') + countOf('cancelled');
  if (e2e.status !== 0 && countOf('fail') + countOf('cancelled') === 0) failed += 1;
}
rmSync(dir, { recursive: true, force: true });

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
