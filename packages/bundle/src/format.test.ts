import { createBundle, openBundle, readBundleHeader } from './format';
import { generateEncryptionKeys, generateSigningKeys } from './keys';

const station = generateSigningKeys();
const otherStation = generateSigningKeys();
const central = generateEncryptionKeys();
const docs = [
  { _id: 'crossing:p1:01J0000000000000000000000A', _rev: '1-abc', _revisions: { start: 1, ids: ['abc'] }, type: 'crossing', note: 'Zoë, ليلى' },
  { _id: 'audit:p1:01J0000000000000000000000B', _rev: '1-def', _revisions: { start: 1, ids: ['def'] }, type: 'audit', _attachments: { 'x.bin': { content_type: 'application/octet-stream', data: Buffer.alloc(5000, 7).toString('base64') } } },
];

function make(overrides: Partial<Parameters<typeof createBundle>[0]> = {}) {
  return createBundle({ docs, from: 'station-7', to: 'central', postId: 'p1', upTo: '42', signingKey: station.privateKey, recipientPublicKey: central.publicKey, ...overrides });
}

const opener = (keys: Record<string, string> = { 'station-7': station.publicKey }) => ({
  senderPublicKey: (from: string) => keys[from] ?? null,
  recipient: 'central',
  recipientPrivateKey: central.privateKey,
});

describe('bundles', () => {
  it('round-trips documents, attachments and Unicode; the header says what it carries', () => {
    const bundle = make();
    const { header, docs: opened } = openBundle(bundle, opener());
    expect(opened).toEqual(docs);
    expect(header).toMatchObject({ format: 'borderpost-bundle', version: 1, from: 'station-7', to: 'central', postId: 'p1', docCount: 2, upTo: '42' });
    expect(readBundleHeader(bundle).header.docCount).toBe(2);
  });

  it('hides the content from anyone without the recipient key', () => {
    const bundle = make();
    expect(bundle.includes(Buffer.from('crossing'))).toBe(false);
    expect(bundle.includes(Buffer.from('Zo'))).toBe(false);
    const stranger = generateEncryptionKeys();
    expect(() => openBundle(bundle, { ...opener(), recipientPrivateKey: stranger.privateKey })).toThrow(expect.objectContaining({ code: 'BUNDLE_DECRYPT_FAILED' }));
  });

  it('refuses a bundle from an unknown sender, or signed by another station than it claims', () => {
    expect(() => openBundle(make(), opener({}))).toThrow(expect.objectContaining({ code: 'BUNDLE_UNKNOWN_SENDER' }));
    const forged = make({ signingKey: otherStation.privateKey });
    expect(() => openBundle(forged, opener())).toThrow(expect.objectContaining({ code: 'BUNDLE_BAD_SIGNATURE' }));
  });

  it('detects any changed byte', () => {
    const bundle = make();
    // a byte in the header, in the ciphertext, and in the signature
    for (const offset of [20, Math.floor(bundle.length / 2), bundle.length - 10]) {
      const tampered = Buffer.from(bundle);
      tampered[offset] = tampered[offset]! ^ 0x01;
      expect(() => openBundle(tampered, opener())).toThrow(expect.objectContaining({ code: expect.stringMatching(/^BUNDLE_/) }));
    }
  });

  it('refuses truncated files, other files and bundles for someone else', () => {
    const bundle = make();
    expect(() => openBundle(bundle.subarray(0, bundle.length - 1), opener())).toThrow(expect.objectContaining({ code: 'BUNDLE_TRUNCATED' }));
    expect(() => openBundle(Buffer.concat([bundle, Buffer.from([0])]), opener())).toThrow(expect.objectContaining({ code: 'BUNDLE_TRUNCATED' }));
    expect(() => openBundle(Buffer.from('PK\u0003\u0004 a zip file'), opener())).toThrow(expect.objectContaining({ code: 'BUNDLE_BAD_MAGIC' }));
    const future = Buffer.from(bundle);
    future[8] = 9;
    expect(() => openBundle(future, opener())).toThrow(expect.objectContaining({ code: 'BUNDLE_UNSUPPORTED_VERSION' }));
    const toPost = make({ to: 'p2' });
    expect(() => openBundle(toPost, opener())).toThrow(expect.objectContaining({ code: 'BUNDLE_WRONG_RECIPIENT' }));
  });

  it('refuses keys of the wrong kind', () => {
    expect(() => make({ recipientPublicKey: station.publicKey })).toThrow(expect.objectContaining({ code: 'BUNDLE_BAD_KEY' }));
    expect(() => make({ signingKey: central.privateKey })).toThrow(expect.objectContaining({ code: 'BUNDLE_BAD_KEY' }));
  });

  it('stops a decompression bomb at the configured limit', () => {
    const big = [{ _id: 'x', padding: 'a'.repeat(2_000_000) }];
    const bundle = make({ docs: big });
    expect(bundle.length).toBeLessThan(50_000); // compresses well…
    expect(() => openBundle(bundle, { ...opener(), maxContentBytes: 1_000_000 })).toThrow(expect.objectContaining({ code: 'BUNDLE_BAD_CONTENT' }));
    expect(openBundle(bundle, opener()).docs[0]?._id).toBe('x');
  });

  it('can be made for several recipients (version 2): each opens it with its own key, nobody else can', () => {
    const laptops = [generateEncryptionKeys(), generateEncryptionKeys(), generateEncryptionKeys()];
    const bundle = make({ to: 'p1', recipientPublicKey: undefined, recipients: laptops.map((keys, i) => ({ id: `st-${i}`, publicKey: keys.publicKey })) });
    const header = readBundleHeader(bundle).header;
    expect(header).toMatchObject({ version: 2, to: 'p1' });
    expect(header.recipients?.map((r) => r.id)).toEqual(['st-0', 'st-1', 'st-2']);
    laptops.forEach((keys, i) => {
      const base = { ...opener(), recipient: 'p1', recipientPrivateKey: keys.privateKey };
      expect(openBundle(bundle, { ...base, recipientKeyId: `st-${i}` }).docs).toEqual(docs);
      expect(openBundle(bundle, base).docs).toEqual(docs); // without an id every entry is tried
    });
    const stranger = generateEncryptionKeys();
    expect(() => openBundle(bundle, { ...opener(), recipient: 'p1', recipientPrivateKey: stranger.privateKey, recipientKeyId: 'st-9' })).toThrow(
      expect.objectContaining({ code: 'BUNDLE_WRONG_RECIPIENT', details: { recipients: ['st-0', 'st-1', 'st-2'] } }),
    );
    // a laptop's entry cannot be moved to another id (the id is the wrapped key's additional data)
    const swapped = Buffer.from(bundle);
    const text = swapped.toString('latin1').replace('"st-0"', '"st-9"');
    expect(() => openBundle(Buffer.from(text, 'latin1'), { ...opener(), recipient: 'p1', recipientPrivateKey: laptops[0]!.privateKey })).toThrow(expect.objectContaining({ code: expect.stringMatching(/^BUNDLE_(BAD_SIGNATURE|WRONG_RECIPIENT)$/) }));
    expect(() => make({ recipients: [] , recipientPublicKey: undefined })).toThrow(expect.objectContaining({ code: 'BUNDLE_BAD_KEY' }));
    expect(() => make({ recipients: [{ id: 'x', publicKey: central.publicKey }] })).toThrow(expect.objectContaining({ code: 'BUNDLE_BAD_KEY' })); // both given
  });

  it('carries an empty export', () => {
    expect(openBundle(make({ docs: [] }), opener()).docs).toEqual([]);
  });
});
