import { type Framer, type FramerEvent, hasControlBytes, splitLines } from './types';

/**
 * Plain line readers (many CDC readers in "text" mode, 2D imagers with an OCR template): lines end
 * with CR and/or LF and nothing marks the end of a document, so the driver's inter-byte timeout does.
 * Until then bytes are only buffered.
 */
const MAX_DOCUMENT = 4096;

export class LineFramer implements Framer {
  private buffer: number[] = [];

  get pending(): boolean {
    return this.buffer.length > 0;
  }

  push(chunk: Uint8Array): FramerEvent[] {
    for (const byte of chunk) this.buffer.push(byte);
    if (this.buffer.length > MAX_DOCUMENT) {
      const raw = Buffer.from(this.buffer);
      this.buffer = [];
      return [{ type: 'misread', misread: { reason: 'overflow', message: `more than ${MAX_DOCUMENT} bytes without a pause`, raw } }];
    }
    return [];
  }

  idle(): FramerEvent[] {
    if (this.buffer.length === 0) return [];
    const raw = Buffer.from(this.buffer);
    this.buffer = [];
    if (hasControlBytes(raw)) {
      return [{ type: 'misread', misread: { reason: 'garbage', message: 'control bytes in a text document', raw } }];
    }
    const last = raw[raw.length - 1];
    if (last !== 0x0d && last !== 0x0a) {
      // Every line of a document ends with CR/LF; text that stops mid-line was cut (stall, unplug).
      return [{ type: 'misread', misread: { reason: 'partial-frame', message: 'the text stopped in the middle of a line', raw } }];
    }
    const lines = splitLines(raw)
      .map((line) => line.trim())
      .filter((line) => line.length > 0);
    if (lines.length === 0) return [];
    if (lines.length === 1) {
      // Every ICAO format has 2 or 3 lines; with no framing, a lone line is a document cut short.
      return [{ type: 'misread', misread: { reason: 'partial-frame', message: 'one line only; an MRZ has 2 or 3', raw } }];
    }
    if (lines.length > 3) {
      return [{ type: 'misread', misread: { reason: 'malformed', message: `${lines.length} lines; an MRZ has 1 to 3`, raw } }];
    }
    return [{ type: 'frame', frame: { kind: 'mrz', lines, raw } }];
  }
}

export function encodeLines(lines: string[], terminator = '\r\n'): Buffer {
  return Buffer.from(lines.map((line) => line + terminator).join(''), 'latin1');
}
