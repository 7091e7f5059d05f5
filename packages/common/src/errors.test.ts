import { BorderpostError, capture, toErrorData } from './index';

describe('toErrorData', () => {
  it('keeps the stable code and details of a domain error', () => {
    const data = toErrorData(new BorderpostError('MRZ_BAD_LENGTH', 'line 2 has 43 characters', { line: 2 }));
    expect(data).toEqual({ code: 'MRZ_BAD_LENGTH', message: 'line 2 has 43 characters', details: { line: 2 } });
  });

  it('uses the fallback code for plain errors and non-errors', () => {
    expect(toErrorData(new Error('boom'))).toEqual({ code: 'INTERNAL_ERROR', message: 'boom' });
    expect(toErrorData('weird', 'X_FAIL')).toEqual({ code: 'X_FAIL', message: 'weird' });
  });

  it('keeps a Node system error code such as ENOENT', () => {
    const e = Object.assign(new Error('no such file'), { code: 'ENOENT' });
    expect(toErrorData(e).code).toBe('ENOENT');
  });
});

describe('capture', () => {
  it('wraps values and throws as Results', async () => {
    await expect(capture(() => 42)).resolves.toEqual({ ok: true, value: 42 });
    await expect(
      capture(() => {
        throw new BorderpostError('SYNC_OFFLINE', 'no link');
      }),
    ).resolves.toEqual({ ok: false, error: { code: 'SYNC_OFFLINE', message: 'no link' } });
  });
});
