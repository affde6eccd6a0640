// The styling contract: every public custom property the styles read is documented (in the
// token list, the element's JSDoc and the README), and every documented one is really used.
import { expect } from '@open-wc/testing';
import { shellStyles } from '../../src/ui/styles/shell.styles.js';
import { transcriptStyles } from '../../src/ui/styles/transcript.styles.js';
import { composerStyles } from '../../src/ui/styles/composer.styles.js';
import { formViewStyles } from '../../src/ui/styles/form-view.styles.js';
import { filesCss } from '../../src/ui/styles/files.styles.js';
import { optionsStyles } from '../../src/ui/styles/options.styles.js';
import { unsafeCSS } from 'lit';
import { TOKENS } from '../../src/ui/styles/tokens.js';

/** Every sheet the element can adopt: the shell's first (tokens, then layout), then the chunks'. */
const alliChatStyles = [...shellStyles, transcriptStyles, composerStyles, optionsStyles, formViewStyles, unsafeCSS(filesCss)];

const cssText = alliChatStyles.map((sheet) => sheet.cssText).join('\n');
const layoutText = alliChatStyles.slice(1).map((sheet) => sheet.cssText).join('\n');
const documented = new Set(TOKENS.map((t) => `--alli-chat-${t.name}`));

async function raw(path: string): Promise<string> {
  const res = await fetch(`/__raw/${path}`);
  expect(res.status, path).to.equal(200);
  return res.text();
}

describe('styling contract', () => {
  it('reads only documented public properties', () => {
    const used = new Set(cssText.match(/--alli-chat-[a-z-]+/g));
    const undocumented = [...used].filter((name) => !documented.has(name));
    expect(undocumented).to.deep.equal([]);
  });

  it('uses every documented property (its private copy is read by the layout)', () => {
    const privateUses = new Set([...layoutText.matchAll(/var\(--_([a-z-]+)/g)].map((m) => m[1]));
    // A token may also be used through another token's default (e.g. accent → user bubble).
    const viaFallback = new Set(TOKENS.flatMap((t) => [...t.fallback.matchAll(/var\(--_([a-z-]+)/g)].map((m) => m[1])));
    const unused = TOKENS.filter((t) => !privateUses.has(t.name) && !viaFallback.has(t.name)).map((t) => t.name);
    expect(unused).to.deep.equal([]);
  });

  it('documents the same properties in the element JSDoc and the README', async () => {
    const source = await raw('src/ui/alli-chat.element.ts');
    const jsdoc = new Set([...source.matchAll(/@cssprop (--alli-chat-[a-z-]+)/g)].map((m) => m[1]));
    expect([...jsdoc].sort()).to.deep.equal([...documented].sort());
    const readme = await raw('README.md');
    const inTable = new Set([...readme.matchAll(/^\| `(--alli-chat-[a-z-]+)` \|/gm)].map((m) => m[1]));
    expect([...inTable].sort()).to.deep.equal([...documented].sort());
  });
});
