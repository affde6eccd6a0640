/**
 * A long transcript (docs/design.md §6) keeps in the DOM only the messages near the viewport,
 * the latest ones, and one that holds focus; spacers stand for the rest with their measured
 * heights (an average until measured). Loaded with the first long transcript; imports only
 * types from the core, which hands it the keys of items and of their elements.
 *
 * Choices:
 * - TAIL items are drawn while the reader follows the bottom; PINNED latest items always (the
 *   latest turn's options and form stay live), and the message holding focus is never removed.
 * - Scrolled up, the window covers the viewport and one viewport's height on either side; it
 *   moves when the viewport comes within half a viewport of its edge (read on scroll, once a
 *   frame, never per streamed chunk).
 * - The browser's scroll anchoring is off for the scroller (`overflow-anchor: none`; Safari has
 *   none anyway): the first message in view is the anchor, and whenever the window or a height
 *   above it changes, scrollTop moves by its shift before the frame is painted.
 */
import { html, noChange, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { Directive, directive, type ElementPart } from 'lit/directive.js';
import { repeat } from 'lit/directives/repeat.js';
import type { TranscriptItem } from '../../conversation/conversation-session.js';
import type { ItemRenderer, TranscriptWindow } from '../views/transcript.view.js';

const TAIL = 30;
const PINNED = 2;
/** The height of a message never measured, until some are (then their average). */
const FIRST_ESTIMATE = 80;

/** A spacer's height, set through CSSOM: a strict CSP blocks `style=` bindings (docs/design.md §5). */
class HeightDirective extends Directive {
  render(_px: number): typeof noChange {
    return noChange;
  }
  override update(part: ElementPart, [px]: [number]): typeof noChange {
    (part.element as HTMLElement).style.height = `${px}px`;
    return noChange;
  }
}
const height = directive(HeightDirective);

type Nodes = () => { scroller?: HTMLElement | null; content?: HTMLElement | null };
interface Keys {
  item(item: TranscriptItem): string;
  element(el: Element): string | undefined;
}
type Entry = number | { from: number; to: number; gap: number };

export class TranscriptWindowController implements ReactiveController, TranscriptWindow {
  /** The window over the viewport: items [start, end). */
  private start = -1;
  private end = 0;
  private firstKey?: string;
  private items: readonly TranscriptItem[] = [];
  private readonly heights = new Map<string, number>();
  private measuredSum = 0;
  private readonly elements = new Map<string, Element>();
  private readonly observed = new Map<Element, string>();
  private resizeObserver?: ResizeObserver;
  private scroller?: HTMLElement;
  private content?: HTMLElement;
  private anchor?: { el: Element; top: number };
  private layout = '';
  private shifted = false;
  private active = false;
  private frame = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly nodes: Nodes,
    private readonly following: () => boolean,
    private readonly keys: Keys,
  ) {
    host.addController(this);
  }

  render(items: readonly TranscriptItem[], renderItem: ItemRenderer): unknown {
    const size = items.length;
    const firstKey = this.keys.item(items[0]);
    if (firstKey !== this.firstKey || this.start < 0 || this.following()) {
      // A new transcript, or the reader is at the bottom: the latest items.
      this.firstKey = firstKey;
      this.start = Math.max(0, size - TAIL);
      this.end = size;
    }
    this.items = items;
    this.active = true;
    const entries = this.entries(size);
    const layout = entries.map((e) => (typeof e === 'number' ? e : `${e.from}-${e.to}:${this.sum(e.from, e.to)}`)).join();
    if (layout !== this.layout) {
      // Where the first message in view is before the DOM changes: it is put back in hostUpdated.
      this.recordAnchor();
      this.shifted = true;
      this.layout = layout;
    }
    return repeat(
      entries,
      (e) => (typeof e === 'number' ? this.keys.item(items[e]) : `gap:${e.gap}`),
      (e) =>
        typeof e === 'number'
          ? renderItem(items[e], { index: e, size })
          : html`<div class="spacer" aria-hidden="true" ${height(this.sum(e.from, e.to))}></div>`,
    );
  }

  /** The items drawn in order, with a spacer for each run left out. */
  private entries(size: number): Entry[] {
    const ranges = [
      [this.start, Math.min(this.end, size)],
      [Math.max(0, size - PINNED), size],
    ];
    const focused = this.focusedIndex();
    if (focused >= 0) ranges.push([focused, focused + 1]);
    ranges.sort((a, b) => a[0] - b[0]);
    const entries: Entry[] = [];
    let at = 0;
    for (const [from, to] of ranges) {
      if (from > at) entries.push({ from: at, to: from, gap: entries.length });
      for (let i = Math.max(from, at); i < to; i++) entries.push(i);
      at = Math.max(at, to);
    }
    return entries;
  }

  /** The item holding focus (a link, an option, a form field), or -1. */
  private focusedIndex(): number {
    const content = this.content;
    let el = (content?.getRootNode() as ShadowRoot | undefined)?.activeElement ?? null;
    while (el && el.parentElement !== content) el = el.parentElement;
    const key = el && this.keys.element(el);
    for (let i = this.items.length - 1; key && i >= 0; i--) if (this.keys.item(this.items[i]) === key) return i;
    return -1;
  }

  private heightOf(i: number): number {
    const known = this.heights.get(this.keys.item(this.items[i]));
    return known ?? (this.heights.size ? this.measuredSum / this.heights.size : FIRST_ESTIMATE);
  }

  private sum(from: number, to: number): number {
    let px = 0;
    for (let i = from; i < to; i++) px += this.heightOf(i);
    return Math.round(px);
  }

  hostUpdated(): void {
    const { scroller, content } = this.nodes();
    if (!this.active || !scroller || !content) return this.detach();
    this.active = false;
    if (scroller !== this.scroller) {
      this.detach();
      this.scroller = scroller;
      scroller.addEventListener('scroll', this.schedule, { passive: true });
      scroller.addEventListener('keydown', this.onKeydown);
      scroller.style.overflowAnchor = 'none';
    }
    this.content = content;
    this.observe(content);
    if (this.shifted) {
      this.shifted = false;
      // At the bottom, stay there now: a scroll event already queued must not find the reader elsewhere.
      if (this.following()) scroller.scrollTop = scroller.scrollHeight;
      else this.restoreAnchor();
      this.schedule();
    }
  }

  hostDisconnected(): void {
    this.detach();
  }

  private detach(): void {
    this.scroller?.removeEventListener('scroll', this.schedule);
    this.scroller?.removeEventListener('keydown', this.onKeydown);
    this.scroller?.style.removeProperty('overflow-anchor');
    this.scroller = undefined;
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
    this.observed.clear();
    this.elements.clear();
    cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  /** Measures the drawn messages (once each, then on resize); a drawn item without an element is 0 px high. */
  private observe(content: HTMLElement): void {
    const observer = (this.resizeObserver ??= new ResizeObserver(this.resized));
    for (const [el, key] of this.observed) {
      if (el.isConnected) continue;
      observer.unobserve(el);
      this.observed.delete(el);
      if (this.elements.get(key) === el) this.elements.delete(key);
    }
    const drawn = new Set<string>();
    for (const el of content.children) {
      const key = this.keys.element(el);
      if (key === undefined) continue;
      drawn.add(key);
      if (this.observed.has(el)) continue;
      this.observed.set(el, key);
      this.elements.set(key, el);
      observer.observe(el);
    }
    for (const [from, to] of [[this.start, this.end], [this.items.length - PINNED, this.items.length]]) {
      for (let i = Math.max(0, from); i < Math.min(to, this.items.length); i++) {
        const key = this.keys.item(this.items[i]);
        if (!drawn.has(key)) this.setHeight(key, 0); // e.g. a turn a form's summary stands for
      }
    }
  }

  private setHeight(key: string, px: number): void {
    this.measuredSum += px - (this.heights.get(key) ?? 0);
    this.heights.set(key, px);
  }

  private readonly resized = (entries: ResizeObserverEntry[]): void => {
    let changed = false;
    for (const entry of entries) {
      const key = this.observed.get(entry.target);
      if (key === undefined || !entry.target.isConnected) continue; // a removed element measures 0
      const px = entry.borderBoxSize?.[0]?.blockSize ?? entry.contentRect.height;
      if (this.heights.get(key) === px) continue;
      this.setHeight(key, px);
      changed = true;
    }
    // Layout is fresh here and nothing is painted yet: keep what the reader sees in place.
    if (changed) this.restoreAnchor();
  };

  /** The first drawn message in view (none when only a spacer is), and where it is. */
  private recordAnchor(): void {
    const scroller = this.scroller;
    this.anchor = undefined;
    if (!scroller || this.following()) return;
    const { top, bottom } = scroller.getBoundingClientRect();
    for (const [el] of this.observed) {
      const rect = el.getBoundingClientRect();
      if (rect.bottom > top && rect.top < bottom && (!this.anchor || rect.top - top < this.anchor.top)) this.anchor = { el, top: rect.top - top };
    }
  }

  /**
   * Page Up/Down, Home and End on the focused log scroll at once, not smoothly: a smooth scroll
   * would stop where the window first moves (setting scrollTop ends it).
   */
  private readonly onKeydown = (e: KeyboardEvent): void => {
    const scroller = this.scroller;
    if (!scroller || e.target !== scroller || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const page = scroller.clientHeight * 0.9;
    const to = { PageUp: scroller.scrollTop - page, PageDown: scroller.scrollTop + page, Home: 0, End: scroller.scrollHeight }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    scroller.scrollTop = to;
  };

  private restoreAnchor(): void {
    const { anchor, scroller } = this;
    if (!anchor || !scroller || this.following() || !anchor.el.isConnected) return;
    const shift = anchor.el.getBoundingClientRect().top - scroller.getBoundingClientRect().top - anchor.top;
    if (Math.abs(shift) >= 0.5) scroller.scrollTop += shift;
  }

  private readonly schedule = (): void => {
    this.frame ||= requestAnimationFrame(this.check);
  };

  /** Once a frame after scrolling: moves the window when the viewport nears its edge. */
  private readonly check = (): void => {
    this.frame = 0;
    const { scroller, content, items } = this;
    if (!scroller || !content || this.following() || this.start < 0) return;
    this.recordAnchor();
    const size = items.length;
    const base = this.firstDrawn();
    if (!base) return;
    // Positions in the content box: measured for the one drawn item, summed heights from there.
    const tops = new Float64Array(size + 1);
    tops[base.index] = base.el.getBoundingClientRect().top - content.getBoundingClientRect().top;
    for (let i = base.index; i < size; i++) tops[i + 1] = tops[i] + this.heightOf(i);
    for (let i = base.index - 1; i >= 0; i--) tops[i] = tops[i + 1] - this.heightOf(i);
    const view = scroller.getBoundingClientRect().top - content.getBoundingClientRect().top;
    const h = scroller.clientHeight;
    const [top, bottom] = [tops[this.start], tops[Math.min(this.end, size)]];
    const moveStart = (this.start > 0 && top > view - h / 2) || top < view - 3 * h;
    const moveEnd = (this.end < size && bottom < view + 1.5 * h) || bottom > view + 4 * h;
    if (!moveStart && !moveEnd) return;
    // One viewport's height of messages above and below what is in view.
    let start = this.start;
    if (moveStart) for (start = 0; start < size - 1 && tops[start + 1] <= view - h; ) start++;
    let end = Math.max(this.end, start + 1);
    if (moveEnd) for (end = start + 1; end < size && tops[end] < view + 2 * h; ) end++;
    if (start === this.start && end === this.end) return;
    this.start = start;
    this.end = end;
    this.host.requestUpdate();
  };

  /** The first drawn item of the window, else of the pinned ones: where positions are measured from. */
  private firstDrawn(): { index: number; el: Element } | undefined {
    const size = this.items.length;
    for (const i of [...range(this.start, this.end), ...range(size - PINNED, size)]) {
      const el = i >= 0 && i < size ? this.elements.get(this.keys.item(this.items[i])) : undefined;
      if (el?.isConnected) return { index: i, el };
    }
    return undefined;
  }
}

const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k);
