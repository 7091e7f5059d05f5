/**
 * The "EF01" packet protocol of ZFM-20 / Grow R30x / R503 / AS608 fingerprint modules.
 *
 *   EF 01 | address (4) | PID (1) | LENGTH (2, big-endian) | payload (LENGTH-2) | SUM (2, big-endian)
 *
 * LENGTH counts the payload plus the 2-byte checksum; SUM is the low 16 bits of PID + both LENGTH
 * bytes + every payload byte. serialport's PacketLengthParser reads lengths little-endian, so it cannot
 * frame this; hence this parser.
 */
export const EF01_HEADER = [0xef, 0x01] as const;
export const DEFAULT_ADDRESS = 0xffffffff;

export const PID = { command: 0x01, data: 0x02, ack: 0x07, end: 0x08 } as const;
export type PacketId = (typeof PID)[keyof typeof PID];

export interface Ef01Packet {
  address: number;
  pid: number;
  payload: Buffer;
}

/** Largest payload: a 256-byte data packet. Anything longer is not a packet start. */
const MAX_PAYLOAD = 256;

export function ef01Checksum(pid: number, length: number, payload: Uint8Array): number {
  let sum = pid + ((length >> 8) & 0xff) + (length & 0xff);
  for (const b of payload) sum += b;
  return sum & 0xffff;
}

export function encodeEf01(packet: { pid: number; payload: Uint8Array; address?: number }): Buffer {
  const length = packet.payload.length + 2;
  const out = Buffer.alloc(9 + length);
  out[0] = 0xef;
  out[1] = 0x01;
  out.writeUInt32BE((packet.address ?? DEFAULT_ADDRESS) >>> 0, 2);
  out[6] = packet.pid;
  out.writeUInt16BE(length, 7);
  Buffer.from(packet.payload).copy(out, 9);
  out.writeUInt16BE(ef01Checksum(packet.pid, length, packet.payload), 9 + packet.payload.length);
  return out;
}

export type Ef01Event =
  | { type: 'packet'; packet: Ef01Packet; raw: Buffer }
  | { type: 'bad-checksum'; raw: Buffer; expected: number; actual: number }
  | { type: 'garbage'; raw: Buffer };

/** Streaming EF01 deframer: finds `EF 01`, waits for the header, then for `9 + LENGTH` bytes. */
export class Ef01Parser {
  private buffer = Buffer.alloc(0);

  get pending(): boolean {
    return this.buffer.length > 0;
  }

  push(chunk: Uint8Array): Ef01Event[] {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const events: Ef01Event[] = [];
    for (;;) {
      const start = this.findHeader();
      if (start > 0) {
        events.push({ type: 'garbage', raw: Buffer.from(this.buffer.subarray(0, start)) });
        this.buffer = this.buffer.subarray(start);
      }
      if (start < 0) {
        // Keep a trailing EF: it may be the first half of a header split across chunks.
        const keep = this.buffer[this.buffer.length - 1] === 0xef ? 1 : 0;
        if (this.buffer.length - keep > 0) events.push({ type: 'garbage', raw: Buffer.from(this.buffer.subarray(0, this.buffer.length - keep)) });
        this.buffer = this.buffer.subarray(this.buffer.length - keep);
        return events;
      }
      if (this.buffer.length < 9) return events;
      const length = this.buffer.readUInt16BE(7);
      const pid = this.buffer[6]!;
      if (length < 2 || length > MAX_PAYLOAD + 2 || !isKnownPid(pid)) {
        // `EF 01` occurred inside other bytes: not a packet. Skip one byte and look again.
        events.push({ type: 'garbage', raw: Buffer.from(this.buffer.subarray(0, 1)) });
        this.buffer = this.buffer.subarray(1);
        continue;
      }
      if (this.buffer.length < 9 + length) return events;
      const raw = Buffer.from(this.buffer.subarray(0, 9 + length));
      this.buffer = this.buffer.subarray(9 + length);
      const payload = raw.subarray(9, 9 + length - 2);
      const actual = raw.readUInt16BE(7 + length);
      const expected = ef01Checksum(pid, length, payload);
      if (actual !== expected) {
        events.push({ type: 'bad-checksum', raw, expected, actual });
        continue;
      }
      events.push({ type: 'packet', packet: { address: raw.readUInt32BE(2), pid, payload: Buffer.from(payload) }, raw });
    }
  }

  /** Drops whatever is held (after a timeout, before a new command). Returns the dropped bytes. */
  reset(): Buffer {
    const dropped = this.buffer;
    this.buffer = Buffer.alloc(0);
    return dropped;
  }

  private findHeader(): number {
    for (let i = 0; i + 1 < this.buffer.length; i++) {
      if (this.buffer[i] === 0xef && this.buffer[i + 1] === 0x01) return i;
    }
    return -1;
  }
}

function isKnownPid(pid: number): boolean {
  return pid === PID.command || pid === PID.data || pid === PID.ack || pid === PID.end;
}

/** Instruction codes used by the driver and the emulator. */
export const INSTRUCTION = {
  genImg: 0x01,
  img2Tz: 0x02,
  match: 0x03,
  search: 0x04,
  regModel: 0x05,
  store: 0x06,
  loadChar: 0x07,
  upChar: 0x08,
  downChar: 0x09,
  upImage: 0x0a,
  downImage: 0x0b,
  setSysPara: 0x0e,
  readSysPara: 0x0f,
  setPwd: 0x12,
  vfyPwd: 0x13,
  templateNum: 0x1d,
} as const;

/** Confirmation codes → messages an officer or technician can act on. */
export const CONFIRMATION_MESSAGES: Record<number, string> = {
  0x00: 'OK',
  0x01: 'the module could not receive the packet',
  0x02: 'no finger on the sensor',
  0x03: 'the image could not be taken; place the finger again',
  0x06: 'image too messy; clean the sensor and the finger, then try again',
  0x07: 'too few feature points; press the finger flatter and try again',
  0x08: 'the fingers do not match',
  0x09: 'no matching template found',
  0x0a: 'the two captures could not be merged into one template',
  0x0b: 'template slot out of range',
  0x0c: 'the template could not be read or is invalid',
  0x0d: 'the template upload failed',
  0x0e: 'the module cannot receive the following data packets',
  0x0f: 'the image upload failed',
  0x10: 'the template could not be deleted',
  0x11: 'the template library could not be cleared',
  0x13: 'wrong device password',
  0x15: 'no valid image in the buffer; capture again',
  0x18: 'the module reported a flash memory error',
  0x1a: 'invalid register number',
  0x20: 'wrong module address',
  0x21: 'the device password must be verified first',
};

export function confirmationMessage(code: number): string {
  return CONFIRMATION_MESSAGES[code] ?? `unknown confirmation code 0x${code.toString(16).padStart(2, '0')}`;
}
