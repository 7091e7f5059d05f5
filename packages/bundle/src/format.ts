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
 *     version     1 byte  (1: one recipient; 2: several, see below)
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
 *
 * Version 2, several recipients (central's reference bundle for a post with several stations: one stick,
 * every laptop of the post can read it): the body is encrypted with a random content key; the header's
 * `recipients` holds that key wrapped for each recipient (AES-256-GCM under the key agreed between the
 * bundle's ephemeral X25519 key and that recipient's public key, as in version 1). Version 1 files are
 * still written for a single recipient and read as before.
 */
export interface BundleHeader {
  format: 'borderpost-bundle';
  version: 1 | 2;
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
  /** Version 2: the content key wrapped for each recipient (`id` names it, e.g. a station id). */
  recipients?: Array<{ id: string; wrappedKey: string }>;
}

export interface BundleDocument {
  _id: string;
  [key: string]: unknown;
}

const MAGIC = Buffer.from('BPBUNDLE', 'ascii');
const VERSION = 1;
const MULTI_RECIPIENT_VERSION = 2;
const MAX_RECIPIENTS = 64;
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
  /** The recipient's X25519 public key (PEM): a version 1 bundle. Give this or `recipients`. */
  recipientPublicKey?: string;
  /** Several recipients' X25519 public keys (PEM) by id: a version 2 bundle any of them can open. */
  recipients?: Array<{ id: string; publicKey: string }>;
  now?: () => Date;
}

function x25519Public(pem: string): crypto.KeyObject {
  let key: crypto.KeyObject;
  try {
    key = crypto.createPublicKey(pem);
  } catch {
    fail('BUNDLE_BAD_KEY', 'a recipient key is not a public key');
  }
  if (key.asymmetricKeyType !== 'x25519') fail('BUNDLE_BAD_KEY', 'the recipient key must be an X25519 public key');
  return key;
}

function gcmSeal(key: Buffer, plain: Buffer, aad?: Buffer): Buffer {
  const nonce = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, nonce);
  if (aad) cipher.setAAD(aad);
  return Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

export function createBundle(options: CreateBundleOptions): Buffer {
  const signer = crypto.createPrivateKey(options.signingKey);
  if (signer.asymmetricKeyType !== 'ed25519') fail('BUNDLE_BAD_KEY', 'the signing key must be an Ed25519 private key');
  if ((options.recipients === undefined) === (options.recipientPublicKey === undefined)) fail('BUNDLE_BAD_KEY', 'give either one recipient key or a list of recipients');
  const many = options.recipients !== undefined;
  const recipients = options.recipients ? options.recipients.map((r) => ({ id: r.id, key: x25519Public(r.publicKey) })) : [{ id: options.to, key: x25519Public(options.recipientPublicKey!) }];
  if (recipients.length === 0) fail('BUNDLE_BAD_KEY', 'a bundle needs at least one recipient');
  if (recipients.length > MAX_RECIPIENTS) fail('BUNDLE_BAD_KEY', `at most ${MAX_RECIPIENTS} recipients`);
  const ephemeral = crypto.generateKeyPairSync('x25519');
  const ephemeralPublic = spkiBytes(ephemeral.publicKey);
  const agreed = (recipient: crypto.KeyObject) => aesKey(crypto.diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient }), ephemeralPublic, spkiBytes(recipient));
  // Version 1: the agreed key encrypts the body. Version 2: a random content key does, wrapped for each.
  const key = many ? crypto.randomBytes(32) : agreed(recipients[0]!.key);
  const nonce = crypto.randomBytes(12);
  const header: BundleHeader = {
    format: 'borderpost-bundle',
    version: many ? MULTI_RECIPIENT_VERSION : VERSION,
    from: options.from,
    to: options.to,
    postId: options.postId,
    createdAt: (options.now?.() ?? new Date()).toISOString(),
    docCount: options.docs.length,
    upTo: options.upTo ?? null,
    ephemeralPublicKey: ephemeralPublic.toString('base64'),
    nonce: nonce.toString('base64'),
    ...(many ? { recipients: recipients.map((r) => ({ id: r.id, wrappedKey: gcmSeal(agreed(r.key), key, Buffer.from(r.id, 'utf8')).toString('base64') })) } : {}),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const plain = zlib.gzipSync(Buffer.from(options.docs.map((doc) => JSON.stringify(doc)).join('\n'), 'utf8'));
  const cipher = crypto.createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(headerBytes);
  const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  const unsigned = Buffer.concat([MAGIC, Buffer.from([header.version]), u32(headerBytes.length), headerBytes, u32(body.length), body]);
  if (unsigned.length + SIGNATURE_BYTES > MAX_BUNDLE_BYTES) fail('BUNDLE_TOO_LARGE', 'bundle over 2 GiB: split the export');
  return Buffer.concat([unsigned, crypto.sign(null, unsigned, signer)]);
}

/** Reads the header without verifying anything (to find the sender's key). Throws on a malformed file. */
export function readBundleHeader(bundle: Buffer): { header: BundleHeader; headerBytes: Buffer; bodyStart: number; bodyLength: number } {
  if (bundle.length < MAGIC.length + 1 + 4 || !bundle.subarray(0, MAGIC.length).equals(MAGIC)) fail('BUNDLE_BAD_MAGIC', 'not a Borderpost bundle');
  const version = bundle[MAGIC.length];
  if (version !== VERSION && version !== MULTI_RECIPIENT_VERSION) fail('BUNDLE_UNSUPPORTED_VERSION', `bundle version ${version} is not supported (this build reads 1 and 2)`);
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
    !Number.isInteger(header.docCount) ||
    header.version !== version ||
    (version === MULTI_RECIPIENT_VERSION &&
      (!Array.isArray(header.recipients) ||
        header.recipients.length === 0 ||
        header.recipients.length > MAX_RECIPIENTS ||
        !header.recipients.every((r) => typeof r?.id === 'string' && typeof r.wrappedKey === 'string')))
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
  /** Version 2: our id among the bundle's recipients (e.g. our station id); without it every entry is tried. */
  recipientKeyId?: string;
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
    const agreed = aesKey(shared, ephemeralPublic, spkiBytes(crypto.createPublicKey(recipientKey)));
    const key = header.version === MULTI_RECIPIENT_VERSION ? unwrapContentKey(header, agreed, options.recipientKeyId) : agreed;
    const body = bundle.subarray(bodyStart, bodyStart + bodyLength);
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(header.nonce, 'base64'));
    decipher.setAAD(headerBytes);
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    plain = Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]);
  } catch (error) {
    if (error instanceof BorderpostError) throw error;
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

/** Version 2: the content key from our entry (or whichever entry our key opens). */
function unwrapContentKey(header: BundleHeader, agreed: Buffer, keyId: string | undefined): Buffer {
  const entries = header.recipients ?? [];
  const candidates = keyId !== undefined ? entries.filter((entry) => entry.id === keyId) : entries;
  for (const entry of candidates) {
    try {
      const sealed = Buffer.from(entry.wrappedKey, 'base64');
      const decipher = crypto.createDecipheriv('aes-256-gcm', agreed, sealed.subarray(0, 12));
      decipher.setAAD(Buffer.from(entry.id, 'utf8'));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      const key = Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - TAG_BYTES)), decipher.final()]);
      if (key.length === 32) return key;
    } catch {
      // not ours: try the next entry
    }
  }
  return fail('BUNDLE_WRONG_RECIPIENT', `this bundle was made for ${entries.map((entry) => entry.id).join(', ')}, not for this ${keyId ? `station (${keyId})` : 'key'}: export it again from central`, {
    recipients: entries.map((entry) => entry.id),
  });
}
