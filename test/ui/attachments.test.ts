// Files through the element: limits checked before upload, bytes intact on the server,
// progress, Cancel, and failures that keep the message and its files for Retry.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/alli-chat.js';
import type { AlliChatElement } from '../../src/ui/alli-chat.element.js';
import type { AlliFileUploadEvent } from '../../src/ui/events.js';
import { $, $$, greeted, mockFetch, rendered, until } from '../helpers/widget.js';

function pattern(size: number, seed = 7): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 131 + seed) & 0xff;
  return bytes;
}
const fileOf = (name: string, type: string, size: number, seed?: number) => new File([pattern(size, seed)], name, { type });

async function sha256(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Adds mock knobs to the XHR that uploads files (fetch wrappers do not see it). */
function xhrKnobs(headers: Record<string, string>, { hold = false } = {}) {
  const original = XMLHttpRequest.prototype.send;
  let release: (() => void) | undefined;
  XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    for (const [name, value] of Object.entries(headers)) this.setRequestHeader(name, value);
    if (hold) release = () => original.call(this, body);
    else original.call(this, body);
  };
  return { restore: () => (XMLHttpRequest.prototype.send = original), release: () => release?.() };
}

async function mount(attrs: { accept?: string; maxFileSize?: number; maxFiles?: number } = {}) {
  sessionStorage.clear();
  const mock = mockFetch();
  const el = await fixture<AlliChatElement>(html`<alli-chat
    app-id="demo"
    api-base="/"
    token-url="/alli/token"
    accept=${attrs.accept ?? ''}
    max-file-size=${attrs.maxFileSize ?? 10 * 1024 * 1024}
    max-files=${attrs.maxFiles ?? 5}
    .fetch=${mock.fetch}
    style="height: 600px"
  ></alli-chat>`);
  await greeted(el);
  return { el, mock };
}

function conversationIdOf(mock: ReturnType<typeof mockFetch>): string {
  const turn = mock.calls.filter((c) => c.url.endsWith('/run_conversation')).find((c) => c.body?.get('conversationId'));
  return String(turn?.body?.get('conversationId') ?? '');
}

async function currentConversationId(el: AlliChatElement): Promise<string> {
  return new Promise((resolve) => {
    el.addEventListener('alli-stream-start', (e) => resolve(String((e as Event & { conversationId: string }).conversationId)), { once: true });
  });
}

describe('<alli-chat> attachments', () => {
  it('refuses a file over the size limit, of a refused type, or past the count, naming file and limit', async () => {
    const { el } = await mount({ accept: '.pdf,image/*', maxFileSize: 1000, maxFiles: 2 });
    el.addFiles([fileOf('big-report.pdf', 'application/pdf', 5000), fileOf('tool.exe', 'application/x-msdownload', 10)]);
    await el.updateComplete;
    const notices = $$(el, '.file-notices li').map((li) => li.textContent);
    expect(notices[0]).to.contain('big-report.pdf').and.to.match(/1,000 bytes|1000 bytes/);
    expect(notices[1]).to.contain('tool.exe').and.to.contain('.pdf, image/*');
    el.addFiles([fileOf('a.pdf', 'application/pdf', 10), fileOf('b.png', 'image/png', 10), fileOf('c.pdf', 'application/pdf', 10)]);
    await el.updateComplete;
    expect($$(el, '.attachments .file-chip')).to.have.lengthOf(2);
    expect($$(el, '.file-notices li')[0].textContent).to.contain('c.pdf').and.to.contain('2');
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent, 'refusals are announced').to.contain('c.pdf');
  });

  it('uploads through the picker with progress to 100 %, and the mock receives the exact bytes under the right part names', async () => {
    const { el, mock } = await mount();
    const doc = fileOf('계약서 초안.pdf', 'application/pdf', 3 * 1024 * 1024 + 17, 3);
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 200;
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#2f4bdb';
    g.fillRect(0, 0, 320, 200);
    const png = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
    const photo = new File([png], 'photo.png', { type: 'image/png' });
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('input.attach-input')!;
    const transfer = new DataTransfer();
    transfer.items.add(doc);
    transfer.items.add(photo);
    input.files = transfer.files;
    input.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect($$(el, '.attachments .file-chip')).to.have.lengthOf(2);
    await until(() => $(el, '.attachments img.thumb'), 'an image thumbnail');
    expect($(el, '.attachments img.thumb')!.getAttribute('src'), 'a data: image (allowed by a strict img-src)').to.match(/^data:image\/png;base64,/);
    const progress: { sent: number; total: number }[] = [];
    el.addEventListener('alli-file-upload', (e: AlliFileUploadEvent) => progress.push({ sent: e.sent, total: e.total }));
    const idPromise = currentConversationId(el);
    const textarea = $(el, 'textarea') as HTMLTextAreaElement;
    textarea.value = 'Please check these';
    textarea.dispatchEvent(new Event('input'));
    await el.updateComplete;
    ($(el, '.send') as HTMLButtonElement).click();
    const id = await idPromise;
    await until(() => !el.streaming && $(el, '.message.user.sent'), 'the upload turn completed', 15000);
    expect(progress.length).to.be.greaterThan(0);
    const last = progress.at(-1)!;
    expect(last.total).to.be.greaterThan(doc.size + photo.size);
    expect(last.sent, 'reaches 100 %').to.equal(last.total);
    expect($$(el, '.attachments .file-chip'), 'the composer is empty again').to.have.lengthOf(0);
    const res = await fetch(`/__mock/last-turn?conversationId=${encodeURIComponent(id || conversationIdOf(mock))}`);
    const { fields } = (await res.json()) as { fields: { name: string; value?: string; filename?: string; sha256?: string; size?: number }[] };
    expect(fields.find((f) => f.name === 'message')?.value).to.equal('Please check these');
    expect(fields.find((f) => f.name === 'files')).to.include({ filename: '계약서 초안.pdf', size: doc.size, sha256: await sha256(doc) });
    expect(fields.find((f) => f.name === 'media_files')).to.include({ filename: 'photo.png', size: photo.size, sha256: await sha256(photo) });
    expect($(el, '.message.bot:last-of-type')!.textContent, 'the bot acknowledges the checksum').to.contain((await sha256(doc)).slice(0, 12));
  });

  it('Cancel aborts the upload and keeps the message and files for Retry', async () => {
    // Larger than the socket buffers, read slowly by the mock: the upload is really under way.
    const { el } = await mount({ maxFileSize: 20 * 1024 * 1024 });
    const draft = fileOf('draft.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 16 * 1024 * 1024);
    const knobs = xhrKnobs({ 'X-Mock-Fault': 'slow-upload' });
    let sent = 0;
    let total = 0;
    el.addEventListener('alli-file-upload', (e: AlliFileUploadEvent) => ((sent = e.sent), (total = e.total)));
    try {
      const turn = el.send('Here is my draft', [draft]);
      await until(() => $(el, '.cancel-upload') && sent > 0, 'the upload is under way');
      await expect(el, 'accessible during an upload').to.be.accessible();
      ($(el, '.cancel-upload') as HTMLButtonElement).click();
      await turn;
    } finally {
      knobs.restore();
    }
    await rendered(el);
    const failed = $(el, '.message.user.failed')!;
    expect(failed.textContent).to.contain('Here is my draft').and.to.contain('draft.docx');
    expect(failed.textContent).to.contain('Not sent');
    expect(sent, 'cancelled mid-upload').to.be.lessThan(total);
    (failed.querySelector('.retry') as HTMLButtonElement).click();
    await until(() => $(el, '.message.user.sent') && !el.streaming, 'the retry went through', 15000);
    expect($(el, '.message.user')!.textContent).to.contain('draft.docx');
    expect($$(el, '.message.user')).to.have.lengthOf(1);
  });

  it('a dropped connection keeps the message and files, and Retry delivers the same bytes', async () => {
    const { el } = await mount();
    const sheet = fileOf('figures.csv', 'text/csv', 40_000, 5);
    const knobs = xhrKnobs({ 'X-Mock-Fault': 'drop' });
    try {
      await el.send('Numbers attached', [sheet]);
    } finally {
      knobs.restore();
    }
    await rendered(el);
    const failed = $(el, '.message.user.failed')!;
    expect(failed.textContent).to.contain('Numbers attached').and.to.contain('figures.csv');
    const idPromise = currentConversationId(el);
    (failed.querySelector('.retry') as HTMLButtonElement).click();
    const id = await idPromise;
    await until(() => $(el, '.message.user.sent') && !el.streaming, 'retried', 15000);
    const res = await fetch(`/__mock/last-turn?conversationId=${encodeURIComponent(id)}`);
    const { fields } = (await res.json()) as { fields: { name: string; sha256?: string; value?: string }[] };
    expect(fields.find((f) => f.name === 'files')?.sha256).to.equal(await sha256(sheet));
    expect(fields.find((f) => f.name === 'message')?.value).to.equal('Numbers attached');
  });

  it('shows a hostile file name as text, in the composer and in the bubble', async () => {
    const { el } = await mount();
    let alerts = 0;
    const originalAlert = window.alert;
    window.alert = () => void (alerts += 1);
    try {
      const name = '<img src=x onerror=alert(1)>.pdf';
      el.addFiles([fileOf(name, 'application/pdf', 10)]);
      await el.updateComplete;
      await expect(el, 'accessible with file chips').to.be.accessible();
      const chip = $(el, '.attachments .file-chip')!;
      expect(chip.querySelector('img:not(.thumb)')).to.equal(null);
      expect(chip.title, 'the whole name, as text').to.equal(name);
      expect(chip.textContent, 'cut in the middle, still text').to.contain('<img src=x').and.to.contain('.pdf');
      await el.send('hostile name', [fileOf(name, 'application/pdf', 10)]);
      await rendered(el);
      const bubble = $(el, '.message.user')!;
      expect(bubble.querySelector('img')).to.equal(null);
      expect(bubble.textContent).to.contain('<img src=x onerror=alert(1)>');
      await new Promise((r) => setTimeout(r, 50));
      expect(alerts).to.equal(0);
    } finally {
      window.alert = originalAlert;
    }
  });

  it('a 413 keeps the message and its files, and Retry resends them', async () => {
    const { el } = await mount({ maxFileSize: 40 * 1024 * 1024 });
    const huge = fileOf('scan.tiff', 'image/tiff', 26 * 1024 * 1024);
    const errors: string[] = [];
    el.addEventListener('alli-error', (e) => errors.push((e as Event & { error: { kind: string } }).error.kind));
    await el.send('A large scan', [huge]);
    await until(() => $(el, '.message.user.failed'), 'failed turn');
    const failed = $(el, '.message.user.failed')!;
    expect(failed.textContent).to.contain('A large scan').and.to.contain('scan.tiff');
    expect(errors[0]).to.be.oneOf(['too-large', 'network']);
    expect(failed.querySelector('.retry')).to.exist;
  });
  it('takes files dropped on the panel and pasted into the text box, and removes a chip', async () => {
    const { el } = await mount();
    const panel = $(el, '.panel')!;
    const dropped = new DataTransfer();
    dropped.items.add(fileOf('dropped.pdf', 'application/pdf', 120));
    panel.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dropped, bubbles: true, composed: true, cancelable: true }));
    await el.updateComplete;
    expect($(el, '.drop-hint'), 'a drop hint while dragging files').to.exist;
    panel.dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true, composed: true, cancelable: true }));
    await el.updateComplete;
    expect($(el, '.drop-hint')).to.equal(null);
    const pasted = new DataTransfer();
    pasted.items.add(fileOf('screenshot.png', 'image/png', 64));
    const paste = new ClipboardEvent('paste', { clipboardData: pasted, bubbles: true, composed: true, cancelable: true });
    $(el, 'textarea')!.dispatchEvent(paste);
    expect(paste.defaultPrevented, 'the file is not pasted as text').to.equal(true);
    await el.updateComplete;
    const names = () => $$(el, '.attachments .file-chip').map((c) => c.title);
    expect(names()).to.deep.equal(['dropped.pdf', 'screenshot.png']);
    ($(el, '.attachments .remove-file') as HTMLButtonElement).click();
    await el.updateComplete;
    expect(names()).to.deep.equal(['screenshot.png']);
    // Pasting text stays an ordinary paste.
    const text = new DataTransfer();
    text.setData('text/plain', 'hello');
    const textPaste = new ClipboardEvent('paste', { clipboardData: text, bubbles: true, composed: true, cancelable: true });
    $(el, 'textarea')!.dispatchEvent(textPaste);
    expect(textPaste.defaultPrevented).to.equal(false);
  });
  it('shows the server refusing a file type by name, and keeps the message and file', async () => {
    const { el } = await mount();
    await el.send('Please install this', [fileOf('setup.exe', 'application/x-msdownload', 300)]);
    await rendered(el);
    const failed = $(el, '.message.user.failed')!;
    expect(failed, 'the turn failed').to.exist;
    expect(failed.textContent).to.contain('Please install this').and.to.contain('setup.exe');
    expect(failed.querySelector('.meta')!.textContent, 'the reason names the file').to.contain('setup.exe').and.to.contain('415');
    expect(failed.querySelector('.retry')).to.exist;
  });
});
