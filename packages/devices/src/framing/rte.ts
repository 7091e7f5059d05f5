import { CR, ETX, type Framer, type FramerEvent, SOH, STX, hasControlBytes } from './types';

/**
 * 3M RTE6701-style unsolicited frame: `SOH len 'O' 'U' STX flag data ETX BCC`.
 *
 * - `data` is always three CR-terminated lines, bottom-aligned (missing top lines keep their CR),
 *   short lines padded with `_`.
 * - Assumptions (the public manual excerpt does not define them; flagged unverified in
 *   reference/devices.md §1.3): `len` counts the bytes from 'O' through ETX, and BCC is the XOR of the
 *   bytes from `len` through ETX. Both are isolated here so a hardware capture can correct them.
 */
const MAX_LEN = 255;

export class RteFramer implements Framer {
  private buffer: number[] = [];

  get pending(): boolean {
    return this.buffer.length > 0;
  }

  push(chunk: Uint8Array): FramerEvent[] {
    const events: FramerEvent[] = [];
    for (const byte of chunk) this.buffer.push(byte);
    this.drain(events);
    return events;
  }

  idle(): FramerEvent[] {
    if (this.buffer.length === 0) return [];
    const raw = Buffer.from(this.buffer);
    this.buffer = [];
    const started = raw[0] === SOH;
    return [
      {
        type: 'misread',
        misread: started
          ? { reason: 'partial-frame', message: `frame cut short after ${raw.length} byte(s)`, raw }
          : { reason: 'garbage', message: `${raw.length} byte(s) outside any frame`, raw },
      },
    ];
  }

  private drain(events: FramerEvent[]): void {
    for (;;) {
      const start = this.buffer.indexOf(SOH);
      if (start !== 0) {
        const cut = start < 0 ? this.buffer.length : start;
        if (cut === 0) return;
        events.push({ type: 'misread', misread: { reason: 'garbage', message: `${cut} byte(s) outside any frame`, raw: Buffer.from(this.buffer.slice(0, cut)) } });
        this.buffer = this.buffer.slice(cut);
        if (this.buffer.length === 0) return;
      }
      if (this.buffer.length < 2) return;
      const len = this.buffer[1]!;
      if (len < 5 || len > MAX_LEN || (this.buffer.length >= 3 && !isDeviceLetter(this.buffer[2]!))) {
        // Not a plausible header: this SOH was a stray byte. Drop it and resynchronise.
        events.push({ type: 'misread', misread: { reason: 'garbage', message: 'stray SOH without a valid header', raw: Buffer.from(this.buffer.slice(0, 1)) } });
        this.buffer = this.buffer.slice(1);
        continue;
      }
      const total = 2 + len + 1; // SOH len [len bytes] BCC
      if (this.buffer.length < total) return;
      const raw = Buffer.from(this.buffer.slice(0, total));
      this.buffer = this.buffer.slice(total);
      events.push(decodeRteFrame(raw));
    }
  }
}

/** Header byte after the length names the device ('O' optical, others for other heads): a capital letter. */
function isDeviceLetter(byte: number): boolean {
  return byte >= 0x41 && byte <= 0x5a;
}

export function rteBcc(bytes: Uint8Array): number {
  let bcc = 0;
  for (const b of bytes) bcc ^= b;
  return bcc;
}

export function decodeRteFrame(raw: Buffer): FramerEvent {
  const len = raw[1]!;
  const body = raw.subarray(2, 2 + len); // 'O' 'U' STX flag data ETX
  const bcc = raw[2 + len]!;
  const expected = rteBcc(raw.subarray(1, 2 + len));
  if (bcc !== expected) {
    return { type: 'misread', misread: { reason: 'bad-checksum', message: `BCC ${hex(bcc)} but the frame sums to ${hex(expected)}`, raw } };
  }
  if (body[0] !== 0x4f || body[1] !== 0x55) {
    return {
      type: 'misread',
      misread: { reason: 'unsupported-frame', message: `device/type ${String.fromCharCode(body[0]!, body[1]!)} is not an unsolicited optical read ('OU')`, raw },
    };
  }
  if (body[2] !== STX || body[body.length - 1] !== ETX || body.length < 5) {
    return { type: 'misread', misread: { reason: 'malformed', message: 'STX/ETX not where the length says', raw } };
  }
  const flag = body[3]!;
  const data = body.subarray(4, body.length - 1);
  if (hasControlBytes(data)) {
    return { type: 'misread', misread: { reason: 'malformed', message: 'optical data holds control bytes', raw } };
  }
  const pieces = data.toString('latin1').split(String.fromCharCode(CR));
  if (pieces[pieces.length - 1] === '') pieces.pop();
  if (pieces.length !== 3) {
    return { type: 'misread', misread: { reason: 'malformed', message: `${pieces.length} line(s); the RTE frame always carries 3`, raw } };
  }
  // Bottom-aligned: leading empty lines are absent lines. `_` is padding, never an MRZ character.
  const stripped = pieces.map((line) => line.replace(/_+$/, ''));
  while (stripped.length > 0 && stripped[0] === '') stripped.shift();
  if (stripped.length === 0) {
    return { type: 'misread', misread: { reason: 'malformed', message: 'no optical line read', raw } };
  }
  if (stripped.some((line) => line.length === 0)) {
    return { type: 'misread', misread: { reason: 'malformed', message: 'an empty line between read lines', raw } };
  }
  const present = stripped;
  return { type: 'frame', frame: { kind: 'mrz', lines: present, raw, flag } };
}

function hex(b: number): string {
  return `0x${b.toString(16).padStart(2, '0')}`;
}

/**
 * Builds an RTE frame from MRZ lines (1–3), bottom-aligned and padded with `_` to 30 (three lines)
 * or 44 (two lines) characters, as the device does.
 */
export function encodeRteMrz(mrzLines: string[], flag = 0x00): Buffer {
  const width = mrzLines.length === 3 ? 30 : mrzLines.length === 2 ? 44 : Math.max(30, mrzLines[0]?.length ?? 0);
  const padded = mrzLines.map((line) => (line.length >= width ? line.slice(0, width) : line + '_'.repeat(width - line.length)));
  while (padded.length < 3) padded.unshift('');
  const data = Buffer.from(padded.map((line) => `${line}\r`).join(''), 'latin1');
  const body = Buffer.concat([Buffer.from([0x4f, 0x55, STX, flag]), data, Buffer.from([ETX])]);
  const lenAndBody = Buffer.concat([Buffer.from([body.length]), body]);
  return Buffer.concat([Buffer.from([SOH]), lenAndBody, Buffer.from([rteBcc(lenAndBody)])]);
}
