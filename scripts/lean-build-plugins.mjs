// esbuild plugins that make the browser build smaller without changing what runs
// (docs/design.md §2, "what loads when"):
//  - the CSS inside Lit's `css` templates of the widget's styles, minified;
//  - the markup inside Lit's `html` templates of the widget's own code, with the whitespace
//    between lines collapsed to one space (HTML renders runs of whitespace as one);
//  - simple-markdown without its React and HTML output functions: the widget parses with it and
//    builds DOM itself (src/render/markdown-dom.ts), so those 40 functions are never called.
import { readFile } from 'node:fs/promises';
import { parse } from 'acorn';
import { transform } from 'esbuild';

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

/** Calls `visit` on every node of an acorn tree. */
function walk(node, visit) {
  if (!node || typeof node.type !== 'string') return;
  visit(node);
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (Array.isArray(value)) for (const child of value) walk(child, visit);
    else if (value && typeof value.type === 'string') walk(value, visit);
  }
}

/** `source` with the `[start, end, text]` replacements applied (ranges must not overlap). */
function splice(source, replacements) {
  let out = source;
  for (const [start, end, text] of replacements.sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + text + out.slice(end);
  return out;
}

/** The class-field semantics of tsconfig.json (Lit's reactive properties rely on them). */
const TS_OPTIONS = JSON.stringify({ compilerOptions: { useDefineForClassFields: false, experimentalDecorators: true, verbatimModuleSyntax: true } });

/** Markup whose whitespace is significant: a template holding one is left as written. */
const KEEPS_WHITESPACE = /<(?:pre|textarea)\b[^>]*>[^<]*\S|white-space/;

/**
 * Collapses the line breaks and indentation in the static parts of `html\`…\`` templates of
 * src/ (not the styles) to one space. Templates with <pre>, text inside <textarea> or an inline
 * `white-space` style keep theirs.
 */
function collapseLitHtmlPlugin() {
  return {
    name: 'alli-collapse-lit-html',
    setup(build) {
      build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
        if (/\.styles\.ts$/.test(args.path)) return undefined;
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('html`')) return undefined;
        const { code } = await transform(source, { loader: 'ts', format: 'esm', target: 'es2022', charset: 'utf8', tsconfigRaw: TS_OPTIONS });
        const replacements = [];
        walk(parse(code, { ecmaVersion: 'latest', sourceType: 'module' }), (node) => {
          if (node.type !== 'TaggedTemplateExpression' || node.tag.type !== 'Identifier' || !['html', 'svg'].includes(node.tag.name)) return;
          const quasis = node.quasi.quasis;
          if (KEEPS_WHITESPACE.test(quasis.map((q) => q.value.raw).join(''))) return;
          for (const quasi of quasis) {
            const collapsed = quasi.value.raw.replace(/[ \t]*\n\s*/g, ' ');
            if (collapsed !== quasi.value.raw) replacements.push([quasi.start, quasi.end, collapsed]);
          }
        });
        return { contents: splice(code, replacements), loader: 'js' };
      });
    },
  };
}

/**
 * simple-markdown's rules keep `parse` and `match`; `react` and `html` become `0`. The `Array`
 * joiner keeps its two: the module builds its default outputs when it loads, and that checks they
 * exist (it throws otherwise, and the Markdown chunk would not load).
 */
function stripMarkdownOutputsPlugin() {
  return {
    name: 'alli-strip-markdown-outputs',
    setup(build) {
      build.onLoad({ filter: /[\\/]@khanacademy[\\/]simple-markdown[\\/]dist[\\/]es[\\/]index\.js$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        const replacements = [];
        const kept = [];
        const named = (node, names) => node.type === 'Property' && !node.computed && node.key.type === 'Identifier' && names.includes(node.key.name);
        walk(parse(source, { ecmaVersion: 'latest', sourceType: 'module' }), (node) => {
          if (named(node, ['Array'])) kept.push([node.value.start, node.value.end]);
          if (named(node, ['react', 'html']) && /Function/.test(node.value.type)) replacements.push([node.value.start, node.value.end, '0']);
        });
        const inKept = ([start]) => kept.some(([from, to]) => start >= from && start < to);
        replacements.splice(0, replacements.length, ...replacements.filter((r) => !inKept(r)));
        if (replacements.length < 20) throw new Error(`simple-markdown changed shape: ${replacements.length} output functions found`);
        return { contents: splice(source, replacements), loader: 'js' };
      });
    },
  };
}

/** The three, in the order esbuild should try them. */
export function leanBuildPlugins() {
  return [minifyLitCssPlugin(), collapseLitHtmlPlugin(), stripMarkdownOutputsPlugin()];
}
