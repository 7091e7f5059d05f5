import {
  captureFingerSbi,
  captureFingerZfm,
  enumerateDevices,
  FAULT_MODES,
  isFaultMode,
  readOneMrz,
  startEmulator,
  type EmulatorKind,
  type FaultMode,
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

function seconds(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback * 1000;
  if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0 || Number(value) > 3600) throw new UsageError('--timeout must be a number of seconds from 0 to 3600');
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
      .option('--no-sbi', 'skip the SBI port scan')
      .action(async (options: { hid: boolean; sbi: boolean }) => {
        const result = await enumerateDevices({ ...(options.hid ? {} : { hid: null }), ...(options.sbi ? {} : { sbi: null }) });
        writeJsonLine(io.stdout, result);
      });

    group
      .command('read-mrz')
      .description('Wait for one document on a serial MRZ reader; print it parsed (the `mrz parse` shape) with the raw frame as hex')
      .requiredOption('--port <path>', 'serial port, e.g. /dev/ttyACM0, /dev/ttyUSB0, COM3, or an emulator PTY')
      .requiredOption('--protocol <protocol>', 'cute | 3m | lines')
      .option('--baud <n>', 'baud rate', '9600')
      .option('--timeout <seconds>', 'how long to wait for a document', '30')
      .action(async (options: { port: string; protocol: string; baud: string; timeout: string }) => {
        if (!(MRZ_PROTOCOLS as readonly string[]).includes(options.protocol)) throw new UsageError(`--protocol must be one of ${MRZ_PROTOCOLS.join(', ')}`);
        const result = await readOneMrz({
          port: options.port,
          protocol: options.protocol as (typeof MRZ_PROTOCOLS)[number],
          baudRate: integer('baud', options.baud, 300, 4_000_000)!,
          timeoutMs: seconds(options.timeout, 30),
        });
        writeJsonLine(io.stdout, result);
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
      .option('--sbi-port <n>', 'port for the SBI emulator (default: a free one; 4501 is what discovery tries first)')
      .option('--interval <seconds>', 'MRZ readers: seconds between documents', '1.5')
      .option('--seed <n>', 'reproducible travellers and fingerprints')
      .action(async (kind: string, options: { fault: string; sbiPort?: string; interval: string; seed?: string }) => {
        if (!(EMULATORS as readonly string[]).includes(kind)) throw new UsageError(`<kind> must be one of ${EMULATORS.join(', ')}`);
        if (!isFaultMode(options.fault)) throw new UsageError(`--fault must be one of ${FAULT_MODES.join(', ')}`);
        const sbiPort = integer('sbi-port', options.sbiPort, 1, 65535);
        const seed = integer('seed', options.seed, 0, 2 ** 31);
        const emulator = await startEmulator(kind as EmulatorKind, {
          fault: options.fault as FaultMode,
          intervalMs: seconds(options.interval, 1.5),
          ...(sbiPort !== undefined ? { sbiPort } : {}),
          ...(seed !== undefined ? { seed } : {}),
        });
        writeJsonLine(io.stdout, {
          emulator: emulator.kind,
          fault: emulator.fault,
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
