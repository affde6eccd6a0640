#!/usr/bin/env node
// @ts-check
/**
 * Extracts the OpenAPI blocks of the App Market API reference and keeps them, merged, in
 * docs/api/alli-app-market.openapi.json:
 *
 *   node scripts/extract-api.mjs [--reference path/to/alli-app-market-api.md] [--check]
 *
 * `--check` writes nothing and exits 1 when the kept document differs from the reference.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { KEPT_DOCUMENT, REPO_ROOT, findReference, formatDocument, mergeReference, operationsOf } from './api-reference.mjs';

const { values } = parseArgs({ options: { reference: { type: 'string' }, check: { type: 'boolean', default: false } } });
const reference = values.reference ?? findReference();
if (!reference) {
  console.error('The API reference was not found: pass --reference <file> or set ALLI_API_REFERENCE.');
  process.exit(2);
}

const merged = mergeReference(readFileSync(reference, 'utf8'));
const text = formatDocument(merged);
const kept = relative(REPO_ROOT, KEPT_DOCUMENT);
if (values.check) {
  const same = existsSync(KEPT_DOCUMENT) && readFileSync(KEPT_DOCUMENT, 'utf8') === text;
  console.log(same ? `${kept} matches the reference.` : `${kept} differs from the reference: run node scripts/extract-api.mjs`);
  process.exit(same ? 0 : 1);
}
mkdirSync(dirname(KEPT_DOCUMENT), { recursive: true });
writeFileSync(KEPT_DOCUMENT, text);
const operations = operationsOf(merged);
console.log(`${kept}: ${operations.length} operations\n  ${operations.join('\n  ')}`);
