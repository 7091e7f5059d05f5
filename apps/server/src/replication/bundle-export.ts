/**
 * Central's side of removable media, the way back (issue 6): the reference documents meant for one post
 * (the same audience filter replication applies to that post's stations) as a bundle signed by central
 * and encrypted for every active station of that post (one stick serves every laptop there). Documents travel with their revision history, so the post's
 * import (`new_edits: false`) is idempotent like central's.
 */
import { BorderpostError } from '@borderpost/common';
import { type BundleDocument, createBundle } from '@borderpost/bundle';
import { REFERENCE_DATABASE, assertPostId } from '@borderpost/schemas';
import { ensureCentralBundleKeys } from '../auth/bundle-keys';
import type { DocStore, JsonObject } from '../storage/doc-store';
import type { SqlExecutor } from '../storage/sql';

const PAGE = 500;

export async function exportReferenceBundle(
  storage: { sql: SqlExecutor; docs: DocStore },
  postId: string,
): Promise<{ bundle: Buffer; postId: string; stationIds: string[]; documents: number; upTo: number }> {
  assertPostId(postId);
  // Every active station of the post that registered keys can open it (a version 2 bundle: the content
  // key wrapped for each); a revoked station's key is left out.
  const stations = await storage.sql.query<{ station_id: string; bundle_encryption_key: string }>(
    'SELECT station_id, bundle_encryption_key FROM stations WHERE post_id = $1 AND revoked_at IS NULL AND bundle_encryption_key IS NOT NULL ORDER BY created_at DESC LIMIT 64',
    [postId],
  );
  if (stations.length === 0) throw new BorderpostError('BUNDLE_NO_STATION_KEY', `post ${postId} has no active station with registered bundle keys`, { postId });
  const docs: BundleDocument[] = [];
  let since = 0;
  let upTo = 0;
  for (;;) {
    const page = await storage.docs.changes(REFERENCE_DATABASE, { since, limit: PAGE, allDocs: true, audience: postId });
    const wanted = [];
    for (const row of page.results) {
      const meta = await storage.docs.getMeta(REFERENCE_DATABASE, row.id);
      if (meta) for (const change of row.changes) wanted.push({ id: row.id, rev: change.rev, meta });
    }
    const found = await storage.docs.readRevisions(REFERENCE_DATABASE, wanted, { revs: true, attachments: true });
    for (const doc of found) if (doc) docs.push(doc as JsonObject as BundleDocument);
    upTo = page.last_seq;
    if (page.results.length < PAGE) break;
    since = page.last_seq;
  }
  const central = await ensureCentralBundleKeys(storage.sql);
  const recipients = stations.map((station) => ({ id: station.station_id, publicKey: station.bundle_encryption_key }));
  const bundle = createBundle({ docs, from: 'central', to: postId, postId, upTo: String(upTo), signingKey: central.signingPrivateKey, recipients });
  return { bundle, postId, stationIds: recipients.map((r) => r.id), documents: docs.length, upTo };
}
