/**
 * The transcript: the `role="log"` scroller, its messages, the empty state and the typing
 * indicator. A long one (over WINDOW_FROM items, docs/design.md §6) is windowed by
 * transcript-window.controller.ts, loaded with the first long transcript; until it arrives only
 * the latest FIRST_SHOWN items are drawn.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { TranscriptItem, UserTurn } from '../../conversation/conversation-session.js';
import type { PanelStrings } from '../../i18n/strings.js';

/** Up to this many items the transcript renders every message, as it always did. */
export const WINDOW_FROM = 100;
/** The latest items drawn while the windowing module loads, and while the reader follows the bottom. */
export const FIRST_SHOWN = 20;
/** Until the windowing module arrives, a transcript this long is still drawn whole. */
export const drawnWhole = (size: number): boolean => size <= 2 * WINDOW_FROM;

/** A message's place in the whole transcript (`aria-posinset`, `aria-setsize`). */
export interface ItemPosition {
  readonly index: number;
  readonly size: number;
}

export type ItemRenderer = (item: TranscriptItem, at: ItemPosition) => TemplateResult | typeof nothing;

/** What windows a long transcript (transcript-window.controller.ts). */
export interface TranscriptWindow {
  render(items: readonly TranscriptItem[], renderItem: ItemRenderer): unknown;
}

/** The key of an item, and of the element a message view draws for it (`data-turn`, `data-node`). */
export const itemKey = (item: TranscriptItem): string => (item.kind === 'user' ? item.turn.id : `bot:${item.id}`);
export function elementKey(el: Element): string | undefined {
  const { turn, node } = (el as HTMLElement).dataset;
  return turn ?? (node === undefined ? undefined : `bot:${node}`);
}

export interface TranscriptView {
  readonly strings: PanelStrings;
  readonly items: readonly TranscriptItem[];
  /** A turn is in flight and none of its reply is on screen yet. */
  readonly typing: boolean;
  readonly windowed?: TranscriptWindow;
  /** Asked for when the transcript is long and no window is there yet. */
  readonly needsWindow: () => void;
}

export function renderTranscript(v: TranscriptView, renderItem: ItemRenderer): TemplateResult {
  const s = v.strings;
  return html`<div class="messages" part="messages" role="log" aria-live="off" aria-label=${s.transcriptLabel} tabindex="0">
    <div class="transcript">
      ${v.items.length === 0 ? html`<div class="empty" part="empty"><slot name="empty">${s.emptyState}</slot></div>` : nothing}
      ${renderItems(v, renderItem)}
      ${v.typing
        ? html`<div class="message bot" part="message">
            <div class="bubble" part="bubble"><span class="typing"><i></i><i></i><i></i><span class="sr-only">${s.loading}</span></span></div>
          </div>`
        : nothing}
    </div>
  </div>`;
}

function renderItems({ items, windowed, needsWindow }: TranscriptView, renderItem: ItemRenderer): unknown {
  const size = items.length;
  // Fetched a little before it is needed, so a conversation growing past the threshold has it.
  if (size > WINDOW_FROM * 0.8) needsWindow();
  if (size > WINDOW_FROM && windowed) return windowed.render(items, renderItem);
  // Until it arrives: every message of a conversation that just grew past the threshold (the
  // reader may be among them), only the latest of a long one restored at once.
  const from = drawnWhole(size) ? 0 : size - FIRST_SHOWN;
  return repeat(from ? items.slice(from) : items, itemKey, (item, i) => renderItem(item, { index: from + i, size }));
}

/** A turn is in flight and no part of the reply is on screen yet. */
export function awaitingReply(phase: string, items: readonly TranscriptItem[]): boolean {
  if (phase === 'sending' || phase === 'starting') return true;
  if (phase !== 'streaming') return false;
  const last = items[items.length - 1];
  return last === undefined || last.kind === 'user';
}

export function lastUserTurn(items: readonly TranscriptItem[]): UserTurn | undefined {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item.kind === 'user') return item.turn;
  }
  return undefined;
}
