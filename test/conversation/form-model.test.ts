import { expect } from '@open-wc/testing';
import {
  compilePattern,
  initialDraft,
  isCalendarDate,
  parseNumber,
  serverFieldErrors,
  summarizeForm,
  toSendFormInput,
  validateField,
  validateForm,
  withoutError,
  type FormDraft,
} from '../../src/conversation/form-model.js';
import { STRINGS } from '../helpers/strings.js';
import type { FormDefinition, FormField } from '../../src/model/types.js';
import { EVERY_FIELD_FORM, file } from './form-fixtures.js';

const en = STRINGS.en;
const field = (f: Partial<FormField> & Pick<FormField, 'type'>): FormField => ({ name: 'f', label: 'F', required: false, ...f });
const check = (f: FormField, value: Parameters<typeof validateField>[1]) => validateField(f, value, en, 'en');

function validDraft(): FormDraft {
  return {
    ...initialDraft(EVERY_FIELD_FORM),
    fullName: 'Jane Doe',
    notes: '',
    teamSize: '1,200',
    email: ' jane@company.com ',
    phone: '+82 (10) 1234-5678',
    preferredDate: '2025-03-14',
    region: 'kr',
    languages: ['ja', 'en'],
    interests: ['answers', 'widget'],
    contactBy: 'call',
    consent: true,
    newsletter: false,
    brief: [file('brief.pdf', 'application/pdf', 10), file('notes.txt', 'text/plain', 20)],
    logo: [file('logo.png', 'image/png', 30)],
  };
}

describe('form model: drafts', () => {
  it('starts every field empty in the shape its control holds', () => {
    expect(initialDraft(EVERY_FIELD_FORM)).to.deep.equal({
      fullName: '',
      notes: '',
      teamSize: '',
      email: '',
      phone: '',
      preferredDate: '',
      region: '',
      languages: [],
      interests: [],
      contactBy: '',
      consent: false,
      newsletter: false,
      brief: [],
      logo: [],
    });
  });
});

describe('form model: validation', () => {
  it('reports every missing required field with a message for its kind, and nothing for optional ones', () => {
    const errors = validateForm(EVERY_FIELD_FORM, initialDraft(EVERY_FIELD_FORM), en);
    expect(errors).to.deep.equal({
      fullName: en.formRequired,
      teamSize: en.formRequired,
      email: en.formRequired,
      preferredDate: en.formRequired,
      region: en.formRequiredChoice,
      interests: en.formRequiredChoice,
      consent: en.formRequiredCheck,
      logo: en.formRequiredFile,
    });
  });

  it('accepts a complete, valid draft', () => {
    expect(validateForm(EVERY_FIELD_FORM, validDraft(), en, 'en')).to.deep.equal({});
  });

  it('treats whitespace-only text as missing', () => {
    expect(check(field({ type: 'text', required: true }), '   ')).to.equal(en.formRequired);
    expect(check(field({ type: 'text', required: false }), '   ')).to.equal(undefined);
  });

  it('requires a required boolean to be true', () => {
    const consent = field({ type: 'boolean', required: true });
    expect(check(consent, false)).to.equal(en.formRequiredCheck);
    expect(check(consent, true)).to.equal(undefined);
    expect(check(field({ type: 'boolean' }), false)).to.equal(undefined);
  });

  it('requires at least one choice for a required multi-select and checkbox group', () => {
    const options = [{ value: 'a', label: 'A' }];
    for (const type of ['select', 'checkbox'] as const) {
      const f = field({ type, required: true, multiple: true, options });
      expect(check(f, []), type).to.equal(en.formRequiredChoice);
      expect(check(f, ['a']), type).to.equal(undefined);
    }
  });

  it('requires at least one file for a required file field', () => {
    const f = field({ type: 'file', required: true });
    expect(check(f, [])).to.equal(en.formRequiredFile);
    expect(check(f, [file('a.txt', 'text/plain', 1)])).to.equal(undefined);
  });

  it('matches a pattern against the whole value, with the server message when given', () => {
    const withMessage = field({ type: 'text', validation: { pattern: '[A-Z]{3}', message: 'Three capitals.' } });
    expect(check(withMessage, 'ABC')).to.equal(undefined);
    expect(check(withMessage, 'ABCD'), 'anchored at the end').to.equal('Three capitals.');
    expect(check(withMessage, 'xABC'), 'anchored at the start').to.equal('Three capitals.');
    const alternation = field({ type: 'text', validation: { pattern: 'a|b' } });
    expect(check(alternation, 'ab'), 'alternation is grouped before anchoring').to.equal(en.formInvalidFormat);
    expect(check(alternation, 'b')).to.equal(undefined);
  });

  it('ignores a pattern that does not compile instead of throwing', () => {
    expect(compilePattern('([a-z')).to.equal(undefined);
    expect(compilePattern('\\p{Nope}')).to.equal(undefined);
    const f = field({ type: 'text', validation: { pattern: '([a-z', message: 'never shown' } });
    expect(() => check(f, 'anything')).to.not.throw();
    expect(check(f, 'anything')).to.equal(undefined);
    const form: FormDefinition = { id: 'x', fields: [{ ...f, name: 'code' }] };
    expect(validateForm(form, { code: 'x' }, en)).to.deep.equal({});
  });

  it('checks number shape and min/max, with the server message for a range', () => {
    const f = field({ type: 'number', validation: { min: 1, max: 5000 } });
    expect(check(f, 'abc')).to.equal(en.formInvalidNumber);
    expect(check(f, '1e')).to.equal(en.formInvalidNumber);
    expect(check(f, '0')).to.equal(en.formNumberRange('1', '5,000'));
    expect(check(f, '5001')).to.equal(en.formNumberRange('1', '5,000'));
    expect(check(f, '1')).to.equal(undefined);
    expect(check(f, '5000')).to.equal(undefined);
    expect(check(f, '４２'), 'full-width digits').to.equal(undefined);
    expect(check(field({ type: 'number', validation: { min: 10 } }), '9')).to.equal(en.formNumberMin('10'));
    expect(check(field({ type: 'number', validation: { max: 10 } }), '11')).to.equal(en.formNumberMax('10'));
    expect(check(field({ type: 'number', validation: { min: 1, message: 'At least one seat.' } }), '0')).to.equal('At least one seat.');
    expect(check(field({ type: 'number', validation: { min: 1, message: 'At least one seat.' } }), 'x')).to.equal(en.formInvalidNumber);
  });

  it('reads numbers plainly, with comma grouping and full-width digits', () => {
    expect(parseNumber('42')).to.equal(42);
    expect(parseNumber(' -3.5 ')).to.equal(-3.5);
    expect(parseNumber('1,234.5')).to.equal(1234.5);
    expect(parseNumber('１２３')).to.equal(123);
    expect(parseNumber('1,23')).to.equal(undefined);
    expect(parseNumber('12abc')).to.equal(undefined);
    expect(parseNumber('Infinity')).to.equal(undefined);
    expect(parseNumber('')).to.equal(undefined);
  });

  it('limits text and textarea length in code points', () => {
    for (const type of ['text', 'textarea'] as const) {
      const f = field({ type, validation: { maxLength: 3 } });
      expect(check(f, '😀😀😀'), `${type}: three emoji are three characters`).to.equal(undefined);
      expect(check(f, 'abcd'), type).to.equal(en.formTooLong(3, 4));
    }
  });

  it('checks email shape', () => {
    const f = field({ type: 'email' });
    expect(check(f, 'jane@company.com')).to.equal(undefined);
    expect(check(f, ' jane@company.com ')).to.equal(undefined);
    for (const bad of ['jane', 'jane@', 'jane@company', '@company.com', 'ja ne@company.com']) {
      expect(check(f, bad), bad).to.equal(en.formInvalidEmail);
    }
  });

  it('checks phone shape: allowed characters, + first, 7 to 20 digits', () => {
    const f = field({ type: 'tel' });
    for (const ok of ['+1 (555) 010-0100', '010.1234.5678', '1234567', '１２３４５６７']) expect(check(f, ok), ok).to.equal(undefined);
    for (const bad of ['123456', '1'.repeat(21), '555-CALL-NOW', '12+34567890', '123 456 7890 ext 2']) {
      expect(check(f, bad), bad).to.equal(en.formInvalidTel);
    }
  });

  it("lets a tel field's own pattern replace the built-in phone shape", () => {
    const f = field({ type: 'tel', validation: { pattern: '[0-9A-Z-]{4,}', message: 'Letters are fine.' } });
    expect(check(f, '555-CALL')).to.equal(undefined);
    expect(check(f, '55')).to.equal('Letters are fine.');
  });

  it('accepts only real calendar dates as YYYY-MM-DD', () => {
    const f = field({ type: 'date' });
    expect(check(f, '2024-02-29')).to.equal(undefined);
    for (const bad of ['2025-02-29', '2025-02-30', '2025-13-01', '2025-00-10', '2025-1-5', '14/03/2025', '+275760-09-13']) {
      expect(check(f, bad), bad).to.equal(en.formInvalidDate);
    }
    expect(isCalendarDate('0099-12-31'), 'two-digit years are not moved to the 1900s').to.equal(true);
  });

  it('rejects option values the form does not list', () => {
    const options = [
      { value: 'a', label: 'A' },
      { value: 'b', label: 'B' },
    ];
    expect(check(field({ type: 'select', options }), 'b')).to.equal(undefined);
    expect(check(field({ type: 'select', options }), 'z')).to.equal(en.formInvalidOption);
    expect(check(field({ type: 'select', multiple: true, options }), ['a', 'z'])).to.equal(en.formInvalidOption);
    expect(check(field({ type: 'checkbox', multiple: true, options }), ['b', 'a'])).to.equal(undefined);
    expect(check(field({ type: 'checkbox', options }), 'z')).to.equal(en.formInvalidOption);
  });

  it('checks files against the field accept, size and count limits, naming the file', () => {
    const f = field({ type: 'file', accept: '.pdf', maxBytes: 100, maxFiles: 2 });
    expect(check(f, [file('a.pdf', 'application/pdf', 100)])).to.equal(undefined);
    expect(check(f, [file('a.exe', 'application/x-msdownload', 10)])).to.equal(en.formFileType('a.exe', '.pdf'));
    expect(check(f, [file('big.pdf', 'application/pdf', 101)])).to.equal(en.formFileSize('big.pdf', '100 bytes'));
    expect(check(f, [file('empty.pdf', 'application/pdf', 0)])).to.equal(en.formFileEmpty('empty.pdf'));
    const three = [1, 2, 3].map((n) => file(`${n}.pdf`, 'application/pdf', 5));
    expect(check(f, three)).to.equal(en.formFileCount(2));
    const message = check(f, [file('big.pdf', 'application/pdf', 500), file('x.exe', '', 1)]);
    expect(message).to.contain('big.pdf').and.to.contain('x.exe');
  });

  it('uses the locale’s words for messages', () => {
    const errors = validateForm(EVERY_FIELD_FORM, initialDraft(EVERY_FIELD_FORM), STRINGS.ko);
    expect(errors.fullName).to.equal(STRINGS.ko.formRequired);
    expect(errors.fullName).to.not.equal(en.formRequired);
  });
});

describe('form model: sendFormInput', () => {
  it('types every field as docs/protocol.md §6 says, field by field', () => {
    const draft = validDraft();
    const { values, files } = toSendFormInput(EVERY_FIELD_FORM, draft);
    expect(values.fullName).to.equal('Jane Doe');
    expect('notes' in values, 'an empty optional field is left out').to.equal(false);
    expect(values.teamSize).to.equal(1200);
    expect(values.email).to.equal('jane@company.com');
    expect(values.phone).to.equal('+82 (10) 1234-5678');
    expect(values.preferredDate).to.equal('2025-03-14');
    expect(values.region).to.equal('kr');
    expect(values.languages).to.deep.equal(['ja', 'en']);
    expect(values.interests).to.deep.equal(['answers', 'widget']);
    expect(values.contactBy, 'a checkbox field without `multiple` is one value').to.equal('call');
    expect(values.consent).to.equal(true);
    expect(values.newsletter, 'an unticked boolean is sent as false').to.equal(false);
    expect(values.brief).to.deep.equal([
      { formFileIndex: 0, name: 'brief.pdf' },
      { formFileIndex: 1, name: 'notes.txt' },
    ]);
    expect(values.logo).to.deep.equal([{ formFileIndex: 2, name: 'logo.png' }]);
    expect(Object.keys(values).sort()).to.deep.equal(
      ['fullName', 'teamSize', 'email', 'phone', 'preferredDate', 'region', 'languages', 'interests', 'contactBy', 'consent', 'newsletter', 'brief', 'logo'].sort(),
    );
    expect(files).to.have.length(3);
    expect(files[0]).to.equal((draft.brief as File[])[0]);
    expect(files[1]).to.equal((draft.brief as File[])[1]);
    expect(files[2]).to.equal((draft.logo as File[])[0]);
    expect(JSON.parse(JSON.stringify(values))).to.deep.equal(values);
  });

  it('indexes form_files across fields in form order, then in the order chosen', () => {
    const form: FormDefinition = {
      id: 'files',
      fields: [
        { name: 'first', label: 'First', type: 'file', required: false },
        { name: 'skipped', label: 'Skipped', type: 'file', required: false },
        { name: 'second', label: 'Second', type: 'file', required: false },
      ],
    };
    const [a, b, c] = [file('a.txt', 'text/plain', 1), file('b.txt', 'text/plain', 1), file('c.txt', 'text/plain', 1)];
    const nameless = new File([new Uint8Array(1)], '', { type: 'text/plain' });
    const { values, files } = toSendFormInput(form, { first: [b, a], skipped: [], second: [c, nameless] });
    expect(files).to.deep.equal([b, a, c, nameless]);
    expect(values).to.deep.equal({
      first: [
        { formFileIndex: 0, name: 'b.txt' },
        { formFileIndex: 1, name: 'a.txt' },
      ],
      second: [
        { formFileIndex: 2, name: 'c.txt' },
        { formFileIndex: 3, name: 'form-file-4' },
      ],
    });
    for (const [name, refs] of Object.entries(values)) {
      for (const ref of refs as { formFileIndex: number; name: string }[]) {
        expect(files[ref.formFileIndex], `${name} → ${ref.name}`).to.be.instanceOf(File);
      }
    }
  });

  it('leaves out empty optional answers and normalises typed text', () => {
    const form: FormDefinition = {
      id: 'opt',
      fields: [
        { name: 'n', label: 'N', type: 'number', required: false },
        { name: 's', label: 'S', type: 'select', required: false, options: [{ value: 'a', label: 'A' }] },
        { name: 'm', label: 'M', type: 'select', required: false, multiple: true, options: [{ value: 'a', label: 'A' }] },
        { name: 't', label: 'T', type: 'text', required: false },
        { name: 'p', label: 'P', type: 'tel', required: false },
      ],
    };
    expect(toSendFormInput(form, initialDraft(form)).values).to.deep.equal({});
    expect(toSendFormInput(form, { n: '', s: '', m: [], t: '   ', p: '' }).values).to.deep.equal({});
    expect(toSendFormInput(form, { n: '７', s: 'a', m: ['a', 'a'], t: ' two words ', p: '０１２ ３４５６７' }).values).to.deep.equal({
      n: 7,
      s: 'a',
      m: ['a'],
      t: ' two words ',
      p: '012 34567',
    });
  });
});

describe('form model: summary and server errors', () => {
  it('summarises answers as label: value lines with option labels, yes/no and file names', () => {
    const { values } = toSendFormInput(EVERY_FIELD_FORM, validDraft());
    expect(summarizeForm(EVERY_FIELD_FORM, values, en, 'en').split('\n')).to.deep.equal([
      'Book a product demo',
      'Full name: Jane Doe',
      'Team size: 1,200',
      'Work email: jane@company.com',
      'Phone: +82 (10) 1234-5678',
      'Preferred date: 2025-03-14',
      'Region: Korea',
      'Languages: Japanese, English',
      'What would you like to see?: Document answers, The website chat widget',
      'Contact me by: Phone call',
      'I agree to be contacted: Yes',
      'Send me product news: No',
      'Requirements document: brief.pdf, notes.txt',
      'Logo: logo.png',
    ]);
    expect(summarizeForm(EVERY_FIELD_FORM, { consent: true }, STRINGS.ja)).to.equal(`Book a product demo\nI agree to be contacted: ${STRINGS.ja.formYes}`);
  });

  it("splits FORM_INVALID fields into this form's fields and the rest", () => {
    const { errors, other } = serverFieldErrors(EVERY_FIELD_FORM, { email: 'Use your work address.', ghost: 'Something else.', teamSize: 42 });
    expect(errors).to.deep.equal({ email: 'Use your work address.' });
    expect(other).to.deep.equal(['Something else.']);
    expect(serverFieldErrors(EVERY_FIELD_FORM, null)).to.deep.equal({ errors: {}, other: [] });
    expect(serverFieldErrors(EVERY_FIELD_FORM, ['x'])).to.deep.equal({ errors: {}, other: [] });
  });

  it('clears one field’s error without touching the others', () => {
    const errors = { a: 'x', b: 'y' };
    expect(withoutError(errors, 'a')).to.deep.equal({ b: 'y' });
    expect(errors).to.deep.equal({ a: 'x', b: 'y' });
    expect(withoutError(errors, 'zzz')).to.equal(errors);
  });
});
