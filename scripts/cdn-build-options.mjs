// How the widget ships to browsers: minified ES modules with code splitting, every dependency
// inlined, draft-js and immutable replaced by the anchored stubs, and the lean-build plugins
// (minified CSS and markup in Lit templates, simple-markdown without its output functions).
// esbuild bundles and splits; terser then compresses each file again (2.6 KB gzip less over all
// chunks than esbuild's minifier alone). One definition for
// `npm run build` (dist/cdn/), `npm run size`, the bench and the CSP and adoption pages.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { build } from 'esbuild';
import { minify } from 'terser';
import { draftStubsEsbuildPlugin } from './draft-stubs.mjs';
import { leanBuildPlugins } from './lean-build-plugins.mjs';

/**
 * esbuild options for the browser build of `entries` into `outdir`. Chunks load relative to
 * the module that imports them, so the files work from any path or CDN.
 * @param {{ entries: string[], outdir: string }} options
 * @returns {import('esbuild').BuildOptions}
 */
function cdnBuildOptions({ entries, outdir }) {
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
    write: false,
    metafile: true,
    legalComments: 'none',
    // Korean, Japanese and typographic characters as UTF-8, not \u escapes (smaller; served as UTF-8).
    charset: 'utf8',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [draftStubsEsbuildPlugin(), ...leanBuildPlugins()],
  };
}

/** Safe compression only: no `unsafe*` transforms, no property mangling. */
const TERSER_OPTIONS = { module: true, compress: { passes: 2 }, mangle: true, format: { comments: false } };

/**
 * Builds `entries` for browsers (see above) and returns the files with esbuild's metafile;
 * `write` also puts them on disk under `outdir`; `readable` leaves the code unminified (for the
 * bench's CPU profile, which must name the widget's functions).
 * @param {{ entries?: string[], outdir?: string, write?: boolean, readable?: boolean }} [options]
 * @returns {Promise<{ metafile: import('esbuild').Metafile, outputFiles: { path: string, contents: Uint8Array }[] }>}
 */
export async function buildCdn({ entries = ['src/alli-chat.ts'], outdir = 'dist/cdn', write = false, readable = false } = {}) {
  const result = await build({ ...cdnBuildOptions({ entries, outdir }), ...(readable ? { minify: false } : {}) });
  const outputFiles = await Promise.all(
    (result.outputFiles ?? []).map(async (file) => {
      if (readable || !file.path.endsWith('.js')) return { path: file.path, contents: file.contents };
      const { code } = await minify(file.text, TERSER_OPTIONS);
      if (code === undefined) throw new Error(`terser returned nothing for ${file.path}`);
      return { path: file.path, contents: new TextEncoder().encode(code) };
    }),
  );
  if (write) {
    for (const file of outputFiles) {
      await mkdir(dirname(file.path), { recursive: true });
      await writeFile(file.path, file.contents);
    }
  }
  return { metafile: /** @type {import('esbuild').Metafile} */ (result.metafile), outputFiles };
}
