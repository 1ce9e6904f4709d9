import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../connector.js';
import { movingFactor, readEnvelope } from './envelope.js';

const base = {
  primaryKey: null,
  status: 200,
  errorList: null,
  redirectURL: null,
  successToken: null,
  successMessage: null,
  contextValues: null,
  stackTrace: null,
  possibleErrors: null,
  error: false,
};
const wrongCode = {
  ...base,
  status: 500,
  error: true,
  errorList: [
    {
      i18nError: null,
      error: 'CODE_NOT_EQUAL',
      validationError: null,
      params: null,
      message: 'Sent code and input do not match',
    },
  ],
};
const read = (status: number, body: unknown) =>
  readEnvelope('openiam test', status, typeof body === 'string' ? body : JSON.stringify(body));
function thrown(fn: () => unknown): UpstreamError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UpstreamError);
    return e as UpstreamError;
  }
  throw new Error('expected a throw');
}

describe('readEnvelope', () => {
  it('decides success on the body: error false and status 200', () => {
    expect(read(200, base)).toEqual({ ok: true, contextValues: {} });
    expect(read(200, { ...base, status: 401 })).toEqual({ ok: false, errors: ['STATUS_401'] });
    expect(read(200, { ...base, error: true })).toEqual({ ok: false, errors: ['STATUS_200'] });
  });

  it('reads a business failure whatever the HTTP status', () => {
    expect(read(200, wrongCode)).toEqual({ ok: false, errors: ['CODE_NOT_EQUAL'] });
    expect(read(500, wrongCode)).toEqual({ ok: false, errors: ['CODE_NOT_EQUAL'] });
    expect(read(400, wrongCode)).toEqual({ ok: false, errors: ['CODE_NOT_EQUAL'] });
  });

  it('fails closed on a success body under an error status, garbage, and non-envelopes', () => {
    expect(thrown(() => read(500, base)).kind).toBe('bad_response');
    expect(thrown(() => read(200, '<html>')).kind).toBe('bad_response');
    expect(thrown(() => read(400, { timestamp: 1, status: 400, error: 'Bad Request', path: '/x' })).kind).toBe(
      'bad_response',
    );
    expect(thrown(() => read(200, { ...base, error: 'false' })).kind).toBe('bad_response');
  });

  it('treats stack traces and INTERNAL_ERROR as upstream faults, withholding trace and context values', () => {
    const err = thrown(() =>
      read(200, {
        ...wrongCode,
        stackTrace: 'java.lang.NPE at org.openiam.Secret',
        contextValues: { host: 'db.internal:5432' },
      }),
    );
    expect(err.message).not.toMatch(/NPE|org\.openiam|db\.internal/);
    expect(thrown(() => read(200, { ...wrongCode, errorList: [{ error: 'INTERNAL_ERROR', message: 'x' }] })).kind).toBe(
      'bad_response',
    );
  });

  it('keeps only enum-like error names', () => {
    expect(read(200, { ...wrongCode, errorList: [{ error: 'code <script>', message: 'x' }] })).toEqual({
      ok: false,
      errors: ['UNRECOGNISED'],
    });
  });
});

describe('movingFactor', () => {
  it('accepts a number (the 4.x wire) or a digit string, under the channel key or any *MovingFactor key', () => {
    expect(movingFactor({ emailMovingFactor: 1723562999236 }, 'emailMovingFactor')).toBe('1723562999236');
    expect(movingFactor({ smsMovingFactor: '1721970770048' }, 'smsMovingFactor')).toBe('1721970770048');
    expect(movingFactor({ movingFactor: 17 }, 'smsMovingFactor')).toBe('17');
    for (const v of [null, -1, 1.5, 'x1', {}, ''])
      expect(movingFactor({ emailMovingFactor: v }, 'emailMovingFactor')).toBeNull();
  });
});
