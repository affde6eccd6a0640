import { expect } from '@open-wc/testing';
import DOMPurify from 'dompurify';
import { isSafeUrl, safeUrl, sanitizeHtml } from '../../src/render/sanitize.js';
import { revealImages } from '../../src/render/image-gate.js';

function html(fragment: DocumentFragment): string {
  const div = document.createElement('div');
  div.append(fragment);
  return div.innerHTML;
}

function sanitizedLink(href: string): HTMLAnchorElement {
  const div = document.createElement('div');
  div.append(sanitizeHtml(`<a href="${href}">x</a>`));
  return div.querySelector('a')!;
}

describe('sanitizeHtml', () => {
  const dangerousHrefs = [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'jav&#x09;ascript:alert(1)',
    '&#106;avascript:alert(1)',
    ' \njavascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'blob:https://example.com/uuid',
  ];
  for (const href of dangerousHrefs) {
    it(`drops href ${JSON.stringify(href)}: the link is its plain text`, () => {
      const div = document.createElement('div');
      div.append(sanitizeHtml(`<a href="${href}">x</a>`));
      expect(div.querySelector('a')).to.equal(null);
      expect(div.textContent).to.equal('x');
    });
  }

  it('keeps http(s)/mailto/tel links, normalized, with target, rel and referrerpolicy', () => {
    for (const href of ['https://example.com/a?b=1', 'http://example.com/', 'mailto:a@example.com', 'tel:+821012345678']) {
      const a = sanitizedLink(href);
      expect(a.getAttribute('href')).to.equal(new URL(href).href);
      expect(a.getAttribute('target')).to.equal('_blank');
      expect(a.getAttribute('rel')).to.equal('noopener noreferrer');
      expect(a.getAttribute('referrerpolicy')).to.equal('no-referrer');
    }
  });

  it('never resolves a relative link against the host page (issue 11 item 2)', () => {
    const div = document.createElement('div');
    div.append(sanitizeHtml('<a href="/help">x</a> <a href="//evil.example/">y</a>'));
    expect(div.querySelector('a')).to.equal(null);
  });

  it('keeps http(s) images only; a refused image becomes its alt text', () => {
    const out = html(
      sanitizeHtml(
        '<img src="https://example.com/a.png" alt="ok"><img src="data:image/png;base64,iVBORw0KGgo=" alt="inline">' +
          '<img src="javascript:alert(1)"><img src=x onerror="alert(1)" alt="">',
      ),
    );
    // Only the remote one is kept, as a placeholder (src=x is relative: refused).
    expect(out).not.to.contain('<img');
    expect(out.match(/class="alli-image"/g)).to.have.lengthOf(1);
    const div = document.createElement('div');
    div.append(sanitizeHtml('<img src="https://example.com/a.png" alt="ok"><img src=x alt="rel">'));
    revealImages(div, { origins: ['https://example.com'], label: (host) => host });
    const imgs = div.querySelectorAll('img');
    expect(imgs.length).to.equal(1);
    expect(imgs[0]!.getAttribute('src')).to.equal('https://example.com/a.png');
    expect(imgs[0]!.getAttribute('referrerpolicy')).to.equal('no-referrer');
    expect(out).to.contain('inline');
    expect(out).not.to.contain('data:');
    expect(out).not.to.contain('onerror');
    expect(out).not.to.contain('javascript');
  });

  it('removes scripts, handlers, styles, forms, iframes and non-listed attributes', () => {
    const out = html(
      sanitizeHtml(
        '<p style="position:fixed" class="x" id="y" name="z" data-x="1" aria-label="l" onclick="alert(1)">t</p>' +
          '<script>alert(1)</script><style>*{}</style><form action="/x"><input name="q"></form>' +
          '<iframe src="https://example.com"></iframe><svg><a href="javascript:alert(1)">s</a></svg>' +
          '<ol start="3"><li>three</li></ol><table><tr><td align="center">c</td></tr></table>',
      ),
    );
    expect(out).to.equal('<p>t</p><ol start="3"><li>three</li></ol><table><tbody><tr><td align="center">c</td></tr></tbody></table>');
  });

  it('never touches the global DOMPurify instance', () => {
    sanitizeHtml('<a href="https://example.com">x</a>');
    const out = DOMPurify.sanitize('<a href="https://example.com">x</a>');
    expect(out).to.equal('<a href="https://example.com">x</a>');
  });
});

describe('isSafeUrl / safeUrl', () => {
  it('allows link schemes and refuses the rest', () => {
    expect(isSafeUrl('https://a.example', 'link')).to.equal(true);
    expect(isSafeUrl('mailto:a@b.c', 'link')).to.equal(true);
    expect(isSafeUrl('tel:123', 'link')).to.equal(true);
    expect(isSafeUrl('javascript:alert(1)', 'link')).to.equal(false);
    expect(isSafeUrl('java\tscript:alert(1)', 'link')).to.equal(false);
    expect(isSafeUrl('', 'link')).to.equal(false);
  });
  it('allows only http(s) for images', () => {
    expect(isSafeUrl('https://a.example/x.png', 'image')).to.equal(true);
    expect(isSafeUrl('mailto:a@b.c', 'image')).to.equal(false);
    expect(isSafeUrl('data:image/png;base64,AAAA', 'image')).to.equal(false);
  });
  it('refuses every relative URL: nothing is resolved against the host page (issue 11 item 2)', () => {
    for (const relative of ['/x', 'x.html', '//host.example/x', '?q=1', '#top']) {
      expect(safeUrl(relative, 'link'), relative).to.equal(undefined);
      expect(safeUrl(relative, 'image'), relative).to.equal(undefined);
    }
    expect(safeUrl('https://a.example', 'link')).to.equal('https://a.example/');
    expect(safeUrl('javascript:alert(1)', 'link')).to.equal(undefined);
  });
  it('returns undefined for unparsable input instead of throwing', () => {
    expect(safeUrl('http://[::1', 'link')).to.equal(undefined);
  });
});
