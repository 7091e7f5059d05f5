import { contrastQuality } from '../fingerprint/image';
import { SbiClient } from './client';
import { startSbiEmulator, type RunningSbiEmulator } from './emulator';

describe('SBI client against the SBI emulator (raw net.Server)', () => {
  let emulator: RunningSbiEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });
  const client = new SbiClient({ requestTimeoutMs: 3000 });

  it('discovers the service by MOSIPDISC and reads MOSIPDINFO', async () => {
    emulator = await startSbiEmulator();
    const services = await client.discover({ from: emulator.port, to: emulator.port });
    expect(services).toHaveLength(1);
    expect(services[0]!.devices[0]).toMatchObject({ deviceStatus: 'Ready', purpose: 'Registration' });
    expect(services[0]!.digitalIds[0]).toMatchObject({ type: 'Finger', deviceSubType: 'Single' });
    const info = await client.deviceInfo(emulator.port);
    expect(info[0]).toMatchObject({ deviceId: 'BP-EMU-FINGER-1', firmware: 'emu-1.0' });
  });

  it('skips ports with no service and ports that answer rubbish', async () => {
    const silent = await startSbiEmulator({ fault: 'garbage' });
    try {
      expect(await client.discover({ from: silent.port, to: silent.port })).toEqual([]);
    } finally {
      await silent.close();
    }
  });

  it('captures requested fingers with quality, and declares a missing finger as an exception', async () => {
    emulator = await startSbiEmulator();
    const result = await client.captureFingers({
      port: emulator.port,
      fingers: ['Right IndexFinger', 'Right MiddleFinger', 'Right RingFinger'],
      exceptions: ['Right MiddleFinger'],
      requestedScore: 60,
    });
    expect(result.fingers.map((f) => f.bioSubType)).toEqual(['Right IndexFinger', 'Right RingFinger']);
    expect(result.exceptions).toEqual(['Right MiddleFinger']);
    expect(result.hashChainValid).toBe(true);
    for (const finger of result.fingers) {
      expect(finger.requestedScore).toBe(60);
      expect(finger.qualityScore).toBeGreaterThan(0);
      expect(finger.compression).toBe('PNG');
      expect(finger.image).toMatchObject({ width: 320, height: 400, dpi: 500 });
      expect(contrastQuality(finger.image!)).toBeGreaterThan(50);
    }
  });

  it('rejects a capture where every finger is an exception, before calling the device', async () => {
    await expect(client.captureFingers({ port: 1, fingers: ['Left Thumb'], exceptions: ['Left Thumb'] })).rejects.toMatchObject({ code: 'DEVICE_CONFIG_INVALID' });
  });

  it('flags a broken hash chain', async () => {
    emulator = await startSbiEmulator({ fault: 'bad-checksum' });
    const result = await client.captureFingers({ port: emulator.port, fingers: ['Left IndexFinger'] });
    expect(result.hashChainValid).toBe(false);
  });

  it.each([
    ['silence', 'DEVICE_TIMEOUT'],
    ['partial', 'DEVICE_DISCONNECTED'],
    ['unplug', 'DEVICE_DISCONNECTED'],
    ['garbage', 'DEVICE_PROTOCOL_ERROR'],
  ] as const)('turns the %s fault into %s', async (fault, code) => {
    emulator = await startSbiEmulator({ fault });
    await expect(client.captureFingers({ port: emulator.port, fingers: ['Left IndexFinger'], timeoutMs: 500 })).rejects.toMatchObject({ code });
  });

  it('reports DEVICE_NOT_FOUND for a port with nothing listening', async () => {
    const closed = await startSbiEmulator();
    const port = closed.port;
    await closed.close();
    await expect(client.deviceInfo(port)).rejects.toMatchObject({ code: 'DEVICE_NOT_FOUND' });
  });
});

const realSbiPort = process.env.BORDERPOST_TEST_SBI_PORT;
(realSbiPort ? describe : describe.skip)('a real SBI service (BORDERPOST_TEST_SBI_PORT)', () => {
  it('answers discovery and device info, and captures one finger within 30 s', async () => {
    const client = new SbiClient({ requestTimeoutMs: 10_000 });
    const port = Number(realSbiPort);
    const services = await client.discover({ from: port, to: port, type: 'Finger' });
    expect(services[0]?.devices.length).toBeGreaterThan(0);
    await client.deviceInfo(port);
    console.warn(`*** Place the right index finger on the scanner behind 127.0.0.1:${port} ***`);
    const result = await client.captureFingers({ port, fingers: ['Right IndexFinger'], timeoutMs: 30_000 });
    expect(result.fingers[0]?.isoRecord.length).toBeGreaterThan(0);
  }, 60_000);
});
