import { createClient, httpTransport } from '@borderpost/contract';
import { formatMrz } from '@borderpost/mrz';
import { placeholderFaceJpeg } from '@borderpost/schemas';
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { runCli } from '../testing';
import { DEMO_WANTED, demoCredentials } from './demo-system';

jest.setTimeout(180_000);

const bin = path.resolve(__dirname, '..', '..', 'bin', 'borderpost.js');

function unwrap<T>(answer: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.value;
}

/**
 * `npm start` as a user runs it: `borderpost demo --system` as a child process — wait for the URL line,
 * use it (the page, and a whole capture through the HTTP contract of browser mode), then Ctrl-C (SIGINT)
 * and a clean exit.
 */
describe('borderpost demo --system', () => {
  let child: ChildProcess | null = null;

  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('runs central, an enrolled post with emulated devices and the officer UI; a capture over HTTP reaches central; Ctrl-C stops everything', async () => {
    child = spawn(process.execPath, [bin, 'demo', '--system', '--no-build'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const lines: Array<Record<string, unknown>> = [];
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
      readline.createInterface({ input: child!.stdout! }).on('line', (text) => {
        const line = JSON.parse(text) as Record<string, unknown>;
        lines.push(line);
        if (line.demo === 'ready') resolve(line);
      });
      void exited.then((code) => reject(new Error(`the demo exited (${code}) before it was ready: ${stderr}`)));
    });
    // the MRZ demo lines still come first
    expect(lines[0]).toMatchObject({ demo: 'borderpost' });
    expect(lines.filter((line) => line.step === 'clean read')).toHaveLength(3);
    expect(ready.signIn).toEqual(demoCredentials.officer);

    const launch = new URL(ready.url as string);
    const secret = new URLSearchParams(launch.hash.slice(1)).get('secret')!;
    const page = await fetch(`${launch.origin}/`);
    // the UI bundle is there when it was built (npm run build:officer-ui); the server answers either way
    expect([200, 404]).toContain(page.status);
    await page.arrayBuffer();

    const transport = httpTransport({ baseUrl: launch.origin, secret });
    const client = createClient(transport);
    await expect(client['app.info']({})).resolves.toMatchObject({ ok: true, value: { enrolled: true, runtimeReady: true, postId: 'demo-post' } });
    for (let i = 0; i < 400; i++) {
      const state = await client['sync.state']({});
      if (state.ok && state.value.lastSuccessAt) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    unwrap(await client['session.signIn'](demoCredentials.officer));
    const { captureId } = unwrap(await client['capture.start']({ direction: 'entry' }));
    unwrap(await client['capture.takeDocument']({ captureId, source: 'typed-mrz', mrzLines: formatMrz(DEMO_WANTED, 'TD3') }));
    for (const position of ['right-index', 'left-index'] as const) {
      expect(unwrap(await client['capture.captureFinger']({ captureId, position })).slot.status).toBe('captured');
    }
    unwrap(await client['capture.takeFace']({ captureId, jpegBase64: placeholderFaceJpeg('demo').toString('base64') }));
    const checks = unwrap(await client['capture.checkAlerts']({ captureId }));
    expect(checks.hits).toEqual([expect.objectContaining({ listId: 'demo-wanted', entryId: 'p1' })]);
    unwrap(await client['capture.acknowledgeHit']({ captureId, listId: 'demo-wanted', entryId: 'p1', outcome: 'referred' }));
    unwrap(await client['capture.decide']({ captureId, decision: { outcome: 'referred' }, travel: { purpose: 'tourism', transport: 'car' } }));
    const saved = unwrap(await client['capture.commit']({ captureId }));
    expect(unwrap(await client['work.today']({})).items.map((item) => item.crossingId)).toEqual([saved.crossingId]);
    await client['sync.now']({});
    transport.close?.();

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(lines.at(-1)).toEqual({ demo: 'stopped' });
  });

  it('stops by itself with --exit-after-ready (a non-interactive run never hangs)', async () => {
    const result = await runCli(['demo', '--system', '--exit-after-ready', '--no-build']);
    expect(result.code).toBe(0);
    expect(result.lines.map((line) => (line as { demo?: string }).demo).filter(Boolean)).toEqual(expect.arrayContaining(['borderpost', 'central', 'ready', 'stopped']));
  });
});
