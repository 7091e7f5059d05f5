import { REFERENCE_DATABASE, postIdOfDatabase } from '@borderpost/schemas';
import { forbidden, notFound } from '../storage/errors';
import { type Principal, actorOf } from './access-store';

export interface DatabaseAccess {
  db: string;
  /** Post id whose audience filters what may be read (stations reading the reference database). */
  audience?: string;
  /** What writes are allowed and how documents are checked. */
  write: 'none' | 'post-documents' | 'reference-documents';
  /** Post whose documents may be written (write = 'post-documents'). */
  postId?: string;
  /** `_local` documents (checkpoints) are kept per principal, so one station cannot move another's. */
  localOwner: string;
}

/**
 * The access rules of the replication API, in one place:
 * - a station reads and writes its own post's database, and reads the reference database filtered to
 *   what its post may hold; it has no access to other posts' databases;
 * - administrators write the reference database and read everything; supervisors read everything;
 * - analysts have no replication access: they work through the console API (lists, hits, reports).
 * Databases other than `reference` and `post-<postId>` do not exist.
 */
export function databaseAccess(principal: Principal, db: string): DatabaseAccess {
  const localOwner = actorOf(principal);
  const postId = postIdOfDatabase(db);
  if (db !== REFERENCE_DATABASE && postId === null) throw notFound('Database does not exist.', 'SERVER_UNKNOWN_DATABASE');
  if (principal.kind === 'station') {
    if (db === REFERENCE_DATABASE) return { db, audience: principal.postId, write: 'none', localOwner };
    if (postId !== principal.postId) throw forbidden(`station ${principal.stationId} may not use ${db}`, 'SERVER_OTHER_POST');
    return { db, write: 'post-documents', postId, localOwner };
  }
  if (principal.role === 'analyst') throw forbidden(`analyst ${principal.userId} has no replication access; use the console API`, 'SERVER_ROLE_REQUIRED');
  if (db === REFERENCE_DATABASE) return { db, write: principal.role === 'admin' ? 'reference-documents' : 'none', localOwner };
  return { db, write: 'none', localOwner };
}
