import { expect } from '@open-wc/testing';
import { SHELL_STRINGS, localeFor } from '../../src/i18n/locale.js';
import { loadStrings, stringsFor, stringsLoaded } from '../../src/i18n/strings.js';
import { STRINGS } from '../helpers/strings.js';

describe('strings', () => {
  it('has every key in English, Korean and Japanese', () => {
    const keys = (o: object) => Object.keys(o).sort();
    expect(keys(STRINGS.ko)).to.deep.equal(keys(STRINGS.en));
    expect(keys(STRINGS.ja)).to.deep.equal(keys(STRINGS.en));
    for (const locale of ['en', 'ko', 'ja'] as const) {
      for (const [key, value] of Object.entries(STRINGS[locale])) {
        // errorCodes is a table of sentences by error code: the same codes in every language.
        const texts = typeof value === 'object' ? Object.values(value) : [typeof value === 'function' ? (value as (...a: unknown[]) => string)(2, 3) : value];
        if (typeof value === 'object') expect(keys(value), `${locale}.${key}`).to.deep.equal(keys(STRINGS.en.errorCodes));
        for (const text of texts) expect(text, `${locale}.${key}`).to.be.a('string').and.not.equal('');
      }
    }
  });

  it('really translates: Korean and Japanese differ from English where words are shown', () => {
    const same = Object.keys(STRINGS.en).filter((k) => {
      const en = STRINGS.en[k as keyof typeof STRINGS.en];
      return typeof en === 'string' && en === STRINGS.ko[k as keyof typeof STRINGS.ko] && k !== 'title' && k !== 'bot';
    });
    expect(same).to.deep.equal([]);
  });

  it('picks the nearest supported locale', () => {
    expect(localeFor('ko-KR')).to.equal('ko');
    expect(localeFor('ja')).to.equal('ja');
    expect(localeFor('JA_jp')).to.equal('ja');
    expect(localeFor('fr-CA')).to.equal('en');
    expect(localeFor(undefined)).to.equal('en');
  });

  it('gives English until a language is loaded, then that language from its own chunk', async () => {
    expect(stringsLoaded('ja')).to.equal(false);
    expect(stringsFor('ja', SHELL_STRINGS.ja).send).to.equal(STRINGS.en.send);
    const ja = await loadStrings('ja');
    expect(ja.send).to.equal(STRINGS.ja.send);
    expect(stringsLoaded('ja')).to.equal(true);
    expect(stringsFor('ja', SHELL_STRINGS.ja)).to.deep.equal({ ...STRINGS.ja });
    expect(await loadStrings('ja')).to.equal(ja);
  });

  it('lets the host override any string', async () => {
    await loadStrings('ko');
    const s = stringsFor('ko', SHELL_STRINGS.ko, { send: '전송!' });
    expect(s.send).to.equal('전송!');
    expect(s.stop).to.equal(STRINGS.ko.stop);
  });
});
