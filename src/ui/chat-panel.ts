/**
 * The conversation core of `<alli-chat>`, loaded by the shell on intent: it adds the
 * controllers (conversation, composer, options, announcer, scroll-follow, viewport), adopts the
 * panel's styles into the shell's shadow root and renders the panel from the view modules. Forms
 * load with the first form; a language's strings with its first use.
 */
import { html, nothing, unsafeCSS, type ReactiveController, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { InputMode, TranscriptItem, UserContent, UserTurn } from '../conversation/conversation-session.js';
import { formatOf } from '../render/message-format.js';
import { imagePolicyFor, type ImagePolicy } from '../render/image-gate.js';
import { prepareRenderer, rendererLoadsPending } from '../render/renderer-loader.js';
import { DEFAULT_API_BASE } from '../transport/client.js';
import type { PanelStrings } from '../i18n/strings.js';
import { ErrorCode, type AlliError } from '../model/errors.js';
import type { ViewNode } from '../wire/reducer.js';
import type { AlliChatElement } from './alli-chat.element.js';
import { AnnouncerController } from './controllers/announcer.controller.js';
import { ComposerController } from './controllers/composer.controller.js';
import { ConversationController } from './controllers/conversation.controller.js';
import type { FormsController } from './controllers/forms.controller.js';
import type { OptionsController } from './controllers/options.controller.js';
import { ScrollFollowController } from './controllers/scroll-follow.controller.js';
import { secondsUntil } from './countdown.js';
import { errorFacts, PanelLanguage, preloadStrings, type ShellLanguage } from './panel-language.js';
import { AlliOptionSelectEvent } from './events.js';
import { safeUrl } from '../render/safe-url.js';
import { adoptStyles } from './styles/adopt-styles.js';
import type { FilesFeature } from './files.feature.js';
import { composerStyles } from './styles/composer.styles.js';
import { transcriptStyles } from './styles/transcript.styles.js';
import { renderBanner } from './views/banners.view.js';
import { missingSetup, warnOnce } from './start-problems.js';
import { renderComposer } from './views/composer.view.js';
import { renderBotNode, renderUserTurn, timeFormat, type MessageContext } from './views/message.view.js';
import { FIRST_SHOWN, awaitingReply, drawnWhole, elementKey, itemKey, lastUserTurn, renderTranscript, type ItemPosition, type TranscriptWindow } from './views/transcript.view.js';

/** Creates the core for `host` once its language's strings are there (English if they cannot load). */
export async function createChatPanel(host: AlliChatElement, language: () => ShellLanguage): Promise<ChatPanel> {
  await preloadStrings(language().locale);
  return new ChatPanel(host, language);
}

export class ChatPanel implements ReactiveController {
  /** Bot messages that arrived while the launcher was closed. */
  unread = 0;
  private readonly language: PanelLanguage;
  private readonly announcer: AnnouncerController;
  private readonly conversation: ConversationController;
  private readonly composer: ComposerController;
  private options?: OptionsController;
  private optionsFeature?: typeof import('./options.feature.js');
  private optionsLoad?: Promise<void>;
  private readonly follow: ScrollFollowController;
  private forms?: FormsController;
  private formsLoad?: Promise<void>;
  private formsFailed = false;
  /** Chunks on their way (a language, forms, options, the viewport controller). */
  private readonly arriving = new Set<Promise<unknown>>();
  private images?: { key: readonly unknown[]; policy: ImagePolicy };
  private viewportLoad?: Promise<unknown>;
  private renderedItems = 0;
  private files?: FilesFeature;
  private filesLoad?: Promise<FilesFeature | undefined>;
  private windowed?: TranscriptWindow;
  private windowLoad?: Promise<unknown>;

  constructor(
    private readonly host: AlliChatElement,
    shellLanguage: () => ShellLanguage,
  ) {
    host.addController(this);
    this.language = new PanelLanguage(host, shellLanguage, (load) => this.track(load));
    adoptStyles(host.renderRoot, [transcriptStyles, composerStyles]);
    this.announcer = new AnnouncerController(host, () => this.strings.continuesInTranscript);
    this.conversation = new ConversationController(
      host,
      {
        streamStarted: () => this.announcer.announce(this.strings.replying),
        turnEnded: (turn) => {
          this.options?.clear();
          this.forms?.turnEnded(turn);
        },
        nodeCompleted: (node) => {
          prepareRenderer(node.message, formatOf(node));
          if (this.panelOpen) this.announcer.announceNode(node.id);
          else this.unread += 1;
        },
        failed: (error, turn) => {
          const session = this.conversation.session;
          if (error.code === ErrorCode.FormInvalid && turn && session && this.forms?.refused(turn, error, session)) return true;
          const online = this.conversation.online;
          void this.language.loadErrorText().then((text) => {
            warnOnce(host, text?.startFailureWarning(error, host, errorFacts(error, online)));
            this.announcer.alert(this.language.describe(error, online));
          });
          return false;
        },
        retryScheduled: (at) => this.announcer.announce(this.strings.retryingIn(secondsUntil(at))),
        submitted: () => {
          this.announcer.alert('');
          this.follow.jumpToLatest(false);
        },
      },
      () => this.panelOpen,
    );
    this.composer = new ComposerController(host, {
      strings: () => this.strings,
      locale: () => this.locale,
      submit: (content) => void this.conversation.submit(content),
      canSend: () => !this.conversation.session?.busy,
      canUpload: () => this.conversation.session?.capabilities.canUpload ?? true,
      alert: (text) => this.announcer.alert(text),
      files: this.loadFiles,
    });
    this.follow = new ScrollFollowController(host, this.transcriptNodes);
  }

  private readonly transcriptNodes = () => ({
    scroller: this.host.renderRoot.querySelector<HTMLElement>('.messages'),
    content: this.host.renderRoot.querySelector<HTMLElement>('.transcript'),
  });

  /** A long transcript is windowed by a module loaded with the first one (views/transcript.view.ts). */
  private readonly loadWindow = (): void => {
    this.windowLoad ??= this.track(import('./controllers/transcript-window.controller.js')).then(
      ({ TranscriptWindowController }) => {
        const core = { itemKey, elementKey, tail: FIRST_SHOWN, drawnWhole, repeat };
        this.windowed = new TranscriptWindowController(this.host, this.transcriptNodes, () => this.follow.following, core);
        this.host.requestUpdate();
      },
      () => void (this.windowLoad = undefined), // the latest messages only, until the next render tries again
    );
  };

  private get panelOpen(): boolean {
    return this.host.mode !== 'launcher' || this.host.open;
  }

  get strings(): PanelStrings {
    return this.language.strings;
  }

  /** The BCP 47 tag used for dates and numbers. */
  get locale(): string {
    return this.language.tag;
  }

  hostUpdate(): void {
    this.language.resolve();
    // Made now (on intent, in launcher mode) rather than in the render that shows the greeting.
    timeFormat(this.locale);
    if (this.host.mode === 'launcher') this.loadViewport();
    // Messages are unread only while the panel is closed: opening clears the badge in this render.
    if (this.panelOpen) this.unread = 0;
    // Counted before the render that shows them, so "jump to latest" shows them in the same update.
    const items = this.conversation.session?.items.length ?? 0;
    if (items > this.renderedItems) this.follow.itemsAdded(items - this.renderedItems);
    this.renderedItems = items;
  }

  /**
   * Full screen on phones (page scroll lock, keyboard-aware height) while a launcher is open:
   * launchers only, so inline widgets never download it.
   */
  private loadViewport(): void {
    this.viewportLoad ??= this.track(import('./controllers/viewport.controller.js')).then(
      ({ MobileViewportController }) => {
        new MobileViewportController(this.host, () => this.host.mode === 'launcher' && this.host.open);
        this.host.requestUpdate();
      },
      () => (this.viewportLoad = undefined), // tried again on the next update
    );
  }

  /**
   * What is still arriving for the current render (a renderer, the forms, a language), or
   * undefined: the shell's `updateComplete` waits for it, so "updated" means "shown".
   */
  pendingWork(): Promise<unknown> | undefined {
    const work = [rendererLoadsPending(), ...this.arriving].filter((p) => p !== undefined);
    return work.length ? Promise.allSettled(work) : undefined;
  }

  /** Notes a chunk being loaded until it settles (see pendingWork); returns it. */
  private track<T>(load: Promise<T>): Promise<T> {
    this.arriving.add(load);
    const settled = () => void this.arriving.delete(load);
    load.then(settled, settled);
    return load;
  }

  /** The launcher's panel was opened: nothing is unread any more; focus moves in if asked. */
  opened(focus: boolean): void {
    if (focus) this.focusInput();
    this.follow.jumpToLatest(false);
  }

  focusInput(options?: FocusOptions): boolean {
    const textarea = this.composer.textarea;
    textarea?.focus(options);
    return !!textarea;
  }

  async send(text: string, files: readonly File[]): Promise<void> {
    const content = await this.composer.contentFor(text, files);
    if (content) await this.conversation.submit(content, { wait: true });
  }

  addFiles(files: Iterable<File>): void {
    void this.composer.addFiles(files);
  }

  async reset(): Promise<void> {
    this.composer.draft = '';
    this.options?.clear();
    this.forms?.clear();
    await this.conversation.reset();
  }

  async logout(): Promise<void> {
    this.composer.draft = '';
    this.options?.clear();
    await this.conversation.logout();
  }

  /** File chips, thumbnails, the drop hint, upload progress and the file rules arrive with the first file. */
  private loadFiles = (): Promise<FilesFeature | undefined> =>
    (this.filesLoad ??= this.track(import('./files.feature.js')).then(
      (files) => {
        adoptStyles(this.host.renderRoot, [unsafeCSS(files.filesCss)]);
        this.host.requestUpdate();
        return (this.files = files);
      },
      () => (this.filesLoad = undefined), // tried again by the next file
    ));

  private useFiles = (): FilesFeature | undefined => {
    if (!this.files) void this.loadFiles();
    return this.files;
  };

  /** A message's option buttons: their module arrives with the first message that has some. */
  private renderOptionButtons(node: ViewNode, c: MessageContext): TemplateResult | typeof nothing {
    if (this.optionsFeature && this.options) return this.optionsFeature.renderOptions(node, c, this.options);
    this.optionsLoad ??= this.track(import('./options.feature.js')).then(
      (feature) => {
        adoptStyles(this.host.renderRoot, [feature.optionsStyles]);
        this.optionsFeature = feature;
        this.options = new feature.OptionsController(this.host, (content) => void this.conversation.submit(content), {
          safeUrl,
          SelectEvent: AlliOptionSelectEvent,
        });
        this.host.requestUpdate();
      },
      () => void (this.optionsLoad = undefined), // tried again on the next render
    );
    return nothing;
  }

  /** Forms and their view arrive with the first form node. */
  private loadForms(): void {
    this.formsLoad ??= this.track(import('./controllers/forms.controller.js')).then(
      ({ FormsController, formViewStyles }) => {
        adoptStyles(this.host.renderRoot, [formViewStyles]);
        this.forms = new FormsController(this.host, {
          strings: () => this.strings,
          locale: () => this.locale,
          submit: (content: UserContent) => this.conversation.submit(content),
          alert: (text) => this.announcer.alert(text),
        });
        this.formsFailed = false;
        this.host.requestUpdate();
      },
      () => {
        this.formsLoad = undefined;
        this.formsFailed = true;
        this.host.requestUpdate();
      },
    );
  }

  private renderForm(node: ViewNode, c: MessageContext, lastTurn: UserTurn | undefined): TemplateResult {
    if (this.forms && node.form) return this.forms.render(node.id, node.form, c.mode, c.session, lastTurn);
    if (!this.formsFailed) this.loadForms();
    return this.formsFailed
      ? html`<div class="notice" role="status">
          ${this.strings.panelLoadFailed}
          <button class="ghost" type="button" @click=${() => this.loadForms()}>${this.strings.retry}</button>
        </div>`
      : html`<div class="notice" aria-busy="true">${this.strings.loading}</div>`;
  }

  render(): TemplateResult {
    const host = this.host;
    const s = this.strings;
    const session = this.conversation.session;
    const mode: InputMode = session?.inputMode ?? { kind: 'text' };
    const launcher = host.mode === 'launcher';
    const online = this.conversation.online;
    const composer = this.composer;
    const items = session?.items ?? [];
    const lastTurn = lastUserTurn(items);
    const describe = (error: AlliError) => this.language.describe(error, online);
    const c: MessageContext | undefined = session && { strings: s, locale: this.locale, session, mode, describe, usesFiles: this.useFiles, images: this.imagePolicy(s) };
    const renderItem = (item: TranscriptItem, at: ItemPosition) => {
      if (!c) return nothing;
      if (item.kind === 'user') return this.forms?.hidesTurn(item.turn.id) ? nothing : renderUserTurn(item.turn, c, at);
      const node = c.session.node(item.id);
      const extras = { form: (n: ViewNode) => this.renderForm(n, c, lastTurn), options: (n: ViewNode) => this.renderOptionButtons(n, c) };
      return node ? renderBotNode(node, c, extras, at) : nothing;
    };
    const typing = !!session && awaitingReply(session.phase, items);
    return html`
      <section
        id="panel"
        class="panel ${composer.dragging ? 'dragging' : ''}"
        part="panel"
        role=${launcher ? 'dialog' : 'region'}
        aria-label=${s.title}
        ?hidden=${!this.panelOpen}
        @keydown=${this.onPanelKeydown}
        @dragenter=${composer.onDragEnter}
        @dragover=${composer.onDragOver}
        @dragleave=${composer.onDragLeave}
        @drop=${composer.onDrop}
      >
        ${composer.dragging ? (this.useFiles(), html`<div class="drop-hint" aria-hidden="true">${s.dropFilesHere}</div>`) : nothing}
        <header class="header" part="header">
          <h2 class="title" part="title"><slot name="logo"></slot><slot name="title">${s.title}</slot></h2>
          <button class="ghost new" part="new-conversation-button" type="button" @click=${() => void this.reset()} ?disabled=${!session}>
            ${s.newConversation}
          </button>
          ${launcher
            ? html`<button class="icon-button close" part="close-button" type="button" aria-label=${s.close} title=${s.close} @click=${() => host.close()}>
                <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
                  <path d="M6 6l12 12M18 6L6 18" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
                </svg>
              </button>`
            : nothing}
        </header>
        ${renderTranscript({ strings: s, items, typing, windowed: this.windowed, needsWindow: this.loadWindow }, renderItem)}
        ${!this.follow.following && this.follow.unseen > 0
          ? html`<button class="jump" part="jump-button" type="button" @click=${() => this.follow.jumpToLatest()}>${s.jumpToLatest(this.follow.unseen)}</button>`
          : nothing}
        ${session ? renderBanner({ strings: s, session, mode, online, describe }, () => void this.reset()) : this.renderSetupProblem()}
        ${renderComposer(composer, { strings: s, locale: this.locale, session, mode, accept: host.accept, usesFiles: this.useFiles })} ${this.announcer.render()}
      </section>
    `;
  }

  /** Without a session the widget is missing its app or token source: say so, never sit silent. */
  private renderSetupProblem(): TemplateResult | typeof nothing {
    const problem = this.host.isConnected ? missingSetup(this.host) : undefined;
    if (!problem) return nothing;
    warnOnce(this.host, problem);
    void this.language.loadErrorText();
    return html`<div class="banner error setup" role="status"><span>${this.strings.notConfigured ?? this.strings.errorGeneric}</span></div>`;
  }

  private onPanelKeydown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape' && this.host.mode === 'launcher' && this.host.open && !e.defaultPrevented) {
      e.stopPropagation();
      this.host.close();
    }
  };

  /** Which images load at once: the element's `image-origins`, else its Alli origin. */
  private imagePolicy(s: PanelStrings): ImagePolicy {
    // Built once per setting, not per render: renders come once a frame while an answer streams.
    const key = [this.host.imageOrigins, this.host.apiBase || DEFAULT_API_BASE, s.showImage] as const;
    if (!this.images || this.images.key.some((part, i) => part !== key[i])) {
      this.images = { key, policy: imagePolicyFor(key[0], key[1], key[2]) };
    }
    return this.images.policy;
  }
}
