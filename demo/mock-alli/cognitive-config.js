// @ts-check
/**
 * The project's cognitive_config: `GET /webapi/v2/cognitive_config` returns it as one flat JSON
 * object; `PATCH` takes a flat `field_name -> value` object and changes only the fields sent.
 * A field the project does not have, a nested value, or a value of another type than the
 * field's is refused, naming the field.
 */
import { RequestError } from './http.js';
import { LLM_MODELS } from './directory.js';

/** @returns {Record<string, string | number | boolean | string[]>} */
function defaults() {
  return {
    nluLanguage: 'en',
    answerConfidenceThreshold: 0.7,
    useGenerativeAnswer: true,
    defaultLlmModel: 'gpt-4o',
    maxCitations: 3,
    fallbackMessage: 'Sorry, I could not find an answer to that. Would you like to talk to a person?',
    spellCorrection: false,
    stopWords: ['please', 'hi'],
  };
}

export class CognitiveConfig {
  #config = defaults();

  get() {
    return structuredClone(this.#config);
  }

  /** @param {Record<string, unknown>} changes */
  patch(changes) {
    const next = { ...this.#config };
    for (const [field, value] of Object.entries(changes)) {
      if (!(field in next)) throw new RequestError(400, 'BAD_REQUEST', `${field} is not a cognitive_config field`, field);
      const current = next[field];
      if (Array.isArray(current)) {
        if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new RequestError(400, 'BAD_REQUEST', `${field} must be a list of strings`, field);
      } else if (typeof value !== typeof current || value === null) {
        // Flat means flat: objects and nulls never replace a scalar setting.
        throw new RequestError(400, 'BAD_REQUEST', `${field} must be a ${typeof current}`, field);
      }
      next[field] = /** @type {any} */ (value);
    }
    checkRanges(next, changes);
    this.#config = next;
    return this.get();
  }
}

/**
 * @param {Record<string, any>} config
 * @param {Record<string, unknown>} changes
 */
function checkRanges(config, changes) {
  const refuse = (/** @type {string} */ field, /** @type {string} */ why) => {
    if (field in changes) throw new RequestError(400, 'BAD_REQUEST', `${field} ${why}`, field);
  };
  if (!(config.answerConfidenceThreshold >= 0 && config.answerConfidenceThreshold <= 1)) refuse('answerConfidenceThreshold', 'must be between 0 and 1');
  if (!(Number.isInteger(config.maxCitations) && config.maxCitations >= 0 && config.maxCitations <= 10)) refuse('maxCitations', 'must be an integer from 0 to 10');
  if (!LLM_MODELS.includes(config.defaultLlmModel)) refuse('defaultLlmModel', `must be one of ${LLM_MODELS.join(', ')}`);
  if (!['en', 'ko', 'ja'].includes(config.nluLanguage)) refuse('nluLanguage', 'must be en, ko or ja');
}
