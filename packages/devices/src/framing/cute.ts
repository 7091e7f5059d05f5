import { ETX, type Framer, type FramerEvent, type Misread, STX, hasControlBytes, splitLines } from './types';

/**
 * CUTE framing (DESKO serial protocol; Access-IS OCR3xx in serial/CDC mode):
 * `SOD STX payload ETX EOD`, one SOD/EOD pair per data kind. Defaults are the Access-IS values:
 * optical (MRZ) 1C/1D, magnetic 0E/0F, barcode 1E/1F; all configurable because the CUTE spec's
 * "Control Characters" section is not public and devices can be reprogrammed.
 */
export interface CuteDelimiters {
  sod: number;
  eod: number;
}

export interface CuteFraming {
  mrz: CuteDelimiters;
  magstripe?: CuteDelimiters;
  barcode?: CuteDelimiters;
}

export const DEFAULT_CUTE_FRAMING: CuteFraming = {
  mrz: { sod: 0x1c, eod: 0x1d },
  magstripe: { sod: 0x0e, eod: 0x0f },
  barcode: { sod: 0x1e, eod: 0x1f },
};

/** The CUTE spec allows up to 1024 payload characters. */
const MAX_PAYLOAD = 1024;

type Kind = 'mrz' | 'magstripe' | 'barcode';

export class CuteFramer implements Framer {
  private garbage: number[] = [];
  private frame: number[] | null = null;
  private kind: Kind = 'mrz';
  private readonly bySod = new Map<number, { kind: Kind; eod: number }>();

  constructor(framing: CuteFraming = DEFAULT_CUTE_FRAMING) {
    this.bySod.set(framing.mrz.sod, { kind: 'mrz', eod: framing.mrz.eod });
    if (framing.magstripe) this.bySod.set(framing.magstripe.sod, { kind: 'magstripe', eod: framing.magstripe.eod });
    if (framing.barcode) this.bySod.set(framing.barcode.sod, { kind: 'barcode', eod: framing.barcode.eod });
  }

  get pending(): boolean {
    return this.frame !== null || this.garbage.length > 0;
  }

  push(chunk: Uint8Array): FramerEvent[] {
    const events: FramerEvent[] = [];
    for (const byte of chunk) this.pushByte(byte, events);
    return events;
  }

  idle(): FramerEvent[] {
    const events: FramerEvent[] = [];
    this.flushGarbage(events);
    if (this.frame) {
      events.push(misread('partial-frame', `a ${this.kind} frame started but its end never came`, this.frame));
      this.frame = null;
    }
    return events;
  }

  private pushByte(byte: number, events: FramerEvent[]): void {
    if (this.frame === null) {
      // Outside a frame: a SOD followed by STX starts one; anything else is garbage. The SOD alone
      // is held in `garbage` until the STX confirms it.
      const last = this.garbage[this.garbage.length - 1];
      if (byte === STX && last !== undefined && this.bySod.has(last)) {
        this.garbage.pop();
        this.flushGarbage(events);
        this.kind = this.bySod.get(last)!.kind;
        this.frame = [last, STX];
        return;
      }
      this.garbage.push(byte);
      if (this.garbage.length > MAX_PAYLOAD + 4) this.flushGarbage(events);
      return;
    }
    this.frame.push(byte);
    const eod = this.eodOf(this.frame[0]!);
    const n = this.frame.length;
    if (n >= 4 && byte === eod && this.frame[n - 2] === ETX) {
      const frame = Buffer.from(this.frame);
      this.frame = null;
      events.push(decodeCuteFrame(frame, this.kind));
      return;
    }
    // A new SOD+STX inside a frame means the previous one was cut short (reader reset, unplug/replug).
    if (byte === STX && n >= 3 && this.bySod.has(this.frame[n - 2]!)) {
      const cut = this.frame.slice(0, n - 2);
      events.push(misread('partial-frame', `a ${this.kind} frame was interrupted by the start of another`, cut));
      this.kind = this.bySod.get(this.frame[n - 2]!)!.kind;
      this.frame = [this.frame[n - 2]!, STX];
      return;
    }
    if (n > MAX_PAYLOAD + 4) {
      events.push(misread('overflow', `frame longer than ${MAX_PAYLOAD} characters without an end`, this.frame));
      this.frame = null;
    }
  }

  private eodOf(sod: number): number {
    return this.bySod.get(sod)!.eod;
  }

  private flushGarbage(events: FramerEvent[]): void {
    if (this.garbage.length === 0) return;
    events.push(misread('garbage', `${this.garbage.length} byte(s) outside any frame`, this.garbage));
    this.garbage = [];
  }
}

function misread(reason: Misread['reason'], message: string, bytes: number[]): FramerEvent {
  return { type: 'misread', misread: { reason, message, raw: Buffer.from(bytes) } };
}

/** Decodes one complete `SOD STX … ETX EOD` frame. */
export function decodeCuteFrame(raw: Buffer, kind: Kind): FramerEvent {
  const payload = raw.subarray(2, raw.length - 2);
  if (kind === 'mrz') {
    if (hasControlBytes(payload)) {
      return { type: 'misread', misread: { reason: 'malformed', message: 'MRZ frame holds control bytes', raw } };
    }
    const lines = splitLines(payload);
    if (lines.length < 1 || lines.length > 3 || lines.some((line) => line.length === 0)) {
      return {
        type: 'misread',
        misread: { reason: 'malformed', message: `MRZ frame with ${lines.length} line(s); 1 to 3 non-empty lines expected`, raw },
      };
    }
    return { type: 'frame', frame: { kind: 'mrz', lines, raw } };
  }
  if (payload.length < 1) {
    return { type: 'misread', misread: { reason: 'malformed', message: `empty ${kind} frame`, raw } };
  }
  if (kind === 'magstripe') {
    // <cardType> then tracks split on CR; an unreadable track is sent empty, so empties are kept.
    const tracks = payload.subarray(1).toString('latin1').split('\r');
    if (tracks.length > 1 && tracks[tracks.length - 1] === '') tracks.pop();
    return { type: 'frame', frame: { kind: 'magstripe', cardType: payload[0]!, tracks, raw } };
  }
  return {
    type: 'frame',
    frame: { kind: 'barcode', symbology: String.fromCharCode(payload[0]!), data: payload.subarray(1).toString('latin1'), raw },
  };
}

/** Builds a CUTE frame; used by the emulator and tests. */
export function encodeCuteMrz(lines: string[], delimiters: CuteDelimiters = DEFAULT_CUTE_FRAMING.mrz): Buffer {
  const body = lines.map((line) => `${line}\r`).join('');
  return Buffer.concat([Buffer.from([delimiters.sod, STX]), Buffer.from(body, 'latin1'), Buffer.from([ETX, delimiters.eod])]);
}

export function encodeCuteBarcode(symbology: string, data: string, delimiters = DEFAULT_CUTE_FRAMING.barcode!): Buffer {
  return Buffer.concat([Buffer.from([delimiters.sod, STX]), Buffer.from(symbology + data, 'latin1'), Buffer.from([ETX, delimiters.eod])]);
}

export function encodeCuteMagstripe(cardType: number, tracks: string[], delimiters = DEFAULT_CUTE_FRAMING.magstripe!): Buffer {
  return Buffer.concat([
    Buffer.from([delimiters.sod, STX, cardType]),
    Buffer.from(tracks.map((t) => `${t}\r`).join(''), 'latin1'),
    Buffer.from([ETX, delimiters.eod]),
  ]);
}
