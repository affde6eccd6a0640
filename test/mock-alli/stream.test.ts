import { expect } from '@open-wc/testing';
import {
  getConversation,
  hostGrant,
  postTurn,
  readNdjson,
  readSse,
  startConversation,
  type SseEvent,
} from './mock-client.js';

/** Asserts the docs/protocol.md §5 frame: conversation first, done last, ids 1, 2, 3, … */
function expectWellFramed(events: SseEvent[]) {
  expect(events.length).to.be.greaterThan(1);
  expect(events[0].event).to.equal('conversation');
  expect(events.at(-1)!.event).to.equal('done');
  expect(events.map((e) => e.id)).to.deep.equal(events.map((_, i) => String(i + 1)));
}

const codePoints = (s: string) => Array.from(s);

describe('mock Alli: SSE turns', () => {
  let token: string;
  before(async () => {
    ({ token } = await hostGrant());
  });

  it('writes each event as event/id/one data line/blank line', async () => {
    const res = await postTurn(token, {});
    expect(res.headers.get('content-type')).to.match(/^text\/event-stream/);
    const { raw, events } = await readSse(res);
    const blocks = raw.split('\n\n').filter((b) => b !== '' && !b.startsWith(':'));
    for (const block of blocks) expect(block).to.match(/^event: [a-z]+\nid: \d+\ndata: \{.*\}$/);
    expect(blocks.length).to.equal(events.length);
  });

  it('greets on the first turn: a new conversation, Draft.js with code-point offsets, three styled options', async () => {
    const { events } = await readSse(await postTurn(token, { message: '' }));
    expectWellFramed(events);
    expect(events[0].data.isNew).to.equal(true);
    expect(events[0].data.conversation.id).to.be.a('string').and.not.be.empty;

    const greeting = events.find((e) => e.event === 'response')!.data.response;
    expect(greeting.sender).to.equal('BOT');
    expect(greeting.messageFormat).to.equal('draftjs');
    const raw = JSON.parse(greeting.message);
    const first = raw.blocks[0];
    const bold = first.inlineStyleRanges.find((r: { style: string }) => r.style === 'BOLD');
    // The 👋 before the range is one code point but two UTF-16 units.
    expect(codePoints(first.text).slice(bold.offset, bold.offset + bold.length).join('')).to.equal('Alli');
    expect(first.text.slice(bold.offset, bold.offset + bold.length)).to.not.equal('Alli');
    expect(raw.blocks.some((b: { type: string }) => b.type === 'unordered-list-item')).to.equal(true);
    const link = Object.values(raw.entityMap as Record<string, { type: string; data: { url: string } }>).find((e) => e.type === 'LINK');
    expect(link?.data.url).to.match(/^https:\/\//);

    expect(greeting.chatOptionInfos).to.have.length(3);
    for (const option of greeting.chatOptionInfos) expect(option.style.bgColor).to.match(/^#[0-9a-f]{6}$/);

    expect(events.find((e) => e.event === 'state')!.data.state).to.equal('WAIT_USER_ANSWER');
    expect(events.at(-1)!.data).to.deep.equal({
      conversation: { id: events[0].data.conversation.id, state: 'WAIT_USER_ANSWER' },
      reason: 'waiting_input',
    });
  });

  it('streams an LLM answer: steps, citations, many small deltas, then final markdown', async () => {
    const id = await startConversation(token);
    const { events, comments } = await readSse(await postTurn(token, { conversationId: id, choices: '[0]' }));
    expectWellFramed(events);
    expect(comments).to.include(': ping');

    const answer = events.find((e) => e.event === 'response' && e.data.response.type === 'llm')!.data.response;
    const steps = events.filter((e) => e.event === 'step').map((e) => `${e.data.step.key}:${e.data.step.completed}`);
    expect(steps).to.deep.equal(['search:false', 'search:true', 'write:false', 'write:true']);

    const deltas = events.filter((e) => e.event === 'delta');
    expect(deltas.length).to.be.greaterThan(50);
    for (const d of deltas) {
      expect(d.data.id).to.equal(answer.id);
      expect(codePoints(d.data.delta).length).to.be.within(1, 6);
    }
    const final = events.find((e) => e.event === 'final')!.data;
    expect(final).to.include({ responseId: answer.id, format: 'markdown' });
    expect(deltas.map((d) => d.data.delta).join('')).to.equal(final.content);
    expect(final.content).to.match(/[\uac00-\ud7af]/u).and.match(/\p{Extended_Pictographic}/u);

    const cited = events.filter((e) => e.event === 'response' && e.data.response.id === answer.id).at(-1)!.data.response;
    expect(cited.citations.length).to.be.at.least(2);
    expect(cited.citations.find((c: { source: string }) => c.source === 'DOCUMENT').pageNo).to.be.a('number');
    expect(cited.citations.find((c: { source: string }) => c.source === 'WEB').url).to.match(/^https:\/\//);
    expect(events.at(-1)!.data.reason).to.equal('waiting_input');
  });

  it('sends : ping comments on the configured interval', async () => {
    const id = await startConversation(token);
    const { comments } = await readSse(await postTurn(token, { conversationId: id, message: 'ping me' }, { query: '?delayMs=4&pingMs=10' }));
    // One ping as the reply starts, more from the interval while ~40 deltas take 4 ms each.
    expect(comments.filter((c) => c === ': ping').length).to.be.at.least(3);
  });

  it('answers free text in Korean with a streamed reply', async () => {
    const id = await startConversation(token);
    const { events } = await readSse(await postTurn(token, { conversationId: id, message: '안녕하세요, 요금제가 궁금해요' }));
    const final = events.find((e) => e.event === 'final')!.data.content as string;
    expect(final).to.include('안녕하세요, 요금제가 궁금해요');
    expect(final).to.include('데모');
    expect(events.filter((e) => e.event === 'delta').length).to.be.greaterThan(10);
  });
});

describe('mock Alli: NDJSON snapshots', () => {
  let token: string;
  before(async () => {
    ({ token } = await hostGrant());
  });

  async function expectSnapshotStream(res: Response, contentType: string) {
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal(`${contentType}; charset=utf-8`);
    const values = await readNdjson(res);
    const last = values.at(-1);
    expect(last.type).to.equal('final_replaced_message');
    const snapshots = values.filter((v) => v.result).map((v) => v.result);
    const lastSnapshot = snapshots.at(-1);
    const node = lastSnapshot.responses[last.response_index];
    expect(node.type).to.equal('llm');
    expect(node.message).to.equal(last.content);
    // The answer grows by pure suffixes from one snapshot to the next.
    const messages = snapshots.map((s) => s.responses[last.response_index]?.message).filter((m) => m !== undefined);
    for (let i = 1; i < messages.length; i++) expect(messages[i].startsWith(messages[i - 1])).to.equal(true);
    expect(new Set(messages).size).to.be.greaterThan(50);
    expect(lastSnapshot.conversation.state).to.equal('WAIT_USER_ANSWER');
  }

  it('speaks application/stream+json when Accept prefers it', async () => {
    const id = await startConversation(token);
    await expectSnapshotStream(
      await postTurn(token, { conversationId: id, choices: '[0]' }, { accept: 'application/stream+json' }),
      'application/stream+json',
    );
  });

  it('speaks NDJSON with ?wire=ndjson whatever Accept says', async () => {
    const id = await startConversation(token);
    await expectSnapshotStream(await postTurn(token, { conversationId: id, choices: '[0]' }, { query: '?delayMs=0&wire=ndjson' }), 'application/x-ndjson');
  });

  it('stays on SSE when Accept prefers it by q-value', async () => {
    const res = await postTurn(token, {}, { accept: 'application/x-ndjson;q=0.5, text/event-stream' });
    expect(res.headers.get('content-type')).to.match(/^text\/event-stream/);
    await res.body!.cancel();
  });
});

describe('mock Alli: fault injection', () => {
  let token: string;
  before(async () => {
    ({ token } = await hostGrant());
  });

  it('status-500 and html-502 replace the whole response', async () => {
    const json = await postTurn(token, {}, { query: '?fault=status-500' });
    expect(json.status).to.equal(500);
    expect((await json.json()).error.name).to.equal('INTERNAL_ERROR');
    const html = await postTurn(token, {}, { headers: { 'X-Mock-Fault': 'html-502' } });
    expect(html.status).to.equal(502);
    expect(html.headers.get('content-type')).to.match(/^text\/html/);
    expect(await html.text()).to.include('502 Bad Gateway');
  });

  it('no-done ends the stream without done', async () => {
    const id = await startConversation(token);
    const { events } = await readSse(await postTurn(token, { conversationId: id, message: 'hi' }, { query: '?delayMs=0&fault=no-done' }));
    expect(events[0].event).to.equal('conversation');
    expect(events.some((e) => e.event === 'final')).to.equal(true);
    expect(events.some((e) => e.event === 'done')).to.equal(false);
  });

  it('drop-mid-delta cuts the connection inside an event and leaves the answer incomplete', async () => {
    const id = await startConversation(token);
    const res = await postTurn(token, { conversationId: id, choices: '[0]' }, { query: '?delayMs=0&fault=drop-mid-delta' });
    let failure: unknown;
    try {
      await readSse(res);
    } catch (err) {
      failure = err;
    }
    expect(failure, 'reading a cut stream must fail').to.be.instanceOf(Error);
    const history = await (await getConversation(token, id)).json();
    const answer = history.responses.at(-1);
    expect(answer.type).to.equal('llm');
    expect(answer.completed).to.equal(false);
    expect(history.conversation.state).to.equal('WAIT_USER_ANSWER');
  });
});
