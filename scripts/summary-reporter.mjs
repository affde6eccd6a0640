// Counts every test of every browser session. With $ALLI_TEST_SUMMARY set it writes the
// counts there as JSON (scripts/test.mjs prints the closing line); otherwise it prints
// `N passed, N failed` itself.
import { writeFileSync } from 'node:fs';

function count(suite, acc) {
  if (!suite) return acc;
  for (const t of suite.tests ?? []) {
    if (t.skipped) acc.skipped += 1;
    else if (t.passed) acc.passed += 1;
    else acc.failed += 1;
  }
  for (const s of suite.suites ?? []) count(s, acc);
  return acc;
}

export function summaryLineReporter() {
  let totals = { passed: 0, failed: 0, skipped: 0 };
  return {
    onTestRunFinished({ sessions }) {
      totals = { passed: 0, failed: 0, skipped: 0 };
      for (const s of sessions) {
        const failedBefore = totals.failed;
        count(s.testResults, totals);
        // A file that failed to load, or threw outside any test, counts as one failure.
        if (!s.passed && totals.failed === failedBefore) totals.failed += 1;
      }
    },
    stop() {
      const out = process.env.ALLI_TEST_SUMMARY;
      if (out) writeFileSync(out, JSON.stringify(totals));
      else {
        const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
        process.stdout.write(`\n${totals.passed} passed, ${totals.failed} failed${skipped}\n`);
      }
    },
  };
}
