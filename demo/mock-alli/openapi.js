// @ts-check
/**
 * The App Market contract as the mock applies it: docs/api/alli-app-market.openapi.json (extracted
 * from the reference by scripts/extract-api.mjs) compiled with Ajv (JSON Schema 2020-12, the dialect
 * of OpenAPI 3.1) and ajv-formats. Every request of a documented operation is checked here:
 * path, query and header parameters, and the JSON or multipart body. A violation is a
 * `RequestError(400)` naming the field. Tests use `responseValidator` to hold the mock's answers
 * to the documented response schemas.
 */
import { readFileSync } from 'node:fs';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { RequestError } from './http.js';

// Both packages are CommonJS with a default export; under Node's ESM loader it sits on `.default`.
const Ajv2020 = /** @type {typeof Ajv2020Module} */ (/** @type {any} */ (Ajv2020Module).default ?? Ajv2020Module);
const addFormats = /** @type {typeof addFormatsModule} */ (/** @type {any} */ (addFormatsModule).default ?? addFormatsModule);

const DOCUMENT_URL = new URL('../../docs/api/alli-app-market.openapi.json', import.meta.url);
const DEFS_ID = 'alli-app-market-schemas';

/** @returns {any} */
function loadDocument() {
  return JSON.parse(readFileSync(DOCUMENT_URL, 'utf8'));
}

/**
 * @typedef {object} Operation
 * @property {string} method lower case
 * @property {string} path   the documented template, e.g. /webapi/apps/{app_id}/run
 * @property {any} spec      the operation object
 * @property {RegExp} pattern
 * @property {string[]} pathNames
 */

/**
 * @typedef {object} RequestParts
 * @property {Record<string, string>} pathParams
 * @property {URLSearchParams} query
 * @property {import('node:http').IncomingHttpHeaders} headers
 */

/**
 * @param {any} [document]
 */
export function createApiValidator(document = loadDocument()) {
  const defs = { $id: DEFS_ID, $defs: normalize(document.components?.schemas ?? {}) };
  // Parameters arrive as text: coercion turns "50" into 50 and "true" into true, as a server would.
  const paramsAjv = makeAjv(true, defs);
  const bodyAjv = makeAjv(false, defs);

  /** @type {Operation[]} */
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(/** @type {Record<string, any>} */ (methods)).map(([method, spec]) => {
      const pathNames = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      // The documented paths hold only letters, `_`, `/` and `{name}`: no other regex syntax to escape.
      return { method, path, spec, pathNames, pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '([^/]+)')}$`) };
    }),
  );

  /** @type {Map<Operation, ReturnType<typeof compileParameters>>} */
  const parameterValidators = new Map();
  /** @type {Map<string, import('ajv').ValidateFunction>} */
  const bodyValidators = new Map();

  /**
   * @param {any} parameter
   * @returns {any}
   */
  function resolveParameter(parameter) {
    if (!parameter.$ref) return parameter;
    const name = parameter.$ref.replace('#/components/parameters/', '');
    return document.components.parameters[name];
  }

  /** @param {Operation} op */
  function compileParameters(op) {
    const parameters = (op.spec.parameters ?? []).map(resolveParameter);
    /** @param {string} where */
    const group = (where) => {
      const list = parameters.filter((/** @type {any} */ p) => p.in === where);
      const key = (/** @type {any} */ p) => (where === 'header' ? p.name.toLowerCase() : p.name);
      const schema = {
        type: 'object',
        properties: Object.fromEntries(list.map((/** @type {any} */ p) => [key(p), normalize(p.schema ?? {})])),
        required: list.filter((/** @type {any} */ p) => p.required).map(key),
      };
      return { list, validate: paramsAjv.compile(schema), names: Object.fromEntries(list.map((/** @type {any} */ p) => [key(p), p.name])) };
    };
    return { path: group('path'), query: group('query'), header: group('header') };
  }

  return {
    document,
    operations,

    /**
     * The documented operation for a request, if any.
     * @param {string} method
     * @param {string} pathname
     * @returns {{ op: Operation, pathParams: Record<string, string> } | undefined}
     */
    find(method, pathname) {
      for (const op of operations) {
        if (op.method !== method.toLowerCase()) continue;
        const match = op.pattern.exec(pathname);
        if (!match) continue;
        /** @type {Record<string, string>} */
        const pathParams = {};
        op.pathNames.forEach((name, i) => (pathParams[name] = decodeURIComponent(match[i + 1])));
        return { op, pathParams };
      }
      return undefined;
    },

    /**
     * Checks path, query and header parameters. Returns the query, typed by its schema.
     * @param {Operation} op
     * @param {RequestParts} parts
     * @returns {Record<string, any>}
     */
    checkParameters(op, { pathParams, query, headers }) {
      let compiled = parameterValidators.get(op);
      if (!compiled) parameterValidators.set(op, (compiled = compileParameters(op)));
      /** @type {Record<string, any>} */
      const queryValues = {};
      for (const p of compiled.query.list) {
        if (!query.has(p.name)) continue;
        queryValues[p.name] = allowsArray(p.schema) ? query.getAll(p.name) : query.get(p.name);
      }
      /** @type {Record<string, any>} */
      const headerValues = {};
      for (const p of compiled.header.list) {
        const value = headers[p.name.toLowerCase()];
        if (value !== undefined) headerValues[p.name.toLowerCase()] = value;
      }
      refuse(compiled.path.validate, { ...pathParams }, (field) => field);
      refuse(compiled.query.validate, queryValues, (field) => field);
      refuse(compiled.header.validate, headerValues, (field) => compiled.header.names[field.split(/[.[]/)[0]] ?? field);
      return queryValues;
    },

    /**
     * The media types the operation's body may have (empty when it takes none).
     * @param {Operation} op
     * @returns {string[]}
     */
    bodyTypes(op) {
      return Object.keys(op.spec.requestBody?.content ?? {});
    },

    /** @param {Operation} op */
    bodyRequired(op) {
      return op.spec.requestBody?.required === true;
    },

    /**
     * Checks a body (a parsed JSON value, or the fields of a multipart body) against the schema.
     * @param {Operation} op
     * @param {string} mediaType
     * @param {unknown} body
     */
    checkBody(op, mediaType, body) {
      const key = `${op.method} ${op.path} ${mediaType}`;
      let validate = bodyValidators.get(key);
      if (!validate) {
        validate = bodyAjv.compile(normalize(op.spec.requestBody.content[mediaType].schema ?? {}));
        bodyValidators.set(key, validate);
      }
      refuse(validate, body, (field) => field || 'body');
    },

    /**
     * A multipart body's parts as an object the schema can judge: a part the schema lists as an
     * array collects every repeat; any other part repeated becomes an array, which its schema
     * refuses. Files are represented by their names (`format: binary` strings).
     * @param {Operation} op
     * @param {FormData} form
     */
    multipartObject(op, form) {
      const properties = op.spec.requestBody?.content?.['multipart/form-data']?.schema?.properties ?? {};
      /** @type {Record<string, any>} */
      const object = {};
      for (const [name, value] of form.entries()) {
        const text = typeof value === 'string' ? value : value.name;
        if (properties[name] && allowsArray(properties[name])) (object[name] ??= []).push(text);
        else if (name in object) object[name] = [object[name], text].flat();
        else object[name] = text;
      }
      return object;
    },

    /**
     * A validator of one documented response body, or `undefined` when the reference gives no schema.
     * @param {string} method
     * @param {string} path the documented template
     * @param {number} status
     */
    responseValidator(method, path, status) {
      const spec = document.paths[path]?.[method.toLowerCase()];
      if (!spec) throw new Error(`the document has no ${method} ${path}`);
      const schema = spec.responses?.[String(status)]?.content?.['application/json']?.schema;
      return schema ? bodyAjv.compile(normalize(schema)) : undefined;
    },
  };
}

/** @typedef {ReturnType<typeof createApiValidator>} ApiValidator */

/**
 * @param {boolean} coerce
 * @param {object} defs
 */
function makeAjv(coerce, defs) {
  const ajv = new Ajv2020({ allErrors: false, strict: true, strictTypes: false, strictRequired: false, coerceTypes: coerce ? 'array' : false });
  addFormats(ajv);
  // OpenAPI annotations that are not JSON Schema keywords; `nullable` is rewritten by `normalize`.
  ajv.addVocabulary(['example', 'discriminator', 'xml', 'externalDocs']);
  ajv.addSchema(defs);
  return ajv;
}

/**
 * The reference's schemas as plain JSON Schema 2020-12: component refs point into one `$defs`
 * schema, and the OpenAPI 3.0 leftover `nullable: true` (which 3.1 dropped, but the reference still
 * writes, e.g. `errors: {type: object, nullable: true}`) becomes the 3.1 form `type: [T, "null"]`.
 * @param {any} schema
 * @returns {any}
 */
function normalize(schema) {
  if (Array.isArray(schema)) return schema.map(normalize);
  if (schema === null || typeof schema !== 'object') return schema;
  /** @type {Record<string, any>} */
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'nullable') continue;
    if (key === '$ref' && typeof value === 'string') out.$ref = value.replace('#/components/schemas/', `${DEFS_ID}#/$defs/`);
    // `properties` and `$defs` map names to schemas: normalize the schemas, not the names.
    else if ((key === 'properties' || key === '$defs') && value && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, normalize(sub)]));
    } else out[key] = normalize(value);
  }
  if (schema.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}

/**
 * Whether a parameter or property schema takes an array (directly or as an `anyOf` branch).
 * @param {any} schema
 */
function allowsArray(schema) {
  return schema?.type === 'array' || (Array.isArray(schema?.anyOf) && schema.anyOf.some((/** @type {any} */ s) => s.type === 'array'));
}

/**
 * Throws a 400 naming the field when `validate` refuses `data`.
 * @param {import('ajv').ValidateFunction} validate
 * @param {unknown} data
 * @param {(field: string) => string} nameOf maps the dotted field path to the name to report
 */
function refuse(validate, data, nameOf) {
  if (validate(data)) return;
  const error = pickError(validate.errors ?? []);
  const path = fieldPath(error);
  const field = nameOf(path);
  let detail = error?.message ?? 'is not valid';
  if (error?.keyword === 'enum') detail += `: ${error.params.allowedValues.map((/** @type {unknown} */ v) => JSON.stringify(v)).join(', ')}`;
  if (error?.keyword === 'required') detail = 'is required';
  throw new RequestError(400, 'BAD_REQUEST', `${field} ${detail}`, field);
}

/**
 * The most telling error: the deepest one that is not just "no anyOf branch matched".
 * @param {import('ajv').ErrorObject[]} errors
 */
function pickError(errors) {
  const specific = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf');
  const pool = specific.length > 0 ? specific : errors;
  return pool.reduce((best, e) => (fieldPath(e).length > fieldPath(best).length ? e : best), pool[0]);
}

/**
 * `/a/0/b` (plus a missing property) as `a[0].b`.
 * @param {import('ajv').ErrorObject | undefined} error
 */
function fieldPath(error) {
  if (!error) return '';
  const segments = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'required') segments.push(error.params.missingProperty);
  return segments.reduce((path, s) => (/^\d+$/.test(s) ? `${path}[${s}]` : path ? `${path}.${s}` : s), '');
}
