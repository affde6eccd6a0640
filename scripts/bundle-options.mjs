// How a host would ship the widget: one minified ES module, every dependency inlined, draft-js
// and immutable replaced by the anchored stubs. Shared by the size report and the strict-CSP page.
import { draftStubsEsbuildPlugin } from './draft-stubs.mjs';

/**
 * esbuild options for `entry`; `write: false`, so the caller reads `outputFiles`.
 * @param {string} entry
 * @returns {import('esbuild').BuildOptions & { write: false }}
 */
export function browserBundleOptions(entry) {
  return {
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    minify: true,
    target: 'es2022',
    platform: 'browser',
    write: false,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [draftStubsEsbuildPlugin()],
  };
}
