/** Every language's full string table, loaded up front for tests that compare them. */
import { ja } from '../../src/i18n/ja.js';
import { ko } from '../../src/i18n/ko.js';
import { enForms } from '../../src/i18n/forms-en.js';
import { en as enPanel, type AlliChatStrings } from '../../src/i18n/strings.js';

/** English as the widget speaks it once the forms are loaded too. */
const en: AlliChatStrings = { ...enForms, ...enPanel } as AlliChatStrings;

export const STRINGS = { en, ko, ja } as const;
