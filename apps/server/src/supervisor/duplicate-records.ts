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
 * The traveller records named by the duplicate queue, read from their posts' databases (two reads per
 * post, whatever the number of records). A record that cannot be read (a malformed id, a document
 * deleted since) is left out rather than failing the queue.
 */
export async function travellerRecords(context: ConsoleContext, ids: string[]): Promise<Record<string, TravellerRecord>> {
  const byPost = new Map<string, string[]>();
  for (const id of new Set(ids)) {
    const parsed = parseDocId(id);
    if (!parsed || parsed.type !== 'traveller' || !parsed.postId) continue;
    byPost.set(parsed.postId, [...(byPost.get(parsed.postId) ?? []), id]);
  }
  const out: Record<string, TravellerRecord> = {};
  for (const [postId, postIds] of byPost) {
    const docs = await context.docs.readLatest(postDatabaseName(postId), postIds).catch(() => new Map<string, Record<string, unknown>>());
    for (const [id, doc] of docs) {
      const text = (key: string) => (typeof doc[key] === 'string' ? (doc[key] as string) : '');
      out[id] = {
        id,
        postId,
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
  }
  return out;
}
