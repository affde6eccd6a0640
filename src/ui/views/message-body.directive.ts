import { noChange } from 'lit';
import { Directive, PartType, directive, type ElementPart, type PartInfo } from 'lit/directive.js';
import type { MessageFormat, ResponseNode } from '../../model/types.js';
import { renderMessage } from '../../render/render-message.js';
import { StreamingMarkdownRenderer } from '../../render/streaming.js';
import { formatOf } from '../../render/message-format.js';

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
 * until its text changes.
 */
class MessageBodyDirective extends Directive {
  private streamRenderer?: StreamingMarkdownRenderer;
  private streamed = '';
  private message?: string;
  private format?: MessageFormat;

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('messageBody() belongs on an element');
  }

  render(_node: ResponseNode): typeof noChange {
    return noChange;
  }

  override update(part: ElementPart, [node]: [ResponseNode]): typeof noChange {
    const el = part.element;
    const format = formatOf(node);
    const live = !node.completed && !(node as { interrupted?: boolean }).interrupted;
    if (live && format !== 'draftjs' && !/^\s*\{/.test(node.message.slice(0, 8))) {
      this.stream(el, node.message);
      return noChange;
    }
    if (this.streamRenderer) {
      // The stream settled: one last render, from the final text when it differs.
      this.streamRenderer.finish(node.message, format ?? 'markdown');
      this.streamRenderer = undefined;
      this.message = node.message;
      this.format = format;
      return noChange;
    }
    if (node.message === this.message && format === this.format) return noChange;
    el.replaceChildren(renderMessage(node.message, format));
    this.message = node.message;
    this.format = format;
    return noChange;
  }

  private stream(el: Element, text: string): void {
    if (this.streamRenderer && extends_(text, this.streamed)) {
      this.streamRenderer.append(text.slice(this.streamed.length));
    } else {
      // First text, or the server rewrote the message (an NDJSON snapshot): start over.
      this.streamRenderer?.dispose();
      this.streamRenderer = new StreamingMarkdownRenderer(el);
      this.streamRenderer.append(text);
    }
    this.streamed = text;
  }
}

export const messageBody = directive(MessageBodyDirective);
