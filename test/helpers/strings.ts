/** Every language's full string table, loaded up front for tests that compare them. */
import { ja } from '../../src/i18n/ja.js';
import { ko } from '../../src/i18n/ko.js';
import { en } from '../../src/i18n/strings.js';

export const STRINGS = { en, ko, ja } as const;
