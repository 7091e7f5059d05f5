import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { DeviceError } from '../errors';

/**
 * A pseudo-terminal pair made by socat: bytes written to one end come out of the other, so an
 * emulator on `devicePath` and a driver on `hostPath` talk through the real serialport binding.
 * PTYs are not listed by `SerialPort.list()` (it filters tty names), so both ends are opened by path.
 */
export interface PtyPair {
  /** The end the emulator (the "device") opens. */
  devicePath: string;
  /** The end a driver, `devices read-mrz`, or a technician's tool opens. */
  hostPath: string;
  readonly alive: boolean;
  /** Ends socat: both ends see the link go away (how an emulator simulates an unplug). */
  close(): Promise<void>;
}

let socatChecked: boolean | undefined;

export function socatAvailable(): boolean {
  if (socatChecked === undefined) {
    const probe = spawnSync('socat', ['-V'], { stdio: 'ignore' });
    socatChecked = probe.error === undefined && probe.status === 0;
  }
  return socatChecked;
}

export async function openPtyPair(timeoutMs = 10_000): Promise<PtyPair> {
  if (!socatAvailable()) {
    throw new DeviceError('DEVICE_TOOL_MISSING', 'socat is not installed (Debian/Ubuntu: apt-get install socat); serial emulators need it');
  }
  const child = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const paths = await new Promise<string[]>((resolve, reject) => {
    const found: string[] = [];
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new DeviceError('DEVICE_TIMEOUT', `socat did not report its pseudo-terminals within ${timeoutMs} ms: ${stderr.trim()}`));
    }, timeoutMs);
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (text: string) => {
      stderr += text;
      // "2026/11/28 01:00:00 socat[123] N PTY is /dev/pts/4"
      for (const match of text.matchAll(/PTY is (\S+)/g)) found.push(match[1]!);
      if (found.length >= 2 && /starting data transfer loop/.test(stderr)) {
        clearTimeout(timer);
        resolve(found.slice(0, 2));
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new DeviceError('DEVICE_TOOL_MISSING', `cannot start socat: ${error.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new DeviceError('DEVICE_OPEN_FAILED', `socat exited (${code}) before the pair was ready: ${stderr.trim()}`));
    });
  });
  return ptyPairOf(child, paths[0]!, paths[1]!);
}

function ptyPairOf(child: ChildProcess, devicePath: string, hostPath: string): PtyPair {
  let alive = true;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      alive = false;
      resolve();
    });
  });
  // socat's stderr must keep draining or it could block on a full pipe.
  child.stderr?.resume();
  return {
    devicePath,
    hostPath,
    get alive() {
      return alive;
    },
    async close() {
      if (!alive) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(timer);
    },
  };
}
