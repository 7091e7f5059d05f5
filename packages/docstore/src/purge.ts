import { storeOf } from './store-access';

export interface PurgeResult {
  purged: string[];
  notFound: string[];
}

/**
 * Forgets documents locally, as if they had never been written here: their revision tree, every
 * revision body, and attachment bodies no other revision uses — with no tombstone. Nothing appears in
 * the changes feed, so replication never sends a deletion: what central holds stays (retention on the
 * laptop, issue 6). PouchDB's `purge()` exists only in its indexeddb adapter, hence our own. One
 * transaction: all the ids or none. Projections already holding rows of a purged document keep them
 * until rebuilt (they follow the changes feed, which says nothing).
 */
export function purgeLocal(db: object, ids: readonly string[]): PurgeResult {
  const store = storeOf(db);
  const result: PurgeResult = { purged: [], notFound: [] };
  store.db.transaction(() => {
    let docCountDelta = 0;
    for (const id of new Set(ids)) {
      const doc = store.stmt('SELECT deleted FROM docstore_docs WHERE id = ?').get(id) as { deleted: number } | undefined;
      if (!doc) {
        result.notFound.push(id);
        continue;
      }
      const revs = store.stmt('SELECT seq FROM docstore_revs WHERE doc_id = ?').all(id) as { seq: number }[];
      store.deleteRevisions(revs.map(({ seq }) => seq));
      store.stmt('DELETE FROM docstore_docs WHERE id = ?').run(id);
      if (!doc.deleted) docCountDelta -= 1;
      result.purged.push(id);
    }
    if (docCountDelta !== 0) store.setMeta('doc_count', store.docCount + docCountDelta);
  })();
  // Hands the freed attachment pages back to the file system (the file is auto_vacuum=INCREMENTAL).
  if (result.purged.length > 0) store.db.pragma('incremental_vacuum');
  return result;
}
