import { createClient, httpTransport } from '@borderpost/contract';
import { loadConfig, startServer } from '@borderpost/server';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { run } from '../main';
import { runCli } from '../testing';

describe('borderpost post serve', () => {
  it('serves the contract over HTTP with a launch secret, and stops on SIGINT', async () => {
    const stdout = new PassThrough();
    let out = '';
    const firstLine = new Promise<string>((resolve) => {
      stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
      });
    });
    const exited = run(['post', 'serve', '--port', '0'], { stdin: Readable.from(['']), stdout, stderr: new PassThrough() });
    const started = JSON.parse(await firstLine) as { listening: string; launchUrl: string; runtime: string };
    expect(started.listening).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(started.runtime).toBe('placeholder');
    const secret = decodeURIComponent(new URL(started.launchUrl).hash.replace('#secret=', ''));
    expect(secret.length).toBeGreaterThanOrEqual(32);

    const transport = httpTransport({ baseUrl: started.listening, secret });
    const client = createClient(transport);
    await expect(client['app.info']({})).resolves.toMatchObject({ ok: true, value: { mode: 'browser', runtimeReady: false } });
    await expect(client['capture.start']({ direction: 'entry' })).resolves.toMatchObject({ ok: false, error: { code: 'RUNTIME_NOT_READY' } });
    const intruder = createClient(httpTransport({ baseUrl: started.listening, secret: 'guessed-secret-value' }));
    await expect(intruder['app.info']({})).resolves.toMatchObject({ ok: false, error: { code: 'SERVE_UNAUTHORIZED' } });
    transport.close();

    process.emit('SIGINT');
    await expect(exited).resolves.toBe(0);
    expect(out).toContain('{"stopped":true}');
  });

  it('refuses a bad port as a usage error', async () => {
    const result = await runCli(['post', 'serve', '--port', 'eighty']);
    expect(result.code).toBe(2);
  });
});

describe('borderpost post enrol', () => {
  it('enrols against central and keeps the secrets out of the output', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-cli-enrol-'));
    const server = await startServer(loadConfig({}, { dataDir: path.join(dir, 'central'), port: 0, host: '127.0.0.1', logLevel: 'silent' }));
    try {
      const { code } = await server.storage.access.createEnrolmentCode('north-gate', 'test', 60);
      const data = path.join(dir, 'post');
      const enrolled = await runCli(['post', 'enrol', '--server', server.url, '--code', code, '--data', data, '--name', 'Lane 1']);
      expect(enrolled.code).toBe(0);
      expect(enrolled.lines).toEqual([{ stationId: expect.any(String), postId: 'north-gate', serverUrl: server.url }]);
      expect(enrolled.stdout).not.toMatch(/bps_/);
      const stored = JSON.parse(fs.readFileSync(path.join(data, 'station-secrets.json'), 'utf8')) as { token: string };
      expect(stored.token).toMatch(/^bps_/);

      const again = await runCli(['post', 'enrol', '--server', server.url, '--code', code, '--data', data]);
      expect(again.code).toBe(1);
      expect(JSON.parse(again.stderr)).toMatchObject({ error: { code: 'STATION_ENROL_REFUSED' } });
    } finally {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('borderpost post serve --data', () => {
  it('serves the post runtime: not enrolled yet, enrolment offered through the contract', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-cli-serve-'));
    const stdout = new PassThrough();
    let out = '';
    const firstLine = new Promise<string>((resolve) => {
      stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
      });
    });
    const exited = run(['post', 'serve', '--data', dir], { stdin: Readable.from(['']), stdout, stderr: new PassThrough() });
    try {
      const started = JSON.parse(await firstLine) as { listening: string; launchUrl: string; runtime: string; station: unknown };
      expect(started).toMatchObject({ runtime: 'post', station: null });
      const secret = decodeURIComponent(new URL(started.launchUrl).hash.replace('#secret=', ''));
      const client = createClient(httpTransport({ baseUrl: started.listening, secret }));
      await expect(client['app.info']({})).resolves.toMatchObject({ ok: true, value: { mode: 'browser', enrolled: false } });
      await expect(client['station.enrol']({ serverUrl: 'http://127.0.0.1:9', code: 'ABCDE-FGHIJ' })).resolves.toMatchObject({
        ok: false,
        error: { code: 'STATION_ENROL_NO_LINK' },
      });
    } finally {
      process.emit('SIGINT');
      await expect(exited).resolves.toBe(0);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('borderpost post export-bundle → server import-bundle', () => {
  it('carries a bundle from an enrolled station without a link to central, and refuses an unenrolled data directory', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-cli-bundle-'));
    const centralDir = path.join(dir, 'central');
    const server = await startServer(loadConfig({}, { dataDir: centralDir, port: 0, host: '127.0.0.1', logLevel: 'silent' }));
    const data = path.join(dir, 'post');
    try {
      const { code } = await server.storage.access.createEnrolmentCode('north-gate', 'test', 60);
      expect((await runCli(['post', 'enrol', '--server', server.url, '--code', code, '--data', data])).code).toBe(0);
    } finally {
      await server.close();
    }
    try {
      const file = path.join(dir, 'stick.bpb');
      const exported = await runCli(['post', 'export-bundle', '--data', data, '--out', file]);
      expect(exported.stderr).toBe('');
      expect(exported.code).toBe(0);
      const report = exported.lines[0] as { path: string; documents: number; bytes: number };
      expect(report).toEqual({ path: file, documents: expect.any(Number), bytes: fs.statSync(file).size });
      const imported = await runCli(['server', 'import-bundle', '--data', centralDir, file]);
      expect(imported.stderr).toBe('');
      expect(imported.lines[0]).toMatchObject({ postId: 'north-gate', documents: report.documents, refused: [] });

      // The way back: central's reference data for the post, imported at the post (twice: nothing new).
      const referenceFile = path.join(dir, 'reference.bpb');
      const back = await runCli(['server', 'export-bundle', '--data', centralDir, '--post', 'north-gate', '--out', referenceFile]);
      expect(back.stderr).toBe('');
      const backReport = back.lines[0] as { documents: number; postId: string };
      expect(backReport).toMatchObject({ path: referenceFile, postId: 'north-gate', stationIds: [expect.any(String)], documents: expect.any(Number) });
      expect(backReport.documents).toBeGreaterThanOrEqual(2); // at least the post and station documents
      const first = await runCli(['post', 'import-bundle', '--data', data, referenceFile]);
      expect(first.stderr).toBe('');
      expect(first.lines[0]).toEqual({ documents: backReport.documents, alreadyPresent: 0 });
      const second = await runCli(['post', 'import-bundle', '--data', data, referenceFile]);
      expect(second.lines[0]).toEqual({ documents: backReport.documents, alreadyPresent: backReport.documents });
      const wrongWay = await runCli(['post', 'import-bundle', '--data', data, file]);
      expect(JSON.parse(wrongWay.stderr)).toMatchObject({ error: { code: 'BUNDLE_WRONG_RECIPIENT' } });
      const unknownPost = await runCli(['server', 'export-bundle', '--data', centralDir, '--post', 'nowhere', '--out', referenceFile]);
      expect(JSON.parse(unknownPost.stderr)).toMatchObject({ error: { code: 'BUNDLE_NO_STATION_KEY' } });

      const notEnrolled = await runCli(['post', 'export-bundle', '--data', path.join(dir, 'empty'), '--out', path.join(dir, 'x.bpb')]);
      expect(notEnrolled.code).toBe(1);
      expect(JSON.parse(notEnrolled.stderr)).toMatchObject({ error: { code: 'RUNTIME_NOT_READY' } });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
