import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../testing';

jest.setTimeout(60_000);

describe('borderpost server', () => {
  let dataDir: string;
  const env = { ...process.env };
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'borderpost-cli-server-'));
    delete process.env.DATABASE_URL;
  });
  afterEach(() => {
    process.env = { ...env };
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('enrol prints a one-time code that can be revoked; create-user reads the password from stdin', async () => {
    const enrol = await runCli(['server', 'enrol', '--data', dataDir, '--post', 'agadez-1']);
    expect(enrol.code).toBe(0);
    const created = enrol.lines[0] as { code: string; codeId: string; postId: string; expiresAt: string };
    expect(created.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(created.postId).toBe('agadez-1');
    expect(Date.parse(created.expiresAt)).toBeGreaterThan(Date.now());

    const revoke = await runCli(['server', 'revoke-code', '--data', dataDir, '--code-id', created.codeId]);
    expect(revoke.code).toBe(0);
    const again = await runCli(['server', 'revoke-code', '--data', dataDir, '--code-id', created.codeId]);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stderr)).toMatchObject({ error: { code: 'SERVER_UNKNOWN_CODE' } });

    const user = await runCli(['server', 'create-user', '--data', dataDir, '--user', 'chief', '--role', 'supervisor'], 'a long enough password\n');
    expect(user.stderr).toBe('');
    expect(user.code).toBe(0);
    expect(user.lines[0]).toEqual({ userId: 'chief', role: 'supervisor' });
  });

  it('refuses a bad post id and bad configuration with stable codes', async () => {
    const bad = await runCli(['server', 'enrol', '--data', dataDir, '--post', 'Not:A:Post']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stderr)).toMatchObject({ error: { code: 'SERVER_BAD_POST_ID' } });
    process.env.BORDERPOST_MAX_BATCH_DOCS = 'lots';
    const config = await runCli(['server', 'enrol', '--data', dataDir, '--post', 'p1']);
    expect(JSON.parse(config.stderr)).toMatchObject({ error: { code: 'SERVER_BAD_CONFIG' } });
  });

  it('runs as `npx borderpost server` with nothing else installed and stops gracefully on SIGTERM', async () => {
    const bin = path.resolve(__dirname, '..', '..', 'bin', 'borderpost.js');
    const child = spawn(process.execPath, [bin, 'server', '--data', dataDir, '--port', '0'], { env: { ...env, DATABASE_URL: '', BORDERPOST_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 30_000;
      while (!stdout.includes('\n') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      const started = JSON.parse(stdout.split('\n')[0]!) as { listening: string; storage: string };
      expect(started.storage).toBe('sqlite');
      const health = await fetch(`${started.listening}/health`);
      expect(await health.json()).toMatchObject({ status: 'ok', storage: 'sqlite' });
      const anonymous = await fetch(`${started.listening}/reference`);
      expect(anonymous.status).toBe(401);
      expect(fs.existsSync(path.join(dataDir, 'central.sqlite'))).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stdout).toContain('"stopped":true');
  });
});
