import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBundle, generateEncryptionKeys, generateSigningKeys } from '@borderpost/bundle';
import { exampleDocuments } from '@borderpost/schemas';
import { ensureCentralBundleKeys, openStorage, loadConfig } from '@borderpost/server';
import { runCli } from '../testing';

jest.setTimeout(60_000);

/** A replicated revision, as a station's bundle carries it. */
function replicated(doc: { _id: string }, hash: string) {
  return { ...doc, _rev: `1-${hash}`, _revisions: { start: 1, ids: [hash] } };
}

describe('borderpost server import-bundle', () => {
  let dataDir: string;
  const env = { ...process.env };
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'borderpost-cli-bundle-'));
    delete process.env.DATABASE_URL;
  });
  afterEach(() => {
    process.env = { ...env };
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("imports a station's bundle, prints what it accepted and refused, and refuses a tampered file", async () => {
    const signing = generateSigningKeys();
    const encryption = generateEncryptionKeys();
    const storage = await openStorage(loadConfig(process.env, { dataDir }));
    let stationId: string;
    let central: string;
    try {
      const { code } = await storage.access.createEnrolmentCode('agadez-1', 'test', 60);
      ({ stationId } = await storage.access.enrolStation(code, 'Lane 1', { signing: signing.publicKey, encryption: encryption.publicKey }));
      central = (await ensureCentralBundleKeys(storage.sql)).publicKeys.encryption;
    } finally {
      await storage.close();
    }
    const own = (exampleDocuments('crossing', { postId: 'agadez-1', count: 2 }) as Array<{ _id: string }>).map((doc, i) => replicated(doc, String(i).repeat(32)));
    const file = path.join(dataDir, 'stick.bpb');
    fs.writeFileSync(file, createBundle({ docs: own, from: stationId, to: 'central', postId: 'agadez-1', signingKey: signing.privateKey, recipientPublicKey: central }));

    for (let attempt = 0; attempt < 2; attempt++) {
      const imported = await runCli(['server', 'import-bundle', '--data', dataDir, file]);
      expect(imported.stderr).toBe('');
      expect(imported.code).toBe(0);
      expect(imported.lines[0]).toMatchObject({ from: stationId, postId: 'agadez-1', documents: 2, refused: [] });
      expect((imported.lines[0] as { accepted: unknown[] }).accepted).toHaveLength(2);
    }

    const foreign = replicated((exampleDocuments('crossing', { postId: 'other-post', count: 1 }) as Array<{ _id: string }>)[0]!, 'f'.repeat(32));
    fs.writeFileSync(file, createBundle({ docs: [foreign], from: stationId, to: 'central', postId: 'agadez-1', signingKey: signing.privateKey, recipientPublicKey: central }));
    const partly = await runCli(['server', 'import-bundle', '--data', dataDir, file]);
    expect(partly.code).toBe(1);
    expect(partly.lines[0]).toMatchObject({ accepted: [], refused: [{ id: foreign._id }] });
    expect(JSON.parse(partly.stderr)).toMatchObject({ error: { code: 'BUNDLE_DOCUMENTS_REFUSED' } });

    const bytes = fs.readFileSync(file);
    bytes[20]! ^= 0x01;
    fs.writeFileSync(file, bytes);
    const tampered = await runCli(['server', 'import-bundle', '--data', dataDir, file]);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toBe('');
    expect(JSON.parse(tampered.stderr).error.code).toMatch(/^BUNDLE_/);

    const missing = await runCli(['server', 'import-bundle', '--data', dataDir, path.join(dataDir, 'nope.bpb')]);
    expect(JSON.parse(missing.stderr)).toMatchObject({ error: { code: 'BUNDLE_FILE_UNREADABLE' } });
  });
});
