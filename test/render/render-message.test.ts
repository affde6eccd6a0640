import { expect } from '@open-wc/testing';
import { citationLabel, citationLink, stepContent } from '../../src/render/citations.js';
import { detectMessageFormat, renderMessage } from '../../src/render/render-message.js';

function html(content: string, format?: 'draftjs' | 'markdown' | 'text'): string {
  const div = document.createElement('div');
  div.append(renderMessage(content, format));
  return div.innerHTML;
}

const DRAFT = JSON.stringify({
  blocks: [{ key: 'a', text: 'Hi **there**', type: 'header-two', depth: 0, inlineStyleRanges: [{ offset: 0, length: 2, style: 'BOLD' }], entityRanges: [] }],
  entityMap: {},
});

describe('renderMessage', () => {
  it('detects Draft.js by shape, whatever the hint says', () => {
    for (const hint of [undefined, 'text', 'markdown', 'draftjs'] as const) {
      expect(html(DRAFT, hint)).to.equal('<h2><strong>Hi</strong> **there**</h2>');
    }
  });

  it('renders Markdown only when the hint says so; otherwise plain text', () => {
    expect(html('**bold**', 'markdown')).to.equal('<p><strong>bold</strong></p>');
    expect(html('**bold**')).to.equal('<p>**bold**</p>');
    expect(html('**bold**', 'text')).to.equal('<p>**bold**</p>');
  });

  it('falls back to text for broken JSON that looks like Draft.js', () => {
    const broken = '{"blocks":[{"text":"half';
    expect(detectMessageFormat(broken, 'draftjs').format).to.equal('text');
    const div = document.createElement('div');
    div.append(renderMessage(broken, 'draftjs'));
    expect(div.textContent).to.equal(broken);
    // JSON that is not Draft-shaped is text too.
    expect(detectMessageFormat('{"blocks":{},"entityMap":{}}').format).to.equal('text');
    expect(detectMessageFormat('{"blocks":[]}').format).to.equal('text');
    expect(detectMessageFormat('[1,2]').format).to.equal('text');
  });

  it('renders plain text as text nodes, paragraphs and line breaks, never as HTML', () => {
    const text = 'line 1\nline <b>2</b>\r\n\r\n\n<img src=x onerror=alert(1)>\n';
    expect(html(text)).to.equal('<p>line 1<br>line &lt;b&gt;2&lt;/b&gt;</p><p>&lt;img src=x onerror=alert(1)&gt;</p>');
  });

  it('keeps raw HTML in Markdown as visible text', () => {
    const div = document.createElement('div');
    div.append(renderMessage('Look: <img src=x onerror=alert(1)> and\n\n<script>alert(1)</script>\n\n<div onclick="x()">d</div>', 'markdown'));
    expect(div.querySelector('img, script, div')).to.equal(null);
    expect(div.textContent).to.contain('<img src=x onerror=alert(1)>');
    expect(div.textContent).to.contain('<script>alert(1)</script>');
  });

  it('drops dangerous Markdown link targets and keeps safe ones with rel', () => {
    const div = document.createElement('div');
    div.append(
      renderMessage('[a](javascript:alert(1)) [b](data:text/html,x) [c](vbscript:x) [d](https://ok.example) <https://auto.example>', 'markdown'),
    );
    const links = [...div.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).to.deep.equal(['https://ok.example/', 'https://auto.example/']);
    expect(links[0]!.getAttribute('rel')).to.equal('noopener noreferrer');
    expect(links[0]!.getAttribute('target')).to.equal('_blank');
    expect(div.textContent).to.contain('a b c d');
  });

  it('renders GFM tables and fenced code', () => {
    const out = html('| a | b |\n|:-|-:|\n| 1 | 2 |\n\n```js\nlet x = "<b>";\n```', 'markdown');
    expect(out).to.contain('<table>');
    expect(out).to.contain('<th align="left">a</th>');
    expect(out).to.contain('<pre><code>let x = "&lt;b&gt;";\n</code></pre>');
  });

  it('never throws, for any input', () => {
    for (const input of [undefined, null, 42, {}, '', '   ', '{', '{"blocks":[],"entityMap":{}}'] as unknown[]) {
      expect(() => renderMessage(input as string, 'markdown')).not.to.throw();
    }
  });
});

describe('citation and step helpers', () => {
  it('citationLink keeps http(s) only', () => {
    expect(citationLink({ url: 'https://docs.example/a' })).to.equal('https://docs.example/a');
    expect(citationLink({ url: 'javascript:alert(1)' })).to.equal(undefined);
    expect(citationLink({ url: 'mailto:a@b.c' })).to.equal(undefined);
    expect(citationLink({ url: null })).to.equal(undefined);
  });

  it('citationLabel prefers title, then host, then source; adds the page', () => {
    expect(citationLabel({ clueId: '1', source: 'DOCUMENT', title: ' Manual.pdf ', pageNo: 12 })).to.equal('Manual.pdf, p. 12');
    expect(citationLabel({ clueId: '2', source: 'WEB', url: 'https://www.example.com/x' })).to.equal('www.example.com');
    expect(citationLabel({ clueId: '3', source: 'FAQ', pageNo: 0 })).to.equal('FAQ');
    expect(citationLabel({ clueId: '4', source: 'DOCUMENT', pageNo: 3 }, (p) => `${p}쪽`)).to.equal('DOCUMENT, 3쪽');
  });

  it('stepContent prefers Markdown', () => {
    expect(stepContent({ key: 'k', completed: false, statusMessage: 'Searching', markdownMessage: '**Found** 3' })).to.deep.equal({ text: '**Found** 3', format: 'markdown' });
    expect(stepContent({ key: 'k', completed: true, statusMessage: 'Done' })).to.deep.equal({ text: 'Done', format: 'text' });
  });
});
