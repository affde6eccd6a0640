// Accessibility in every state, in both themes and in Korean, and WCAG AA contrast of the
// colours the widget really paints (computed styles, not the token table).
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../../src/alli-chat.js';
import type { AlliChatElement } from '../../src/ui/alli-chat.element.js';
import type { ConversationEvent } from '../../src/model/stream-events.js';
import type { FormDefinition } from '../../src/model/types.js';
import { $, $$, until } from '../helpers/widget.js';
import { botNode, conversation, done, sseBody } from '../helpers/scripted-alli.js';

type Rgba = [number, number, number, number];

function parseColor(value: string): Rgba {
  const m = value.match(/rgba?\(([^)]+)\)/);
  if (!m) throw new Error(`not an rgb colour: ${value}`);
  const [r, g, b, a = '1'] = m[1].split(/[\s,/]+/).filter(Boolean);
  return [Number(r), Number(g), Number(b), Number(a)];
}

function over(top: Rgba, bottom: Rgba): Rgba {
  const a = top[3];
  return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat(1) as Rgba;
}

function luminance([r, g, b]: Rgba): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

function contrast(fg: Rgba, bg: Rgba): number {
  const [a, b] = [luminance(over(fg, bg)), luminance(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}

/** The background actually behind an element: the nearest ancestor with an opaque one. */
function backgroundOf(el: Element): Rgba {
  let node: Element | null = el;
  while (node) {
    const bg = parseColor(getComputedStyle(node).backgroundColor);
    if (bg[3] > 0.99) return bg;
    node = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host ?? null);
  }
  return [255, 255, 255, 1];
}

const FORM: FormDefinition = {
  id: 'f',
  title: 'Contact',
  fields: [
    { name: 'name', label: '이름', type: 'text', required: true, placeholder: '홍길동' },
    { name: 'topic', label: 'Topic', type: 'select', required: false, options: [{ value: 'a', label: 'A' }] },
    { name: 'ok', label: 'I agree', type: 'boolean', required: false },
  ],
};

const OPTIONS = ['예', '아니요'].map((label) => ({ shortenOption: label, longOption: label, meta: '{}' }));

/** A fetch that answers turn n with the n-th script; a script may be a Response factory. */
function script(turns: (ConversationEvent[] | (() => Response))[]) {
  let n = 0;
  const fetch: typeof globalThis.fetch = async (input) => {
    const url = String(input);
    if (url.includes('/alli/token')) return Response.json({ token: 't', expiresIn: 300 });
    if (url.endsWith('/stop')) return Response.json({ ok: true });
    const turn = turns[n++];
    if (!turn) return Response.json({ message: 'no more turns' }, { status: 500 });
    if (typeof turn === 'function') return turn();
    return new Response(sseBody(turn), { headers: { 'Content-Type': 'text/event-stream' } });
  };
  return fetch;
}

function openStream(): () => Response {
  return () => {
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(encoder.encode('event: conversation\ndata: {"conversation":{"id":"C1","state":"WAIT_USER_ANSWER"}}\n\n'));
        c.enqueue(encoder.encode('event: delta\ndata: {"id":"R9","delta":"Streaming **now**"}\n\n'));
      },
    });
    return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
  };
}

async function mount(fetch: typeof globalThis.fetch, attrs: { theme: string; lang: string; mode?: string }) {
  sessionStorage.clear();
  return fixture<AlliChatElement>(html`<div lang=${attrs.lang} style="height: 600px">
    <alli-chat app-id="demo" token-url="/alli/token" persist="none" theme=${attrs.theme} mode=${attrs.mode ?? 'inline'} .fetch=${fetch}></alli-chat>
  </div>`).then((wrap) => wrap.querySelector('alli-chat')!);
}

const greeting = (): ConversationEvent[] => [
  conversation(),
  { type: 'response', response: botNode('R1', '안녕하세요! Hello! **Pick one**', { messageFormat: 'markdown', chatOptionInfos: OPTIONS, allowTextInput: true }) },
  done(),
];

const VARIANTS = [
  { theme: 'light', lang: 'en' },
  { theme: 'dark', lang: 'en' },
  { theme: 'light', lang: 'ko' },
  { theme: 'dark', lang: 'ko' },
];

describe('accessibility in every state', () => {
  for (const v of VARIANTS) {
    describe(`${v.theme}, ${v.lang}`, () => {
      it('closed launcher, then open with greeting and options', async () => {
        const el = await mount(script([greeting()]), { ...v, mode: 'launcher' });
        await expect(el).to.be.accessible();
        el.show();
        await until(() => $$(el, '.option:not([disabled])').length === 2, 'options');
        await expect(el).to.be.accessible();
      });

      it('streaming', async () => {
        const el = await mount(script([greeting(), openStream()]), v);
        await until(() => $$(el, '.option').length === 2, 'greeting');
        void el.send('더 알려 주세요');
        await until(() => el.streaming && $(el, '.message.bot[data-node="R9"]'), 'streaming');
        await expect(el).to.be.accessible();
      });

      it('form', async () => {
        const el = await mount(script([[conversation(), { type: 'response', response: botNode('R1', 'Form', { type: 'form', form: FORM }) }, done()]]), v);
        await until(() => $(el, 'form [data-field="name"]'), 'form');
        await expect(el).to.be.accessible();
      });

      it('error', async () => {
        const el = await mount(script([greeting(), () => new Response('<h1>502</h1>', { status: 502 })]), v);
        await until(() => $$(el, '.option').length === 2, 'greeting');
        await el.send('안녕');
        await until(() => $(el, '.message.user.failed'), 'failed turn');
        await expect(el).to.be.accessible();
      });

      it('ended', async () => {
        const el = await mount(
          script([[conversation(), { type: 'response', response: botNode('R1', 'Bye') }, { type: 'state', state: 'END_OF_CHATBOT' }, done('ended', 'END_OF_CHATBOT')]]),
          v,
        );
        await until(() => $(el, '.banner.ended'), 'ended');
        await expect(el).to.be.accessible();
      });
    });
  }
});

describe('contrast (WCAG AA)', () => {
  afterEach(() => emulateMedia({ colorScheme: 'light' }));

  for (const theme of ['light', 'dark', 'auto-dark'] as const) {
    it(`meets 4.5:1 for text and 3:1 for controls in the ${theme} theme`, async () => {
      if (theme === 'auto-dark') await emulateMedia({ colorScheme: 'dark' });
      const el = await mount(script([greeting(), () => new Response('oops', { status: 500 })]), { theme: theme === 'auto-dark' ? 'auto' : theme, lang: 'en' });
      await until(() => $$(el, '.option:not([disabled])').length === 2, 'greeting');
      await el.send('hello');
      await until(() => $(el, '.message.user.failed'), 'failed turn');
      el.addFiles([new File(['x'], 'run.exe', { type: 'application/x-msdownload' })]);
      (el as unknown as { accept: string }).accept = '.pdf';
      el.addFiles([new File(['x'], 'run.exe', { type: 'application/x-msdownload' })]);
      await el.updateComplete;
      const panelBg = backgroundOf($(el, '.panel')!);
      if (theme !== 'light') expect(luminance(panelBg), 'a dark surface').to.be.lessThan(0.1);
      const text = (selector: string) => {
        const node = $(el, selector);
        expect(node, selector).to.exist;
        return contrast(parseColor(getComputedStyle(node!).color), backgroundOf(node!));
      };
      const border = (selector: string) => {
        const node = $(el, selector)!;
        return contrast(parseColor(getComputedStyle(node).borderTopColor), backgroundOf(node.parentElement!));
      };
      const results: Record<string, number> = {
        'panel text': text('.header .title'),
        'bot bubble': text('.message.bot .bubble'),
        'user bubble': text('.message.user .bubble'),
        'option label': text('.option'),
        'message time': text('.message.bot .meta'),
        'failed notice': text('.message.user.failed .meta'),
        'file refusal': text('.file-notices li'),
        'new conversation button': text('.new'),
      };
      const placeholder = contrast(parseColor(getComputedStyle($(el, 'textarea')!, '::placeholder').color), backgroundOf($(el, 'textarea')!));
      results['placeholder'] = placeholder;
      for (const [name, ratio] of Object.entries(results)) expect(ratio, `${name}: ${ratio.toFixed(2)}`).to.be.at.least(4.5);
      const ui: Record<string, number> = {
        'text box border': border('textarea'),
        'option border': border('.option'),
        'secondary button border': border('.new'),
      };
      for (const [name, ratio] of Object.entries(ui)) expect(ratio, `${name}: ${ratio.toFixed(2)}`).to.be.at.least(3);
      console.log(`${theme}: ${Object.entries({ ...results, ...ui }).map(([k, r]) => `${k} ${r.toFixed(1)}`).join(', ')}`);
    });
  }
});
