import { encodeCuteBarcode } from '../framing/cute';
import type { Misread } from '../framing/types';
import { SPECIMEN_TD1, SPECIMEN_TD3 } from '../testing/specimens';
import { FakeHidDevice } from '../transport/fake-hid';
import { nodeHidApi } from '../transport/hid';
import { AccessIsHidReader, accessIsMrzReports, toAccessIsReports } from './access-is-hid';
import type { MrzRead } from './reader';

// A swipe as an OCR315 sends it in HID vendor mode: 64-byte reports, length byte with bit 7 set.
const RECORDED_TD3 = accessIsMrzReports(SPECIMEN_TD3, 64);

describe('Access-IS reader in HID vendor mode (fake HID device with recorded reports)', () => {
  it('sends the enable command and reads a document split over several reports', async () => {
    const device = new FakeHidDevice();
    const reader = new AccessIsHidReader(device);
    await reader.enable();
    expect(device.written).toEqual([[0x00, 0x80]]);
    const reads: MrzRead[] = [];
    reader.on('document', (r) => reads.push(r));
    expect(RECORDED_TD3.length).toBeGreaterThan(1);
    expect(RECORDED_TD3[0]![0]! & 0x80).toBe(0x80);
    device.play(RECORDED_TD3);
    device.play(accessIsMrzReports(SPECIMEN_TD1, 32));
    expect(reads.map((r) => r.lines)).toEqual([SPECIMEN_TD3, SPECIMEN_TD1]);
    expect(reads[0]!.protocol).toBe('access-is-hid');
    await reader.close();
    expect(device.written.at(-1)).toEqual([0x00, 0x00]);
    expect(device.closed).toBe(true);
  });

  it('recognises a barcode frame and reports a lying length byte as a misread', () => {
    const device = new FakeHidDevice();
    const reader = new AccessIsHidReader(device);
    const other: string[] = [];
    const misreads: Misread[] = [];
    reader.on('otherFrame', (f) => other.push(f.kind));
    reader.on('misread', (m) => misreads.push(m));
    device.play(toAccessIsReports(encodeCuteBarcode('Q', 'ABC123')));
    device.play([[0x7f, 0x41, 0x42]]);
    expect(other).toEqual(['barcode']);
    expect(misreads).toMatchObject([{ reason: 'malformed' }]);
  });

  it('ends with DEVICE_DISCONNECTED when unplugged mid-document, reporting the partial frame', async () => {
    const device = new FakeHidDevice();
    const reader = new AccessIsHidReader(device);
    const misreads: Misread[] = [];
    reader.on('misread', (m) => misreads.push(m));
    const closed = new Promise((resolve) => reader.once('close', resolve));
    device.play(RECORDED_TD3.slice(0, 1));
    device.fail('could not read from HID device');
    expect(await closed).toMatchObject({ code: 'DEVICE_DISCONNECTED' });
    expect(misreads).toMatchObject([{ reason: 'partial-frame' }]);
  });
});

const hidPath = process.env.BORDERPOST_TEST_ACCESSIS_HID;
(hidPath ? describe : describe.skip)('Access-IS reader on real hardware (BORDERPOST_TEST_ACCESSIS_HID)', () => {
  it('enables the reader and reads one document presented within 60 s', async () => {
    const device = await nodeHidApi().open(hidPath!);
    const reader = new AccessIsHidReader(device);
    try {
      await reader.enable();
      console.warn(`*** Present a passport to the Access-IS reader at ${hidPath} ***`);
      const read = await new Promise<MrzRead>((resolve) => reader.once('document', resolve));
      expect(read.lines.length).toBeGreaterThanOrEqual(2);
    } finally {
      await reader.close();
    }
  }, 70_000);
});
