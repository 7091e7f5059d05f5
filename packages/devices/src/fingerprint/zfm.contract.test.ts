import { MockBinding } from '@serialport/binding-mock';
import { startZfmEmulator } from '../emulators/zfm';
import { MockBindingDevice } from '../testing/mock-binding-device';
import { zfmScannerContract } from '../testing/fingerprint.contract';
import { hardwareTier, ptyTier } from '../testing/tiers';
import { createMemoryLink } from '../transport/memory';
import { openPtyPair } from '../transport/pty';
import { SerialTransport } from '../transport/serial';
import { ZfmScanner } from './zfm';

// Short enough to keep the fault tests quick, long enough for a loaded CI machine.
const fast = { commandTimeoutMs: 2000, dataTimeoutMs: 1500 };

describe('ZFM contract on an in-memory link', () => {
  zfmScannerContract(async ({ fault, model }) => {
    const link = createMemoryLink();
    const emulator = startZfmEmulator({ transport: link.device, fault, model, unplug: link.unplug, fingerAfterPolls: 2 });
    const scanner = new ZfmScanner(link.host, fast);
    return {
      scanner,
      cleanup: async () => {
        emulator.stop();
        await scanner.close();
      },
    };
  });
});

describe('ZFM contract through SerialPortStream on serialport MockBinding', () => {
  let n = 0;
  zfmScannerContract(async ({ fault, model }) => {
    const path = `/dev/ttyZFMMOCK${n++}`;
    MockBinding.createPort(path, { echo: false, record: false });
    const host = await SerialTransport.open({ path, baudRate: 57600, binding: MockBinding });
    const device = MockBindingDevice.of(host);
    const emulator = startZfmEmulator({ transport: device, fault, model, unplug: () => device.unplug(), fingerAfterPolls: 2 });
    const scanner = new ZfmScanner(host, fast);
    return {
      scanner,
      cleanup: async () => {
        emulator.stop();
        await scanner.close();
        MockBinding.reset();
      },
    };
  });
});

const pty = ptyTier();
pty.describe('ZFM contract on the emulator over a socat pseudo-terminal', () => {
  zfmScannerContract(async ({ fault, model }) => {
    const pair = await openPtyPair();
    const device = await SerialTransport.open({ path: pair.devicePath, baudRate: 57600 });
    const host = await SerialTransport.open({ path: pair.hostPath, baudRate: 57600 });
    const emulator = startZfmEmulator({ transport: device, fault, model, unplug: () => pair.close(), fingerAfterPolls: 2 });
    const scanner = new ZfmScanner(host, { ...fast, dataTimeoutMs: 2500 });
    return {
      scanner,
      cleanup: async () => {
        emulator.stop();
        await scanner.close();
        await device.close();
        await pair.close();
      },
    };
  });
});

const hardware = hardwareTier('BORDERPOST_TEST_ZFM_PORT');
hardware.describe('ZFM module on real hardware (BORDERPOST_TEST_ZFM_PORT)', () => {
  it('handshakes and captures one finger within 30 s', async () => {
    const transport = await SerialTransport.open({ path: hardware.port!, baudRate: Number(process.env.BORDERPOST_TEST_ZFM_BAUD ?? 57600) });
    const scanner = new ZfmScanner(transport, { dataTimeoutMs: 5000 });
    try {
      await scanner.handshake();
      console.warn(`*** Place a finger on the module at ${hardware.port} ***`);
      const image = await scanner.captureImage({ timeoutMs: 30_000 });
      expect(image.pixels.length).toBe(image.width * image.height);
    } finally {
      await scanner.close();
    }
  }, 60_000);
});
