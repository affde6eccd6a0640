// Test-only web-test-runner plugin: serves the REAL Draft.js pipeline (draft-js convertFromRaw +
// draft-js-export-html stateToHTML, real immutable and React, no stubs) as one ES module at
// REFERENCE_PATH, bundled on first request with esbuild. The differential test
// (test/render/draft-differential.test.ts) compares our adapter against it in the same browser.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const REFERENCE_PATH = '/__alli-test__/draft-reference.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const ENTRY = `
import { convertFromRaw } from 'draft-js';
import { stateToHTML } from 'draft-js-export-html';
export function referenceDraftToHtml(raw) {
  return stateToHTML(convertFromRaw(raw));
}
`;

async function bundleReference() {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    stdin: { contents: ENTRY, resolveDir: root, sourcefile: 'draft-reference-entry.js', loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
  });
  return result.outputFiles[0].text;
}

export function draftReferenceWtrPlugin() {
  let bundle;
  return {
    name: 'alli-draft-reference',
    async serve(context) {
      if (context.path !== REFERENCE_PATH) return undefined;
      bundle ??= bundleReference();
      return { body: await bundle, type: 'js' };
    },
  };
}
