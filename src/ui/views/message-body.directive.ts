import { noChange } from 'lit';
import { Directive, PartType, directive, type ElementPart, type PartInfo } from 'lit/directive.js';
import type { MessageFormat, ResponseNode } from '../../model/types.js';
import { formatOf, parseDraftContent } from '../../render/message-format.js';
import { renderPlainText } from '../../render/plain-text.js';
import type { ImagePolicy } from '../../render/image-gate.js';
import { revealImages } from '../../render/image-gate.js';
import { loadRenderer, markdownRenderer, renderWhenReady, type RichFormat } from '../../render/renderer-loader.js';
import type { StreamingMarkdownRenderer } from '../../render/streaming.js';

/** How much of the previous text is compared to tell an append from a rewrite: O(1) per chunk. */
const TAIL_CHECK = 32;

function extends_(next: string, prev: string): boolean {
  if (next.length < prev.length) return false;
  const from = Math.max(0, prev.length - TAIL_CHECK);
  return next.startsWith(prev.slice(from), from);
}

/**
 * Puts a message's sanitized content into its bubble. A Markdown answer that is still
 * streaming goes through the incremental renderer (only the new text is handed over, the open
 * tail re-rendered at most once a frame); a settled message is rendered once and left alone
 * until its text changes. The Markdown and Draft.js renderers load with the first message that
 * needs one: until then the bubble shows the text as plain text (Markdown) or stays busy
 * (Draft.js, whose raw JSON is not for reading), and fills in when the renderer arrives.
 */
class MessageBodyDirective extends Directive {
  private streamRenderer?: StreamingMarkdownRenderer;
  private streamed = '';
  private message?: string;
  private format?: MessageFormat;
  private element?: Element;
  private node?: ResponseNode;
  private waitingFor?: RichFormat;

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('messageBody() belongs on an element');
  }

  private unavailable = '';
  private images: ImagePolicy = { origins: [], label: (host) => host };

  render(_node: ResponseNode, _unavailable: string, _images: ImagePolicy): typeof noChange {
    return noChange;
  }

  override update(part: ElementPart, [node, unavailable, images]: [ResponseNode, string, ImagePolicy]): typeof noChange {
    this.element = part.element;
    this.node = node;
    this.unavailable = unavailable;
    this.images = images;
    this.apply(part.element, node);
    return noChange;
  }

  /** A body that fails to render says so; its neighbours and the panel carry on. */
  private apply(el: Element, node: ResponseNode): void {
    try {
      this.draw(el, node);
    } catch {
      this.streamRenderer = undefined;
      this.message = undefined;
      el.replaceChildren(this.unavailable);
    }
  }

  private draw(el: Element, node: ResponseNode): void {
    const format = formatOf(node);
    const live = !node.completed && !(node as { interrupted?: boolean }).interrupted;
    if (live && format !== 'draftjs' && !/^\s*\{/.test(node.message.slice(0, 8))) {
      this.stream(el, node.message);
      return;
    }
    if (this.streamRenderer) {
      // The stream settled: one last render, from the final text when it differs.
      if (parseDraftContent(node.message)) {
        this.streamRenderer.dispose(); // a Draft.js final: rendered below like any settled message
      } else {
        this.streamRenderer.finish(node.message, format === 'text' ? 'text' : 'markdown');
        this.streamRenderer = undefined;
        this.streamed = ''; // the streamed text is the message's now: no second copy kept
        this.message = node.message;
        this.format = format;
        return;
      }
      this.streamRenderer = undefined;
      this.streamed = '';
    }
    if (node.message === this.message && format === this.format) return;
    const attempt = renderWhenReady(node.message, format);
    if ('needs' in attempt) {
      // Until the renderer arrives: Markdown reads fine as text; Draft.js JSON does not.
      el.replaceChildren(attempt.needs === 'markdown' ? renderPlainText(node.message) : '');
      this.whenLoaded(attempt.needs);
      return;
    }
    el.replaceChildren(attempt.fragment);
    revealImages(el, this.images);
    this.message = node.message;
    this.format = format;
  }

  private stream(el: Element, text: string): void {
    const renderer = markdownRenderer();
    if (!renderer) {
      el.replaceChildren(renderPlainText(text));
      this.whenLoaded('markdown');
      return;
    }
    if (this.streamRenderer && extends_(text, this.streamed)) {
      this.streamRenderer.append(text.slice(this.streamed.length));
    } else {
      // First text, or the server rewrote the message (an NDJSON snapshot): start over.
      this.streamRenderer?.dispose();
      this.streamRenderer = new renderer.StreamingMarkdownRenderer(el, { onRender: () => revealImages(el, this.images) });
      this.streamRenderer.append(text);
    }
    // The element updates at most once a frame while an answer streams (the conversation
    // controller coalesces changes to an animation frame): render in this frame, not the next.
    this.streamRenderer.flush();
    this.streamed = text;
  }

  /** Renders the latest node again once its renderer has loaded (or shows it as text if it cannot). */
  private whenLoaded(format: RichFormat): void {
    if (this.waitingFor === format) return;
    this.waitingFor = format;
    loadRenderer(format).then(
      () => {
        this.waitingFor = undefined;
        if (this.element?.isConnected && this.node) this.apply(this.element, this.node);
      },
      () => {
        this.waitingFor = undefined;
        // The chunk could not be fetched: the text stays readable, without formatting.
        if (this.element?.isConnected && this.node && format === 'draftjs') {
          this.element.replaceChildren(renderPlainText(draftText(this.node.message)));
        }
      },
    );
  }
}

/** The words of a Draft.js document without its renderer (a last resort when it cannot load). */
function draftText(message: string): string {
  const raw = parseDraftContent(message);
  const blocks = Array.isArray(raw?.['blocks']) ? (raw['blocks'] as unknown[]) : [];
  return blocks.map((b) => (b && typeof (b as { text?: unknown }).text === 'string' ? (b as { text: string }).text : '')).join('\n');
}

export const messageBody = directive(MessageBodyDirective);
