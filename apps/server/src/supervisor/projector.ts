import type { FastifyBaseLogger } from 'fastify';
import { PostFeedFollower, type ProjectedDoc } from '../projections/feed-follower';
import type { DocStore } from '../storage/doc-store';
import type { SqlDatabase, SqlExecutor } from '../storage/sql';

type Doc = ProjectedDoc;

/**
 * The console's projection (`sv_crossings`, `sv_device_health`, the duplicate-document tables), following
 * every post database through `PostFeedFollower` with its own checkpoints. It is separate from the
 * server's `crossings` table so the console can carry step timings, clock offsets, MRZ validity and
 * visa types without widening the server's projection.
 */
export class ConsoleProjector extends PostFeedFollower {
  constructor(sql: SqlDatabase, docs: DocStore, log: FastifyBaseLogger) {
    super(sql, docs, log, { name: 'console', checkpointTable: 'sv_projection_checkpoints', project: projectConsoleDocument });
  }
}

function millisBetween(from: string | undefined, to: string | undefined): number | null {
  if (!from || !to) return null;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) ? ms : null;
}

/** The row `sv_crossings` holds for a crossing document (exported for the benchmark's bulk generator). */
export function consoleCrossingRow(id: string, doc: Doc): unknown[] {
  const c = doc as unknown as ConsoleCrossing;
  const t = c.timings;
  // Step durations: each step from the previous recorded one, so a skipped step does not count twice.
  const read = millisBetween(t.startedAt, t.documentReadAt);
  const biometrics = millisBetween(t.documentReadAt ?? t.startedAt, t.biometricsAt);
  const checks = millisBetween(t.biometricsAt ?? t.documentReadAt ?? t.startedAt, t.checksAt);
  const decision = millisBetween(t.checksAt ?? t.biometricsAt ?? t.documentReadAt ?? t.startedAt, t.decidedAt);
  const visaType = typeof c.travel.visaType === 'string' ? c.travel.visaType : c.document.format === 'MRVA' || c.document.format === 'MRVB' ? c.document.format : null;
  return [
    id,
    c.postId,
    c.stationId,
    c.officerId,
    c.direction,
    c.decision.outcome,
    c.decision.at,
    c.decision.at.slice(0, 10),
    c.traveller.surname.toUpperCase(),
    c.traveller.givenNames.toUpperCase(),
    c.traveller.birthDate,
    c.traveller.sex,
    c.traveller.nationality,
    c.document.issuingState,
    c.document.documentNumber,
    c.document.documentCode,
    visaType,
    c.travel.purpose,
    c.travellerId ?? null,
    c.checks.hits.length,
    c.checks.riskFlags.length,
    c.document.valid ? 1 : 0,
    c.document.corrections.length + c.document.confirmedCorrections.length,
    c.clock.serverOffsetMs,
    read,
    biometrics,
    checks,
    decision,
    millisBetween(t.startedAt, t.decidedAt) ?? 0,
    doc._rev,
    c.document.source === 'manual' ? 1 : 0,
  ];
}

export const CONSOLE_CROSSING_COLUMNS =
  'id, post_id, station_id, officer_id, direction, outcome, decided_at, day, surname, given_names, birth_date, sex, nationality, issuing_state, document_number, document_code, visa_type, purpose, traveller_id, hit_count, risk_flag_count, mrz_valid, correction_count, clock_offset_ms, read_ms, biometrics_ms, checks_ms, decision_ms, total_ms, rev, manual_entry';

const UPSERT_CROSSING = `INSERT INTO sv_crossings (${CONSOLE_CROSSING_COLUMNS}) VALUES (${Array.from({ length: CONSOLE_CROSSING_COLUMNS.split(', ').length }, (_, i) => `$${i + 1}`).join(', ')})
  ON CONFLICT (id) DO UPDATE SET ${CONSOLE_CROSSING_COLUMNS.split(', ')
    .filter((column) => column !== 'id')
    .map((column) => `${column} = excluded.${column}`)
    .join(', ')}`;

async function projectConsoleDocument(tx: SqlExecutor, id: string, doc: Doc | null): Promise<void> {
  const type = id.split(':', 1)[0];
  if (type === 'crossing') {
    const [before] = await tx.query<{ issuing_state: string; document_number: string }>('SELECT issuing_state, document_number FROM sv_crossings WHERE id = $1', [id]);
    if (!doc) await tx.execute('DELETE FROM sv_crossings WHERE id = $1', [id]);
    else await tx.execute(UPSERT_CROSSING, consoleCrossingRow(id, doc));
    await projectRiskFlags(tx, id, doc, before !== undefined);
    // A correction may change the document or the outcome: recompute the old and the new document.
    if (before) await refreshDocumentLast(tx, before.issuing_state, before.document_number);
    if (doc) {
      const c = doc as unknown as ConsoleCrossing;
      // The newest crossing per station, for "posts at a glance" (a deleted crossing leaves it as it was:
      // it was received, and the page says when the station was last heard of).
      await tx.execute(
        `INSERT INTO sv_station_latest (station_id, post_id, crossing_id, decided_at, clock_offset_ms) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (station_id) DO UPDATE SET post_id = excluded.post_id, crossing_id = excluded.crossing_id, decided_at = excluded.decided_at, clock_offset_ms = excluded.clock_offset_ms
         WHERE excluded.decided_at > sv_station_latest.decided_at OR (excluded.decided_at = sv_station_latest.decided_at AND excluded.crossing_id >= sv_station_latest.crossing_id)`,
        [c.stationId, c.postId, id, c.decision.at, typeof c.clock?.serverOffsetMs === 'number' ? Math.round(c.clock.serverOffsetMs) : null],
      );
      if (c.travellerId) await recordDocumentTraveller(tx, c.document.issuingState, c.document.documentNumber, c.travellerId, c.decision.at);
      const d = c.document;
      if (!before || before.issuing_state !== d.issuingState || before.document_number !== d.documentNumber) await refreshDocumentLast(tx, d.issuingState, d.documentNumber);
    }
  } else if (type === 'device-health' && doc) {
    const h = doc as unknown as ConsoleDeviceHealth;
    const version = typeof h.softwareVersion === 'string' ? h.softwareVersion.slice(0, 60) : null;
    const offset = typeof h.clock?.serverOffsetMs === 'number' ? Math.round(h.clock.serverOffsetMs) : null;
    // Only the newest report per station is kept (ids sort by time: ULID).
    await tx.execute(
      `INSERT INTO sv_device_health (station_id, post_id, doc_id, reported_at, pending_docs, devices, software_version, disk_free_bytes, clock_offset_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (station_id) DO UPDATE SET doc_id = excluded.doc_id, reported_at = excluded.reported_at, pending_docs = excluded.pending_docs, devices = excluded.devices,
         software_version = excluded.software_version, disk_free_bytes = excluded.disk_free_bytes, clock_offset_ms = excluded.clock_offset_ms
       WHERE excluded.doc_id >= sv_device_health.doc_id`,
      [h.stationId, h.postId, id, h.createdAt, h.pendingDocs, JSON.stringify(h.devices), version, h.diskFreeBytes ?? null, offset],
    );
  }
}

/**
 * One `sv_crossing_flags` row per risk profile that flagged the crossing, carrying its decision and the
 * final decision after secondary inspection (`final`, written by the post when it is recorded), so
 * profile statistics need no join. Rewritten whole on every revision: a correction may change both.
 */
async function projectRiskFlags(tx: SqlExecutor, id: string, doc: Doc | null, projectedBefore: boolean): Promise<void> {
  // A crossing seen for the first time has no rows yet (the common case: no delete to pay for).
  if (projectedBefore) await tx.execute('DELETE FROM sv_crossing_flags WHERE crossing_id = $1', [id]);
  if (!doc) return;
  const c = doc as unknown as ConsoleCrossing;
  const profiles = new Set(c.checks.riskFlags.map((flag) => (flag as { profileId?: unknown }).profileId).filter((p): p is string => typeof p === 'string' && p.length > 0));
  const final = typeof c.final?.outcome === 'string' ? c.final.outcome : null;
  for (const profileId of profiles) {
    await tx.execute(
      'INSERT INTO sv_crossing_flags (crossing_id, profile_id, post_id, officer_id, decided_at, day, outcome, final_outcome, hit_count) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      [id, profileId, c.postId, c.officerId, c.decision.at, c.decision.at.slice(0, 10), c.decision.outcome, final, c.checks.hits.length],
    );
  }
}

/**
 * Remembers the traveller records a document was seen under; a second one puts the document in the
 * duplicate queue. (Rows are only added: a record once seen with a document stays a candidate until a
 * supervisor decides, even if the crossing is later corrected.)
 */
async function recordDocumentTraveller(tx: SqlExecutor, issuingState: string, documentNumber: string, travellerId: string, at: string): Promise<void> {
  const added = await tx.execute(
    'INSERT INTO sv_document_travellers (issuing_state, document_number, traveller_id, first_seen_at) VALUES ($1, $2, $3, $4) ON CONFLICT (issuing_state, document_number, traveller_id) DO NOTHING',
    [issuingState, documentNumber, travellerId, at],
  );
  if (added === 0) return;
  const [count] = await tx.query<{ n: number }>('SELECT count(*) AS n FROM sv_document_travellers WHERE issuing_state = $1 AND document_number = $2', [issuingState, documentNumber]);
  if (Number(count?.n ?? 0) > 1) {
    await tx.execute(
      'INSERT INTO sv_duplicate_documents (issuing_state, document_number, found_at) VALUES ($1, $2, $3) ON CONFLICT (issuing_state, document_number) DO UPDATE SET found_at = excluded.found_at',
      [issuingState, documentNumber, new Date().toISOString()],
    );
  }
}

/** Keeps `sv_document_last` (the newest admitted crossing of a document) true after a change. */
async function refreshDocumentLast(tx: SqlExecutor, issuingState: string, documentNumber: string): Promise<void> {
  const [last] = await tx.query<{ id: string; direction: string; decided_at: string }>(
    "SELECT id, direction, decided_at FROM sv_crossings WHERE document_number = $1 AND issuing_state = $2 AND outcome = 'admitted' ORDER BY decided_at DESC, id DESC LIMIT 1",
    [documentNumber, issuingState],
  );
  if (!last) {
    await tx.execute('DELETE FROM sv_document_last WHERE issuing_state = $1 AND document_number = $2', [issuingState, documentNumber]);
    return;
  }
  await tx.execute(
    `INSERT INTO sv_document_last (issuing_state, document_number, crossing_id, direction, decided_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (issuing_state, document_number) DO UPDATE SET crossing_id = excluded.crossing_id, direction = excluded.direction, decided_at = excluded.decided_at`,
    [issuingState, documentNumber, last.id, last.direction, last.decided_at],
  );
}

// What the projection reads; documents were validated against @borderpost/schemas on the way in.
// `travel.visaType`, `final`, `softwareVersion` and `clock` on device health are optional extra fields.
interface ConsoleCrossing {
  postId: string;
  stationId: string;
  officerId: string;
  direction: string;
  travellerId?: string;
  decision: { outcome: string; at: string };
  traveller: { surname: string; givenNames: string; birthDate: string; sex: string; nationality: string };
  document: { format: string; documentCode: string; issuingState: string; documentNumber: string; valid: boolean; corrections: unknown[]; confirmedCorrections: unknown[]; source?: string };
  checks: { hits: unknown[]; riskFlags: unknown[] };
  travel: { purpose: string; visaType?: unknown };
  timings: { startedAt: string; documentReadAt?: string; biometricsAt?: string; checksAt?: string; decidedAt: string };
  clock: { serverOffsetMs: number | null };
  /** The decision after secondary inspection (runtime `secondary.decide`), not in the schema's required fields. */
  final?: { outcome?: unknown };
}
interface ConsoleDeviceHealth {
  postId: string;
  stationId: string;
  createdAt: string;
  devices: unknown[];
  pendingDocs: number;
  diskFreeBytes?: number;
  softwareVersion?: unknown;
  clock?: { serverOffsetMs?: unknown };
}
