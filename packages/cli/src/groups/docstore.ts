import fs from 'node:fs';
import { BorderpostError } from '@borderpost/common';
import { ProjectionRunner, changeEncryptionKey, crossingsProjection, inspectDocstore, openDocstore } from '@borderpost/docstore';
import type { CommandGroup } from '../group';
import { UsageError } from '../exit';
import { writeJsonLine } from '../io';

type Db = ReturnType<typeof openDocstore>;

/** Keys come from environment variables, never from arguments (which other users can see in `ps`). */
function keyFrom(variable: string): string | undefined {
  const value = process.env[variable];
  return value === undefined || value === '' ? undefined : value;
}

/** Opens an existing store, runs `work`, closes it; PouchDB errors become coded errors. */
async function withStore<T>(file: string, keyEnv: string, work: (db: Db) => Promise<T>): Promise<T> {
  if (!fs.existsSync(file)) throw new BorderpostError('DOCSTORE_NOT_FOUND', `no document store at ${file}`);
  const key = keyFrom(keyEnv);
  const db = openDocstore(file, key === undefined ? {} : { key });
  try {
    return await work(db);
  } catch (error) {
    if (error instanceof BorderpostError) throw error;
    const e = error as { code?: string; message?: string };
    throw new BorderpostError(e.code ?? 'DOCSTORE_FAILED', e.message ?? String(error), undefined, { cause: error });
  } finally {
    await db.close().catch(() => undefined);
  }
}

/** `borderpost docstore info | compact | rekey | project`: maintenance of a post's document store file. */
export const docstoreGroup: CommandGroup = {
  name: 'docstore',
  description: "A post's document store (SQLite file of PouchDB documents): inspect, compact, rekey, rebuild projections",
  register(group, io) {
    const keyOption = '--key-env <variable>';
    const keyHelp = 'environment variable holding the passphrase of an encrypted store';

    group
      .command('info <file>')
      .description('Print document count, update sequence, attachments, file size, projection checkpoints and the SQLite integrity check')
      .option(keyOption, keyHelp, 'BORDERPOST_DB_KEY')
      .action(async (file: string, options: { keyEnv: string }) => {
        writeJsonLine(io.stdout, await withStore(file, options.keyEnv, (db) => inspectDocstore(db)));
      });

    group
      .command('compact <file>')
      .description('Remove bodies of non-leaf revisions and attachments no revision uses; print sizes before and after')
      .option(keyOption, keyHelp, 'BORDERPOST_DB_KEY')
      .action(async (file: string, options: { keyEnv: string }) => {
        const result = await withStore(file, options.keyEnv, async (db) => {
          const before = await inspectDocstore(db);
          await db.compact();
          const after = await inspectDocstore(db);
          return { before: { fileBytes: before.fileBytes, attachments: before.attachments }, after: { fileBytes: after.fileBytes, attachments: after.attachments } };
        });
        writeJsonLine(io.stdout, result);
      });

    group
      .command('rekey <file>')
      .description('Change the encryption key in place (new passphrase from --new-key-env), or remove it with --decrypt')
      .option(keyOption, keyHelp, 'BORDERPOST_DB_KEY')
      .option('--new-key-env <variable>', 'environment variable holding the new passphrase', 'BORDERPOST_DB_NEW_KEY')
      .option('--decrypt', 'store the file unencrypted')
      .action(async (file: string, options: { keyEnv: string; newKeyEnv: string; decrypt?: boolean }) => {
        const newKey = keyFrom(options.newKeyEnv);
        if (!options.decrypt && newKey === undefined) throw new UsageError(`set ${options.newKeyEnv} to the new passphrase, or pass --decrypt`);
        if (options.decrypt && newKey !== undefined) throw new UsageError(`--decrypt and ${options.newKeyEnv} exclude each other`);
        await withStore(file, options.keyEnv, async (db) => {
          await db.info();
          changeEncryptionKey(db, options.decrypt ? null : (newKey as string));
        });
        writeJsonLine(io.stdout, { file, encrypted: !options.decrypt });
      });

    group
      .command('project <file>')
      .description('Bring the crossings projection up to date (or drop and rebuild it with --rebuild); print its checkpoint')
      .option(keyOption, keyHelp, 'BORDERPOST_DB_KEY')
      .option('--rebuild', 'drop the projection tables and replay every document')
      .action(async (file: string, options: { keyEnv: string; rebuild?: boolean }) => {
        const result = await withStore(file, options.keyEnv, async (db) => {
          await db.info();
          const runner = new ProjectionRunner(db, [crossingsProjection]);
          if (options.rebuild) await runner.rebuild('crossings');
          else await runner.catchUp();
          return { crossings: runner.checkpoint('crossings'), updateSeq: Number((await db.info()).update_seq) };
        });
        writeJsonLine(io.stdout, result);
      });
  },
};
