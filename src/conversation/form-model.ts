/**
 * In-chat forms (docs/protocol.md §6): what the user is typing (a draft), validating it before
 * anything is sent, turning it into the typed `sendFormInput` object plus its `form_files`, and
 * the one-line-per-answer summary shown in the user's bubble.
 * Pure: no Lit, no DOM beyond `File`.
 *
 * Choices where §6 is silent:
 * - Unanswered optional fields are left out of `sendFormInput` (no key, never `null`); a boolean
 *   always has an answer (`true`/`false`), so it is always sent.
 * - `select` and `checkbox` are arrays exactly when `multiple` is set (as §6 says and the mock
 *   checks); a `checkbox` field without `multiple` is a single choice (a radio group) sent as a
 *   string.
 * - `validation.min`/`max` apply to `number` only; dates have no numeric range.
 * - `validation.pattern` must match the whole value (as HTML's `pattern`, with the `u` flag as the
 *   mock compiles it); it applies to text, textarea, email and tel. A pattern that does not
 *   compile is ignored. On a `tel` field a working pattern replaces the built-in phone shape.
 * - `number`, `tel` and `email` are read after NFKC normalisation and trimming, so full-width
 *   digits typed with a Japanese or Korean IME count; `1,234` (comma grouping) is read as 1234.
 *   Text and textarea are sent as typed (whitespace-only counts as empty).
 * - `maxLength` counts code points, so an emoji is one character.
 * - A file field's files go to `form_files` in field order, then in the order chosen; a nameless
 *   file is referenced as `form-file-N` (N = its 1-based position), the name the client sends.
 */
import { checkFiles, formatBytes, type FileRefusalReason } from './file-rules.js';
import { EMAIL, compilePattern, isCalendarDate, isPhoneNumber, normalized, parseNumber } from './form-values.js';

export { MAX_PATTERN_LENGTH, compilePattern, isCalendarDate, parseNumber } from './form-values.js';
import type { AlliChatStrings } from '../i18n/strings.js';
import type { FormDefinition, FormField, FormFileRef, FormValue, SendFormInput } from '../model/types.js';

/** What a control holds: text, chosen option values, a checkbox's state, or chosen files. */
export type FieldDraft = string | string[] | boolean | File[];
/** The user's answers so far, keyed by field name. */
export type FormDraft = Record<string, FieldDraft>;
/** Field name → message; empty when everything is valid. */
export type FormErrors = Record<string, string>;

/** The strings validation and summaries use (the widget passes its whole `AlliChatStrings`). */
export type FormStrings = Pick<
  AlliChatStrings,
  | 'formRequired'
  | 'formRequiredChoice'
  | 'formRequiredCheck'
  | 'formRequiredFile'
  | 'formInvalidFormat'
  | 'formInvalidNumber'
  | 'formNumberMin'
  | 'formNumberMax'
  | 'formNumberRange'
  | 'formTooLong'
  | 'formInvalidEmail'
  | 'formInvalidTel'
  | 'formInvalidDate'
  | 'formInvalidOption'
  | 'formFileType'
  | 'formFileSize'
  | 'formFileCount'
  | 'formFileEmpty'
  | 'formYes'
  | 'formNo'
>;

/** How a field's draft and value are shaped. */
type FieldKind = 'text' | 'single' | 'multi' | 'boolean' | 'files';

function fieldKind(field: FormField): FieldKind {
  switch (field.type) {
    case 'select':
    case 'checkbox':
      return field.multiple ? 'multi' : 'single';
    case 'boolean':
      return 'boolean';
    case 'file':
      return 'files';
    default:
      return 'text';
  }
}

/** Whether a file field takes more than one file (no `maxFiles`, or more than one). */
export function acceptsManyFiles(field: FormField): boolean {
  return field.maxFiles === undefined || field.maxFiles > 1;
}

/** Keyed by field name, no prototype: `constructor` or `__proto__` is just a key (`{}` read Object's members). */
export function byName<T>(...sources: Readonly<Record<string, T>>[]): Record<string, T> {
  const record = Object.create(null) as Record<string, T>;
  for (const source of sources) Object.assign(record, source);
  return record;
}

/** An empty answer for every field. */
export function initialDraft(form: FormDefinition): FormDraft {
  const draft: FormDraft = byName();
  for (const field of form.fields) draft[field.name] = emptyValue(field);
  return draft;
}

function emptyValue(field: FormField): FieldDraft {
  switch (fieldKind(field)) {
    case 'multi':
      return [];
    case 'boolean':
      return false;
    case 'files':
      return [];
    default:
      return '';
  }
}

// Draft readers: tolerate a value of the wrong shape (a host or an older draft) instead of throwing.
export function draftText(value: FieldDraft | undefined): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value[0] ?? '';
  return '';
}
export function draftList(value: FieldDraft | undefined): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}
export function draftBoolean(value: FieldDraft | undefined): boolean {
  return value === true;
}
export function draftFiles(value: FieldDraft | undefined): File[] {
  return Array.isArray(value) ? value.filter((v): v is File => typeof File !== 'undefined' && v instanceof File) : [];
}

function codePoints(text: string): number {
  return [...text].length;
}

/** The text a text-like field sends: as typed for text/textarea, normalised for the rest. */
function sentText(field: FormField, value: FieldDraft | undefined): string {
  const text = draftText(value);
  if (field.type === 'text' || field.type === 'textarea') return text;
  if (field.type === 'date') return text.trim();
  return normalized(text);
}

function isBlank(field: FormField, value: FieldDraft | undefined): boolean {
  switch (fieldKind(field)) {
    case 'multi':
      return draftList(value).length === 0;
    case 'boolean':
      return !draftBoolean(value);
    case 'files':
      return draftFiles(value).length === 0;
    default:
      return sentText(field, value).trim() === '';
  }
}

function requiredMessage(field: FormField, strings: FormStrings): string {
  switch (field.type) {
    case 'select':
    case 'checkbox':
      return strings.formRequiredChoice;
    case 'boolean':
      return strings.formRequiredCheck;
    case 'file':
      return strings.formRequiredFile;
    default:
      return strings.formRequired;
  }
}

function formatNumber(n: number, locale: string | undefined): string {
  try {
    return new Intl.NumberFormat(locale, { maximumFractionDigits: 20 }).format(n);
  } catch {
    return String(n);
  }
}

function fileMessage(reason: FileRefusalReason, file: File, field: FormField, strings: FormStrings, locale: string | undefined): string {
  switch (reason) {
    case 'type':
      return strings.formFileType(file.name, field.accept ?? '');
    case 'size':
      return strings.formFileSize(file.name, formatBytes(field.maxBytes ?? 0, locale));
    case 'count':
      return strings.formFileCount(field.maxFiles ?? 0);
    case 'empty':
      return strings.formFileEmpty(file.name);
  }
}

/**
 * One field's problem, or `undefined` when its answer is fine. The widget may call it when a
 * field changes (e.g. right after files are chosen) as well as on submit.
 */
export function validateField(field: FormField, value: FieldDraft | undefined, strings: FormStrings, locale?: string): string | undefined {
  if (isBlank(field, value)) return field.required ? requiredMessage(field, strings) : undefined;
  const validation = field.validation ?? {};
  switch (field.type) {
    case 'boolean':
      return undefined;
    case 'number': {
      const n = parseNumber(draftText(value));
      if (n === undefined) return strings.formInvalidNumber;
      const { min, max } = validation;
      const low = typeof min === 'number' && Number.isFinite(min) ? min : undefined;
      const high = typeof max === 'number' && Number.isFinite(max) ? max : undefined;
      if ((low !== undefined && n < low) || (high !== undefined && n > high)) {
        if (validation.message) return validation.message;
        if (low !== undefined && high !== undefined) return strings.formNumberRange(formatNumber(low, locale), formatNumber(high, locale));
        return low !== undefined ? strings.formNumberMin(formatNumber(low, locale)) : strings.formNumberMax(formatNumber(high!, locale));
      }
      return undefined;
    }
    case 'date':
      return isCalendarDate(sentText(field, value)) ? undefined : strings.formInvalidDate;
    case 'select':
    case 'checkbox': {
      const allowed = new Set((field.options ?? []).map((o) => o.value));
      const chosen = field.multiple ? draftList(value) : [draftText(value)];
      return chosen.every((v) => allowed.has(v)) ? undefined : strings.formInvalidOption;
    }
    case 'file': {
      const { refused } = checkFiles(draftFiles(value), { accept: field.accept, maxBytes: field.maxBytes, maxFiles: field.maxFiles });
      if (refused.length === 0) return undefined;
      const messages = refused.map((r) => fileMessage(r.reason, r.file, field, strings, locale));
      return [...new Set(messages)].join(' ');
    }
    default: {
      // text, textarea, email, tel
      const text = sentText(field, value);
      const maxLength = validation.maxLength;
      if (typeof maxLength === 'number' && codePoints(text) > maxLength) return strings.formTooLong(maxLength, codePoints(text));
      if (field.type === 'email' && !EMAIL.test(text)) return strings.formInvalidEmail;
      const pattern = compilePattern(validation.pattern);
      if (field.type === 'tel' && !pattern && !isPhoneNumber(text)) return strings.formInvalidTel;
      if (pattern && !pattern.test(text)) return validation.message || strings.formInvalidFormat;
      return undefined;
    }
  }
}

/** Every field's problem, keyed by field name; `{}` when the form may be sent. */
export function validateForm(form: FormDefinition, draft: FormDraft, strings: FormStrings, locale?: string): FormErrors {
  const errors: FormErrors = byName();
  for (const field of form.fields) {
    const problem = validateField(field, draft[field.name], strings, locale);
    if (problem) errors[field.name] = problem;
  }
  return errors;
}

/**
 * The typed `sendFormInput` (docs/protocol.md §6) and the files to send as `form_files`, in the order
 * their `formFileIndex` refers to. Call it after `validateForm` returned `{}`; an answer that is
 * still unreadable (a number that is not a number) is left out rather than guessed.
 */
export function toSendFormInput(form: FormDefinition, draft: FormDraft): { values: SendFormInput; files: File[] } {
  const values: SendFormInput = byName();
  const files: File[] = [];
  for (const field of form.fields) {
    const raw = draft[field.name];
    switch (fieldKind(field)) {
      case 'boolean':
        values[field.name] = draftBoolean(raw);
        break;
      case 'multi': {
        const chosen = [...new Set(draftList(raw))];
        if (chosen.length > 0) values[field.name] = chosen;
        break;
      }
      case 'files': {
        const refs: FormFileRef[] = [];
        for (const file of draftFiles(raw)) {
          files.push(file);
          refs.push({ formFileIndex: files.length - 1, name: file.name || `form-file-${files.length}` });
        }
        if (refs.length > 0) values[field.name] = refs;
        break;
      }
      case 'single': {
        const chosen = draftText(raw);
        if (chosen !== '') values[field.name] = chosen;
        break;
      }
      default: {
        const text = sentText(field, raw);
        if (text.trim() === '') break;
        if (field.type === 'number') {
          const n = parseNumber(text);
          if (n !== undefined) values[field.name] = n;
        } else {
          values[field.name] = text;
        }
      }
    }
  }
  return { values, files };
}

/** One answer as words: option labels, yes/no, file names, the text itself. */
export function displayValue(field: FormField, value: FormValue | undefined, strings: Pick<FormStrings, 'formYes' | 'formNo'>, locale?: string): string {
  if (value === undefined || value === null || value === '') return '';
  const labelOf = (v: string) => field.options?.find((o) => o.value === v)?.label ?? v;
  if (typeof value === 'boolean') return value ? strings.formYes : strings.formNo;
  if (typeof value === 'number') return formatNumber(value, locale);
  if (typeof value === 'string') return field.type === 'select' || field.type === 'checkbox' ? labelOf(value) : value;
  const items = value as unknown[];
  return items
    .map((item) => (typeof item === 'string' ? labelOf(item) : item && typeof item === 'object' && 'name' in item ? String(item.name) : ''))
    .filter(Boolean)
    .join(', ');
}

/**
 * The user's bubble for a sent form: the form's title, then `Label: answer` per answered field
 * (the same shape as the mock's own user node, so the bubble does not change when confirmed).
 */
export function summarizeForm(form: FormDefinition, values: SendFormInput, strings: Pick<FormStrings, 'formYes' | 'formNo'>, locale?: string): string {
  const lines: string[] = [];
  if (form.title) lines.push(form.title);
  for (const field of form.fields) {
    const shown = displayValue(field, values[field.name], strings, locale);
    if (shown !== '') lines.push(`${field.label}: ${shown}`);
  }
  return lines.join('\n');
}

/**
 * Splits a `FORM_INVALID` error's `fields` into messages for this form's fields and the rest
 * (names the form does not have, shown as the form's own message). Non-string messages are dropped.
 */
export function serverFieldErrors(form: FormDefinition, fields: unknown): { errors: FormErrors; other: string[] } {
  const errors: FormErrors = byName();
  const other: string[] = [];
  if (!fields || typeof fields !== 'object' || Array.isArray(fields)) return { errors, other };
  const names = new Set(form.fields.map((f) => f.name));
  for (const [name, message] of Object.entries(fields as Record<string, unknown>)) {
    if (typeof message !== 'string' || message === '') continue;
    if (names.has(name)) errors[name] = message;
    else other.push(message);
  }
  return { errors, other };
}

/** `errors` without `name`'s message: for clearing a field's error once the user changes it. */
export function withoutError(errors: FormErrors, name: string): FormErrors {
  if (!Object.hasOwn(errors, name)) return errors;
  const next = byName(errors);
  delete next[name];
  return next;
}
