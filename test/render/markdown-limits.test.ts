// Issue 11, item 6: size caps for Markdown and plain text (docs/design.md §5), and a bounded
// re-render of the open block while streaming. Speed is measured by `npm run bench`; these
// tests check the behaviour the caps promise.
import { expect } from '@open-wc/testing';
import { MARKDOWN_LIMITS } from '../../src/render/markdown-limits.js';
import { MAX_TEXT_CHARS, TRUNCATED_CLASS } from '../../src/render/plain-text.js';
import { renderMessage } from '../../src/render/render-message.js';
import { StreamingMarkdownRenderer, type FrameScheduler } from '../../src/render/streaming.js';

const frames = (): FrameScheduler & { flush(): void } => {
  const queue = new Map<number, () => void>();
  let next = 1;
  return {
    request: (callback) => (queue.set(next, callback), next++),
    cancel: (handle) => void queue.delete(handle),
    flush() {
      const callbacks = [...queue.values()];
      queue.clear();
      callbacks.forEach((callback) => callback());
    },
  };
};

const rendered = (text: string, format: 'markdown' | 'text' = 'markdown') => {
  const div = document.createElement('div');
  div.append(renderMessage(text, format));
  return div;
};

describe('Markdown and plain-text caps (issue 11, item 6)', () => {
  it('a block over the block cap is plain text; blocks around it stay Markdown', () => {
    const long = `**bold** ${'word '.repeat(MARKDOWN_LIMITS.maxBlockChars / 5)}`;
    const div = rendered(`# Title\n\n${long}\n\nAfter **this**`);
    expect(div.querySelector('h1')?.textContent).to.equal('Title');
    expect(div.textContent).to.include('**bold**');
    expect([...div.querySelectorAll('strong')].map((s) => s.textContent)).to.deep.equal(['this']);
  });

  it('hostile shapes render as bounded plain text: a_ ×40 KB, **a ×20,000, a 400-level list', () => {
    const cases = ['a_'.repeat(20_000), '**a'.repeat(20_000), Array.from({ length: 400 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n')];
    for (const text of cases) {
      const div = rendered(text);
      expect(div.querySelectorAll('em, strong, li').length, text.slice(0, 12)).to.equal(0);
      expect(div.textContent!.replace(/\s+/g, '')).to.equal(text.replace(/\s+/g, ''));
    }
  });

  it('a message over the cap is cut with a notice (Markdown and plain text)', () => {
    const md = rendered('Some *text* here.\n\n'.repeat(MARKDOWN_LIMITS.maxChars / 10));
    expect(md.lastElementChild!.className).to.equal(TRUNCATED_CLASS);
    expect(md.textContent!.length).to.be.below(MARKDOWN_LIMITS.maxChars);
    const text = rendered('x'.repeat(5_000_000), 'text');
    expect(text.lastElementChild!.className).to.equal(TRUNCATED_CLASS);
    expect(text.textContent!.length).to.be.below(MAX_TEXT_CHARS + 100);
    expect(rendered('short', 'text').querySelector(`.${TRUNCATED_CLASS}`)).to.equal(null);
  });

  it('while streaming, an open block past the tail limit waits as plain text until it closes', () => {
    const scheduler = frames();
    const container = document.createElement('div');
    const renderer = new StreamingMarkdownRenderer(container, { scheduler });
    renderer.append('**short** start\n\n');
    // Blocks commit once the line after them is complete (markdown-blocks.ts).
    renderer.append(`**open** ${'word '.repeat(MARKDOWN_LIMITS.streamTailChars / 5)}\n`);
    scheduler.flush();
    expect([...container.querySelectorAll('strong')].map((s) => s.textContent)).to.deep.equal(['short']);
    expect(container.textContent).to.include('**open**');
    renderer.append('\nNext block\n');
    scheduler.flush();
    expect([...container.querySelectorAll('strong')].map((s) => s.textContent)).to.deep.equal(['short', 'open']);
  });

  it('a stream past the message cap stops taking text and ends with the notice', () => {
    const scheduler = frames();
    const container = document.createElement('div');
    const renderer = new StreamingMarkdownRenderer(container, { scheduler });
    const piece = 'Some text.\n\n'.repeat(1000);
    for (let sent = 0; sent < MARKDOWN_LIMITS.maxChars + 50_000; sent += piece.length) renderer.append(piece);
    renderer.finish();
    expect(container.lastElementChild!.className).to.equal(TRUNCATED_CLASS);
    expect(container.textContent!.length).to.be.at.most(MARKDOWN_LIMITS.maxChars + 100);
  });
});
