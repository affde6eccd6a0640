// The form sinks of the corpus: title, description, labels, placeholders, option labels, the
// submit label and the server's FORM_INVALID messages. Every payload is shown as literal text,
// nothing it carries becomes markup, and poking every part of the form calls no dialog.
import { expect } from '@open-wc/testing';
import type { FormDefinition, FormField } from '../../src/model/types.js';
import type { ConversationEvent } from '../../src/model/stream-events.js';
import { XSS_CORPUS, isBlank } from '../fixtures/xss-corpus.js';
import { botNode, conversation, done } from '../helpers/scripted-alli.js';
import { until } from '../helpers/widget.js';
import { visibleText } from './dom-check.js';
import { mountHostile, settle } from './hostile-alli.js';
import { installTraps, pokeContent, type Traps } from './traps.js';

/** What our form view itself writes: anything else inside the form came from a payload. */
const FORM_TAGS = new Set([
  'form', 'fieldset', 'legend', 'label', 'input', 'select', 'option', 'textarea', 'button',
  'p', 'span', 'div', 'ul', 'li', 'dl', 'dt', 'dd', 'h3', 'h4', 'strong', 'small',
]);
const FORM_ATTRIBUTES = new Set([
  'class', 'part', 'id', 'for', 'name', 'type', 'value', 'placeholder', 'rows', 'size', 'multiple', 'accept',
  'required', 'readonly', 'disabled', 'hidden', 'inputmode', 'autocomplete', 'novalidate', 'tabindex', 'role', 'title', 'checked', 'selected',
  // Written by the form view (the field's name, as an attribute value: inert).
  'data-field',
]);

function formProblems(root: Element): string[] {
  const problems: string[] = [];
  for (const el of [root, ...root.querySelectorAll('*')]) {
    if (!FORM_TAGS.has(el.localName)) problems.push(`unexpected <${el.localName}>`);
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on') || name === 'style' || name === 'href' || name === 'src' || name === 'srcdoc' || name === 'action' || name === 'formaction') {
        problems.push(`${name} on <${el.localName}>`);
      } else if (!FORM_ATTRIBUTES.has(name) && !name.startsWith('aria-')) problems.push(`unexpected attribute ${name} on <${el.localName}>`);
    }
  }
  return problems;
}

const BATCH = 60;

describe(`hostile content in forms: ${XSS_CORPUS.length} payloads`, () => {
  let traps: Traps;
  before(() => (traps = installTraps()));
  after(() => traps.restore());

  for (let start = 0; start < XSS_CORPUS.length; start += BATCH) {
    const batch = XSS_CORPUS.slice(start, start + BATCH);
    it(`payloads ${start + 1}–${start + batch.length}: labels, placeholders, options, title and server errors stay text`, async function () {
      this.timeout(60_000);
      const fields: FormField[] = batch.flatMap(({ payload }, i): FormField[] => [
        { name: `t${i}`, label: payload, type: 'text', required: false, placeholder: payload },
        { name: `s${i}`, label: `select ${i}`, type: 'select', required: false, options: [{ value: 'a', label: payload }] },
        { name: `c${i}`, label: `check ${i}`, type: 'checkbox', required: false, multiple: true, options: [{ value: 'a', label: payload }] },
      ]);
      const form: FormDefinition = { id: 'hostile', title: batch[0].payload, description: batch[1 % batch.length].payload, submitLabel: batch[2 % batch.length].payload, fields };
      const serverErrors = Object.fromEntries(batch.map(({ payload }, i) => [`t${i}`, payload]));
      const turns: ConversationEvent[][] = [
        [conversation(), { type: 'response', response: botNode('F', 'Please fill this in', { type: 'form', form }) }, done()],
        [conversation(), { type: 'error', error: { status: 400, code: 'FORM_INVALID', message: batch[3 % batch.length].payload, fields: serverErrors } }, done()],
      ];
      const { el, shadow } = await mountHostile(turns);
      await until(() => shadow.querySelector('form [data-field="t0"]'), 'the hostile form', 20_000);
      await settle(el);
      const formEl = shadow.querySelector('form[part~="form"]')!;
      expect(formProblems(formEl)).to.deep.equal([]);
      batch.forEach(({ payload }, i) => {
        if (isBlank(payload)) return;
        const input = shadow.querySelector<HTMLInputElement>(`form [data-field="t${i}"] :is(input, textarea, select)`)!;
        expect(visibleText(input.labels![0].textContent ?? ''), `label ${i}`).to.contain(visibleText(payload));
        expect(input.getAttribute('placeholder'), `placeholder ${i}`).to.equal(payload);
        expect(visibleText(shadow.querySelector(`form [data-field="s${i}"] option[value="a"]`)?.textContent ?? ''), `option ${i}`).to.contain(visibleText(payload));
      });
      // Submit: everything is optional, so it goes to the server, which refuses every field.
      // (The traps cancel clicks inside forms, so the form is submitted directly.)
      (shadow.querySelector('form[part~="form"]') as HTMLFormElement).requestSubmit();
      await until(() => shadow.querySelector('form [data-field="t0"] :is(input, textarea, select)')?.getAttribute('aria-invalid') === 'true', 'server errors beside the fields', 20_000);
      await settle(el);
      expect(formProblems(shadow.querySelector('form[part~="form"]')!)).to.deep.equal([]);
      batch.forEach(({ payload }, i) => {
        if (isBlank(payload)) return;
        const input = shadow.querySelector<HTMLInputElement>(`form [data-field="t${i}"] :is(input, textarea, select)`)!;
        const ids = (input.getAttribute('aria-describedby') ?? '').split(/\s+/);
        const error = ids.map((id) => shadow.getElementById(id)).find((n) => n?.classList.contains('field-error'));
        expect(error, `error element for field ${i}`).to.exist;
        expect(error!.children.length, `error ${i} has no markup`).to.equal(0);
        expect(visibleText(error!.textContent ?? ''), `error ${i}`).to.contain(visibleText(payload));
      });
      // Hover, focus and click every part of the form (its submit too: the script has no more turns).
      pokeContent(shadow, 'form[part~="form"]');
      await settle(el);
      expect(traps.dialogs, 'no dialog').to.deep.equal([]);
      expect(traps.violations.filter((v) => v.startsWith('script')), 'no script violation').to.deep.equal([]);
    });
  }
});
