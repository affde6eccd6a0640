/**
 * The kept OpenAPI document against the reference it was extracted from, and the mock against the
 * document: every documented operation has a route.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { KEPT_DOCUMENT, findReference, formatDocument, mergeReference, operationsOf } from '../../scripts/api-reference.mjs';
import { contract, startMock, type RunningMock } from './mock-server.js';

const kept = JSON.parse(readFileSync(KEPT_DOCUMENT, 'utf8'));

describe('docs/api/alli-app-market.openapi.json', () => {
  const reference = findReference();
  it('is the reference, merged', { skip: reference ? false : 'the reference (shared/reference/alli-app-market-api.md beside the clone, or $ALLI_API_REFERENCE) is not here' }, () => {
    const merged = mergeReference(readFileSync(reference!, 'utf8'));
    assert.deepEqual(kept, merged, 'the kept document differs from the reference: run node scripts/extract-api.mjs');
    assert.equal(readFileSync(KEPT_DOCUMENT, 'utf8'), formatDocument(merged), 'same content, different formatting: run node scripts/extract-api.mjs');
  });
  it('holds the 13 operations, each with its responses', () => {
    assert.deepEqual(operationsOf(kept).sort(), [
      'GET /webapi/apps',
      'GET /webapi/v2/apps',
      'GET /webapi/v2/apps/{app_id}',
      'GET /webapi/v2/cognitive_config',
      'PATCH /webapi/v2/apps/{app_id}',
      'PATCH /webapi/v2/cognitive_config',
      'POST /webapi/apps',
      'POST /webapi/apps/{app_id}/run',
      'POST /webapi/end_conversation_by_agent',
      'POST /webapi/send_chat',
      'POST /webapi/skill',
      'POST /webapi/start_conversation',
      'POST /webapi/v2/apps/{app_id}/run_conversation',
    ]);
  });
  it('compiles, every parameter list and schema of it, in Ajv strict mode', () => {
    for (const op of contract.operations) {
      const params = { pathParams: Object.fromEntries(op.pathNames.map((n) => [n, 'x'])), query: new URLSearchParams(), headers: {} };
      assert.doesNotThrow(() => contract.checkParameters(op, params), `${op.method} ${op.path} parameters`);
      for (const type of contract.bodyTypes(op)) {
        // Compiling is the point; whether `{}` is a valid body does not matter here.
        try {
          contract.checkBody(op, type, {});
        } catch (err) {
          assert.equal((err as { status?: number }).status, 400, `${op.method} ${op.path} ${type}: ${(err as Error).message}`);
        }
      }
      for (const status of Object.keys(op.spec.responses)) contract.responseValidator(op.method, op.path, Number(status));
    }
  });
  it('refuses to merge blocks that disagree', () => {
    const block = (title: string) => '```json\n' + JSON.stringify({ openapi: '3.1.0', info: { title, version: '1' }, paths: { '/x': { get: { responses: {} } } } }) + '\n```\n';
    assert.throws(() => mergeReference(`## A\n${block('one')}## B\n${block('one')}`), /GET \/x appears twice/);
    assert.throws(() => mergeReference(`## A\n${block('one')}## B\n${block('two')}`), /"info" differs/);
  });
});

describe('the mock covers the document', () => {
  let mock: RunningMock;
  before(async () => {
    mock = await startMock();
  });
  after(() => mock.close());

  it('routes every documented operation (no 404 or 405 for the path and method)', async () => {
    for (const op of contract.operations) {
      const path = op.path.replace('{app_id}', 'demo');
      const res = await fetch(`${mock.base}${path}`, { method: op.method.toUpperCase(), headers: { 'API-KEY': 'node-test-key' } });
      await res.body?.cancel();
      assert.ok(res.status !== 404 && res.status !== 405, `${op.method.toUpperCase()} ${op.path} answered ${res.status}`);
    }
  });
});
