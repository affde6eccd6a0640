// Issue 11, item 11: the visitor reads a sentence, never a raw code. Known codes have their own
// localized sentence, unknown codes the general one; the code stays in `alli-error` and in a
// `title` for support.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/alli-chat.js';
import type { AlliChatElement } from '../../src/ui/alli-chat.element.js';
import type { AlliErrorEvent } from '../../src/ui/events.js';
import { STRINGS } from '../helpers/strings.js';
import { conversation, done, scriptedAlli } from '../helpers/scripted-alli.js';
import { $, until } from '../helpers/widget.js';

const en = STRINGS.en;

async function failWith(code: string, lang = 'en') {
  sessionStorage.clear();
  const alli = scriptedAlli([[conversation(), { type: 'error', error: { code, message: code } }, done('error')]]);
  const errors: AlliErrorEvent[] = [];
  const el = await fixture<AlliChatElement>(
    html`<alli-chat lang=${lang} app-id="demo" api-base="https://alli.test" token-url="/alli/token" persist="none" .fetch=${alli.fetch}
      @alli-error=${(e: AlliErrorEvent) => errors.push(e)} style="height: 560px"></alli-chat>`,
  );
  await until(() => $(el, '.banner.error span'), 'the error banner');
  await el.updateComplete; // the first error of the page brings its sentences (error-text.ts)
  return { banner: $(el, '.banner.error span')!, errors };
}

describe('error messages for people (issue 11, item 11)', () => {
  it('a known code gets its sentence; the code is in the title and the event', async () => {
    const { banner, errors } = await failWith('CONVERSATION_BUSY');
    expect(banner.textContent).to.equal(en.errorCodes.CONVERSATION_BUSY);
    expect(banner.textContent).not.to.include('CONVERSATION_BUSY');
    expect(banner.title).to.equal('CONVERSATION_BUSY');
    expect(errors.map((e) => e.error.code)).to.include('CONVERSATION_BUSY');
  });

  it('an unknown code gets the general sentence, never the code', async () => {
    const { banner, errors } = await failWith('WEIRD_INTERNAL_CODE');
    expect(banner.textContent).not.to.include('WEIRD_INTERNAL_CODE');
    expect(banner.textContent).to.be.oneOf([en.errorGeneric, en.errorServer]);
    expect(banner.title).to.equal('WEIRD_INTERNAL_CODE');
    expect(errors.map((e) => e.error.code)).to.include('WEIRD_INTERNAL_CODE');
  });

  it('in Korean and Japanese', async () => {
    for (const lang of ['ko', 'ja'] as const) {
      const { banner } = await failWith('CONVERSATION_ENDED', lang);
      await until(() => banner.isConnected && banner.textContent === STRINGS[lang].errorCodes.CONVERSATION_ENDED, `${lang} sentence`);
    }
  });
});
