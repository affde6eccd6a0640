import type { ReactiveController } from 'lit';
import { ConversationSession, type ConversationMemory, type UserContent, type UserTurn } from '../../conversation/conversation-session.js';
import { ConversationStore, conversationKey, parsePersistMode, storageFor } from '../../conversation/conversation-store.js';
import type { AlliError } from '../../model/errors.js';
import type { ViewNode } from '../../wire/reducer.js';
import { withBodyActivity } from '../../transport/body-activity.js';
import { AlliClient } from '../../transport/client.js';
import { createTransport, parseTransportName } from '../../transport/create-transport.js';
import { createTokenSource, type TokenSource } from '../../transport/token-source.js';
import type { AlliChatElement } from '../alli-chat.element.js';
import {
  AlliConversationChangeEvent,
  AlliErrorEvent,
  AlliFileUploadEvent,
  AlliMessageReceiveEvent,
  AlliMessageSendEvent,
  AlliStreamEndEvent,
  AlliStreamStartEvent,
} from '../events.js';
import { ConnectivityController } from './connectivity.controller.js';

/** What the rest of the panel does when the conversation moves. */
export interface ConversationHooks {
  /** A reply started streaming (announce it). */
  streamStarted(): void;
  /** A turn ended, however it ended. */
  turnEnded(turn: UserTurn | undefined): void;
  /** A bot message is complete. */
  nodeCompleted(node: ViewNode): void;
  /** An error to show; return true when a view handled it (e.g. a refused form). */
  failed(error: AlliError, turn: UserTurn | undefined): boolean;
  /** An automatic resend was scheduled for `at` (epoch ms). */
  retryScheduled(at: number): void;
  /** The visitor sent something: bring the transcript to its end. */
  submitted(): void;
}

/**
 * Owns the conversation of one `<alli-chat>`: the token source, the client, the session and
 * the remembered conversation id; re-creates them when the app, backend, token source or user
 * changes; dispatches the `alli-*` events; coalesces session changes to one render per frame.
 */
export class ConversationController implements ReactiveController {
  session?: ConversationSession;
  private tokens?: TokenSource;
  private setupKey = '';
  private setupRefs: readonly unknown[] = [];
  private lastUserId: string;
  private frame = 0;
  private readonly connectivity: ConnectivityController;

  constructor(
    private readonly host: AlliChatElement,
    private readonly hooks: ConversationHooks,
    private readonly panelOpen: () => boolean,
  ) {
    this.lastUserId = host.userId;
    this.connectivity = new ConnectivityController(host, {
      onOnline: () => this.onConnectivity(true),
      onOffline: () => this.onConnectivity(false),
      onVisible: () => this.tokens?.revalidate(),
    });
    host.addController(this);
  }

  get online(): boolean {
    return this.connectivity.online;
  }

  hostConnected(): void {
    if (this.host.hasUpdated) this.startWhenReady();
  }

  hostDisconnected(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.teardown();
  }

  hostUpdate(): void {
    const host = this.host;
    if (host.userId !== this.lastUserId) {
      this.lastUserId = host.userId;
      this.forgetStoredConversations();
    }
    // A different app, backend, token source or user is a different conversation.
    if (this.session && (this.currentKey() !== this.setupKey || this.currentRefs().some((ref, i) => ref !== this.setupRefs[i]))) this.teardown();
    this.ensureSession();
    host.streaming = this.session?.streaming ?? false;
  }

  hostUpdated(): void {
    this.startWhenReady();
  }

  /** Sends a turn after the cancelable `alli-message-send`; with `wait`, after a turn in flight. */
  async submit(content: UserContent, { wait = false } = {}): Promise<void> {
    const session = this.ensureSession();
    if (!session) return;
    // The composer cannot send while a turn is in flight; a host's send() waits its turn instead.
    if (session.busy && wait) await session.whenIdle();
    if (session.busy || session !== this.session) return;
    if (!this.host.dispatchEvent(new AlliMessageSendEvent(content))) return;
    this.hooks.submitted();
    await session.send(content);
  }

  async reset(): Promise<void> {
    await this.ensureSession()?.reset();
  }

  /** Forgets the token and every remembered conversation of this app; the next update starts afresh. */
  async logout(): Promise<void> {
    this.forgetStoredConversations();
    this.teardown();
    this.host.requestUpdate();
    await this.host.updateComplete;
  }

  /** The conversation starts when the panel is first shown, so the greeting is there on open. */
  private startWhenReady(): void {
    if (!this.panelOpen()) return;
    const session = this.ensureSession();
    if (session && !session.started && !session.busy && !session.error) void session.start();
  }

  private currentKey(): string {
    const { appId, apiBase, tokenUrl, userId, userEmail } = this.host;
    const transport = parseTransportName(this.host.transport);
    // The placement only picks a skill: on the other transports it changes nothing.
    const placement = transport === 'skill' ? this.host.placement : '';
    return JSON.stringify([appId, apiBase, tokenUrl, userId, userEmail, transport, placement]);
  }

  private currentRefs(): readonly unknown[] {
    return [this.host.getToken, this.host.fetch];
  }

  ensureSession(): ConversationSession | undefined {
    if (this.session) return this.session;
    const host = this.host;
    if (!host.isConnected || !host.appId || (!host.tokenUrl && !host.getToken)) return undefined;
    const getToken = host.getToken;
    this.tokens = createTokenSource(getToken ? { getToken: () => getToken() } : { tokenUrl: host.tokenUrl, fetch: host.fetch });
    const client = new AlliClient({
      appId: host.appId,
      apiBase: host.apiBase || undefined,
      tokenSource: this.tokens,
      fetch: withBodyActivity(host.fetch, () => this.session?.noteActivity()),
      userId: host.userId || undefined,
      userEmail: host.userEmail || undefined,
    });
    this.setupKey = this.currentKey();
    this.setupRefs = this.currentRefs();
    const resilience = host.resilience ?? {};
    const transport = createTransport(parseTransportName(host.transport), client, host.placement);
    this.session = new ConversationSession(transport, {
      onChange: () => this.scheduleRender(),
      onStreamStart: () => {
        this.hooks.streamStarted();
        host.dispatchEvent(new AlliStreamStartEvent(this.session?.conversationId));
      },
      onStreamEnd: (reason, turn) => {
        this.hooks.turnEnded(turn);
        host.dispatchEvent(new AlliStreamEndEvent(reason, this.session?.conversationId));
      },
      onNodeComplete: (node) => {
        this.hooks.nodeCompleted(node);
        host.dispatchEvent(new AlliMessageReceiveEvent(node));
      },
      onConversationChange: (id) => host.dispatchEvent(new AlliConversationChangeEvent(id)),
      onUploadProgress: (turn, { sent, total }) => {
        const files = turn.content.kind === 'text' ? (turn.content.files ?? []) : [];
        host.dispatchEvent(new AlliFileUploadEvent(files, sent, total));
      },
      onError: (error, turn) => {
        this.hooks.failed(error, turn);
        host.dispatchEvent(new AlliErrorEvent(error));
      },
      idleTimeoutMs: resilience.idleTimeoutMs,
      retry: resilience.retry,
      online: this.connectivity.online,
      memory: this.conversationMemory(),
      onRetryScheduled: (notice) => this.hooks.retryScheduled(notice.at),
    });
    return this.session;
  }

  /**
   * The conversation id kept per app and per user (the `user-id` attribute, else the user the
   * token names). Read once per session: a different user or app is a different session.
   */
  private conversationMemory(): ConversationMemory {
    const { appId, userId } = this.host;
    const transport = parseTransportName(this.host.transport);
    const placement = transport === 'skill' ? this.host.placement : '';
    // Each transport (and placement) has conversations of its own: one is never reopened through another.
    const suffix = transport === 'conversation' ? '' : `:${transport}${placement ? `:${encodeURIComponent(placement)}` : ''}`;
    const tokens = this.tokens;
    const mode = () => parsePersistMode(this.host.persist);
    const key = async (): Promise<string | undefined> => {
      if (mode() === 'none') return undefined;
      const user = userId || (tokens ? (await tokens.get()).userId : undefined) || '';
      return conversationKey(appId, user) + suffix;
    };
    return {
      recall: async () => {
        const k = await key();
        return k ? new ConversationStore(storageFor(mode())).load(k) : undefined;
      },
      remember: async (conversationId) => {
        const k = await key();
        if (k) new ConversationStore(storageFor(mode())).save(k, conversationId);
      },
    };
  }

  /** Forgets every conversation this app remembered, in both storages. */
  private forgetStoredConversations(): void {
    if (!this.host.appId) return;
    for (const mode of ['session', 'local'] as const) new ConversationStore(storageFor(mode)).removeApp(this.host.appId);
  }

  private onConnectivity(online: boolean): void {
    this.session?.setOnline(online);
    if (online) this.tokens?.revalidate();
    this.host.requestUpdate();
  }

  private teardown(): void {
    this.session?.dispose();
    this.tokens?.dispose();
    this.session = undefined;
    this.tokens = undefined;
    this.host.streaming = false;
  }

  /** Coalesces session changes to one render per animation frame. */
  private scheduleRender(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.host.requestUpdate();
    });
  }
}
