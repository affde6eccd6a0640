// @ts-check
/**
 * Server-side validation of a form submission (docs/protocol.md §6). The widget validates first;
 * the mock checks again, as a real backend must, and reports every bad field at once.
 */

/** @typedef {import('../../src/model/types.js').FormDefinition} FormDefinition */
/** @typedef {import('../../src/model/types.js').FormField} FormField */
/** @typedef {{ name: string, type: string, size: number }} ReceivedFile */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * @param {FormDefinition} form
 * @param {Record<string, unknown>} input the parsed `sendFormInput`
 * @param {ReceivedFile[]} formFiles the `form_files` parts, in the order sent
 * @returns {Record<string, string>} field name → message; empty when the submission is valid
 */
export function validateForm(form, input, formFiles) {
  /** @type {Record<string, string>} */
  const problems = {};
  for (const field of form.fields) {
    const problem = checkField(field, input[field.name], formFiles);
    if (problem) problems[field.name] = problem;
  }
  return problems;
}

/**
 * @param {FormField} field
 * @param {unknown} value
 * @param {ReceivedFile[]} formFiles
 * @returns {string | undefined}
 */
function checkField(field, value, formFiles) {
  if (isEmpty(field, value)) return field.required ? requiredMessage(field) : undefined;
  switch (field.type) {
    case 'number':
      return checkNumber(field, value);
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'Choose yes or no.';
    case 'date':
      return checkDate(value);
    case 'select':
    case 'checkbox':
      return checkOptions(field, value);
    case 'file':
      return checkFiles(field, value, formFiles);
    default:
      return checkText(field, value);
  }
}

/**
 * Empty means "not answered". A required boolean (a consent box) must be checked, as in HTML.
 * @param {FormField} field
 * @param {unknown} value
 */
function isEmpty(field, value) {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return field.type === 'boolean' && value === false;
}

/** @param {FormField} field */
function requiredMessage(field) {
  return field.type === 'boolean' ? `Please confirm “${field.label}”.` : `${field.label} is required.`;
}

/**
 * @param {FormField} field
 * @param {unknown} value
 */
function checkText(field, value) {
  if (typeof value !== 'string') return 'Enter text.';
  const { validation } = field;
  if (validation?.maxLength !== undefined && Array.from(value).length > validation.maxLength) {
    return `Use at most ${validation.maxLength} characters.`;
  }
  if (field.type === 'email' && !EMAIL.test(value.trim())) return 'Enter an email address like name@example.com.';
  // Patterns match the whole value, as HTML's `pattern` attribute does.
  if (validation?.pattern && !new RegExp(`^(?:${validation.pattern})$`, 'u').test(value)) {
    return validation.message ?? 'This does not have the expected format.';
  }
  return undefined;
}

/**
 * @param {FormField} field
 * @param {unknown} value
 */
function checkNumber(field, value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'Enter a number.';
  const { min, max, message } = field.validation ?? {};
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
    return message ?? `Enter a number between ${min ?? '−∞'} and ${max ?? '∞'}.`;
  }
  return undefined;
}

/** @param {unknown} value */
function checkDate(value) {
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (!match) return 'Enter a date as YYYY-MM-DD.';
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2025-02-30 over to March; a real calendar date survives the round trip.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return 'This date does not exist.';
  }
  return undefined;
}

/**
 * @param {FormField} field
 * @param {unknown} value
 */
function checkOptions(field, value) {
  const allowed = new Set((field.options ?? []).map((o) => o.value));
  if (field.multiple) {
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && allowed.has(v))) {
      return 'Choose from the listed options.';
    }
    return undefined;
  }
  return typeof value === 'string' && allowed.has(value) ? undefined : 'Choose one of the listed options.';
}

/**
 * A file field's value lists `{formFileIndex, name}` references to the `form_files` parts.
 * @param {FormField} field
 * @param {unknown} value
 * @param {ReceivedFile[]} formFiles
 */
function checkFiles(field, value, formFiles) {
  if (!Array.isArray(value)) return 'Attach the file again.';
  if (field.maxFiles !== undefined && value.length > field.maxFiles) return `Attach at most ${field.maxFiles} files.`;
  for (const ref of value) {
    const file = typeof ref?.formFileIndex === 'number' ? formFiles[ref.formFileIndex] : undefined;
    if (!file) return 'A file is missing from the upload; attach it again.';
    if (field.maxBytes !== undefined && file.size > field.maxBytes) {
      return `${file.name} is larger than ${formatBytes(field.maxBytes)}.`;
    }
    if (field.accept && !accepts(field.accept, file)) return `${file.name} is not an accepted file type (${field.accept}).`;
  }
  return undefined;
}

/**
 * Whether a file matches an `accept` list (`.pdf`, `image/*`, `text/plain`).
 * @param {string} accept
 * @param {ReceivedFile} file
 */
function accepts(accept, file) {
  const name = file.name.toLowerCase();
  const type = file.type.toLowerCase();
  return accept
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
    .some((rule) =>
      rule.startsWith('.') ? name.endsWith(rule) : rule.endsWith('/*') ? type.startsWith(rule.slice(0, -1)) : type === rule,
    );
}

/** @param {number} bytes */
export function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
