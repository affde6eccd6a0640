// The `layers/ordered-imports` rule (scripts/eslint-layers.mjs) on made-up files, and its layer
// list against the layout docs/design.md §2 describes. Plain `node --test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import layers, { LAYERS } from '../../scripts/eslint-layers.mjs';

const ROOT = '/repo';
const linter = new Linter({ cwd: ROOT });
const config = [
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { layers },
    rules: { 'layers/ordered-imports': 'error' },
  },
];

/** Messages the rule reports for `code` placed at `path` (relative to the repository). */
function lint(path, code) {
  return linter.verify(code, config, { filename: `${ROOT}/${path}` }).map((m) => m.message);
}

test('a layer imports its own and earlier layers', () => {
  assert.deepEqual(lint('src/ui/view.ts', "import { a } from '../model/types.js';\nimport b from './styles/x.js';"), []);
  assert.deepEqual(lint('src/render/draft/raw.ts', "import type { T } from '../../model/types.js';"), []);
  assert.deepEqual(lint('src/conversation/s.ts', "import { c } from '../transport/client.js';\nimport { d } from '../wire/reducer.js';"), []);
});

test('an import that points to a later layer fails, however it is written', () => {
  assert.equal(lint('src/model/types.ts', "import { x } from '../ui/events.js';").length, 1);
  assert.equal(lint('src/model/types.ts', "import type { X } from '../ui/events.js';").length, 1);
  assert.equal(lint('src/wire/sse.ts', "export { y } from '../transport/client.js';").length, 1);
  assert.equal(lint('src/wire/sse.ts', "export * from '../conversation/store.js';").length, 1);
  assert.equal(lint('src/transport/c.ts', "const m = import('../render/markdown.js');").length, 1);
  assert.equal(lint('src/render/draft/raw.ts', "import { z } from '../../ui/views/form-view.js';").length, 1);
  assert.match(lint('src/model/types.ts', "import { x } from '../ui/events.js';")[0], /model\/ may not import ui\/, a later layer than model\//);
});

test('entries may import any layer; nothing imports an entry, server/ or outside src/', () => {
  assert.deepEqual(lint('src/index.ts', "export * from './ui/events.js';\nexport * from './model/types.js';"), []);
  assert.equal(lint('src/ui/x.ts', "import '../alli-chat.js';").length, 1);
  assert.equal(lint('src/ui/x.ts', "import { h } from '../server/handler.js';").length, 1);
  assert.equal(lint('src/model/x.ts', "import { d } from '../../demo/demo.js';").length, 1);
});

test('server/ may import only model/', () => {
  assert.deepEqual(lint('src/server/token.ts', "import type { TokenGrant } from '../model/types.js';"), []);
  assert.equal(lint('src/server/token.ts', "import { AlliClient } from '../transport/client.js';").length, 1);
});

test('a file in no layer is reported, and the layers before render/ stay free of Lit', () => {
  assert.match(lint('src/util/x.ts', 'export const a = 1;')[0], /is in no layer/);
  assert.match(lint('src/stray.ts', 'export const a = 1;')[0], /is in no layer/);
  assert.equal(lint('src/conversation/s.ts', "import { html } from 'lit';").length, 1);
  assert.equal(lint('src/wire/s.ts', "import { Task } from '@lit/task';").length, 1);
  assert.deepEqual(lint('src/ui/s.ts', "import { html } from 'lit';\nimport { marked } from 'marked';"), []);
  assert.deepEqual(lint('src/wire/s.ts', "import { createParser } from 'eventsource-parser';"), []);
});

test('files outside src/ are not checked', () => {
  assert.deepEqual(lint('test/model/x.ts', "import { x } from '../../src/ui/events.js';"), []);
});

test('the layer order is the one docs/design.md §2 describes', () => {
  const design = readFileSync(new URL('../../docs/design.md', import.meta.url), 'utf8');
  const section = design.slice(design.indexOf('## 2.'), design.indexOf('## 3.'));
  const folders = [...section.matchAll(/^ {2}([a-z0-9]+)\/ /gm)].map((m) => m[1]);
  assert.deepEqual(folders.filter((f) => LAYERS.includes(f)), LAYERS);
});
