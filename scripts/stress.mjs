#!/usr/bin/env node
// `npm run test:stress [-- --runs N]`: the whole suite (`npm test`) N times back to back (default 5)
// while a CPU hog keeps one core busy, to shake out waits that only hold on an idle machine.
// Prints each run's `N passed, N failed` line and a tally; exits 1 if any run failed. Each run's
// full output is kept in test-results/stress/run-<n>.log.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';

function option(name, fallback) {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const value = Number(args[i + 1]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} takes a positive whole number`);
    process.exit(2);
  }
  return value;
}

const runs = option('runs', 5);
// The hog stops by itself after this long even if this script is killed without cleaning up.
const hogMinutes = option('hog-minutes', 20 * runs + 10);

const outDir = new URL('../test-results/stress/', import.meta.url);
mkdirSync(outDir, { recursive: true });

// A busy loop in a child process: one core at 100% until killed or until its deadline.
const hogSource = `const end = Date.now() + ${hogMinutes * 60_000}; let x = 0; while (Date.now() < end) { x = (x + Math.sqrt(x + 1)) % 1e9; }`;
const hog = spawn(process.execPath, ['-e', hogSource], { stdio: 'ignore' });
console.log(`CPU hog: pid ${hog.pid}, one core busy (stops by itself after ${hogMinutes} min)`);
const stopHog = () => {
  if (hog.exitCode === null && hog.signalCode === null) hog.kill('SIGKILL');
};
process.on('exit', stopHog);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    stopHog();
    process.exit(130);
  });
}

const SUMMARY = /^(\d+) passed, (\d+) failed$/;

function runSuite(n) {
  return new Promise((resolve) => {
    const log = createWriteStream(new URL(`run-${n}.log`, outDir));
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const child = spawn(npm, ['test'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let lastSummary = null;
    let pending = '';
    const failedTests = [];
    const scan = (chunk) => {
      log.write(chunk);
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const raw of lines) {
        // eslint-disable-next-line no-control-regex
        const line = raw.replace(/\x1b\[[0-9;]*m/g, '').trim();
        if (SUMMARY.test(line)) lastSummary = line;
        if (/^(✖|❌)\s/.test(line) && !failedTests.includes(line) && !/^✖ failing tests:/.test(line)) failedTests.push(line);
      }
    };
    child.stdout.on('data', scan);
    child.stderr.on('data', scan);
    child.on('close', (code) => {
      if (pending && SUMMARY.test(pending.trim())) lastSummary = pending.trim();
      log.end();
      resolve({ code, summary: lastSummary, failedTests });
    });
  });
}

const results = [];
const started = Date.now();
for (let n = 1; n <= runs; n++) {
  const t0 = Date.now();
  const result = await runSuite(n);
  const minutes = ((Date.now() - t0) / 60_000).toFixed(1);
  const summary = result.summary ?? '0 passed, 1 failed (no summary line)';
  const [, , failed] = SUMMARY.exec(result.summary ?? '') ?? [null, '0', '1'];
  const ok = result.code === 0 && Number(failed) === 0;
  results.push(ok);
  console.log(`run ${n}/${runs}: ${summary}  [${ok ? 'ok' : 'FAILED'}, ${minutes} min, log test-results/stress/run-${n}.log]`);
  for (const line of result.failedTests.slice(0, 20)) console.log(`    ${line}`);
}
stopHog();

const green = results.filter(Boolean).length;
console.log(`\nstress: ${green} of ${runs} runs green under load (${((Date.now() - started) / 60_000).toFixed(1)} min)`);
process.exit(green === runs ? 0 : 1);
