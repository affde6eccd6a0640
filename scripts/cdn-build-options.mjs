// How the widget ships to browsers: minified ES modules with code splitting, every dependency
// inlined, draft-js and immutable replaced by the anchored stubs, and the CSS inside Lit's
// `css` templates minified. One definition for `npm run build` (dist/cdn/) and `npm run size`.
import { readFile } from 'node:fs/promises';
import { transform } from 'esbuild';
import { draftStubsEsbuildPlugin } from './draft-stubs.mjs';

/** Minifies the CSS of `css\`…\`` templates without interpolations in the widget's own styles. */
function minifyLitCssPlugin() {
  return {
    name: 'alli-minify-lit-css',
    setup(build) {
      build.onLoad({ filter: /[\\/]src[\\/]ui[\\/].*\.styles\.ts$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        let out = '';
        let last = 0;
        for (const match of source.matchAll(/css`([^`$]*)`/g)) {
          // utf8: esbuild would escape non-ASCII as `\25cc`, an invalid escape in a tagged template,
          // which makes Lit's css see `undefined` (an empty sheet). Backslashes it keeps are doubled.
          const { code } = await transform(match[1], { loader: 'css', minify: true, charset: 'utf8' });
          out += source.slice(last, match.index) + 'css`' + code.trim().replace(/\\/g, '\\\\') + '`';
          last = match.index + match[0].length;
        }
        return { contents: out + source.slice(last), loader: 'ts' };
      });
    },
  };
}

/**
 * esbuild options for the browser build of `entries` into `outdir`. Chunks load relative to
 * the module that imports them, so the files work from any path or CDN.
 * @param {{ entries?: string[], outdir?: string, write?: boolean }} [options]
 * @returns {import('esbuild').BuildOptions}
 */
export function cdnBuildOptions({ entries = ['src/alli-chat.ts'], outdir = 'dist/cdn', write = true } = {}) {
  return {
    entryPoints: entries,
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    target: 'es2022',
    platform: 'browser',
    outdir,
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    write,
    metafile: true,
    legalComments: 'none',
    // Korean, Japanese and typographic characters as UTF-8, not \u escapes (smaller; served as UTF-8).
    charset: 'utf8',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [draftStubsEsbuildPlugin(), minifyLitCssPlugin()],
  };
}
