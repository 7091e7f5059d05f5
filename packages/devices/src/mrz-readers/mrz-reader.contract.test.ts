import { MockBinding } from '@serialport/binding-mock';
import { mrzFrame } from '../emulators/mrz-serial';
import { MockBindingDevice } from '../testing/mock-binding-device';
import { hardwareTier, ptyTier } from '../testing/tiers';
import { mrzReaderContract } from '../testing/mrz-reader.contract';
import { openPtyPair } from '../transport/pty';
import { SerialTransport } from '../transport/serial';
import { MrzReader } from './reader';

const PROTOCOLS = ['cute', '3m', 'lines'] as const;

describe.each(PROTOCOLS)('MRZ reader contract, %s, on serialport MockBinding', (protocol) => {
  let n = 0;
  mrzReaderContract(async () => {
    MockBinding.reset();
    const path = `/dev/ttyMOCK${n++}`;
    MockBinding.createPort(path, { echo: false, record: true });
    const transport = await SerialTransport.open({ path, baudRate: 9600, binding: MockBinding });
    const reader = new MrzReader(transport, { protocol });
    const device = MockBindingDevice.of(transport);
    return {
      reader,
      present: (lines) => device.write(mrzFrame(protocol, lines)),
      sendRaw: (bytes) => device.write(bytes),
      unplug: () => device.unplug(),
      cleanup: async () => {
        await reader.close();
        MockBinding.reset();
      },
    };
  });
});

const pty = ptyTier();
pty.describe.each(PROTOCOLS)('MRZ reader contract, %s, on an emulator over a socat pseudo-terminal', (protocol) => {
  mrzReaderContract(async () => {
    const pair = await openPtyPair();
    const device = await SerialTransport.open({ path: pair.devicePath, baudRate: 9600 });
    const host = await SerialTransport.open({ path: pair.hostPath, baudRate: 9600 });
    const reader = new MrzReader(host, { protocol });
    return {
      reader,
      present: (lines) => device.write(mrzFrame(protocol, lines)),
      sendRaw: (bytes) => device.write(bytes),
      unplug: () => pair.close(),
      cleanup: async () => {
        await reader.close();
        await device.close();
        await pair.close();
      },
    };
  });
});

const hardware = hardwareTier('BORDERPOST_TEST_MRZ_PORT');
hardware.describe('MRZ reader on real hardware (BORDERPOST_TEST_MRZ_PORT)', () => {
  it('reads one document presented within 60 s', async () => {
    const protocol = (process.env.BORDERPOST_TEST_MRZ_PROTOCOL ?? 'cute') as (typeof PROTOCOLS)[number];
    const transport = await SerialTransport.open({ path: hardware.port!, baudRate: Number(process.env.BORDERPOST_TEST_MRZ_BAUD ?? 9600) });
    const reader = new MrzReader(transport, { protocol });
    console.warn(`*** Present a passport to the ${protocol} reader on ${hardware.port} ***`);
    try {
      const read = await reader.nextDocument(60_000);
      expect(read.lines.length).toBeGreaterThanOrEqual(2);
    } finally {
      await reader.close();
    }
  }, 70_000);
});
