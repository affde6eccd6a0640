#!/usr/bin/env node
// The README's API reference, generated from custom-elements.json (itself generated from the
// element's JSDoc): `node scripts/api-tables.mjs` rewrites the block between the markers;
// test/docs/manifest.test.mjs fails when the README and the manifest differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const START = '<!-- api:start: generated from custom-elements.json by `npm run manifest`; edit the JSDoc in src/ui/alli-chat.element.ts instead -->';
export const END = '<!-- api:end -->';

const cell = (text = '') => text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
const code = (text = '') => `\`${text.replace(/\s+/g, ' ').replace(/\|/g, '\\|')}\``;

/** The element's declaration in the manifest. */
export function elementOf(manifest) {
  for (const mod of manifest.modules) {
    const element = (mod.declarations ?? []).find((d) => d.customElement && d.tagName === 'alli-chat');
    if (element) return element;
  }
  throw new Error('custom-elements.json declares no <alli-chat>');
}

/** The Markdown between the markers. */
export function apiTables(manifest) {
  const el = elementOf(manifest);
  const fields = el.members.filter((m) => m.kind === 'field');
  const attributes = el.attributes ?? [];
  const properties = fields.filter((f) => !attributes.some((a) => a.fieldName === f.name));
  const methods = el.members.filter((m) => m.kind === 'method');
  const signature = (m) => `${m.name}(${(m.parameters ?? []).map((p) => `${p.name}${p.optional || p.default !== undefined ? '?' : ''}`).join(', ')})`;
  const lines = [
    START,
    '',
    '| attribute | property | type | what it does |',
    '|---|---|---|---|',
    ...attributes.map((a) => `| ${code(a.name)} | ${code(a.fieldName)} | ${code(a.type?.text ?? 'string')} | ${cell(a.description)} |`),
    "| `lang` | | `string` | The page's own attribute, read for the language: `en`, `ko` or `ja`; else the nearest `lang` of the page, else the browser's language. |",
    '',
    'Properties without an attribute:',
    '',
    '| property | type | what it does |',
    '|---|---|---|',
    ...properties.map((p) => `| ${code(p.name)} | ${code(p.type?.text ?? 'unknown')} | ${cell(p.description)} |`),
    '',
    'Methods:',
    ...methods.map((m) => `- ${code(signature(m))}: ${cell(m.description)}`),
    '',
    'Events (all bubble and cross the shadow boundary; typed in `HTMLElementEventMap`):',
    '',
    '| event | type | when |',
    '|---|---|---|',
    ...(el.events ?? []).map((e) => `| ${code(e.name)} | ${code(e.type?.text ?? 'Event')} | ${cell(e.description)} |`),
    '',
    'Parts:',
    ...(el.cssParts ?? []).map((p) => `- ${code(p.name)}: ${cell(p.description)}`),
    '',
    'Slots:',
    ...(el.slots ?? []).map((s) => `- ${code(s.name)}: ${cell(s.description)}`),
    '',
    'Custom properties:',
    '',
    '| custom property | what it styles |',
    '|---|---|',
    ...(el.cssProperties ?? []).map((p) => `| ${code(p.name)} | ${cell(p.description)} |`),
    '',
    END,
  ];
  return lines.join('\n');
}

/** `readme` with its generated block replaced by `block`. */
export function withApiTables(readme, block) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error('README.md has no api:start / api:end markers');
  return readme.slice(0, start) + block + readme.slice(end + END.length);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
  const readme = readFileSync('README.md', 'utf8');
  writeFileSync('README.md', withApiTables(readme, apiTables(manifest)));
  console.log('README.md: API tables regenerated from custom-elements.json');
}
