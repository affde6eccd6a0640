import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { RetryPolicy } from '../conversation/retry-policy.js';
import { SHELL_STRINGS, localeFor, type ShellStrings } from '../i18n/locale.js';
import type { AlliChatStrings } from '../i18n/strings.js';
import type { TokenGrant } from '../model/types.js';
import type { ChatPanel } from './chat-panel.js';
import { shellStyles } from './styles/shell.styles.js';
import { renderLauncher, renderPanelStatus } from './views/launcher.view.js';

/**
 * `<alli-chat>`: a chat with an Alli app, streamed, with rich messages and option buttons.
 *
 * This module is the shell a page loads first: attributes, properties, public methods and the
 * launcher. The conversation core (chat-panel.ts: session, composer, forms, transcript) is
 * fetched on intent (hover, focus or touch of the launcher) and at the latest on open; inline
 * widgets fetch it at once.
 *
 * @fires {AlliMessageSendEvent} alli-message-send - Before a user turn is sent; cancelable.
 * @fires {AlliMessageReceiveEvent} alli-message-receive - A bot message is complete.
 * @fires {AlliStreamStartEvent} alli-stream-start - A reply started streaming.
 * @fires {AlliStreamEndEvent} alli-stream-end - A turn ended; `reason` says how.
 * @fires {AlliOptionSelectEvent} alli-option-select - The user chose option buttons.
 * @fires {AlliConversationChangeEvent} alli-conversation-change - The conversation id changed.
 * @fires {AlliErrorEvent} alli-error - Something failed; the widget shows it too.
 * @fires {AlliFileUploadEvent} alli-file-upload - Upload progress of a message's files.
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
 * @csspart user-message - A message the visitor sent (with `message`).
 * @csspart bot-message - A message from Alli (with `message`).
 * @csspart bubble - A message's bubble.
 * @csspart options - A group of option buttons.
 * @csspart option - One option button.
 * @csspart composer - The input area.
 * @csspart input - The text box.
 * @csspart send-button - The send button.
 * @csspart stop-button - The stop button (while a reply streams).
 * @csspart attach-button - The attach-files button.
 * @csspart form - An in-chat form.
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
 * @cssprop --alli-chat-inline-height - Inline widget height; the transcript scrolls inside it (`100%` fills a container that has a height).
 */
export class AlliChatElement extends LitElement {
  static override styles = shellStyles;
  /** Lit's reactive properties (declared statically: no decorator helpers in the first download). */
  static override properties = {
    appId: { attribute: 'app-id', reflect: true },
    apiBase: { attribute: 'api-base' },
    imageOrigins: { attribute: 'image-origins' },
    tokenUrl: { attribute: 'token-url' },
    userId: { attribute: 'user-id' },
    userEmail: { attribute: 'user-email' },
    transport: { reflect: true },
    placement: {},
    streaming: { type: Boolean, reflect: true },
    mode: { reflect: true },
    open: { type: Boolean, reflect: true },
    position: { reflect: true },
    theme: { reflect: true },
    accept: {},
    maxFileSize: { attribute: 'max-file-size', type: Number },
    maxFiles: { attribute: 'max-files', type: Number },
    persist: {},
    getToken: { attribute: false },
    fetch: { attribute: false },
    i18n: { attribute: false },
    resilience: { attribute: false },
  };

  /** The Alli app to talk to. */
  appId = '';
  /** Alli's API origin, or a same-origin proxy path. Defaults to https://backend.alli.ai. */
  apiBase = '';
  /** Space-separated origins whose message images load at once; others wait for a click. Default: the API's origin. */
  imageOrigins = '';
  /** The host site's token route: the widget POSTs there (with cookies) for a bearer token. */
  tokenUrl = '';
  /** The visitor's id in the host's system (sent as OWN-USER-ID unless the token names one). */
  userId = '';
  /** The visitor's e-mail (sent as USER-EMAIL unless the token names one). */
  userEmail = '';
  /**
   * Which Alli path carries the conversation: `conversation` (default, `run_conversation`),
   * `llm-app` (an LLM app's `/run`, streamed) or `skill` (`start_conversation`, then `send_chat`).
   */
  transport: 'conversation' | 'llm-app' | 'skill' = 'conversation';
  /** With `transport="skill"`: the placement that picks the skill (default: the project's). */
  placement = '';
  /** Set while a reply streams. */
  streaming = false;
  /** `inline` sits in the page, `--alli-chat-inline-height` tall (600px by default); `launcher` is a floating button that opens a panel. */
  mode: 'inline' | 'launcher' = 'inline';
  /** Whether the launcher's panel is open (always shown in inline mode). */
  open = false;
  /** Launcher corner: `bottom-right` (default), `bottom-left`, `top-right`, `top-left`. */
  position: 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left' = 'bottom-right';
  /** `light`, `dark`, or `auto` (default: follows `prefers-color-scheme`). */
  theme: 'light' | 'dark' | 'auto' = 'auto';
  /** File types the user may attach (as `<input type=file accept>`); empty = any. */
  accept = '';
  /** Largest file the user may attach, in bytes (default 10 MB). */
  maxFileSize = 10 * 1024 * 1024;
  /** Most files in one message (default 5); 0 hides the attach button. */
  maxFiles = 5;
  /**
   * Where the conversation id is kept so a reload reopens the conversation: `session`
   * (default, `sessionStorage`), `local` (`localStorage`) or `none`. Only the id, per app and user.
   */
  persist: 'none' | 'session' | 'local' = 'session';

  /** Instead of `token-url`: a callback that returns a fresh token grant. */
  getToken?: () => Promise<TokenGrant>;
  /** The fetch used for every call (for proxies, tracing, tests). */
  fetch?: typeof fetch;
  /** Overrides for any user-facing string. */
  i18n?: Partial<AlliChatStrings>;
  /** Fault handling: `idleTimeoutMs` of a silent stream (default 45 s), automatic resend policy. */
  resilience?: { idleTimeoutMs?: number; retry?: Partial<RetryPolicy> };

  /** The conversation core, once loaded. */
  private panel?: ChatPanel;
  private loadFailed = false;
  private loading?: Promise<ChatPanel>;
  /** Focus moves into the panel when it opens through show() or the launcher. */
  private focusOnOpen = false;

  /**
   * Sends a message as if the user typed it, with files if given (checked against the same
   * limits as attachments; refused files are reported and left out). If a turn is in flight it
   * waits for it to end first. Resolves when this turn ends.
   */
  async send(text: string, files: readonly File[] = []): Promise<void> {
    await (await this.loadPanel()).send(text, files);
  }

  /** Forgets the conversation and starts a new one. */
  async reset(): Promise<void> {
    return (await this.loadPanel()).reset();
  }

  /**
   * Signs the visitor out of the chat: forgets the token and every conversation this app
   * remembered in this browser, and starts a new conversation (with whoever the token route
   * says is signed in now).
   */
  async logout(): Promise<void> {
    await (await this.loadPanel()).logout();
  }

  /** Adds files from the picker, a drop or a paste, refusing (with a message each) what breaks a limit. */
  addFiles(files: Iterable<File>): void {
    const list = [...files];
    void this.loadPanel().then((panel) => panel.addFiles(list));
  }

  /** Moves focus to the text box (to the element itself until the panel is there). */
  override focus(options?: FocusOptions): void {
    if (!this.panel?.focusInput(options)) super.focus(options);
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
    if (hadFocus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.launcher')?.focus());
  }

  /** Opens or closes the launcher's panel. */
  toggle(): void {
    return this.open ? this.close() : this.show();
  }

  private get isLauncher(): boolean {
    return this.mode === 'launcher';
  }

  /** Inline widgets are always open; a launcher's panel only when `open`. */
  private get panelOpen(): boolean {
    return !this.isLauncher || this.open;
  }

  /** The element's language (its own or nearest `lang`, else the browser's), the locale it picks, the shell's strings in it. */
  private language(tag = this.closest('[lang]')?.getAttribute('lang') || globalThis.navigator?.language || 'en', locale = localeFor(tag)) {
    return { tag, locale, shell: SHELL_STRINGS[locale] };
  }

  private get shellStrings(): ShellStrings {
    return { ...this.language().shell, ...(this.i18n ?? {}) };
  }

  /**
   * The conversation core, fetched once (a failed fetch is tried again by the next call).
   * Resolves when it can render in the visitor's language.
   */
  private loadPanel(): Promise<ChatPanel> {
    if (this.panel) return Promise.resolve(this.panel);
    const loaded = (panel: ChatPanel) => ((this.loadFailed = false), (this.panel = panel), this.requestUpdate('panel', undefined), panel);
    const failed = (error: unknown): never => {
      [this.loading, this.loadFailed] = [undefined, true];
      this.requestUpdate();
      console.warn('<alli-chat>: the conversation core could not be loaded; the panel offers Retry.', error);
      throw error;
    };
    return (this.loading ??= import('./chat-panel.js').then((core) => core.createChatPanel(this, () => this.language())).then(loaded, failed));
  }

  private preload = (): void => void this.loadPanel().catch(() => undefined); // a failure shows in the panel, with Retry

  /**
   * Resolves once what the last update asked for is on screen: the conversation core, and any
   * renderer, form or language it is still loading.
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    let result = await super.getUpdateComplete();
    for (let round = 0; round < 5; round++) {
      const waiting = this.panel ? this.panel.pendingWork() : this.loading;
      if (!waiting) break;
      await waiting.catch(() => undefined);
      result = await super.getUpdateComplete();
    }
    return result;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.panelOpen && !this.panel && !this.loadFailed && (!this.hasUpdated || changed.has('mode') || changed.has('open'))) this.preload();
  }

  protected override updated(changed: PropertyValues): void {
    if ((changed.has('open') && this.open) || (changed.has('panel') && this.panel && this.open)) {
      this.panel?.opened(this.focusOnOpen);
      if (this.panel) this.focusOnOpen = false;
    }
  }

  protected override render(): TemplateResult {
    return html`${this.isLauncher ? renderLauncher(this.shellStrings, this.open, this.panel?.unread ?? 0, () => this.toggle(), this.preload) : nothing}${this.panel ? this.panel.render() : this.panelOpen ? renderPanelStatus(this.shellStrings, this.isLauncher, this.loadFailed, this.i18n?.title ?? 'Alli', this.retryLoad) : nothing}`;
  }

  private retryLoad = (): void => {
    this.loadFailed = false;
    this.requestUpdate();
    this.preload();
  };
}
