/* eslint-disable @typescript-eslint/no-explicit-any -- results are compared as plain JSON across adapters */
/**
 * Conformance: every case runs on our `sqlite` adapter and on PouchDB's `memory` adapter (the
 * reference) and the two answers must be identical. Each case also asserts the documented
 * CouchDB/PouchDB semantics it exercises, so agreement on a wrong answer would still fail.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestPouch } from './testing/pouch';

type Db = PouchDB.Database<any>;

let dir: string;
let counter = 0;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docstore-conformance-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function open(adapter: 'sqlite' | 'memory', options: object = {}): Db {
  counter += 1;
  const name = adapter === 'sqlite' ? path.join(dir, `db-${counter}.sqlite`) : `mem-${counter}`;
  return new TestPouch(name, { adapter, ...options } as any);
}

/** Errors become comparable data (status, name, reason); everything else passes through JSON. */
async function settle<T>(promise: Promise<T>): Promise<any> {
  try {
    return await promise;
  } catch (error: any) {
    return { error: { status: error.status, name: error.name } };
  }
}

function comparable(value: any, normaliseRevs: boolean): any {
  const hashes = new Map<string, string>();
  const label = (hash: string) => {
    if (!hashes.has(hash)) hashes.set(hash, `h${hashes.size}`);
    return hashes.get(hash) as string;
  };
  return JSON.parse(
    JSON.stringify(value, (_key, v) => {
      if (v && v.type === 'Buffer' && Array.isArray(v.data)) return { buffer: Buffer.from(v.data).toString('base64') };
      if (normaliseRevs && typeof v === 'string') {
        const rev = /^(\d+)-([0-9a-f]{32})$/.exec(v);
        if (rev) return `${rev[1]}-${label(rev[2] as string)}`;
        if (/^[0-9a-f]{32}$/.test(v)) return label(v);
      }
      return v;
    }),
  );
}

/**
 * Runs `scenario` on both adapters; returns the sqlite answer after checking the two agree.
 * `normaliseRevs`: for documents written with inline attachment bodies, our deterministic revision
 * ids hash the attachment digests (as CouchDB does) where PouchDB's adapters hash the bodies, so the
 * ids differ while meaning the same thing; they are then compared by position, not by value.
 */
async function agree(scenario: (db: Db) => Promise<any>, options: object = {}, normaliseRevs = false): Promise<any> {
  const sqlite = open('sqlite', options);
  const memory = open('memory', options);
  try {
    const ours = comparable(await scenario(sqlite), normaliseRevs);
    const reference = comparable(await scenario(memory), normaliseRevs);
    expect(ours).toEqual(reference);
    return ours;
  } finally {
    await sqlite.destroy();
    await memory.destroy();
  }
}

const att = (text: string, type = 'text/plain') => ({ content_type: type, data: Buffer.from(text).toString('base64') });

describe('documents', () => {
  test('put, get, update, delete and the errors around them', async () => {
    const out = await agree(async (db) => {
      const first = await db.put({ _id: 'a', n: 1 });
      const second = await db.put({ _id: 'a', _rev: first.rev, n: 2 });
      const stale = await settle(db.put({ _id: 'a', _rev: first.rev, n: 3 }));
      const noRev = await settle(db.put({ _id: 'a', n: 4 }));
      const got = await db.get('a');
      const old = await db.get('a', { rev: first.rev });
      const removed = await db.remove('a', second.rev);
      const afterDelete = await settle(db.get('a'));
      const missing = await settle(db.get('nope'));
      const deletedRev = await db.get('a', { rev: removed.rev });
      const recreated = await db.put({ _id: 'a', n: 5 });
      const info = await db.info();
      return { first, second, stale, noRev, got, old, removed, afterDelete, missing, deletedRev, recreated, docCount: info.doc_count, seq: info.update_seq };
    });
    expect(out.stale.error.status).toBe(409);
    expect(out.noRev.error.status).toBe(409);
    expect(out.got.n).toBe(2);
    expect(out.old.n).toBe(1);
    expect(out.afterDelete.error.status).toBe(404);
    expect(out.missing.error.status).toBe(404);
    expect(out.deletedRev._deleted).toBe(true);
    expect(out.recreated.rev).toMatch(/^4-/);
    expect(out.docCount).toBe(1);
  });

  test('bulkDocs reports per-document results and rejects invalid documents', async () => {
    const out = await agree(async (db) => {
      const created = await db.bulkDocs([{ _id: 'a' }, { _id: 'b', v: 1 }, { _id: 'c' }]);
      const mixed = await db.bulkDocs([
        { _id: 'a', _rev: created[0]!.rev, v: 2 },
        { _id: 'b', v: 'conflict' },
        { _id: 'd' },
      ]);
      const reserved = await settle(db.put({ _id: 'e', _bogus: 1 }));
      const badId = await settle(db.put({ _id: 123 as any }));
      const underscoreId = await settle(db.put({ _id: '_underscore' }));
      const notObject = await settle(db.bulkDocs(['x' as any]));
      const all = await db.allDocs();
      return { created, mixed, reserved, badId, underscoreId, notObject, all };
    });
    expect(out.mixed[1].status).toBe(409);
    expect(out.reserved.error.name).toBe('doc_validation');
    expect(out.badId.error.status).toBe(400);
    expect(out.underscoreId.error.status).toBe(400);
    expect(out.all.rows.map((r: any) => r.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  test('replicated revisions (new_edits: false) build conflicts; the winner is deterministic', async () => {
    const out = await agree(async (db) => {
      await db.bulkDocs(
        [
          { _id: 'x', _rev: '1-aaa', v: 'root' },
          { _id: 'x', _rev: '2-bbb', v: 'left', _revisions: { start: 2, ids: ['bbb', 'aaa'] } },
          { _id: 'x', _rev: '2-ccc', v: 'right', _revisions: { start: 2, ids: ['ccc', 'aaa'] } },
          { _id: 'y', _rev: '3-zzz', v: 'deep', _revisions: { start: 3, ids: ['zzz', 'yyy', 'xxx'] } },
        ],
        { new_edits: false },
      );
      const again = await db.bulkDocs([{ _id: 'x', _rev: '2-bbb', v: 'left', _revisions: { start: 2, ids: ['bbb', 'aaa'] } }], { new_edits: false });
      const winner = await db.get('x', { conflicts: true, revs: true, revs_info: true });
      const openAll = (await db.get('x', { open_revs: 'all' })) as any[];
      const openSome = await db.get('x', { open_revs: ['2-bbb', '9-nope'], revs: true });
      const latest = await db.get('x', { rev: '1-aaa', latest: true });
      const deepMissing = await settle(db.get('y', { rev: '2-yyy' }));
      const deep = await db.get('y', { revs: true, revs_info: true });
      // Deleting the winner lets the other branch win.
      const removed = await db.remove('x', '2-ccc');
      const afterRemove = await db.get('x', { conflicts: true, deleted_conflicts: true } as any);
      const allConflicts = await db.allDocs({ include_docs: true, conflicts: true });
      return {
        again: again.length,
        winner,
        openAll: openAll.sort((a, b) => (a.ok._rev < b.ok._rev ? -1 : 1)),
        openSome,
        latest,
        deepMissing,
        deep,
        removed,
        afterRemove,
        allConflicts,
      };
    });
    expect(out.winner._rev).toBe('2-ccc');
    expect(out.winner._conflicts).toEqual(['2-bbb']);
    expect(out.openAll).toHaveLength(2);
    expect(out.openSome[1]).toEqual({ missing: '9-nope' });
    expect(out.deepMissing.error.status).toBe(404);
    expect(out.afterRemove._rev).toBe('2-bbb');
  });

  test('revs_limit stems old revisions', async () => {
    const out = await agree(
      async (db) => {
        let rev = (await db.put({ _id: 'r', n: 0 })).rev;
        for (let n = 1; n < 8; n += 1) rev = (await db.put({ _id: 'r', _rev: rev, n })).rev;
        const doc = await db.get('r', { revs: true });
        const firstGone = await settle(db.get('r', { rev: '1-' + 'x'.repeat(32) }));
        return { revisions: doc._revisions, firstGone };
      },
      { revs_limit: 3 },
    );
    expect(out.revisions.ids).toHaveLength(3);
    expect(out.revisions.start).toBe(8);
  });
});

describe('allDocs', () => {
  const seed = async (db: Db) => {
    await db.bulkDocs(['b', 'a', 'd', 'c', 'e', 'A', 'é'].map((id) => ({ _id: id, v: id })));
    const c = await db.get('c');
    await db.remove(c);
  };

  test('ranges, descending, inclusive_end, skip, limit, key', async () => {
    const out = await agree(async (db) => {
      await seed(db);
      return {
        all: await db.allDocs(),
        range: await db.allDocs({ startkey: 'b', endkey: 'd' }),
        exclusive: await db.allDocs({ startkey: 'b', endkey: 'd', inclusive_end: false }),
        descending: await db.allDocs({ descending: true, startkey: 'd', endkey: 'b' }),
        descendingExclusive: await db.allDocs({ descending: true, startkey: 'e', endkey: 'b', inclusive_end: false }),
        empty: await db.allDocs({ startkey: 'd', endkey: 'b' }),
        paged: await db.allDocs({ skip: 1, limit: 2 }),
        limitZero: await db.allDocs({ limit: 0 }),
        key: await db.allDocs({ key: 'd', include_docs: true }),
        deletedKey: await db.allDocs({ key: 'c' }),
        updateSeq: await db.allDocs({ limit: 1, update_seq: true }),
      };
    });
    expect(out.all.rows.map((r: any) => r.id)).toEqual(['A', 'a', 'b', 'd', 'e', 'é']);
    expect(out.all.total_rows).toBe(6);
    expect(out.range.rows.map((r: any) => r.id)).toEqual(['b', 'd']);
    expect(out.exclusive.rows.map((r: any) => r.id)).toEqual(['b']);
    expect(out.descending.rows.map((r: any) => r.id)).toEqual(['d', 'b']);
    expect(out.empty.rows).toEqual([]);
    expect(out.paged.rows.map((r: any) => r.id)).toEqual(['a', 'b']);
  });

  test('keys (with missing and deleted ids), include_docs, conflicts, attachments', async () => {
    const out = await agree(async (db) => {
      await seed(db);
      await db.put({ _id: 'f', _attachments: { 'n.txt': att('note') } });
      return {
        keys: await db.allDocs({ keys: ['e', 'zz', 'c', 'a', 'e'], include_docs: true }),
        stubs: await db.allDocs({ keys: ['f'], include_docs: true }),
        inline: await db.allDocs({ key: 'f', include_docs: true, attachments: true }),
        emptyKeys: await db.allDocs({ keys: [] }),
      };
    }, {}, true);
    expect(out.keys.rows[1]).toEqual({ key: 'zz', error: 'not_found' });
    expect(out.keys.rows[2].value.deleted).toBe(true);
    expect(out.stubs.rows[0].doc._attachments['n.txt'].stub).toBe(true);
    expect(out.inline.rows[0].doc._attachments['n.txt'].data).toBe(Buffer.from('note').toString('base64'));
  });
});

describe('changes', () => {
  const seed = async (db: Db) => {
    const a = await db.put({ _id: 'a', n: 1 });
    await db.put({ _id: 'b', n: 1 });
    await db.put({ _id: 'a', _rev: a.rev, n: 2 });
    await db.put({ _id: 'c', n: 1 });
    const c = await db.get('c');
    await db.remove(c);
    await db.bulkDocs([{ _id: 'd', _rev: '1-x', _revisions: { start: 1, ids: ['x'] } }, { _id: 'd', _rev: '1-y', _revisions: { start: 1, ids: ['y'] } }] as any[], { new_edits: false });
  };

  test('since, limit, descending, style=all_docs, include_docs, conflicts', async () => {
    const out = await agree(async (db) => {
      await seed(db);
      return {
        all: await db.changes(),
        since: await db.changes({ since: 3 }),
        limited: await db.changes({ limit: 2 }),
        limitedSince: await db.changes({ since: 2, limit: 1 }),
        descending: await db.changes({ descending: true }),
        descendingLimited: await db.changes({ descending: true, limit: 2 }),
        allDocsStyle: await db.changes({ style: 'all_docs' }),
        docs: await db.changes({ include_docs: true, conflicts: true }),
        filtered: await db.changes({ include_docs: true, filter: (doc: any) => doc.n === 1 } as any),
        future: await db.changes({ since: 100 }),
      };
    });
    expect(out.all.results.map((r: any) => r.id)).toEqual(['b', 'a', 'c', 'd']);
    expect(out.all.results.find((r: any) => r.id === 'c').deleted).toBe(true);
    expect(out.limited.results).toHaveLength(2);
    expect(out.descending.results.map((r: any) => r.id)).toEqual(['d', 'c', 'a', 'b']);
    expect(out.allDocsStyle.results.find((r: any) => r.id === 'd').changes).toHaveLength(2);
    expect(out.future.results).toEqual([]);
    expect(out.filtered.results.map((r: any) => r.id)).toEqual(['b']);
  });

  test('live changes deliver later writes, then cancel', async () => {
    const out = await agree(async (db) => {
      await db.put({ _id: 'before' });
      const seen: any[] = [];
      const feed = db.changes({ live: true, since: 'now', include_docs: true });
      const done = new Promise<void>((resolve) => {
        feed.on('change', (change) => {
          seen.push({ id: change.id, seq: change.seq, n: change.doc?.n });
          if (seen.length === 3) resolve();
        });
      });
      await db.put({ _id: 'x', n: 1 });
      await db.bulkDocs([{ _id: 'y', n: 2 }, { _id: 'z', n: 3 }]);
      await done;
      feed.cancel();
      return seen;
    });
    expect(out.map((c: any) => c.id)).toEqual(['x', 'y', 'z']);
  });
});

describe('replication primitives', () => {
  test('revsDiff and bulkGet', async () => {
    const out = await agree(async (db) => {
      const a = await db.put({ _id: 'a' });
      await db.bulkDocs([{ _id: 'b', _rev: '2-bb', _revisions: { start: 2, ids: ['bb', 'b1'] } }] as any[], { new_edits: false });
      const diff = await db.revsDiff({ a: [a.rev, '2-nope'], b: ['1-b1', '2-bb', '3-new'], c: ['1-c'] });
      const bulk = await db.bulkGet({ docs: [{ id: 'a', rev: a.rev }, { id: 'b' }, { id: 'missing', rev: '1-x' }], revs: true });
      return { diff, bulk };
    });
    expect(out.diff.a.missing).toEqual(['2-nope']);
    expect(out.diff.b.missing).toEqual(['1-b1', '3-new']);
    expect(out.diff.c.missing).toEqual(['1-c']);
  });
});

describe('attachments', () => {
  test('inline base64 and Buffer bodies, stubs across updates, putAttachment, removeAttachment', async () => {
    const out = await agree(async (db) => {
      const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
      const first = await db.put({
        _id: 'p',
        _attachments: { 'face.jpg': { content_type: 'image/jpeg', data: bytes }, 'note.txt': att('hello') },
      } as any);
      const stubbed = await db.get('p');
      const second = await db.put({ ...stubbed, edited: true });
      const withData = await db.get('p', { attachments: true });
      const binary = (await db.get('p', { attachments: true, binary: true })) as any;
      const one = (await db.getAttachment('p', 'face.jpg')) as Buffer;
      const third = await db.putAttachment('p', 'extra.bin', second.rev, Buffer.from('xyz'), 'application/octet-stream');
      const fourth = await db.removeAttachment('p', 'note.txt', third.rev);
      const final = await db.get('p');
      const oldRev = await db.get('p', { rev: first.rev, attachments: true });
      const missingAtt = await settle(db.getAttachment('p', 'nope'));
      const badBase64 = await settle(db.put({ _id: 'q', _attachments: { 'x.bin': { content_type: 'text/plain', data: '!!not base64!!' } } } as any));
      const badStub = await settle(
        db.put({ _id: 'r', _attachments: { 'x.bin': { stub: true, content_type: 'text/plain', digest: 'md5-AAAAAAAAAAAAAAAAAAAAAA==' } } } as any),
      );
      const inChanges = await db.changes({ include_docs: true, attachments: true });
      const empty = await db.put({ _id: 'e', _attachments: { 'empty.txt': att('') } });
      const emptyBack = await db.get('e', { attachments: true });
      return { first, second, stubbed, withData, binary, oneBase64: one.toString('base64'), oneLength: one.length, oneType: (one as any).type, binaryType: binary._attachments['face.jpg'].data.type, third, fourth, final, oldRev, missingAtt, badBase64, badStub, inChanges, empty, emptyBack };
    }, {}, true);
    expect(out.stubbed._attachments['face.jpg']).toMatchObject({ stub: true, length: 256, content_type: 'image/jpeg', revpos: 1 });
    expect(out.stubbed._attachments['face.jpg'].digest).toMatch(/^md5-/);
    expect(out.oneLength).toBe(256);
    // In Node a binary attachment is a Buffer carrying the content type, like a browser Blob.
    expect(out.oneType).toBe('image/jpeg');
    expect(out.binaryType).toBe('image/jpeg');
    expect(Object.keys(out.final._attachments).sort()).toEqual(['extra.bin', 'face.jpg']);
    expect(out.badBase64.error.name).toBe('badarg');
    expect(out.badStub.error.status).toBe(412);
    expect(out.inChanges.results[0].doc._attachments['extra.bin'].data).toBe(Buffer.from('xyz').toString('base64'));
  });
});

describe('local documents', () => {
  test('_local docs have their own revisions and stay out of allDocs and changes', async () => {
    const out = await agree(async (db) => {
      const first = await db.put({ _id: '_local/cp', seq: 1 });
      const second = await db.put({ _id: '_local/cp', _rev: first.rev, seq: 2 });
      const stale = await settle(db.put({ _id: '_local/cp', _rev: first.rev, seq: 3 }));
      const got = await db.get('_local/cp');
      const viaBulk = await db.bulkDocs([{ _id: '_local/other', v: 1 }, { _id: 'normal' }]);
      const all = await db.allDocs();
      const changes = await db.changes();
      const removed = await db.remove('_local/cp', second.rev);
      const gone = await settle(db.get('_local/cp'));
      const info = await db.info();
      return { first, second, stale, got, viaBulk, all, changes, removed, gone, docCount: info.doc_count };
    });
    expect(out.second.rev).toBe('0-2');
    expect(out.stale.error.status).toBe(409);
    expect(out.all.rows.map((r: any) => r.id)).toEqual(['normal']);
    expect(out.gone.error.status).toBe(404);
  });
});

describe('compaction', () => {
  const history = async (db: Db) => {
    const first = await db.put({ _id: 'h', n: 1, _attachments: { 'a.txt': att('one') } });
    const stub = await db.get('h');
    const second = await db.put({ ...stub, n: 2, _attachments: { 'a.txt': att('two') } });
    const third = await db.put({ _id: 'h', _rev: second.rev, n: 3, _attachments: { 'a.txt': att('three') } });
    return [first.rev, second.rev, third.rev] as const;
  };

  test('compact() removes non-leaf bodies and keeps leaves', async () => {
    const out = await agree(async (db) => {
      const [first, second, third] = await history(db);
      await db.compact();
      return {
        first: await settle(db.get('h', { rev: first })),
        second: await settle(db.get('h', { rev: second })),
        third: await db.get('h', { rev: third, attachments: true, revs_info: true }),
        localCompaction: await settle(db.get('_local/compaction')),
      };
    }, {}, true);
    expect(out.first.error.status).toBe(404);
    expect(out.second.error.status).toBe(404);
    expect(out.third._revs_info.map((r: any) => r.status)).toEqual(['available', 'missing', 'missing']);
  });

  test('auto_compaction keeps only leaves as documents are written', async () => {
    const out = await agree(
      async (db) => {
        const [first, , third] = await history(db);
        const info = await db.info();
        return { first: await settle(db.get('h', { rev: first })), third: await db.get('h', { rev: third }), auto: (info as { auto_compaction?: boolean }).auto_compaction };
      },
      { auto_compaction: true },
      true,
    );
    expect(out.first.error.status).toBe(404);
    expect(out.auto).toBe(true);
  });
});
