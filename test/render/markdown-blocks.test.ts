import { expect } from '@open-wc/testing';
import { MarkdownBlockSplitter } from '../../src/render/markdown-blocks.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { createRandom } from './draft-generator.js';
import { MARKDOWN_DOCUMENTS, chunk, randomMarkdown } from './markdown-streaming-fixtures.js';

function markdownHtml(source: string): string {
  const div = document.createElement('div');
  div.append(renderMarkdown(source));
  return div.innerHTML;
}

function splitAll(text: string, chunks: string[]): { blocks: string[]; splitter: MarkdownBlockSplitter } {
  const splitter = new MarkdownBlockSplitter();
  const blocks: string[] = [];
  let committedSoFar = '';
  for (const piece of chunks) {
    const before = splitter.text.slice(0, splitter.committedLength);
    blocks.push(...splitter.push(piece));
    // The committed prefix only ever grows: what was committed stays byte-identical.
    expect(splitter.text.slice(0, before.length)).to.equal(before);
    committedSoFar = blocks.join('');
    expect(committedSoFar + splitter.tail).to.equal(splitter.text);
  }
  expect(splitter.text).to.equal(text);
  return { blocks, splitter };
}

describe('MarkdownBlockSplitter', () => {
  it('splits at blank lines between independent blocks', () => {
    const splitter = new MarkdownBlockSplitter();
    // A block is committed once the next block's first line is complete.
    expect(splitter.push('# Title\n\nPara')).to.deep.equal([]);
    expect(splitter.push(' one\n')).to.deep.equal(['# Title\n\n']);
    expect(splitter.tail).to.equal('Para one\n');
    expect(splitter.push('\n\nNext\n')).to.deep.equal(['Para one\n\n\n']);
    expect(splitter.tail).to.equal('Next\n');
  });

  it('never splits inside a fenced code block, however many blank lines it has', () => {
    const splitter = new MarkdownBlockSplitter();
    expect(splitter.push('```\na\n\nb\n\n```\n\nafter\n')).to.deep.equal(['```\na\n\nb\n\n```\n\n']);
  });

  it('keeps a loose list together and indented continuations with their item', () => {
    const splitter = new MarkdownBlockSplitter();
    expect(splitter.push('- a\n\n- b\n\n  more b\n\n')).to.deep.equal([]);
    expect(splitter.push('para\n')).to.deep.equal(['- a\n\n- b\n\n  more b\n\n']);
  });

  it('splits raw HTML like any text: it is not parsed, so no HTML block spans blank lines', () => {
    const splitter = new MarkdownBlockSplitter();
    expect(splitter.push('<!--\n\nx\n\n-->\n')).to.deep.equal(['<!--\n\n', 'x\n\n']);
  });

  it('ends a fence opened inside a list item with the item', () => {
    const splitter = new MarkdownBlockSplitter();
    // The list (and its item's fence) ends at the blank line before `b`; the second fence is top-level.
    expect(splitter.push('- a\n  ```\n\nb\n  ```\n\nc\n')).to.deep.equal(['- a\n  ```\n\n']);
    expect(splitter.tail).to.equal('b\n  ```\n\nc\n');
    // A fence at column 0 is top-level even right after a list item: it spans blank lines.
    const other = new MarkdownBlockSplitter();
    expect(other.push('- a\n```\n\nb\n\n```\n\nc\n')).to.deep.equal(['- a\n```\n\nb\n\n```\n\n']);
  });

  it('reads a lone CR as a line break, as the parser does', () => {
    const splitter = new MarkdownBlockSplitter();
    // `\r```` opens a fence for the parser: the blank line inside it is no boundary.
    expect(splitter.push('a\r```\n\nb\n')).to.deep.equal([]);
  });

  it('flags link reference definitions for a final full render', () => {
    const splitter = new MarkdownBlockSplitter();
    splitter.push('See [docs].\n\n');
    expect(splitter.needsFullRender).to.equal(false);
    splitter.push('[docs]: https://example.com\n');
    expect(splitter.needsFullRender).to.equal(true);
  });

  // Its speed is measured by the benchmark, never timed here; this checks the long-line path is right.
  it('keeps a 200,000-character line pushed one character at a time whole, as one open block', () => {
    const splitter = new MarkdownBlockSplitter();
    const committed: string[] = [];
    for (let i = 0; i < 200_000; i++) committed.push(...splitter.push(i % 1000 === 999 ? 'y' : 'x'));
    expect(committed).to.deep.equal([]);
    expect(splitter.tail.length).to.equal(200_000);
    expect(splitter.text.split('y')).to.have.lengthOf(201);
    const line = splitter.text;
    // The block is committed once the next block's first line is complete.
    expect(splitter.push('\n\nnext')).to.deep.equal([]);
    expect(splitter.push('\n')).to.deep.equal([`${line}\n\n`]);
    expect(splitter.tail).to.equal('next\n');
  });

  it('committed blocks + tail rendered separately equal the whole document (fixtures and random docs)', () => {
    const random = createRandom(7);
    const docs = [...MARKDOWN_DOCUMENTS];
    for (let i = 0; i < 150; i++) docs.push(randomMarkdown(random, 4 + Math.floor(random() * 30)));
    let splitDocs = 0;
    docs.forEach((doc, index) => {
      const { blocks, splitter } = splitAll(doc, chunk(doc, random, 12));
      if (blocks.length > 0) splitDocs += 1;
      const pieces = [...blocks, splitter.tail].map((piece) => markdownHtml(piece)).join('');
      if (!splitter.needsFullRender) {
        expect(pieces, `document #${index}: ${JSON.stringify(doc)}\nblocks: ${JSON.stringify(blocks)}`).to.equal(markdownHtml(doc));
      }
    });
    expect(splitDocs).to.be.greaterThan(docs.length / 3);
  });
});
