import { DeviceError } from '../errors';

/**
 * The station's device configuration: which device fills which role, over what, with which settings.
 * Plain JSON, so the post runtime stores it as a document and a technician can read it.
 */
export interface StationDeviceConfig {
  version: 1;
  devices: DeviceEntry[];
}

export type DeviceEntry =
  | {
      role: 'mrz';
      transport: 'serial';
      port: string;
      protocol: 'cute' | '3m' | 'lines';
      baudRate: number;
      /** CUTE delimiters as hex bytes, when the reader was reprogrammed. */
      framing?: { sod: number; eod: number };
      interByteTimeoutMs?: number;
    }
  | { role: 'mrz'; transport: 'hid'; protocol: 'access-is-hid'; vendorId: string; productId: string; path?: string }
  | { role: 'mrz'; transport: 'keyboard'; protocol: 'wedge'; layout: 'us' | 'fr' | 'de' }
  | { role: 'fingerprint'; transport: 'serial'; port: string; protocol: 'zfm'; baudRate: number; password?: number }
  | { role: 'fingerprint'; transport: 'sbi'; protocol: 'sbi'; sbiPort?: number; requestedScore?: number };

const BAUD_RATES = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200];

/** Validates anything (a stored document, a file a technician edited) into a StationDeviceConfig. */
export function validateStationConfig(input: unknown): StationDeviceConfig {
  const problems: string[] = [];
  const obj = isObject(input) ? input : (problems.push('the configuration must be an object'), {});
  if (obj.version !== 1) problems.push('version must be 1');
  const devices = Array.isArray(obj.devices) ? obj.devices : (problems.push('devices must be an array'), []);
  devices.forEach((d: unknown, i: number) => {
    const at = `devices[${i}]`;
    if (!isObject(d)) return void problems.push(`${at} must be an object`);
    const key = `${String(d.role)}/${String(d.transport)}/${String(d.protocol)}`;
    const serialPort = () => {
      if (typeof d.port !== 'string' || d.port.length === 0) problems.push(`${at}.port must name a port (e.g. /dev/ttyUSB0 or COM3)`);
      if (!BAUD_RATES.includes(Number(d.baudRate))) problems.push(`${at}.baudRate must be one of ${BAUD_RATES.join(', ')}`);
    };
    switch (key) {
      case 'mrz/serial/cute':
      case 'mrz/serial/3m':
      case 'mrz/serial/lines':
        serialPort();
        if (d.framing !== undefined && (!isObject(d.framing) || !isByte(d.framing.sod) || !isByte(d.framing.eod))) problems.push(`${at}.framing needs sod and eod bytes (0–255)`);
        if (d.interByteTimeoutMs !== undefined && !(Number.isInteger(d.interByteTimeoutMs) && Number(d.interByteTimeoutMs) >= 10 && Number(d.interByteTimeoutMs) <= 10_000)) {
          problems.push(`${at}.interByteTimeoutMs must be 10–10000`);
        }
        break;
      case 'mrz/hid/access-is-hid':
        if (!/^[0-9a-f]{4}$/.test(String(d.vendorId)) || !/^[0-9a-f]{4}$/.test(String(d.productId))) problems.push(`${at}.vendorId/productId must be 4 lower-case hex digits`);
        break;
      case 'mrz/keyboard/wedge':
        if (!['us', 'fr', 'de'].includes(String(d.layout))) problems.push(`${at}.layout must be us, fr or de`);
        break;
      case 'fingerprint/serial/zfm':
        serialPort();
        break;
      case 'fingerprint/sbi/sbi':
        if (d.sbiPort !== undefined && !(Number.isInteger(d.sbiPort) && Number(d.sbiPort) >= 1 && Number(d.sbiPort) <= 65535)) problems.push(`${at}.sbiPort must be a TCP port`);
        if (d.requestedScore !== undefined && !(Number(d.requestedScore) >= 0 && Number(d.requestedScore) <= 100)) problems.push(`${at}.requestedScore must be 0–100`);
        break;
      default:
        problems.push(`${at}: unsupported combination role=${String(d.role)} transport=${String(d.transport)} protocol=${String(d.protocol)}`);
    }
  });
  if (problems.length > 0) throw new DeviceError('DEVICE_CONFIG_INVALID', `invalid station device configuration: ${problems.join('; ')}`, { problems });
  return JSON.parse(JSON.stringify(input)) as StationDeviceConfig;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isByte(v: unknown): boolean {
  return Number.isInteger(v) && Number(v) >= 0 && Number(v) <= 255;
}
