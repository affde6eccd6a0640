import type { ReactiveController } from 'lit';
import type { FileRefusal } from '../../conversation/file-rules.js';
import type { UserContent } from '../../conversation/conversation-session.js';
import type { PanelStrings } from '../../i18n/strings.js';
import type { AlliChatElement } from '../alli-chat.element.js';
import type { FilesFeature } from '../files.feature.js';

/** Image types whose thumbnail is drawn in the composer. */
const THUMBNAIL_TYPES = /^image\/(png|jpe?g|gif|webp|avif|bmp)$/i;

/**
 * The text box and its attachments: what the visitor is typing (kept through failed sends),
 * IME composition (an Enter that confirms a Korean or Japanese word never sends), files from
 * the picker, a drop or a paste (checked against the element's limits, each refusal named),
 * and their thumbnails (drawn by a module loaded with the first image).
 */
export class ComposerController implements ReactiveController {
  draft = '';
  composing = false;
  attachments: readonly File[] = [];
  notices: readonly string[] = [];
  dragging = false;
  private dragDepth = 0;
  private rules?: FilesFeature;
  /** `data:` thumbnails of images ('' while one is drawn or if it cannot be). */
  private thumbnails = new Map<File, string>();

  constructor(
    private readonly host: AlliChatElement,
    private readonly env: {
      strings(): PanelStrings;
      locale(): string;
      /** Sends what the visitor composed. */
      submit(content: UserContent): void;
      /** Whether a send is possible now (no turn in flight). */
      canSend(): boolean;
      /** Whether the conversation's transport takes files at all. */
      canUpload(): boolean;
      alert(text: string): void;
      /** The file rules (with the file styles), loaded with the first file; undefined if they cannot load. */
      files(): Promise<FilesFeature | undefined>;
    },
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.thumbnails.clear();
  }

  get attachAllowed(): boolean {
    return this.host.maxFiles > 0 && this.env.canUpload();
  }

  get textarea(): HTMLTextAreaElement | null {
    return this.host.renderRoot.querySelector('textarea');
  }

  /**
   * Files refused by a limit are named in a notice each (and announced); the rest are attached.
   * Once the file rules are in, in the same task; the first file waits for them.
   */
  addFiles(incoming: Iterable<File>): Promise<void> {
    const list = [...incoming];
    if (list.length === 0) return Promise.resolve();
    if (this.rules) return Promise.resolve(this.takeFiles(list, this.rules));
    return this.env.files().then((rules) => (rules ? this.takeFiles(list, (this.rules = rules)) : this.cannotTakeFiles()));
  }

  private takeFiles(list: readonly File[], rules: FilesFeature): void {
    const { accepted, refused } = rules.checkFiles(list, this.limits(), this.attachments.length);
    this.attachments = [...this.attachments, ...accepted];
    this.notices = refused.map((r) => this.refusalMessage(r, rules));
    if (refused.length) this.env.alert(this.notices.join(' '));
    this.host.requestUpdate();
  }

  /** The host's `send(text, files)`: files checked against the same limits as attachments. */
  async contentFor(text: string, files: readonly File[]): Promise<UserContent | undefined> {
    const value = text.trim();
    const rules = files.length ? (this.rules ??= await this.env.files()) : undefined;
    if (files.length && !rules) return void this.cannotTakeFiles();
    const { accepted, refused } = rules ? rules.checkFiles(files, this.limits()) : { accepted: [], refused: [] };
    if (refused.length && rules) {
      this.notices = refused.map((r) => this.refusalMessage(r, rules));
      this.host.requestUpdate();
    }
    if (!value && accepted.length === 0) return undefined;
    return accepted.length ? { kind: 'text', text: value, files: accepted } : { kind: 'text', text: value };
  }

  /** The file rules could not be loaded: nothing is attached or sent, and the visitor is told. */
  private cannotTakeFiles(): void {
    this.notices = [this.env.strings().panelLoadFailed];
    this.env.alert(this.notices[0]);
    this.host.requestUpdate();
  }

  private limits() {
    // A transport that takes no files refuses every one, as `max-files="0"` does.
    return { accept: this.host.accept, maxBytes: this.host.maxFileSize, maxFiles: this.env.canUpload() ? this.host.maxFiles : 0 };
  }

  private refusalMessage({ file, reason }: FileRefusal, { formatBytes, middleTruncate }: FilesFeature): string {
    const s = this.env.strings();
    const name = middleTruncate(file.name || s.untitledFile, 48);
    switch (reason) {
      case 'type':
        return s.fileRefusedType(name, this.host.accept.split(',').map((t) => t.trim()).join(', '));
      case 'size':
        return s.fileRefusedSize(name, formatBytes(this.host.maxFileSize, this.env.locale()));
      case 'count':
        return s.fileRefusedCount(name, this.limits().maxFiles);
      case 'empty':
        return s.fileRefusedEmpty(name);
    }
  }

  removeAttachment(file: File): void {
    this.attachments = this.attachments.filter((f) => f !== file);
    this.thumbnails.delete(file);
    this.host.requestUpdate();
    this.textarea?.focus();
  }

  /**
   * A small `data:` thumbnail for an attached image: an object URL would need `blob:` in the
   * host's `img-src`, a `data:` image is allowed by the strict policy we document.
   */
  thumbnailFor(file: File): string | undefined {
    if (!THUMBNAIL_TYPES.test(file.type)) return undefined;
    const known = this.thumbnails.get(file);
    if (known !== undefined) return known || undefined;
    this.thumbnails.set(file, ''); // being drawn
    void import('../views/thumbnail.js')
      .then(({ drawThumbnail }) => drawThumbnail(file, 56))
      .catch(() => undefined)
      .then((url) => {
        if (!this.thumbnails.has(file)) return; // removed meanwhile
        this.thumbnails.set(file, url ?? '');
        this.host.requestUpdate();
      });
    return undefined;
  }

  onSubmit = (e: Event): void => {
    e.preventDefault();
    const text = this.draft.trim();
    const files = [...this.attachments];
    if ((!text && files.length === 0) || !this.env.canSend() || this.composing) return;
    this.draft = '';
    this.attachments = [];
    this.notices = [];
    for (const file of files) this.thumbnails.delete(file);
    this.host.requestUpdate();
    this.env.submit(files.length ? { kind: 'text', text, files } : { kind: 'text', text });
  };

  onKeydown = (e: KeyboardEvent): void => {
    if (e.key !== 'Enter' || e.shiftKey) return;
    // IME: Enter that confirms a Korean/Japanese composition must not send half a word.
    if (e.isComposing || this.composing || e.keyCode === 229) return;
    e.preventDefault();
    this.onSubmit(e);
  };

  onInput = (e: Event): void => {
    this.draft = (e.target as HTMLTextAreaElement).value;
    this.host.requestUpdate();
  };

  onComposition = (e: CompositionEvent): void => {
    this.composing = e.type === 'compositionstart';
    this.host.requestUpdate();
  };

  onFileInput = (e: Event): void => {
    const input = e.target as HTMLInputElement;
    if (input.files) void this.addFiles(input.files);
    input.value = '';
  };

  onPaste = (e: ClipboardEvent): void => {
    const files = e.clipboardData?.files;
    if (!this.attachAllowed || !files || files.length === 0) return;
    e.preventDefault();
    void this.addFiles(files);
  };

  private hasFiles(e: DragEvent): boolean {
    return this.attachAllowed && !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');
  }

  onDragEnter = (e: DragEvent): void => {
    if (!this.hasFiles(e)) return;
    e.preventDefault();
    this.dragDepth += 1;
    this.dragging = true;
    this.host.requestUpdate();
  };

  onDragOver = (e: DragEvent): void => {
    if (!this.hasFiles(e)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
  };

  onDragLeave = (): void => {
    this.dragDepth = Math.max(0, this.dragDepth - 1);
    if (this.dragDepth === 0) this.dragging = false;
    this.host.requestUpdate();
  };

  onDrop = (e: DragEvent): void => {
    if (!this.hasFiles(e)) return;
    e.preventDefault();
    this.dragDepth = 0;
    this.dragging = false;
    if (e.dataTransfer?.files.length) void this.addFiles(e.dataTransfer.files);
    else this.host.requestUpdate();
  };
}
