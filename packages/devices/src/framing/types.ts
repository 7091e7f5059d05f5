/** What an MRZ reader's framer hands to the driver. */

export type MrzProtocol = 'cute' | '3m' | 'lines' | 'access-is-hid' | 'wedge';

export type ReaderFrame =
  | { kind: 'mrz'; lines: string[]; raw: Buffer; flag?: number }
  | { kind: 'magstripe'; cardType: number; tracks: string[]; raw: Buffer }
  | { kind: 'barcode'; symbology: string; data: string; raw: Buffer };

export type MisreadReason =
  | 'garbage' // bytes outside any frame
  | 'partial-frame' // a frame that started and never finished (stall, unplug, a new frame began)
  | 'bad-checksum' // BCC / checksum mismatch
  | 'malformed' // a complete frame whose content breaks the layout (control bytes, wrong length)
  | 'overflow' // more bytes than any frame may hold
  | 'unsupported-frame'; // a well-formed frame of a kind we do not handle

export interface Misread {
  reason: MisreadReason;
  message: string;
  raw: Buffer;
}

export type FramerEvent = { type: 'frame'; frame: ReaderFrame } | { type: 'misread'; misread: Misread };

/**
 * A framer turns a byte stream into frames. It never throws on bad bytes: every fault becomes a
 * `misread` event, and it resynchronises on the next frame start.
 */
export interface Framer {
  /** Bytes as they arrive, in any chunking. */
  push(chunk: Uint8Array): FramerEvent[];
  /**
   * Called by the driver after the line has been silent for the inter-byte timeout. Line readers end
   * a document here; framed protocols report a frame left half-finished.
   */
  idle(): FramerEvent[];
  /** True while bytes of an unfinished frame are held. */
  readonly pending: boolean;
}

export const CR = 0x0d;
export const LF = 0x0a;
export const STX = 0x02;
export const ETX = 0x03;
export const SOH = 0x01;

/** Split a payload on CR (and LF), dropping the empty piece after a final terminator. */
export function splitLines(payload: Buffer): string[] {
  const text = payload.toString('latin1');
  const pieces = text.split(/\r\n|\r|\n/);
  if (pieces.length > 0 && pieces[pieces.length - 1] === '') pieces.pop();
  return pieces;
}

/** True when the payload holds a byte that can be no part of printed text (other than CR/LF). */
export function hasControlBytes(payload: Uint8Array): boolean {
  for (const b of payload) {
    if (b === CR || b === LF) continue;
    if (b < 0x20 || b === 0x7f) return true;
  }
  return false;
}
