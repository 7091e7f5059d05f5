import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BindingInterface } from '@serialport/bindings-interface';
import { SbiClient } from '../sbi/client';
import { type HidApi, nodeHidApi } from '../transport/hid';
import type * as BindingsCpp from '@serialport/bindings-cpp';
import { identify, type KnownDevice, normaliseUsbId } from './known';

export interface EnumeratedDevice {
  kind: 'serial' | 'hid' | 'sbi';
  /** What to pass as --port (serial path, HID path, SBI port number). */
  path: string;
  vendorId?: string;
  productId?: string;
  manufacturer?: string;
  product?: string;
  serialNumber?: string;
  known?: Pick<KnownDevice, 'name' | 'role' | 'protocol'>;
  /** Where the entry came from, so a technician can tell a guess from a fact. */
  source: string;
}

export interface EnumerationResult {
  devices: EnumeratedDevice[];
  /** Problems met while enumerating (no udevadm, node-hid missing); enumeration goes on without them. */
  warnings: string[];
}

/**
 * serialport's list on Linux spawns `udevadm`, which is missing in containers and minimal installs;
 * then the ports are read from /sys/class/tty directly (USB ids from the parent USB device).
 */
export async function listSerialPorts(binding?: BindingInterface, sysClassTty = '/sys/class/tty'): Promise<{ devices: EnumeratedDevice[]; warnings: string[] }> {
  const warnings: string[] = [];
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the native binding loads only when listing real ports
    const ports = await (binding ?? (require('@serialport/bindings-cpp') as typeof BindingsCpp).autoDetect()).list();
    return { devices: ports.map((p) => withKnown({ kind: 'serial', path: p.path, vendorId: normaliseUsbId(p.vendorId), productId: normaliseUsbId(p.productId), manufacturer: p.manufacturer, serialNumber: p.serialNumber, source: 'serialport' })), warnings };
  } catch (error) {
    warnings.push(`serialport could not list ports (${(error as Error).message}); read ${sysClassTty} instead`);
  }
  return { devices: listFromSysfs(sysClassTty), warnings };
}

function listFromSysfs(root: string): EnumeratedDevice[] {
  if (!existsSync(root)) return [];
  const devices: EnumeratedDevice[] = [];
  for (const name of readdirSync(root).sort()) {
    if (!/^(ttyUSB|ttyACM|ttyS|ttyAMA|ttyXRUSB|rfcomm)\d+$/.test(name)) continue;
    const deviceLink = join(root, name, 'device');
    if (!existsSync(deviceLink)) continue;
    // Legacy 8250 ttyS ports without hardware report a "serial8250" platform device; skip them.
    let dir = realpathSync(deviceLink);
    if (name.startsWith('ttyS') && dir.includes('serial8250')) continue;
    const entry: EnumeratedDevice = { kind: 'serial', path: `/dev/${name}`, source: 'sysfs' };
    for (let i = 0; i < 6 && dir !== '/'; i++, dir = dirname(dir)) {
      const vid = readSys(join(dir, 'idVendor'));
      if (vid) {
        entry.vendorId = normaliseUsbId(vid);
        entry.productId = normaliseUsbId(readSys(join(dir, 'idProduct')));
        entry.manufacturer = readSys(join(dir, 'manufacturer'));
        entry.product = readSys(join(dir, 'product'));
        entry.serialNumber = readSys(join(dir, 'serial'));
        break;
      }
    }
    devices.push(withKnown(entry));
  }
  return devices;
}

function readSys(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * HID devices. Keyboards, mice and touchpads fill this list on any laptop, so by default only devices
 * we know by VID/PID and vendor-defined interfaces (usage page FF00–FFFF, where readers in HID data mode
 * sit) are kept; `all` keeps everything.
 */
export async function listHidDevices(hid: HidApi, options: { all?: boolean } = {}): Promise<EnumeratedDevice[]> {
  const devices = (await hid.devicesAsync()).filter((d) => options.all || identify(d.vendorId, d.productId) !== undefined || (d.usagePage ?? 0) >= 0xff00);
  return devices.map((d) =>
    withKnown({
      kind: 'hid',
      path: d.path ?? `${normaliseUsbId(d.vendorId)}:${normaliseUsbId(d.productId)}`,
      vendorId: normaliseUsbId(d.vendorId),
      productId: normaliseUsbId(d.productId),
      manufacturer: d.manufacturer,
      product: d.product,
      serialNumber: d.serialNumber,
      source: 'node-hid',
    }),
  );
}

export async function listSbiServices(client = new SbiClient(), range?: { from: number; to: number }): Promise<EnumeratedDevice[]> {
  const services = await client.discover(range ?? {});
  return services.flatMap((service) =>
    service.devices.map((device, i) => ({
      kind: 'sbi' as const,
      path: String(service.port),
      manufacturer: String(service.digitalIds[i]?.make ?? ''),
      product: `${String(service.digitalIds[i]?.model ?? 'SBI device')} (${device.deviceStatus}, ${device.purpose || 'any purpose'})`,
      serialNumber: String(service.digitalIds[i]?.serialNo ?? ''),
      known: { name: 'MOSIP SBI service', role: 'fingerprint' as const },
      source: 'sbi',
    })),
  );
}

function withKnown(entry: EnumeratedDevice): EnumeratedDevice {
  const known = identify(entry.vendorId, entry.productId);
  const cleaned = Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined)) as unknown as EnumeratedDevice;
  return known ? { ...cleaned, known: { name: known.name, role: known.role, ...(known.protocol ? { protocol: known.protocol } : {}) } } : cleaned;
}

export interface EnumerateOptions {
  serialBinding?: BindingInterface;
  hid?: HidApi | null;
  /** List every HID device, keyboards and mice included. */
  allHid?: boolean;
  sbi?: { client?: SbiClient; range?: { from: number; to: number } } | null;
}

/** Serial ports, HID devices and SBI services, each source failing on its own without stopping the others. */
export async function enumerateDevices(options: EnumerateOptions = {}): Promise<EnumerationResult> {
  const warnings: string[] = [];
  const serial = await listSerialPorts(options.serialBinding);
  warnings.push(...serial.warnings);
  let hid: EnumeratedDevice[] = [];
  if (options.hid !== null) {
    try {
      hid = await listHidDevices(options.hid ?? nodeHidApi(), { all: options.allHid ?? false });
    } catch (error) {
      warnings.push(`HID devices could not be listed: ${(error as Error).message}`);
    }
  }
  let sbi: EnumeratedDevice[] = [];
  if (options.sbi !== null) sbi = await listSbiServices(options.sbi?.client, options.sbi?.range);
  return { devices: [...serial.devices, ...hid, ...sbi], warnings };
}
