/**
 * Every payload of the corpus through every place server text reaches the screen, delivered as
 * real SSE turns to the real element (test/security/hostile-alli.ts). Pass means:
 *
 *  - alert/confirm/prompt/print trapped and never called, even after synthetic hover, focus and
 *    click on every rendered element of message content (window.open stubbed, anchor clicks
 *    recorded and cancelled; every recorded URL must have an allowed scheme);
 *  - no `securitypolicyviolation` (the page runs under `script-src 'self'; object-src 'none'`,
 *    so a surviving handler or javascript: navigation is reported even if it were not trapped);
 *  - the DOM check (dom-check.ts) after every render (a MutationObserver) and at the end;
 *  - text sinks show the payload as literal text.
 *
 * Adding a sink is one line in SINKS (see the drivers below it).
 */
import { expect } from '@open-wc/testing';
import type { AlliChatElement } from '../../src/ui/alli-chat.element.js';
import type { ChatOptionInfo, IntermediateStep, ResponseNode } from '../../src/model/types.js';
import type { ConversationEvent } from '../../src/model/stream-events.js';
import { middleTruncate } from '../../src/conversation/file-rules.js';
import { visibleFileName } from '../../src/render/safe-url.js';
import { XSS_CORPUS, isBlank, type XssPayload } from '../fixtures/xss-corpus.js';
import { botNode, conversation, done } from '../helpers/scripted-alli.js';
import { until } from '../helpers/widget.js';
import { checkWidget, visibleText, watchWidget } from './dom-check.js';
import { mountHostile, settle, walkTranscript, type ScriptedTurn } from './hostile-alli.js';
import { installTraps, pokeContent, unsafeUrls, type Traps } from './traps.js';

// ------------------------------------------------------------------------------------------
// Sink drivers
// ------------------------------------------------------------------------------------------

interface Literal {
  /** Selector (inside payload i's node, or absolute with `absolute`) whose text must contain it. */
  selector: string;
  /** The element may not render this field yet: missing container is noted, not failed. */
  ifRendered?: boolean;
  /** What of the payload is shown (e.g. a middle-truncated file name); default: all of it. */
  shown?: (payload: string) => string;
}

interface Mounted {
  el: AlliChatElement;
  shadow: ShadowRoot;
  /** The text in which payload i must be visible (undefined: not rendered). */
  textOf?(i: number): string | undefined;
  /** What of payload i must be visible (default: the payload). */
  shown?: (payload: string) => string;
  /** Per-payload checks run while iterating (banners); returns problems. */
  perPayload?: string[];
  notes?: string[];
}

interface Sink {
  readonly name: string;
  run(payloads: readonly XssPayload[], onRendered: (m: Mounted) => Promise<void>): Promise<Mounted>;
}

const nodeId = (i: number) => `N${i}`;
const nodeEl = (shadow: ShadowRoot, i: number) => shadow.querySelector(`.message.bot[data-node="${nodeId(i)}"]`);

/**
 * Walks a windowed transcript (walkTranscript), checking and poking each view (`onRendered`) and
 * reading each payload node while it is drawn; fails unless every node was drawn.
 */
async function walkNodes(m: Mounted, count: number, onRendered: (m: Mounted) => Promise<void>, read?: (i: number) => string | undefined) {
  const texts = new Map<number, string | undefined>();
  await walkTranscript(m.el, async () => {
    await onRendered(m);
    for (const node of m.shadow.querySelectorAll<HTMLElement>('.message.bot[data-node^="N"]')) {
      const i = Number(node.dataset.node!.slice(1));
      texts.set(i, read?.(i));
    }
  });
  expect(texts.size, `all ${count} nodes drawn (a render error stops the element from updating)`).to.equal(count);
  return (i: number) => texts.get(i);
}

function literalReader(shadow: ShadowRoot, literal: Literal | undefined, notes: string[]) {
  if (!literal) return undefined;
  return (i: number): string | undefined => {
    const target = nodeEl(shadow, i)?.querySelector(literal.selector);
    if (!target && literal.ifRendered) {
      if (notes.length === 0) notes.push(`"${literal.selector}" is not rendered by the element (yet): literal check not applicable`);
      return undefined;
    }
    return target?.textContent ?? '';
  };
}

/** One turn; one bot node per payload, built by `build`. */
function nodeSink(name: string, build: (p: string, i: number) => Partial<ResponseNode>, literal?: Literal): Sink {
  return {
    name,
    async run(payloads, onRendered) {
      const events: ConversationEvent[] = payloads.map((p, i) => ({ type: 'response', response: botNode(nodeId(i), '', build(p.payload, i)) }));
      const { el, shadow } = await mountHostile([[conversation(), ...events, done()]]);
      await until(() => nodeEl(shadow, payloads.length - 1) && !el.streaming, 'the last node on screen', 20_000);
      const notes: string[] = [];
      const read = literalReader(shadow, literal, notes);
      const textOf = await walkNodes({ el, shadow }, payloads.length, onRendered, read);
      return { el, shadow, textOf: read && textOf, notes, shown: literal?.shown };
    },
  };
}

/** One node whose option buttons are built from the payloads (multiple choice, so clicks toggle). */
function optionSink(name: string, build: (p: string, i: number) => ChatOptionInfo, literal: boolean): Sink {
  return {
    name,
    async run(payloads) {
      const node = botNode('OPTS', 'Choose', { multipleOption: true, chatOptionInfos: payloads.map((p, i) => build(p.payload, i)) });
      const { el, shadow } = await mountHostile([[conversation(), { type: 'response', response: node }, done()]]);
      await until(() => shadow.querySelectorAll('.option:not([disabled])').length === payloads.length, 'live options', 20_000);
      await settle(el);
      const textOf = literal ? (i: number) => shadow.querySelectorAll('.option')[i]?.textContent ?? '' : undefined;
      return { el, shadow, textOf };
    },
  };
}

/** A host node per payload, and a progress step on it. */
function stepSink(name: string, build: (p: string, i: number) => IntermediateStep, literal: boolean): Sink {
  return {
    name,
    async run(payloads, onRendered) {
      const events: ConversationEvent[] = payloads.flatMap((p, i): ConversationEvent[] => [
        { type: 'response', response: botNode(nodeId(i), 'step host') },
        { type: 'step', responseId: nodeId(i), step: build(p.payload, i) },
      ]);
      const { el, shadow } = await mountHostile([[conversation(), ...events, done()]]);
      await until(() => nodeEl(shadow, payloads.length - 1)?.querySelector('.steps') && !el.streaming, 'steps', 20_000);
      const read = (i: number) => nodeEl(shadow, i)?.querySelector('.steps')?.textContent ?? '';
      const textOf = await walkNodes({ el, shadow }, payloads.length, onRendered, read);
      return { el, shadow, textOf: literal ? textOf : undefined };
    },
  };
}

/** Markdown answers streamed in parts: the incremental renderer sees each payload cut in two. */
function streamedMarkdownSink(name: string, build: (p: string) => string): Sink {
  return {
    name,
    async run(payloads, onRendered) {
      const texts = payloads.map((p) => build(p.payload));
      const halves = texts.map((t) => [t.slice(0, Math.ceil(t.length / 2)), t.slice(Math.ceil(t.length / 2))] as const);
      const chunks: ConversationEvent[][] = [
        [conversation(), ...payloads.map((_, i): ConversationEvent => ({ type: 'response', response: botNode(nodeId(i), '', { type: 'llm', messageFormat: 'markdown', completed: false }) }))],
        halves.map(([a], i): ConversationEvent => ({ type: 'delta', id: nodeId(i), delta: a })),
        halves.map(([, b], i): ConversationEvent => ({ type: 'delta', id: nodeId(i), delta: b })),
        [...texts.map((t, i): ConversationEvent => ({ type: 'final', responseId: nodeId(i), content: t, format: 'markdown' })), done()],
      ];
      const { el, shadow } = await mountHostile([{ chunks }]);
      let midStream = false;
      await until(() => {
        if (el.streaming && shadow.querySelectorAll('.bubble[aria-busy="true"]').length > 0) midStream = true;
        return nodeEl(shadow, payloads.length - 1) && !el.streaming && el.hasAttribute('streaming') === false && midStream;
      }, 'the streamed answers', 20_000);
      await walkNodes({ el, shadow }, payloads.length, onRendered);
      return { el, shadow, notes: midStream ? [] : ['never observed mid-stream'] };
    },
  };
}

/** The user's own bubbles: `el.send(payload)`, each answered by a short bot reply. */
function userBubbleSink(name: string): Sink {
  return {
    name,
    async run(payloads, onRendered) {
      const sent = payloads.filter((p) => !isBlank(p.payload));
      const turns: ScriptedTurn[] = [[conversation(), { type: 'response', response: botNode('G', 'Hello') }, done()]];
      for (let i = 0; i < sent.length; i++) turns.push([conversation(), { type: 'response', response: botNode(`R${i}`, 'ok') }, done()]);
      const { el, shadow, } = await mountHostile(turns);
      await until(() => shadow.querySelector('.message.bot[data-node="G"]') && !el.streaming, 'greeting');
      for (const p of sent) await el.send(p.payload);
      await until(() => shadow.querySelector(`.message.bot[data-node="R${sent.length - 1}"]`) && !el.streaming, 'the last reply', 20_000);
      // Each bubble read while it is drawn (the transcript is windowed), in transcript order.
      const byPosition = new Map<number, string>();
      await walkTranscript(el, async () => {
        await onRendered({ el, shadow });
        for (const m of shadow.querySelectorAll('.message.user')) byPosition.set(Number(m.getAttribute('aria-posinset')), m.querySelector('.bubble')?.textContent ?? '');
      });
      expect(byPosition.size, 'every user bubble drawn').to.equal(sent.length);
      const shownBubbles = [...byPosition].sort((a, b) => a[0] - b[0]).map(([, text]) => text);
      const bubbles = () => shownBubbles;
      const index = new Map(sent.map((p, k) => [p, k]));
      return {
        el,
        shadow,
        textOf: (i: number) => {
          const k = index.get(payloads[i]!);
          return k === undefined ? undefined : bubbles()[k] ?? '';
        },
      };
    },
  };
}

/**
 * Errors shown in the banner: the greeting turn fails with `turnFor(payload)`; the banner is
 * checked, poked, and its Retry starts the next payload's turn.
 */
function bannerSink(name: string, turnFor: (p: string) => ScriptedTurn, literal: boolean): Sink {
  return {
    name,
    async run(payloads, onRendered) {
      const { el, shadow, alli } = await mountHostile(payloads.map((p) => turnFor(p.payload)));
      const texts: string[] = [];
      // After a Retry the previous banner can still be on screen when the next turn has been
      // played: wait for that turn's end (registered before the click), then for its render.
      let ended = true;
      for (let i = 0; i < payloads.length; i++) {
        await until(() => ended && alli.turnsPlayed() === i + 1 && shadow.querySelector('.banner.error button') && !el.streaming, `banner ${i}`, 8_000);
        await settle(el);
        texts.push(shadow.querySelector('.banner.error span')?.textContent ?? '');
        await onRendered({ el, shadow });
        ended = false;
        el.addEventListener('alli-stream-end', () => (ended = true), { once: true });
        (shadow.querySelector('.banner.error button') as HTMLButtonElement).click();
      }
      return { el, shadow, textOf: literal ? (i: number) => texts[i] : undefined };
    },
  };
}

// ------------------------------------------------------------------------------------------
// Payload carriers
// ------------------------------------------------------------------------------------------

const block = (text: string, extra: Record<string, unknown> = {}) => ({
  key: 'b0', text, type: 'unstyled', depth: 0, inlineStyleRanges: [], entityRanges: [], data: {}, ...extra,
});
const draftMessage = (blocks: unknown[], entityMap: Record<string, unknown> = {}) =>
  ({ message: JSON.stringify({ blocks, entityMap }), messageFormat: 'draftjs' as const });
const draftEntity = (type: string, data: Record<string, unknown>, text = 'link text') =>
  draftMessage([block(text, { entityRanges: [{ offset: 0, length: [...text].length, key: 0 }], type: type === 'IMAGE' ? 'atomic' : 'unstyled' })], {
    0: { type, mutability: 'MUTABLE', data },
  });
const markdown = (message: string) => ({ message, type: 'llm', messageFormat: 'markdown' as const });
const streamError = (message: string): ScriptedTurn => [
  { type: 'error', error: { status: 400, code: 'HOSTILE', message, retryable: false } },
  { type: 'done', reason: 'error' },
];

// ------------------------------------------------------------------------------------------
// The sinks: one line each.
// ------------------------------------------------------------------------------------------

const SINKS: Sink[] = [
  nodeSink('plain-text message', (p) => ({ message: p, messageFormat: 'text' }), { selector: '.bubble' }),
  nodeSink('Draft.js block text', (p) => draftMessage([block(p)]), { selector: '.bubble' }),
  nodeSink('Draft.js styled code/header text', (p) => draftMessage([block(p, { type: 'code-block', inlineStyleRanges: [{ offset: 0, length: [...p].length, style: 'BOLD' }] }), block(p, { type: 'header-two' })]), { selector: '.bubble' }),
  nodeSink('Draft.js LINK url', (p) => draftEntity('LINK', { url: p })),
  nodeSink('Draft.js LINK href', (p) => draftEntity('LINK', { href: p })),
  nodeSink('Draft.js LINK other data (title/target/rel/className)', (p) => draftEntity('LINK', { url: 'https://ok.test/', title: p, target: p, rel: p, className: p })),
  nodeSink('Draft.js IMAGE src/alt', (p) => draftEntity('IMAGE', { src: p, alt: p, title: p, width: p, height: p }, ' ')),
  nodeSink('Markdown text', (p) => markdown(p)),
  nodeSink('Markdown link (inline, autolink, reference)', (p) => markdown(`[inline](${p}) <${p}> [ref][r]\n\n[r]: ${p}`)),
  nodeSink('Markdown image', (p) => markdown(`![alt ${p}](${p})`)),
  streamedMarkdownSink('Markdown streamed (delta events)', (p) => `Intro **bold**\n\n${p}\n\n- item [x](${p})`),
  optionSink('option labels (shortenOption/longOption)', (p) => ({ shortenOption: p, longOption: p, meta: '{}' }), true),
  optionSink('option longOption only', (p) => ({ shortenOption: '', longOption: p, meta: '{}' }), true),
  optionSink('option meta URL (JSON)', (p, i) => ({ shortenOption: `link ${i}`, longOption: '', meta: JSON.stringify({ url: p }) }), false),
  optionSink('option meta (raw string)', (p, i) => ({ shortenOption: `raw ${i}`, longOption: '', meta: p }), false),
  optionSink('option style colours', (p, i) => ({ shortenOption: `style ${i}`, longOption: '', meta: '{}', style: { bgColor: p, fontColor: p, lineColor: p } }), false),
  nodeSink('citation titles', (p) => ({ message: 'cited', citations: [{ clueId: 'c', source: 'WEB', title: p, url: 'https://ok.test/doc' }] }), { selector: '.citations' }),
  nodeSink('citation URLs', (p) => ({ message: 'cited', citations: [{ clueId: 'c', source: 'WEB', title: 'Doc', url: p }] })),
  // Without a title a citation is labelled by its link's host or its source kind (render/citations.ts),
  // never by the raw URL, so the payload is not expected as text here.
  nodeSink('citation URL as label (no title)', (p) => ({ message: 'cited', citations: [{ clueId: 'c', source: 'DOCUMENT', url: p, pageNo: 3 }] })),
  stepSink('step statusMessage', (p, i) => ({ key: `k${i}`, completed: i % 2 === 0, statusMessage: p }), true),
  // Rendered as Markdown (render/citations.ts prefers it), so payloads need not survive as literal text.
  stepSink('step markdownMessage', (p, i) => ({ key: `k${i}`, completed: i % 2 === 1, markdownMessage: p }), false),
  stepSink('step key', (p) => ({ key: p, completed: false }), true),
  nodeSink('message time (createdAt: strings, 1e300, past the Date range, negative)', (p, i) => ({ message: 'time', createdAt: [p, 1e300, 8.64e15 + 1, -1, 1.7e12][i % 5] as unknown as number })),
  nodeSink('file names and URLs (bot `files`)', (p) => ({ message: 'files', files: [{ id: 'f', name: p, url: p, mimeType: p, size: 10 }] }), { selector: '.bot-files', ifRendered: true, shown: (p) => middleTruncate(visibleFileName(p) || 'file', 48) }),
  userBubbleSink('user bubble text (el.send)'),
  bannerSink('error banner: stream `error` message', streamError, true),
  bannerSink('error banner: HTTP 400 JSON body', (p) => ({ respond: () => Response.json({ message: p, error: { code: p } }, { status: 400 }) }), false),
  // An HTML error page (the non-JSON body path). 400, not 502: 5xx is retried with backoff, which
  // would make 366 sequential banners take minutes; the body handling is the same.
  bannerSink('error banner: HTTP 400 HTML error page', (p) => ({ respond: () => new Response(`<html><body><h1>${p}</h1>${p}</body></html>`, { status: 400, headers: { 'Content-Type': 'text/html' } }) }), false),
];

// ------------------------------------------------------------------------------------------

const HOST_DANGER = 'script:not([type="module"]), iframe, object, embed, base, meta[http-equiv="refresh"], link[rel="import"]';

describe(`hostile content: ${XSS_CORPUS.length} payloads × ${SINKS.length} sinks = ${XSS_CORPUS.length * SINKS.length} renders`, () => {
  let traps: Traps;
  const totals = { renders: 0, poked: 0, batches: 0, literal: 0 };

  before(() => {
    // Scripts from this origin only: any handler or javascript: URL that slipped through would
    // be blocked AND reported as a violation.
    const meta = document.createElement('meta');
    meta.httpEquiv = 'Content-Security-Policy';
    meta.content = "script-src 'self'; object-src 'none'";
    document.head.append(meta);
    traps = installTraps();
  });
  after(() => {
    traps.restore();
    console.log(
      `[security] ${XSS_CORPUS.length} payloads × ${SINKS.length} sinks = ${totals.renders} payload renders; ` +
        `${totals.batches} render batches checked, ${totals.poked} elements poked, ${totals.literal} literal-text checks`,
    );
  });

  for (const sink of SINKS) {
    it(`${sink.name}: ${XSS_CORPUS.length} payloads`, async function () {
      this.timeout(90_000);
      const hostDangerBefore = document.querySelectorAll(HOST_DANGER).length;
      traps.dialogs.length = 0;
      traps.opened.length = 0;
      traps.clickedLinks.length = 0;
      traps.violations.length = 0;

      let watcher: ReturnType<typeof watchWidget> | undefined;
      let poked = 0;
      const intermediate: string[] = [];
      // Banner sinks check each state as it is shown; others once all payloads are on screen.
      const onRendered = async ({ shadow, el }: Mounted) => {
        watcher ??= watchWidget(shadow);
        intermediate.push(...checkWidget(shadow));
        poked += pokeContent(shadow);
        await el.updateComplete;
      };
      // The observer must see the first render: attach it as soon as the element exists.
      const origAttach = Element.prototype.attachShadow;
      Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
        const root = origAttach.call(this, init);
        if (this.localName === 'alli-chat') watcher ??= watchWidget(root);
        return root;
      };
      let mounted: Mounted;
      try {
        mounted = await sink.run(XSS_CORPUS, onRendered);
      } finally {
        Element.prototype.attachShadow = origAttach;
      }
      const { el, shadow } = mounted;
      if (poked === 0) await onRendered(mounted);
      // Poke the option buttons again after the re-render the first round caused (toggled).
      await settle(el);
      poked += pokeContent(shadow, '.options');
      await settle(el);

      const finalProblems = checkWidget(shadow);
      const missing: string[] = [];
      let literalChecks = 0;
      if (mounted.textOf) {
        XSS_CORPUS.forEach((p, i) => {
          if (isBlank(p.payload)) return;
          const text = mounted.textOf!(i);
          if (text === undefined) return;
          literalChecks += 1;
          const expected = mounted.shown ? mounted.shown(p.payload) : p.payload;
          if (!visibleText(text).includes(visibleText(expected))) missing.push(`${p.id}: ${JSON.stringify(p.payload).slice(0, 80)} not visible in ${JSON.stringify(text.slice(0, 80))}`);
        });
      }
      watcher?.stop();
      const batches = watcher?.renders() ?? 0;
      totals.renders += XSS_CORPUS.length;
      totals.poked += poked;
      totals.batches += batches;
      totals.literal += literalChecks;
      console.log(
        `[security] ${sink.name}: ${XSS_CORPUS.length} payloads, ${batches} render batches checked, ${poked} elements poked, ` +
          `${literalChecks} literal checks${mounted.notes?.length ? `; note: ${mounted.notes.join('; ')}` : ''}`,
      );

      expect(watcher, 'the DOM check watched the renders').to.not.equal(undefined);
      expect(batches, 'render batches observed').to.be.greaterThan(0);
      expect(poked, 'elements poked').to.be.greaterThan(0);
      expect([...new Set(watcher!.problems)], 'DOM check after every render').to.deep.equal([]);
      expect([...new Set(intermediate)], 'DOM check of each shown state').to.deep.equal([]);
      expect(finalProblems, 'DOM check at the end').to.deep.equal([]);
      expect(traps.dialogs, 'alert/confirm/prompt/print calls').to.deep.equal([]);
      expect(traps.violations, 'securitypolicyviolation events').to.deep.equal([]);
      expect(unsafeUrls(traps.opened), 'window.open with a disallowed scheme').to.deep.equal([]);
      expect(unsafeUrls(traps.clickedLinks), 'clicked links with a disallowed scheme').to.deep.equal([]);
      expect(document.querySelectorAll(HOST_DANGER).length, 'nothing dangerous reached the host page').to.equal(hostDangerBefore);
      expect(missing, 'payloads visible as literal text').to.deep.equal([]);
    });
  }
});
