import { readFileSync } from 'node:fs';
import {
  captureFingerSbi,
  checkStationConfig,
  DeviceError,
  captureFingerZfm,
  enumerateDevices,
  FAULT_MODES,
  isFaultMode,
  probeZfm,
  readOneMrz,
  readOneMrzHid,
  SBI_IMAGE_FORMATS,
  type SbiImageFormat,
  startEmulator,
  type EmulatorKind,
  type FaultMode,
  watchDevices,
} from '@borderpost/devices';
import type { CommandGroup } from '../group';
import { UsageError } from '../exit';
import { writeJsonLine } from '../io';

const MRZ_PROTOCOLS = ['cute', '3m', 'lines'] as const;
const EMULATORS: readonly EmulatorKind[] = ['cute', '3m', 'lines', 'zfm', 'sbi'];

function integer(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}`);
  return Number(value);
}

function seconds(value: string | undefined, fallback: number, name = 'timeout'): number {
  if (value === undefined) return fallback * 1000;
  if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0 || Number(value) > 86_400) throw new UsageError(`--${name} must be a number of seconds above 0`);
  return Math.round(Number(value) * 1000);
}

/** `borderpost devices list | read-mrz | capture-finger | emulate` — the technician's toolkit. */
export const devicesGroup: CommandGroup = {
  name: 'devices',
  description: 'Passport readers and fingerprint scanners: list them, test a read or a capture, run emulators',
  register(group, io) {
    group
      .command('list')
      .description('List serial ports, HID devices and MOSIP SBI services (127.0.0.1:4501–4600), naming known devices by VID/PID')
      .option('--no-hid', 'skip HID enumeration')
      .option('--all-hid', 'list every HID device, keyboards and mice included')
      .option('--no-sbi', 'skip the SBI port scan')
      .action(async (options: { hid: boolean; allHid?: boolean; sbi: boolean }) => {
        const result = await enumerateDevices({ ...(options.hid ? {} : { hid: null }), ...(options.sbi ? {} : { sbi: null }), allHid: options.allHid ?? false });
        writeJsonLine(io.stdout, result);
      });

    group
      .command('watch')
      .description('Stream plug/unplug notices as JSON Lines ({event: present|added|removed, device, at}) until Ctrl-C/SIGTERM')
      .option('--interval <seconds>', 'how often to look', '2')
      .option('--duration <seconds>', 'stop after this long (default: until interrupted)')
      .option('--no-hid', 'skip HID devices')
      .option('--sbi', 'also scan for SBI services (slower)')
      .action(async (options: { interval: string; duration?: string; hid: boolean; sbi?: boolean }) => {
        const controller = new AbortController();
        const stop = () => controller.abort();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        const timer = options.duration === undefined ? undefined : setTimeout(stop, seconds(options.duration, 0, 'duration'));
        try {
          await watchDevices((event) => writeJsonLine(io.stdout, event), {
            intervalMs: seconds(options.interval, 2, 'interval'),
            signal: controller.signal,
            enumerate: { ...(options.hid ? {} : { hid: null }), ...(options.sbi ? {} : { sbi: null }) },
          });
        } finally {
          clearTimeout(timer);
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
        }
      });

    group
      .command('check')
      .description("Open a station device configuration (JSON file) as the post would, for a few seconds; report each device's status, documents and misreads")
      .requiredOption('--config <file.json>', 'the station device configuration')
      .option('--wait <seconds>', 'how long to listen (present a passport meanwhile)', '3')
      .action(async (options: { config: string; wait: string }) => {
        let config: unknown;
        try {
          config = JSON.parse(readFileSync(options.config, 'utf8')) as unknown;
        } catch (error) {
          throw new DeviceError('DEVICE_CONFIG_INVALID', `cannot read ${options.config} as JSON: ${(error as Error).message}`);
        }
        writeJsonLine(io.stdout, await checkStationConfig(config, { waitMs: seconds(options.wait, 3, 'wait') }));
      });

    group
      .command('read-mrz')
      .description('Wait for one document on an MRZ reader; print it parsed (the `mrz parse` shape) with the raw frame as hex')
      .option('--port <path>', 'serial port (/dev/ttyACM0, /dev/ttyUSB0, COM3, an emulator PTY); for access-is-hid the HID path (default: the first Access-IS reader)')
      .requiredOption('--protocol <protocol>', 'cute | 3m | lines | access-is-hid')
      .option('--baud <n>', 'baud rate', '9600')
      .option('--timeout <seconds>', 'how long to wait for a document', '30')
      .action(async (options: { port?: string; protocol: string; baud: string; timeout: string }) => {
        if (options.protocol === 'access-is-hid') {
          writeJsonLine(io.stdout, await readOneMrzHid({ timeoutMs: seconds(options.timeout, 30), ...(options.port ? { path: options.port } : {}) }));
          return;
        }
        if (!(MRZ_PROTOCOLS as readonly string[]).includes(options.protocol)) throw new UsageError(`--protocol must be one of ${MRZ_PROTOCOLS.join(', ')}, access-is-hid`);
        if (!options.port) throw new UsageError('--port is required for serial readers');
        const result = await readOneMrz({
          port: options.port,
          protocol: options.protocol as (typeof MRZ_PROTOCOLS)[number],
          baudRate: integer('baud', options.baud, 300, 4_000_000)!,
          timeoutMs: seconds(options.timeout, 30),
        });
        writeJsonLine(io.stdout, result);
      });

    group
      .command('probe')
      .description('Find the baud rate of a ZFM/R30x/R503 fingerprint module by a handshake at each common rate; print it with the module parameters')
      .requiredOption('--port <path>', 'serial port of the module')
      .option('--protocol <protocol>', 'zfm', 'zfm')
      .action(async (options: { port: string; protocol: string }) => {
        if (options.protocol !== 'zfm') throw new UsageError('--protocol must be zfm (MRZ readers send only when a document is presented: use read-mrz, whose errors suggest the protocol)');
        const found = await probeZfm({ port: options.port });
        if (!found) throw new DeviceError('DEVICE_TIMEOUT', `no fingerprint module answered on ${options.port} at 57600, 115200, 9600, 19200 or 38400 baud (check power, TX/RX wiring)`);
        writeJsonLine(io.stdout, { port: options.port, protocol: 'zfm', ...found });
      });

    group
      .command('capture-finger')
      .description('Capture one fingerprint (ZFM module over serial, or a MOSIP SBI service), write it as PNG, print {width, height, dpi, quality, bytes}')
      .option('--port <path>', 'serial port of a ZFM/R30x/R503 module')
      .option('--protocol <protocol>', 'zfm', 'zfm')
      .option('--baud <n>', 'baud rate of the module', '57600')
      .option('--sbi', 'use a MOSIP SBI service instead of a serial module')
      .option('--sbi-port <n>', 'SBI service port (default: discover on 4501–4600)')
      .option('--finger <name>', 'SBI bioSubType, e.g. "Right IndexFinger"', 'Right IndexFinger')
      .option('--quality <score>', 'SBI requested quality score 0–100')
      .option('--timeout <seconds>', 'how long to wait for a finger', '15')
      .requiredOption('--out <file.png>', 'where to write the PNG')
      .action(async (options: { port?: string; protocol: string; baud: string; sbi?: boolean; sbiPort?: string; finger: string; quality?: string; timeout: string; out: string }) => {
        const timeoutMs = seconds(options.timeout, 15);
        if (options.sbi) {
          const sbiPort = integer('sbi-port', options.sbiPort, 1, 65535);
          const requestedScore = integer('quality', options.quality, 0, 100);
          writeJsonLine(
            io.stdout,
            await captureFingerSbi({ finger: options.finger, out: options.out, timeoutMs, ...(sbiPort !== undefined ? { sbiPort } : {}), ...(requestedScore !== undefined ? { requestedScore } : {}) }),
          );
          return;
        }
        if (!options.port) throw new UsageError('--port is required (or use --sbi)');
        if (options.protocol !== 'zfm') throw new UsageError('--protocol must be zfm');
        writeJsonLine(io.stdout, await captureFingerZfm({ port: options.port, baudRate: integer('baud', options.baud, 300, 4_000_000)!, out: options.out, timeoutMs }));
      });

    group
      .command('emulate')
      .description('Run an emulated device speaking the real bytes (serial ones behind a socat pseudo-terminal); prints where it listens; stops on Ctrl-C/SIGTERM')
      .argument('<kind>', EMULATORS.join(' | '))
      .option('--fault <mode>', FAULT_MODES.join(' | '), 'none')
      .option('--sbi-port <n>', 'port for the SBI emulator (default: the first free port of 4501–4600, where discovery looks)')
      .option('--interval <seconds>', 'MRZ readers: seconds between documents', '1.5')
      .option('--seed <n>', 'reproducible travellers and fingerprints')
      .option('--image-format <format>', `SBI: how finger images are sent in the ISO 19794-4 record: ${SBI_IMAGE_FORMATS.join(' | ')} (jpeg2000 lossless, as certified devices)`, 'jpeg2000')
      .action(async (kind: string, options: { fault: string; sbiPort?: string; interval: string; seed?: string; imageFormat: string }) => {
        if (!(EMULATORS as readonly string[]).includes(kind)) throw new UsageError(`<kind> must be one of ${EMULATORS.join(', ')}`);
        if (!isFaultMode(options.fault)) throw new UsageError(`--fault must be one of ${FAULT_MODES.join(', ')}`);
        if (!(SBI_IMAGE_FORMATS as readonly string[]).includes(options.imageFormat)) throw new UsageError(`--image-format must be one of ${SBI_IMAGE_FORMATS.join(', ')}`);
        const sbiPort = integer('sbi-port', options.sbiPort, 1, 65535);
        const seed = integer('seed', options.seed, 0, 2 ** 31);
        const emulator = await startEmulator(kind as EmulatorKind, {
          fault: options.fault as FaultMode,
          intervalMs: seconds(options.interval, 1.5, 'interval'),
          ...(sbiPort !== undefined ? { sbiPort } : {}),
          ...(seed !== undefined ? { seed } : {}),
          imageFormat: options.imageFormat as SbiImageFormat,
        });
        writeJsonLine(io.stdout, {
          emulator: emulator.kind,
          fault: emulator.fault,
          ...(emulator.kind === 'sbi' ? { imageFormat: options.imageFormat } : {}),
          ...(emulator.path ? { path: emulator.path, baudRate: emulator.baudRate } : {}),
          ...(emulator.port ? { port: emulator.port, url: `http://127.0.0.1:${emulator.port}` } : {}),
        });
        const onSignal = () => void emulator.stop();
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        try {
          await emulator.stopped;
        } finally {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
        }
        writeJsonLine(io.stdout, { emulator: emulator.kind, stopped: true });
      });
  },
};
