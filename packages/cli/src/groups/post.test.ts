import { createClient, httpTransport } from '@borderpost/contract';
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
