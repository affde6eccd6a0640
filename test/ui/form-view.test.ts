import { expect, fixture } from '@open-wc/testing';
import { adoptStyles, html, render } from 'lit';
import { shellStyles } from '../../src/ui/styles/shell.styles.js';
import { transcriptStyles } from '../../src/ui/styles/transcript.styles.js';
import { composerStyles } from '../../src/ui/styles/composer.styles.js';
import { focusFirstInvalid, renderForm, type FormViewProps } from '../../src/ui/views/form-view.js';
import { formViewStyles } from '../../src/ui/styles/form-view.styles.js';
import { initialDraft, toSendFormInput, validateForm, type FieldDraft, type FormDraft } from '../../src/conversation/form-model.js';
import { STRINGS } from '../helpers/strings.js';
import type { FormDefinition } from '../../src/model/types.js';
import { EVERY_FIELD_FORM, file } from '../conversation/form-fixtures.js';

const en = STRINGS.en;
const PREFIX = 'w1-node7';

type Calls = { input: [string, FieldDraft][]; submit: number; cancel: number };

/**
 * Renders the form the way the element will: into a shadow root holding the element's sheet and
 * the form's sheet, re-rendering with the new draft after each input (the element's job).
 */
async function mount(overrides: Partial<FormViewProps> = {}) {
  const host = await fixture<HTMLDivElement>(html`<div></div>`);
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root, [...shellStyles, transcriptStyles, composerStyles, formViewStyles]);
  const container = document.createElement('div');
  root.append(container);
  const calls: Calls = { input: [], submit: 0, cancel: 0 };
  let props: FormViewProps = {
    form: EVERY_FIELD_FORM,
    draft: initialDraft(EVERY_FIELD_FORM),
    errors: {},
    state: 'editing',
    strings: en,
    idPrefix: PREFIX,
    locale: 'en',
    onInput: (name, value) => {
      calls.input.push([name, value]);
      props = { ...props, draft: { ...props.draft, [name]: value } };
      render(renderForm(props), container);
    },
    onSubmit: () => {
      calls.submit += 1;
    },
    ...overrides,
  };
  render(renderForm(props), container);
  return {
    host,
    root,
    container,
    calls,
    get props() {
      return props;
    },
    update(next: Partial<FormViewProps>) {
      props = { ...props, ...next };
      render(renderForm(props), container);
    },
    control<T extends HTMLElement = HTMLInputElement>(name: string): T {
      const i = props.form.fields.findIndex((f) => f.name === name);
      return root.getElementById(`${PREFIX}-${i}`) as T;
    },
    field(name: string): HTMLElement {
      return container.querySelector<HTMLElement>(`[data-field="${name}"]`)!;
    },
  };
}

function filledDraft(): FormDraft {
  return {
    ...initialDraft(EVERY_FIELD_FORM),
    fullName: 'Jane',
    teamSize: '12',
    email: 'jane@company.com',
    phone: '+1 555 0100',
    preferredDate: '2025-03-14',
    region: 'kr',
    languages: ['en'],
    interests: ['agents'],
    contactBy: 'mail',
    consent: true,
    brief: [file('brief.pdf', 'application/pdf', 10)],
    logo: [file('logo.png', 'image/png', 10)],
  };
}

const labelText = (el: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement) =>
  Array.from(el.labels ?? [], (l) => l.textContent ?? '').join(' ').replace(/\s+/g, ' ');

describe('form view: controls', () => {
  it('gives every field type a labelled control', async () => {
    const m = await mount();
    const expectedTag: Record<string, string> = {
      text: 'INPUT',
      textarea: 'TEXTAREA',
      number: 'INPUT',
      email: 'INPUT',
      tel: 'INPUT',
      date: 'INPUT',
      select: 'SELECT',
      boolean: 'INPUT',
      file: 'INPUT',
    };
    const seen = new Set<string>();
    for (const f of EVERY_FIELD_FORM.fields) {
      seen.add(f.type);
      if (f.type === 'checkbox') {
        const group = m.field(f.name);
        expect(group.tagName, f.name).to.equal('FIELDSET');
        expect(group.querySelector('legend')!.textContent, f.name).to.contain(f.label);
        const inputs = group.querySelectorAll('input');
        expect(inputs.length, f.name).to.equal(f.options!.length);
        inputs.forEach((input, j) => expect(labelText(input), `${f.name} option ${j}`).to.contain(f.options![j]!.label));
        continue;
      }
      const control = m.control<HTMLInputElement>(f.name);
      expect(control, f.name).to.exist;
      expect(control.tagName, f.name).to.equal(expectedTag[f.type]);
      expect(control.labels!.length, f.name).to.be.greaterThan(0);
      expect(labelText(control), f.name).to.contain(f.label);
    }
    expect(seen.size, 'the fixture covers all ten types').to.equal(10);
  });

  it('uses the right input types, placeholders, options and multiplicity', async () => {
    const m = await mount();
    expect(m.control('fullName').type).to.equal('text');
    expect(m.control('fullName').placeholder).to.equal('Jane Doe');
    expect(m.control('teamSize').type).to.equal('text');
    expect(m.control('teamSize').inputMode).to.equal('decimal');
    expect(m.control('email').type).to.equal('email');
    expect(m.control('phone').type).to.equal('tel');
    expect(m.control('preferredDate').type).to.equal('date');
    const region = m.control<HTMLSelectElement>('region');
    expect(region.multiple).to.equal(false);
    expect(Array.from(region.options, (o) => [o.value, o.text])).to.deep.equal([
      ['', en.formSelectPlaceholder],
      ['us', 'United States'],
      ['kr', 'Korea'],
    ]);
    const languages = m.control<HTMLSelectElement>('languages');
    expect(languages.multiple).to.equal(true);
    expect(Array.from(languages.options, (o) => o.value)).to.deep.equal(['en', 'ko', 'ja']);
    expect(Array.from(m.field('interests').querySelectorAll('input'), (i) => i.type)).to.deep.equal(['checkbox', 'checkbox', 'checkbox']);
    expect(Array.from(m.field('contactBy').querySelectorAll('input'), (i) => i.type)).to.deep.equal(['radio', 'radio']);
    expect(m.field('contactBy').getAttribute('role')).to.equal('radiogroup');
    expect(m.control('consent').type).to.equal('checkbox');
    const brief = m.control('brief');
    expect(brief.type).to.equal('file');
    expect(brief.accept).to.equal('.pdf,.txt,image/*');
    expect(brief.multiple).to.equal(true);
    expect(m.control('logo').multiple, 'maxFiles 1 → one file').to.equal(false);
    expect(m.root.querySelector('form')!.noValidate).to.equal(true);
    expect(m.root.querySelector('form')!.getAttribute('part')).to.equal('form');
    expect(m.root.querySelector<HTMLButtonElement>('button[type=submit]')!.textContent!.trim()).to.equal('Book my demo');
  });

  it('marks required fields visibly and for assistive technology', async () => {
    const m = await mount();
    for (const f of EVERY_FIELD_FORM.fields) {
      const container = f.type === 'checkbox' ? m.field(f.name) : m.control(f.name).labels![0]!;
      const mark = container.querySelector('.required-mark');
      if (!f.required) {
        expect(mark, f.name).to.equal(null);
        continue;
      }
      expect(mark?.getAttribute('aria-hidden'), f.name).to.equal('true');
      expect(mark?.textContent, f.name).to.equal('*');
      expect(container.querySelector('.sr-only')?.textContent, f.name).to.contain(en.formRequiredMark);
      if (f.type !== 'checkbox') expect(m.control(f.name).required, f.name).to.equal(true);
    }
    expect(m.control('phone').required).to.equal(false);
  });

  it('reports typed values with the draft shape of each field', async () => {
    const m = await mount();
    const type = (el: HTMLInputElement | HTMLTextAreaElement, value: string) => {
      el.value = value;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    };
    type(m.control('fullName'), 'Jane');
    type(m.control<HTMLTextAreaElement>('notes'), 'Hello');
    type(m.control('teamSize'), '12');
    type(m.control('preferredDate'), '2025-03-14');
    const region = m.control<HTMLSelectElement>('region');
    region.value = 'kr';
    region.dispatchEvent(new Event('change'));
    const languages = m.control<HTMLSelectElement>('languages');
    languages.options[0]!.selected = true;
    languages.options[2]!.selected = true;
    languages.dispatchEvent(new Event('change'));
    const interests = m.field('interests').querySelectorAll('input');
    interests[2]!.click();
    interests[0]!.click();
    m.field('contactBy').querySelectorAll('input')[1]!.click();
    m.control('consent').click();
    expect(m.calls.input).to.deep.equal([
      ['fullName', 'Jane'],
      ['notes', 'Hello'],
      ['teamSize', '12'],
      ['preferredDate', '2025-03-14'],
      ['region', 'kr'],
      ['languages', ['en', 'ja']],
      ['interests', ['widget']],
      ['interests', ['answers', 'widget']],
      ['contactBy', 'call'],
      ['consent', true],
    ]);
    // The controls show the draft after the re-render.
    expect(m.control('fullName').value).to.equal('Jane');
    expect(Array.from(interests, (i) => i.checked)).to.deep.equal([true, false, true]);
    interests[0]!.click();
    expect(m.calls.input.at(-1)).to.deep.equal(['interests', ['widget']]);
  });

  it('adds chosen files to the list (names as text, sizes) and removes one', async () => {
    const m = await mount();
    const input = m.control('brief');
    const pick = (...files: File[]) => {
      const transfer = new DataTransfer();
      files.forEach((f) => transfer.items.add(f));
      input.files = transfer.files;
      input.dispatchEvent(new Event('change'));
    };
    const a = file('quarterly-report-final-final-v7-approved-by-legal.pdf', 'application/pdf', 1536);
    const b = file('b.txt', 'text/plain', 10);
    pick(a);
    pick(b, a);
    expect(m.calls.input.map(([, v]) => (v as File[]).map((f) => f.name))).to.deep.equal([[a.name], [a.name, 'b.txt']]);
    const items = m.field('brief').querySelectorAll('.file-item');
    expect(items.length).to.equal(2);
    const name = items[0]!.querySelector('.file-name')!;
    expect(name.textContent).to.contain('…');
    expect(name.textContent!.endsWith('.pdf')).to.equal(true);
    expect(name.getAttribute('title')).to.equal(a.name);
    expect(items[0]!.querySelector('.file-size')!.textContent).to.equal('1.5 kB');
    expect(Array.from(input.files!, (f) => f.name), 'the input lists every chosen file').to.deep.equal([a.name, 'b.txt']);
    const remove = items[0]!.querySelector<HTMLButtonElement>('.file-remove')!;
    expect(remove.getAttribute('aria-label')).to.equal(en.formRemoveFile(a.name));
    remove.click();
    expect((m.calls.input.at(-1)![1] as File[]).map((f) => f.name)).to.deep.equal(['b.txt']);
    expect(m.field('brief').querySelectorAll('.file-item').length).to.equal(1);
    expect(Array.from(input.files!, (f) => f.name), 'the input follows a removal').to.deep.equal(['b.txt']);

    const logo = m.control('logo');
    const first = file('one.png', 'image/png', 5);
    const second = file('two.png', 'image/png', 5);
    for (const f of [first, second]) {
      const transfer = new DataTransfer();
      transfer.items.add(f);
      logo.files = transfer.files;
      logo.dispatchEvent(new Event('change'));
    }
    expect((m.props.draft.logo as File[]).map((f) => f.name), 'a one-file field replaces its file').to.deep.equal(['two.png']);
  });
});

describe('form view: errors, submit and focus', () => {
  it('links each error to its control with aria-describedby and aria-invalid', async () => {
    const errors = validateForm(EVERY_FIELD_FORM, initialDraft(EVERY_FIELD_FORM), en);
    errors.email = 'Use your work address.'; // as from FORM_INVALID
    const m = await mount({ errors });
    for (const f of EVERY_FIELD_FORM.fields) {
      const controls = f.type === 'checkbox' ? Array.from(m.field(f.name).querySelectorAll('input')) : [m.control(f.name)];
      for (const control of controls) {
        if (!errors[f.name]) {
          expect(control.hasAttribute('aria-invalid'), f.name).to.equal(false);
          continue;
        }
        expect(control.getAttribute('aria-invalid'), f.name).to.equal('true');
        const ids = control.getAttribute('aria-describedby')!.split(/\s+/);
        const texts = ids.map((id) => m.root.getElementById(id)?.textContent ?? '');
        expect(texts, f.name).to.include(errors[f.name]);
      }
    }
  });

  it('focuses the first invalid control of this form only', async () => {
    const m = await mount();
    expect(focusFirstInvalid(m.root, PREFIX)).to.equal(false);
    const other = document.createElement('div');
    m.root.prepend(other);
    render(renderForm({ ...m.props, idPrefix: 'w1-node3', errors: { fullName: 'x' } }), other);
    m.update({ errors: { interests: 'Pick one.', email: 'Bad.', consent: 'Tick.' } });
    expect(focusFirstInvalid(m.root, PREFIX)).to.equal(true);
    expect(m.root.activeElement).to.equal(m.control('email'));
    m.update({ errors: { interests: 'Pick one.' } });
    expect(focusFirstInvalid(m.root, PREFIX)).to.equal(true);
    expect(m.root.activeElement).to.equal(m.field('interests').querySelector('input'));
    const ids = Array.from(m.root.querySelectorAll('[id]'), (el) => el.id);
    expect(new Set(ids).size, 'ids are unique with two forms in one root').to.equal(ids.length);
  });

  it('submits through the form, and not again while submitting', async () => {
    const m = await mount({ draft: filledDraft() });
    const submit = () => m.root.querySelector<HTMLButtonElement>('button[type=submit]')!;
    submit().click();
    expect(m.calls.submit).to.equal(1);
    m.control('fullName').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    m.root.querySelector('form')!.requestSubmit();
    expect(m.calls.submit).to.equal(2);

    m.update({ state: 'submitting' });
    expect(submit().getAttribute('aria-disabled')).to.equal('true');
    expect(submit().textContent!.trim()).to.equal(en.formSubmitting);
    submit().click();
    expect(m.calls.submit, 'no second submit while one is in flight').to.equal(2);
    expect(m.control('fullName').readOnly).to.equal(true);
    expect(m.control('fullName').value, 'the draft stays in the controls').to.equal('Jane');
    expect(m.control<HTMLSelectElement>('region').disabled).to.equal(true);
    expect(m.root.querySelector('.form-cancel')).to.equal(null);

    // FORM_INVALID: back to editing with the server's messages, every value still there.
    m.update({ state: 'editing', errors: { email: 'Use your work address.' } });
    expect(m.control('fullName').value).to.equal('Jane');
    expect(m.control('email').value).to.equal('jane@company.com');
    expect(m.control<HTMLSelectElement>('region').value).to.equal('kr');
    expect(m.control('consent').checked).to.equal(true);
    expect(m.field('brief').querySelectorAll('.file-item').length).to.equal(1);
    expect(m.control('email').getAttribute('aria-invalid')).to.equal('true');
  });

  it('shows a form-level message as an alert', async () => {
    const m = await mount({ formError: en.formFixErrors(2) });
    const alert = m.root.querySelector('[role=alert]')!;
    expect(alert.textContent).to.equal('2 answers need another look.');
  });
});

describe('form view: read-only summary', () => {
  it('turns a submitted form into a list of what was sent', async () => {
    const { values } = toSendFormInput(EVERY_FIELD_FORM, filledDraft());
    const m = await mount({ state: 'submitted', submittedValues: values });
    expect(m.root.querySelectorAll('input, select, textarea, button').length).to.equal(0);
    const root = m.root.querySelector('[part=form]')!;
    expect(root.tagName).to.equal('SECTION');
    const rows = Array.from(m.root.querySelectorAll('.form-summary .summary-row'), (row) => [
      row.querySelector('dt')!.textContent,
      row.querySelector('dd')!.textContent,
    ]);
    expect(rows).to.deep.equal([
      ['Full name', 'Jane'],
      ['Anything else?', en.formNotAnswered],
      ['Team size', '12'],
      ['Work email', 'jane@company.com'],
      ['Phone', '+1 555 0100'],
      ['Preferred date', '2025-03-14'],
      ['Region', 'Korea'],
      ['Languages', 'English'],
      ['What would you like to see?', 'Agents and workflows'],
      ['Contact me by', 'Email'],
      ['I agree to be contacted', 'Yes'],
      ['Send me product news', 'No'],
      ['Requirements document', 'brief.pdf'],
      ['Logo', 'logo.png'],
    ]);
    await expect(m.host).to.be.accessible();
  });

  it('shows an older form without answers as closed', async () => {
    const m = await mount({ state: 'readonly' });
    expect(m.root.querySelectorAll('input, select, textarea, button').length).to.equal(0);
    expect(m.root.querySelector('.form-closed')!.textContent).to.equal(en.formClosed);
    expect(m.root.querySelector('.form-title')!.textContent).to.equal('Book a product demo');
  });
});

describe('form view: safety and accessibility', () => {
  const evil = '<img src=x onerror=alert(1)>';
  const evilForm: FormDefinition = {
    id: 'evil',
    title: evil,
    description: evil,
    submitLabel: evil,
    fields: [
      { name: 'a', label: evil, type: 'text', required: true, placeholder: evil },
      { name: 'b', label: evil, type: 'select', required: false, placeholder: evil, options: [{ value: evil, label: evil }] },
      { name: 'c', label: evil, type: 'checkbox', required: false, multiple: true, options: [{ value: 'x', label: evil }] },
    ],
  };

  it('shows server text as text, never markup', async () => {
    const m = await mount({ form: evilForm, draft: initialDraft(evilForm), errors: { a: evil }, formError: evil });
    expect(m.root.querySelector('img')).to.equal(null);
    expect(m.root.querySelector('.form-title')!.textContent).to.equal(evil);
    expect(m.root.querySelector('.form-description')!.textContent).to.equal(evil);
    expect(m.root.querySelector('.form-error')!.textContent).to.equal(evil);
    expect(m.root.querySelector('.field-error')!.textContent).to.equal(evil);
    expect(labelText(m.control('a'))).to.contain(evil);
    expect(m.control('a').placeholder).to.equal(evil);
    expect(m.control<HTMLSelectElement>('b').options[1]!.text).to.equal(evil);
    expect(m.field('c').querySelector('legend')!.textContent).to.contain(evil);
    expect(m.root.querySelector('button[type=submit]')!.textContent!.trim()).to.equal(evil);

    m.update({ state: 'submitted', submittedValues: { a: evil, b: evil } });
    expect(m.root.querySelector('img')).to.equal(null);
    expect(m.root.querySelector('dd')!.textContent).to.equal(evil);
    expect(m.root.querySelectorAll('[style]').length, 'no inline styles').to.equal(0);
  });

  it('passes axe with a filled form', async () => {
    const m = await mount({ draft: filledDraft() });
    expect(m.root.querySelectorAll('[style]').length).to.equal(0);
    await expect(m.host).to.be.accessible();
  });

  it('passes axe with every field invalid and a form-level message', async () => {
    const draft = initialDraft(EVERY_FIELD_FORM);
    const errors = validateForm(EVERY_FIELD_FORM, draft, en);
    errors.notes = 'Too long.';
    errors.brief = en.formFileType('x.exe', '.pdf');
    const m = await mount({ draft, errors, formError: en.formFixErrors(Object.keys(errors).length) });
    expect(m.root.querySelectorAll('[aria-invalid=true]').length).to.be.greaterThan(8);
    await expect(m.host).to.be.accessible();
  });

  it('passes axe while submitting', async () => {
    const m = await mount({ draft: filledDraft(), state: 'submitting' });
    await expect(m.host).to.be.accessible();
  });
});
