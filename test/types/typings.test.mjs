// The framework typings (src/ui/jsx-react.ts, jsx-preact.ts, jsx-vue.ts) and the React wrapper,
// type-checked by TSX written against each. The files hold @ts-expect-error lines, so typings
// that accepted anything would fail here too.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

for (const framework of ['react', 'preact', 'vue']) {
  test(`typings for ${framework} type-check test/types/${framework === 'vue' ? 'vue.ts' : `${framework}.tsx`}`, () => {
    const run = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', `test/types/tsconfig.${framework}.json`], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
  });
}
