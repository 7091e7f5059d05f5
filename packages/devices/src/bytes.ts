/** Byte helpers shared by framers, drivers and traces. */

export function toHex(bytes: Uint8Array, separator = ' '): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(separator);
}

export function fromHex(hex: string): Buffer {
  const clean = hex.replace(/[^0-9a-fA-F]/g, '');
  if (clean.length % 2 !== 0) throw new RangeError(`odd number of hex digits: ${hex}`);
  return Buffer.from(clean, 'hex');
}

/** Index of `needle` in `haystack` from `from`, or -1. */
export function indexOfBytes(haystack: Buffer, needle: readonly number[], from = 0): number {
  return haystack.indexOf(Buffer.from(needle), from);
}

/** Text of a payload with control bytes other than CR/LF shown as `\xNN`, for messages and traces. */
export function printable(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    if (b === 0x0d) out += '\\r';
    else if (b === 0x0a) out += '\\n';
    else if (b < 0x20 || b > 0x7e) out += `\\x${b.toString(16).padStart(2, '0')}`;
    else out += String.fromCharCode(b);
  }
  return out;
}
