/**
 * Shape checks shared by both wire adapters. Input is whatever `JSON.parse` gave us; output is
 * a well-typed value or `undefined` (the caller counts that as malformed). Unknown fields are
 * kept as they came (docs/protocol.md §5: "unknown fields are ignored, never fatal").
 * Pure: no DOM, no Lit.
 */
import type {
  BotFile,
  ChatOptionInfo,
  Citation,
  ConversationRef,
  FormDefinition,
  FormField,
  IntermediateStep,
  ResponseNode,
} from '../model/types.js';
import type { StreamErrorInfo } from '../model/stream-events.js';
import { ErrorCode } from '../model/errors.js';

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOr<T>(value: unknown, fallback: T): string | T {
  return typeof value === 'string' ? value : fallback;
}

function finiteNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * `{id, state}` with both strings, or undefined. Only those two are kept: the NDJSON adapter
 * can only ever know these, and both wires must yield equal events.
 */
export function toConversationRef(value: unknown): ConversationRef | undefined {
  if (!isRecord(value) || typeof value.id !== 'string' || typeof value.state !== 'string') return undefined;
  return { id: value.id, state: value.state };
}

/** An intermediate step needs a string `key`; `completed` is read as a strict boolean. */
export function toStep(value: unknown): IntermediateStep | undefined {
  if (!isRecord(value) || typeof value.key !== 'string') return undefined;
  return { ...value, key: value.key, completed: value.completed === true };
}

export interface NodeDefaults {
  /** Used when the node has no string `id` (NDJSON snapshots key such nodes by index). */
  id?: string;
  /** Used when the node has no numeric `createdAt`. */
  createdAt: number;
}

/**
 * A response node needs an id and a message that is text. Other required fields of the wire type
 * get tolerant defaults, because refusing a whole bot message over a missing timestamp would
 * be worse for the user than showing it: `type` 'message', `sender` 'BOT', `completed` true
 * (a server that streams says `false` explicitly). A Draft.js message sent as an object rather
 * than a string is re-serialised so the renderer's detection still sees it.
 */
export function toResponseNode(value: unknown, defaults: NodeDefaults): ResponseNode | undefined {
  if (!isRecord(value)) return undefined;
  const id = typeof value.id === 'string' && value.id !== '' ? value.id : defaults.id;
  const message = messageText(value.message);
  if (id === undefined || message === undefined) return undefined;
  const node: ResponseNode = {
    ...value,
    id,
    type: stringOr(value.type, 'message'),
    sender: stringOr(value.sender, 'BOT'),
    message,
    createdAt: finiteNumber(value.createdAt) ?? defaults.createdAt,
    completed: typeof value.completed === 'boolean' ? value.completed : true,
  };
  if ('intermediateStep' in value) node.intermediateStep = toStep(value.intermediateStep) ?? null;
  checkParts(node, value);
  return node;
}

const FORMATS = ['draftjs', 'markdown', 'text'];
const FIELD_TYPES = ['text', 'textarea', 'number', 'email', 'tel', 'date', 'select', 'checkbox', 'boolean', 'file'];

/** Field name → the `typeof` it must have ('number' also means finite). */
type Shape = Record<string, 'string' | 'number' | 'boolean'>;

/** The fields of `value` that have their shape's type, copied onto `into`; the others stay absent. */
function typed<T>(value: JsonRecord, shape: Shape, into: JsonRecord = {}): T {
  for (const key in shape) {
    const v = value[key];
    if (typeof v === shape[key] && (typeof v !== 'number' || Number.isFinite(v))) into[key] = v;
  }
  return into as T;
}

/**
 * The parts the views read, checked once here (issue: one malformed option, citation, file or
 * form blanked the whole turn). Lists keep their well-formed records; a part of the wrong type
 * is absent, so the views never meet a shape the types do not promise.
 */
function checkParts(node: ResponseNode, value: JsonRecord): void {
  const parts = node as unknown as JsonRecord;
  for (const key of ['chatOptionInfos', 'citations', 'files', 'form', 'messageFormat', 'multipleOption', 'allowTextInput']) delete parts[key];
  typed(value, { multipleOption: 'boolean', allowTextInput: 'boolean' }, parts);
  if (FORMATS.includes(value.messageFormat as string)) node.messageFormat = value.messageFormat as ResponseNode['messageFormat'];
  const options = listOf(value.chatOptionInfos, (o) =>
    isRecord(o) && typeof o.shortenOption === 'string'
      ? typed<ChatOptionInfo>(o, { longOption: 'string', meta: 'string' }, { shortenOption: o.shortenOption, longOption: o.shortenOption, meta: '', ...(isRecord(o.style) && { style: { ...o.style } }) })
      : undefined,
  );
  if (options) node.chatOptionInfos = options;
  const citations = listOf(value.citations, (c) =>
    isRecord(c) ? typed<Citation>(c, CITATION, { clueId: '', source: 'DOCUMENT', ...(c.url === null && { url: null }) }) : undefined,
  );
  if (citations) node.citations = citations;
  const files = listOf(value.files, (f) => (isRecord(f) ? typed<BotFile>(f, FILE, { id: '', name: '' }) : undefined));
  if (files) node.files = files;
  if (value.form === null) node.form = null;
  else if (isRecord(value.form) && typeof value.form.id === 'string' && Array.isArray(value.form.fields)) {
    node.form = typed<FormDefinition>(value.form, FORM, { fields: listOf(value.form.fields, toField) });
  }
}

const CITATION: Shape = { clueId: 'string', source: 'string', title: 'string', knowledgeBaseId: 'string', url: 'string', text: 'string', pageNo: 'number' };
const FILE: Shape = { id: 'string', name: 'string', url: 'string', mimeType: 'string', size: 'number' };
const FORM: Shape = { id: 'string', title: 'string', description: 'string', submitLabel: 'string' };
const FIELD: Shape = { label: 'string', placeholder: 'string', multiple: 'boolean', accept: 'string', maxFiles: 'number', maxBytes: 'number' };
const VALIDATION: Shape = { pattern: 'string', message: 'string', min: 'number', max: 'number', maxLength: 'number' };

function listOf<T>(value: unknown, check: (item: unknown) => T | undefined): T[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map(check).filter((item): item is T => item !== undefined);
}

/** A field needs a non-empty string name; an unknown type reads as text. */
function toField(value: unknown): FormField | undefined {
  if (!isRecord(value) || typeof value.name !== 'string' || value.name === '') return undefined;
  const field = typed<FormField>(value, FIELD, {
    name: value.name,
    label: value.name,
    type: FIELD_TYPES.includes(value.type as string) ? value.type : 'text',
    required: value.required === true,
  });
  const options = listOf(value.options, (o) => (isRecord(o) && typeof o.value === 'string' ? { label: o.value, ...typed<object>(o, { value: 'string', label: 'string' }) } : undefined));
  if (options) field.options = options as FormField['options'];
  if (isRecord(value.validation)) field.validation = typed(value.validation, VALIDATION);
  return field;
}

function messageText(value: unknown): string | undefined {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (isRecord(value)) return JSON.stringify(value);
  return undefined;
}

/**
 * Normalises the error shapes seen on the wire into StreamErrorInfo:
 * - ours (§5): `{"error":{"status":401,"code":"INVALID_TOKEN","message":"…","retryable":false}}`
 * - Alli's: `{"error":{"value":1013,"name":"INVALID_TOKEN"},"message":"INVALID_TOKEN"}`
 * - a bare string: `{"error":"boom"}`
 * - a list: `{"errors":[{"message":"…","extensions":{"code":"…"}}, …]}` (messages joined)
 * Returns undefined when the value carries no error (`error: null`, `errors: []`).
 */
export function toStreamError(data: JsonRecord): StreamErrorInfo | undefined {
  const list = Array.isArray(data.errors) ? data.errors : [];
  const first: unknown = hasError(data) ? data.error : list[0];
  if (first === undefined || first === null) return undefined;
  const detail: JsonRecord = isRecord(first) ? first : { message: typeof first === 'string' ? first : JSON.stringify(first) };
  const extensions = isRecord(detail.extensions) ? detail.extensions : {};
  const code =
    stringOr(detail.code, undefined) ??
    stringOr(detail.name, undefined) ??
    stringOr(extensions.code, undefined) ??
    stringOr(data.code, undefined) ??
    ErrorCode.Unknown;
  const messages = (hasError(data) ? [first] : list)
    .map((item) => (isRecord(item) ? stringOr(item.message, undefined) : stringOr(item, undefined)))
    .filter((text): text is string => text !== undefined && text !== '');
  const info: StreamErrorInfo = { code, message: messages.join('; ') || stringOr(data.message, code) };
  const status = finiteNumber(detail.status) ?? finiteNumber(data.status);
  if (status !== undefined) info.status = status;
  if (typeof detail.retryable === 'boolean') info.retryable = detail.retryable;
  const fields = stringRecord(detail.fields);
  if (fields) info.fields = fields;
  return info;
}

function hasError(data: JsonRecord): boolean {
  return data.error !== undefined && data.error !== null && data.error !== false;
}

/** Whether the value reports an error at all (for the NDJSON dispatcher). */
export function carriesError(data: JsonRecord): boolean {
  return hasError(data) || (Array.isArray(data.errors) && data.errors.length > 0);
}

function stringRecord(value: unknown): Record<string, string> | undefined {
  if (!isRecord(value)) return undefined;
  const entries = Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/**
 * Generative-answer `clues` → citations [choice: the clue shape is not public; the usual
 * spellings are read and anything without a usable id falls back to its position].
 */
export function cluesToCitations(clues: unknown[]): Citation[] {
  return clues.filter(isRecord).map((clue, index) => {
    const citation: Citation = {
      clueId: stringOr(clue.clueId, undefined) ?? stringOr(clue.id, undefined) ?? String(index),
      source: stringOr(clue.source, undefined) ?? stringOr(clue.type, undefined) ?? 'DOCUMENT',
    };
    const title = stringOr(clue.title, undefined) ?? stringOr(clue.name, undefined) ?? stringOr(clue.fileName, undefined);
    if (title !== undefined) citation.title = title;
    if (typeof clue.knowledgeBaseId === 'string') citation.knowledgeBaseId = clue.knowledgeBaseId;
    const pageNo = finiteNumber(clue.pageNo) ?? finiteNumber(clue.page);
    if (pageNo !== undefined) citation.pageNo = pageNo;
    if (typeof clue.url === 'string' || clue.url === null) citation.url = clue.url;
    const text = stringOr(clue.text, undefined) ?? stringOr(clue.content, undefined);
    if (text !== undefined) citation.text = text;
    return citation;
  });
}

/** Structural equality for JSON values (key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => key in b && jsonEqual(a[key], b[key]));
}
