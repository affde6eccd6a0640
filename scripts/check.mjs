#!/usr/bin/env node
// `npm run check`: the static checks, lint (with the layer order of src/) and knip (dead files,
// exports, dependencies). Both always run, so one failing does not hide the other's findings.
import { spawnSync } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const results = ['lint', 'knip'].map((script) => {
  const run = spawnSync(npm, ['run', '--silent', script], { stdio: 'inherit' });
  return { script, ok: run.status === 0 };
});
for (const { script, ok } of results) console.log(`${script}: ${ok ? 'ok' : 'FAILED'}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
