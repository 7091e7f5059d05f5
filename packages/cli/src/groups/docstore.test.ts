import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDocstore, sampleCrossing } from '@borderpost/docstore';
import { runCli } from '../testing';

let dir: string;
const saved = { key: process.env.BORDERPOST_DB_KEY, newKey: process.env.BORDERPOST_DB_NEW_KEY };
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-cli-docstore-'));
  delete process.env.BORDERPOST_DB_KEY;
  delete process.env.BORDERPOST_DB_NEW_KEY;
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  process.env.BORDERPOST_DB_KEY = saved.key;
  process.env.BORDERPOST_DB_NEW_KEY = saved.newKey;
  if (saved.key === undefined) delete process.env.BORDERPOST_DB_KEY;
  if (saved.newKey === undefined) delete process.env.BORDERPOST_DB_NEW_KEY;
});

describe('borderpost docstore', () => {
  it('inspects, projects, compacts and rekeys a store', async () => {
    const file = path.join(dir, 'post.sqlite');
    const db = openDocstore(file);
    const first = await db.put(sampleCrossing(1));
    await db.put({ ...(await db.get(first.id)), ...sampleCrossing(1), _rev: first.rev });
    await db.put(sampleCrossing(2));
    await db.close();

    const info = await runCli(['docstore', 'info', file]);
    expect(info.code).toBe(0);
    expect(info.lines[0]).toMatchObject({ docCount: 2, updateSeq: 3, encrypted: false, integrity: 'ok', attachments: { count: 9 } });

    const projected = await runCli(['docstore', 'project', file]);
    expect(projected.lines[0]).toEqual({ crossings: 3, updateSeq: 3 });
    expect((await runCli(['docstore', 'project', file, '--rebuild'])).lines[0]).toEqual({ crossings: 3, updateSeq: 3 });

    const compacted = await runCli(['docstore', 'compact', file]);
    expect(compacted.lines[0]).toMatchObject({ before: { attachments: { count: 9 } }, after: { attachments: { count: 6 } } });

    process.env.BORDERPOST_DB_NEW_KEY = 'new secret';
    expect((await runCli(['docstore', 'rekey', file])).lines[0]).toEqual({ file, encrypted: true });
    const locked = await runCli(['docstore', 'info', file]);
    expect(locked.code).toBe(1);
    expect(JSON.parse(locked.stderr)).toMatchObject({ error: { code: 'SQLITE_WRONG_KEY' } });
    process.env.BORDERPOST_DB_KEY = 'new secret';
    expect((await runCli(['docstore', 'info', file])).lines[0]).toMatchObject({ encrypted: true, docCount: 2, projections: { crossings: 3 } });
  });

  it('reports a missing file and bad usage with stable codes', async () => {
    const missing = await runCli(['docstore', 'info', path.join(dir, 'nope.sqlite')]);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stderr)).toMatchObject({ error: { code: 'DOCSTORE_NOT_FOUND' } });
    const file = path.join(dir, 'x.sqlite');
    await openDocstore(file).close();
    const noKey = await runCli(['docstore', 'rekey', file]);
    expect(noKey.code).toBe(2);
    expect(fs.existsSync(file)).toBe(true);
  });
});
