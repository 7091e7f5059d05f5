import { BorderpostError } from '@borderpost/common';
import crypto from 'node:crypto';
import zlib from 'node:zlib';

/**
 * A bundle carries documents over removable media when a post has no link at all (issue 6): the post's
 * documents central has not acknowledged, or central's reference-data updates going back.
 *
 * Layout (all integers big-endian):
 *
 *     "BPBUNDLE"  8 bytes magic
 *     version     1 byte  (1)
 *     headerLen   4 bytes
 *     header      headerLen bytes of UTF-8 JSON (BundleHeader)
 *     bodyLen     4 bytes
 *     body        AES-256-GCM ciphertext of gzip(JSON Lines of documents), then its 16-byte tag
 *     signature   64 bytes Ed25519, by the sender, over everything before it
 *
 * Encryption: an ephemeral X25519 key agreed with the recipient's public key, HKDF-SHA256 to an AES key;
 * the header is the GCM additional data, so it cannot be altered without failing decryption. Signature:
 * the sender's Ed25519 key over header and ciphertext, checked BEFORE decrypting, so an unauthenticated
 * file never reaches the decompressor. Only the recipient can read a lost USB stick; only the station
 * (or central) that holds the signing key can produce a bundle that is accepted.
 */
export interface BundleHeader {
  format: 'borderpost-bundle';
  version: 1;
  /** Who wrote it: a station id, or 'central'. */
  from: string;
  /** Who can open it: 'central', or a post id. */
  to: string;
  /** The post whose documents (or reference data) it carries. */
  postId: string;
  createdAt: string;
  docCount: number;
  /** Opaque to the format: e.g. the post database's update sequence the bundle reaches. */
  upTo: string | null;
  ephemeralPublicKey: string;
  nonce: string;
}

export interface BundleDocument {
  _id: string;
  [key: string]: unknown;
}

const MAGIC = Buffer.from('BPBUNDLE', 'ascii');
const VERSION = 1;
const TAG_BYTES = 16;
const SIGNATURE_BYTES = 64;
const INFO = Buffer.from('borderpost bundle v1', 'utf8');
/** Refuse absurd sizes before allocating: a bundle is a USB stick's worth of crossings, not more. */
export const MAX_BUNDLE_BYTES = 2 * 1024 * 1024 * 1024 - 1;
const MAX_HEADER_BYTES = 16 * 1024;

function fail(code: string, message: string, details?: Record<string, unknown>): never {
  throw new BorderpostError(code, message, details);
}

function aesKey(shared: Buffer, ephemeralPublic: Buffer, recipientPublic: Buffer): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', shared, Buffer.concat([ephemeralPublic, recipientPublic]), INFO, 32));
}

function spkiBytes(key: crypto.KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' });
}

function u32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value);
  return buffer;
}

export interface CreateBundleOptions {
  docs: BundleDocument[];
  from: string;
  to: string;
  postId: string;
  upTo?: string | null;
  /** The sender's Ed25519 private key (PEM). */
  signingKey: string;
  /** The recipient's X25519 public key (PEM). */
  recipientPublicKey: string;
  now?: () => Date;
}

export function createBundle(options: CreateBundleOptions): Buffer {
  const recipient = crypto.createPublicKey(options.recipientPublicKey);
  const signer = crypto.createPrivateKey(options.signingKey);
  if (recipient.asymmetricKeyType !== 'x25519') fail('BUNDLE_BAD_KEY', 'the recipient key must be an X25519 public key');
  if (signer.asymmetricKeyType !== 'ed25519') fail('BUNDLE_BAD_KEY', 'the signing key must be an Ed25519 private key');
  const ephemeral = crypto.generateKeyPairSync('x25519');
  const shared = crypto.diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient });
  const ephemeralPublic = spkiBytes(ephemeral.publicKey);
  const key = aesKey(shared, ephemeralPublic, spkiBytes(recipient));
  const nonce = crypto.randomBytes(12);
  const header: BundleHeader = {
    format: 'borderpost-bundle',
    version: VERSION,
    from: options.from,
    to: options.to,
    postId: options.postId,
    createdAt: (options.now?.() ?? new Date()).toISOString(),
    docCount: options.docs.length,
    upTo: options.upTo ?? null,
    ephemeralPublicKey: ephemeralPublic.toString('base64'),
    nonce: nonce.toString('base64'),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const plain = zlib.gzipSync(Buffer.from(options.docs.map((doc) => JSON.stringify(doc)).join('\n'), 'utf8'));
  const cipher = crypto.createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(headerBytes);
  const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  const unsigned = Buffer.concat([MAGIC, Buffer.from([VERSION]), u32(headerBytes.length), headerBytes, u32(body.length), body]);
  if (unsigned.length + SIGNATURE_BYTES > MAX_BUNDLE_BYTES) fail('BUNDLE_TOO_LARGE', 'bundle over 2 GiB: split the export');
  return Buffer.concat([unsigned, crypto.sign(null, unsigned, signer)]);
}

/** Reads the header without verifying anything (to find the sender's key). Throws on a malformed file. */
export function readBundleHeader(bundle: Buffer): { header: BundleHeader; headerBytes: Buffer; bodyStart: number; bodyLength: number } {
  if (bundle.length < MAGIC.length + 1 + 4 || !bundle.subarray(0, MAGIC.length).equals(MAGIC)) fail('BUNDLE_BAD_MAGIC', 'not a Borderpost bundle');
  const version = bundle[MAGIC.length];
  if (version !== VERSION) fail('BUNDLE_UNSUPPORTED_VERSION', `bundle version ${version} is not supported (this build reads ${VERSION})`);
  const headerLength = bundle.readUInt32BE(MAGIC.length + 1);
  const headerStart = MAGIC.length + 5;
  if (headerLength > MAX_HEADER_BYTES || headerStart + headerLength + 4 > bundle.length) fail('BUNDLE_TRUNCATED', 'the bundle header is cut short or too large');
  const headerBytes = bundle.subarray(headerStart, headerStart + headerLength);
  let header: BundleHeader;
  try {
    header = JSON.parse(headerBytes.toString('utf8')) as BundleHeader;
  } catch {
    fail('BUNDLE_BAD_HEADER', 'the bundle header is not JSON');
  }
  if (
    header?.format !== 'borderpost-bundle' ||
    typeof header.from !== 'string' ||
    typeof header.to !== 'string' ||
    typeof header.postId !== 'string' ||
    typeof header.ephemeralPublicKey !== 'string' ||
    typeof header.nonce !== 'string' ||
    !Number.isInteger(header.docCount)
  ) {
    fail('BUNDLE_BAD_HEADER', 'the bundle header lacks required fields');
  }
  const bodyLength = bundle.readUInt32BE(headerStart + headerLength);
  const bodyStart = headerStart + headerLength + 4;
  if (bodyLength < TAG_BYTES || bodyStart + bodyLength + SIGNATURE_BYTES !== bundle.length) fail('BUNDLE_TRUNCATED', 'the bundle is cut short or has trailing bytes');
  return { header, headerBytes, bodyStart, bodyLength };
}

export interface OpenBundleOptions {
  /** The sender's Ed25519 public key (PEM) by its id, or null when the sender is unknown or revoked. */
  senderPublicKey: (from: string) => string | null;
  /** Who we are: a bundle addressed to anyone else is refused. */
  recipient: string;
  /** Our X25519 private key (PEM). */
  recipientPrivateKey: string;
  /** Largest decompressed content accepted (a zip bomb stops here). */
  maxContentBytes?: number;
}

export function openBundle(bundle: Buffer, options: OpenBundleOptions): { header: BundleHeader; docs: BundleDocument[] } {
  const { header, headerBytes, bodyStart, bodyLength } = readBundleHeader(bundle);
  if (header.to !== options.recipient) fail('BUNDLE_WRONG_RECIPIENT', `this bundle is for ${header.to}, not ${options.recipient}`);
  const senderKey = options.senderPublicKey(header.from);
  if (!senderKey) fail('BUNDLE_UNKNOWN_SENDER', `no signing key is known for ${header.from}`, { from: header.from });
  const signed = bundle.subarray(0, bundle.length - SIGNATURE_BYTES);
  const signature = bundle.subarray(bundle.length - SIGNATURE_BYTES);
  if (!crypto.verify(null, signed, crypto.createPublicKey(senderKey), signature)) fail('BUNDLE_BAD_SIGNATURE', 'the bundle signature does not match its sender');

  const recipientKey = crypto.createPrivateKey(options.recipientPrivateKey);
  let plain: Buffer;
  try {
    const ephemeralPublic = Buffer.from(header.ephemeralPublicKey, 'base64');
    const ephemeral = crypto.createPublicKey({ key: ephemeralPublic, format: 'der', type: 'spki' });
    const shared = crypto.diffieHellman({ privateKey: recipientKey, publicKey: ephemeral });
    const key = aesKey(shared, ephemeralPublic, spkiBytes(crypto.createPublicKey(recipientKey)));
    const body = bundle.subarray(bodyStart, bodyStart + bodyLength);
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(header.nonce, 'base64'));
    decipher.setAAD(headerBytes);
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    plain = Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]);
  } catch {
    fail('BUNDLE_DECRYPT_FAILED', 'the bundle cannot be decrypted with this key');
  }
  let text: string;
  try {
    text = zlib.gunzipSync(plain, { maxOutputLength: options.maxContentBytes ?? 1024 * 1024 * 1024 }).toString('utf8');
  } catch {
    fail('BUNDLE_BAD_CONTENT', 'the bundle content is not valid (or larger than allowed)');
  }
  const docs: BundleDocument[] = [];
  for (const line of text.length === 0 ? [] : text.split('\n')) {
    let doc: unknown;
    try {
      doc = JSON.parse(line);
    } catch {
      fail('BUNDLE_BAD_CONTENT', `line ${docs.length + 1} is not JSON`);
    }
    if (typeof doc !== 'object' || doc === null || typeof (doc as BundleDocument)._id !== 'string') fail('BUNDLE_BAD_CONTENT', `line ${docs.length + 1} is not a document`);
    docs.push(doc as BundleDocument);
  }
  if (docs.length !== header.docCount) fail('BUNDLE_BAD_CONTENT', `header says ${header.docCount} documents, the bundle holds ${docs.length}`);
  return { header, docs };
}
