import type { FastifyBaseLogger } from 'fastify';
import type { DocStore } from '../storage/doc-store';
import { PostFeedFollower, type ProjectedDoc } from './feed-follower';
import type { SqlDatabase, SqlExecutor } from '../storage/sql';

type Doc = ProjectedDoc;

/**
 * The supervisors' tables (crossings, travellers, alert hits, audit), following every post database
 * through `PostFeedFollower` (checkpoint in the same transaction as the rows, rebuildable).
 */
export class Projector extends PostFeedFollower {
  constructor(sql: SqlDatabase, docs: DocStore, log: FastifyBaseLogger) {
    super(sql, docs, log, { name: 'server', checkpointTable: 'projection_checkpoints', project: projectDocument });
  }

  /** Changes not yet projected, per post database (shown on /health). */
  async lag(): Promise<{ total: number; databases: Record<string, { updateSeq: number; projectedSeq: number }> }> {
    const rows = await this.sql.query<{ name: string; update_seq: number; seq: number | null }>(
      "SELECT d.name, d.update_seq, c.seq FROM databases d LEFT JOIN projection_checkpoints c ON c.db = d.name WHERE d.name LIKE 'post-%' ORDER BY d.name",
    );
    const databases: Record<string, { updateSeq: number; projectedSeq: number }> = {};
    let total = 0;
    for (const row of rows) {
      const updateSeq = Number(row.update_seq);
      const projectedSeq = Number(row.seq ?? 0);
      databases[row.name] = { updateSeq, projectedSeq };
      // Sequences count document changes, so the difference is an upper bound of documents waiting.
      total += Math.max(0, updateSeq - projectedSeq);
    }
    return { total, databases };
  }
}

async function projectDocument(tx: SqlExecutor, id: string, doc: Doc | null): Promise<void> {
  const type = id.split(':', 1)[0];
  if (type === 'crossing') {
    await tx.execute('DELETE FROM alert_hits WHERE crossing_id = $1', [id]);
    if (!doc) {
      await tx.execute('DELETE FROM crossings WHERE id = $1', [id]);
      return;
    }
    const c = doc as unknown as CrossingLike;
    await tx.execute(
      `INSERT INTO crossings (id, post_id, station_id, officer_id, direction, outcome, decided_at, surname, given_names, birth_date, nationality, issuing_state, document_number, hit_count, rev, final_outcome)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT (id) DO UPDATE SET station_id = excluded.station_id, officer_id = excluded.officer_id, direction = excluded.direction, outcome = excluded.outcome, final_outcome = excluded.final_outcome,
         decided_at = excluded.decided_at, surname = excluded.surname, given_names = excluded.given_names, birth_date = excluded.birth_date, nationality = excluded.nationality,
         issuing_state = excluded.issuing_state, document_number = excluded.document_number, hit_count = excluded.hit_count, rev = excluded.rev`,
      [id, c.postId, c.stationId, c.officerId, c.direction, c.decision.outcome, c.decision.at, c.traveller.surname, c.traveller.givenNames, c.traveller.birthDate, c.traveller.nationality, c.document.issuingState, c.document.documentNumber, c.checks.hits.length, doc._rev, typeof c.final?.outcome === 'string' ? c.final.outcome : null],
    );
    let index = 0;
    for (const hit of c.checks.hits) {
      await tx.execute(
        'INSERT INTO alert_hits (crossing_id, hit_index, post_id, list_id, entry_id, kind, score, acknowledgement, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
        [id, index++, c.postId, hit.listId, hit.entryId, hit.kind, hit.score, hit.acknowledgement?.outcome ?? null, c.decision.at],
      );
    }
  } else if (type === 'traveller') {
    if (!doc) {
      await tx.execute('DELETE FROM travellers WHERE id = $1', [id]);
      return;
    }
    const t = doc as unknown as TravellerLike;
    await tx.execute(
      `INSERT INTO travellers (id, post_id, surname, given_names, birth_date, sex, nationality, created_at, rev) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (id) DO UPDATE SET surname = excluded.surname, given_names = excluded.given_names, birth_date = excluded.birth_date, sex = excluded.sex, nationality = excluded.nationality, rev = excluded.rev`,
      [id, t.postId, t.surname, t.givenNames, t.birthDate, t.sex, t.nationality, t.createdAt, doc._rev],
    );
  } else if (type === 'audit') {
    if (!doc) {
      await tx.execute('DELETE FROM post_audit WHERE id = $1', [id]);
      return;
    }
    const a = doc as unknown as AuditLike;
    await tx.execute(
      `INSERT INTO post_audit (id, post_id, station_id, actor_id, action, outcome, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET actor_id = excluded.actor_id, action = excluded.action, outcome = excluded.outcome`,
      [id, a.postId, a.stationId, a.actorId, a.action, a.outcome, a.createdAt],
    );
  }
}

// The shapes the projection reads; documents were validated against @borderpost/schemas on the way in.
interface CrossingLike {
  postId: string;
  stationId: string;
  officerId: string;
  direction: string;
  decision: { outcome: string; at: string };
  /** The final decision after secondary inspection, written by the post on the same crossing. */
  final?: { outcome?: unknown };
  traveller: { surname: string; givenNames: string; birthDate: string; nationality: string };
  document: { issuingState: string; documentNumber: string };
  checks: { hits: { listId: string; entryId: string; kind: string; score: number; acknowledgement?: { outcome: string } }[] };
}
interface TravellerLike {
  postId: string;
  surname: string;
  givenNames: string;
  birthDate: string;
  sex: string;
  nationality: string;
  createdAt: string;
}
interface AuditLike {
  postId: string;
  stationId: string;
  actorId: string;
  action: string;
  outcome: string;
  createdAt: string;
}
