// @ts-check
/**
 * Reads one `run_conversation` request (docs/protocol.md §3): the multipart body parsed with the
 * platform's own parser, files hashed, then checked against the conversation it continues.
 * Every refusal names the field and says why.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { RequestError, isPlainObject } from './http.js';

/** @typedef {import('./store.js').Conversation} Conversation */
/** @typedef {import('./store.js').ResponseNode} ResponseNode */

/**
 * @typedef {object} ReceivedFile
 * @property {string} field    the part's name: files, media_files or form_files
 * @property {string} name     the file name the client sent
 * @property {string} type     its MIME type ('' when none was sent)
 * @property {number} size     bytes received
 * @property {string} sha256   hex digest of the bytes received
 */

/**
 * @typedef {object} RawTurn the request's fields before they are checked against a conversation
 * @property {string | undefined} conversationId
 * @property {string | undefined} message
 * @property {string | undefined} choices
 * @property {string | undefined} sendFormInput
 * @property {string | undefined} fileIds
 * @property {ReceivedFile[]} files       `files` and `media_files`, in the order sent
 * @property {ReceivedFile[]} formFiles
 * @property {object[]} debugFields       every part, for `GET /__mock/last-turn`
 */

/**
 * @typedef {object} TurnInput
 * @property {'start' | 'message' | 'choices' | 'form' | 'fileIds'} kind
 * @property {string} message             trimmed text ('' when none)
 * @property {number[]} choices
 * @property {Record<string, unknown> | undefined} form
 * @property {string[]} fileIds
 * @property {ReceivedFile[]} files
 * @property {ReceivedFile[]} formFiles
 */

const TEXT_FIELDS = ['conversationId', 'message', 'choices', 'sendFormInput', 'fileIds'];
const FILE_FIELDS = ['files', 'media_files', 'form_files'];

/**
 * The request body read at most `bytesPerSecond` (the `slow-upload` fault): TCP back-pressure then
 * slows the client's upload, as a slow network would, so upload progress and Cancel can be seen.
 * @param {import('node:http').IncomingMessage} req
 * @param {number} bytesPerSecond
 */
function throttled(req, bytesPerSecond) {
  return Readable.from(
    (async function* () {
      for await (const chunk of req) {
        yield chunk;
        await new Promise((resolve) => setTimeout(resolve, (chunk.length / bytesPerSecond) * 1000));
      }
    })(),
  );
}

/**
 * Parses the multipart body. Node 20's `Request#formData()` does the multipart work.
 * @param {import('node:http').IncomingMessage} req
 * @param {number} maxBytes
 * @param {number} [bytesPerSecond] read the body no faster than this (0 = as fast as it comes)
 * @param {(form: FormData) => void} [checkForm] the contract's check of the parts, before the mock's own
 * @returns {Promise<RawTurn>}
 */
export async function readRawTurn(req, maxBytes, bytesPerSecond = 0, checkForm = undefined) {
  const contentType = String(req.headers['content-type'] ?? '');
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    throw new RequestError(400, 'BAD_REQUEST', 'run_conversation takes multipart/form-data (build it with FormData)', 'body');
  }
  const length = Number(req.headers['content-length']);
  if (Number.isFinite(length) && length > maxBytes) {
    throw new RequestError(413, 'TOO_LARGE', `the request is larger than ${maxBytes} bytes`, 'body');
  }
  /** @type {FormData} */
  let form;
  try {
    const request = new Request(`http://mock${req.url}`, {
      method: 'POST',
      headers: /** @type {Record<string, string>} */ (req.headers),
      body: /** @type {ReadableStream} */ (Readable.toWeb(bytesPerSecond > 0 ? throttled(req, bytesPerSecond) : req)),
      // @ts-expect-error `duplex` is required by Node's fetch for a streamed body but not in the DOM types.
      duplex: 'half',
    });
    form = await request.formData();
  } catch {
    throw new RequestError(400, 'BAD_REQUEST', 'the multipart body could not be parsed', 'body');
  }
  checkForm?.(form);
  return collectParts(form, maxBytes);
}

/**
 * @param {FormData} form
 * @param {number} maxBytes
 * @returns {Promise<RawTurn>}
 */
async function collectParts(form, maxBytes) {
  /** @type {Record<string, string | undefined>} */
  const text = {};
  /** @type {RawTurn} */
  const raw = { conversationId: undefined, message: undefined, choices: undefined, sendFormInput: undefined, fileIds: undefined, files: [], formFiles: [], debugFields: [] };
  let total = 0;
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') {
      raw.debugFields.push({ name, value });
      if (FILE_FIELDS.includes(name)) throw new RequestError(400, 'BAD_REQUEST', `${name} parts must be files, not text`, name);
      if (TEXT_FIELDS.includes(name)) {
        if (text[name] !== undefined) throw new RequestError(400, 'BAD_REQUEST', `${name} was sent more than once`, name);
        text[name] = value;
      }
      continue;
    }
    const file = await receiveFile(name, value);
    raw.debugFields.push({ name, filename: file.name, type: file.type, size: file.size, sha256: file.sha256 });
    total += file.size;
    if (total > maxBytes) throw new RequestError(413, 'TOO_LARGE', `the files add up to more than ${maxBytes} bytes`, name);
    if (TEXT_FIELDS.includes(name)) throw new RequestError(400, 'BAD_REQUEST', `${name} must be a text field, not a file`, name);
    checkFilePolicy(name, file);
    if (name === 'form_files') raw.formFiles.push(file);
    else if (FILE_FIELDS.includes(name)) raw.files.push(file);
  }
  Object.assign(raw, text);
  return raw;
}

/** The mock's own limits, as a real backend has them whatever the widget allows. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;
const REFUSED_EXTENSIONS = /\.(exe|msi|bat|cmd|com|scr|ps1|sh|jar|apk|dll|vbs|js|mjs|html?|svg)$/i;
const REFUSED_TYPES = /^(application\/(x-msdownload|x-msdos-program|x-sh|java-archive|javascript|x-javascript)|text\/(html|javascript)|image\/svg\+xml)$/i;

/**
 * One received file against those limits: too large → 413, a type that could run or render
 * script → 415, a non-image/video in `media_files` → 400. Each names the file.
 * @param {string} field
 * @param {ReceivedFile} file
 */
function checkFilePolicy(field, file) {
  if (file.size > MAX_FILE_BYTES) {
    throw new RequestError(413, 'FILE_TOO_LARGE', `“${file.name}” is larger than ${MAX_FILE_BYTES / (1024 * 1024)} MB, the most Alli accepts per file`, field);
  }
  if (REFUSED_EXTENSIONS.test(file.name) || REFUSED_TYPES.test(file.type)) {
    throw new RequestError(415, 'UNSUPPORTED_FILE_TYPE', `“${file.name}” is a kind of file Alli does not accept`, field);
  }
  if (field === 'media_files' && !/^(image|video)\//i.test(file.type)) {
    throw new RequestError(400, 'BAD_REQUEST', `“${file.name}” is not an image or a video: send it as files`, field);
  }
}

/**
 * @param {string} field
 * @param {File} file
 * @returns {Promise<ReceivedFile>}
 */
async function receiveFile(field, file) {
  const bytes = Buffer.from(await file.arrayBuffer());
  return {
    field,
    name: file.name,
    type: file.type,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

/**
 * The latest node the bot (not the user) sent: it decides what input is valid next.
 * @param {Conversation} conversation
 * @returns {ResponseNode | undefined}
 */
export function latestBotNode(conversation) {
  for (let i = conversation.responses.length - 1; i >= 0; i--) {
    if (conversation.responses[i].sender !== 'USER') return conversation.responses[i];
  }
  return undefined;
}

/**
 * Checks a turn against the conversation it continues (or starts, when `conversation` is
 * undefined) and says what kind of input it carries.
 * @param {RawTurn} raw
 * @param {Conversation | undefined} conversation
 * @returns {TurnInput}
 */
export function checkTurn(raw, conversation) {
  const latest = conversation && latestBotNode(conversation);
  const message = (raw.message ?? '').trim();
  /** @type {TurnInput} */
  const input = { kind: 'start', message, choices: [], form: undefined, fileIds: [], files: raw.files, formFiles: raw.formFiles };

  /** @type {TurnInput['kind'][]} */
  const kinds = [];
  if (message !== '' || raw.files.length > 0) kinds.push('message');
  if (raw.choices !== undefined) {
    input.choices = parseChoices(raw.choices, latest);
    kinds.push('choices');
  }
  if (raw.sendFormInput !== undefined) {
    input.form = parseFormInput(raw.sendFormInput, latest);
    kinds.push('form');
  }
  if (raw.fileIds !== undefined) {
    input.fileIds = parseFileIds(raw.fileIds);
    kinds.push('fileIds');
  }
  if (raw.formFiles.length > 0 && raw.sendFormInput === undefined) {
    throw new RequestError(400, 'BAD_REQUEST', 'form_files are sent only with sendFormInput', 'form_files');
  }
  if (kinds.length > 1) {
    throw new RequestError(400, 'BAD_REQUEST', `a turn carries one kind of input; got ${kinds.join(' and ')}`, fieldOf(kinds[1]));
  }
  if (kinds.length === 0) {
    if (conversation) {
      throw new RequestError(400, 'BAD_REQUEST', 'a later turn needs an input: message, choices, sendFormInput, fileIds or files', 'message');
    }
    return input;
  }
  if (!conversation) {
    // The first turn starts the conversation: only a message (the opening line) may come with it.
    if (kinds[0] !== 'message') {
      throw new RequestError(400, 'BAD_REQUEST', `${fieldOf(kinds[0])} needs a conversationId: there is nothing to answer yet`, fieldOf(kinds[0]));
    }
  }
  input.kind = kinds[0];
  return input;
}

/** @param {TurnInput['kind']} kind */
function fieldOf(kind) {
  return kind === 'form' ? 'sendFormInput' : kind;
}

/**
 * @param {string} text
 * @param {ResponseNode | undefined} latest
 * @returns {number[]}
 */
function parseChoices(text, latest) {
  const count = latest?.chatOptionInfos?.length ?? 0;
  if (count === 0) throw new RequestError(400, 'BAD_REQUEST', 'the latest bot message has no options to choose from', 'choices');
  const problem = `choices must be a JSON array of integers between 0 and ${count - 1}`;
  /** @type {unknown} */
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RequestError(400, 'BAD_REQUEST', `${problem}; got text that is not JSON`, 'choices');
  }
  if (!Array.isArray(value) || value.length === 0) throw new RequestError(400, 'BAD_REQUEST', `${problem}, with at least one`, 'choices');
  if (!value.every((v) => Number.isInteger(v) && v >= 0 && v < count)) throw new RequestError(400, 'BAD_REQUEST', problem, 'choices');
  if (new Set(value).size !== value.length) throw new RequestError(400, 'BAD_REQUEST', 'choices must not repeat an index', 'choices');
  if (value.length > 1 && !latest?.multipleOption) {
    throw new RequestError(400, 'BAD_REQUEST', 'the latest bot message allows one choice only', 'choices');
  }
  return value;
}

/**
 * @param {string} text
 * @param {ResponseNode | undefined} latest
 * @returns {Record<string, unknown>}
 */
function parseFormInput(text, latest) {
  /** @type {unknown} */
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RequestError(400, 'BAD_REQUEST', 'sendFormInput must be a JSON object keyed by field name; got text that is not JSON', 'sendFormInput');
  }
  if (!isPlainObject(value)) {
    throw new RequestError(400, 'BAD_REQUEST', 'sendFormInput must be a JSON object keyed by field name', 'sendFormInput');
  }
  if (!latest?.form) throw new RequestError(400, 'BAD_REQUEST', 'the latest bot message has no form to submit', 'sendFormInput');
  return value;
}

/**
 * @param {string} text
 * @returns {string[]}
 */
function parseFileIds(text) {
  /** @type {unknown} */
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string' && v !== '')) {
    throw new RequestError(400, 'BAD_REQUEST', 'fileIds must be a JSON array of file id strings', 'fileIds');
  }
  return value;
}
