import type { FaultMode } from '../emulators/faults';
import { contrastQuality } from '../fingerprint/image';
import type { ZfmScanner } from '../fingerprint/zfm';

/** A tier of the ZFM contract: a scanner wired to an emulated module with a given fault and model. */
export interface ZfmHarness {
  scanner: ZfmScanner;
  cleanup(): Promise<void>;
}

export type MakeZfmHarness = (options: { fault: FaultMode; model: 'zfm' | 'r503' }) => Promise<ZfmHarness>;

/**
 * The contract every ZFM tier passes: handshake, capture after "no finger" polls, the two image sizes,
 * template upload, and each fault turned into its DEVICE_* error, never a hang or a crash.
 */
export function zfmScannerContract(make: MakeZfmHarness): void {
  let harness: ZfmHarness | undefined;
  afterEach(async () => {
    await harness?.cleanup();
    harness = undefined;
  });
  const open = async (fault: FaultMode = 'none', model: 'zfm' | 'r503' = 'zfm') => {
    harness = await make({ fault, model });
    return harness.scanner;
  };

  it('handshakes (VfyPwd, ReadSysPara) and reads the system parameters', async () => {
    const scanner = await open();
    const params = await scanner.handshake();
    expect(params.packetSize).toBe(128);
    expect(params.baudRate).toBe(57600);
    expect(params.libraryCapacity).toBeGreaterThan(0);
  });

  it('waits for the finger, then uploads a 256×288 image with ridges', async () => {
    const scanner = await open();
    await scanner.handshake();
    let waited = false;
    scanner.on('waitingForFinger', () => (waited = true));
    const image = await scanner.captureImage({ timeoutMs: 10_000, pollIntervalMs: 20 });
    expect(waited).toBe(true);
    expect([image.width, image.height, image.dpi]).toEqual([256, 288, 500]);
    expect(image.pixels).toHaveLength(256 * 288);
    // Ridges: the centre alternates dark and light, it is neither blank nor uniform noise.
    expect(contrastQuality(image)).toBeGreaterThan(50);
  });

  it('reads the R503 192×192 image', async () => {
    const scanner = await open('none', 'r503');
    await scanner.handshake();
    const image = await scanner.captureImage({ timeoutMs: 10_000, pollIntervalMs: 20 });
    expect([image.width, image.height]).toEqual([192, 192]);
  });

  it('uploads the template of the captured finger', async () => {
    const scanner = await open();
    await scanner.handshake();
    await scanner.captureImage({ pollIntervalMs: 20 });
    const template = await scanner.uploadTemplate(1);
    expect(template.length).toBe(512);
  });

  it('fails a capture whose data packet has a wrong checksum with DEVICE_BAD_CHECKSUM', async () => {
    const scanner = await open('bad-checksum');
    await scanner.handshake();
    await expect(scanner.captureImage({ pollIntervalMs: 20 })).rejects.toMatchObject({ code: 'DEVICE_BAD_CHECKSUM' });
  });

  it('fails with DEVICE_TIMEOUT when the module never answers', async () => {
    const scanner = await open('silence');
    await expect(scanner.handshake()).rejects.toMatchObject({ code: 'DEVICE_TIMEOUT' });
  });

  it('fails with DEVICE_TIMEOUT when an upload stops halfway', async () => {
    const scanner = await open('partial');
    await scanner.handshake();
    await expect(scanner.captureImage({ pollIntervalMs: 20 })).rejects.toMatchObject({ code: 'DEVICE_TIMEOUT', details: { bytesReceived: expect.any(Number) } });
  });

  it('fails with DEVICE_DISCONNECTED when unplugged mid-transfer', async () => {
    const scanner = await open('unplug');
    await scanner.handshake();
    await expect(scanner.captureImage({ pollIntervalMs: 20 })).rejects.toMatchObject({ code: 'DEVICE_DISCONNECTED' });
  });

  it('ignores line noise between packets', async () => {
    const scanner = await open('garbage');
    const noise: string[] = [];
    scanner.on('noise', (n) => noise.push(n.kind));
    await scanner.handshake();
    const image = await scanner.captureImage({ pollIntervalMs: 20 });
    expect(image.width).toBe(256);
    expect(noise).toContain('garbage');
  });
}
