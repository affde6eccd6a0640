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


/** A block on screen: its Markdown and the container's nodes that show it (null: not built yet). */
interface ShownBlock {
  text: string;
  nodes: ChildNode[] | null;
}

export class StreamingMarkdownRenderer {
  readonly #container: Element;
  readonly #scheduler: FrameScheduler;
  readonly #onRender?: () => void;
  readonly #splitter = new MarkdownBlockSplitter();
  /** Finished blocks on screen, in order, each built once. */
  #blocks: ShownBlock[] = [];
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
  /** Blocks parsed and built so far (tests count them: a block is never built twice). */
  #built = 0;

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

  /** How many blocks (finished ones and versions of the open tail) have been parsed and built. */
  get blocksBuilt(): number {
    return this.#built;
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
    const finished = this.#splitter.push(delta);
    for (const block of finished) this.#pendingBlocks.push(block);
    this.#frame ??= this.#scheduler.request(() => {
      this.#frame = undefined;
      this.#render();
    });
  }

  /**
   * Renders what is buffered now rather than at the next frame: for a caller that is in an
   * animation frame already (the element's update), so the text shows in this frame, not the next.
   */
  flush(): void {
    if (this.#closed || this.#frame === undefined) return;
    this.#cancelFrame();
    this.#render();
  }

  /**
   * End of stream: render synchronously, once. When `finalContent` (the server's `final`) is what
   * streamed, nothing on screen is parsed again: only what no frame has shown yet is built. When it
   * differs, the blocks both share at the start and at the end stay and only the blocks between are
   * replaced. Format `text` shows the final as plain text (a final Draft.js document is the
   * caller's to render, see message-body.directive).
   */
  finish(finalContent?: string, format: MessageFormat = 'markdown'): void {
    if (this.#closed) return;
    this.#cancelFrame();
    this.#closed = true;
    const streamed = this.#splitter.text;
    const same = finalContent === undefined || finalContent === streamed || (this.#cut && finalContent.startsWith(streamed));
    if (!same && format === 'text') {
      this.#container.replaceChildren(renderPlainText(finalContent));
    } else if (this.#splitter.needsFullRender || (!same && !this.#diffable(finalContent))) {
      // A reference definition may resolve links in blocks that are already committed.
      this.#container.replaceChildren(renderCappedMarkdown(same ? streamed : finalContent));
      if (same && this.#cut) this.#container.append(truncationNotice());
    } else {
      const shown = this.#shownBlocks();
      this.#reconcile(shown, same ? shown.map((b) => b.text) : blocksOf(finalContent));
      if (same && this.#cut) this.#container.append(truncationNotice());
    }
    this.#blocks = [];
    this.#pendingBlocks = [];
    this.#tailNodes = [];
    this.#onRender?.();
  }

  /** Stop rendering; leaves the container's current content in place. */
  dispose(): void {
    this.#cancelFrame();
    this.#closed = true;
    this.#blocks = [];
    this.#pendingBlocks = [];
    this.#tailNodes = [];
  }

  #cancelFrame(): void {
    if (this.#frame !== undefined) this.#scheduler.cancel(this.#frame);
    this.#frame = undefined;
  }

  /** A final that can be compared block by block: within the caps, no document-wide references. */
  #diffable(content: string): boolean {
    if (content.length > MARKDOWN_LIMITS.maxChars) return false;
    const splitter = new MarkdownBlockSplitter();
    splitter.push(content);
    return !splitter.needsFullRender;
  }

  /** What the container shows, block by block; a tail shown as plain text while open counts as not built. */
  #shownBlocks(): ShownBlock[] {
    const tail = this.#splitter.tail;
    const tailBuilt = tail === this.#renderedTail && tail.length <= MARKDOWN_LIMITS.streamTailChars;
    return [
      ...this.#blocks,
      ...this.#pendingBlocks.map((text) => ({ text, nodes: null })),
      { text: tail, nodes: tailBuilt ? this.#tailNodes : null },
    ];
  }

  /**
   * Makes the container show `target` (a list of blocks) from `shown`: the common first and last
   * blocks keep their nodes, the others are removed, and whatever is missing is built once.
   */
  #reconcile(shown: ShownBlock[], target: string[]): void {
    let head = 0;
    const most = Math.min(shown.length, target.length);
    while (head < most && shown[head].text === target[head]) head++;
    let back = 0;
    while (back < most - head && shown[shown.length - 1 - back].text === target[target.length - 1 - back]) back++;
    // Streamed nodes that are neither at the start nor at the end go; so does a tail not built as Markdown.
    const stale = shown.slice(head, shown.length - back);
    if (!shown.at(-1)!.nodes) stale.push({ text: '', nodes: this.#tailNodes });
    for (const block of stale) for (const node of block.nodes ?? []) node.remove();
    const result: ShownBlock[] = [
      ...shown.slice(0, head),
      ...target.slice(head, target.length - back).map((text) => ({ text, nodes: null })),
      ...shown.slice(shown.length - back),
    ];
    // From the end, so each built block goes before the first node of the block after it.
    let next: ChildNode | null = null;
    for (let i = result.length - 1; i >= 0; i--) {
      const block = result[i];
      if (!block.nodes) {
        const fragment = this.#build(block.text, MARKDOWN_LIMITS.maxBlockChars);
        block.nodes = [...fragment.childNodes];
        this.#container.insertBefore(fragment, next);
      }
      next = block.nodes[0] ?? next;
    }
  }

  #build(markdown: string, limit: number): DocumentFragment {
    this.#built += 1;
    return renderMarkdownBlock(markdown, limit);
  }

  /** Appends the blocks finished since the last frame, and the open tail if it changed. */
  #render(): void {
    const firstTailNode = this.#tailNodes[0] ?? null;
    for (const text of this.#pendingBlocks) {
      const fragment = this.#build(text, MARKDOWN_LIMITS.maxBlockChars);
      this.#blocks.push({ text, nodes: [...fragment.childNodes] });
      this.#container.insertBefore(fragment, firstTailNode);
    }
    this.#pendingBlocks = [];

    const tail = this.#splitter.tail;
    if (tail !== this.#renderedTail) {
      for (const node of this.#tailNodes) node.remove();
      // The open block is parsed again every frame: past a size it waits as plain text, so a
      // long hostile paragraph cannot make each frame slower than the last.
      const fragment = this.#build(tail, MARKDOWN_LIMITS.streamTailChars);
      this.#tailNodes = [...fragment.childNodes];
      this.#container.append(fragment);
      this.#renderedTail = tail;
    }
    this.#onRender?.();
  }
}

/** A whole message's blocks as the streaming splitter finds them (the last line stays in the tail). */
function blocksOf(content: string): string[] {
  const splitter = new MarkdownBlockSplitter();
  return [...splitter.push(content), splitter.tail];
}
