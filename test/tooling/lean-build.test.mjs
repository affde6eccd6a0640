// The lean-build plugins (scripts/lean-build-plugins.mjs) keep what runs: the Markdown chunk of
// the browser build still loads and parses once simple-markdown's outputs are dropped, and Lit
// markup keeps its bindings when its whitespace is collapsed. Plain `node --test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { leanBuildPlugins } from '../../scripts/lean-build-plugins.mjs';
import { draftStubsEsbuildPlugin } from '../../scripts/draft-stubs.mjs';

/**
 * Bundles `contents` with the plugins, as a file under a `src/` folder (where the markup plugin
 * applies) when `asSource`, else from the repository root; returns the code and the module.
 */
async function bundle(contents, { asSource = false } = {}) {
  let entry;
  if (asSource) {
    const dir = join(mkdtempSync(join(tmpdir(), 'lean-build-')), 'src');
    mkdirSync(dir);
    writeFileSync((entry = join(dir, 'fixture.ts')), contents);
  }
  const result = await build({
    ...(entry ? { entryPoints: [entry] } : { stdin: { contents, resolveDir: process.cwd(), loader: 'ts' } }),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    write: false,
    logLevel: 'silent',
    plugins: [draftStubsEsbuildPlugin(), ...leanBuildPlugins()],
  });
  const code = result.outputFiles[0].text;
  return { code, module: await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`) };
}

test('simple-markdown loads without its output functions and still parses lists, links and tables', async () => {
  const { code, module } = await bundle(`
    import SimpleMarkdown from '@khanacademy/simple-markdown';
    export const parse = (s) => SimpleMarkdown.defaultBlockParse(s);
  `);
  assert.doesNotMatch(code, /reactElement\("h"\+node\.level/, 'the heading React output is gone');
  const ast = module.parse('- one\n- two\n\n[a](https://example.com)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n');
  assert.deepEqual(ast.map((n) => n.type).filter((t) => t !== 'newline'), ['list', 'paragraph', 'table']);
  assert.equal(ast[0].items.length, 2);
});

test('Lit markup: line breaks and indentation collapse to one space; bindings and <pre> stay', async () => {
  const { module } = await bundle(`
    const html = (strings: TemplateStringsArray, ...values: unknown[]) => ({ strings: [...strings], values });
    export const a = html\`<div
        class="x"
        title=\${'t'}>
      <span>\${'v'}</span>
    </div>\`;
    export const b = html\`<pre>
  keep
</pre>\`;
  `, { asSource: true });
  assert.deepEqual(module.a.strings, ['<div class="x" title=', '> <span>', '</span> </div>']);
  assert.deepEqual(module.a.values, ['t', 'v']);
  assert.deepEqual(module.b.strings, ['<pre>\n  keep\n</pre>']);
});
