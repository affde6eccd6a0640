import { expect } from '@open-wc/testing';
import { optionStyleProperties, plainCssColor } from '../../src/render/option-style.js';

describe('option colours', () => {
  it('accepts plain colour literals', () => {
    for (const c of ['#fff', '#1f4ed8', '#1f4ed8cc', 'rgb(10, 20, 30)', 'rgba(10,20,30,0.5)', 'hsl(210 50% 40%)', 'rebeccapurple', 'Red']) {
      expect(plainCssColor(c), c).to.be.a('string');
    }
  });
  it('refuses anything that is not a plain colour', () => {
    for (const c of [
      'red; background: url(https://evil.test/x)',
      'url(javascript:alert(1))',
      'var(--x)',
      'expression(alert(1))',
      'inherit',
      'currentColor',
      'notacolour',
      '#12',
      'rgb(1,2,3) !important',
      '',
      ' ',
      42,
      null,
      { toString: () => 'red' },
      'calc(1px + 2px)',
      'rgb(1,2,3)}:host{display:none',
    ]) {
      expect(plainCssColor(c), String(c)).to.equal(undefined);
    }
  });
  it('maps a style to private custom properties only', () => {
    expect(optionStyleProperties({ bgColor: '#000', fontColor: 'white', lineColor: 'url(x)', bold: true, italic: true, underline: true })).to.deep.equal({
      '--_option-bg-app': '#000',
      '--_option-fg-app': 'white',
      '--_option-weight': '700',
      '--_option-style': 'italic',
      '--_option-decoration': 'underline',
    });
    expect(optionStyleProperties(undefined)).to.deep.equal({});
    expect(optionStyleProperties('red' as never)).to.deep.equal({});
  });
});
