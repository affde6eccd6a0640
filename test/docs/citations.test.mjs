// Every `docs/<file>.md §N` cited anywhere in the repository must name a section that exists,
// and nothing may cite the design documents by their old, out-of-repository names.
// Plain `node --test` (no browser): scripts/test.mjs runs it and counts it in the summary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, relative, extname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCANNED_DIRS = ['src', 'test', 'demo', 'scripts', 'docs', '.ci'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'screenshots', 'coverage']);
const TEXT_EXTENSIONS = new Set(['.ts', '.js', '.mjs', '.cjs', '.md', '.html', '.css', '.json', '']);

// `docs/protocol.md §3`, `docs/protocol.md` §2, `docs/protocol.md §3–§7`, `§7.6`, `§5, §6`.
const SECTION = String.raw`§\d+(?:\.\d+)*`;
const CITATION = new RegExp(
  String.raw`docs/([\w-]+)\.md\`?[ \t]*((?:${SECTION})(?:[ \t]*(?:–|-|,|and)[ \t]*${SECTION})*)`,
  'g',
);
const BARE_SECTION = new RegExp(String.raw`(RFC[ \t]*\d+[ \t]*)?(${SECTION})`, 'g');
// Names of documents that live outside the repository (or did): code must cite docs/ instead.
const FOREIGN = [/\b(?:PROTOCOL|DESIGN)\.md\b/, /\.\.\/shared\b/, /\/work\/shared\b/];

/** Section ids one document defines: `## 5. …` gives "5"; `### 7.6 …` gives "7.6"; and a
 * numbered list item `6.` inside section 7 gives "7.6" (docs/protocol.md §7 numbers its rules). */
export function sectionsOf(markdown) {
  const ids = new Set();
  let current;
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (/^```/.test(line)) inFence = !inFence;
    if (inFence) continue;
    const heading = /^#{1,6}\s+(\d+(?:\.\d+)*)\.?\s/.exec(line);
    if (heading) {
      ids.add(heading[1]);
      if (!heading[1].includes('.')) current = heading[1];
      continue;
    }
    if (/^#{1,2}\s/.test(line)) current = undefined; // an unnumbered top section ends the numbered one
    const item = /^(\d+)\.\s/.exec(line);
    if (item && current) ids.add(`${current}.${item[1]}`);
  }
  return ids;
}

/** Expands `§3–§7` to 3, 4, 5, 6, 7; other lists to their members. */
export function sectionIdsIn(list) {
  const ids = [];
  const parts = list.split(/[ \t]*(,|and)[ \t]*/).filter((p) => p && p !== ',' && p !== 'and');
  for (const part of parts) {
    const range = /^§(\d+)[ \t]*[–-][ \t]*§(\d+)$/.exec(part);
    if (range) {
      for (let n = Number(range[1]); n <= Number(range[2]); n += 1) ids.push(String(n));
    } else {
      for (const m of part.matchAll(/§(\d+(?:\.\d+)*)/g)) ids.push(m[1]);
    }
  }
  return ids;
}

/**
 * Citations in one file's text: explicit ones, and bare `§N` in a file that cites exactly one
 * document (read as that document). RFC sections are not ours.
 */
export function citationsIn(text) {
  const found = [];
  const docsCited = new Set();
  const covered = [];
  const lineOf = (index) => text.slice(0, index).split('\n').length;
  for (const m of text.matchAll(CITATION)) {
    docsCited.add(m[1]);
    covered.push([m.index, m.index + m[0].length]);
    for (const id of sectionIdsIn(m[2])) found.push({ doc: m[1], id, line: lineOf(m.index) });
  }
  for (const m of text.matchAll(/docs\/([\w-]+)\.md/g)) docsCited.add(m[1]);
  if (docsCited.size === 1) {
    const [doc] = docsCited;
    for (const m of text.matchAll(BARE_SECTION)) {
      if (m[1]) continue;
      const at = m.index + m[0].length - m[2].length;
      if (covered.some(([from, to]) => at >= from && at < to)) continue;
      found.push({ doc, id: m[2].slice(1), line: lineOf(at), bare: true });
    }
  }
  return found;
}

/** Problems in one file: cited sections that do not exist, foreign document names. */
export function problemsIn(path, text, sectionsByDoc) {
  const problems = [];
  for (const c of citationsIn(text)) {
    const sections = sectionsByDoc.get(c.doc);
    if (!sections) problems.push(`${path}:${c.line}: docs/${c.doc}.md does not exist`);
    else if (!sections.has(c.id)) problems.push(`${path}:${c.line}: docs/${c.doc}.md has no §${c.id}${c.bare ? ' (a bare § read as that file)' : ''}`);
  }
  text.split('\n').forEach((line, i) => {
    for (const pattern of FOREIGN) {
      if (pattern.test(line)) problems.push(`${path}:${i + 1}: cites a document outside docs/: ${line.trim()}`);
    }
  });
  return problems;
}

function* filesUnder(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED_DIRS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (TEXT_EXTENSIONS.has(extname(entry.name))) yield path;
  }
}

function repositoryFiles() {
  const rootFiles = readdirSync(ROOT, { withFileTypes: true })
    .filter((e) => e.isFile() && /\.(?:md|mjs|js|ts|json)$/.test(e.name) && e.name !== 'package-lock.json')
    .map((e) => join(ROOT, e.name));
  return [...rootFiles, ...SCANNED_DIRS.flatMap((d) => [...filesUnder(join(ROOT, d))])];
}

function docSections() {
  const map = new Map();
  for (const name of readdirSync(join(ROOT, 'docs'))) {
    if (name.endsWith('.md')) map.set(name.slice(0, -3), sectionsOf(readFileSync(join(ROOT, 'docs', name), 'utf8')));
  }
  return map;
}

test('every cited docs/ section exists, and no file cites a document outside docs/', () => {
  const sections = docSections();
  const problems = [];
  let citations = 0;
  for (const file of repositoryFiles()) {
    const text = readFileSync(file, 'utf8');
    citations += citationsIn(text).length;
    problems.push(...problemsIn(relative(ROOT, file), text, sections));
  }
  assert.ok(citations > 20, `expected the code to cite docs/ sections, found ${citations} citations`);
  assert.deepEqual(problems, []);
});

test('the numbered sections code relies on are there', () => {
  const sections = docSections();
  for (const n of ['1', '2', '3', '4', '5', '6', '7', '8', '9', '7.1', '7.6']) assert.ok(sections.get('protocol')?.has(n), `protocol §${n}`);
  for (const n of ['2', '3', '4', '5', '6', '7']) assert.ok(sections.get('design')?.has(n), `design §${n}`);
});

// The checker itself, on made-up text (built from pieces so this file cites nothing real).
const cite = (doc, section) => ['docs/', doc, '.md ', section].join('');
const oldProtocol = ['PROTOCOL', '.md'].join('');
const sharedDir = ['..', 'shared'].join('/');
const fakeDocs = new Map([
  ['protocol', sectionsOf('# T\n## 1. A\n## 7. NDJSON\n1. one\n6. six\n## Other\n2. not seven\n')],
]);

test('the checker reports a missing section, a missing file and a foreign name', () => {
  const text = [
    `ok ${cite('protocol', '§7')} and ${cite('protocol', '§7.6')}`,
    `missing ${cite('protocol', '§9')}`,
    `no file ${cite('nowhere', '§1')}`,
    `range ${cite('protocol', '§1–§2')}`,
    `see ${oldProtocol}`,
    `see ${sharedDir}/x`,
  ].join('\n');
  assert.deepEqual(problemsIn('f.ts', text, fakeDocs), [
    'f.ts:2: docs/protocol.md has no §9',
    'f.ts:3: docs/nowhere.md does not exist',
    'f.ts:4: docs/protocol.md has no §2',
    `f.ts:5: cites a document outside docs/: see ${oldProtocol}`,
    `f.ts:6: cites a document outside docs/: see ${sharedDir}/x`,
  ]);
});

test('bare § is read against the only cited document; RFC sections and list items outside a section are not', () => {
  const text = `${cite('protocol', '§1')}\n(§7.6) (§7.2) RFC 9110 §12.5.1`;
  assert.deepEqual(problemsIn('g.ts', text, fakeDocs), ['g.ts:2: docs/protocol.md has no §7.2 (a bare § read as that file)']);
  // With two documents cited, a bare § is ambiguous and not checked.
  const two = `${cite('protocol', '§1')} ${['docs/', 'design.md'].join('')}\n${['§', '42'].join('')}`;
  assert.deepEqual(problemsIn('h.ts', two, fakeDocs).filter((p) => p.includes('42')), []);
  assert.equal(fakeDocs.get('protocol').has('7.2'), false);
});
