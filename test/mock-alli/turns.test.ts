import { expect } from '@open-wc/testing';
import {
  authHeaders,
  getConversation,
  hostGrant,
  postTurn,
  readSse,
  sha256Hex,
  startConversation,
  turnEvents,
  type SseEvent,
  type TurnFields,
} from './mock-client.js';

describe('mock Alli: refusing bad turns', () => {
  let token: string;
  let id: string;
  before(async () => {
    ({ token } = await hostGrant());
    id = await startConversation(token);
  });

  async function expectBadRequest(fields: TurnFields, field: string, message?: RegExp) {
    const res = await postTurn(token, fields);
    expect(res.status, JSON.stringify(fields)).to.equal(400);
    const body = await res.json();
    expect(body.error).to.deep.equal({ name: 'BAD_REQUEST', field });
    if (message) expect(body.message).to.match(message);
  }

  it('refuses choices that are not a JSON array of in-range integers, naming the field', async () => {
    const range = /choices must be a JSON array of integers between 0 and 2/;
    await expectBadRequest({ conversationId: id, choices: 'first' }, 'choices', range);
    await expectBadRequest({ conversationId: id, choices: '[3]' }, 'choices', range);
    await expectBadRequest({ conversationId: id, choices: '[-1]' }, 'choices', range);
    await expectBadRequest({ conversationId: id, choices: '[0.5]' }, 'choices', range);
    await expectBadRequest({ conversationId: id, choices: '["0"]' }, 'choices', range);
    await expectBadRequest({ conversationId: id, choices: '{"0":1}' }, 'choices', range);
    await expectBadRequest({ conversationId: id, choices: '[]' }, 'choices');
    await expectBadRequest({ conversationId: id, choices: '[0,1]' }, 'choices', /one choice/);
  });

  it('refuses sendFormInput that is not a JSON object', async () => {
    for (const value of ['[1,2]', '"text"', 'null', 'not json']) {
      await expectBadRequest({ conversationId: id, sendFormInput: value }, 'sendFormInput', /JSON object/);
    }
  });

  it('refuses an empty later turn and a turn with two kinds of input', async () => {
    await expectBadRequest({ conversationId: id }, 'message', /needs an input/);
    await expectBadRequest({ conversationId: id, message: '   ' }, 'message');
    await expectBadRequest({ conversationId: id, message: 'hi', choices: '[0]' }, 'choices', /one kind of input/);
  });

  it('answers 404 for an unknown conversation and an unknown app', async () => {
    const unknown = await postTurn(token, { conversationId: 'C-does-not-exist', message: 'hello' });
    expect(unknown.status).to.equal(404);
    expect((await unknown.json()).error).to.deep.equal({ name: 'NOT_FOUND', field: 'conversationId' });
    expect((await getConversation(token, 'C-does-not-exist')).status).to.equal(404);

    const app = await fetch('/webapi/v2/apps/no-such-app/run_conversation', { method: 'POST', body: new FormData(), headers: authHeaders(token) });
    expect(app.status).to.equal(404);
    expect((await app.json()).error).to.deep.equal({ name: 'NOT_FOUND', field: 'app_id' });
  });

  it('refuses a body that is not multipart', async () => {
    const res = await fetch('/webapi/v2/apps/demo/run_conversation', {
      method: 'POST',
      headers: { ...authHeaders(token), 'Content-Type': 'application/json' },
      body: '{"message":"hi"}',
    });
    expect(res.status).to.equal(400);
    expect((await res.json()).error.field).to.equal('body');
  });
});

describe('mock Alli: the booking form', () => {
  let token: string;
  before(async () => {
    ({ token } = await hostGrant());
  });

  const valid = {
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
  };

  it('answers FORM_INVALID per field, keeps waiting, then ends the conversation on a good submission', async () => {
    const id = await startConversation(token);
    const offer = await turnEvents(token, { conversationId: id, choices: '[2]' });
    const formNode = offer.filter((e) => e.event === 'response').at(-1)!.data.response;
    expect(formNode.type).to.equal('form');
    const types = new Set(formNode.form.fields.map((f: { type: string }) => f.type));
    for (const type of ['text', 'email', 'tel', 'number', 'date', 'select', 'checkbox', 'textarea', 'boolean', 'file']) {
      expect(types.has(type), type).to.equal(true);
    }
    const historyBefore = (await (await getConversation(token, id)).json()).responses.length;

    const bad = { ...valid, fullName: '', email: 'jane@', phone: 'call me', teamSize: 0, preferredDate: '2030-02-30', region: 'mars', brief: undefined };
    const refused = await turnEvents(token, { conversationId: id, sendFormInput: JSON.stringify(bad) });
    expect(refused.map((e) => e.event)).to.deep.equal(['conversation', 'error', 'done']);
    const { error } = refused[1].data;
    expect(error).to.include({ code: 'FORM_INVALID', status: 400, retryable: false });
    expect(Object.keys(error.fields).sort()).to.deep.equal(['email', 'fullName', 'phone', 'preferredDate', 'region', 'teamSize']);
    expect(refused[2].data).to.deep.equal({ conversation: { id, state: 'WAIT_USER_ANSWER' }, reason: 'waiting_input' });
    expect((await (await getConversation(token, id)).json()).responses.length).to.equal(historyBefore);

    const file = new File(['must have: SSO, Korean answers'], 'requirements.txt', { type: 'text/plain' });
    const accepted = await turnEvents(token, { conversationId: id, sendFormInput: JSON.stringify(valid), form_files: [file, file.name] });
    const done = accepted.at(-1)!;
    expect(done.event).to.equal('done');
    expect(done.data).to.deep.equal({ conversation: { id, state: 'END_OF_CHATBOT' }, reason: 'ended' });
    expect(accepted.some((e) => e.event === 'state' && e.data.state === 'END_OF_CHATBOT')).to.equal(true);
    const userNode = accepted.find((e: SseEvent) => e.event === 'response' && e.data.response.sender === 'USER')!.data.response;
    expect(userNode.message).to.include('Jane Doe').and.include('Korea');
    expect(userNode.files[0]).to.include({ name: 'requirements.txt', size: file.size });

    const after = await postTurn(token, { conversationId: id, message: 'one more thing' });
    expect(after.status).to.equal(400);
    expect((await after.json()).error).to.deep.equal({ name: 'CONVERSATION_ENDED', field: 'conversationId' });
  });

  it('refuses a form file over the field limit and a missing file part', async () => {
    const id = await startConversation(token);
    await turnEvents(token, { conversationId: id, choices: '[2]' });
    const huge = new File([new Uint8Array(5 * 1024 * 1024 + 1)], 'huge.pdf', { type: 'application/pdf' });
    const tooBig = await turnEvents(token, {
      conversationId: id,
      sendFormInput: JSON.stringify({ ...valid, brief: [{ formFileIndex: 0, name: 'huge.pdf' }] }),
      form_files: [huge, huge.name],
    });
    expect(tooBig[1].data.error.fields.brief).to.match(/larger than/);
    const missing = await turnEvents(token, { conversationId: id, sendFormInput: JSON.stringify(valid) });
    expect(missing[1].data.error.fields.brief).to.match(/missing/);
  });
});

describe('mock Alli: stop', () => {
  it('really stops a running answer: done stopped, fewer deltas, and the conversation goes on', async () => {
    const { token } = await hostGrant();
    const id = await startConversation(token);
    const full = (await turnEvents(token, { conversationId: id, choices: '[0]' })).filter((e) => e.event === 'delta').length;

    let stopAnswer: Promise<Response> | undefined;
    // 40 ms between deltas: the stop has the rest of the answer's time to arrive on a busy machine.
    const res = await postTurn(token, { conversationId: id, choices: '[0]' }, { query: '?delayMs=40' });
    const { events } = await readSse(res, (event, seen) => {
      if (event.event === 'delta' && !stopAnswer && seen.filter((e) => e.event === 'delta').length === 5) {
        stopAnswer = fetch(`/webapi/v2/conversations/${id}/stop`, { method: 'POST', headers: authHeaders(token) });
      }
    });
    expect(await (await stopAnswer!).json()).to.deep.equal({ ok: true, stopped: true });
    const deltas = events.filter((e) => e.event === 'delta');
    expect(deltas.length, 'stopped before the end of the answer').to.be.within(5, full - 1);
    expect(events.some((e) => e.event === 'final')).to.equal(false);
    expect(events.at(-1)!.data).to.deep.equal({ conversation: { id, state: 'WAIT_USER_ANSWER' }, reason: 'stopped' });

    // The partial answer is kept as it stood, and a new turn is accepted at once.
    const history = await (await getConversation(token, id)).json();
    expect(history.responses.at(-1).message).to.equal(deltas.map((d) => d.data.delta).join(''));
    const next = await turnEvents(token, { conversationId: id, message: 'thanks' });
    expect(next.at(-1)!.data.reason).to.equal('waiting_input');

    const idle = await fetch(`/webapi/v2/conversations/${id}/stop`, { method: 'POST', headers: authHeaders(token) });
    expect(await idle.json()).to.deep.equal({ ok: true, stopped: false });
  });
});

describe('mock Alli: a client that goes away', () => {
  it('ends the turn when the response closes: the answer stays incomplete, the conversation free', async () => {
    const { token } = await hostGrant();
    const id = await startConversation(token);
    const abort = new AbortController();
    const res = await postTurn(token, { conversationId: id, choices: '[0]' }, { query: '?delayMs=15', signal: abort.signal });
    const failure = await readSse(res, (event, seen) => {
      if (event.event === 'delta' && seen.filter((e) => e.event === 'delta').length === 3) abort.abort();
    }).catch((err: unknown) => err);
    expect(failure).to.have.property('name', 'AbortError');

    // The server notices on its side shortly after; poll rather than guess a delay.
    let next: Response | undefined;
    for (let attempt = 0; attempt < 100; attempt++) {
      next = await postTurn(token, { conversationId: id, message: 'still there?' });
      if (next.status !== 409) break;
      await next.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(next!.status).to.equal(200);
    await readSse(next!);
    const history = await (await getConversation(token, id)).json();
    const answer = history.responses.find((r: { type: string; sender: string }) => r.type === 'llm');
    expect(answer.completed).to.equal(false);
    expect(answer.message.length).to.be.greaterThan(0);
  });
});

describe('mock Alli: history and uploads', () => {
  it('returns the whole history, the user nodes included, with completed text', async () => {
    const { token } = await hostGrant();
    const id = await startConversation(token);
    const answer = await turnEvents(token, { conversationId: id, choices: '[0]' });
    await turnEvents(token, { conversationId: id, message: '고마워요 🙏' });

    const res = await getConversation(token, id);
    expect(res.status).to.equal(200);
    const history = await res.json();
    expect(history.conversation).to.deep.equal({ id, state: 'WAIT_USER_ANSWER' });
    const users = history.responses.filter((r: { sender: string }) => r.sender === 'USER').map((r: { message: string }) => r.message);
    expect(users).to.deep.equal(['How does Alli answer questions from our documents?', '고마워요 🙏']);
    const llm = history.responses.find((r: { type: string }) => r.type === 'llm');
    expect(llm.completed).to.equal(true);
    expect(llm.message).to.equal(answer.find((e) => e.event === 'final')!.data.content);
    expect(history.responses.every((r: { completed: boolean }) => r.completed)).to.equal(true);
  });

  it('receives multipart files byte for byte (SHA-256 checked in the browser)', async () => {
    const { token } = await hostGrant();
    const id = await startConversation(token);
    const bytes = new Uint8Array(300_000);
    for (let i = 0; i < bytes.length; i += 65_536) crypto.getRandomValues(bytes.subarray(i, i + 65_536));
    const binary = new File([bytes], 'scan 2024.bin', { type: 'application/octet-stream' });
    const text = new File(['제목: 분기 보고서\n내용 ✓\r\n'], '보고서.txt', { type: 'text/plain;charset=utf-8' });
    const image = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])], 'dot.png', { type: 'image/png' });

    const events = await turnEvents(token, {
      conversationId: id,
      message: '파일 두 개 보냅니다',
      files: [
        [binary, binary.name],
        [text, text.name],
      ],
      media_files: [image, image.name],
    });

    const echo = await (await fetch(`/__mock/last-turn?conversationId=${id}`)).json();
    const files = echo.fields.filter((f: { filename?: string }) => f.filename);
    const expected = await Promise.all(
      [
        ['files', binary],
        ['files', text],
        ['media_files', image],
      ].map(async ([name, file]) => ({
        name,
        filename: (file as File).name,
        type: (file as File).type,
        size: (file as File).size,
        sha256: await sha256Hex(file as File),
      })),
    );
    expect(files).to.deep.equal(expected);
    expect(echo.fields.find((f: { name: string }) => f.name === 'message').value).to.equal('파일 두 개 보냅니다');

    const reply = events.filter((e) => e.event === 'response' && e.data.response.sender === 'BOT').at(-1)!.data.response.message;
    for (const file of expected) expect(reply).to.include(file.sha256).and.include(file.size.toLocaleString('en-US'));
    const userNode = events.find((e) => e.event === 'response' && e.data.response.sender === 'USER')!.data.response;
    expect(userNode.files.map((f: { name: string }) => f.name)).to.deep.equal(['scan 2024.bin', '보고서.txt', 'dot.png']);
  });
});

describe('mock Alli: its own file limits', () => {
  it('refuses a file over 20 MB, a type that could run, and a non-image in media_files, naming each', async () => {
    const { token } = await hostGrant();
    const id = await startConversation(token);
    const cases: [string, TurnFields, number, string][] = [
      ['over 20 MB', { conversationId: id, message: 'big', files: [new Blob([new Uint8Array(20 * 1024 * 1024 + 1)], { type: 'application/pdf' }), 'scan.pdf'] }, 413, 'scan.pdf'],
      ['an executable', { conversationId: id, message: 'run', files: [new Blob(['MZ'], { type: 'application/x-msdownload' }), 'setup.exe'] }, 415, 'setup.exe'],
      ['an HTML page', { conversationId: id, message: 'page', files: [new Blob(['<script>alert(1)</script>'], { type: 'text/html' }), 'page.html'] }, 415, 'page.html'],
      ['a PDF as media', { conversationId: id, message: 'pdf', media_files: [new Blob(['%PDF'], { type: 'application/pdf' }), 'doc.pdf'] }, 400, 'doc.pdf'],
    ];
    for (const [what, fields, status, name] of cases) {
      const res = await postTurn(token, fields);
      expect(res.status, what).to.equal(status);
      const body = await res.json();
      expect(body.message, what).to.contain(name);
      expect(body.error.field, what).to.be.oneOf(['files', 'media_files']);
    }
    // The conversation is still usable afterwards.
    expect((await postTurn(token, { conversationId: id, message: 'still here?' })).status).to.equal(200);
  });
});
