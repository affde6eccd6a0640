/** Every language's full string table, loaded up front for tests that compare them. */
import { ja } from '../../src/i18n/ja.js';
import { ko } from '../../src/i18n/ko.js';
import { enErrors } from '../../src/i18n/errors-en.js';
import { enForms } from '../../src/i18n/forms-en.js';
import { SHELL_STRINGS } from '../../src/i18n/locale.js';
import { en as enTable, type AlliChatStrings } from '../../src/i18n/strings.js';

/** Each language as the widget speaks it: the shell's strings, the table, and (English) the forms' and the errors'. */
export const STRINGS: Readonly<Record<'en' | 'ko' | 'ja', AlliChatStrings>> = {
  en: { ...SHELL_STRINGS.en, ...enForms, ...enErrors, ...enTable } as AlliChatStrings,
  ko: { ...SHELL_STRINGS.ko, ...ko },
  ja: { ...SHELL_STRINGS.ja, ...ja },
};
