// The element's public contract, three ways: what the element really has (its reactive
// properties, public methods, the events it can fire, the parts and slots its templates
// render), what its JSDoc declares, and what the README documents. Any difference fails.
import { expect } from '@open-wc/testing';
import '../../src/alli-chat.js';
import { AlliChatElement } from '../../src/ui/alli-chat.element.js';
import * as events from '../../src/ui/events.js';

async function raw(path: string): Promise<string> {
  const res = await fetch(`/__raw/${path}`);
  expect(res.status, path).to.equal(200);
  return res.text();
}

async function sourcesUnder(folder: string): Promise<string[]> {
  const res = await fetch(`/__raw-list/${folder}`);
  const files = (await res.json()) as string[];
  return Promise.all(files.map((file) => raw(file)));
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

/** The first column of the README table whose header row starts with `| first |`. */
function tableNames(readme: string, first: string): string[] {
  const lines = readme.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`| ${first} |`));
  expect(start, `README table "${first}"`).to.be.greaterThan(-1);
  const names: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    names.push(/^\| `([^`]+)`/.exec(line)![1]);
  }
  return names;
}

/** Backticked names in the README paragraph that starts with `label`. */
function listedAfter(readme: string, label: string, pattern: RegExp): string[] {
  const start = readme.indexOf(`\n${label}`);
  expect(start, `README "${label}"`).to.be.greaterThan(-1);
  const paragraph = readme.slice(start + 1, readme.indexOf('\n\n', start + 1) + 1 || undefined).split(/\n(?=[A-Z][a-z]+:)/)[0];
  return [...paragraph.matchAll(pattern)].map((m) => m[1]);
}

// `@fires {AlliErrorEvent} alli-error - …`: the optional `{type}` is for the manifest.
const jsdocTags = (source: string, tag: string) => [...source.matchAll(new RegExp(`@${tag}(?: \\{\\w+\\})? ([\\w-]+)`, 'g'))].map((m) => m[1]);

describe('<alli-chat> public contract', () => {
  let readme: string;
  let element: string;
  before(async () => {
    readme = await raw('README.md');
    element = await raw('src/ui/alli-chat.element.ts');
  });

  it('attributes and properties: the element, and the README tables', () => {
    const attributes: string[] = [];
    const properties: string[] = [];
    for (const [name, options] of AlliChatElement.elementProperties) {
      if (options.state) continue;
      if (options.attribute === false) properties.push(String(name));
      else attributes.push(typeof options.attribute === 'string' ? options.attribute : String(name).toLowerCase());
    }
    // `lang` is the global attribute, documented because the widget reads it.
    expect(sorted(tableNames(readme, 'attribute').filter((name) => name !== 'lang'))).to.deep.equal(sorted(attributes));
    expect(sorted(tableNames(readme, 'property'))).to.deep.equal(sorted(properties));
  });

  it('methods: the public methods of the class, and the README', () => {
    const declared = [...element.matchAll(/^ {2}(?:override )?(?:async )?([a-z]\w*)\(/gm)].map((m) => m[1]);
    for (const name of declared) expect(typeof (AlliChatElement.prototype as unknown as Record<string, unknown>)[name], name).to.equal('function');
    expect(sorted(listedAfter(readme, 'Methods:', /`(\w+)\(/g))).to.deep.equal(sorted(declared));
  });

  it('events: the event classes, the JSDoc @fires, and the README table', () => {
    const types = Object.values(events)
      .map((value) => (typeof value === 'function' && 'type' in value ? String((value as { type: unknown }).type) : undefined))
      .filter((type): type is string => !!type);
    expect(types.length).to.be.greaterThan(5);
    expect(sorted(jsdocTags(element, 'fires'))).to.deep.equal(sorted(types));
    expect(sorted(tableNames(readme, 'event'))).to.deep.equal(sorted(types));
  });

  it('parts and slots: every template under src/ui, the JSDoc, and the README', async () => {
    const templates = (await sourcesUnder('src/ui')).join('\n');
    const parts = [...templates.matchAll(/\bpart="([^"$]+)"/g)].flatMap((m) => m[1].split(/\s+/));
    const slots = [...templates.matchAll(/<slot name="([\w-]+)"/g)].map((m) => m[1]);
    expect(parts.length).to.be.greaterThan(10);
    expect(sorted(jsdocTags(element, 'csspart'))).to.deep.equal(sorted(parts));
    expect(sorted(listedAfter(readme, 'Parts:', /`([\w-]+)`/g))).to.deep.equal(sorted(parts));
    expect(sorted(jsdocTags(element, 'slot'))).to.deep.equal(sorted(slots));
    expect(sorted(listedAfter(readme, 'Slots:', /`([\w-]+)`/g))).to.deep.equal(sorted(slots));
  });
});
