import { expect } from '@open-wc/testing';
import { StreamingMarkdownRenderer } from '../../src/render/streaming.js';
import type { FrameScheduler } from '../../src/render/streaming.js';
import { renderMessage } from '../../src/render/render-message.js';
import { createRandom } from './draft-generator.js';
import { MARKDOWN_DOCUMENTS, chunk } from './markdown-streaming-fixtures.js';

/** A frame scheduler the test drives by hand. */
class ManualFrames implements FrameScheduler {
  #next = 1;
  readonly callbacks = new Map<number, () => void>();
  requested = 0;
  request(callback: () => void): number {
    this.requested += 1;
    const handle = this.#next++;
    this.callbacks.set(handle, callback);
    return handle;
  }
  cancel(handle: number): void {
    this.callbacks.delete(handle);
  }
  flush(): void {
    const pending = [...this.callbacks.values()];
    this.callbacks.clear();
    for (const callback of pending) callback();
  }
}

function wholeHtml(text: string): string {
  const div = document.createElement('div');
  div.append(renderMessage(text, 'markdown'));
  return div.innerHTML;
}

describe('StreamingMarkdownRenderer', () => {
  it('schedules at most one render per frame and renders nothing before it', () => {
    const frames = new ManualFrames();
    const container = document.createElement('div');
    const renderer = new StreamingMarkdownRenderer(container, { scheduler: frames });
    renderer.append('Hello ');
    renderer.append('**world**');
    renderer.append('!');
    expect(frames.requested).to.equal(1);
    expect(container.childNodes.length).to.equal(0);
    frames.flush();
    expect(container.innerHTML).to.equal('<p>Hello <strong>world</strong>!</p>');
    renderer.append('\n\nNext');
    expect(frames.requested).to.equal(2);
  });

  it('never touches a committed block again: its nodes survive later frames', () => {
    const frames = new ManualFrames();
    const container = document.createElement('div');
    const renderer = new StreamingMarkdownRenderer(container, { scheduler: frames });
    renderer.append('# Title\n\nFirst para');
    frames.flush();
    renderer.append('\n\nSecond para\n');
    frames.flush();
    const heading = container.querySelector('h1')!;
    const first = [...container.querySelectorAll('p')].find((p) => p.textContent === 'First para')!;
    for (const piece of [' more', ' and more', '\n\nThird']) {
      renderer.append(piece);
      frames.flush();
    }
    expect(container.querySelector('h1')).to.equal(heading);
    expect([...container.querySelectorAll('p')].find((p) => p.textContent === 'First para')).to.equal(first);
    renderer.finish();
    expect(container.querySelector('h1')).to.equal(heading);
  });

  it('streams to the same sanitized DOM as rendering the whole text at once', () => {
    const random = createRandom(42);
    for (const doc of MARKDOWN_DOCUMENTS) {
      for (const maxChunk of [1, 7, 40]) {
        const frames = new ManualFrames();
        const container = document.createElement('div');
        const renderer = new StreamingMarkdownRenderer(container, { scheduler: frames });
        for (const piece of chunk(doc, random, maxChunk)) {
          renderer.append(piece);
          if (random() < 0.3) frames.flush();
        }
        frames.flush();
        renderer.finish();
        expect(container.innerHTML, JSON.stringify(doc)).to.equal(wholeHtml(doc));
      }
    }
  });

  it('keeps unsafe content inert while streaming', () => {
    const frames = new ManualFrames();
    const container = document.createElement('div');
    const renderer = new StreamingMarkdownRenderer(container, { scheduler: frames });
    for (const piece of chunk('<img src=x onerror=alert(1)> [x](javascript:alert(1))\n\n<script>alert(2)</script>', createRandom(1), 3)) {
      renderer.append(piece);
      frames.flush();
    }
    renderer.finish();
    expect(container.querySelector('img, script, [onerror]')).to.equal(null);
    expect(container.querySelector('a'), 'a refused link is plain text').to.equal(null);
    expect(container.textContent).to.contain('<img src=x onerror=alert(1)>');
  });

  it('re-renders once from the final content when it differs from the stream', () => {
    const frames = new ManualFrames();
    const container = document.createElement('div');
    const renderer = new StreamingMarkdownRenderer(container, { scheduler: frames });
    renderer.append('Draft answ');
    frames.flush();
    renderer.finish('Final **answer**');
    expect(container.innerHTML).to.equal('<p>Final <strong>answer</strong></p>');
    renderer.append('ignored after finish');
    expect(frames.callbacks.size).to.equal(0);
    expect(container.textContent).to.equal('Final answer');
  });

  it('flush() renders what is buffered at once and cancels the frame it had asked for', () => {
    const frames = new ManualFrames();
    const container = document.createElement('div');
    const renderer = new StreamingMarkdownRenderer(container, { scheduler: frames });
    renderer.append('Now **bold**');
    expect(container.innerHTML).to.equal('');
    renderer.flush();
    expect(container.innerHTML).to.equal('<p>Now <strong>bold</strong></p>');
    expect(frames.callbacks.size).to.equal(0);
    const built = renderer.blocksBuilt;
    renderer.flush();
    expect(renderer.blocksBuilt).to.equal(built);
  });

  it('a final equal to what streamed parses nothing again and keeps every node on screen', () => {
    const frames = new ManualFrames();
    const container = document.createElement('div');
    const renderer = new StreamingMarkdownRenderer(container, { scheduler: frames });
    const text = 'First paragraph.\n\n## Heading\n\n- one\n- **two**\n\nLast paragraph, still open';
    for (const part of chunk(text, createRandom(3), 7)) {
      renderer.append(part);
      frames.flush();
    }
    const built = renderer.blocksBuilt;
    const nodes = [...container.childNodes];
    renderer.finish(text);
    expect(renderer.blocksBuilt).to.equal(built);
    expect([...container.childNodes]).to.have.ordered.members(nodes);
    expect(container.innerHTML).to.equal(wholeHtml(text));
  });

  it('a different final replaces only the blocks that differ', () => {
    const frames = new ManualFrames();
    const container = document.createElement('div');
    const renderer = new StreamingMarkdownRenderer(container, { scheduler: frames });
    const blocks = ['Intro paragraph.\n\n', '## One\n\n', 'Middle as streamed.\n\n', '## Two\n\n', 'Closing words.'];
    renderer.append(blocks.join(''));
    frames.flush();
    const before = [...container.children];
    expect(before.map((e) => e.tagName)).to.deep.equal(['P', 'H2', 'P', 'H2', 'P']);
    const built = renderer.blocksBuilt;
    const final = blocks.join('').replace('Middle as streamed.', 'Middle, *corrected*.');
    renderer.finish(final);
    expect(renderer.blocksBuilt - built).to.equal(1);
    const after = [...container.children];
    expect(after[2]).not.to.equal(before[2]);
    expect([after[0], after[1], after[3], after[4]]).to.have.ordered.members([before[0], before[1], before[3], before[4]]);
    expect(container.innerHTML).to.equal(wholeHtml(final));
  });

  it('a different final renders as a whole render would, whatever streamed before', () => {
    const random = createRandom(7);
    for (const streamed of MARKDOWN_DOCUMENTS) {
      for (const final of MARKDOWN_DOCUMENTS.slice(0, 6)) {
        const frames = new ManualFrames();
        const container = document.createElement('div');
        const renderer = new StreamingMarkdownRenderer(container, { scheduler: frames });
        for (const part of chunk(streamed, random, 9)) {
          renderer.append(part);
          if (random() < 0.5) frames.flush();
        }
        renderer.finish(final);
        expect(container.innerHTML, `${JSON.stringify(streamed)} then ${JSON.stringify(final)}`).to.equal(wholeHtml(final));
      }
    }
  });

  it('finishes a pending frame synchronously and resolves late reference links', () => {
    const frames = new ManualFrames();
    const container = document.createElement('div');
    const renderer = new StreamingMarkdownRenderer(container, { scheduler: frames });
    renderer.append('See [the docs].\n\nMore text.\n\n[the docs]: https://example.com/docs\n');
    renderer.finish();
    expect(frames.callbacks.size).to.equal(0);
    expect(container.querySelector('a')?.getAttribute('href')).to.equal('https://example.com/docs');
  });

  it('dispose() cancels the pending frame and keeps what is shown', () => {
    const frames = new ManualFrames();
    const container = document.createElement('div');
    const renderer = new StreamingMarkdownRenderer(container, { scheduler: frames });
    renderer.append('shown');
    frames.flush();
    renderer.append(' not shown');
    renderer.dispose();
    expect(frames.callbacks.size).to.equal(0);
    expect(container.textContent).to.equal('shown');
  });

  // Speed is the benchmark's business; this proves the structure that keeps the cost flat:
  // finished blocks are never touched again, and each frame replaces only the open tail.
  it('never touches finished blocks again: each frame replaces only the open tail', () => {
    const frames = new ManualFrames();
    const container = document.createElement('div');
    const renderer = new StreamingMarkdownRenderer(container, { scheduler: frames });
    const paragraph = 'Lorem ipsum dolor sit amet, consectetur **adipiscing** elit, sed do eiusmod tempor.\n\n';
    const stream = (count: number, seed: number) => {
      for (let i = 0; i < count; i++) {
        for (const piece of chunk(paragraph, createRandom(seed + i), 5)) renderer.append(piece);
        frames.flush();
      }
    };
    stream(50, 0);
    const early = [...container.childNodes].slice(0, 40);
    let removedPerFrame = 0;
    const observer = new MutationObserver((records) => {
      const removed = records.reduce((n, r) => n + r.removedNodes.length, 0);
      removedPerFrame = Math.max(removedPerFrame, removed);
    });
    observer.observe(container, { childList: true, subtree: true, characterData: true });
    for (let i = 0; i < 2_000; i++) {
      stream(1, 50 + i);
      observer.takeRecords().forEach((r) => {
        removedPerFrame = Math.max(removedPerFrame, r.removedNodes.length);
        // Only direct children change: nothing inside a finished block is rewritten.
        expect(r.target).to.equal(container);
      });
    }
    observer.disconnect();
    renderer.finish();
    expect(container.querySelectorAll('p').length).to.equal(2_050);
    expect([...container.childNodes].slice(0, 40), 'the same nodes, never re-rendered').to.deep.equal(early);
    expect(removedPerFrame, 'a frame removes at most the old tail').to.be.at.most(2);
  });

  it('does not read layout while streaming', () => {
    const frames = new ManualFrames();
    const container = document.createElement('div');
    document.body.append(container);
    const reads: string[] = [];
    const spies: Array<[object, string, PropertyDescriptor]> = [];
    for (const [proto, names] of [
      [HTMLElement.prototype, ['offsetHeight', 'offsetWidth', 'offsetTop']],
      [Element.prototype, ['scrollHeight', 'scrollTop', 'clientHeight']],
    ] as const) {
      for (const name of names) {
        const descriptor = Object.getOwnPropertyDescriptor(proto, name)!;
        spies.push([proto, name, descriptor]);
        Object.defineProperty(proto, name, { configurable: true, get() { reads.push(name); return descriptor.get!.call(this); } });
      }
    }
    const originalRect = Element.prototype.getBoundingClientRect;
    Element.prototype.getBoundingClientRect = function (this: Element) {
      reads.push('getBoundingClientRect');
      return originalRect.call(this);
    };
    try {
      const renderer = new StreamingMarkdownRenderer(container, { scheduler: frames });
      for (const piece of chunk(MARKDOWN_DOCUMENTS[0]!, createRandom(3), 4)) {
        renderer.append(piece);
        frames.flush();
      }
      renderer.finish();
    } finally {
      for (const [proto, name, descriptor] of spies) Object.defineProperty(proto, name, descriptor);
      Element.prototype.getBoundingClientRect = originalRect;
      container.remove();
    }
    expect(reads).to.deep.equal([]);
  });

  it('uses requestAnimationFrame by default', async () => {
    const container = document.createElement('div');
    const renderer = new StreamingMarkdownRenderer(container);
    renderer.append('raf *works*');
    expect(container.innerHTML).to.equal('');
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
    expect(container.innerHTML).to.equal('<p>raf <em>works</em></p>');
    renderer.dispose();
  });
});
