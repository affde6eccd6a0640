/**
 * Every entry of the package imports in Node without a DOM (server-side rendering, Next.js):
 * the sources here; scripts/pack-check.mjs does the same with the packed tarball in CI.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';

test('no DOM in this process', () => {
  assert.equal(typeof (globalThis as { document?: unknown }).document, 'undefined');
});

for (const entry of ['../../src/alli-chat.js', '../../src/index.js', '../../src/react.js', '../../src/server/index.js']) {
  test(`imports ${entry.replace('../../', '')} without a DOM`, async () => {
    const module = (await import(entry)) as Record<string, unknown>;
    assert.ok(Object.keys(module).length > 0);
  });
}
