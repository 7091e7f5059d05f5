import { createHash } from 'node:crypto';

/**
 * An attachment body as PouchDB hands it to an adapter in Node: a base64 string (JSON API, replication
 * over HTTP) or a Buffer (`putAttachment`, binary replication). Returns the bytes, or `undefined` when
 * the base64 is malformed. Node's decoder silently skips bad characters, so the text is re-encoded and
 * compared: a corrupted photo must be refused, not stored truncated.
 */
export function attachmentBytes(data: unknown): Buffer | undefined {
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof Uint8Array) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  if (typeof data !== 'string') return undefined;
  const bytes = Buffer.from(data, 'base64');
  if (bytes.toString('base64') !== normaliseBase64(data)) return undefined;
  return bytes;
}

/** Pads unpadded base64 and drops whitespace, which PouchDB's own decoder accepts. */
function normaliseBase64(text: string): string {
  const compact = text.replace(/[\r\n\t ]/g, '');
  const padding = (4 - (compact.length % 4)) % 4;
  return padding === 3 ? compact : compact + '='.repeat(padding);
}

/** PouchDB/CouchDB attachment digest: `md5-` + base64 of the MD5 of the bytes. */
export function attachmentDigest(bytes: Buffer): string {
  return 'md5-' + createHash('md5').update(bytes as Uint8Array<ArrayBuffer>).digest('base64');
}
