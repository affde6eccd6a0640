// Reloads and identity, through the element against the mock Alli: the conversation id kept
// per app and user (never the token), the history restored with GET after a "reload" (a new
// element), persist="none|session|local", a conversation that is gone starting fresh, and a
// different user or logout() wiping what was remembered — one user never sees another's history.
import { expect } from '@open-wc/testing';
import { conversationKey } from '../../src/conversation/conversation-store.js';
import { $$, botIds, faultChat, greeted, idle, lastBearer, report, sessionOf, tokenCallback, until, userBubbles } from './helpers.js';

const storedKeys = (storage: Storage) => Object.keys(storage).filter((k) => k.startsWith('alli-chat:'));
const storedValues = (storage: Storage) => storedKeys(storage).map((k) => storage.getItem(k) ?? '');
const transcriptText = (el: HTMLElement) => el.shadowRoot!.querySelector('.messages')!.textContent ?? '';

describe('reloads and identity', () => {
  afterEach(() => {
    sessionStorage.clear();
    localStorage.clear();
  });

  it('restores the conversation after a reload: user bubbles, bot messages, no new greeting; the token is never stored', async () => {
    const first = await faultChat();
    await greeted(first.el);
    await first.el.send('remember me');
    await idle(first.el);
    const id = sessionOf(first.el)!.conversationId!;
    const bots = botIds(first.el);
    const token = lastBearer(first.mock.calls);
    const { userId } = (await (await fetch('/alli/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).json()) as { userId: string };
    expect(storedKeys(sessionStorage)).to.deep.equal([conversationKey('demo', userId)]);
    expect(storedValues(sessionStorage)[0]).to.contain(id);
    for (const storage of [sessionStorage, localStorage]) {
      for (let i = 0; i < storage.length; i++) expect(storage.getItem(storage.key(i)!), 'no token in storage').not.to.contain(token);
    }
    expect(document.cookie).not.to.contain(token);
    first.el.remove();

    const second = await faultChat({ keepStorage: true });
    await until(() => sessionOf(second.el)?.conversationId === id && !sessionOf(second.el)!.busy, 'the restored conversation');
    await idle(second.el);
    expect(botIds(second.el)).to.deep.equal(bots);
    const users = userBubbles(second.el);
    expect(users.map((u) => u.querySelector('.bubble')!.textContent)).to.deep.equal(['remember me']);
    expect(users[0].classList.contains('sent')).to.equal(true);
    expect(second.mock.turnCount(), 'no new greeting turn').to.equal(0);
    expect(second.mock.historyCalls()).to.have.lengthOf(1);
    await second.el.send('and continue');
    await idle(second.el);
    expect(sessionOf(second.el)!.conversationId).to.equal(id);
    expect(userBubbles(second.el).map((u) => u.classList.contains('sent'))).to.deep.equal([true, true]);
    report('reload (persist=session)', `sessionStorage holds only {conversationId} under ${storedKeys(sessionStorage)[0]} (user hashed, no token); a new element restored ${bots.length} bot + 1 user bubble with one GET and no new turn, and the conversation continued`);
  });

  it('persist="none" keeps nothing; persist="local" uses localStorage', async () => {
    const none = await faultChat({ persist: 'none' });
    await greeted(none.el);
    expect(storedKeys(sessionStorage).length + storedKeys(localStorage).length).to.equal(0);
    none.el.remove();
    const again = await faultChat({ persist: 'none', keepStorage: true });
    await greeted(again.el);
    expect(again.mock.turnCount(), 'a new conversation').to.equal(1);
    expect(sessionOf(again.el)!.conversationId).not.to.equal(sessionOf(none.el)?.conversationId);

    const local = await faultChat({ persist: 'local' });
    await greeted(local.el);
    const id = sessionOf(local.el)!.conversationId!;
    expect(storedKeys(localStorage)).to.have.lengthOf(1);
    expect(storedKeys(sessionStorage)).to.have.lengthOf(0);
    local.el.remove();
    const restored = await faultChat({ persist: 'local', keepStorage: true });
    await until(() => sessionOf(restored.el)?.conversationId === id && !sessionOf(restored.el)!.busy, 'restored from localStorage');
    expect(restored.mock.turnCount()).to.equal(0);
    report('persist none/local', 'none: nothing stored, a remount starts a new conversation; local: id in localStorage only, a remount restores it');
  });

  it('a remembered conversation that is gone (404) starts fresh', async () => {
    sessionStorage.setItem(conversationKey('demo', 'faults-alice'), JSON.stringify({ conversationId: 'C-gone', savedAt: Date.now() }));
    const alice = tokenCallback('faults-alice');
    const { el, mock } = await faultChat({ keepStorage: true, userId: 'faults-alice', getToken: alice.getToken });
    await greeted(el);
    expect(mock.historyCalls().map((c) => c.status)).to.deep.equal([404]);
    expect(mock.turnCount()).to.equal(1);
    const id = sessionOf(el)!.conversationId!;
    expect(sessionStorage.getItem(conversationKey('demo', 'faults-alice'))).to.contain(id);
    report('restore 404', 'stored id unknown to the server: GET 404 → a new conversation, whose id replaced the stored one');
  });

  it('changing user-id wipes what was remembered and starts a new conversation; the other user never sees it', async () => {
    const alice = tokenCallback('faults-alice-2');
    const { el } = await faultChat({ userId: 'faults-alice-2', getToken: alice.getToken });
    await greeted(el);
    await el.send('alice secret');
    await idle(el);
    const aliceId = sessionOf(el)!.conversationId!;
    expect(sessionStorage.getItem(conversationKey('demo', 'faults-alice-2'))).to.contain(aliceId);

    const bob = tokenCallback('faults-bob-2');
    el.getToken = bob.getToken;
    el.userId = 'faults-bob-2';
    await until(() => sessionOf(el)?.conversationId && sessionOf(el)!.conversationId !== aliceId && !sessionOf(el)!.busy, "bob's new conversation");
    await greeted(el);
    expect(transcriptText(el)).not.to.contain('alice secret');
    expect(sessionStorage.getItem(conversationKey('demo', 'faults-alice-2')), "alice's id wiped").to.equal(null);
    expect(sessionStorage.getItem(conversationKey('demo', 'faults-bob-2'))).to.contain(sessionOf(el)!.conversationId!);

    // Even with alice's id planted in bob's slot, the server refuses it: bob starts fresh.
    el.remove();
    sessionStorage.setItem(conversationKey('demo', 'faults-bob-2'), JSON.stringify({ conversationId: aliceId, savedAt: Date.now() }));
    const forged = await faultChat({ keepStorage: true, userId: 'faults-bob-2', getToken: tokenCallback('faults-bob-2').getToken });
    await greeted(forged.el);
    expect(forged.mock.historyCalls().map((c) => c.status)).to.deep.equal([404]);
    expect(transcriptText(forged.el)).not.to.contain('alice secret');
    expect(sessionOf(forged.el)!.conversationId).not.to.equal(aliceId);
    report('user-id change', "alice → bob: alice's stored id wiped, a new conversation for bob with none of alice's text; alice's id planted in bob's slot → server 404 → fresh, nothing of alice shown");
  });

  it('logout() forgets the token and the stored conversation and starts a new one', async () => {
    const { el, mock } = await faultChat();
    await greeted(el);
    await el.send('before logout');
    await idle(el);
    const before = sessionOf(el)!.conversationId!;
    const tokensBefore = mock.tokenCount();
    await el.logout();
    await until(() => sessionOf(el)?.conversationId && sessionOf(el)!.conversationId !== before && !sessionOf(el)!.busy, 'a new conversation');
    await greeted(el);
    expect(transcriptText(el)).not.to.contain('before logout');
    expect($$(el, '.message.user')).to.have.lengthOf(0);
    expect(mock.tokenCount(), 'a fresh token').to.equal(tokensBefore + 1);
    const values = storedValues(sessionStorage);
    expect(values.some((v) => v.includes(before)), 'old id forgotten').to.equal(false);
    expect(values.some((v) => v.includes(sessionOf(el)!.conversationId!))).to.equal(true);
    report('logout()', 'stored ids wiped, token dropped (token route called again), a new conversation with an empty transcript');
  });
});
