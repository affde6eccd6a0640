/**
 * A long transcript (docs/design.md §6) keeps in the DOM only the messages near the viewport,
 * the latest ones, and one that holds focus; spacers stand for the rest with their measured
 * heights (an average until measured). Loaded with the first long transcript; imports only
 * types from the core, which hands it what it needs.
 *
 * Choices:
 * - The latest `tail` items are drawn while the reader follows the bottom; the last PINNED always
 *   (the latest turn's options and form stay live), and a message holding focus is never removed.
 * - Scrolled up, the window covers the viewport and a viewport's height on either side; it moves
 *   when the viewport comes within half a viewport of its edge (read on scroll, once a frame,
 *   never per streamed chunk).
 * - The browser's scroll anchoring is off for the scroller (`overflow-anchor: none`; Safari has
 *   none anyway): the first message in view is the anchor, and when the window or a height
 *   above it changes, scrollTop moves by its shift before the frame is painted.
 */
import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { repeat } from 'lit/directives/repeat.js';
import type { TranscriptItem } from '../../conversation/conversation-session.js';
import type { ItemRenderer, TranscriptWindow } from '../views/transcript.view.js';

const PINNED = 2;
/** The height of a message never measured, until some are (then their average). */
const FIRST_ESTIMATE = 80;

/**
 * What the core hands this module: the keys of items and of their elements, how many items
 * follow the bottom, and Lit's `repeat` (imported here, it would become a chunk of its own).
 */
interface Core {
  readonly repeat: typeof repeat;
  itemKey(item: TranscriptItem): string;
  elementKey(el: Element): string | undefined;
  readonly tail: number;
  /** Whether the core drew a transcript of this size whole before this module came. */
  drawnWhole(size: number): boolean;
}
type Nodes = () => { scroller?: HTMLElement | null; content?: HTMLElement | null };
/** An item's index, or a spacer for the items [from, to) of `px` height. */
type Entry = number | { from: number; px: number };

export class TranscriptWindowController implements ReactiveController, TranscriptWindow {
  /** The window over the viewport: items [start, end). */
  private start = -1;
  private end = 0;
  private firstKey?: string;
  private items: readonly TranscriptItem[] = [];
  private readonly heights = new Map<string, number>();
  private measuredSum = 0;
  /**
   * The height of a message never measured: the average of those measured, taken when the window
   * moves, not on every render (a growing answer would move the spacers on every frame).
   */
  private estimate = 0;
  /** Drawn message elements, by key and by element. */
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
    private readonly core: Core,
  ) {
    host.addController(this);
  }

  render(items: readonly TranscriptItem[], renderItem: ItemRenderer): unknown {
    const { core } = this;
    const size = items.length;
    const firstKey = core.itemKey(items[0]);
    if (this.following() || (firstKey !== this.firstKey && !core.drawnWhole(size))) {
      // The reader is at the bottom, or a long transcript arrived at once: the latest items.
      this.start = Math.max(0, size - core.tail);
      this.end = size;
    } else if (firstKey !== this.firstKey) {
      // Taking over a transcript drawn whole, the reader somewhere in it: the first check trims it around them.
      this.start = 0;
      this.end = size;
    }
    if (firstKey !== this.firstKey) this.estimate = 0;
    this.firstKey = firstKey;
    this.items = items;
    this.active = true;
    const entries = this.entries(size, this.offsets());
    const layout = entries.map((e) => (typeof e === 'number' ? e : `${e.from}:${e.px}`)).join();
    if (layout !== this.layout) {
      // Where the first message in view is before the DOM changes: put back in hostUpdated.
      this.recordAnchor();
      this.shifted = true;
      this.layout = layout;
    }
    return core.repeat(
      entries,
      (e) => (typeof e === 'number' ? core.itemKey(items[e]) : `gap:${e.from}`),
      (e) => (typeof e === 'number' ? renderItem(items[e], { index: e, size }) : html`<div class="spacer" aria-hidden="true" data-px=${e.px}></div>`),
    );
  }

  /** The items drawn in order, with a spacer for each run left out. */
  private entries(size: number, offsets: Float64Array): Entry[] {
    const ranges = [
      [this.start, Math.min(this.end, size)],
      [size - PINNED, size],
    ];
    const focused = this.focusedIndex();
    if (focused >= 0) ranges.push([focused, focused + 1]);
    const entries: Entry[] = [];
    let at = 0;
    for (const [from, to] of ranges.sort((a, b) => a[0] - b[0])) {
      if (from > at) entries.push({ from: at, px: Math.round(offsets[from] - offsets[at]) });
      for (; at < to; at++) if (at >= from) entries.push(at);
    }
    return entries;
  }

  /** The item holding focus (a link, an option, a form field), or -1. */
  private focusedIndex(): number {
    const content = this.content;
    let el = (content?.getRootNode() as ShadowRoot | undefined)?.activeElement ?? null;
    while (el && el.parentElement !== content) el = el.parentElement;
    const key = el && this.core.elementKey(el);
    for (let i = this.items.length - 1; key && i >= 0; i--) if (this.core.itemKey(this.items[i]) === key) return i;
    return -1;
  }

  /** Where each item starts if the first starts at 0, by measured (else estimated) heights. */
  private offsets(): Float64Array {
    const { items } = this;
    const average = this.estimate || FIRST_ESTIMATE;
    const offsets = new Float64Array(items.length + 1);
    for (let i = 0; i < items.length; i++) offsets[i + 1] = offsets[i] + (this.heights.get(this.core.itemKey(items[i])) ?? average);
    return offsets;
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
    const observer = (this.resizeObserver ??= new ResizeObserver(this.resized));
    for (const [el, key] of this.observed) {
      if (el.isConnected) continue;
      observer.unobserve(el);
      this.observed.delete(el);
      if (this.elements.get(key) === el) this.elements.delete(key);
    }
    for (const el of content.children) {
      const key = this.core.elementKey(el);
      if (key !== undefined && !this.observed.has(el)) {
        this.observed.set(el, key);
        this.elements.set(key, el);
        observer.observe(el);
      }
      // Heights through CSSOM: a strict CSP blocks `style=` bindings (docs/design.md §5).
      if (el.classList.contains('spacer')) (el as HTMLElement).style.height = `${(el as HTMLElement).dataset.px}px`;
    }
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

  private readonly resized = (entries: ResizeObserverEntry[]): void => {
    for (const { target, borderBoxSize } of entries) {
      const key = this.observed.get(target);
      if (key === undefined || !target.isConnected) continue; // a removed element measures 0
      const px = borderBoxSize[0].blockSize;
      this.measuredSum += px - (this.heights.get(key) ?? 0);
      this.heights.set(key, px);
    }
    // The first measurements replace the first guess, drawn next frame (not inside this callback).
    if (!this.estimate) requestAnimationFrame(() => this.reestimate());
    // Layout is fresh here and nothing is painted yet: keep what the reader sees in place.
    this.restoreAnchor();
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

  private restoreAnchor(): void {
    const { anchor, scroller } = this;
    if (!anchor || !scroller || this.following() || !anchor.el.isConnected) return;
    const shift = anchor.el.getBoundingClientRect().top - scroller.getBoundingClientRect().top - anchor.top;
    if (Math.abs(shift) >= 0.5) scroller.scrollTop += shift;
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

  private readonly schedule = (): void => {
    this.frame ||= requestAnimationFrame(this.check);
  };

  /** Once a frame after scrolling: moves the window when the viewport nears its edge. */
  private readonly check = (): void => {
    this.frame = 0;
    const { scroller, content, items } = this;
    const size = items.length;
    let base = this.start;
    while (base < this.end && !this.elements.get(this.core.itemKey(items[base]))?.isConnected) base++;
    if (!scroller || !content || this.following() || base >= this.end) return;
    this.recordAnchor();
    // Positions in the content box, from where the window's first drawn message is, by summed heights.
    const origin = content.getBoundingClientRect().top;
    const offsets = this.offsets();
    const shift = this.elements.get(this.core.itemKey(items[base]))!.getBoundingClientRect().top - origin - offsets[base];
    const top = (i: number) => offsets[i] + shift;
    const view = scroller.getBoundingClientRect().top - origin;
    const h = scroller.clientHeight;
    const [windowTop, windowBottom] = [top(this.start), top(this.end)];
    const moveStart = (this.start > 0 && windowTop > view - h / 2) || windowTop < view - 3 * h;
    const moveEnd = (this.end < size && windowBottom < view + 1.5 * h) || windowBottom > view + 4 * h;
    if (!moveStart && !moveEnd) return;
    // A viewport's height of messages above and below what is in view.
    let start = this.start;
    if (moveStart) for (start = 0; start < size - 1 && top(start + 1) <= view - h; ) start++;
    let end = Math.max(this.end, start + 1);
    if (moveEnd) for (end = start + 1; end < size && top(end) < view + 2 * h; ) end++;
    if (start === this.start && end === this.end) return;
    this.start = start;
    this.end = end;
    this.reestimate();
  };

  private reestimate(): void {
    this.estimate = this.heights.size && this.measuredSum / this.heights.size;
    this.host.requestUpdate();
  }
}
