/**
 * Alli's JSON answers come two ways: the reference's v1 operations wrap them in
 * `{"result": …, "errors": …}`, the v2 ones (and the conversation history) answer bare. Every
 * JSON body the widget reads goes through here, so both are understood and `errors` becomes a
 * clear AlliError with the server's own words (docs/transports.md §2).
 */
import { AlliError, excerptOf, isAbortError } from '../model/errors.js';

type JsonRecord = Record<string, unknown>;

const isRecord = (value: unknown): value is JsonRecord => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The envelope's keys: a body with `result` and nothing outside these is taken as wrapped. */
const ENVELOPE_KEYS: ReadonlySet<string> = new Set(['result', 'errors', 'error', 'message']);

/** The texts of an `errors` list (strings, or objects with a `message`); empty when there are none. */
export function errorTexts(errors: unknown): string[] {
  const list = Array.isArray(errors) ? errors : isRecord(errors) ? [errors] : [];
  return list
    .map((item) => (typeof item === 'string' ? item : isRecord(item) && typeof item.message === 'string' ? item.message : JSON.stringify(item)))
    .filter((text) => text !== '' && text !== '{}');
}

/**
 * What a JSON body means: the envelope's `result`, or the body itself when it is bare.
 * A non-empty `errors` (or an `error`) beside the result throws `AlliError('bad-request')`
 * with the server's text: Alli answered, and refused.
 */
export function unwrapEnvelope(body: unknown): unknown {
  if (!isRecord(body) || !('result' in body) || !Object.keys(body).every((key) => ENVELOPE_KEYS.has(key))) return body;
  const texts = errorTexts(body.errors);
  if (texts.length === 0 && body.error !== undefined && body.error !== null) {
    texts.push(typeof body.error === 'string' ? body.error : typeof body.message === 'string' ? body.message : JSON.stringify(body.error));
  }
  if (texts.length > 0) {
    const code = isRecord(body.error) && typeof body.error.name === 'string' ? body.error.name : undefined;
    throw new AlliError('bad-request', `Alli answered with an error: ${excerptOf(texts.join('; '), 300)}`, { code });
  }
  return body.result;
}

/** Reads a 2xx JSON body and unwraps it; a body that is not JSON is a protocol error. */
export async function readJson(res: Response): Promise<unknown> {
  let body: unknown;
  try {
    body = await res.json();
  } catch (cause) {
    if (isAbortError(cause)) throw new AlliError('aborted', 'The request was cancelled.', { cause });
    throw new AlliError('protocol', `Alli answered ${res.status} with a body that is not JSON.`, { cause, status: res.status });
  }
  return unwrapEnvelope(body);
}
