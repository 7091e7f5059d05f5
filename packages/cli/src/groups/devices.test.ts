import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeGreyPng, startEmulator, socatAvailable, syntheticFingerprint, type RunningEmulator } from '@borderpost/devices';
import { runCli } from '../testing';

// Serial commands run against emulators behind real socat pseudo-terminals (conventions §12).
const haveSocat = socatAvailable();
if (!haveSocat && process.env.CI === 'true') throw new Error('socat is required under CI=true for the devices CLI tests');
if (!haveSocat) console.warn('\n\n*** SKIPPING devices CLI serial tests: socat is not installed (apt-get install socat) ***\n\n');
const withSocat = haveSocat ? describe : describe.skip;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'bp-devices-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('borderpost devices (no hardware needed)', () => {
  it('lists devices as JSON', async () => {
    const result = await runCli(['devices', 'list', '--no-hid', '--no-sbi']);
    expect(result.code).toBe(0);
    expect(result.lines[0]).toMatchObject({ devices: expect.any(Array), warnings: expect.any(Array) });
  });

  it('rejects an unknown protocol with a usage error', async () => {
    const result = await runCli(['devices', 'read-mrz', '--port', '/dev/null', '--protocol', 'morse']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { code: 'CLI_USAGE' } });
  });

  it('read-mrz without --port for a serial protocol is a usage error', async () => {
    const result = await runCli(['devices', 'read-mrz', '--protocol', 'cute']);
    expect(result.code).toBe(2);
  });

  it('read-mrz --protocol access-is-hid with a path that is not a HID device fails with a DEVICE_ code', async () => {
    const result = await runCli(['devices', 'read-mrz', '--protocol', 'access-is-hid', '--port', path.join(dir, 'no-hidraw'), '--timeout', '1']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr).error.code).toMatch(/^DEVICE_/);
  });

  it('reports a missing port with DEVICE_NOT_FOUND', async () => {
    const result = await runCli(['devices', 'read-mrz', '--port', path.join(dir, 'no-such-tty'), '--protocol', 'cute']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { code: 'DEVICE_NOT_FOUND' } });
  });

  // jpeg2000 is what certified devices send (ISO 19794-4 compression 5) and the emulator's default.
  it.each(['jpeg2000', 'png'] as const)('captures a finger from the SBI emulator sending %s and writes an 8-bit grey PNG', async (imageFormat) => {
    const sbi = await startEmulator('sbi', { sbiPort: 0, imageFormat, seed: 7 });
    try {
      const out = path.join(dir, `sbi-${imageFormat}.png`);
      const result = await runCli(['devices', 'capture-finger', '--sbi', '--sbi-port', String(sbi.port), '--finger', 'Right IndexFinger', '--out', out]);
      expect(result.code).toBe(0);
      const printed = result.lines[0] as Record<string, unknown>;
      expect(printed).toMatchObject({ width: 320, height: 400, dpi: 500, bioSubType: 'Right IndexFinger', quality: expect.any(Number) });
      expect(readFileSync(out).subarray(1, 4).toString()).toBe('PNG');
      expect(printed.bytes).toBe(readFileSync(out).length);
      const png = decodeGreyPng(readFileSync(out));
      expect({ width: png.width, height: png.height, dpi: png.dpi }).toEqual({ width: 320, height: 400, dpi: 500 });
      // Lossless end to end: the emulator drew seed 7 × 100 + 1 for the first capture.
      expect(Buffer.from(png.pixels).equals(Buffer.from(syntheticFingerprint(320, 400, 701)))).toBe(true);
      expect(existsSync(`${out}.iso`)).toBe(false);
    } finally {
      await sbi.stop();
    }
  });

  it('emulate refuses an unknown --image-format', async () => {
    const result = await runCli(['devices', 'emulate', 'sbi', '--image-format', 'wsq']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--image-format must be one of jpeg2000, png/);
  });

  it('watch prints what is present, then stops after --duration', async () => {
    const result = await runCli(['devices', 'watch', '--interval', '0.1', '--duration', '0.3', '--no-hid']);
    expect(result.code).toBe(0);
    for (const line of result.lines) expect(line).toMatchObject({ event: 'present', device: { kind: 'serial' }, at: expect.any(String) });
  });

  it('check reports an offline device and refuses an invalid configuration', async () => {
    const config = path.join(dir, 'station.json');
    writeFileSync(config, JSON.stringify({ version: 1, devices: [{ role: 'mrz', transport: 'serial', port: path.join(dir, 'gone'), protocol: 'cute', baudRate: 9600 }] }));
    const result = await runCli(['devices', 'check', '--config', config, '--wait', '0.2']);
    expect(result.code).toBe(0);
    expect(result.lines[0]).toMatchObject({ valid: true, devices: [{ role: 'mrz', status: 'offline', error: { code: 'DEVICE_NOT_FOUND' } }] });
    writeFileSync(config, JSON.stringify({ version: 1, devices: [{ role: 'mrz', transport: 'serial', protocol: 'cute', baudRate: 12 }] }));
    const bad = await runCli(['devices', 'check', '--config', config]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stderr)).toMatchObject({ error: { code: 'DEVICE_CONFIG_INVALID', details: { problems: expect.any(Array) } } });
  });

  // The only test that scans the real SBI range (4501–4600): the emulator sits there like a vendor service.
  it('capture-finger --sbi without a port discovers the emulated service in 4501–4600', async () => {
    const sbi = await startEmulator('sbi');
    expect(sbi.port).toBeGreaterThanOrEqual(4501);
    expect(sbi.port).toBeLessThanOrEqual(4600);
    try {
      const result = await runCli(['devices', 'capture-finger', '--sbi', '--finger', 'Left Thumb', '--quality', '70', '--out', path.join(dir, 'thumb.png')]);
      expect(result.code).toBe(0);
      expect(result.lines[0]).toMatchObject({ bioSubType: 'Left Thumb', requestedScore: 70, quality: expect.any(Number) });
    } finally {
      await sbi.stop();
    }
  });

  it('refuses an unknown finger name', async () => {
    const result = await runCli(['devices', 'capture-finger', '--sbi', '--sbi-port', '1', '--finger', 'Left Pinky', '--out', path.join(dir, 'x.png')]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { code: 'DEVICE_CONFIG_INVALID' } });
  });
});

withSocat('borderpost devices against emulators over pseudo-terminals', () => {
  let emulator: RunningEmulator | undefined;
  afterEach(async () => {
    await emulator?.stop();
    emulator = undefined;
  });

  it.each(['cute', '3m', 'lines'] as const)('read-mrz --protocol %s prints the parsed document and the raw frame', async (protocol) => {
    emulator = await startEmulator(protocol, { intervalMs: 300, seed: 5 });
    const result = await runCli(['devices', 'read-mrz', '--port', emulator.path!, '--protocol', protocol, '--timeout', '10']);
    expect(result.code).toBe(0);
    const doc = result.lines[0] as Record<string, unknown> & { frame: { hex: string; protocol: string }; checks: Record<string, boolean> };
    expect(doc).toMatchObject({ format: expect.any(String), documentNumber: expect.any(String), lines: expect.any(Array) });
    expect(Object.values(doc.checks).every(Boolean)).toBe(true);
    expect(doc.frame.protocol).toBe(protocol);
    expect(doc.frame.hex).toMatch(/^([0-9a-f]{2})+$/);
  });

  it('read-mrz times out on a silent reader with DEVICE_TIMEOUT and the trace', async () => {
    emulator = await startEmulator('cute', { fault: 'silence' });
    const result = await runCli(['devices', 'read-mrz', '--port', emulator.path!, '--protocol', 'cute', '--timeout', '0.5']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { code: 'DEVICE_TIMEOUT', details: { trace: expect.any(Array) } } });
  });

  it('check opens a station configuration on an emulated reader and counts the documents read', async () => {
    emulator = await startEmulator('cute', { intervalMs: 200 });
    const config = path.join(dir, 'station-ok.json');
    writeFileSync(config, JSON.stringify({ version: 1, devices: [{ role: 'mrz', transport: 'serial', port: emulator.path, protocol: 'cute', baudRate: 9600 }] }));
    const result = await runCli(['devices', 'check', '--config', config, '--wait', '1']);
    expect(result.code).toBe(0);
    const report = result.lines[0] as { devices: { status: string; documents: number }[] };
    expect(report.devices[0]!.status).toBe('ok');
    expect(report.devices[0]!.documents).toBeGreaterThanOrEqual(2);
  });

  it('read-mrz with the wrong protocol times out with a hint naming the right one', async () => {
    emulator = await startEmulator('cute', { intervalMs: 150 });
    const result = await runCli(['devices', 'read-mrz', '--port', emulator.path!, '--protocol', '3m', '--timeout', '1']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { code: 'DEVICE_TIMEOUT', details: { hint: expect.stringContaining('--protocol cute') } } });
  });

  it('probe finds the ZFM module and its baud rate; a silent port is DEVICE_TIMEOUT', async () => {
    emulator = await startEmulator('zfm');
    const found = await runCli(['devices', 'probe', '--port', emulator.path!]);
    expect(found.code).toBe(0);
    expect(found.lines[0]).toMatchObject({ protocol: 'zfm', baudRate: 57600, parameters: { packetSize: 128 } });
    await emulator.stop();
    emulator = await startEmulator('zfm', { fault: 'silence' });
    const silent = await runCli(['devices', 'probe', '--port', emulator.path!]);
    expect(silent.code).toBe(1);
    expect(JSON.parse(silent.stderr)).toMatchObject({ error: { code: 'DEVICE_TIMEOUT' } });
  }, 30_000);

  it('capture-finger --protocol zfm writes a 256×288 PNG', async () => {
    emulator = await startEmulator('zfm');
    const out = path.join(dir, 'zfm.png');
    const result = await runCli(['devices', 'capture-finger', '--port', emulator.path!, '--protocol', 'zfm', '--out', out]);
    expect(result.code).toBe(0);
    expect(result.lines[0]).toMatchObject({ width: 256, height: 288, dpi: 500, quality: null, bytes: readFileSync(out).length });
  });

  it('`devices emulate cute` as a process prints its PTY, serves read-mrz, and cleans up socat on SIGTERM', async () => {
    const bin = path.resolve(__dirname, '..', '..', 'bin', 'borderpost.js');
    const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [bin, 'devices', 'emulate', 'cute', '--interval', '0.3'], { stdio: 'pipe' });
    try {
      const first = await new Promise<Record<string, unknown>>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const line = out.split('\n')[0];
          if (out.includes('\n') && line) resolve(JSON.parse(line) as Record<string, unknown>);
        });
        child.once('exit', (code) => reject(new Error(`emulator exited early (${code})`)));
      });
      expect(first).toMatchObject({ emulator: 'cute', fault: 'none', path: expect.stringMatching(/^\/dev\//), baudRate: 9600 });
      const result = await runCli(['devices', 'read-mrz', '--port', String(first.path), '--protocol', 'cute', '--timeout', '10']);
      expect(result.code).toBe(0);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      // socat is gone with it: the pseudo-terminal no longer exists.
      expect(existsSync(String(first.path))).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
