import { expect } from '@open-wc/testing';
import { escapeHtml } from '../../src/render/escape-html.js';

describe('escapeHtml', () => {
  it('escapes the five characters that could open markup or end an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).to.equal('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  it('parses back to exactly the same text, in content and in an attribute', () => {
    const text = `<img src=x onerror="alert('1')"> & "quotes"`;
    const div = document.createElement('div');
    div.innerHTML = `<p title="${escapeHtml(text)}">${escapeHtml(text)}</p>`;
    const p = div.querySelector('p')!;
    expect(p.textContent).to.equal(text);
    expect(p.getAttribute('title')).to.equal(text);
    expect(div.querySelector('img')).to.equal(null);
  });
});
