#!/usr/bin/env node
// `npm run size`: builds what ships to browsers (the same options as dist/cdn/) in memory and
// prints every chunk, raw and gzip, then what a visitor downloads in three situations, against
// targets and ceilings. Sizes are deterministic, so the budgets gate CI. Fails too if Draft.js, React,
// ReactDOM, immutable or fbjs made it into any chunk (docs/design.md §4).
import { gzipSync } from 'node:zlib';
import { relative } from 'node:path';
import { buildCdn } from './cdn-build-options.mjs';

const KB = 1024;
/**
 * `target`: what the re-housing set out to reach (issue 9), printed with the gap. `ceiling`: what
 * CI enforces, so that nothing grows unnoticed. The launcher and the first Markdown conversation
 * are gated at their targets. All chunks together were 83.7 KB when the re-housing was done; the
 * hardening of every server value, the image gate, the transport interface, the LLM-app and skill
 * transports and the transcript window came after, and the total is gated just above today's.
 */
const BUDGETS = {
  launcher: { target: 12 * KB, ceiling: 12 * KB }, // launcher mode, nothing opened
  markdownConversation: { target: 50 * KB, ceiling: 50 * KB }, // shell + core + Markdown + one language
  total: { target: 84.6 * KB, ceiling: 93 * KB }, // every chunk; 84.6 KB was the single bundle of 0.1.0
};
const FORBIDDEN = /(?:^|\/)node_modules\/(?:draft-js|immutable|react|react-dom|fbjs)\//;

const result = await buildCdn({ outdir: 'dist/cdn' });
const outputs = result.metafile.outputs;
const files = new Map(result.outputFiles.map((f) => [relative(process.cwd(), f.path), f.contents]));
const gzip = (name) => gzipSync(files.get(name), { level: 9 }).length;
const fmt = (bytes) => `${(bytes / KB).toFixed(1)} KB`;

/** The output whose entry point (static or dynamic) is `source`. */
function outputOf(source) {
  const name = Object.keys(outputs).find((o) => outputs[o].entryPoint === source);
  if (!name) throw new Error(`no chunk for ${source}`);
  return name;
}

/** `names` and every chunk they import statically (what loads before their code runs). */
function closure(names) {
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const imp of outputs[name].imports) if (imp.kind === 'import-statement') visit(imp.path);
  };
  names.forEach(visit);
  return seen;
}

const describe = (name) => {
  const entry = outputs[name].entryPoint;
  const inputs = Object.keys(outputs[name].inputs);
  return entry ?? `shared: ${inputs.map((i) => i.replace(/^node_modules\//, '').replace(/^src\//, '')).slice(0, 3).join(', ')}${inputs.length > 3 ? ', …' : ''}`;
};

console.log('Chunks (minified; gzip -9):');
let failed = false;
const js = [...files.keys()].filter((f) => f.endsWith('.js'));
for (const name of js.sort((a, b) => gzip(b) - gzip(a))) {
  console.log(`  ${name.padEnd(44)} ${fmt(files.get(name).length).padStart(9)} ${fmt(gzip(name)).padStart(9)}  ${describe(name)}`);
  const forbidden = Object.keys(outputs[name].inputs).filter((input) => FORBIDDEN.test(input));
  if (forbidden.length) {
    failed = true;
    console.error(`    FAIL: contains ${forbidden.join(', ')}`);
  }
}

const shell = outputOf('src/alli-chat.ts');
const scenarios = [
  ['First load, launcher mode, nothing opened', closure([shell]), BUDGETS.launcher],
  [
    'First streamed Markdown conversation (English)',
    closure([shell, outputOf('src/ui/chat-panel.ts'), outputOf('src/render/markdown-message.ts')]),
    BUDGETS.markdownConversation,
  ],
  ['Everything (all chunks)', new Set(js), BUDGETS.total],
];
console.log('\nWhat a visitor downloads:');
for (const [label, set, { target, ceiling }] of scenarios) {
  const bytes = [...set].reduce((sum, name) => sum + gzip(name), 0);
  const ok = bytes <= ceiling;
  if (!ok) failed = true;
  const gap = bytes <= target ? 'target met' : `${fmt(bytes - target)} over the ${fmt(target)} target`;
  console.log(`  ${label.padEnd(50)} ${fmt(bytes).padStart(9)} gzip  ceiling ${fmt(ceiling).padStart(8)}  ${ok ? 'ok' : 'OVER CEILING'}; ${gap}  (${set.size} files)`);
}
process.exit(failed ? 1 : 0);
