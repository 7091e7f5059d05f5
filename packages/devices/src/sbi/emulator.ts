import { createHash } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { DeviceError } from '../errors';
import type { FaultMode } from '../emulators/faults';
import { contrastQuality, seededRandom, syntheticFingerprint } from '../fingerprint/image';
import { encodeGreyPng } from '../fingerprint/png';
import { base64url, signJws } from './jws';
import { encodeFingerImageRecord, FINGER_POSITIONS } from './iso19794-4';
import { encodeJpeg2000Lossless, loadJpeg2000 } from './jpeg2000';
import { type SbiDiscoveredDevice, isFingerSubType, LEGACY_FINGER_NAMES } from './types';

export interface SbiEmulatorOptions {
  /** 0 = any free port (tests); otherwise this port. Use `firstFreeSbiPort()` for the SBI range. */
  port?: number;
  fault?: FaultMode;
  seed?: number;
  /** Image size of one finger (500 ppi). */
  width?: number;
  height?: number;
  /**
   * How the ISO 19794-4 record carries the image: `jpeg2000` (default; lossless, compression 5, a raw
   * codestream — what certified devices send) or `png` (compression 6).
   */
  imageFormat?: SbiImageFormat;
}

export type SbiImageFormat = 'jpeg2000' | 'png';
export const SBI_IMAGE_FORMATS: readonly SbiImageFormat[] = ['jpeg2000', 'png'];

export interface RunningSbiEmulator {
  port: number;
  close(): Promise<void>;
}

const DEVICE_ID = 'BP-EMU-FINGER-1';

/**
 * A MOSIP SBI registration fingerprint service. A raw `net.Server`, because Node's HTTP server
 * rejects the SBI methods (MOSIPDISC, MOSIPDINFO, RCAPTURE) before any handler runs.
 */
export async function startSbiEmulator(options: SbiEmulatorOptions = {}): Promise<RunningSbiEmulator> {
  const imageFormat = options.imageFormat ?? 'jpeg2000';
  if (!SBI_IMAGE_FORMATS.includes(imageFormat)) throw new DeviceError('DEVICE_CONFIG_INVALID', `image format must be one of ${SBI_IMAGE_FORMATS.join(', ')}`);
  if (imageFormat === 'jpeg2000') await loadJpeg2000();
  const sockets = new Set<Socket>();
  const rand = seededRandom(options.seed ?? 3);
  let captureCount = 0;
  let port = 0;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (buffer.length > 1_000_000) return void socket.destroy();
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buffer.toString('latin1', 0, end).split('\r\n');
      const [method = '', path = ''] = (head[0] ?? '').split(' ');
      const headers = new Map(head.slice(1).map((line) => [line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()] as const));
      const length = Number(headers.get('content-length') ?? 0);
      if (buffer.length < end + 4 + length) return;
      const body = buffer.toString('utf8', end + 4, end + 4 + length);
      buffer = Buffer.alloc(0);
      handle(socket, method, path, body);
    });
  });

  const respond = (socket: Socket, status: number, value: unknown) => {
    const body = Buffer.from(JSON.stringify(value));
    const head = [
      `HTTP/1.1 ${status} ${status === 200 ? 'OK' : status === 405 ? 'Method Not Allowed' : 'Bad Request'}`,
      'CACHE-CONTROL: no-store',
      `LOCATION: http://127.0.0.1:${port}`,
      'Content-Type: application/json',
      `Content-Length: ${body.length}`,
      'Connection: close',
      '',
      '',
    ].join('\r\n');
    const whole = Buffer.concat([Buffer.from(head, 'latin1'), body]);
    if (options.fault === 'partial') return void socket.end(whole.subarray(0, Math.floor(whole.length / 2)));
    if (options.fault === 'unplug' && method(socket) === 'RCAPTURE') {
      socket.write(whole.subarray(0, Math.floor(whole.length / 2)));
      return void setTimeout(() => socket.destroy(), 20);
    }
    socket.end(whole);
  };
  const methods = new WeakMap<Socket, string>();
  const method = (socket: Socket) => methods.get(socket) ?? '';

  const handle = (socket: Socket, verb: string, path: string, body: string) => {
    methods.set(socket, verb);
    if (options.fault === 'silence') return;
    if (options.fault === 'garbage') return void socket.end(Buffer.from(Array.from({ length: 64 }, () => Math.floor(rand() * 256))));
    let request: Record<string, unknown> = {};
    try {
      request = body.trim() ? (JSON.parse(body) as Record<string, unknown>) : {};
    } catch {
      return respond(socket, 400, { error: { errorCode: '502', errorInfo: 'request body is not JSON' } });
    }
    if (verb === 'MOSIPDISC' && path === '/device') {
      const type = String(request.type ?? '');
      return respond(socket, 200, ['Biometric Device', 'Finger'].includes(type) ? [discovery()] : []);
    }
    if (verb === 'MOSIPDINFO' && path === '/info') {
      return respond(socket, 200, [{ deviceInfo: signJws({ ...discovery(), digitalId: signJws(digitalId()), firmware: 'emu-1.0', env: 'Developer' }), error: { errorCode: '0', errorInfo: 'Success' } }]);
    }
    if (verb === 'RCAPTURE' && path === '/capture') return respond(socket, 200, rcapture(request));
    if (verb === 'CAPTURE' && path === '/capture') {
      return respond(socket, 200, { biometrics: [{ error: { errorCode: '501', errorInfo: 'authentication CAPTURE is not offered by this registration device' } }] });
    }
    return respond(socket, 405, { error: { errorCode: '501', errorInfo: `${verb} ${path} is not an SBI call` } });
  };

  const digitalId = () => ({
    serialNo: 'EMU0000000001',
    make: 'Borderpost',
    model: 'Emulated single-finger scanner',
    type: 'Finger',
    deviceSubType: 'Single',
    deviceProvider: 'Borderpost emulator',
    deviceProviderId: 'borderpost.emulator',
    dateTime: new Date().toISOString(),
  });
  const discovery = (): SbiDiscoveredDevice => ({
    deviceId: DEVICE_ID,
    deviceStatus: 'Ready',
    certification: 'L0',
    serviceVersion: '0.9.5',
    deviceSubId: [0],
    callbackId: `http://127.0.0.1:${port}/`,
    digitalId: base64url(JSON.stringify(digitalId())),
    deviceCode: 'b0a1f2e3-emulated',
    specVersion: ['0.9.5'],
    purpose: 'Registration',
    error: { errorCode: '0', errorInfo: 'Success' },
  });

  const rcapture = (request: Record<string, unknown>) => {
    const bio = Array.isArray(request.bio) ? (request.bio[0] as Record<string, unknown> | undefined) : undefined;
    if (!bio || bio.type !== 'Finger') return { biometrics: [{ error: { errorCode: '109', errorInfo: 'bio[0].type must be Finger' } }] };
    const requested = (Array.isArray(bio.bioSubType) ? bio.bioSubType : []).map((s) => LEGACY_FINGER_NAMES[String(s)] ?? String(s));
    const exceptions = new Set((Array.isArray(bio.exception) ? bio.exception : []).map((s) => LEGACY_FINGER_NAMES[String(s)] ?? String(s)));
    const fingers = requested.filter((finger) => !exceptions.has(finger));
    if (fingers.length === 0 || fingers.some((f) => !isFingerSubType(f)) || Number(bio.count ?? fingers.length) !== fingers.length) {
      return { biometrics: [{ error: { errorCode: '109', errorInfo: 'count does not match the fingers asked for (less exceptions)' } }] };
    }
    const requestedScore = Number(bio.requestedScore ?? 40);
    let previousHash = sha256Hex(Buffer.alloc(0));
    const width = options.width ?? 320;
    const height = options.height ?? 400;
    return {
      biometrics: fingers.map((finger) => {
        captureCount += 1;
        const pixels = syntheticFingerprint(width, height, (options.seed ?? 3) * 100 + captureCount);
        const qualityScore = Math.min(100, Math.max(requestedScore, contrastQuality({ width, height, pixels })) - Math.floor(rand() * 5));
        const record = encodeFingerImageRecord({
          position: FINGER_POSITIONS[finger] ?? 0,
          quality: qualityScore,
          widthPx: width,
          heightPx: height,
          ppi: 500,
          bitDepth: 8,
          compression: imageFormat === 'png' ? 6 : 5,
          data: imageFormat === 'png' ? encodeGreyPng({ width, height, pixels, dpi: 500 }) : encodeJpeg2000Lossless({ width, height, pixels }),
        });
        const data = {
          digitalId: signJws(digitalId()),
          deviceCode: 'b0a1f2e3-emulated',
          deviceServiceVersion: '0.9.5',
          bioType: 'Finger',
          bioSubType: finger,
          purpose: 'Registration',
          env: String(request.env ?? 'Developer'),
          bioValue: base64url(record),
          transactionId: String(request.transactionId ?? ''),
          timestamp: new Date().toISOString(),
          requestedScore: String(requestedScore),
          qualityScore: String(qualityScore),
        };
        const hash = sha256Hex(Buffer.from(previousHash + sha256Hex(record), 'latin1'));
        previousHash = hash;
        return {
          specVersion: '0.9.5',
          data: signJws(data),
          hash: options.fault === 'bad-checksum' ? sha256Hex(Buffer.from('spoiled')) : hash,
          error: { errorCode: '0', errorInfo: 'Success' },
        };
      }),
    };
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new DeviceError('DEVICE_BUSY', `port ${options.port} is already in use`) : error),
    );
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as { port: number }).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * Starts the emulator on the first free port of the SBI range (4501–4600), where clients discover
 * services, as a vendor's service does.
 */
export async function startSbiEmulatorInRange(options: Omit<SbiEmulatorOptions, 'port'> = {}): Promise<RunningSbiEmulator> {
  for (let port = 4501; port <= 4600; port++) {
    try {
      return await startSbiEmulator({ ...options, port });
    } catch (error) {
      if (!(error instanceof DeviceError && error.code === 'DEVICE_BUSY')) throw error;
    }
  }
  throw new DeviceError('DEVICE_BUSY', 'every port of the SBI range 4501–4600 is taken');
}

export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex').toUpperCase();
}
