/**
 * Rules for files a user attaches (composer attachments and form file fields): type, size and
 * count limits checked before anything is uploaded, and how a file is named on screen.
 * Pure: no DOM beyond the `File`/`Blob` shape, no Lit.
 */

export interface FileLimits {
  /** An `accept` list as in `<input type=file accept>`: `.pdf`, `image/*`, `application/pdf`. Empty = any. */
  accept?: string;
  /** Largest single file, in bytes. */
  maxBytes?: number;
  /** Most files in one turn (or one form field). */
  maxFiles?: number;
}

export type FileRefusalReason = 'type' | 'size' | 'count' | 'empty';

export interface FileRefusal {
  file: File;
  reason: FileRefusalReason;
}

export interface FileCheck {
  accepted: File[];
  refused: FileRefusal[];
}

function acceptTokens(accept: string | undefined): string[] {
  return (accept ?? '')
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
}

/** Whether a file matches an `accept` list (extension, exact MIME type, or `type/*`). */
export function matchesAccept(file: Pick<File, 'name' | 'type'>, accept: string | undefined): boolean {
  const tokens = acceptTokens(accept);
  if (tokens.length === 0) return true;
  const name = file.name.toLowerCase();
  const type = (file.type || '').toLowerCase();
  return tokens.some((token) => {
    if (token.startsWith('.')) return name.endsWith(token);
    if (token.endsWith('/*')) return type.startsWith(token.slice(0, -1));
    return type === token;
  });
}

/**
 * Splits `incoming` into files that may be attached and files refused (with the reason), given
 * how many are attached already. Order is kept; the count limit refuses the files past it.
 */
export function checkFiles(incoming: readonly File[], limits: FileLimits, alreadyAttached = 0): FileCheck {
  const accepted: File[] = [];
  const refused: FileRefusal[] = [];
  const maxFiles = limits.maxFiles ?? Infinity;
  for (const file of incoming) {
    if (!matchesAccept(file, limits.accept)) refused.push({ file, reason: 'type' });
    else if (file.size === 0) refused.push({ file, reason: 'empty' });
    else if (limits.maxBytes !== undefined && file.size > limits.maxBytes) refused.push({ file, reason: 'size' });
    else if (alreadyAttached + accepted.length >= maxFiles) refused.push({ file, reason: 'count' });
    else accepted.push(file);
  }
  return { accepted, refused };
}

/** "1.2 MB" in the user's locale. */
export function formatBytes(bytes: number, locale?: string): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: unit === 0 || value >= 10 ? 0 : 1,
  }).format(value);
}

/**
 * A long file name cut in the middle, keeping its start and its extension: the parts that tell
 * files apart. Counts code points, so an emoji is never split.
 */
export function middleTruncate(name: string, max = 32): string {
  const chars = [...name];
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 8 ? [...name.slice(dot)] : [];
  const room = Math.max(4, max - 1 - ext.length);
  const head = Math.ceil(room * 0.6);
  const tail = room - head;
  const stem = ext.length ? chars.slice(0, chars.length - ext.length) : chars;
  return `${stem.slice(0, head).join('')}…${stem.slice(stem.length - tail).join('')}${ext.join('')}`;
}
