// ESLint rule `layers/ordered-imports`: src/ is layered (docs/design.md §2) and a module may import
// only from its own layer or an earlier one. Paths are resolved, not pattern-matched, so
// `../ui/x` from src/model and `../../ui/x` from src/render/draft are caught alike.
import { dirname, relative, resolve, sep } from 'node:path';

/** Earlier layers first. */
export const LAYERS = ['model', 'i18n', 'wire', 'transport', 'conversation', 'render', 'ui'];
/** Files at the top of src/ that may import any layer (by name without extension: imports say `.js`). */
const ENTRIES = new Set(['alli-chat', 'index', 'react']);
/** Node-side code (token handler, API client): it may import only the model. */
const SERVER = 'server';
/** Layers that stay free of Lit, so they run and test without a DOM framework. */
const LIT_FREE = new Set(['model', 'i18n', 'wire', 'transport', 'conversation', SERVER]);
const LIT_PACKAGE = /^(?:lit|lit-html|lit-element|@lit\/[^/]+)(?:\/|$)/;

/** Where a path sits under src/: 'entry', a layer name, 'unknown' (a folder that is no layer), or undefined (outside src/). */
function placeOf(srcDir, path) {
  const rel = relative(srcDir, path);
  if (rel === '' || rel.startsWith('..') || rel.startsWith(sep) || /^[a-zA-Z]:/.test(rel)) return undefined;
  const [first, ...rest] = rel.split(sep);
  if (rest.length === 0) return ENTRIES.has(first.replace(/\.[cm]?[jt]s$/, '')) ? 'entry' : 'unknown';
  if (first === SERVER || LAYERS.includes(first)) return first;
  return 'unknown';
}

/** Why `from` may not import `to`, or undefined when it may. */
function layerViolation(from, to) {
  if (from === 'entry') return to === 'unknown' ? 'an unknown folder' : undefined;
  if (to === 'unknown') return 'a folder that is not a layer';
  if (from === SERVER) return to === 'model' || to === SERVER ? undefined : `${to}/ (server/ may import only model/)`;
  if (to === SERVER) return 'server/ (Node-side code)';
  if (to === 'entry') return 'an entry file';
  return LAYERS.indexOf(to) > LAYERS.indexOf(from) ? `${to}/, a later layer than ${from}/` : undefined;
}

const orderedImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports in src/ point only to the same or an earlier layer (docs/design.md §2).' },
    schema: [],
    messages: {
      upward: '{{from}} may not import {{what}}: {{source}}.',
      unplaced: 'src/{{file}} is in no layer: move it into one of {{layers}}.',
      outside: '{{from}} may not import from outside src/: {{source}}.',
      lit: '{{from}}/ stays free of Lit: {{source}}.',
    },
  },
  create(context) {
    const srcDir = resolve(context.cwd, 'src');
    const file = context.filename;
    const from = placeOf(srcDir, file);
    if (from === undefined) return {};
    if (from === 'unknown') {
      return {
        Program(node) {
          context.report({ node, messageId: 'unplaced', data: { file: relative(srcDir, file), layers: [...LAYERS, SERVER].join(', ') } });
        },
      };
    }
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return;
      const spec = source.value;
      const label = from === 'entry' ? relative(srcDir, file) : `${from}/`;
      if (!spec.startsWith('.')) {
        if (LIT_FREE.has(from) && LIT_PACKAGE.test(spec)) context.report({ node: source, messageId: 'lit', data: { from, source: spec } });
        return;
      }
      const to = placeOf(srcDir, resolve(dirname(file), spec));
      if (to === undefined) {
        context.report({ node: source, messageId: 'outside', data: { from: label, source: spec } });
        return;
      }
      const what = layerViolation(from, to);
      if (what) context.report({ node: source, messageId: 'upward', data: { from: label, what, source: spec } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source : undefined),
      TSImportType: (node) => check(node, node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument),
    };
  },
};

export default { meta: { name: 'layers' }, rules: { 'ordered-imports': orderedImports } };
