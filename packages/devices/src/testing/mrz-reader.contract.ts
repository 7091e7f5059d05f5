import type { DeviceError } from '../errors';
import type { Misread } from '../framing/types';
import type { MrzReader } from '../mrz-readers/reader';
import { SPECIMEN_TD1, SPECIMEN_TD3 } from './specimens';

/** What a tier provides to the MRZ reader contract. */
export interface MrzReaderHarness {
  reader: MrzReader;
  /** Makes the device send one document (the emulator's or fake's real frame bytes). */
  present(lines: string[]): Promise<void>;
  /** Makes the device send raw bytes. */
  sendRaw(bytes: Buffer): Promise<void>;
  /** Pulls the cable. */
  unplug(): Promise<void>;
  cleanup(): Promise<void>;
}

/**
 * The contract every serial MRZ reader tier passes: documents arrive as lines with their raw frame,
 * noise is a misread (never a crash), an unplug ends the reader with DEVICE_DISCONNECTED, and waiting
 * with nothing presented ends with DEVICE_TIMEOUT.
 */
export function mrzReaderContract(makeHarness: () => Promise<MrzReaderHarness>): void {
  let harness: MrzReaderHarness;
  beforeEach(async () => {
    harness = await makeHarness();
  });
  afterEach(async () => {
    await harness.cleanup();
  });

  it('delivers a two-line (TD3) document with its raw frame', async () => {
    const waiting = harness.reader.nextDocument(10_000);
    await harness.present(SPECIMEN_TD3);
    const read = await waiting;
    expect(read.lines).toEqual(SPECIMEN_TD3);
    expect(read.raw.length).toBeGreaterThanOrEqual(88);
    expect(read.rawHex).toMatch(/^[0-9a-f]{2}( [0-9a-f]{2})+$/);
  });

  it('delivers a three-line (TD1) document', async () => {
    const waiting = harness.reader.nextDocument(10_000);
    await harness.present(SPECIMEN_TD1);
    expect((await waiting).lines).toEqual(SPECIMEN_TD1);
  });

  it('reports noise as a misread and still reads the next document', async () => {
    const misreads: Misread[] = [];
    harness.reader.on('misread', (m) => misreads.push(m));
    await harness.sendRaw(Buffer.from([0x00, 0xff, 0x13, 0x37, 0x07]));
    // Let the noise settle as its own burst before the document, as on a real line.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const waiting = harness.reader.nextDocument(10_000);
    await harness.present(SPECIMEN_TD3);
    expect((await waiting).lines).toEqual(SPECIMEN_TD3);
    expect(misreads.length).toBeGreaterThanOrEqual(1);
    expect(misreads[0]!.raw.length).toBeGreaterThan(0);
  });

  it('ends with DEVICE_DISCONNECTED when the device is unplugged', async () => {
    const closed = new Promise<DeviceError | null>((resolve) => harness.reader.once('close', resolve));
    // Settle the promise at once: the rejection may come while unplug() is still running.
    const waiting = harness.reader.nextDocument(10_000).then(
      () => null,
      (error: unknown) => error,
    );
    await harness.unplug();
    expect(await waiting).toMatchObject({ code: 'DEVICE_DISCONNECTED' });
    expect(await closed).toMatchObject({ code: 'DEVICE_DISCONNECTED' });
  });

  it('times out with DEVICE_TIMEOUT when nothing is presented', async () => {
    await expect(harness.reader.nextDocument(300)).rejects.toMatchObject({ code: 'DEVICE_TIMEOUT' });
  });
}
