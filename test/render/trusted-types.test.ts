/**
 * Runs in its own page with Trusted Types enforced (a CSP meta element added before the
 * renderer's first use): sanitizing must work through our `alli-chat` policy, without ever
 * assigning a string to innerHTML on a live node.
 */
import { expect } from '@open-wc/testing';
import { renderMessage } from '../../src/render/render-message.js';

describe('rendering under enforced Trusted Types', () => {
  before(() => {
    const meta = document.createElement('meta');
    meta.httpEquiv = 'Content-Security-Policy';
    meta.content = "require-trusted-types-for 'script'; trusted-types alli-chat";
    document.head.append(meta);
  });

  it('is really enforced in this page', () => {
    expect(() => {
      document.createElement('div').innerHTML = '<b>x</b>';
    }).to.throw(TypeError);
  });

  it('renders Markdown and Draft.js to sanitized DOM', () => {
    const div = document.createElement('div');
    div.append(renderMessage('**bold** [x](javascript:alert(1)) [y](https://ok.example)', 'markdown'));
    expect(div.querySelector('strong')?.textContent).to.equal('bold');
    const links = div.querySelectorAll('a');
    expect(links).to.have.lengthOf(1); // the refused one is plain text
    expect(links[0]!.getAttribute('href')).to.equal('https://ok.example/');

    const draft = JSON.stringify({ blocks: [{ key: 'a', text: 'draft', type: 'header-one', inlineStyleRanges: [], entityRanges: [] }], entityMap: {} });
    const h = document.createElement('div');
    h.append(renderMessage(draft));
    expect(h.querySelector('h1')?.textContent).to.equal('draft');
  });
});
