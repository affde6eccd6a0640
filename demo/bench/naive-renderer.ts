// The naive renderer of the streaming comparison: the whole message parsed and rendered again
// on each chunk, with the widget's own Markdown renderer (markdown.ts, block by block, within the
// same caps), so the difference measured is the streaming strategy, not the parser.
import { renderMarkdownMessage } from '../../src/render/markdown-message.js';

export class NaiveRenderer {
  #text = '';

  constructor(private readonly container: Element) {}

  append(delta: string): void {
    this.#text += delta;
    this.container.replaceChildren(renderMarkdownMessage(this.#text));
  }

  finish(content: string): void {
    this.#text = content;
    this.container.replaceChildren(renderMarkdownMessage(content));
  }
}
