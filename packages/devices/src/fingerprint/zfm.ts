import { toHex } from '../bytes';
import { DeviceError } from '../errors';
import { TypedEmitter } from '../events';
import { confirmationMessage, DEFAULT_ADDRESS, Ef01Parser, type Ef01Event, type Ef01Packet, encodeEf01, INSTRUCTION, PID } from '../framing/ef01';
import type { ByteTrace } from '../trace';
import type { ByteTransport } from '../transport/types';
import type { FingerImage } from './image';

/** Image sizes by UpImage byte count (4 bits per pixel over UART). */
export const ZFM_IMAGE_SIZES: Record<number, { width: number; height: number }> = {
  36864: { width: 256, height: 288 }, // ZFM-20, R30x
  18432: { width: 192, height: 192 }, // R503
};

export interface ZfmSystemParameters {
  statusRegister: number;
  systemId: number;
  libraryCapacity: number;
  securityLevel: number;
  address: number;
  packetSize: number;
  baudRate: number;
}

export interface ZfmOptions {
  address?: number;
  /** Module password, default 0. */
  password?: number;
  /** Time for one command's acknowledgement. */
  commandTimeoutMs?: number;
  /** Longest silence between two data packets of an upload. */
  dataTimeoutMs?: number;
  /** Sensor resolution reported with images. */
  dpi?: number;
  trace?: ByteTrace;
}

export type ZfmEvents = {
  /** GenImg answered "no finger": the UI can say "place the finger". */
  waitingForFinger: () => void;
  /** Bytes that were not a packet, or a packet that failed its checksum (also fails the operation). */
  noise: (info: { kind: 'garbage' | 'bad-checksum'; hex: string }) => void;
  close: (reason: DeviceError | null) => void;
};

interface Pending {
  expectData: boolean;
  ack?: Ef01Packet;
  data: Buffer[];
  resolve: (result: { ack: Ef01Packet; data: Buffer }) => void;
  reject: (error: DeviceError) => void;
  timer: NodeJS.Timeout;
  timeoutMs: number;
  what: string;
}

/**
 * ZFM-20 / R30x / R503 / AS608 fingerprint module over the EF01 packet protocol. One command at a
 * time; every answer's checksum is verified; every confirmation code becomes a DeviceError with the
 * code in `details.confirmationCode` and a message an officer can act on.
 */
export class ZfmScanner extends TypedEmitter<ZfmEvents> {
  private readonly parser = new Ef01Parser();
  private pending: Pending | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly address: number;
  parameters: ZfmSystemParameters | undefined;

  constructor(
    private readonly transport: ByteTransport,
    private readonly options: ZfmOptions = {},
  ) {
    super();
    this.address = options.address ?? DEFAULT_ADDRESS;
    transport.on('data', this.onData);
    transport.on('close', this.onClose);
  }

  get isOpen(): boolean {
    return !this.closed && this.transport.isOpen;
  }

  /** VfyPwd then ReadSysPara: proves the module is there, answers at this baud rate and accepts the password. */
  async handshake(): Promise<ZfmSystemParameters> {
    const password = Buffer.alloc(4);
    password.writeUInt32BE((this.options.password ?? 0) >>> 0);
    await this.command(INSTRUCTION.vfyPwd, password, 'verify password');
    const { ack } = await this.command(INSTRUCTION.readSysPara, Buffer.alloc(0), 'read system parameters');
    const p = ack.payload;
    if (p.length < 17) throw new DeviceError('DEVICE_PROTOCOL_ERROR', `ReadSysPara answer has ${p.length} bytes, 17 expected`);
    const packetCode = p.readUInt16BE(13);
    this.parameters = {
      statusRegister: p.readUInt16BE(1),
      systemId: p.readUInt16BE(3),
      libraryCapacity: p.readUInt16BE(5),
      securityLevel: p.readUInt16BE(7),
      address: p.readUInt32BE(9),
      packetSize: 32 << packetCode,
      baudRate: 9600 * p.readUInt16BE(15),
    };
    return this.parameters;
  }

  /**
   * GenImg until a finger is on the sensor (the module answers 0x02 meanwhile) or `timeoutMs` passes,
   * then UpImage. Resolves to the 8-bit image.
   */
  async captureImage(options: { timeoutMs?: number; pollIntervalMs?: number } = {}): Promise<FingerImage> {
    const deadline = Date.now() + (options.timeoutMs ?? 10_000);
    let announced = false;
    for (;;) {
      const { ack } = await this.command(INSTRUCTION.genImg, Buffer.alloc(0), 'take image', { allow: [0x02] });
      const code = ack.payload[0]!;
      if (code === 0x00) break;
      if (!announced) {
        this.emit('waitingForFinger');
        announced = true;
      }
      if (Date.now() >= deadline) {
        throw new DeviceError('DEVICE_NO_FINGER', `no finger placed on the sensor within ${Math.round((options.timeoutMs ?? 10_000) / 1000)} s`);
      }
      await delay(options.pollIntervalMs ?? 100);
    }
    return this.uploadImage();
  }

  /** UpImage: the image buffer as 4-bit pixels (two per byte, high nibble first), expanded to 8 bits. */
  async uploadImage(): Promise<FingerImage> {
    const { data } = await this.command(INSTRUCTION.upImage, Buffer.alloc(0), 'upload image', { expectData: true });
    const size = ZFM_IMAGE_SIZES[data.length];
    if (!size) {
      throw new DeviceError('DEVICE_PROTOCOL_ERROR', `image upload of ${data.length} bytes matches no known sensor (36864 or 18432 expected)`, { bytes: data.length });
    }
    const pixels = new Uint8Array(size.width * size.height);
    for (let i = 0; i < data.length; i++) {
      const byte = data[i]!;
      pixels[2 * i] = (byte >> 4) * 17;
      pixels[2 * i + 1] = (byte & 0x0f) * 17;
    }
    return { ...size, dpi: this.options.dpi ?? 500, pixels, quality: null, source: `zfm:${this.transport.description}` };
  }

  /** Img2Tz into `buffer`, then UpChar: the module's own feature file/template bytes. */
  async uploadTemplate(buffer = 1): Promise<Buffer> {
    await this.command(INSTRUCTION.img2Tz, Buffer.from([buffer]), 'extract features');
    const { data } = await this.command(INSTRUCTION.upChar, Buffer.from([buffer]), 'upload template', { expectData: true });
    if (data.length === 0) throw new DeviceError('DEVICE_PROTOCOL_ERROR', 'the template upload carried no data');
    return data;
  }

  /**
   * Moves the module and the link to another baud rate (SetSysPara parameter 4, N × 9600). The image
   * upload is what the officer waits for: 7 s at 57600, 3.5 s at 115200 on a ZFM module.
   */
  async setBaudRate(baudRate: number): Promise<void> {
    const n = baudRate / 9600;
    if (!Number.isInteger(n) || n < 1 || n > 12) throw new DeviceError('DEVICE_CONFIG_INVALID', `baud rate must be 9600 × 1…12, not ${baudRate}`);
    await this.command(INSTRUCTION.setSysPara, Buffer.from([4, n]), 'set baud rate');
    // The module answers at the old speed, then switches.
    await this.transport.setBaudRate?.(baudRate);
    if (this.parameters) this.parameters.baudRate = baudRate;
  }

  async templateCount(): Promise<number> {
    const { ack } = await this.command(INSTRUCTION.templateNum, Buffer.alloc(0), 'count templates');
    return ack.payload.length >= 3 ? ack.payload.readUInt16BE(1) : 0;
  }

  async close(): Promise<void> {
    await this.transport.close();
    this.onClose(null);
  }

  /** Sends one command and waits for its acknowledgement (and data packets when `expectData`). */
  command(
    instruction: number,
    params: Buffer,
    what: string,
    options: { expectData?: boolean; allow?: number[] } = {},
  ): Promise<{ ack: Ef01Packet; data: Buffer }> {
    const run = async () => {
      const result = await this.exchange(instruction, params, what, options.expectData ?? false);
      const code = result.ack.payload[0];
      if (code === undefined) throw new DeviceError('DEVICE_PROTOCOL_ERROR', `${what}: empty acknowledgement`);
      if (code !== 0x00 && !(options.allow ?? []).includes(code)) throw confirmationError(code, what);
      return result;
    };
    // Commands are strictly sequential: the module answers one at a time.
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private exchange(instruction: number, params: Buffer, what: string, expectData: boolean): Promise<{ ack: Ef01Packet; data: Buffer }> {
    if (!this.isOpen) return Promise.reject(new DeviceError('DEVICE_CLOSED', 'the fingerprint module is closed'));
    const dropped = this.parser.reset();
    if (dropped.length > 0) this.emit('noise', { kind: 'garbage', hex: toHex(dropped) });
    const timeoutMs = this.options.commandTimeoutMs ?? 2000;
    return new Promise((resolve, reject) => {
      const pending: Pending = {
        expectData,
        data: [],
        resolve,
        reject,
        timeoutMs,
        what,
        timer: setTimeout(() => this.fail(new DeviceError('DEVICE_TIMEOUT', `${what}: the fingerprint module did not answer within ${timeoutMs} ms (check power, wiring and baud rate)`)), timeoutMs),
      };
      this.pending = pending;
      const packet = encodeEf01({ pid: PID.command, payload: Buffer.concat([Buffer.from([instruction]), params]), address: this.address });
      this.transport.write(packet).catch((error: unknown) => this.fail(error instanceof DeviceError ? error : new DeviceError('DEVICE_DISCONNECTED', String(error))));
    });
  }

  private readonly onData = (bytes: Buffer): void => {
    for (const event of this.parser.push(bytes)) this.handle(event);
  };

  private handle(event: Ef01Event): void {
    if (event.type === 'garbage') {
      this.emit('noise', { kind: 'garbage', hex: toHex(event.raw) });
      return;
    }
    if (event.type === 'bad-checksum') {
      this.emit('noise', { kind: 'bad-checksum', hex: toHex(event.raw) });
      this.fail(
        new DeviceError('DEVICE_BAD_CHECKSUM', `a packet from the fingerprint module failed its checksum (0x${event.actual.toString(16)} sent, 0x${event.expected.toString(16)} computed)`, {
          raw: toHex(event.raw),
        }),
      );
      return;
    }
    const pending = this.pending;
    const { packet } = event;
    if (!pending) {
      this.emit('noise', { kind: 'garbage', hex: toHex(event.raw) });
      return;
    }
    if (packet.address !== this.address) {
      this.fail(new DeviceError('DEVICE_PROTOCOL_ERROR', `answer from address 0x${packet.address.toString(16)}, expected 0x${this.address.toString(16)}`));
      return;
    }
    if (!pending.ack) {
      if (packet.pid !== PID.ack) {
        this.fail(new DeviceError('DEVICE_PROTOCOL_ERROR', `${pending.what}: expected an acknowledgement, got packet type 0x${packet.pid.toString(16)}`));
        return;
      }
      pending.ack = packet;
      if (!pending.expectData || packet.payload[0] !== 0x00) {
        this.succeed();
        return;
      }
      this.rearm(pending);
      return;
    }
    if (packet.pid !== PID.data && packet.pid !== PID.end) {
      this.fail(new DeviceError('DEVICE_PROTOCOL_ERROR', `${pending.what}: expected a data packet, got type 0x${packet.pid.toString(16)}`));
      return;
    }
    pending.data.push(packet.payload);
    if (packet.pid === PID.end) this.succeed();
    else this.rearm(pending);
  }

  /** During an upload the timeout counts from the last packet, so a slow baud rate is fine but a stall is not. */
  private rearm(pending: Pending): void {
    clearTimeout(pending.timer);
    const ms = this.options.dataTimeoutMs ?? 2000;
    pending.timer = setTimeout(() => {
      const got = pending.data.reduce((n, b) => n + b.length, 0);
      this.fail(new DeviceError('DEVICE_TIMEOUT', `${pending.what}: the transfer stopped after ${got} bytes`, { bytesReceived: got }));
    }, ms);
  }

  private succeed(): void {
    const pending = this.pending!;
    this.pending = undefined;
    clearTimeout(pending.timer);
    pending.resolve({ ack: pending.ack!, data: Buffer.concat(pending.data) });
  }

  private fail(error: DeviceError): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    pending.reject(error);
  }

  private readonly onClose = (reason: DeviceError | null): void => {
    if (this.closed) return;
    this.closed = true;
    this.fail(reason ?? new DeviceError('DEVICE_CLOSED', 'the fingerprint module was closed during an operation'));
    this.transport.off('data', this.onData);
    this.transport.off('close', this.onClose);
    this.emit('close', reason);
  };
}

function confirmationError(code: number, what: string): DeviceError {
  const message = `${what}: ${confirmationMessage(code)}`;
  const details = { confirmationCode: code };
  if (code === 0x02) return new DeviceError('DEVICE_NO_FINGER', message, details);
  if (code === 0x03 || code === 0x06 || code === 0x07 || code === 0x15) return new DeviceError('DEVICE_CAPTURE_FAILED', message, details);
  if (code === 0x01 || code === 0x0e) return new DeviceError('DEVICE_PROTOCOL_ERROR', message, details);
  return new DeviceError('DEVICE_REJECTED', message, details);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Packs an 8-bit image into the module's 4-bit upload format (for the emulator and tests). */
export function packImage4bit(pixels: Uint8Array): Buffer {
  const out = Buffer.alloc(Math.ceil(pixels.length / 2));
  for (let i = 0; i < out.length; i++) out[i] = ((pixels[2 * i]! >> 4) << 4) | ((pixels[2 * i + 1] ?? 0) >> 4);
  return out;
}
