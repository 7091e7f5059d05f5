import { parseDocId, postDatabaseName } from '@borderpost/schemas';
import type { ConsoleContext } from './context';

/** What a supervisor compares before merging two traveller records. */
export interface TravellerRecord {
  id: string;
  postId: string;
  surname: string;
  givenNames: string;
  birthDate: string;
  sex: string;
  nationality: string;
  documents: { issuingState: string; documentNumber: string; expiryDate?: string }[];
  /** The crossing the record was created at: its face photo and document images open from there. */
  firstCrossingId: string | null;
  createdAt: string;
}

/**
 * The traveller records named by the duplicate queue, read from their posts' databases (one read per
 * record; the queue shows 50 pairs at most). A record that cannot be read (a malformed id, a document
 * deleted since) is left out rather than failing the queue.
 */
export async function travellerRecords(context: ConsoleContext, ids: string[]): Promise<Record<string, TravellerRecord>> {
  const out: Record<string, TravellerRecord> = {};
  for (const id of new Set(ids)) {
    const parsed = parseDocId(id);
    if (!parsed || parsed.type !== 'traveller' || !parsed.postId) continue;
    const db = postDatabaseName(parsed.postId);
    const meta = await context.docs.getMeta(db, id).catch(() => null);
    const doc = meta && !meta.deleted ? ((await context.docs.readRevision(db, id, meta, meta.winningRev)) as Record<string, unknown> | null) : null;
    if (!doc) continue;
    const text = (key: string) => (typeof doc[key] === 'string' ? (doc[key] as string) : '');
    out[id] = {
      id,
      postId: parsed.postId,
      surname: text('surname'),
      givenNames: text('givenNames'),
      birthDate: text('birthDate'),
      sex: text('sex'),
      nationality: text('nationality'),
      documents: Array.isArray(doc.documents) ? (doc.documents as TravellerRecord['documents']) : [],
      firstCrossingId: text('firstCrossingId') || null,
      createdAt: text('createdAt'),
    };
  }
  return out;
}
