import { request } from 'node:http';
import { DeviceError } from '../errors';
import type { FingerImage } from '../fingerprint/image';
import { decodeGreyPng } from '../fingerprint/png';
import { sha256Hex } from './emulator';
import { COMPRESSION_NAMES, decodeFingerImageRecord } from './iso19794-4';
import { decodeJpeg2000Grey, loadJpeg2000 } from './jpeg2000';
import { jwsPayload } from './jws';
import { type FingerSubType, isFingerSubType, LEGACY_FINGER_NAMES, SBI_ERRORS, type SbiDiscoveredDevice, type SbiError } from './types';

export const SBI_PORT_RANGE = { from: 4501, to: 4600 } as const;
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

export interface SbiService {
  port: number;
  devices: SbiDiscoveredDevice[];
  /** The decoded digital id of each device (unsigned base64url in discovery). */
  digitalIds: Record<string, unknown>[];
}

export interface SbiFingerCapture {
  bioSubType: FingerSubType;
  requestedScore: number | null;
  qualityScore: number | null;
  /** The image, 8-bit greyscale, when its compression is one we decode (JPEG 2000, PNG, uncompressed); null otherwise. */
  image: FingerImage | null;
  /** Why `image` is null: WSQ/JPEG (`DEVICE_UNSUPPORTED`) or image data that does not decode (`DEVICE_PROTOCOL_ERROR`). */
  imageError: { code: string; message: string } | null;
  compression: string;
  /** The ISO 19794-4 record exactly as the device sent it (to store even when we cannot decode it). */
  isoRecord: Buffer;
  hash: string;
}

export interface SbiCaptureResult {
  fingers: SbiFingerCapture[];
  exceptions: FingerSubType[];
  /** True when each `hash` chains from the previous one as the spec requires. */
  hashChainValid: boolean;
}

export interface SbiCaptureRequest {
  port: number;
  fingers: FingerSubType[];
  /** Fingers that cannot be captured (amputated, bandaged): declared, not captured. */
  exceptions?: FingerSubType[];
  requestedScore?: number;
  deviceId?: string;
  deviceSubId?: number;
  timeoutMs?: number;
  env?: string;
  transactionId?: string;
}

/** Client of MOSIP SBI services on 127.0.0.1 (never "localhost", per the spec). */
export class SbiClient {
  constructor(private readonly options: { host?: string; appName?: string; requestTimeoutMs?: number } = {}) {}

  /** One SBI call. Node's HTTP client sends any token method, including MOSIPDISC and RCAPTURE. */
  call<T>(port: number, method: string, path: string, body: unknown, timeoutMs = this.options.requestTimeoutMs ?? 5000): Promise<T> {
    const host = this.options.host ?? '127.0.0.1';
    const payload = Buffer.from(body === undefined ? '' : JSON.stringify(body));
    return new Promise<T>((resolve, reject) => {
      const req = request(
        {
          host,
          port,
          method,
          path,
          headers: { EXT: this.options.appName ?? 'borderpost', 'Content-Type': 'application/json', 'Content-Length': payload.length },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            // Ten slap images as JPEG 2000 stay far below this; more is a broken or hostile service.
            if (size > MAX_ANSWER_BYTES) {
              req.destroy();
              reject(new DeviceError('DEVICE_PROTOCOL_ERROR', `SBI service on port ${port} sent more than ${MAX_ANSWER_BYTES} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          res.on('aborted', () => reject(new DeviceError('DEVICE_DISCONNECTED', `SBI service on port ${port} closed the connection mid-answer`)));
          res.on('error', (error) => reject(new DeviceError('DEVICE_DISCONNECTED', `SBI service on port ${port} went away: ${error.message}`)));
          res.on('end', () => {
            if (!res.complete) return reject(new DeviceError('DEVICE_DISCONNECTED', `SBI service on port ${port} closed the connection mid-answer`));
            const text = Buffer.concat(chunks).toString('utf8');
            try {
              resolve(JSON.parse(text) as T);
            } catch {
              reject(new DeviceError('DEVICE_PROTOCOL_ERROR', `SBI service on port ${port} answered ${method} with something other than JSON (HTTP ${res.statusCode})`));
            }
          });
        },
      );
      req.setTimeout(timeoutMs, () => {
        req.destroy();
        reject(new DeviceError('DEVICE_TIMEOUT', `SBI service on port ${port} did not answer ${method} within ${timeoutMs} ms`));
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ECONNREFUSED') reject(new DeviceError('DEVICE_NOT_FOUND', `no SBI service on ${host}:${port}`));
        else if (error.code?.startsWith('HPE_')) reject(new DeviceError('DEVICE_PROTOCOL_ERROR', `port ${port} does not speak HTTP: ${error.message}`));
        else reject(new DeviceError('DEVICE_DISCONNECTED', `SBI service on port ${port}: ${error.message}`));
      });
      req.end(payload);
    });
  }

  /** MOSIPDISC on each port of the range; ports without a service are skipped quietly. */
  async discover(options: { from?: number; to?: number; type?: string; timeoutMs?: number } = {}): Promise<SbiService[]> {
    const from = options.from ?? SBI_PORT_RANGE.from;
    const to = options.to ?? SBI_PORT_RANGE.to;
    const ports = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    const found = await Promise.all(
      ports.map(async (port) => {
        try {
          const devices = await this.call<unknown>(port, 'MOSIPDISC', '/device', { type: options.type ?? 'Biometric Device' }, options.timeoutMs ?? 1500);
          if (!Array.isArray(devices)) return null;
          const list = devices as SbiDiscoveredDevice[];
          return { port, devices: list, digitalIds: list.map((d) => safePayload(d.digitalId)) };
        } catch {
          return null;
        }
      }),
    );
    return found.filter((service): service is SbiService => service !== null && service.devices.length > 0);
  }

  async deviceInfo(port: number): Promise<Record<string, unknown>[]> {
    const answer = await this.call<unknown>(port, 'MOSIPDINFO', '/info', undefined);
    if (!Array.isArray(answer)) throw new DeviceError('DEVICE_PROTOCOL_ERROR', 'MOSIPDINFO answer is not an array');
    return (answer as unknown[]).map((entry) => {
      if (!isRecord(entry)) throw new DeviceError('DEVICE_PROTOCOL_ERROR', 'a MOSIPDINFO entry is not an object');
      throwIfSbiError(isRecord(entry.error) ? (entry.error as unknown as SbiError) : undefined, 'device info');
      return typeof entry.deviceInfo === 'string' && entry.deviceInfo ? jwsPayload(entry.deviceInfo, 'deviceInfo') : {};
    });
  }

  /** RCAPTURE of one or more single fingers. Missing fingers go in `exceptions`. */
  async captureFingers(req: SbiCaptureRequest): Promise<SbiCaptureResult> {
    const exceptions = req.exceptions ?? [];
    const fingers = req.fingers.filter((f) => !exceptions.includes(f));
    for (const finger of [...req.fingers, ...exceptions]) {
      if (!isFingerSubType(finger)) throw new DeviceError('DEVICE_CONFIG_INVALID', `unknown finger "${String(finger)}"`);
    }
    if (fingers.length === 0) throw new DeviceError('DEVICE_CONFIG_INVALID', 'every finger asked for is declared an exception: nothing to capture');
    const timeoutMs = req.timeoutMs ?? 15_000;
    const body = {
      env: req.env ?? 'Developer',
      purpose: 'Registration',
      specVersion: '0.9.5',
      timeout: String(timeoutMs),
      captureTime: new Date().toISOString(),
      transactionId: req.transactionId ?? `bp-${Date.now().toString(36)}`,
      bio: [
        {
          type: 'Finger',
          count: String(fingers.length),
          bioSubType: fingers,
          exception: exceptions,
          requestedScore: String(req.requestedScore ?? 40),
          deviceId: req.deviceId ?? '',
          deviceSubId: String(req.deviceSubId ?? 0),
          previousHash: '',
        },
      ],
      customOpts: null,
    };
    // The device may take the whole capture timeout to return its best frame.
    const answer = await this.call<unknown>(req.port, 'RCAPTURE', '/capture', body, timeoutMs + 5000);
    // Certified devices send JPEG 2000. Should the codec fail to load, PNG and raw records still
    // decode and each JPEG 2000 finger carries the reason in `imageError`.
    await loadJpeg2000().catch(() => undefined);
    return { ...parseCaptureAnswer(answer, `sbi:${req.port}`), exceptions };
  }
}

/**
 * Interprets an RCAPTURE answer. Anything the service sends (any JSON) ends as a result or a
 * DeviceError, never a TypeError: the answer comes from outside.
 */
export function parseCaptureAnswer(answer: unknown, source: string): { fingers: SbiFingerCapture[]; hashChainValid: boolean } {
  const biometrics = isRecord(answer) ? answer.biometrics : undefined;
  if (!Array.isArray(biometrics)) throw new DeviceError('DEVICE_PROTOCOL_ERROR', 'RCAPTURE answer has no biometrics array');
  let previousHash = sha256Hex(Buffer.alloc(0));
  let hashChainValid = true;
  const captured: SbiFingerCapture[] = [];
  for (const entry of biometrics as unknown[]) {
    if (!isRecord(entry)) throw new DeviceError('DEVICE_PROTOCOL_ERROR', 'a biometric entry is not an object');
    throwIfSbiError(isRecord(entry.error) ? (entry.error as unknown as SbiError) : undefined, 'capture');
    // SBI 0.9.5 sends `data` as a JWS; drafts of the MDS spec sent the object itself.
    const data = typeof entry.data === 'string' ? jwsPayload<Record<string, unknown>>(entry.data, 'biometric data') : isRecord(entry.data) ? entry.data : null;
    if (!data) throw new DeviceError('DEVICE_PROTOCOL_ERROR', 'a biometric entry has no data');
    const rawSubType = String(data.bioSubType ?? '');
    const subType = LEGACY_FINGER_NAMES[rawSubType] ?? rawSubType;
    if (!isFingerSubType(subType)) throw new DeviceError('DEVICE_PROTOCOL_ERROR', `unexpected bioSubType "${subType}"`);
    if (typeof data.bioValue !== 'string' || data.bioValue.length === 0) throw new DeviceError('DEVICE_PROTOCOL_ERROR', `no bioValue for ${subType}`);
    const isoRecord = Buffer.from(data.bioValue, 'base64url');
    const hash = typeof entry.hash === 'string' ? entry.hash : '';
    if (hash.toUpperCase() !== sha256Hex(Buffer.from(previousHash + sha256Hex(isoRecord), 'latin1'))) hashChainValid = false;
    previousHash = hash;
    const record = decodeFingerImageRecord(isoRecord);
    const quality = numberOrNull(data.qualityScore) ?? record.quality;
    let image: FingerImage | null = null;
    let imageError: SbiFingerCapture['imageError'] = null;
    try {
      image = decodeImage(record, quality, source);
    } catch (error) {
      // The record is kept either way (isoRecord); the caller decides what a missing image means.
      imageError = error instanceof DeviceError ? { code: error.code, message: error.message } : { code: 'DEVICE_PROTOCOL_ERROR', message: `the ${COMPRESSION_NAMES[record.compression] ?? 'image'} data does not decode: ${error instanceof Error ? error.message : String(error)}` };
    }
    captured.push({
      bioSubType: subType,
      requestedScore: numberOrNull(data.requestedScore),
      qualityScore: quality,
      image,
      imageError,
      compression: COMPRESSION_NAMES[record.compression] ?? `code ${record.compression}`,
      isoRecord,
      hash,
    });
  }
  return { fingers: captured, hashChainValid };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The record's image as 8-bit greyscale; throws a DeviceError saying why when it cannot be. */
function decodeImage(record: ReturnType<typeof decodeFingerImageRecord>, quality: number | null, source: string): FingerImage {
  if (record.compression === 4 || record.compression === 5) {
    const j2k = decodeJpeg2000Grey(record.data);
    return { width: j2k.width, height: j2k.height, dpi: record.ppi || 500, pixels: j2k.pixels, quality, source };
  }
  if (record.compression === 6) {
    const png = decodeGreyPng(record.data);
    return { width: png.width, height: png.height, dpi: record.ppi || png.dpi || 500, pixels: png.pixels, quality, source };
  }
  if (record.compression === 0 && record.bitDepth === 8 && record.data.length === record.widthPx * record.heightPx) {
    return { width: record.widthPx, height: record.heightPx, dpi: record.ppi, pixels: new Uint8Array(record.data), quality, source };
  }
  // WSQ (2) has no maintained JavaScript decoder, JPEG (3) is not used by SBI finger devices: the
  // record is kept for the server, which can convert it.
  const name = COMPRESSION_NAMES[record.compression] ?? `compression code ${record.compression}`;
  throw new DeviceError('DEVICE_UNSUPPORTED', `the device sent a ${name} image (${record.bitDepth}-bit), which is not converted here`);
}

function throwIfSbiError(error: SbiError | { errorcode?: string; errorinfo?: string } | undefined, what: string): void {
  if (!error) return;
  const code = String((error as SbiError).errorCode ?? (error as { errorcode?: string }).errorcode ?? '0');
  if (code === '0') return;
  const info = (error as SbiError).errorInfo ?? (error as { errorinfo?: string }).errorinfo ?? SBI_ERRORS[code] ?? 'unknown error';
  if (code === '101') throw new DeviceError('DEVICE_NO_FINGER', `${what}: ${info}`, { sbiErrorCode: code });
  if (code === '110' || code === '111') throw new DeviceError('DEVICE_BUSY', `${what}: ${info}`, { sbiErrorCode: code });
  throw new DeviceError('DEVICE_SBI_ERROR', `${what}: SBI error ${code}: ${info}`, { sbiErrorCode: code });
}

function safePayload(digitalId: string): Record<string, unknown> {
  try {
    return jwsPayload(digitalId, 'digitalId');
  } catch {
    return {};
  }
}

function numberOrNull(value: unknown): number | null {
  if (value === undefined || value === null || value === '' || typeof value === 'object') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}
