import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStationDevices } from './devices';

describe('startStationDevices', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-devices-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('starts nothing without a saved configuration, refuses a damaged one, and starts a valid one', async () => {
    await expect(startStationDevices(dir)).resolves.toBeNull();
    fs.writeFileSync(path.join(dir, 'station-devices.json'), '{not json');
    await expect(startStationDevices(dir)).rejects.toMatchObject({ code: 'DEVICE_CONFIG_INVALID' });
    fs.writeFileSync(path.join(dir, 'station-devices.json'), JSON.stringify({ version: 1, devices: [{ role: 'fingerprint', transport: 'sbi', protocol: 'sbi', sbiPort: 4599 }] }));
    const manager = await startStationDevices(dir);
    expect(manager?.deviceIds).toEqual(['fingerprint:sbi:sbi:4599#0']);
    await manager?.stop();
  });
});
