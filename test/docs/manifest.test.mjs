// custom-elements.json is what the analyzer makes of today's sources, and the README's API
// tables are what scripts/api-tables.mjs makes of it: either one stale fails here.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { apiTables, END, START } from '../../scripts/api-tables.mjs';

const committed = JSON.parse(readFileSync('custom-elements.json', 'utf8'));

test('custom-elements.json matches the sources (run `npm run manifest`)', () => {
  // The analyzer writes under the working directory whatever --outdir says: a scratch folder there.
  mkdirSync(join('node_modules', '.cache'), { recursive: true });
  const dir = mkdtempSync(join('node_modules', '.cache', 'alli-cem-'));
  try {
    const run = spawnSync(process.execPath, ['node_modules/@custom-elements-manifest/analyzer/cem.js', 'analyze', '--outdir', dir], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const fresh = JSON.parse(readFileSync(join(dir, 'custom-elements.json'), 'utf8'));
    assert.deepEqual(committed, fresh);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the manifest has the element with typed events, attributes, parts, slots and CSS properties', () => {
  const element = committed.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'alli-chat');
  assert.ok(element, 'alli-chat is declared');
  assert.ok(element.events.every((e) => /^Alli\w+Event$/.test(e.type?.text ?? '')), 'every event has its class as type');
  for (const key of ['attributes', 'cssParts', 'slots', 'cssProperties']) assert.ok(element[key]?.length > 0, key);
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  assert.equal(pkg.customElements, 'custom-elements.json');
  assert.equal(pkg.exports['./custom-elements.json'], './custom-elements.json');
});

test('README API tables match custom-elements.json (run `npm run manifest`)', () => {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  assert.ok(start >= 0 && end > start, 'README.md has the api:start / api:end markers');
  assert.equal(readme.slice(start, end + END.length), apiTables(committed));
});
