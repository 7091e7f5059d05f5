import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { purgeLocal } from './purge';
import { storeOf } from './store-access';
import { TestPouch } from './testing/pouch';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-purge-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/* eslint-disable @typescript-eslint/no-explicit-any -- PouchDB's typings do not know our adapter's options */
describe('purgeLocal', () => {
  it('forgets documents and their attachments without a tombstone, so replication sends no deletion', async () => {
    const db = new TestPouch<any>(path.join(dir, 'post.sqlite'), { adapter: 'sqlite' } as any);
    const image = Buffer.alloc(20_000, 7);
    await db.put({ _id: 'crossing:old', type: 'crossing', _attachments: { 'face.jpg': { content_type: 'image/jpeg', data: image } } });
    const shared = await db.put({ _id: 'crossing:kept', type: 'crossing', _attachments: { 'face.jpg': { content_type: 'image/jpeg', data: Buffer.alloc(5_000, 9) } } });
    await db.put({ _id: 'crossing:old', _rev: (await db.get('crossing:old'))._rev, type: 'crossing', note: 'edited', _attachments: { 'face.jpg': { content_type: 'image/jpeg', data: image } } });

    // central's copy: a replication target that has everything before the purge
    const central = new TestPouch<any>('central', { adapter: 'memory' } as any);
    await db.replicate.to(central);

    expect(purgeLocal(db, ['crossing:old', 'crossing:absent'])).toEqual({ purged: ['crossing:old'], notFound: ['crossing:absent'] });
    await expect(db.get('crossing:old')).rejects.toMatchObject({ status: 404 });
    expect((await db.info()).doc_count).toBe(1);
    const changes = await db.changes({ since: 0 });
    expect(changes.results.map((row: { id: string }) => row.id)).toEqual(['crossing:kept']);
    // the attachment body used only by the purged document is gone; the other stays readable
    const store = storeOf(db);
    expect((store.db.prepare('SELECT COUNT(*) AS n FROM docstore_attachments').get() as { n: number }).n).toBe(1);
    expect((await db.get('crossing:kept', { attachments: true, binary: true }))._rev).toBe(shared.rev);

    // a later push sends no deletion: central still has the purged document
    await db.put({ _id: 'crossing:new', type: 'crossing' });
    await db.replicate.to(central);
    await expect(central.get('crossing:old')).resolves.toMatchObject({ note: 'edited' });
    expect((await central.info()).doc_count).toBe(3);
    await db.close();
    await central.destroy();
  });
});
