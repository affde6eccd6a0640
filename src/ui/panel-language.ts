/**
 * The panel's language: the strings it speaks and the tag it formats dates and numbers with,
 * rebuilt when the element's `lang`, its `i18n` overrides or what has loaded changes. Korean and
 * Japanese arrive in their own chunks on first use; the English error sentences with the first
 * error. Until a chunk arrives, English (or, for an error, the general sentence) stands in.
 */
import type { AlliChatLocale, ShellStrings } from '../i18n/locale.js';
import { addErrorStrings, errorStringsLoaded, loadStrings, stringsFor, stringsLoaded, type AlliChatStrings, type PanelStrings } from '../i18n/strings.js';
import { isTransientTokenError } from '../conversation/retry-policy.js';
import type { AlliError } from '../model/errors.js';
import type { AlliChatElement } from './alli-chat.element.js';
import type { ErrorFacts } from './error-text.js';
import { isSetupError } from './start-problems.js';

/**
 * The element's language as the shell reads it at each update: its tag (dates, numbers), the
 * supported locale it picks, and the shell's own strings in that locale, which the core's string
 * tables leave out (the shell needed them before the core came).
 */
export interface ShellLanguage {
  readonly tag: string;
  readonly locale: AlliChatLocale;
  readonly shell: ShellStrings;
}

interface Resolved {
  tag: string;
  i18n?: Partial<AlliChatStrings>;
  locale: AlliChatLocale;
  errors: boolean;
  strings: PanelStrings;
}

type ErrorText = typeof import('./error-text.js');
/** Shared by every widget of the page: once in, later errors read their sentence at once. */
let errorText: ErrorText | undefined;
let errorTextLoad: Promise<ErrorText | undefined> | undefined;

export class PanelLanguage {
  private current?: Resolved;
  private errorTextWait?: Promise<ErrorText | undefined>;

  constructor(
    private readonly host: AlliChatElement,
    private readonly shellLanguage: () => ShellLanguage,
    /** Notes a chunk on its way, so the element's `updateComplete` waits for it. */
    private readonly track: <T>(load: Promise<T>) => Promise<T>,
  ) {}

  /** Looked up once per update (not per message): the nearest `lang`, loaded on first use. */
  resolve(): Resolved {
    const { tag, locale, shell } = this.shellLanguage();
    const { i18n } = this.host;
    const errors = errorStringsLoaded();
    const was = this.current;
    if (was && was.tag === tag && was.i18n === i18n && was.errors === errors && (was.locale === locale || !stringsLoaded(locale))) return was;
    const resolved = (this.current = { tag, i18n, locale, errors, strings: stringsFor(locale, shell, i18n) });
    if (!stringsLoaded(locale)) {
      void this.track(loadStrings(locale)).then(
        () => {
          this.current = undefined;
          this.host.requestUpdate();
        },
        () => undefined, // stays in English
      );
    }
    return resolved;
  }

  get strings(): PanelStrings {
    return (this.current ?? this.resolve()).strings;
  }

  /** The BCP 47 tag used for dates and numbers. */
  get tag(): string {
    return (this.current ?? this.resolve()).tag;
  }

  /**
   * What people read about errors (error-text.ts, with the English sentences), loaded with the
   * first error; `undefined` when its chunk could not load (tried again on the next error).
   */
  loadErrorText(): Promise<ErrorText | undefined> {
    if (errorText) return Promise.resolve(errorText);
    errorTextLoad ??= import('./error-text.js').then(
      (m) => {
        addErrorStrings(m.enErrors);
        return (errorText = m);
      },
      () => (errorTextLoad = undefined),
    );
    // One wait per load, however many renders ask while it is on its way.
    return (this.errorTextWait ??= this.track(errorTextLoad).then((m) => {
      this.errorTextWait = undefined;
      this.host.requestUpdate();
      return m;
    }));
  }

  /** The visitor's sentence for `error`: the general one until error-text.ts has arrived. */
  describe(error: AlliError, online: boolean): string {
    if (!errorText) {
      void this.loadErrorText();
      return this.strings.errorGeneric;
    }
    return errorText.describeError(error, this.strings, errorFacts(error, online));
  }
}

/** What only the core can tell error-text.ts about `error`. */
export function errorFacts(error: AlliError, online: boolean): ErrorFacts {
  return { online, setup: isSetupError(error), transientToken: isTransientTokenError(error) };
}

/** Loads the locale's strings before the panel's first render (English if they cannot load). */
export async function preloadStrings(locale: AlliChatLocale): Promise<void> {
  if (!stringsLoaded(locale)) await loadStrings(locale).catch(() => undefined);
}
