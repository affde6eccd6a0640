// Anchored aliases that let `draft-js-export-html` run without Draft.js, React or immutable
// (docs/design.md §4). Only imports of `draft-js` / `immutable` made FROM draft-js-export-html or
// draft-js-utils are redirected to our tiny stubs; every other importer (the differential test's
// reference bundle, a host app) still gets the real packages.
//
// One definition, three adapters: Vite/Rollup (`resolveId`), web-test-runner (`resolveImport`)
// and esbuild (`onResolve`, used by scripts/size.mjs).
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Bare specifier -> the stub file (relative to the repository root) and the packages whose
 * imports of it are redirected. Besides Draft.js: simple-markdown's one import, a helper that
 * records the library's version in a page global (`__perseus_debug__`), which a widget on
 * someone else's page has no business writing.
 */
const STUBS = {
  'draft-js': { stub: 'src/render/draft/stubs/draft-js.ts', anchors: ['draft-js-export-html', 'draft-js-utils'] },
  immutable: { stub: 'src/render/draft/stubs/immutable.ts', anchors: ['draft-js-export-html', 'draft-js-utils'] },
  '@khanacademy/perseus-utils': { stub: 'src/render/markdown-stubs/perseus-utils.ts', anchors: ['@khanacademy/simple-markdown'] },
};

/** True when `importer` (a file path or a dev-server URL path) lives inside one of `anchors`. */
function isAnchoredImporter(importer, anchors) {
  if (!importer) return false;
  const normalized = importer.replace(/\\/g, '/');
  return anchors.some((name) => normalized.includes(`/node_modules/${name}/`));
}

/** Absolute path of the stub for `source` imported by `importer`, or undefined. */
function resolveDraftStub(source, importer) {
  if (!Object.hasOwn(STUBS, source) || !isAnchoredImporter(importer, STUBS[source].anchors)) return undefined;
  return path.join(root, STUBS[source].stub);
}

/** Vite / Rollup plugin. */
export function draftStubsVitePlugin() {
  return {
    name: 'alli-draft-stubs',
    enforce: 'pre',
    resolveId(source, importer) {
      return resolveDraftStub(source, importer) ?? null;
    },
  };
}

/** web-test-runner / @web/dev-server plugin: answers with a URL path under the server root. */
export function draftStubsWtrPlugin({ rootDir = root } = {}) {
  return {
    name: 'alli-draft-stubs',
    resolveImport({ source, context }) {
      const stub = resolveDraftStub(source, context.path);
      if (!stub) return undefined;
      return '/' + path.relative(rootDir, stub).split(path.sep).join('/');
    },
  };
}

/** esbuild plugin. */
export function draftStubsEsbuildPlugin() {
  return {
    name: 'alli-draft-stubs',
    setup(build) {
      build.onResolve({ filter: /^(draft-js|immutable|@khanacademy\/perseus-utils)$/ }, (args) => {
        const stub = resolveDraftStub(args.path, args.importer);
        return stub ? { path: stub } : undefined;
      });
    },
  };
}
