import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { createTokenSource, type TokenSource } from '../auth/token-source.js';
import {
  ConversationSession,
  type InputMode,
  type TranscriptItem,
  type UserContent,
  type UserTurn,
} from '../controllers/conversation-session.js';
import { localeFor, stringsFor, type AlliChatStrings } from '../i18n/strings.js';
import { AlliClient } from '../protocol/client.js';
import { AlliError } from '../protocol/errors.js';
import type { ChatOptionInfo, Citation, TokenGrant } from '../protocol/types.js';
import { safeUrl } from '../render/sanitize.js';
import type { ViewNode } from '../stream/reducer.js';
import { alliChatStyles } from './alli-chat.styles.js';
import {
  AlliConversationChangeEvent,
  AlliErrorEvent,
  AlliMessageReceiveEvent,
  AlliMessageSendEvent,
  AlliOptionSelectEvent,
  AlliStreamEndEvent,
  AlliStreamStartEvent,
} from './events.js';
import { messageBody } from './message-body.directive.js';
import { cssProperties } from './css-properties.directive.js';
import { optionStyleProperties } from './option-style.js';
import { plainText } from './plain-text.js';

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
 *
 * @csspart panel - The chat panel.
 * @csspart header - The header with the title and the new-conversation action.
 * @csspart messages - The transcript.
 * @csspart message - One message (user or bot).
 * @csspart bubble - A message's bubble.
 * @csspart options - A group of option buttons.
 * @csspart option - One option button.
 * @csspart composer - The input area.
 * @csspart input - The text box.
 * @csspart send-button - The send button.
 *
 * @cssprop --alli-chat-accent - Accent colour (buttons, user bubbles).
 * @cssprop --alli-chat-accent-text - Text on the accent colour.
 * @cssprop --alli-chat-surface - Panel background.
 * @cssprop --alli-chat-surface-alt - Secondary background (bot bubbles, banners).
 * @cssprop --alli-chat-text - Main text colour.
 * @cssprop --alli-chat-text-muted - Secondary text colour.
 * @cssprop --alli-chat-border - Border colour.
 * @cssprop --alli-chat-danger - Error colour.
 * @cssprop --alli-chat-font - Font family.
 * @cssprop --alli-chat-radius - Corner radius.
 * @cssprop --alli-chat-user-bubble-bg - User bubble background (defaults to the accent).
 * @cssprop --alli-chat-user-bubble-text - User bubble text.
 * @cssprop --alli-chat-bot-bubble-bg - Bot bubble background.
 * @cssprop --alli-chat-bot-bubble-text - Bot bubble text.
 * @cssprop --alli-chat-focus-ring - Focus ring (a box-shadow value).
 */
export class AlliChatElement extends LitElement {
  static override styles = alliChatStyles;
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

  /** Instead of `token-url`: a callback that returns a fresh token grant. */
  @property({ attribute: false }) getToken?: () => Promise<TokenGrant>;
  /** The fetch used for every call (for proxies, tracing, tests). */
  @property({ attribute: false }) fetch?: typeof fetch;
  /** Overrides for any user-facing string. */
  @property({ attribute: false }) i18n?: Partial<AlliChatStrings>;

  @state() private draft = '';
  @state() private selected: readonly number[] = [];
  @state() private announcement = '';
  @state() private alert = '';
  @state() private composing = false;

  @query('textarea') private textarea?: HTMLTextAreaElement;
  @query('.messages') private transcript?: HTMLElement;

  private session?: ConversationSession;
  private tokens?: TokenSource;
  private frame = 0;
  private followBottom = true;
  private setupKey = '';

  /** Sends a text message, as if the user typed it. */
  async send(text: string): Promise<void> {
    const value = text.trim();
    if (!value) return;
    await this.submit({ kind: 'text', text: value });
  }

  /** Forgets the conversation and starts a new one. */
  async reset(): Promise<void> {
    this.draft = '';
    this.selected = [];
    await this.ensureSession()?.reset();
  }

  /** Moves focus to the text box. */
  override focus(options?: FocusOptions): void {
    (this.textarea ?? this).focus(options);
  }

  private get strings(): AlliChatStrings {
    const lang = this.closest('[lang]')?.getAttribute('lang') ?? globalThis.navigator?.language;
    return stringsFor(localeFor(lang), this.i18n);
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
  }

  protected override willUpdate(changed: PropertyValues): void {
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

  protected override updated(): void {
    this.startWhenReady();
    // Follow new content only while the reader is at the bottom; this runs once per frame at most.
    if (this.followBottom && this.transcript) this.transcript.scrollTop = this.transcript.scrollHeight;
  }

  private startWhenReady(): void {
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
      fetch: this.fetch,
      userId: this.userId || undefined,
      userEmail: this.userEmail || undefined,
    });
    this.setupKey = JSON.stringify([this.appId, this.apiBase, this.tokenUrl, this.userId, this.userEmail]);
    this.session = new ConversationSession(client, {
      onChange: () => this.scheduleRender(),
      onStreamStart: () => {
        this.announce(this.strings.replying);
        this.dispatchEvent(new AlliStreamStartEvent(this.session?.conversationId));
      },
      onStreamEnd: (reason) => {
        this.selected = [];
        this.dispatchEvent(new AlliStreamEndEvent(reason, this.session?.conversationId));
      },
      onNodeComplete: (node) => {
        this.announce(plainText(node));
        this.dispatchEvent(new AlliMessageReceiveEvent(node));
      },
      onConversationChange: (id) => this.dispatchEvent(new AlliConversationChangeEvent(id)),
      onError: (error) => {
        this.alert = this.describeError(error);
        this.dispatchEvent(new AlliErrorEvent(error));
      },
    });
    return this.session;
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

  private announce(text: string): void {
    // Re-setting the same text would not be spoken again; a zero-width change makes it new.
    this.announcement = this.announcement === text ? `${text}\u200b` : text;
  }

  private describeError(error: AlliError): string {
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

  private async submit(content: UserContent): Promise<void> {
    const session = this.ensureSession();
    if (!session || session.busy) return;
    const event = new AlliMessageSendEvent(content);
    if (!this.dispatchEvent(event)) return;
    this.alert = '';
    this.followBottom = true;
    await session.send(content);
  }

  private onSubmit(e: Event): void {
    e.preventDefault();
    const text = this.draft.trim();
    if (!text || this.session?.busy || this.composing) return;
    this.draft = '';
    void this.submit({ kind: 'text', text });
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

  private onScroll(): void {
    const el = this.transcript;
    if (!el) return;
    // Read on scroll (a user action), never per streamed chunk.
    this.followBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
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
    return html`
      <section class="panel" part="panel" aria-label=${s.title}>
        <header class="header" part="header">
          <h2>${s.title}</h2>
          <button class="ghost new" type="button" @click=${() => void this.reset()} ?disabled=${!session}>${s.newConversation}</button>
        </header>
        <div class="messages" part="messages" role="log" aria-live="off" aria-label=${s.transcriptLabel} tabindex="0" @scroll=${this.onScroll}>
          ${session
            ? repeat(
                session.items,
                (item) => (item.kind === 'user' ? item.turn.id : `bot:${item.id}`),
                (item) => this.renderItem(item, session, mode),
              )
            : nothing}
          ${session && this.awaitingReply(session)
            ? html`<div class="message bot" part="message"><div class="bubble" part="bubble"><span class="typing" aria-label=${s.loading}><i></i><i></i><i></i></span></div></div>`
            : nothing}
        </div>
        ${this.renderBanners(session, mode)} ${this.renderComposer(session, mode)}
        <div class="sr-only" aria-live="polite" aria-atomic="true">${this.announcement}</div>
        <div class="sr-only" role="alert" aria-atomic="true">${this.alert}</div>
      </section>
    `;
  }

  /** A turn is in flight and no part of the reply is on screen yet. */
  private awaitingReply(session: ConversationSession): boolean {
    if (session.phase === 'sending' || session.phase === 'starting') return true;
    if (session.phase !== 'streaming') return false;
    const last = session.items[session.items.length - 1];
    return last === undefined || last.kind === 'user';
  }

  private renderItem(item: TranscriptItem, session: ConversationSession, mode: InputMode): TemplateResult | typeof nothing {
    if (item.kind === 'user') return this.renderUserTurn(item.turn, session);
    const node = session.node(item.id);
    return node ? this.renderBotNode(node, session, mode) : nothing;
  }

  private renderUserTurn(turn: UserTurn, session: ConversationSession): TemplateResult {
    const s = this.strings;
    const text =
      turn.content.kind === 'text' ? turn.content.text : turn.content.kind === 'choices' ? turn.content.labels.join(', ') : turn.content.summary;
    return html`
      <div class="message user ${turn.status}" part="message user-message" data-turn=${turn.id}>
        <span class="sr-only">${s.you}:</span>
        <div class="bubble" part="bubble">${text}</div>
        ${turn.status === 'failed'
          ? html`<div class="meta" role="status">
              <span>${s.notSent}${turn.error ? ` — ${this.describeError(turn.error)}` : ''}</span>
              <button class="ghost retry" type="button" ?disabled=${session.busy} @click=${() => void session.retry(turn.id)}>${s.retry}</button>
            </div>`
          : turn.status === 'sending'
            ? html`<div class="meta">${s.sending}</div>`
            : nothing}
      </div>
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
          : html`<div class="bubble" part="bubble"><span class="typing" aria-label=${s.replying}><i></i><i></i><i></i></span></div>`}
        ${node.interrupted ? html`<div class="notice">${s.interrupted}</div>` : nothing}
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
      <div class="options" part="options" role="group" aria-label=${`${s.optionsLabel(options.length)}`}>
        ${options.map((option, index) => {
          const pressed = multiple && active ? this.selected.includes(index) : undefined;
          const wasChosen = chosen.includes(index);
          return html`<button
            class="option ${wasChosen ? 'chosen' : ''}"
            part="option"
            type="button"
            title=${option.longOption || option.shortenOption}
            aria-pressed=${pressed === undefined ? (wasChosen ? 'true' : nothing) : String(pressed)}
            ?disabled=${!active}
            ${cssProperties(optionStyleProperties(option.style))}
            @click=${() => {
              if (this.openLinkOption(option)) return;
              this.chooseOption(node.id, options, index, multiple);
            }}
          >
            ${option.shortenOption || option.longOption}
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
    return html`
      <form class="composer" part="composer" @submit=${this.onSubmit}>
        <textarea
          part="input"
          rows=${rows}
          aria-label=${s.inputLabel}
          placeholder=${textAllowed ? s.inputPlaceholder : s.inputPlaceholderChoose}
          .value=${this.draft}
          ?disabled=${!textAllowed}
          @input=${this.onInput}
          @keydown=${this.onKeydown}
          @compositionstart=${() => (this.composing = true)}
          @compositionend=${() => (this.composing = false)}
        ></textarea>
        ${session?.streaming
          ? html`<button class="stop" part="stop-button" type="button" ?disabled=${session.stopRequested} @click=${() => session.stop()}>${s.stop}</button>`
          : html`<button class="send" part="send-button" type="submit" ?disabled=${busy || !textAllowed || this.draft.trim() === '' || this.composing}>
              ${s.send}
            </button>`}
      </form>
    `;
  }
}
