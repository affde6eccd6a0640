// Issue 11, item 2: URLs from the server must be absolute web addresses (links also mailto:/tel:);
// nothing is resolved against the host page. A link with another URL is plain text, an option
// whose url is not acceptable is a normal choice, a file chip without an acceptable URL has no
// link, and download names are cleaned.
import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/alli-chat.js';
import type { AlliChatElement } from '../../src/ui/alli-chat.element.js';
import type { ConversationEvent } from '../../src/model/stream-events.js';
import { cleanFileName } from '../../src/render/safe-url.js';
import { botNode, conversation, done, scriptedAlli } from '../helpers/scripted-alli.js';
import { $, $$, until } from '../helpers/widget.js';
import { settle } from './hostile-alli.js';

const link = (key: number) => ({ offset: 0, length: 4, key });
const DRAFT = JSON.stringify({
  blocks: [0, 1, 2].map((key) => ({ key: `b${key}`, text: 'link', type: 'unstyled', depth: 0, inlineStyleRanges: [], entityRanges: [link(key)], data: {} })),
  entityMap: {
    0: { type: 'LINK', mutability: 'MUTABLE', data: { url: '/account/delete' } },
    1: { type: 'LINK', mutability: 'MUTABLE', data: { url: 'https://ok.test/draft' } },
    2: { type: 'LINK', mutability: 'MUTABLE', data: { url: '//evil.test/x' } },
  },
});

async function mount(turns: ConversationEvent[][]) {
  sessionStorage.clear();
  const alli = scriptedAlli(turns);
  const el = await fixture<AlliChatElement>(
    html`<alli-chat app-id="demo" api-base="https://alli.test" token-url="/alli/token" persist="none" .fetch=${alli.fetch} style="height: 560px"></alli-chat>`,
  );
  return { el, alli };
}

const hrefs = (root: ParentNode) => [...root.querySelectorAll('a')].map((a) => a.getAttribute('href'));

describe('URLs from the server (issue 11, item 2)', () => {
  afterEach(() => sinon.restore());

  it('links, citations and file chips keep only absolute URLs; the rest is plain text or no link', async () => {
    const { el } = await mount([
      [
        conversation(),
        { type: 'response', response: botNode('md', '[rel](/settings) [abs](https://ok.test/md) [mail](mailto:a@ok.test) [proto](//evil.test)', { messageFormat: 'markdown' }) },
        { type: 'response', response: botNode('dj', DRAFT, { messageFormat: 'draftjs' }) },
        {
          type: 'response',
          response: botNode('cf', 'Files and sources', {
            citations: [
              { clueId: '1', source: 'WEB', title: 'Relative', url: '/internal' },
              { clueId: '2', source: 'WEB', title: 'Absolute', url: 'https://ok.test/cite' },
            ],
            files: [
              { id: 'f1', name: 'rel.pdf', url: '/files/rel.pdf' },
              { id: 'f2', name: '../../etc/pass\u202Efdp.exe', url: 'https://ok.test/f2' },
              { id: 'f3', name: 'mail.txt', url: 'mailto:a@ok.test' },
            ],
          }),
        },
        done(),
      ],
    ]);
    await until(() => $(el, '[data-node="cf"] .bot-files'), 'the files');
    await settle(el);
    const md = $(el, '[data-node="md"] .bubble')!;
    expect(hrefs(md)).to.deep.equal(['https://ok.test/md', 'mailto:a@ok.test']);
    expect(md.textContent).to.include('rel').and.include('proto');
    const dj = $(el, '[data-node="dj"] .bubble')!;
    expect(hrefs(dj)).to.deep.equal(['https://ok.test/draft']);
    expect(dj.textContent!.match(/link/g)).to.have.lengthOf(3);
    expect(hrefs($(el, '[data-node="cf"] .citations')!)).to.deep.equal(['https://ok.test/cite']);
    const chips = $$(el, '[data-node="cf"] .bot-files li');
    expect(chips.map((chip) => chip.querySelector('a')?.getAttribute('href') ?? null)).to.deep.equal([null, 'https://ok.test/f2', null]);
    const download = chips[1].querySelector('a')!.getAttribute('download')!;
    expect(download).not.to.match(/[/\\\u202e]/);
    expect(download.endsWith('.exe')).to.equal(true);
  });

  it('an option whose meta url is not absolute is a normal choice; an absolute one opens', async () => {
    const open = sinon.stub(window, 'open');
    const options = [
      { shortenOption: 'Relative', longOption: 'Relative', meta: JSON.stringify({ url: '/account' }) },
      { shortenOption: 'Absolute', longOption: 'Absolute', meta: JSON.stringify({ url: 'https://ok.test/page' }) },
    ];
    const { el, alli } = await mount([
      [conversation(), { type: 'response', response: botNode('o', 'Pick', { chatOptionInfos: options }) }, done()],
      [conversation(), { type: 'response', response: botNode('r', 'Chosen') }, done()],
    ]);
    await until(() => $$(el, '.option:not([disabled])').length === 2, 'options');
    $$(el, '.option')[1].click();
    expect(open.calledOnceWith('https://ok.test/page')).to.equal(true);
    $$(el, '.option')[0].click();
    await until(() => alli.turnsPlayed() === 2, 'the choice was sent as a turn');
    expect(open.callCount).to.equal(1);
    const sent = alli.requests.filter((r) => r.url.endsWith('/run_conversation'))[1].body!;
    expect(sent.get('choices')).to.equal('[0]');
  });

  it('cleanFileName drops separators, control and bidi characters and keeps the extension last', () => {
    expect(cleanFileName('..\\..\\a/b\u0000c\u202Etxt.exe')).to.equal('_.._a_bctxt.exe');
    expect(cleanFileName('report\u2066.pdf\u2069')).to.equal('report.pdf');
  });
});
