import { expect } from '@open-wc/testing';
import { AlliError, ErrorCode, endReasonOf, errorKindForStatus, streamErrorToAlliError, toAlliError } from '../../src/model/errors.js';

describe('stream error conversion', () => {
  it('follows `retryable` when Alli sends it', () => {
    expect(streamErrorToAlliError({ code: 'X', message: 'm', retryable: true, status: 400 }).kind).to.equal('server');
    expect(streamErrorToAlliError({ code: 'X', message: 'm', retryable: false, status: 503 }).kind).to.equal('bad-request');
  });

  it('without `retryable`, a 4xx status is a refused request and anything else a fault on Alli\'s side', () => {
    expect(streamErrorToAlliError({ code: ErrorCode.FormInvalid, message: 'm', status: 400 }).kind).to.equal('bad-request');
    expect(streamErrorToAlliError({ code: 'X', message: 'm', status: 500 }).kind).to.equal('server');
    expect(streamErrorToAlliError({ code: ErrorCode.Unknown, message: 'm' }).kind).to.equal('server');
  });

  it('keeps the message, status, code and per-field messages', () => {
    const error = streamErrorToAlliError({ code: 'FORM_INVALID', message: 'check', status: 400, fields: { email: 'taken' }, retryable: false });
    expect(error).to.be.instanceOf(AlliError);
    expect(error).to.include({ message: 'check', status: 400, code: 'FORM_INVALID' });
    expect(error.fields).to.deep.equal({ email: 'taken' });
  });
});

describe('error helpers', () => {
  it('maps HTTP statuses to kinds', () => {
    expect([400, 401, 403, 404, 413, 422, 429, 418, 500, 503].map(errorKindForStatus)).to.deep.equal([
      'bad-request',
      'unauthorized',
      'forbidden',
      'not-found',
      'too-large',
      'bad-request',
      'rate-limited',
      'bad-request',
      'server',
      'server',
    ]);
  });

  it('takes anything thrown that is not an AlliError as a network failure', () => {
    const own = new AlliError('server', 'x');
    expect(toAlliError(own)).to.equal(own);
    const wrapped = toAlliError(new TypeError('Failed to fetch'));
    expect(wrapped.kind).to.equal('network');
    expect(wrapped.cause).to.be.instanceOf(TypeError);
  });

  it('reads a done reason, an unknown or missing one as completed', () => {
    expect(endReasonOf('waiting_input')).to.equal('waiting_input');
    expect(endReasonOf('stopped')).to.equal('stopped');
    expect(endReasonOf('later')).to.equal('completed');
    expect(endReasonOf(undefined)).to.equal('completed');
  });
});
