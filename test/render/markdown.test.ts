import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { ALLOWED_ATTRIBUTES, ALLOWED_TAGS, IMAGE_DECORATION, LINK_DECORATION } from '../../src/render/allowed-content.js';
import { MAX_NESTING, renderMarkdown } from '../../src/render/markdown.js';
import { revealImages } from '../../src/render/image-gate.js';

function html(source: string): string {
  const div = document.createElement('div');
  div.append(renderMarkdown(source));
  return div.innerHTML;
}

function dom(source: string): HTMLDivElement {
  const div = document.createElement('div');
  div.append(renderMarkdown(source));
  return div;
}

describe('renderMarkdown', () => {
  it('shows raw HTML as the characters it is, never as elements', () => {
    const div = dom('Look: <img src=x onerror=alert(1)> and <b>bold</b>\n\n<script>alert(1)</script>\n\n<div onclick="x()">\n\nd\n</div>');
    expect(div.querySelector('img, script, div, b')).to.equal(null);
    expect(div.textContent).to.contain('<img src=x onerror=alert(1)>');
    expect(div.textContent).to.contain('<b>bold</b>');
    expect(div.textContent).to.contain('<script>alert(1)</script>');
    expect(div.textContent).to.contain('<div onclick="x()">');
    // Entities are not decoded either: what the model wrote is what shows.
    expect(dom('&lt;b&gt;').textContent).to.equal('&lt;b&gt;');
  });

  it('refuses javascript:, data:, vbscript: and relative link targets; the link is its plain text', () => {
    // Scheme-relative (`//host`) is relative too.
    const div = dom('[a](javascript:alert(1)) [b](data:text/html,x) [c](vbscript:x) [d](/relative) [e](page.html) [f](//host.example/x)');
    expect(div.querySelectorAll('a').length).to.equal(0);
    expect(div.textContent).to.equal('a b c d e f');
  });

  it('keeps http(s)/mailto/tel links, normalized, opening in a new tab without referrer', () => {
    const div = dom('[a](https://ok.example/x?y=1 "Title") <https://auto.example> <me@mail.example> https://bare.example/p. [t](tel:+8210)');
    const links = [...div.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).to.deep.equal([
      'https://ok.example/x?y=1', 'https://auto.example/', 'mailto:me@mail.example', 'https://bare.example/p', 'tel:+8210',
    ]);
    expect(links[0]!.getAttribute('title')).to.equal('Title');
    for (const a of links) {
      for (const [name, value] of Object.entries(LINK_DECORATION)) expect(a.getAttribute(name)).to.equal(value);
    }
    // The bare URL's final period is sentence punctuation, not part of the link.
    expect(div.textContent).to.contain('https://bare.example/p.');
  });

  it('an image with a refused URL becomes its alt text; a remote one is decorated', () => {
    const div = dom('![remote](https://img.example/a.png "T") ![inline](data:image/png;base64,AAAA) ![js](javascript:alert(1)) ![rel](a.png) ![](javascript:x)');
    expect(div.querySelectorAll('img').length, 'nothing loads before the policy').to.equal(0);
    expect(div.textContent).to.equal('remote (img.example)  inline js rel '); // the button is labelled by revealImages
    revealImages(div, { origins: ['https://img.example'], label: (host) => host });
    const imgs = div.querySelectorAll('img');
    expect(imgs.length).to.equal(1);
    expect(imgs[0]!.getAttribute('src')).to.equal('https://img.example/a.png');
    expect(imgs[0]!.getAttribute('alt')).to.equal('remote');
    expect(imgs[0]!.getAttribute('title')).to.equal('T');
    for (const [name, value] of Object.entries(IMAGE_DECORATION)) expect(imgs[0]!.getAttribute(name)).to.equal(value);
  });

  it('renders the constructs model answers use', () => {
    expect(html('# One\n## Two ##\nSetext\n===\n\n#not a heading')).to.equal('<h1>One</h1><h2>Two</h2><h1>Setext</h1><p>#not a heading</p>');
    expect(html('*em* _em_ **strong** __strong__ ~~del~~ `co*de*`')).to.equal(
      '<p><em>em</em> <em>em</em> <strong>strong</strong> <strong>strong</strong> <del>del</del> <code>co*de*</code></p>',
    );
    // Lists may follow a paragraph line directly; ordered lists keep their start.
    expect(html('Steps:\n1. one\n2. two\n\nItems:\n- a\n  - nested\n- b\n\n3. three\n4. four\n\nIn\n2. no list')).to.equal(
      '<p>Steps:</p><ol><li>one</li><li>two</li></ol><p>Items:</p><ul><li>a<ul><li>nested</li></ul></li><li>b</li></ul>' +
        '<ol start="3"><li>three</li><li>four</li></ol><p>In\n2. no list</p>',
    );
    // A loose list item holds paragraphs (and a fence).
    expect(html('1. one\n\n   ```\n   code\n   ```\n\n2. two')).to.equal(
      '<ol><li><p>one</p><pre><code>code\n</code></pre></li><li><p>two</p></li></ol>',
    );
    expect(html('Code:\n```js\nlet x = "<b>";\n\n\n```\nafter\n\n    indented\n\n~~~\nunclosed')).to.equal(
      '<p>Code:</p><pre><code>let x = "&lt;b&gt;";\n\n\n</code></pre><p>after</p><pre><code>indented\n</code></pre><pre><code>unclosed\n</code></pre>',
    );
    expect(html('> quote\nlazy\n\n> other\n\n---\n***')).to.equal('<blockquote><p>quote\nlazy</p></blockquote><blockquote><p>other</p></blockquote><hr><hr>');
    expect(html('| l | c | r | n |\n|:--|:-:|--:|---|\n| 1 | `|` | 3 | \\| |')).to.equal(
      '<table><thead><tr><th align="left">l</th><th align="center">c</th><th align="right">r</th><th>n</th></tr></thead>' +
        '<tbody><tr><td align="left">1</td><td align="center"><code>|</code></td><td align="right">3</td><td>|</td></tr></tbody></table>',
    );
    expect(html('two spaces  \nbackslash\\\nend \\*lit\\*')).to.equal('<p>two spaces<br>backslash<br>end *lit*</p>');
  });

  it('resolves reference links wherever the definition is; an undefined one stays text', () => {
    const div = dom('[full][Id] [collapsed][] [shortcut] [missing][nope] [alone]\n\n[id]: https://a.example/1\n[collapsed]: https://a.example/2 "T"\n[shortcut]: https://a.example/3\n[__proto__]: https://a.example/4\n\n[__proto__] [constructor]');
    expect([...div.querySelectorAll('a')].map((a) => a.getAttribute('href'))).to.deep.equal([
      'https://a.example/1', 'https://a.example/2', 'https://a.example/3', 'https://a.example/4',
    ]);
    expect(div.textContent).to.contain('[missing][nope] [alone]');
    expect(div.textContent).to.contain('[constructor]');
    expect(({} as Record<string, unknown>).target).to.equal(undefined);
  });

  it('puts no link inside a link', () => {
    const div = dom('[see https://inner.example](https://outer.example)');
    expect(div.querySelectorAll('a').length).to.equal(1);
    expect(div.querySelector('a')!.textContent).to.equal('see https://inner.example');
  });

  it('caps nesting: a 400-level list or quote renders, the depth beyond the cap as text', () => {
    const list = Array.from({ length: 400 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n');
    const quote = `${'> '.repeat(400)}deep`;
    const emphasis = `${'*a '.repeat(400)}x${' b*'.repeat(400)}`;
    for (const source of [list, quote, emphasis, `${'['.repeat(5000)}x${'](https://a.example)'.repeat(5000)}`]) {
      let div!: HTMLDivElement;
      expect(() => (div = dom(source))).not.to.throw();
      const deepest = Math.max(0, ...[...div.querySelectorAll('*')].map((el) => {
        let d = 0;
        for (let p: Element | null = el; p && p !== div; p = p.parentElement) d += 1;
        return d;
      }));
      // A list level is <ul><li>: two elements per level.
      expect(deepest, source.slice(0, 40)).to.be.at.most(2 * MAX_NESTING + 1);
    }
    expect(dom(list).textContent).to.contain('level 399');
    expect(dom(quote).textContent).to.contain('deep');
  });

  // No timing here (the benchmark's business): these inputs made simple-markdown's own patterns
  // backtrack for seconds to minutes; with ours each renders at once, so a regression hangs this test.
  it('renders inputs that make backtracking patterns explode', () => {
    for (const source of ['[a]('.repeat(5000), '<a@b'.repeat(5000), '!['.repeat(5000), '<'.repeat(20000), '[a](b '.repeat(5000), '_a'.repeat(20000), ' '.repeat(20000) + 'x', '| '.repeat(20000)]) {
      expect(dom(source).textContent!.length, source.slice(0, 12)).to.be.greaterThan(0);
    }
  });

  it('builds only allowed elements and attributes, for any Markdown-ish input (fast-check)', () => {
    const tags = new Set(ALLOWED_TAGS);
    const attributes = new Set([...ALLOWED_ATTRIBUTES, ...Object.keys(LINK_DECORATION), ...Object.keys(IMAGE_DECORATION)]);
    const pieces = [
      '# ', '## ', '\n', '\n\n', '  ', '    ', '- ', '* ', '1. ', '3) ', '> ', '```', '~~~', '---', '===', '|', ':-:', '|---|',
      '*', '**', '_', '__', '~~', '`', '\\', '[', ']', '(', ')', '![', '](', '<', '>', '"', "'", '[x]: ', 'https://ok.test/',
      'javascript:alert(1)', 'data:text/html,x', '<img src=x onerror=alert(1)>', '<a href="javascript:x">', '<script>', '&lt;',
      '| a | b |\n|:--|--:|\n| 1 | 2 |\n', 'mailto:a@b.test', '<https://a.test>', '<a@b.test>', 'text', ' ', '\t', '\r', '\u0000', '__proto__', 'constructor',
    ];
    const markdownish = fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pieces) }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) }), { maxLength: 60 }).map((p) => p.join(''));
    const seen = new Set<string>();
    fc.assert(
      fc.property(markdownish, (source) => {
        const fragment = renderMarkdown(source);
        for (const el of fragment.querySelectorAll('*')) {
          seen.add(el.localName);
          if (!tags.has(el.localName) || el.namespaceURI !== 'http://www.w3.org/1999/xhtml') throw new Error(`<${el.localName}> from ${JSON.stringify(source)}`);
          for (const name of el.getAttributeNames()) {
            if (!attributes.has(name)) throw new Error(`${name} on <${el.localName}> from ${JSON.stringify(source)}`);
          }
          for (const name of ['href', 'src']) {
            const value = el.getAttribute(name);
            if (value !== null && !/^(?:https?:|mailto:|tel:)/.test(value)) throw new Error(`${name}=${value} from ${JSON.stringify(source)}`);
          }
        }
      }),
      { seed: 20_261_201, numRuns: 1000 },
    );
    // The generator reaches the interesting elements (else the property proves little).
    for (const tag of ['h1', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'em', 'strong', 'a', 'table', 'hr']) expect(seen, tag).to.include(tag);
  });

  it('the Markdown path imports no sanitizer (it builds DOM, never parses HTML)', async () => {
    for (const file of ['markdown.ts', 'markdown-dom.ts', 'markdown-message.ts', 'streaming.ts', 'markdown-blocks.ts']) {
      const source = await (await fetch(`/__raw/src/render/${file}`)).text();
      expect(source, file).to.contain('*/'); // really the file, not an error page
      expect(source, file).not.to.match(/from '(?:\.\/sanitize\.js|dompurify)'/);
      expect(source, file).not.to.match(/innerHTML|insertAdjacentHTML|DOMParser|createContextualFragment/);
    }
  });
});

describe('Markdown on a host page', () => {
  it('writes no page global (simple-markdown’s version recorder is stubbed out)', () => {
    renderMarkdown('# hello');
    expect('__perseus_debug__' in globalThis).to.equal(false);
  });
});
