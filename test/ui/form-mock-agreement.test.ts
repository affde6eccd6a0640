/**
 * The widget's form checks and `sendFormInput` against the mock Alli's own validation: what the
 * widget lets through, the mock accepts; the demo's booking form, filled in as a user would,
 * goes through the real multipart builder and ends the conversation.
 */
import { expect } from '@open-wc/testing';
// The mock's server-side validation: plain browser-safe JS, no Node imports.
import { validateForm as mockValidate } from '../../demo/mock-alli/forms.js';
import {
  initialDraft,
  summarizeForm,
  toSendFormInput,
  validateForm,
  type FormDraft,
} from '../../src/conversation/form-model.js';
import { STRINGS } from '../helpers/strings.js';
import { buildTurnBody } from '../../src/transport/client.js';
import type { FormDefinition } from '../../src/model/types.js';
import { APP, WIDGET_ACCEPT, hostGrant, readSse, startConversation, turnEvents } from '../mock-alli/mock-client.js';
import { EVERY_FIELD_FORM, file } from '../conversation/form-fixtures.js';

const en = STRINGS.en;
const received = (files: File[]) => files.map((f) => ({ name: f.name, type: f.type, size: f.size }));

function mockErrors(form: FormDefinition, draft: FormDraft): string[] {
  const { values, files } = toSendFormInput(form, draft);
  return Object.keys(mockValidate(form, JSON.parse(JSON.stringify(values)), received(files))).sort();
}

describe('forms: the widget and the mock agree', () => {
  const good: FormDraft = {
    ...initialDraft(EVERY_FIELD_FORM),
    fullName: 'Jane',
    notes: '😀'.repeat(20),
    teamSize: '５,０００',
    email: 'jane@company.com',
    phone: '010-1234-5678',
    preferredDate: '2028-02-29',
    region: 'us',
    languages: ['ko'],
    interests: ['agents'],
    contactBy: 'mail',
    consent: true,
    brief: [file('a.pdf', 'application/pdf', 1000), file('b.png', 'image/png', 1)],
    logo: [file('logo.svg', 'image/svg+xml', 3)],
  };

  it('a draft the widget accepts passes the mock too', () => {
    expect(validateForm(EVERY_FIELD_FORM, good, en)).to.deep.equal({});
    expect(mockErrors(EVERY_FIELD_FORM, good)).to.deep.equal([]);
  });

  const broken: [string, Partial<FormDraft>][] = [
    ['fullName', { fullName: 'x'.repeat(11) }],
    ['notes', { notes: '😀'.repeat(21) }],
    ['teamSize', { teamSize: '0' }],
    ['teamSize', { teamSize: '5001' }],
    ['email', { email: 'jane@company' }],
    ['preferredDate', { preferredDate: '2027-02-29' }],
    ['region', { region: 'mars' }],
    ['languages', { languages: ['ko', 'xx'] }],
    ['contactBy', { contactBy: 'pigeon' }],
    ['brief', { brief: [file('big.pdf', 'application/pdf', 1001)] }],
    ['brief', { brief: [file('run.exe', 'application/x-msdownload', 5)] }],
    ['brief', { brief: [1, 2, 3].map((n) => file(`${n}.pdf`, 'application/pdf', 5)) }],
    ['interests', { interests: [] }],
    ['consent', { consent: false }],
    ['logo', { logo: [] }],
  ];
  for (const [name, change] of broken) {
    it(`both refuse ${name} = ${JSON.stringify(Object.values(change)[0], (_k, v) => (v instanceof File ? v.name : v))}`, () => {
      const draft = { ...good, ...change } as FormDraft;
      expect(Object.keys(validateForm(EVERY_FIELD_FORM, draft, en)), 'widget').to.deep.equal([name]);
      expect(mockErrors(EVERY_FIELD_FORM, draft), 'mock').to.deep.equal([name]);
    });
  }
});

describe('forms: the demo booking form end to end', () => {
  it('fills the form the mock offers, sends it through the real multipart builder, and the flow ends', async () => {
    const { token } = await hostGrant();
    const id = await startConversation(token);
    const offer = await turnEvents(token, { conversationId: id, choices: '[2]' });
    const form: FormDefinition = offer.filter((e) => e.event === 'response').at(-1)!.data.response.form;
    expect(form.fields.length).to.be.greaterThan(5);

    const draft = initialDraft(form);
    expect(Object.keys(validateForm(form, draft, en))).to.include.members(form.fields.filter((f) => f.required).map((f) => f.name));

    const brief = new File(['must have: SSO, Korean answers'], 'requirements.txt', { type: 'text/plain' });
    Object.assign(draft, {
      fullName: 'Jane Doe',
      email: 'jane@example.com',
      phone: '+82 10-1234-5678',
      teamSize: '40',
      preferredDate: '2030-05-14',
      region: 'kr',
      interests: ['answers', 'widget'],
      notes: '데모 기대하고 있어요',
      newsletter: true,
      brief: [brief],
    });
    expect(validateForm(form, draft, en)).to.deep.equal({});
    const { values, files } = toSendFormInput(form, draft);
    expect(values).to.deep.equal({
      fullName: 'Jane Doe',
      email: 'jane@example.com',
      phone: '+82 10-1234-5678',
      teamSize: 40,
      preferredDate: '2030-05-14',
      region: 'kr',
      interests: ['answers', 'widget'],
      notes: '데모 기대하고 있어요',
      newsletter: true,
      brief: [{ formFileIndex: 0, name: 'requirements.txt' }],
    });

    const res = await fetch(`${APP}?delayMs=0`, {
      method: 'POST',
      body: buildTurnBody({ conversationId: id, sendFormInput: values, formFiles: files }),
      headers: { Authorization: `Bearer ${token}`, Accept: WIDGET_ACCEPT },
    });
    expect(res.status).to.equal(200);
    const { events } = await readSse(res);
    expect(events.some((e) => e.event === 'error'), JSON.stringify(events.find((e) => e.event === 'error')?.data)).to.equal(false);
    expect(events.at(-1)!.data.reason).to.equal('ended');
    const userNode = events.find((e) => e.event === 'response' && e.data.response.sender === 'USER')!.data.response;
    // The optimistic bubble reads like the node the server keeps (the mock writes yes/no in
    // lower-case English; the widget uses its locale's words).
    expect(summarizeForm(form, values, en).toLowerCase()).to.equal(userNode.message.toLowerCase());
  });
});
