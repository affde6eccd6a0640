/**
 * Where the widget remembers which conversation to reopen after a reload (docs/protocol.md §8):
 * only the conversation id, under a key per app and per user, in `sessionStorage` by default
 * (`persist="session"`), `localStorage` (`persist="local"`) or nowhere (`persist="none"`).
 * Never the token, never message text: the history comes back from Alli itself.
 *
 * Pure logic over a `Storage`-shaped object so tests hand it a Map; `storageFor` is the only
 * part that touches `window`, and it survives storage that throws (sandboxed iframes, Safari
 * private mode, a full quota).
 */

export type PersistMode = 'none' | 'session' | 'local';

/** The part of `Storage` the store uses. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

const PREFIX = 'alli-chat:v1:';
/** A remembered conversation older than this is not reopened (and is removed when seen). */
const DEFAULT_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

export function parsePersistMode(value: string | null | undefined): PersistMode {
  const mode = (value ?? '').trim().toLowerCase();
  return mode === 'none' || mode === 'local' ? mode : 'session';
}

/** The browser storage for a mode, or undefined when there is none or it cannot be used. */
export function storageFor(mode: PersistMode): KeyValueStorage | undefined {
  if (mode === 'none') return undefined;
  try {
    const storage = mode === 'local' ? globalThis.localStorage : globalThis.sessionStorage;
    if (!storage) return undefined;
    // Some browsers expose storage that throws on first write; find out now.
    const probe = `${PREFIX}probe`;
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    return undefined;
  }
}

/**
 * A short, stable, non-reversible tag for a user id, so storage keys do not spell out who
 * the visitor is (ids are often e-mail addresses). cyrb53: 53 bits, not cryptographic — the
 * server's per-user check is what keeps users apart; this only keeps their slots apart.
 */
export function userTag(userId: string): string {
  let h1 = 0xdeadbeef ^ userId.length;
  let h2 = 0x41c6ce57 ^ userId.length;
  for (let i = 0; i < userId.length; i++) {
    const ch = userId.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** The storage key for one app and one user (`''` = a visitor nobody named). */
export function conversationKey(appId: string, userId: string): string {
  return `${appPrefix(appId)}${userId ? userTag(userId) : 'anonymous'}`;
}

function appPrefix(appId: string): string {
  return `${PREFIX}${encodeURIComponent(appId)}:`;
}

interface StoredConversation {
  conversationId: string;
  savedAt: number;
}

export class ConversationStore {
  constructor(
    private readonly storage: KeyValueStorage | undefined,
    private readonly now: () => number = Date.now,
    private readonly maxAgeMs = DEFAULT_MAX_AGE_MS,
  ) {}

  load(key: string): string | undefined {
    const raw = this.safely(() => this.storage?.getItem(key) ?? null);
    if (!raw) return undefined;
    let value: Partial<StoredConversation> | undefined;
    try {
      value = JSON.parse(raw) as Partial<StoredConversation>;
    } catch {
      value = undefined;
    }
    const id = value?.conversationId;
    const fresh = typeof value?.savedAt === 'number' && this.now() - value.savedAt <= this.maxAgeMs;
    if (typeof id !== 'string' || id === '' || id.length > 256 || !fresh) {
      this.remove(key);
      return undefined;
    }
    return id;
  }

  save(key: string, conversationId: string | undefined): void {
    if (conversationId === undefined) return this.remove(key);
    const value: StoredConversation = { conversationId, savedAt: this.now() };
    this.safely(() => this.storage?.setItem(key, JSON.stringify(value)));
  }

  remove(key: string): void {
    this.safely(() => this.storage?.removeItem(key));
  }

  /** Removes every remembered conversation of an app, whoever it belonged to. */
  removeApp(appId: string): void {
    const prefix = appPrefix(appId);
    const storage = this.storage;
    if (!storage) return;
    const keys: string[] = [];
    this.safely(() => {
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i);
        if (key?.startsWith(prefix)) keys.push(key);
      }
    });
    for (const key of keys) this.remove(key);
  }

  private safely<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch {
      return undefined;
    }
  }
}
