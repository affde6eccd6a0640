// Issue 11, items 4 and 5: forms whose field names are Object's own members, and server patterns
// that backtrack exponentially. Field state is keyed without a prototype, control names are
// namespaced (never a raw server name, which could clobber the form's own properties), and a
// pattern that the pattern-safety rule refuses is left to the server.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/alli-chat.js';
import type { AlliChatElement } from '../../src/ui/alli-chat.element.js';
import type { FormDefinition } from '../../src/model/types.js';
import { MAX_PATTERN_LENGTH, compilePattern } from '../../src/conversation/form-model.js';
import { botNode, conversation, done, scriptedAlli } from '../helpers/scripted-alli.js';
import { $, $$, until } from '../helpers/widget.js';

const NAMES = ['constructor', 'toString', '__proto__', 'setAttribute', 'hasOwnProperty', 'submit'];
const SENTENCE = 'the quick brown fox jumps over the lazy dog again!'; // 50 characters, no match
const FORM: FormDefinition = {
  id: 'hostile',
  title: 'Hostile names',
  fields: [
    ...NAMES.map((name) => ({ name, label: `Field ${name}`, type: 'text' as const, required: true })),
    { name: 'words', label: 'Words', type: 'text', required: true, validation: { pattern: '(\\w+\\s?)+' } },
    { name: 'mail', label: 'Mail', type: 'text', required: true, validation: { pattern: '([a-zA-Z0-9._-]+)*@example\\.com' } },
  ],
};

const control = (el: AlliChatElement, name: string) => $(el, `form [data-field="${name}"] :is(input, textarea, select)`) as HTMLInputElement;

function type(input: HTMLInputElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

describe('hostile forms (issue 11, items 4 and 5)', () => {
  it('fields named like Object members work: no early errors, required checks, submit sends every value', async () => {
    sessionStorage.clear();
    const alli = scriptedAlli([
      [conversation(), { type: 'response', response: botNode('F', 'Fill this in', { type: 'form', form: FORM }) }, done()],
      [conversation(), { type: 'response', response: botNode('R', 'Thanks') }, done()],
    ]);
    const el = await fixture<AlliChatElement>(
      html`<alli-chat app-id="demo" api-base="https://alli.test" token-url="/alli/token" persist="none" .fetch=${alli.fetch} style="height: 700px"></alli-chat>`,
    );
    await until(() => control(el, 'mail'), 'the form');
    expect($$(el, '.field-error'), 'no error before the visitor types').to.have.lengthOf(0);
    const form = $(el, 'form.chat-form') as HTMLFormElement;
    for (const input of form.querySelectorAll<HTMLElement>('[name], [id]')) {
      for (const attr of ['name', 'id']) expect(NAMES.concat('words', 'mail')).not.to.include(input.getAttribute(attr));
    }
    expect(typeof form.setAttribute, 'the form keeps its own methods').to.equal('function');

    ($(el, 'form.chat-form button[type=submit]') as HTMLButtonElement).click();
    await until(() => $$(el, '.field-error').length === NAMES.length + 2, 'every required field reported');
    expect(alli.turnsPlayed()).to.equal(1);

    for (const name of NAMES) type(control(el, name), `value of ${name}`);
    // Both patterns are refused by the pattern-safety rule, so they are not run here: the server judges them.
    type(control(el, 'words'), SENTENCE);
    type(control(el, 'mail'), 'a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u!');
    await el.updateComplete;
    ($(el, 'form.chat-form button[type=submit]') as HTMLButtonElement).click();
    await until(() => $(el, '[data-node="R"]'), `the reply (${$$(el, '.field-error, .form-error').map((e) => e.textContent).join('|')}; ${$$(el, '[aria-invalid="true"]').map((e) => e.dataset.field).join(',')})`);
    const body = alli.requests.filter((r) => r.url.endsWith('/run_conversation'))[1].body!;
    const sent = JSON.parse(String(body.get('sendFormInput'))) as Record<string, string>;
    for (const name of NAMES) expect(Object.getOwnPropertyDescriptor(sent, name)?.value, name).to.equal(`value of ${name}`);
    expect(sent.words).to.equal(SENTENCE);
  });

  it('compiles safe patterns only, within the length cap', () => {
    expect(compilePattern('[0-9]{3}-[0-9]{4}')!.test('123-4567')).to.equal(true);
    expect(compilePattern('(\\w+\\s?)+')).to.equal(undefined);
    expect(compilePattern('([a-zA-Z0-9._-]+)*@example\\.com')).to.equal(undefined);
    expect(compilePattern('a'.repeat(MAX_PATTERN_LENGTH + 1))).to.equal(undefined);
    expect(compilePattern('a'.repeat(MAX_PATTERN_LENGTH))).not.to.equal(undefined);
  });
});
