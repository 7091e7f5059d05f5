/**
 * Central's side of removable media (issue 6): a station's bundle (`@borderpost/bundle`) is verified with
 * that station's registered signing key, opened with central's encryption key, and its documents written
 * exactly as replication writes them (`writeBatch`: the same per-document checks, `new_edits: false`), as
 * if the station itself had pushed them. Importing a bundle twice, or after the same documents came over
 * the link, changes nothing: the revisions are already there.
 */
import { BorderpostError } from '@borderpost/common';
import { openBundle, readBundleHeader } from '@borderpost/bundle';
import { postDatabaseName } from '@borderpost/schemas';
import type { AccessStore } from '../auth/access-store';
import { ensureCentralBundleKeys } from '../auth/bundle-keys';
import { databaseAccess } from '../auth/permissions';
import type { DocStore } from '../storage/doc-store';
import { HttpError } from '../storage/errors';
import type { SqlExecutor } from '../storage/sql';
import { writeBatch } from './routes';

export interface BundleImportReport {
  from: string;
  postId: string;
  documents: number;
  /** Revisions now at central (new, or already there from an earlier import or the link). */
  accepted: Array<{ id: string; rev: string | undefined }>;
  /** Refused by the per-document checks (e.g. another post's document), with the reason. */
  refused: Array<{ id: string; reason: string }>;
}

/** Documents written per storage call: bounds memory and transaction size for a large stick. */
const BATCH = 200;

export async function importStationBundle(storage: { sql: SqlExecutor; docs: DocStore; access: AccessStore }, bundle: Buffer): Promise<BundleImportReport> {
  const { header } = readBundleHeader(bundle);
  if (header.to !== 'central') throw new BorderpostError('BUNDLE_WRONG_RECIPIENT', `this bundle is for ${header.to}, not central`);
  const station = await storage.access.stationBundleKeys(header.from);
  if (!station) throw new BorderpostError('BUNDLE_UNKNOWN_SENDER', `no station ${header.from} is enrolled at central`, { from: header.from });
  if (station.revoked) throw new BorderpostError('BUNDLE_STATION_REVOKED', `station ${header.from} is revoked: its bundles are not accepted`, { from: header.from });
  if (!station.keys) throw new BorderpostError('BUNDLE_UNKNOWN_SENDER', `station ${header.from} has not registered bundle keys`, { from: header.from });
  // Checked again after the signature (the header is signed), but refusing early keeps the message clear.
  if (header.postId !== station.postId) {
    throw new BorderpostError('BUNDLE_WRONG_POST', `station ${header.from} belongs to post ${station.postId}, the bundle claims post ${header.postId}`, { from: header.from, postId: header.postId });
  }
  const central = await ensureCentralBundleKeys(storage.sql);
  const { docs } = openBundle(bundle, {
    senderPublicKey: (from) => (from === header.from ? station.keys!.signing : null),
    recipient: 'central',
    recipientPrivateKey: central.encryptionPrivateKey,
  });
  const principal = { kind: 'station' as const, stationId: header.from, postId: station.postId };
  const access = databaseAccess(principal, postDatabaseName(station.postId));
  const report: BundleImportReport = { from: header.from, postId: station.postId, documents: docs.length, accepted: [], refused: [] };
  for (let start = 0; start < docs.length; start += BATCH) {
    let results;
    try {
      results = await writeBatch(storage.docs, access, docs.slice(start, start + BATCH), false);
    } catch (error) {
      // Malformed revisions: the station's signature is valid but the content is not what replication sends.
      if (error instanceof HttpError) throw new BorderpostError('BUNDLE_BAD_CONTENT', error.message, { code: error.code });
      throw error;
    }
    for (const result of results) {
      if (result.error) report.refused.push({ id: result.id, reason: result.reason ?? result.error });
      else report.accepted.push({ id: result.id, rev: result.rev });
    }
  }
  await storage.access.audit({
    actor: `station:${header.from}`,
    action: 'bundle.import',
    target: postDatabaseName(station.postId),
    outcome: report.refused.length === 0 ? 'ok' : 'denied',
    details: { documents: docs.length, accepted: report.accepted.length, refused: report.refused.length, createdAt: header.createdAt, upTo: header.upTo },
  });
  return report;
}
