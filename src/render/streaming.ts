/**
 * Incremental Markdown rendering for streamed answers (docs/design.md §6).
 *
 * The renderer owns a container element. `append(delta)` only buffers text and schedules at most
 * one render per animation frame. A frame appends the blocks finished since the last frame
 * (each parsed and built into DOM once, never touched again) and re-renders only the open tail.
 * Nothing here reads layout: scrolling/following is the caller's business.
 */
import type { MessageFormat } from '../model/types.js';
import { MarkdownBlockSplitter } from './markdown-blocks.js';
import { MARKDOWN_LIMITS, renderCappedMarkdown, renderMarkdownBlock } from './markdown-limits.js';
import { renderPlainText, truncationNotice } from './plain-text.js';

export interface FrameScheduler {
  request(callback: () => void): number;
  cancel(handle: number): void;
}

export interface StreamingRendererOptions {
  /** Defaults to requestAnimationFrame; tests inject a manual one. */
  scheduler?: FrameScheduler;
  /** Called after each change of the container (the caller applies its image policy). */
  onRender?: () => void;
}

const animationFrames: FrameScheduler = {
  request: (callback) => requestAnimationFrame(() => callback()),
  cancel: (handle) => cancelAnimationFrame(handle),
};


export class StreamingMarkdownRenderer {
  readonly #container: Element;
  readonly #scheduler: FrameScheduler;
  readonly #onRender?: () => void;
  readonly #splitter = new MarkdownBlockSplitter();
  /** Finished blocks waiting for the next frame. */
  #pendingBlocks: string[] = [];
  /** Nodes currently showing the tail, replaced on every frame that changed it. */
  #tailNodes: ChildNode[] = [];
  #renderedTail: string | undefined;
  #frame: number | undefined;
  #closed = false;
  /** Characters taken so far; past MARKDOWN_LIMITS.maxChars the rest is dropped (`#cut`). */
  #length = 0;
  #cut = false;

  constructor(container: Element, options: StreamingRendererOptions = {}) {
    this.#container = container;
    this.#scheduler = options.scheduler ?? animationFrames;
    this.#onRender = options.onRender;
    container.replaceChildren();
  }

  /** All text received so far. */
  get text(): string {
    return this.#splitter.text;
  }

  /** Buffer streamed text; renders on the next frame. Ignored after finish()/dispose(). */
  append(delta: string): void {
    if (this.#closed || delta === '') return;
    const room = MARKDOWN_LIMITS.maxChars - this.#length;
    if (delta.length > room) {
      this.#cut = true;
      delta = delta.slice(0, room);
      if (delta === '') return;
    }
    this.#length += delta.length;
    this.#pendingBlocks.push(...this.#splitter.push(delta));
    this.#frame ??= this.#scheduler.request(() => {
      this.#frame = undefined;
      this.#render();
    });
  }

  /**
   * End of stream: render synchronously, once. When `finalContent` (the server's `final`) differs
   * from what streamed, the message is rendered again from it, with its `format` hint (Markdown
   * or text; a final Draft.js document is the caller's to render, see message-body.directive).
   */
  finish(finalContent?: string, format: MessageFormat = 'markdown'): void {
    if (this.#closed) return;
    this.#cancelFrame();
    this.#closed = true;
    if (finalContent !== undefined && finalContent !== this.#splitter.text && !(this.#cut && finalContent.startsWith(this.#splitter.text))) {
      this.#container.replaceChildren(format === 'text' ? renderPlainText(finalContent) : renderCappedMarkdown(finalContent));
    } else if (this.#splitter.needsFullRender) {
      // A reference definition may resolve links in blocks that are already committed.
      this.#container.replaceChildren(renderCappedMarkdown(this.#splitter.text));
      if (this.#cut) this.#container.append(truncationNotice());
    } else {
      this.#render(true);
      if (this.#cut) this.#container.append(truncationNotice());
    }
    this.#pendingBlocks = [];
    this.#tailNodes = [];
    this.#onRender?.();
  }

  /** Stop rendering; leaves the container's current content in place. */
  dispose(): void {
    this.#cancelFrame();
    this.#closed = true;
    this.#pendingBlocks = [];
    this.#tailNodes = [];
  }

  #cancelFrame(): void {
    if (this.#frame !== undefined) this.#scheduler.cancel(this.#frame);
    this.#frame = undefined;
  }

  /** `final`: the tail is a finished block now, rendered as Markdown up to the block cap. */
  #render(final = false): void {
    const firstTailNode = this.#tailNodes[0] ?? null;
    for (const block of this.#pendingBlocks) this.#container.insertBefore(renderMarkdownBlock(block), firstTailNode);
    this.#pendingBlocks = [];

    const tail = this.#splitter.tail;
    if (tail !== this.#renderedTail || final) {
      for (const node of this.#tailNodes) node.remove();
      // The open block is parsed again every frame: past a size it waits as plain text, so a
      // long hostile paragraph cannot make each frame slower than the last.
      const fragment = renderMarkdownBlock(tail, final ? MARKDOWN_LIMITS.maxBlockChars : MARKDOWN_LIMITS.streamTailChars);
      this.#tailNodes = [...fragment.childNodes];
      this.#container.append(fragment);
      this.#renderedTail = tail;
    }
    this.#onRender?.();
  }
}
