#!/usr/bin/env node
// `npm run build`: what the package ships.
//   dist/*.js, dist/chunks/   ES modules for bundlers: lit, dompurify and eventsource-parser (and
//                             react for ./react) stay imports, so a host that uses Lit gets one Lit;
//                             draft-js-export-html and the Markdown library are bundled with the
//                             anchored stubs (docs/design.md §4), so installing brings no React/Draft.js.
//   dist/types/               declarations (tsc)
//   dist/cdn/alli-chat.js     self-contained module with its chunks beside it (cdn-build-options.mjs)
//   dist/cdn/alli-chat.classic.js  a classic script that loads the module relative to its own URL
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { buildCdn } from './cdn-build-options.mjs';
import { CLASSIC_LOADER } from './classic-loader.mjs';
import { draftStubsEsbuildPlugin } from './draft-stubs.mjs';

/** What stays an import in the npm build: the package's dependencies and React's peer. */
export const NPM_EXTERNALS = ['lit', 'lit/*', 'lit-html', 'lit-html/*', 'lit-element', 'lit-element/*', '@lit/reactive-element', '@lit/reactive-element/*', 'dompurify', 'eventsource-parser', 'react', 'react/*'];

/** The package's entry points, by the file each becomes under dist/. */
export const NPM_ENTRIES = { 'alli-chat': 'src/alli-chat.ts', index: 'src/index.ts', react: 'src/react.ts', 'server/index': 'src/server/index.ts' };

/**
 * ./react imports the registering entry as the file dist/alli-chat.js rather than sharing a
 * chunk with it, so `customElements.define` stays in the one file `sideEffects` names.
 */
function registeringEntryStaysOwnFile() {
  return {
    name: 'alli-registering-entry',
    setup(b) {
      b.onResolve({ filter: /^\.\/alli-chat\.js$/ }, (args) => (/[\\/]src[\\/]react\.ts$/.test(args.importer) ? { path: './alli-chat.js', external: true } : undefined));
    },
  };
}

rmSync('dist', { recursive: true, force: true });

await build({
  entryPoints: NPM_ENTRIES,
  bundle: true,
  splitting: true,
  format: 'esm',
  target: 'es2022',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  conditions: ['module', 'import', 'default'],
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  external: NPM_EXTERNALS,
  // Bundled third-party code (draft-js-export-html) reads NODE_ENV; Lit, left external, is not touched.
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'eof',
  logLevel: 'warning',
  plugins: [draftStubsEsbuildPlugin(), registeringEntryStaysOwnFile()],
});

const tsc = spawnSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

await buildCdn({ write: true });

writeFileSync('dist/cdn/alli-chat.classic.js', CLASSIC_LOADER);
console.log('Built dist/ (npm), dist/types/, dist/cdn/alli-chat.js and dist/cdn/alli-chat.classic.js');
