/**
 * Every user-facing string of the widget. English ships with the conversation core; Korean and
 * Japanese are separate modules loaded the first time the widget speaks them (`loadStrings`).
 * Hosts override any string through the element's `i18n` property.
 */
import type { AlliChatLocale, ShellStrings } from './locale.js';

export type { AlliChatLocale } from './locale.js';

export interface AlliChatStrings {
  title: string;
  newConversation: string;
  transcriptLabel: string;
  inputLabel: string;
  inputPlaceholder: string;
  inputPlaceholderChoose: string;
  send: string;
  stop: string;
  retry: string;
  notSent: string;
  sending: string;
  replying: string;
  interrupted: string;
  /** Shown in place of a bot message whose content could not be drawn. */
  messageUnavailable: string;
  /** The button of an image from an origin the host did not allow. */
  showImage: (host: string) => string;
  ended: string;
  startOver: string;
  waitAgent: string;
  optionsLabel: (count: number) => string;
  confirmChoices: string;
  chosen: string;
  sources: string;
  page: (n: number) => string;
  opensInNewTab: string;
  you: string;
  bot: string;
  errorGeneric: string;
  errorNetwork: string;
  errorSignIn: string;
  errorRateLimited: (seconds: number) => string;
  errorServer: string;
  /** Sentences for the error codes Alli documents (docs/protocol.md §1), by code. */
  errorCodes: Readonly<Record<string, string>>;
  loading: string;
  // launcher and scrolling
  openChat: string;
  openChatUnread: (count: number) => string;
  closeChat: string;
  panelLoading: string;
  panelLoadFailed: string;
  close: string;
  jumpToLatest: (count: number) => string;
  continuesInTranscript: string;
  emptyState: string;
  // files
  attach: string;
  attachments: string;
  removeFile: (name: string) => string;
  fileRefusedType: (name: string, accept: string) => string;
  fileRefusedSize: (name: string, limit: string) => string;
  fileRefusedCount: (name: string, max: number) => string;
  fileRefusedEmpty: (name: string) => string;
  uploading: (percent: number) => string;
  cancelUpload: string;
  dropFilesHere: string;
  download: string;
  /** Shown for a file that came without a name. */
  untitledFile: string;
  /** Names the list of progress steps of an answer. */
  progressLabel: string;
  // forms
  formRequiredMark: string;
  formRequired: string;
  formRequiredChoice: string;
  formRequiredCheck: string;
  formRequiredFile: string;
  formInvalidFormat: string;
  formInvalidNumber: string;
  formNumberMin: (min: string) => string;
  formNumberMax: (max: string) => string;
  formNumberRange: (min: string, max: string) => string;
  formTooLong: (max: number, count: number) => string;
  formInvalidEmail: string;
  formInvalidTel: string;
  formInvalidDate: string;
  formInvalidOption: string;
  formFileType: (name: string, accept: string) => string;
  formFileSize: (name: string, limit: string) => string;
  formFileCount: (max: number) => string;
  formFileEmpty: (name: string) => string;
  formChooseFiles: (multiple: boolean) => string;
  formChosenFiles: string;
  formRemoveFile: (name: string) => string;
  formSelectPlaceholder: string;
  formSubmit: string;
  formSubmitting: string;
  formYes: string;
  formNo: string;
  formNotAnswered: string;
  formAnswers: string;
  formClosed: string;
  formFixErrors: (count: number) => string;
  // faults
  waitingForConnection: string;
  waitingToSend: string;
  retryingIn: (seconds: number) => string;
  offlineBanner: string;
  errorConnectionLost: string;
  errorStalled: string;
  errorTokenUnavailable: string;
  errorServerDetail: (detail: string) => string;
  /** The widget lacks what it needs to start (app-id, token-url or getToken); the console says which. */
  notConfigured: string;
}

export const en: StringTable = {
  title: 'Alli',
  newConversation: 'New conversation',
  transcriptLabel: 'Conversation',
  inputLabel: 'Message',
  inputPlaceholder: 'Type a message…',
  inputPlaceholderChoose: 'Choose an option above',
  send: 'Send',
  stop: 'Stop',
  notSent: 'Not sent',
  sending: 'Sending…',
  replying: 'Alli is replying…',
  interrupted: 'The answer was interrupted.',
  messageUnavailable: 'This message could not be shown.',
  showImage: (host) => `Show image from ${host}`,
  ended: 'This conversation has ended.',
  startOver: 'Start over',
  waitAgent: 'A person will answer you here shortly.',
  optionsLabel: (count) => `${count} ${count === 1 ? 'option' : 'options'}`,
  confirmChoices: 'Confirm',
  chosen: 'Chosen',
  sources: 'Sources',
  page: (n) => `p. ${n}`,
  opensInNewTab: '(opens in a new tab)',
  you: 'You',
  bot: 'Alli',
  errorGeneric: 'Something went wrong.',
  loading: 'Loading…',
  // launcher and scrolling
  close: 'Close',
  jumpToLatest: (n) => `Jump to latest (${n} new)`,
  continuesInTranscript: '(The message continues in the conversation.)',
  emptyState: 'Ask Alli anything.',
  // files
  attach: 'Attach files',
  attachments: 'Attached files',
  removeFile: (name) => `Remove ${name}`,
  fileRefusedType: (name, accept) => `“${name}” can’t be attached: only ${accept} files are accepted.`,
  fileRefusedSize: (name, limit) => `“${name}” is too large: the limit is ${limit} per file.`,
  fileRefusedCount: (name, max) => `“${name}” was not attached: at most ${max} files per message.`,
  fileRefusedEmpty: (name) => `“${name}” is empty.`,
  uploading: (p) => `Uploading… ${p}%`,
  cancelUpload: 'Cancel upload',
  dropFilesHere: 'Drop files to attach them',
  untitledFile: 'file',
  progressLabel: 'Progress',
  download: 'Download',
  // faults
  waitingForConnection: 'Waiting for connection…',
  waitingToSend: 'Waiting to send…',
  retryingIn: (s) => `Retrying in ${s} s…`,
  offlineBanner: 'You’re offline. Messages will be sent when the connection is back.',
};

/** The strings only in-chat forms use: English ones load with the forms (forms-en.ts). */
export type FormStringKey = Extract<keyof AlliChatStrings, `form${string}`>;
/**
 * The sentences only errors use: English ones load with the first error (errors-en.ts); until
 * then an error reads `errorGeneric`, which ships with the core.
 */
export type ErrorStringKey = Exclude<Extract<keyof AlliChatStrings, `error${string}`>, 'errorGeneric'> | 'notConfigured';
type LaterKey = FormStringKey | ErrorStringKey;
/** What the panel itself needs: every string but the forms' and the errors' (which a table may also hold). */
export type PanelStrings = Omit<AlliChatStrings, LaterKey> & Partial<Pick<AlliChatStrings, LaterKey>>;
/** What the forms read: the panel's strings with the forms' own. */
export type FormStrings = PanelStrings & Pick<AlliChatStrings, FormStringKey>;
/**
 * What a language's table holds: all but the shell's few strings (the shell has them before this
 * module loads and hands them over, see stringsFor) and, for English, the forms' and the errors'.
 */
export type StringTable = Omit<PanelStrings, keyof ShellStrings>;

const loaded: Partial<Record<AlliChatLocale, StringTable>> = { en };
const loading = new Map<AlliChatLocale, Promise<StringTable>>();
let enErrors: Pick<AlliChatStrings, ErrorStringKey> | undefined;

/** Takes in the English error sentences (errors-en.ts), which arrive with the first error. */
export function addErrorStrings(table: Pick<AlliChatStrings, ErrorStringKey>): void {
  enErrors = table;
}

/** Whether the English error sentences are in (`stringsFor` then gives them). */
export function errorStringsLoaded(): boolean {
  return enErrors !== undefined;
}

/** The strings of a locale: English at once, Korean and Japanese from their own chunks. */
export function loadStrings(locale: AlliChatLocale): Promise<StringTable> {
  const table = loaded[locale];
  if (table) return Promise.resolve(table);
  let pending = loading.get(locale);
  if (!pending) {
    pending = (locale === 'ko' ? import('./ko.js').then((m) => m.ko) : import('./ja.js').then((m) => m.ja)).then(
      (strings) => (loaded[locale] = strings),
      (error: unknown) => {
        loading.delete(locale); // a failed chunk may load on the next try
        throw error;
      },
    );
    loading.set(locale, pending);
  }
  return pending;
}

/**
 * The strings for a locale: the shell's (`shell`, in that language), the locale's table (English
 * until its chunk has loaded, see `loadStrings`), and the host's overrides on top.
 */
export function stringsFor(locale: AlliChatLocale, shell: ShellStrings, overrides?: Partial<AlliChatStrings>): PanelStrings {
  return { ...shell, ...enErrors, ...(loaded[locale] ?? en), ...overrides };
}

/** Whether `stringsFor(locale)` already gives that locale's own strings. */
export function stringsLoaded(locale: AlliChatLocale): boolean {
  return loaded[locale] !== undefined;
}
