// Faults before any reply, through the element against the mock Alli: 5xx (bounded automatic
// resends with backoff), 429 with Retry-After (waits, says so, resends, then gives up), a proxy's
// HTML 502 page (readable, never rendered), and a connection cut before any response.
import { expect } from '@open-wc/testing';
import { $, faultChat, faults, greeted, idle, lastBearer, report, serverHistory, sessionOf, until, userBubbles } from './helpers.js';

const text = (el: HTMLElement | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('faults before the reply', () => {
  it('5xx: resent after 1 s and 3 s (the default backoff), then failed with Retry; Retry delivers it once', async () => {
    const { el, mock } = await faultChat({ knobs: { fault: faults({ 2: 'status-500', 3: 'status-500', 4: 'status-500' }) } });
    await greeted(el);
    const errors: Event[] = [];
    el.addEventListener('alli-error', (e) => errors.push(e));
    const sending = el.send('Can I change my plan?');
    await until(() => $(el, '.message.user .meta.retrying'), 'the retry countdown');
    const countdown = text($(el, '.message.user .meta.retrying'));
    expect(countdown).to.match(/^Retrying in 1 s/);
    await sending;
    await idle(el);
    const turns = mock.turnCalls();
    expect(turns.map((c) => c.status)).to.deep.equal([200, 500, 500, 500]);
    const gaps = [turns[2].at - turns[1].at, turns[3].at - turns[2].at];
    // Lower bounds only: a resend never goes early; how late it goes on a busy machine is not
    // this test's business (the figures are reported below).
    expect(gaps[0]).to.be.at.least(950);
    expect(gaps[1]).to.be.at.least(2950);
    const bubble = userBubbles(el)[0];
    expect(bubble.classList.contains('failed')).to.equal(true);
    expect(bubble.textContent).to.contain('Can I change my plan?');
    expect(errors, 'one error, at the end, not per attempt').to.have.lengthOf(1);
    expect(mock.historyCalls().length, 'the history is checked before each resend').to.equal(2);
    bubble.querySelector<HTMLButtonElement>('.retry')!.click();
    await until(() => userBubbles(el)[0].classList.contains('sent'), 'the retried turn');
    await idle(el);
    const history = await serverHistory(sessionOf(el)!.conversationId!, lastBearer(mock.calls));
    expect(history.responses.filter((n) => n.sender === 'USER' && n.message === 'Can I change my plan?')).to.have.lengthOf(1);
    expect(userBubbles(el)).to.have.lengthOf(1);
    report(
      '5xx',
      `500 ×3: resent automatically after ${Math.round(gaps[0])} ms and ${Math.round(gaps[1])} ms ("${countdown}" shown), then failed with Retry (one alli-error); manual Retry delivered it exactly once`,
    );
  });

  it('5xx once: the automatic resend goes through and the user sees no failure', async () => {
    const { el, mock } = await faultChat({ serverDelaysMs: [200, 400], knobs: { fault: faults({ 2: 'status-500' }) } });
    await greeted(el);
    const errors: Event[] = [];
    el.addEventListener('alli-error', (e) => errors.push(e));
    await el.send('Hello after a hiccup');
    await idle(el);
    expect(userBubbles(el)[0].classList.contains('sent')).to.equal(true);
    expect(errors).to.have.lengthOf(0);
    expect(mock.turnCalls().map((c) => c.status)).to.deep.equal([200, 500, 200]);
    report('5xx once', 'one 500, resent after 200 ms (test policy), delivered; no failure shown, no alli-error');
  });

  it('429 with Retry-After: waits, says "retrying in N s", resends; twice at most, then failed with Retry', async () => {
    const ok = await faultChat({ knobs: { retryAfterSeconds: 1, fault: faults({ 2: 'status-429', 3: 'status-429' }) } });
    await greeted(ok.el);
    const sending = ok.el.send('Busy day?');
    await until(() => $(ok.el, '.message.user .meta.retrying'), 'the countdown');
    const shown = text($(ok.el, '.message.user .meta.retrying'));
    await sending;
    await idle(ok.el);
    const turns = ok.mock.turnCalls();
    expect(turns.map((c) => c.status)).to.deep.equal([200, 429, 429, 200]);
    expect(turns[2].at - turns[1].at, 'waited Retry-After').to.be.at.least(950);
    expect(userBubbles(ok.el)[0].classList.contains('sent')).to.equal(true);
    expect(shown).to.equal('Retrying in 1 s…');

    const no = await faultChat({ knobs: { retryAfterSeconds: 1, fault: faults({ 2: 'status-429', 3: 'status-429', 4: 'status-429' }) } });
    await greeted(no.el);
    await no.el.send('Busy day?');
    await idle(no.el);
    expect(no.mock.turnCalls().map((c) => c.status)).to.deep.equal([200, 429, 429, 429]);
    const bubble = userBubbles(no.el)[0];
    expect(bubble.classList.contains('failed')).to.equal(true);
    const message = text(bubble.querySelector('.meta span'));
    expect(message).to.contain('Too many messages');
    expect(bubble.querySelector('.retry')).to.exist;
    report('429', `Retry-After 1 s: "${shown}", resent after ${Math.round(turns[2].at - turns[1].at)} ms, delivered on the 3rd try; 3 × 429 → failed after 2 resends: "${message}" with Retry`);
  });

  it('html-502: a readable plain-text error, never the HTML page', async () => {
    const { el, mock } = await faultChat({ serverDelaysMs: [100, 100], knobs: { fault: faults({ 2: 'html-502', 3: 'html-502', 4: 'html-502' }) } });
    await greeted(el);
    const alerts: string[] = [];
    let alerted = false;
    const original = window.alert;
    window.alert = () => {
      alerted = true;
    };
    try {
      await el.send('Are you up?');
      await idle(el);
      await until(() => text($(el, '[role=alert]')) !== '', 'the alert text');
    } finally {
      window.alert = original;
    }
    alerts.push(text($(el, '[role=alert]')));
    const bubble = userBubbles(el)[0];
    const message = text(bubble.querySelector('.meta span'));
    expect(bubble.classList.contains('failed')).to.equal(true);
    expect(message).to.contain('502');
    expect(message).to.contain('The upstream server did not answer');
    expect(message).not.to.contain('<');
    expect(message).not.to.contain('alert(1)');
    expect(el.shadowRoot!.querySelectorAll('h1, script, title').length, 'nothing of the page was rendered').to.equal(0);
    expect(alerted).to.equal(false);
    expect(mock.turnCalls().map((c) => c.status)).to.deep.equal([200, 502, 502, 502]);
    report('html-502', `3 × 502 text/html (resent twice, then failed): bubble says "${message}"; alert "${alerts[0]}"; no element of the page rendered, its script never ran`);
  });

  it('drop before any response: not resent blindly; the history shows the server lacks it, so it stays failed with Retry', async () => {
    const { el, mock } = await faultChat({ knobs: { fault: faults({ 2: 'drop' }) } });
    await greeted(el);
    await el.send('Lost in transit');
    await idle(el);
    const bubble = userBubbles(el)[0];
    expect(bubble.classList.contains('failed')).to.equal(true);
    expect(mock.turnCount()).to.equal(2);
    expect(mock.historyCalls().length).to.equal(1);
    const message = text(bubble.querySelector('.meta span'));
    bubble.querySelector<HTMLButtonElement>('.retry')!.click();
    await until(() => userBubbles(el)[0].classList.contains('sent'), 'the retried turn');
    await idle(el);
    const history = await serverHistory(sessionOf(el)!.conversationId!, lastBearer(mock.calls));
    expect(history.responses.filter((n) => n.sender === 'USER' && n.message === 'Lost in transit')).to.have.lengthOf(1);
    report('drop (before response)', `fetch rejected; history checked (1 GET: not there), bubble "${message}" with Retry; Retry delivered it once`);
  });
});
