import { DeviceError } from '../errors';

/**
 * ISO/IEC 19794-4:2011 finger image record, the `bioValue` of an SBI registration capture, reduced to
 * the fields we use. Layout (big-endian): general header `FIR\0` `020\0` length(4) representations(2)
 * certification flag(1) finger count(1); per representation: length(4) capture date-time(9)
 * technology(1) vendor(2) type(2) quality blocks (count(1) + 5 each) [certification blocks when the
 * flag is set: count(1) + 3 each] position(1) number(1) scale units(1) capture ppi h/v(2+2)
 * image ppi h/v(2+2) bit depth(1) compression(1) impression(1) width(2) height(2) data length(4) data.
 * Field order follows the standard as implemented by MOSIP's bio-utils; not yet checked against a
 * certified device's output (see README).
 */
export interface FingerImageRecord {
  position: number;
  quality: number | null;
  widthPx: number;
  heightPx: number;
  ppi: number;
  bitDepth: number;
  /** 0 none, 1 none bit-packed, 2 WSQ, 3 JPEG, 4 JPEG 2000 lossy, 5 JPEG 2000 lossless, 6 PNG. */
  compression: number;
  data: Buffer;
}

export const COMPRESSION_NAMES: Record<number, string> = { 0: 'none', 1: 'bit-packed', 2: 'WSQ', 3: 'JPEG', 4: 'JPEG 2000 lossy', 5: 'JPEG 2000 lossless', 6: 'PNG' };

/** ISO finger positions for the SBI bioSubType names. */
export const FINGER_POSITIONS: Record<string, number> = {
  'Right Thumb': 1, 'Right IndexFinger': 2, 'Right MiddleFinger': 3, 'Right RingFinger': 4, 'Right LittleFinger': 5,
  'Left Thumb': 6, 'Left IndexFinger': 7, 'Left MiddleFinger': 8, 'Left RingFinger': 9, 'Left LittleFinger': 10,
  UNKNOWN: 0,
};

export function encodeFingerImageRecord(record: FingerImageRecord, captured = new Date()): Buffer {
  const rep = Buffer.alloc(4 + 9 + 5 + 1 + 5 + 3 + 8 + 3 + 4 + 4);
  let o = 4;
  rep.writeUInt16BE(captured.getUTCFullYear(), o);
  rep[o + 2] = captured.getUTCMonth() + 1;
  rep[o + 3] = captured.getUTCDate();
  rep[o + 4] = captured.getUTCHours();
  rep[o + 5] = captured.getUTCMinutes();
  rep[o + 6] = captured.getUTCSeconds();
  rep.writeUInt16BE(captured.getUTCMilliseconds(), o + 7);
  o += 9;
  rep[o] = 0; // capture technology: unknown
  rep.writeUInt16BE(0, o + 1); // vendor
  rep.writeUInt16BE(0, o + 3); // device type
  o += 5;
  rep[o++] = record.quality === null ? 0 : 1;
  if (record.quality !== null) {
    rep.writeUInt16BE(0x0101, o); // quality algorithm owner (emulator)
    rep.writeUInt16BE(0x0001, o + 2);
    rep[o + 4] = record.quality;
    o += 5;
  }
  rep[o++] = record.position;
  rep[o++] = 1; // representation number
  rep[o++] = 1; // scale units: pixels per inch
  for (let i = 0; i < 4; i++) rep.writeUInt16BE(record.ppi, o + 2 * i);
  o += 8;
  rep[o++] = record.bitDepth;
  rep[o++] = record.compression;
  rep[o++] = 0; // impression: live-scan plain
  rep.writeUInt16BE(record.widthPx, o);
  rep.writeUInt16BE(record.heightPx, o + 2);
  o += 4;
  rep.writeUInt32BE(record.data.length, o);
  o += 4;
  const representation = Buffer.concat([rep.subarray(0, o), record.data]);
  representation.writeUInt32BE(representation.length, 0);
  const header = Buffer.alloc(16);
  header.write('FIR\x00020\x00', 0, 'latin1');
  header.writeUInt32BE(16 + representation.length, 8);
  header.writeUInt16BE(1, 12);
  header[14] = 0; // no certification blocks
  header[15] = 1;
  return Buffer.concat([header, representation]);
}

export function decodeFingerImageRecord(bytes: Buffer): FingerImageRecord {
  const fail = (why: string) => new DeviceError('DEVICE_PROTOCOL_ERROR', `not a readable ISO 19794-4:2011 finger record: ${why}`);
  if (bytes.length < 16 || bytes.toString('latin1', 0, 4) !== 'FIR\0') throw fail('missing FIR header');
  const version = bytes.toString('latin1', 4, 8);
  if (version !== '020\0') throw new DeviceError('DEVICE_UNSUPPORTED', `finger record version ${JSON.stringify(version)} (only 2011 "020" is decoded)`);
  const certified = bytes[14] !== 0;
  let o = 16;
  const need = (n: number) => {
    if (o + n > bytes.length) throw fail('record shorter than its fields');
  };
  need(4 + 9 + 5 + 1);
  o += 4 + 9 + 5;
  const qualityCount = bytes[o++]!;
  need(qualityCount * 5);
  const quality = qualityCount > 0 ? bytes[o + 4]! : null;
  o += qualityCount * 5;
  if (certified) {
    need(1);
    const certCount = bytes[o++]!;
    need(certCount * 3);
    o += certCount * 3;
  }
  need(3 + 8 + 3 + 4 + 4);
  const position = bytes[o]!;
  o += 3;
  o += 4; // capture sampling rate
  const ppi = bytes.readUInt16BE(o);
  o += 4;
  const bitDepth = bytes[o++]!;
  const compression = bytes[o++]!;
  o += 1;
  const widthPx = bytes.readUInt16BE(o);
  const heightPx = bytes.readUInt16BE(o + 2);
  o += 4;
  const length = bytes.readUInt32BE(o);
  o += 4;
  need(length);
  return { position, quality: quality === 255 ? null : quality, widthPx, heightPx, ppi, bitDepth, compression, data: Buffer.from(bytes.subarray(o, o + length)) };
}
