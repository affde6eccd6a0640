import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { createTokenSource, type TokenSource } from '../transport/token-source.js';
import {
  ConversationSession,
  type InputMode,
  type TranscriptItem,
  type UserContent,
  type UserTurn,
} from '../conversation/conversation-session.js';
import { localeFor, stringsFor, type AlliChatStrings } from '../i18n/strings.js';
import { DEFAULT_FILE_LIMITS, checkFiles, formatBytes, middleTruncate, type FileRefusal } from '../conversation/file-rules.js';
import { AlliClient } from '../transport/client.js';
import { AlliError } from '../model/errors.js';
import type { BotFile, ChatOptionInfo, Citation, FormDefinition, SendFormInput, TokenGrant } from '../model/types.js';
import { safeUrl } from '../render/sanitize.js';
import type { ViewNode } from '../wire/reducer.js';
import { alliChatStyles } from './styles/alli-chat.styles.js';
import {
  AlliConversationChangeEvent,
  AlliErrorEvent,
  AlliFileUploadEvent,
  AlliMessageReceiveEvent,
  AlliMessageSendEvent,
  AlliOptionSelectEvent,
  AlliStreamEndEvent,
  AlliStreamStartEvent,
} from './events.js';
import { messageBody } from './views/message-body.directive.js';
import { cssProperties } from './views/css-properties.directive.js';
import { optionStyleProperties } from '../render/option-style.js';
import { ScrollFollowController } from './controllers/scroll-follow.controller.js';
import {
  initialDraft,
  serverFieldErrors,
  summarizeForm,
  toSendFormInput,
  validateField,
  validateForm,
  withoutError,
  type FieldDraft,
  type FormDraft,
  type FormErrors,
} from '../conversation/form-model.js';
import { focusFirstInvalid, renderForm, type FormViewState } from './views/form-view.js';
import { formViewStyles } from './styles/form-view.styles.js';
import { MobileViewportController } from './controllers/viewport.controller.js';
// faults: reloads, offline outbox, token revalidation, idle timeout of streams
import { withBodyActivity } from '../transport/body-activity.js';
import { ConnectivityController } from './controllers/connectivity.controller.js';
import type { ConversationMemory, SessionOptions } from '../conversation/conversation-session.js';
import { ConversationStore, conversationKey, parsePersistMode, storageFor } from '../conversation/conversation-store.js';
import { isTransientTokenError, type RetryPolicy } from '../conversation/retry-policy.js';

/**
 * `<alli-chat>`: a chat with an Alli app, streamed, with rich messages and option buttons.
 *
 * @fires alli-message-send - Before a user turn is sent; cancelable.
 * @fires alli-message-receive - A bot message is complete.
 * @fires alli-stream-start - A reply started streaming.
 * @fires alli-stream-end - A turn ended; `reason` says how.
 * @fires alli-option-select - The user chose option buttons.
 * @fires alli-conversation-change - The conversation id changed.
 * @fires alli-error - Something failed; the widget shows it too.
 * @fires alli-file-upload - Upload progress of a message's files.
 *
 * @csspart launcher - The floating button (launcher mode).
 * @csspart badge - The unread count on the launcher.
 * @csspart panel - The chat panel.
 * @csspart title - The header's title.
 * @csspart new-conversation-button - Starts over.
 * @csspart close-button - Closes the launcher's panel.
 * @csspart empty - The empty state before the first message.
 * @csspart jump-button - "Jump to latest" while scrolled up.
 * @csspart header - The header with the title and the new-conversation action.
 * @csspart messages - The transcript.
 * @csspart message - One message (user or bot).
 * @csspart bubble - A message's bubble.
 * @csspart options - A group of option buttons.
 * @csspart option - One option button.
 * @csspart composer - The input area.
 * @csspart input - The text box.
 * @csspart send-button - The send button.
 * @csspart stop-button - The stop button (while a reply streams).
 * @csspart attach-button - The attach-files button.
 *
 * @slot title - The header title (default: the localized "Alli").
 * @slot logo - A logo before the title.
 * @slot launcher-icon - The launcher button's icon.
 * @slot empty - Shown before the first message arrives.
 *
 * @cssprop --alli-chat-accent - Accent colour: buttons, user bubbles, focus.
 * @cssprop --alli-chat-accent-text - Text on the accent colour.
 * @cssprop --alli-chat-surface - Panel background.
 * @cssprop --alli-chat-text - Main text colour.
 * @cssprop --alli-chat-font - Font family.
 * @cssprop --alli-chat-font-size - Base font size of the transcript.
 * @cssprop --alli-chat-radius - Corner radius of the panel and bubbles.
 * @cssprop --alli-chat-density - Spacing multiplier: 1 comfortable, 0.8 compact.
 * @cssprop --alli-chat-surface-alt - Secondary background (bot bubbles, banners).
 * @cssprop --alli-chat-text-muted - Secondary text (times, sizes, sources).
 * @cssprop --alli-chat-border - Separator lines.
 * @cssprop --alli-chat-control-border - Borders of inputs and secondary buttons.
 * @cssprop --alli-chat-danger - Errors and failed messages.
 * @cssprop --alli-chat-focus-ring - Focus indicator (a box-shadow value).
 * @cssprop --alli-chat-shadow - Shadow of the launcher panel and button.
 * @cssprop --alli-chat-header-bg - Header background.
 * @cssprop --alli-chat-header-text - Header text.
 * @cssprop --alli-chat-user-bubble-bg - User bubble background.
 * @cssprop --alli-chat-user-bubble-text - User bubble text.
 * @cssprop --alli-chat-bot-bubble-bg - Bot bubble background.
 * @cssprop --alli-chat-bot-bubble-text - Bot bubble text.
 * @cssprop --alli-chat-option-bg - Option button background (unless the app styles it).
 * @cssprop --alli-chat-option-text - Option button text.
 * @cssprop --alli-chat-option-border - Option button border.
 * @cssprop --alli-chat-input-bg - Text box background.
 * @cssprop --alli-chat-input-text - Text box text.
 * @cssprop --alli-chat-launcher-bg - Launcher button background.
 * @cssprop --alli-chat-launcher-text - Launcher icon colour.
 * @cssprop --alli-chat-launcher-size - Launcher button size.
 * @cssprop --alli-chat-offset-x - Launcher distance from the left/right edge.
 * @cssprop --alli-chat-offset-y - Launcher distance from the top/bottom edge.
 * @cssprop --alli-chat-z-index - Stacking level of the launcher and its panel.
 * @cssprop --alli-chat-panel-width - Launcher panel width.
 * @cssprop --alli-chat-panel-height - Launcher panel height.
 */
export class AlliChatElement extends LitElement {
  static override styles = [...alliChatStyles, formViewStyles];
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: false };

  /** The Alli app to talk to. */
  @property({ attribute: 'app-id', reflect: true }) appId = '';
  /** Alli's API origin, or a same-origin proxy path. Defaults to https://backend.alli.ai. */
  @property({ attribute: 'api-base' }) apiBase = '';
  /** The host site's token route: the widget POSTs there (with cookies) for a bearer token. */
  @property({ attribute: 'token-url' }) tokenUrl = '';
  /** The visitor's id in the host's system (sent as OWN-USER-ID unless the token names one). */
  @property({ attribute: 'user-id' }) userId = '';
  /** The visitor's e-mail (sent as USER-EMAIL unless the token names one). */
  @property({ attribute: 'user-email' }) userEmail = '';
  /** Set while a reply streams. */
  @property({ type: Boolean, reflect: true }) streaming = false;
  /** `inline` fills its container; `launcher` is a floating button that opens a panel. */
  @property({ reflect: true }) mode: 'inline' | 'launcher' = 'inline';
  /** Whether the launcher's panel is open (always shown in inline mode). */
  @property({ type: Boolean, reflect: true }) open = false;
  /** Launcher corner: `bottom-right` (default), `bottom-left`, `top-right`, `top-left`. */
  @property({ reflect: true }) position: 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left' = 'bottom-right';
  /** `light`, `dark`, or `auto` (default: follows `prefers-color-scheme`). */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' = 'auto';
  /** File types the user may attach (as `<input type=file accept>`); empty = any. */
  @property() accept = '';
  /** Largest file the user may attach, in bytes (default 10 MB). */
  @property({ attribute: 'max-file-size', type: Number }) maxFileSize = DEFAULT_FILE_LIMITS.maxBytes;
  /** Most files in one message (default 5); 0 hides the attach button. */
  @property({ attribute: 'max-files', type: Number }) maxFiles = DEFAULT_FILE_LIMITS.maxFiles;

  /** Instead of `token-url`: a callback that returns a fresh token grant. */
  @property({ attribute: false }) getToken?: () => Promise<TokenGrant>;
  /** The fetch used for every call (for proxies, tracing, tests). */
  @property({ attribute: false }) fetch?: typeof fetch;
  /** Overrides for any user-facing string. */
  @property({ attribute: false }) i18n?: Partial<AlliChatStrings>;
  /**
   * Where the conversation id is kept so a reload reopens the conversation: `session`
   * (default, `sessionStorage`), `local` (`localStorage`) or `none`. Only the id, per app and user.
   */
  @property() persist: 'none' | 'session' | 'local' = 'session';
  /** Fault handling: `idleTimeoutMs` of a silent stream (default 45 s), automatic resend policy. */
  @property({ attribute: false }) resilience?: { idleTimeoutMs?: number; retry?: Partial<RetryPolicy> };

  @state() private draft = '';
  @state() private selected: readonly number[] = [];
  @state() private announcement = '';
  @state() private alert = '';
  @state() private composing = false;
  @state() private attachments: readonly File[] = [];
  @state() private fileNotices: readonly string[] = [];
  @state() private dragging = false;
  /** Bot messages that arrived while the launcher was closed. */
  @state() private unread = 0;
  /** The option that holds the tab stop in each group (roving tabindex), by node id. */
  @state() private optionFocus: Readonly<Record<string, number>> = {};

  @query('textarea') private textarea?: HTMLTextAreaElement;
  @query('input[type=file].attach-input') private fileInput?: HTMLInputElement;
  @query('.messages') private transcript?: HTMLElement;
  @query('.launcher') private launcherButton?: HTMLButtonElement;

  private session?: ConversationSession;
  private tokens?: TokenSource;
  private frame = 0;
  private setupKey = '';
  private renderedItems = 0;
  /** Completed bot nodes whose text is announced once it is on screen. */
  private toAnnounce: string[] = [];
  /** Each form node's draft, errors and outcome; drafts survive failed submits. */
  private forms = new Map<string, FormUi>();
  /** Form turns the server refused (FORM_INVALID): their bubbles are not shown. */
  private refusedFormTurns = new Set<string>();
  private focusOnOpen = false;
  private readonly follow = new ScrollFollowController(this, () => ({
    scroller: this.transcript,
    content: this.renderRoot.querySelector<HTMLElement>('.transcript'),
  }));
  /** online/offline and visibility listeners, added only while connected. */
  private readonly connectivity = new ConnectivityController(this, {
    onOnline: () => this.onConnectivity(true),
    onOffline: () => this.onConnectivity(false),
    onVisible: () => this.tokens?.revalidate(),
  });
  private static timeFormats = new Map<string, Intl.DateTimeFormat>();
  /** `data:` thumbnails of images in the composer ('' while one is drawn or if it cannot be). */
  private thumbnails = new Map<File, string>();
  private dragDepth = 0;

  constructor() {
    super();
    // Full screen on phones: page scroll lock and keyboard-aware height while the launcher is open.
    new MobileViewportController(this, () => this.isLauncher && this.open);
  }

  /**
   * Sends a message as if the user typed it, with files if given (checked against the same
   * limits as attachments; refused files are reported and left out). If a turn is in flight it
   * waits for it to end first. Resolves when this turn ends.
   */
  async send(text: string, files: readonly File[] = []): Promise<void> {
    const value = text.trim();
    const limits = { accept: this.accept, maxBytes: this.maxFileSize, maxFiles: this.maxFiles };
    const { accepted, refused } = checkFiles(files, limits);
    if (refused.length) this.fileNotices = refused.map((r) => this.refusalMessage(r));
    if (!value && accepted.length === 0) return;
    await this.submit(accepted.length ? { kind: 'text', text: value, files: accepted } : { kind: 'text', text: value }, { wait: true });
  }

  /** Forgets the conversation and starts a new one. */
  async reset(): Promise<void> {
    this.draft = '';
    this.selected = [];
    this.forms.clear();
    this.refusedFormTurns.clear();
    await this.ensureSession()?.reset();
  }

  /** Moves focus to the text box. */
  override focus(options?: FocusOptions): void {
    (this.textarea ?? this).focus(options);
  }

  /** Opens the launcher's panel and moves focus into it. (`open` is the property.) */
  show(): void {
    if (this.open) return;
    this.focusOnOpen = true;
    this.open = true;
  }

  /** Closes the launcher's panel; focus returns to the launcher button. */
  close(): void {
    if (!this.open || !this.isLauncher) return;
    const hadFocus = this.matches(':focus-within');
    this.open = false;
    if (hadFocus) void this.updateComplete.then(() => this.launcherButton?.focus());
  }

  /** Opens or closes the launcher's panel. */
  toggle(): void {
    if (this.open) this.close();
    else this.show();
  }

  private get isLauncher(): boolean {
    return this.mode === 'launcher';
  }

  /** Inline widgets are always open; a launcher's panel only when `open`. */
  private get panelOpen(): boolean {
    return !this.isLauncher || this.open;
  }

  /** Looked up once per update (not per message rendered): the nearest `lang`, else the browser's. */
  private resolved?: { locale: string; i18n?: Partial<AlliChatStrings>; strings: AlliChatStrings };

  private resolveLanguage(): { locale: string; strings: AlliChatStrings } {
    const locale = this.closest('[lang]')?.getAttribute('lang') || globalThis.navigator?.language || 'en';
    if (!this.resolved || this.resolved.locale !== locale || this.resolved.i18n !== this.i18n) {
      this.resolved = { locale, i18n: this.i18n, strings: stringsFor(localeFor(locale), this.i18n) };
    }
    return this.resolved;
  }

  private get locale(): string {
    return (this.resolved ?? this.resolveLanguage()).locale;
  }

  private get strings(): AlliChatStrings {
    return (this.resolved ?? this.resolveLanguage()).strings;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.startWhenReady();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.teardown();
    this.revokeThumbnails(this.attachments);
  }

  protected override willUpdate(changed: PropertyValues): void {
    this.resolveLanguage();
    if (this.hasUpdated && changed.has('userId')) this.forgetStoredConversations();
    // A different app, backend, token source or user is a different conversation.
    if (this.session) {
      const key = JSON.stringify([this.appId, this.apiBase, this.tokenUrl, this.userId, this.userEmail]);
      if (key !== this.setupKey || changed.has('getToken') || changed.has('fetch')) this.teardown();
    }
    this.ensureSession();
    this.streaming = this.session?.streaming ?? false;
  }

  protected override firstUpdated(): void {
    this.startWhenReady();
  }

  protected override updated(changed: PropertyValues): void {
    this.startWhenReady();
    this.announceCompleted();
    const items = this.session?.items.length ?? 0;
    if (items > this.renderedItems) this.follow.itemsAdded(items - this.renderedItems);
    this.renderedItems = items;
    if (changed.has('open') && this.open) {
      this.unread = 0;
      if (this.focusOnOpen) this.textarea?.focus();
      this.focusOnOpen = false;
      this.follow.jumpToLatest(false);
    }
  }

  /** The conversation starts when the panel is first shown, so the greeting is there on open. */
  private startWhenReady(): void {
    if (!this.panelOpen) return;
    const session = this.ensureSession();
    if (session && !session.started && !session.busy && !session.error) void session.start();
  }

  private ensureSession(): ConversationSession | undefined {
    if (this.session) return this.session;
    if (!this.isConnected || !this.appId || (!this.tokenUrl && !this.getToken)) return undefined;
    const getToken = this.getToken;
    this.tokens = createTokenSource(getToken ? { getToken: () => getToken() } : { tokenUrl: this.tokenUrl, fetch: this.fetch });
    const client = new AlliClient({
      appId: this.appId,
      apiBase: this.apiBase || undefined,
      tokenSource: this.tokens,
      fetch: withBodyActivity(this.fetch, () => this.session?.noteActivity()),
      userId: this.userId || undefined,
      userEmail: this.userEmail || undefined,
    });
    this.setupKey = JSON.stringify([this.appId, this.apiBase, this.tokenUrl, this.userId, this.userEmail]);
    this.session = new ConversationSession(client, {
      ...this.sessionOptions(),
      onChange: () => this.scheduleRender(),
      onStreamStart: () => {
        this.announce(this.strings.replying);
        this.dispatchEvent(new AlliStreamStartEvent(this.session?.conversationId));
      },
      onStreamEnd: (reason, turn) => {
        this.selected = [];
        if (turn?.content.kind === 'form' && turn.status !== 'failed' && !this.refusedFormTurns.has(turn.id)) {
          const ui = this.forms.get(turn.content.nodeId);
          if (ui) ui.submitted = turn.content.values;
        }
        this.dispatchEvent(new AlliStreamEndEvent(reason, this.session?.conversationId));
      },
      onNodeComplete: (node) => {
        if (this.panelOpen) this.toAnnounce.push(node.id);
        else this.unread += 1;
        this.dispatchEvent(new AlliMessageReceiveEvent(node));
      },
      onConversationChange: (id) => this.dispatchEvent(new AlliConversationChangeEvent(id)),
      onUploadProgress: (turn, { sent, total }) => {
        const files = turn.content.kind === 'text' ? (turn.content.files ?? []) : [];
        this.dispatchEvent(new AlliFileUploadEvent(files, sent, total));
      },
      onError: (error, turn) => {
        if (error.code === 'FORM_INVALID' && turn?.content.kind === 'form') this.formRefused(turn.id, turn.content.nodeId, error);
        else this.alert = this.describeError(error);
        this.dispatchEvent(new AlliErrorEvent(error));
      },
    });
    return this.session;
  }

  // ——— faults: reloads and identity, offline outbox, automatic resends ———

  /**
   * Signs the visitor out of the chat: forgets the token and every conversation this app
   * remembered in this browser, and starts a new conversation (with whoever the token route
   * says is signed in now).
   */
  async logout(): Promise<void> {
    this.forgetStoredConversations();
    this.draft = '';
    this.selected = [];
    this.teardown();
    this.requestUpdate();
    await this.updateComplete;
  }

  private sessionOptions(): SessionOptions {
    const resilience = this.resilience ?? {};
    return {
      idleTimeoutMs: resilience.idleTimeoutMs,
      retry: resilience.retry,
      online: this.connectivity.online,
      memory: this.conversationMemory(),
      onRetryScheduled: (notice) => this.announce(this.strings.retryingIn(Math.max(1, Math.ceil((notice.at - Date.now()) / 1000)))),
    };
  }

  /**
   * The conversation id kept per app and per user (the `user-id` attribute, else the user the
   * token names). Read once per session: a different user or app is a different session.
   */
  private conversationMemory(): ConversationMemory {
    const appId = this.appId;
    const userId = this.userId;
    const tokens = this.tokens;
    const mode = () => parsePersistMode(this.persist);
    const key = async (): Promise<string | undefined> => {
      if (mode() === 'none') return undefined;
      const user = userId || (tokens ? (await tokens.get()).userId : undefined) || '';
      return conversationKey(appId, user);
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
    if (!this.appId) return;
    for (const mode of ['session', 'local'] as const) new ConversationStore(storageFor(mode)).removeApp(this.appId);
  }

  private onConnectivity(online: boolean): void {
    this.session?.setOnline(online);
    if (online) this.tokens?.revalidate();
    this.requestUpdate();
  }

  /** A fault-specific message, or undefined for the general one. */
  private describeFault(error: AlliError): string | undefined {
    const s = this.strings;
    if (error.code === 'STALLED') return s.errorStalled;
    if (error.code === 'CONNECTION_LOST') return s.errorConnectionLost;
    if (isTransientTokenError(error)) return s.errorTokenUnavailable;
    // A proxy's error page: its words as plain text (bodyExcerpt has no tags), never its HTML.
    if (error.kind === 'server' && error.bodyExcerpt) {
      const status = error.status && !error.bodyExcerpt.includes(String(error.status)) ? `${error.status} ` : '';
      return s.errorServerDetail(`${status}${error.bodyExcerpt}`);
    }
    // Online, a failed request is a lost connection, not "you seem to be offline".
    if (error.kind === 'network' && this.connectivity.online) return s.errorConnectionLost;
    return undefined;
  }

  private turnWaiting(turn: UserTurn, session: ConversationSession): boolean {
    return turn.status === 'queued' || (turn.status === 'sending' && session.retryNotice?.turnId === turn.id);
  }

  private renderTurnWaiting(turn: UserTurn, session: ConversationSession): TemplateResult {
    const s = this.strings;
    const notice = session.retryNotice;
    if (turn.status === 'sending' && notice) {
      return html`<div class="meta retrying">${s.retryingIn(Math.max(1, Math.ceil((notice.at - Date.now()) / 1000)))}</div>`;
    }
    return html`<div class="meta queued">${session.online ? s.waitingToSend : s.waitingForConnection}</div>`;
  }

  private renderFaultBanner(session: ConversationSession | undefined): TemplateResult | undefined {
    const s = this.strings;
    if (!this.connectivity.online) return html`<div class="banner offline" role="status"><span>${s.offlineBanner}</span></div>`;
    const notice = session?.retryNotice;
    if (notice && notice.turnId === undefined) {
      return html`<div class="banner retrying" role="status">
        <span>${s.retryingIn(Math.max(1, Math.ceil((notice.at - Date.now()) / 1000)))}</span>
      </div>`;
    }
    return undefined;
  }

  private teardown(): void {
    this.session?.dispose();
    this.tokens?.dispose();
    this.session = undefined;
    this.tokens = undefined;
    this.streaming = false;
  }

  /** Coalesces session changes to one render per animation frame. */
  private scheduleRender(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.requestUpdate();
    });
  }

  /**
   * Announces finished messages from the text already rendered in their bubbles: a long answer
   * is not parsed and sanitized a second time just to be read out.
   */
  private announceCompleted(): void {
    if (this.toAnnounce.length === 0) return;
    const texts = this.toAnnounce.map((id) => {
      const bubble = this.renderRoot.querySelector(`.message[data-node="${CSS.escape(id)}"] .bubble`);
      return (bubble?.textContent ?? '').replace(/\s+/g, ' ').trim();
    });
    this.toAnnounce = [];
    const text = texts.filter(Boolean).join(' ');
    if (text) this.announce(announcementOf(text, this.strings.continuesInTranscript));
  }

  private announce(text: string): void {
    // Re-setting the same text would not be spoken again; a zero-width change makes it new.
    this.announcement = this.announcement === text ? `${text}\u200b` : text;
  }

  private describeError(error: AlliError): string {
    const fault = this.describeFault(error);
    if (fault) return fault;
    const s = this.strings;
    switch (error.kind) {
      case 'network':
        return s.errorNetwork;
      case 'unauthorized':
      case 'token':
        return s.errorSignIn;
      case 'rate-limited':
        return s.errorRateLimited(Math.ceil((error.retryAfterMs ?? 5000) / 1000));
      case 'server':
        return s.errorServer;
      default:
        return error.message || s.errorGeneric;
    }
  }

  private async submit(content: UserContent, { wait = false } = {}): Promise<void> {
    const session = this.ensureSession();
    if (!session) return;
    // The composer cannot send while a turn is in flight; a host's send() waits its turn instead.
    if (session.busy && wait) await session.whenIdle();
    if (session.busy || session !== this.session) return;
    const event = new AlliMessageSendEvent(content);
    if (!this.dispatchEvent(event)) return;
    this.alert = '';
    this.follow.jumpToLatest(false);
    await session.send(content);
  }

  private onSubmit(e: Event): void {
    e.preventDefault();
    const text = this.draft.trim();
    const files = [...this.attachments];
    if ((!text && files.length === 0) || this.session?.busy || this.composing) return;
    this.draft = '';
    this.attachments = [];
    this.fileNotices = [];
    this.revokeThumbnails(files);
    void this.submit(files.length ? { kind: 'text', text, files } : { kind: 'text', text });
  }

  /** Adds files from the picker, a drop or a paste, refusing (with a message each) what breaks a limit. */
  addFiles(incoming: Iterable<File>): void {
    const limits = { accept: this.accept, maxBytes: this.maxFileSize, maxFiles: this.maxFiles };
    const { accepted, refused } = checkFiles([...incoming], limits, this.attachments.length);
    this.attachments = [...this.attachments, ...accepted];
    this.fileNotices = refused.map((r) => this.refusalMessage(r));
    if (refused.length) this.alert = this.fileNotices.join(' ');
  }

  private refusalMessage({ file, reason }: FileRefusal): string {
    const s = this.strings;
    const name = middleTruncate(file.name || 'file', 48);
    switch (reason) {
      case 'type':
        return s.fileRefusedType(name, this.accept.split(',').map((t) => t.trim()).join(', '));
      case 'size':
        return s.fileRefusedSize(name, formatBytes(this.maxFileSize, this.locale));
      case 'count':
        return s.fileRefusedCount(name, this.maxFiles);
      case 'empty':
        return s.fileRefusedEmpty(name);
    }
  }

  private removeAttachment(file: File): void {
    this.attachments = this.attachments.filter((f) => f !== file);
    this.revokeThumbnails([file]);
    this.textarea?.focus();
  }

  /**
   * A small `data:` thumbnail for an attached image, drawn on a canvas: an object URL would need
   * `blob:` in the host's `img-src`, a `data:` image is allowed by the strict policy we document.
   */
  private thumbnailFor(file: File): string | undefined {
    if (!/^image\/(png|jpe?g|gif|webp|avif|bmp)$/i.test(file.type)) return undefined;
    const known = this.thumbnails.get(file);
    if (known !== undefined) return known || undefined;
    this.thumbnails.set(file, ''); // being drawn
    void drawThumbnail(file, 56).then((url) => {
      if (!this.thumbnails.has(file)) return; // removed meanwhile
      this.thumbnails.set(file, url ?? '');
      this.requestUpdate();
    });
    return undefined;
  }

  private revokeThumbnails(files: readonly File[]): void {
    for (const file of files) this.thumbnails.delete(file);
  }

  private get attachAllowed(): boolean {
    return this.maxFiles > 0;
  }

  private onFileInput(e: Event): void {
    const input = e.target as HTMLInputElement;
    if (input.files) this.addFiles(input.files);
    input.value = '';
  }

  private onPaste(e: ClipboardEvent): void {
    const files = e.clipboardData?.files;
    if (!this.attachAllowed || !files || files.length === 0) return;
    e.preventDefault();
    this.addFiles(files);
  }

  private hasFiles(e: DragEvent): boolean {
    return !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');
  }

  private onDragEnter(e: DragEvent): void {
    if (!this.attachAllowed || !this.hasFiles(e)) return;
    e.preventDefault();
    this.dragDepth += 1;
    this.dragging = true;
  }

  private onDragOver(e: DragEvent): void {
    if (!this.attachAllowed || !this.hasFiles(e)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
  }

  private onDragLeave(): void {
    this.dragDepth = Math.max(0, this.dragDepth - 1);
    if (this.dragDepth === 0) this.dragging = false;
  }

  private onDrop(e: DragEvent): void {
    if (!this.attachAllowed || !this.hasFiles(e)) return;
    e.preventDefault();
    this.dragDepth = 0;
    this.dragging = false;
    if (e.dataTransfer?.files.length) this.addFiles(e.dataTransfer.files);
  }

  private onKeydown(e: KeyboardEvent): void {
    if (e.key !== 'Enter' || e.shiftKey) return;
    // IME: Enter that confirms a Korean/Japanese composition must not send half a word.
    if (e.isComposing || this.composing || e.keyCode === 229) return;
    e.preventDefault();
    this.onSubmit(e);
  }

  private onInput(e: Event): void {
    this.draft = (e.target as HTMLTextAreaElement).value;
  }

  private onPanelKeydown(e: KeyboardEvent): void {
    if (e.key === 'Escape' && this.isLauncher && this.open && !e.defaultPrevented) {
      e.stopPropagation();
      this.close();
    }
  }

  /** Arrow keys move between the options of one group (one tab stop per group). */
  private onOptionKeydown(e: KeyboardEvent, nodeId: string, count: number): void {
    const rtl = getComputedStyle(this).direction === 'rtl';
    const forward = rtl ? 'ArrowLeft' : 'ArrowRight';
    const backward = rtl ? 'ArrowRight' : 'ArrowLeft';
    const current = this.optionFocus[nodeId] ?? 0;
    let next: number;
    if (e.key === forward || e.key === 'ArrowDown') next = (current + 1) % count;
    else if (e.key === backward || e.key === 'ArrowUp') next = (current - 1 + count) % count;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = count - 1;
    else return;
    e.preventDefault();
    this.optionFocus = { ...this.optionFocus, [nodeId]: next };
    const group = (e.currentTarget as HTMLElement).closest('.options');
    group?.querySelectorAll<HTMLButtonElement>('.option')[next]?.focus();
  }

  private timeOf(createdAt: number): TemplateResult | typeof nothing {
    // Dates outside what Date can hold (±8.64e15 ms) would throw when formatted.
    if (!Number.isFinite(createdAt) || createdAt <= 0 || createdAt > 8.64e15) return nothing;
    const locale = this.locale;
    let format = AlliChatElement.timeFormats.get(locale);
    if (!format) {
      try {
        format = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' });
      } catch {
        format = new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit' });
      }
      AlliChatElement.timeFormats.set(locale, format);
    }
    const date = new Date(createdAt);
    return html`<time datetime=${date.toISOString()}>${format.format(date)}</time>`;
  }

  private chooseOption(nodeId: string, options: readonly ChatOptionInfo[], index: number, multiple: boolean): void {
    if (multiple) {
      this.selected = this.selected.includes(index) ? this.selected.filter((i) => i !== index) : [...this.selected, index].sort((a, b) => a - b);
      return;
    }
    this.sendChoices(nodeId, options, [index]);
  }

  private sendChoices(nodeId: string, options: readonly ChatOptionInfo[], indices: readonly number[]): void {
    if (indices.length === 0) return;
    this.dispatchEvent(new AlliOptionSelectEvent(indices, indices.map((i) => options[i])));
    const labels = indices.map((i) => options[i].longOption || options[i].shortenOption);
    void this.submit({ kind: 'choices', nodeId, choices: [...indices], labels });
  }

  private openLinkOption(option: ChatOptionInfo): boolean {
    let url: string | undefined;
    try {
      const meta = JSON.parse(option.meta) as { url?: unknown };
      url = typeof meta.url === 'string' ? safeUrl(meta.url, 'link') : undefined;
    } catch {
      url = undefined;
    }
    if (!url) return false;
    window.open(url, '_blank', 'noopener,noreferrer');
    return true;
  }

  protected override render(): TemplateResult {
    const s = this.strings;
    const session = this.session;
    const mode: InputMode = session?.inputMode ?? { kind: 'text' };
    const empty = !session || session.items.length === 0;
    return html`
      ${this.isLauncher ? this.renderLauncher() : nothing}
      <section
        id="panel"
        class="panel ${this.dragging ? 'dragging' : ''}"
        part="panel"
        role=${this.isLauncher ? 'dialog' : 'region'}
        aria-label=${s.title}
        ?hidden=${!this.panelOpen}
        @keydown=${this.onPanelKeydown}
        @dragenter=${this.onDragEnter}
        @dragover=${this.onDragOver}
        @dragleave=${this.onDragLeave}
        @drop=${this.onDrop}
      >
        ${this.dragging ? html`<div class="drop-hint" aria-hidden="true">${s.dropFilesHere}</div>` : nothing}
        <header class="header" part="header">
          <h2 class="title" part="title"><slot name="logo"></slot><slot name="title">${s.title}</slot></h2>
          <button class="ghost new" part="new-conversation-button" type="button" @click=${() => void this.reset()} ?disabled=${!session}>
            ${s.newConversation}
          </button>
          ${this.isLauncher
            ? html`<button class="icon-button close" part="close-button" type="button" aria-label=${s.close} title=${s.close} @click=${() => this.close()}>
                <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
                  <path d="M6 6l12 12M18 6L6 18" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
                </svg>
              </button>`
            : nothing}
        </header>
        <div class="messages" part="messages" role="log" aria-live="off" aria-label=${s.transcriptLabel} tabindex="0">
          <div class="transcript">
            ${empty ? html`<div class="empty" part="empty"><slot name="empty">${s.emptyState}</slot></div>` : nothing}
            ${session
              ? repeat(
                  session.items,
                  (item) => (item.kind === 'user' ? item.turn.id : `bot:${item.id}`),
                  (item) => this.renderItem(item, session, mode),
                )
              : nothing}
            ${session && this.awaitingReply(session)
              ? html`<div class="message bot" part="message">
                  <div class="bubble" part="bubble"><span class="typing"><i></i><i></i><i></i><span class="sr-only">${s.loading}</span></span></div>
                </div>`
              : nothing}
          </div>
        </div>
        ${!this.follow.following && this.follow.unseen > 0
          ? html`<button class="jump" part="jump-button" type="button" @click=${() => this.follow.jumpToLatest()}>${s.jumpToLatest(this.follow.unseen)}</button>`
          : nothing}
        ${this.renderBanners(session, mode)} ${this.renderComposer(session, mode)}
        <div class="sr-only" aria-live="polite" aria-atomic="true">${this.announcement}</div>
        <div class="sr-only" role="alert" aria-atomic="true">${this.alert}</div>
      </section>
    `;
  }

  private renderLauncher(): TemplateResult {
    const s = this.strings;
    const label = this.unread > 0 ? s.openChatUnread(this.unread) : this.open ? s.closeChat : s.openChat;
    return html`<button
      class="launcher"
      part="launcher"
      type="button"
      aria-label=${label}
      title=${label}
      aria-expanded=${this.open ? 'true' : 'false'}
      aria-controls="panel"
      @click=${() => this.toggle()}
    >
      <slot name="launcher-icon">
        ${this.open
          ? html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M6 9l6 6 6-6" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round" /></svg>`
          : html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
              <path d="M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.2 3.6c-.5.4-1.3.1-1.3-.6V16H6.5A2.5 2.5 0 0 1 4 13.5z" fill="currentColor" />
            </svg>`}
      </slot>
      ${this.unread > 0 ? html`<span class="badge" part="badge" aria-hidden="true">${this.unread > 99 ? '99+' : this.unread}</span>` : nothing}
    </button>`;
  }

  /** A turn is in flight and no part of the reply is on screen yet. */
  private awaitingReply(session: ConversationSession): boolean {
    if (session.phase === 'sending' || session.phase === 'starting') return true;
    if (session.phase !== 'streaming') return false;
    const last = session.items[session.items.length - 1];
    return last === undefined || last.kind === 'user';
  }

  private renderItem(item: TranscriptItem, session: ConversationSession, mode: InputMode): TemplateResult | typeof nothing {
    if (item.kind === 'user') return this.refusedFormTurns.has(item.turn.id) ? nothing : this.renderUserTurn(item.turn, session);
    const node = session.node(item.id);
    return node ? this.renderBotNode(node, session, mode) : nothing;
  }

  private renderUserTurn(turn: UserTurn, session: ConversationSession): TemplateResult {
    const s = this.strings;
    const content = turn.content;
    const text = content.kind === 'text' ? content.text : content.kind === 'choices' ? content.labels.join(', ') : content.summary;
    const files = content.kind === 'form' ? [] : content.kind === 'text' ? (content.files ?? []) : [];
    const uploading = turn.status === 'sending' && files.length > 0 && session.phase === 'sending';
    return html`
      <div class="message user ${turn.status}" part="message user-message" data-turn=${turn.id}>
        <span class="sr-only">${s.you}:</span>
        ${text ? html`<div class="bubble" part="bubble">${text}</div>` : nothing}
        ${files.length ? this.renderFileList(files) : nothing}
        ${uploading ? this.renderUploadProgress(turn, session) : nothing}
        ${turn.status === 'failed'
          ? html`<div class="meta" role="status">
              <span>${s.notSent}${turn.error ? ` — ${this.describeError(turn.error)}` : ''}</span>
              <button class="ghost retry" type="button" ?disabled=${session.busy} @click=${() => void session.retry(turn.id)}>${s.retry}</button>
            </div>`
          : this.turnWaiting(turn, session)
            ? this.renderTurnWaiting(turn, session)
          : turn.status === 'sending' && !uploading
            ? html`<div class="meta">${s.sending}</div>`
            : html`<div class="meta">${this.timeOf(turn.createdAt)}</div>`}
      </div>
    `;
  }

  private renderFileList(files: readonly File[]): TemplateResult {
    const s = this.strings;
    return html`<ul class="file-list" aria-label=${s.attachments}>
      ${files.map(
        (f) => html`<li class="file-chip" title=${f.name}>
          <span class="file-name">${middleTruncate(f.name || 'file', 40)}</span>
          <span class="file-size">${formatBytes(f.size, this.locale)}</span>
        </li>`,
      )}
    </ul>`;
  }

  private renderUploadProgress(turn: UserTurn, session: ConversationSession): TemplateResult {
    const s = this.strings;
    const { sent = 0, total = 0 } = turn.upload ?? {};
    const percent = total > 0 ? Math.min(100, Math.floor((sent / total) * 100)) : 0;
    return html`<div class="upload">
      <progress max="100" .value=${percent} aria-label=${s.uploading(percent)}></progress>
      <span class="upload-label" aria-hidden="true">${s.uploading(percent)}</span>
      <button class="ghost cancel-upload" type="button" @click=${() => session.cancel()}>${s.cancelUpload}</button>
    </div>`;
  }

  private renderBotFiles(files: readonly BotFile[]): TemplateResult {
    const s = this.strings;
    return html`<ul class="file-list bot-files" aria-label=${s.attachments}>
      ${files.map((f) => {
        const href = f.url ? safeUrl(f.url, 'link') : undefined;
        const name = middleTruncate(typeof f.name === 'string' && f.name ? f.name : 'file', 48);
        const details = [typeof f.mimeType === 'string' ? f.mimeType : '', typeof f.size === 'number' ? formatBytes(f.size, this.locale) : '']
          .filter(Boolean)
          .join(' · ');
        return html`<li class="file-chip">
          ${href
            ? html`<a href=${href} target="_blank" rel="noopener noreferrer" referrerpolicy="no-referrer" download=${f.name || ''}
                ><span class="file-name">${name}</span><span class="sr-only"> ${s.download}</span></a
              >`
            : html`<span class="file-name">${name}</span>`}
          ${details ? html`<span class="file-size">${details}</span>` : nothing}
        </li>`;
      })}
    </ul>`;
  }

  private renderAttachments(): TemplateResult | typeof nothing {
    const s = this.strings;
    if (this.attachments.length === 0 && this.fileNotices.length === 0) return nothing;
    return html`
      ${this.fileNotices.length
        ? html`<ul class="file-notices">
            ${this.fileNotices.map((n) => html`<li>${n}</li>`)}
          </ul>`
        : nothing}
      ${this.attachments.length
        ? html`<ul class="attachments" aria-label=${s.attachments}>
            ${this.attachments.map((file) => {
              const thumb = this.thumbnailFor(file);
              return html`<li class="file-chip" title=${file.name}>
                ${thumb ? html`<img class="thumb" src=${thumb} alt="" />` : nothing}
                <span class="file-name">${middleTruncate(file.name || 'file', 28)}</span>
                <span class="file-size">${formatBytes(file.size, this.locale)}</span>
                <button class="remove-file" type="button" aria-label=${s.removeFile(file.name)} @click=${() => this.removeAttachment(file)}>×</button>
              </li>`;
            })}
          </ul>`
        : nothing}
    `;
  }

  private renderBotNode(node: ViewNode, session: ConversationSession, mode: InputMode): TemplateResult {
    const s = this.strings;
    const steps = session.view.steps[node.id] ?? [];
    const streamingNow = !node.completed && !node.interrupted;
    const hasText = node.message !== '';
    return html`
      <div class="message bot" part="message bot-message" data-node=${node.id}>
        <span class="sr-only">${s.bot}:</span>
        ${steps.length
          ? html`<ul class="steps" aria-label="Progress">
              ${steps.map((step) => html`<li class=${step.completed ? 'done' : 'active'}>${step.statusMessage || step.markdownMessage || step.key}</li>`)}
            </ul>`
          : nothing}
        ${hasText || !streamingNow
          ? html`<div class="bubble" part="bubble" aria-busy=${streamingNow ? 'true' : 'false'} ${messageBody(node)}></div>`
          : html`<div class="bubble" part="bubble"><span class="typing"><i></i><i></i><i></i><span class="sr-only">${s.replying}</span></span></div>`}
        ${node.interrupted ? html`<div class="notice">${s.interrupted}</div>` : nothing}
        ${node.completed ? html`<div class="meta">${this.timeOf(node.createdAt)}</div>` : nothing}
        ${node.form && node.completed ? this.renderNodeForm(node.id, node.form, mode, session) : nothing}
        ${Array.isArray(node.files) && node.files.length ? this.renderBotFiles(node.files) : nothing}
        ${node.citations?.length ? this.renderCitations(node.citations) : nothing}
        ${node.chatOptionInfos?.length && node.completed ? this.renderOptionButtons(node, mode, session) : nothing}
      </div>
    `;
  }

  private renderCitations(citations: readonly Citation[]): TemplateResult {
    const s = this.strings;
    return html`
      <ol class="citations" aria-label=${s.sources}>
        ${citations.map((c) => {
          const label = c.title || c.url || c.clueId;
          const page = typeof c.pageNo === 'number' && Number.isFinite(c.pageNo) ? ` (${s.page(c.pageNo)})` : '';
          const href = c.url ? safeUrl(c.url, 'link') : undefined;
          return html`<li>
            ${href
              ? html`<a href=${href} target="_blank" rel="noopener noreferrer" referrerpolicy="no-referrer">${label}<span class="sr-only"> ${s.opensInNewTab}</span></a>`
              : label}${page}
          </li>`;
        })}
      </ol>
    `;
  }

  private renderOptionButtons(node: ViewNode, mode: InputMode, session: ConversationSession): TemplateResult {
    const s = this.strings;
    const options = node.chatOptionInfos ?? [];
    const active = mode.kind === 'options' && mode.nodeId === node.id && !session.busy;
    const multiple = !!node.multipleOption;
    const chosen = this.chosenFor(node.id, session);
    return html`
      <div class="options" part="options" role="group" aria-label=${s.optionsLabel(options.length)}>
        ${options.map((option, index) => {
          const pressed = multiple && active ? this.selected.includes(index) : undefined;
          const wasChosen = chosen.includes(index);
          const tabStop = (this.optionFocus[node.id] ?? 0) === index;
          return html`<button
            class="option ${wasChosen ? 'chosen' : ''}"
            part="option"
            type="button"
            title=${option.longOption || option.shortenOption}
            tabindex=${tabStop ? '0' : '-1'}
            aria-pressed=${pressed === undefined ? (wasChosen ? 'true' : nothing) : String(pressed)}
            ?disabled=${!active}
            ${cssProperties(optionStyleProperties(option.style))}
            @keydown=${(e: KeyboardEvent) => this.onOptionKeydown(e, node.id, options.length)}
            @focus=${() => {
              if (!tabStop) this.optionFocus = { ...this.optionFocus, [node.id]: index };
            }}
            @click=${() => {
              if (this.openLinkOption(option)) return;
              this.chooseOption(node.id, options, index, multiple);
            }}
          >
            ${option.shortenOption || option.longOption}${wasChosen ? html`<span class="sr-only"> (${s.chosen})</span>` : nothing}
          </button>`;
        })}
        ${multiple && active
          ? html`<button class="ghost confirm" type="button" ?disabled=${this.selected.length === 0} @click=${() => this.sendChoices(node.id, options, this.selected)}>
              ${s.confirmChoices}
            </button>`
          : nothing}
      </div>
    `;
  }

  private formUi(nodeId: string, form: FormDefinition): FormUi {
    let ui = this.forms.get(nodeId);
    if (!ui) {
      ui = { draft: initialDraft(form), errors: {} };
      this.forms.set(nodeId, ui);
    }
    return ui;
  }

  private renderNodeForm(nodeId: string, form: FormDefinition, mode: InputMode, session: ConversationSession): TemplateResult {
    const ui = this.formUi(nodeId, form);
    const active = mode.kind === 'form' && mode.nodeId === nodeId;
    const submitting = active && session.busy && this.lastUserTurn(session)?.content.kind === 'form';
    const state: FormViewState = active ? (submitting ? 'submitting' : 'editing') : ui.submitted ? 'submitted' : 'readonly';
    const idPrefix = `form-${session.view.positions.get(nodeId) ?? 0}`;
    return renderForm({
      form,
      draft: ui.draft,
      errors: ui.errors,
      formError: ui.formError,
      state,
      submittedValues: ui.submitted,
      strings: this.strings,
      idPrefix,
      locale: this.locale,
      onInput: (name: string, value: FieldDraft) => {
        ui.draft = { ...ui.draft, [name]: value };
        ui.errors = withoutError(ui.errors, name);
        const field = form.fields.find((f) => f.name === name);
        // Files are checked as soon as they are chosen: a refused file is named at once.
        if (field?.type === 'file') {
          const error = validateField(field, value, this.strings, this.locale);
          if (error) ui.errors = { ...ui.errors, [name]: error };
        }
        this.requestUpdate();
      },
      onSubmit: () => void this.submitForm(nodeId, form, ui, idPrefix),
    });
  }

  private async submitForm(nodeId: string, form: FormDefinition, ui: FormUi, idPrefix: string): Promise<void> {
    if (this.session?.busy) return;
    const s = this.strings;
    const errors = validateForm(form, ui.draft, s, this.locale);
    const count = Object.keys(errors).length;
    ui.errors = errors;
    ui.formError = count ? s.formFixErrors(count) : undefined;
    if (count) {
      this.requestUpdate();
      await this.updateComplete;
      focusFirstInvalid(this.renderRoot, idPrefix);
      return;
    }
    const { values, files } = toSendFormInput(form, ui.draft);
    this.requestUpdate();
    await this.submit({ kind: 'form', nodeId, values, files, summary: summarizeForm(form, values, s, this.locale) });
  }

  /** The server refused a form (FORM_INVALID): its messages go beside the fields; nothing typed is lost. */
  private formRefused(turnId: string, nodeId: string, error: AlliError): void {
    this.refusedFormTurns.add(turnId);
    const node = this.session?.node(nodeId);
    const ui = node?.form ? this.formUi(nodeId, node.form) : undefined;
    if (!ui || !node?.form) return;
    const { errors, other } = serverFieldErrors(node.form, error.fields);
    ui.errors = { ...ui.errors, ...errors };
    ui.formError = other.join(' ') || error.message;
    this.alert = ui.formError;
    const idPrefix = `form-${this.session?.view.positions.get(nodeId) ?? 0}`;
    void this.updateComplete.then(() => focusFirstInvalid(this.renderRoot, idPrefix));
  }

  private lastUserTurn(session: ConversationSession): UserTurn | undefined {
    for (let i = session.items.length - 1; i >= 0; i--) {
      const item = session.items[i];
      if (item.kind === 'user') return item.turn;
    }
    return undefined;
  }

  private chosenFor(nodeId: string, session: ConversationSession): readonly number[] {
    for (const item of session.items) {
      if (item.kind === 'user' && item.turn.status === 'sent' && item.turn.content.kind === 'choices' && item.turn.content.nodeId === nodeId) {
        return item.turn.content.choices;
      }
    }
    return [];
  }

  private renderBanners(session: ConversationSession | undefined, mode: InputMode): TemplateResult | typeof nothing {
    const s = this.strings;
    if (session?.error) {
      return html`<div class="banner error" role="status">
        <span>${this.describeError(session.error)}</span>
        <button class="ghost" type="button" @click=${() => { session.dismissError(); void session.start(); }}>${s.retry}</button>
      </div>`;
    }
    const faultBanner = this.renderFaultBanner(session);
    if (faultBanner) return faultBanner;
    if (mode.kind === 'ended') {
      return html`<div class="banner ended" role="status">
        <span>${s.ended}</span>
        <button class="ghost start-over" type="button" @click=${() => void this.reset()}>${s.startOver}</button>
      </div>`;
    }
    if (mode.kind === 'agent') return html`<div class="banner agent" role="status"><span>${s.waitAgent}</span></div>`;
    return nothing;
  }

  private renderComposer(session: ConversationSession | undefined, mode: InputMode): TemplateResult | typeof nothing {
    const s = this.strings;
    if (mode.kind === 'ended') return nothing;
    const busy = session?.busy ?? true;
    const textAllowed = mode.kind === 'text' || mode.kind === 'agent' || ((mode.kind === 'options' || mode.kind === 'form') && mode.allowText);
    const rows = Math.min(6, Math.max(1, this.draft.split('\n').length));
    const empty = this.draft.trim() === '' && this.attachments.length === 0;
    return html`
      ${textAllowed ? this.renderAttachments() : nothing}
      <form class="composer" part="composer" @submit=${this.onSubmit}>
        ${this.attachAllowed && textAllowed
          ? html`<button class="attach" part="attach-button" type="button" aria-label=${s.attach} title=${s.attach} @click=${() => this.fileInput?.click()}>
                <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                  <path
                    fill="none"
                    stroke="currentColor"
                    stroke-width="2"
                    stroke-linecap="round"
                    d="M21 11.5l-8.5 8.5a5 5 0 0 1-7-7L14 4.5a3.5 3.5 0 0 1 5 5L10.5 18a2 2 0 0 1-3-3L15 7.5"
                  />
                </svg>
              </button>
              <input class="attach-input" type="file" multiple accept=${this.accept || nothing} hidden tabindex="-1" @change=${this.onFileInput} />`
          : nothing}
        <textarea
          part="input"
          rows=${rows}
          aria-label=${s.inputLabel}
          placeholder=${textAllowed ? s.inputPlaceholder : s.inputPlaceholderChoose}
          .value=${this.draft}
          ?disabled=${!textAllowed}
          @input=${this.onInput}
          @keydown=${this.onKeydown}
          @paste=${this.onPaste}
          @compositionstart=${() => (this.composing = true)}
          @compositionend=${() => (this.composing = false)}
        ></textarea>
        ${session?.streaming
          ? html`<button class="stop" part="stop-button" type="button" ?disabled=${session.stopRequested} @click=${() => session.stop()}>${s.stop}</button>`
          : html`<button class="send" part="send-button" type="submit" ?disabled=${busy || !textAllowed || empty || this.composing}>${s.send}</button>`}
      </form>
    `;
  }
}

interface FormUi {
  draft: FormDraft;
  errors: FormErrors;
  formError?: string;
  /** What the server accepted, for the read-only summary. */
  submitted?: SendFormInput;
}

/** Longest text read out at once: past it, the rest is in the transcript, one keystroke away. */
const ANNOUNCE_MAX = 2000;

function announcementOf(text: string, more: string): string {
  if (text.length <= ANNOUNCE_MAX) return text;
  const cut = text.lastIndexOf(' ', ANNOUNCE_MAX);
  return `${text.slice(0, cut > ANNOUNCE_MAX / 2 ? cut : ANNOUNCE_MAX)}… ${more}`;
}

/** A square, centre-cropped PNG of an image file as a `data:` URL, or undefined if it cannot be decoded. */
async function drawThumbnail(file: File, size: number): Promise<string | undefined> {
  let bitmap: ImageBitmap | undefined;
  try {
    bitmap = await createImageBitmap(file);
    const side = Math.min(bitmap.width, bitmap.height);
    const canvas = document.createElement('canvas');
    canvas.width = size;
    canvas.height = size;
    const context = canvas.getContext('2d');
    if (!context || side === 0) return undefined;
    context.drawImage(bitmap, (bitmap.width - side) / 2, (bitmap.height - side) / 2, side, side, 0, 0, size, size);
    return canvas.toDataURL('image/png');
  } catch {
    return undefined; // not an image the browser can decode: the chip shows its name only
  } finally {
    bitmap?.close();
  }
}
