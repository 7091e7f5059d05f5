import fs from 'node:fs';
import { BorderpostError } from '@borderpost/common';
import type { AlertEntryDoc, AlertListDoc } from '@borderpost/matching';
import { type SqliteDatabase, openDatabase } from '@borderpost/sqlite';
import { AlertIndex, type AlertIndexOptions, type ApplyResult } from './alert-index';

export interface ListSourceData {
  list: AlertListDoc;
  entries: Iterable<AlertEntryDoc>;
}

export interface BuildOptions extends AlertIndexOptions {
  key?: string | Buffer;
  /** Build even from a list with no entries (refused by default: MATCH_LIST_EMPTY). */
  allowShrink?: boolean;
}

function removeFileSet(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
}

/**
 * Builds a new standalone index file (a snapshot a post can be provisioned from). It is written
 * under a temporary name with durability relaxed (nothing depends on it until it is complete), then
 * switched to WAL and renamed into place: the target is either the old file or the complete new one.
 */
export function buildIndexFile(outPath: string, sources: ListSourceData[], options: BuildOptions = {}): ApplyResult {
  const temporary = `${outPath}.building-${process.pid}`;
  removeFileSet(temporary);
  let db: SqliteDatabase | null = null;
  try {
    db = openDatabase(temporary, options.key === undefined ? {} : { key: options.key });
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144'); // 256 MB while building: key inserts stay in memory
    const index = AlertIndex.open(db, options);
    const total: ApplyResult = { lists: 0, upserted: 0, removed: 0, ignored: 0 };
    for (const source of sources) {
      const result = index.replaceList(source.list, source.entries, { fresh: true, allowShrink: options.allowShrink === true });
      total.lists += result.lists;
      total.upserted += result.upserted;
    }
    db.pragma('journal_mode = WAL');
    db.close();
    db = null;
    removeFileSet(outPath);
    fs.renameSync(temporary, outPath);
    return total;
  } catch (error) {
    db?.close();
    removeFileSet(temporary);
    if (error instanceof BorderpostError) throw error;
    throw new BorderpostError('MATCH_BUILD_FAILED', `could not build ${outPath}: ${(error as Error).message}`, undefined, { cause: error });
  }
}
