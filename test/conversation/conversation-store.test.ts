import { expect } from '@open-wc/testing';
import { ConversationStore, conversationKey, parsePersistMode, storageFor, userTag, type KeyValueStorage } from '../../src/conversation/conversation-store.js';

function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, String(v)),
    removeItem: (k) => void data.delete(k),
    key: (i) => [...data.keys()][i] ?? null,
    get length() {
      return data.size;
    },
  };
}

describe('conversation store', () => {
  it('keys per app and per user, without spelling out the user', () => {
    const alice = conversationKey('app-1', 'alice@example.com');
    expect(alice).to.match(/^alli-chat:v1:app-1:[0-9a-z]+$/);
    expect(alice).not.to.contain('alice');
    expect(conversationKey('app-1', 'bob@example.com')).not.to.equal(alice);
    expect(conversationKey('app-2', 'alice@example.com')).not.to.equal(alice);
    expect(conversationKey('app-1', '')).to.equal('alli-chat:v1:app-1:anonymous');
    expect(userTag('김민지')).to.equal(userTag('김민지'));
  });

  it('stores only the conversation id and reads it back', () => {
    const storage = memoryStorage();
    const store = new ConversationStore(storage, () => 1000);
    store.save('k', 'C123');
    expect(JSON.parse(storage.data.get('k')!)).to.deep.equal({ conversationId: 'C123', savedAt: 1000 });
    expect(store.load('k')).to.equal('C123');
    store.save('k', undefined);
    expect(storage.data.has('k')).to.equal(false);
  });

  it('drops entries that are stale, malformed or not ids', () => {
    const storage = memoryStorage();
    let now = 0;
    const store = new ConversationStore(storage, () => now, 10_000);
    store.save('old', 'C1');
    now = 20_000;
    expect(store.load('old')).to.equal(undefined);
    expect(storage.data.has('old')).to.equal(false);
    for (const raw of ['not json', '{"conversationId":42,"savedAt":20000}', '{"conversationId":"","savedAt":20000}', 'null']) {
      storage.data.set('bad', raw);
      expect(store.load('bad'), raw).to.equal(undefined);
    }
  });

  it('removes every entry of one app, leaving other apps and keys alone', () => {
    const storage = memoryStorage();
    const store = new ConversationStore(storage);
    store.save(conversationKey('a', 'u1'), 'C1');
    store.save(conversationKey('a', 'u2'), 'C2');
    store.save(conversationKey('b', 'u1'), 'C3');
    storage.setItem('unrelated', 'x');
    store.removeApp('a');
    expect([...storage.data.keys()].sort()).to.deep.equal([conversationKey('b', 'u1'), 'unrelated'].sort());
  });

  it('survives storage that throws', () => {
    const throwing: KeyValueStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => {
        throw new Error('denied');
      },
      key: () => null,
      length: 0,
    };
    const store = new ConversationStore(throwing);
    expect(() => store.save('k', 'C')).not.to.throw();
    expect(store.load('k')).to.equal(undefined);
  });

  it('maps the persist attribute, defaulting to session', () => {
    expect(['none', 'LOCAL', 'session', '', null, 'cookies'].map(parsePersistMode)).to.deep.equal(['none', 'local', 'session', 'session', 'session', 'session']);
    expect(storageFor('none')).to.equal(undefined);
    expect(storageFor('session')).to.equal(sessionStorage);
    expect(storageFor('local')).to.equal(localStorage);
  });
});
