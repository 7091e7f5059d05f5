import path from 'node:path';
import { loadConfig } from './config';

describe('configuration from the environment', () => {
  it('has defaults that run with nothing else installed (SQLite in ./borderpost-data, loopback)', () => {
    expect(loadConfig({})).toMatchObject({ dataDir: path.resolve('borderpost-data'), port: 8420, host: '127.0.0.1', databaseUrl: null, maxBatchDocs: 2000, logLevel: 'info' });
  });

  it('reads the variables, and flags win over them', () => {
    const config = loadConfig({ BORDERPOST_DATA_DIR: '/srv/bp', PORT: '9000', DATABASE_URL: 'postgres://u@h/db', BORDERPOST_BODY_LIMIT_MB: '8', BORDERPOST_LOG_LEVEL: 'warn' }, { port: 7000 });
    expect(config).toMatchObject({ dataDir: '/srv/bp', port: 7000, databaseUrl: 'postgres://u@h/db', bodyLimitBytes: 8 * 1024 * 1024, logLevel: 'warn' });
  });

  it.each([
    [{ BORDERPOST_PORT: 'eighty' }, /BORDERPOST_PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://nope' }, /DATABASE_URL/],
    [{ BORDERPOST_LOG_LEVEL: 'loud' }, /BORDERPOST_LOG_LEVEL/],
    [{ BORDERPOST_MAX_BATCH_DOCS: '0' }, /BORDERPOST_MAX_BATCH_DOCS/],
    [{ BORDERPOST_BODY_LIMIT_MB: '-1' }, /BORDERPOST_BODY_LIMIT_MB/],
  ])('refuses %j at start with SERVER_BAD_CONFIG naming the variable', (env, name) => {
    expect(() => loadConfig(env)).toThrow(expect.objectContaining({ code: 'SERVER_BAD_CONFIG', message: expect.stringMatching(name) }));
  });
});
