// In-chat forms through the element: client validation before sending, the exact sendFormInput
// and form_files the mock receives, the flow continuing to the end, and FORM_INVALID keeping
// everything the user typed.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/alli-chat.js';
import type { AlliChatElement } from '../../src/ui/alli-chat.element.js';
import type { ConversationEvent } from '../../src/model/stream-events.js';
import type { FormDefinition } from '../../src/model/types.js';
import { $, $$, chatFixture, greeted, until } from '../helpers/widget.js';
import { botNode, conversation, done, scriptedAlli } from '../helpers/scripted-alli.js';

const field = (el: AlliChatElement, name: string) => el.shadowRoot!.querySelector<HTMLInputElement>(`form [data-field="${name}"] :is(input, textarea, select)`)!;

function type(input: HTMLInputElement | HTMLTextAreaElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

async function openBookingForm(el: AlliChatElement) {
  await greeted(el);
  $$(el, '.option')[2].click();
  await until(() => el.shadowRoot!.querySelector('form[part~="form"] [data-field="fullName"]'), 'the booking form');
}

async function sha256(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

describe('<alli-chat> forms', () => {
  it('renders every field with a label and sends nothing while required fields are missing', async () => {
    const { el, mock } = await chatFixture();
    await openBookingForm(el);
    await expect(el, 'an open form is accessible').to.be.accessible();
    const turnsBefore = mock.turnCount();
    const controls = $$(el, 'form[part~="form"] input:not([type=hidden]), form[part~="form"] select, form[part~="form"] textarea');
    for (const control of controls) {
      const labelled = (control as HTMLInputElement).labels?.length || control.closest('fieldset')?.querySelector('legend');
      expect(labelled, `label for ${control.getAttribute('name')}`).to.be.ok;
    }
    ($(el, 'form[part~="form"] button[type=submit]') as HTMLButtonElement).click();
    await until(() => el.shadowRoot!.activeElement === field(el, 'fullName'), 'focus moves to the first invalid field');
    expect(field(el, 'fullName').getAttribute('aria-invalid')).to.equal('true');
    const describedBy = field(el, 'fullName').getAttribute('aria-describedby')!;
    expect(el.shadowRoot!.getElementById(describedBy.split(' ').find((id) => el.shadowRoot!.getElementById(id)?.classList.contains('field-error'))!)?.textContent).to.be.ok;
    await expect(el, 'accessible with errors shown').to.be.accessible();
    await new Promise((r) => setTimeout(r, 100));
    expect(mock.turnCount(), 'nothing sent').to.equal(turnsBefore);
  });

  it('sends the typed sendFormInput and form_files the mock expects, and the conversation ends', async () => {
    const { el, mock } = await chatFixture();
    await openBookingForm(el);
    type(field(el, 'fullName'), 'Jane Doe');
    type(field(el, 'email'), 'jane@example.com');
    type(field(el, 'phone'), '+1 555 0100');
    type(field(el, 'teamSize'), '42');
    type(field(el, 'preferredDate'), '2026-12-03');
    const region = field(el, 'region') as unknown as HTMLSelectElement;
    region.value = 'kr';
    region.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    for (const box of el.shadowRoot!.querySelectorAll<HTMLInputElement>('form [data-field^="interests"] input[type=checkbox], form input[type=checkbox][value="answers"], form input[type=checkbox][value="widget"]')) {
      if (['answers', 'widget'].includes(box.value) && !box.checked) box.click();
    }
    type(field(el, 'notes'), '한국어 지원이 궁금합니다.');
    const news = el.shadowRoot!.querySelector<HTMLInputElement>('form [data-field="newsletter"] input[type=checkbox]');
    news?.click();
    const brief = new File(['requirements: SSO, audit log'], 'brief.txt', { type: 'text/plain' });
    const fileInput = el.shadowRoot!.querySelector<HTMLInputElement>('form input[type=file]')!;
    const transfer = new DataTransfer();
    transfer.items.add(brief);
    fileInput.files = transfer.files;
    fileInput.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    await el.updateComplete;
    ($(el, 'form[part~="form"] button[type=submit]') as HTMLButtonElement).click();
    await until(() => $(el, '.banner.ended'), 'the conversation ends after the form', 15000);
    const formTurn = mock.calls.filter((c) => c.url.endsWith('/run_conversation')).at(-1)!;
    const conversationId = String(formTurn.body?.get('conversationId') ?? '');
    // The form turn went through XHR (it has a file); read what the mock parsed.
    const res = await fetch(`/__mock/last-turn?conversationId=${encodeURIComponent(conversationId)}`);
    const { fields } = (await res.json()) as { fields: { name: string; value?: string; filename?: string; sha256?: string }[] };
    const sent = JSON.parse(fields.find((f) => f.name === 'sendFormInput')!.value!);
    expect(sent.fullName).to.equal('Jane Doe');
    expect(sent.email).to.equal('jane@example.com');
    expect(sent.phone).to.equal('+1 555 0100');
    expect(sent.teamSize).to.equal(42);
    expect(sent.preferredDate).to.equal('2026-12-03');
    expect(sent.region).to.equal('kr');
    expect(sent.interests).to.deep.equal(['answers', 'widget']);
    expect(sent.notes).to.equal('한국어 지원이 궁금합니다.');
    expect(sent.newsletter).to.equal(true);
    expect(sent.brief).to.deep.equal([{ formFileIndex: 0, name: 'brief.txt' }]);
    const part = fields.find((f) => f.name === 'form_files')!;
    expect(part.filename).to.equal('brief.txt');
    expect(part.sha256).to.equal(await sha256(brief));
    // The form is now a read-only summary of what was sent.
    const summary = $(el, '.message.bot form, .message.bot [part~="form"]')!;
    expect(summary.querySelector('input, select, textarea'), 'no more inputs').to.equal(null);
    expect(summary.textContent).to.contain('Jane Doe');
  });

  it('shows FORM_INVALID beside the named field and keeps every value typed', async () => {
    const form: FormDefinition = {
      id: 'f1',
      title: 'Contact',
      fields: [
        { name: 'name', label: 'Name', type: 'text', required: true },
        { name: 'email', label: 'Email', type: 'email', required: true },
        { name: 'about', label: 'About', type: 'textarea', required: false },
      ],
    };
    const turns: ConversationEvent[][] = [
      [conversation(), { type: 'response', response: botNode('R1', 'Please fill this in', { type: 'form', form }) }, done()],
      [
        conversation(),
        { type: 'error', error: { status: 400, code: 'FORM_INVALID', message: 'Some answers need another look.', fields: { email: 'This address is already registered.' }, retryable: false } },
        done(),
      ],
    ];
    const alli = scriptedAlli(turns);
    const el = await fixture<AlliChatElement>(html`<alli-chat app-id="demo" token-url="/alli/token" .fetch=${alli.fetch} style="height: 600px"></alli-chat>`);
    await until(() => field(el, 'name'), 'form');
    type(field(el, 'name'), '김민수');
    type(field(el, 'email'), 'minsu@example.com');
    type(field(el, 'about'), 'Line one\nLine two');
    await el.updateComplete;
    ($(el, 'form[part~="form"] button[type=submit]') as HTMLButtonElement).click();
    await until(() => field(el, 'email')?.getAttribute('aria-invalid') === 'true', 'the server error on the field');
    expect(el.shadowRoot!.textContent).to.contain('This address is already registered.');
    expect(field(el, 'name').value).to.equal('김민수');
    expect(field(el, 'email').value).to.equal('minsu@example.com');
    expect((field(el, 'about') as unknown as HTMLTextAreaElement).value).to.equal('Line one\nLine two');
    expect($$(el, '.message.user'), 'the refused submission leaves no bubble').to.have.lengthOf(0);
    expect(el.shadowRoot!.activeElement).to.equal(field(el, 'email'));
    await expect(el).to.be.accessible();
  });
});
