import { createClient, loopbackTransport } from '@borderpost/contract';
import { type DeviceHealthDoc, checkPostDocument } from '@borderpost/schemas';
import { ManualClock } from '@borderpost/sync';
import os from 'node:os';
import path from 'node:path';
import { HealthReporter, devicesForHealthReport } from './health-report';
import { type PostRuntime, startPostRuntime } from './runtime';
import { type TestCentral, startTestCentral } from './test-central';

jest.setTimeout(60_000);

function reporter(clock: ManualClock, written: DeviceHealthDoc[], overrides: Partial<ConstructorParameters<typeof HealthReporter>[0]> = {}) {
  return new HealthReporter({
    postId: 'north-gate',
    stationId: 'st-1',
    softwareVersion: '1.2.3',
    write: async (doc) => written.push(doc),
    devices: () => [{ kind: 'mrz-reader', model: 'cute over serial', status: 'ok' }],
    pendingDocs: () => 7,
    serverClockOffsetMs: () => -1520.4,
    listVersions: async () => ({ interpol: 3, national: 12 }),
    dataDir: os.tmpdir(),
    intervalMs: 15 * 60_000,
    minGapMs: 60_000,
    clock,
    ...overrides,
  });
}

describe('HealthReporter', () => {
  it('reports at start and then on its interval, as valid device-health documents', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 28, 8, 0));
    const written: DeviceHealthDoc[] = [];
    const health = reporter(clock, written);
    health.start();
    await clock.advance(0);
    expect(written).toHaveLength(1);
    const [first] = written;
    expect(first).toMatchObject({ type: 'device-health', postId: 'north-gate', stationId: 'st-1', pendingDocs: 7, softwareVersion: '1.2.3', clock: { serverOffsetMs: -1520 }, listVersions: { interpol: 3, national: 12 }, createdAt: '2026-11-28T08:00:00.000Z' });
    expect(first!._id).toMatch(/^device-health:north-gate:st-1:[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(first!.diskFreeBytes).toBeGreaterThan(0);
    expect(checkPostDocument(first as unknown as Record<string, unknown>, 'north-gate')).toMatchObject({ ok: true });
    await clock.advance(15 * 60_000 - 1);
    expect(written).toHaveLength(1);
    await clock.advance(1);
    expect(written).toHaveLength(2);
    await health.stop();
    await clock.advance(60 * 60_000);
    expect(written).toHaveLength(2);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('reports a device change soon, once for a burst of changes, never more often than the minimum gap', async () => {
    const clock = new ManualClock();
    const written: DeviceHealthDoc[] = [];
    const health = reporter(clock, written);
    health.start();
    await clock.advance(10_000);
    for (let i = 0; i < 50; i++) health.deviceChanged(); // a flapping cable
    await clock.advance(49_999);
    expect(written).toHaveLength(1);
    await clock.advance(1); // one minute after the last report
    expect(written).toHaveLength(2);
    health.deviceChanged();
    await clock.advance(60_000);
    expect(written).toHaveLength(3);
    await health.stop();
  });

  it('still reports the devices when the alert index cannot be read', async () => {
    const clock = new ManualClock();
    const written: DeviceHealthDoc[] = [];
    const health = reporter(clock, written, { listVersions: () => Promise.reject(new Error('index locked')) });
    await health.reportNow();
    expect(written).toHaveLength(1);
    expect(written[0]).not.toHaveProperty('listVersions');
    expect(written[0]!.devices).toHaveLength(1);
    await health.stop();
  });

  it('never throws when the write fails, and tells whoever listens', async () => {
    const clock = new ManualClock();
    const errors: unknown[] = [];
    const health = reporter(clock, [], { write: () => Promise.reject(new Error('disk full')), onError: (error) => errors.push(error) });
    await health.reportNow();
    await health.reportNow();
    expect(errors.map((e) => (e as Error).message)).toEqual(['disk full', 'disk full']);
    await health.stop();
  });

  it('says what each attached device is doing, in the document schema’s terms', () => {
    const manager = {
      config: {
        devices: [
          { role: 'mrz', transport: 'serial', port: '/dev/ttyUSB0', protocol: 'cute', baudRate: 9600 },
          { role: 'fingerprint', transport: 'serial', port: '/dev/ttyUSB1', protocol: 'zfm', baudRate: 57600 },
          { role: 'fingerprint', transport: 'sbi', protocol: 'sbi' },
        ],
      },
      health: () => [
        { id: 'a', status: 'degraded', successes: 3, failures: 4, lastSuccessAt: null, lastFailure: { at: '2026-11-28T08:00:00Z', code: 'DEVICE_CHECKSUM', message: 'bad BCC' } },
        { id: 'b', status: 'offline', successes: 0, failures: 1, lastSuccessAt: null, lastFailure: { at: '2026-11-28T08:00:00Z', code: 'DEVICE_PORT_GONE', message: 'unplugged' } },
        { id: 'c', status: 'unknown', successes: 0, failures: 0, lastSuccessAt: null, lastFailure: null },
      ],
    } as unknown as Parameters<typeof devicesForHealthReport>[0];
    expect(devicesForHealthReport(manager)).toEqual([
      { kind: 'mrz-reader', model: 'cute over serial', status: 'degraded', lastError: 'DEVICE_CHECKSUM: bad BCC' },
      { kind: 'fingerprint-scanner', model: 'zfm over serial', status: 'error', lastError: 'DEVICE_PORT_GONE: unplugged' },
      { kind: 'fingerprint-scanner', model: 'sbi over sbi', status: 'missing' },
    ]);
  });
});

describe('device-health reports from a running post', () => {
  let central: TestCentral;
  let runtime: PostRuntime | null = null;

  beforeAll(async () => {
    central = await startTestCentral('health');
  });

  afterAll(async () => {
    await runtime?.stop();
    await central?.close();
  });

  it('reach central with the station’s version and clock, and the console’s posts page shows them', async () => {
    const { server, adminToken: token } = central;
    // sync.now needs a signed-in officer; a short sync interval carries the report instead (bounded below).
    runtime = await startPostRuntime({ dataDir: path.join(central.dir, 'post'), mode: 'browser', version: '9.8.7', sync: { intervalMs: 300 } });
    const client = createClient(loopbackTransport(runtime.dispatch, runtime.events));
    const { code } = await server.storage.access.createEnrolmentCode('north-gate', 'technician', 60);
    await expect(client['station.enrol']({ serverUrl: server.url, code })).resolves.toMatchObject({ ok: true });

    let station: { softwareVersion?: string | null; pendingDocs?: number | null } | undefined;
    for (let i = 0; i < 200 && !station?.softwareVersion; i++) {
      const response = await fetch(`${server.url}/api/console/posts`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { posts: { postId: string; stations: { softwareVersion?: string | null; pendingDocs?: number | null }[] }[] };
      station = body.posts.find((post) => post.postId === 'north-gate')?.stations[0];
      if (!station?.softwareVersion) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(station).toMatchObject({ softwareVersion: '9.8.7' });
    expect(typeof station?.pendingDocs).toBe('number');
  });
});
