// @ts-check
/**
 * The App Market API reference (a Markdown page of OpenAPI 3.1 excerpts, one ```json block per
 * operation) turned into one OpenAPI document. Shared by scripts/extract-api.mjs, which writes
 * docs/api/alli-app-market.openapi.json, and the test that checks that file against the reference.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const KEPT_DOCUMENT = join(REPO_ROOT, 'docs/api/alli-app-market.openapi.json');
const REFERENCE_IN_SHARED = 'shared/reference/alli-app-market-api.md';

/**
 * Where the reference is: `$ALLI_API_REFERENCE`, else `shared/` beside this clone (as CI lays it
 * out), else `shared/` beside the main worktree when this is a linked git worktree.
 * @returns {string | undefined}
 */
export function findReference() {
  const candidates = [process.env.ALLI_API_REFERENCE, join(REPO_ROOT, '..', REFERENCE_IN_SHARED)];
  try {
    const common = execFileSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    candidates.push(join(dirname(common), '..', REFERENCE_IN_SHARED));
  } catch {
    // Not a git checkout (e.g. an unpacked tarball): only the first two places count.
  }
  return candidates.find((path) => path && existsSync(path));
}

/**
 * The JSON blocks of the reference, each with the heading it sits under.
 * @param {string} markdown
 * @returns {{ heading: string, document: any }[]}
 */
function referenceBlocks(markdown) {
  const blocks = [];
  let heading = '';
  const lines = markdown.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('## ')) heading = line.slice(3).trim();
    if (line.trim() !== '```json') continue;
    const body = [];
    for (i++; i < lines.length && lines[i].trim() !== '```'; i++) body.push(lines[i]);
    try {
      blocks.push({ heading, document: JSON.parse(body.join('\n')) });
    } catch (err) {
      throw new Error(`the JSON block under "${heading}" does not parse: ${/** @type {Error} */ (err).message}`);
    }
  }
  return blocks;
}

/**
 * Merges the per-operation documents into one. Shared parts (info, servers, security, tags and
 * same-named components) must agree exactly; a path+method may appear only once. Any clash is an
 * error rather than a silent pick, so a change in the reference cannot be papered over.
 * @param {string} markdown
 */
export function mergeReference(markdown) {
  const blocks = referenceBlocks(markdown);
  if (blocks.length === 0) throw new Error('the reference has no ```json blocks');
  /** @type {any} */
  const merged = { openapi: undefined, info: undefined, servers: undefined, security: undefined, tags: [], paths: {}, components: {} };
  for (const { heading, document } of blocks) {
    const where = `block "${heading}"`;
    for (const key of ['openapi', 'info', 'servers', 'security']) {
      if (merged[key] === undefined) merged[key] = document[key];
      else if (!isDeepStrictEqual(merged[key], document[key])) throw new Error(`${where}: "${key}" differs from the earlier blocks`);
    }
    for (const tag of document.tags ?? []) {
      const same = merged.tags.find((/** @type {any} */ t) => t.name === tag.name);
      if (!same) merged.tags.push(tag);
      else if (!isDeepStrictEqual(same, tag)) throw new Error(`${where}: tag "${tag.name}" differs from an earlier block`);
    }
    for (const [section, entries] of Object.entries(document.components ?? {})) {
      const target = (merged.components[section] ??= {});
      for (const [name, value] of Object.entries(/** @type {object} */ (entries))) {
        if (!(name in target)) target[name] = value;
        else if (!isDeepStrictEqual(target[name], value)) throw new Error(`${where}: components.${section}.${name} differs from an earlier block`);
      }
    }
    for (const [path, operations] of Object.entries(document.paths ?? {})) {
      const target = (merged.paths[path] ??= {});
      for (const [method, operation] of Object.entries(/** @type {object} */ (operations))) {
        if (method in target) throw new Error(`${where}: ${method.toUpperCase()} ${path} appears twice`);
        target[method] = operation;
      }
    }
  }
  return sortKeys(merged);
}

/** Operations as `METHOD path` strings, for messages and checks. */
export function operationsOf(/** @type {any} */ document) {
  return Object.entries(document.paths).flatMap(([path, ops]) => Object.keys(/** @type {object} */ (ops)).map((m) => `${m.toUpperCase()} ${path}`));
}

/**
 * Object keys sorted (arrays keep their order), so the kept file diffs cleanly.
 * @param {unknown} value
 * @returns {any}
 */
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys(/** @type {any} */ (value)[key])]));
}

/** @param {unknown} document */
export function formatDocument(document) {
  return `${JSON.stringify(document, null, 2)}\n`;
}
