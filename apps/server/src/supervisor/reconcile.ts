import { checkReferenceDocument, newUlid, referenceAudience } from '@borderpost/schemas';
import { type BorderpostError } from '@borderpost/common';
import { alignNames, icaoNormaliser, tokeniseName } from '@borderpost/matching';
import { encodeAudience } from '../storage/doc-store';
import { HttpError, badRequest, conflict, notFound } from '../storage/errors';
import type { SqlExecutor } from '../storage/sql';
import type { ConsoleContext } from './context';
import { DEFAULT_STAY_RULES, type StayCrossing, type StayRule, evaluateStay, matchStays, overlappingRules, validateStayRules } from './stay-rules';

/** Stay rules in force (settings key `stay-rules`), the default 90-in-180 rule until one is saved. */
export async function loadStayRules(sql: SqlExecutor): Promise<StayRule[]> {
  const [row] = await sql.query<{ value: string }>("SELECT value FROM sv_settings WHERE key = 'stay-rules'");
  return row ? validateStayRules(JSON.parse(row.value)) : DEFAULT_STAY_RULES;
}

/**
 * Saves the rules. `ifUpdatedAt` (the `updatedAt` the editor loaded; null = never saved) makes the save
 * refuse, with 409, rules someone else saved meanwhile: two supervisors editing at once must not erase
 * each other's rules silently.
 */
export async function saveStayRules(context: ConsoleContext, rules: unknown, actor: string, ifUpdatedAt?: string | null): Promise<StayRule[]> {
  let valid: StayRule[];
  try {
    valid = validateStayRules(rules);
  } catch (error) {
    throw badRequest((error as Error).message, (error as BorderpostError).code ?? 'SERVER_BAD_STAY_RULES');
  }
  const overlap = overlappingRules(valid);
  if (overlap) throw badRequest(`rules ${overlap.first} and ${overlap.second} both apply to ${overlap.on} at the same precedence (the first would always win): keep it in one of them`, 'SERVER_BAD_STAY_RULES');
  const now = new Date().toISOString();
  await context.sql.transaction(async (tx) => {
    if (ifUpdatedAt !== undefined) {
      const forUpdate = tx.dialect === 'postgres' ? ' FOR UPDATE' : '';
      const [current] = await tx.query<{ updated_by: string; updated_at: string }>(`SELECT updated_by, updated_at FROM sv_settings WHERE key = 'stay-rules'${forUpdate}`);
      if ((current?.updated_at ?? null) !== ifUpdatedAt) {
        throw new HttpError(409, 'conflict', 'SERVER_STAY_RULES_CHANGED', `the stay rules were changed by ${current?.updated_by ?? 'someone'} at ${current?.updated_at ?? '?'}; reload them and edit again`);
      }
    }
    await tx.execute(
      "INSERT INTO sv_settings (key, value, updated_by, updated_at) VALUES ('stay-rules', $1, $2, $3) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
      [JSON.stringify(valid), actor, now],
    );
    await context.access.audit({ actor, action: 'console.stay-rules.save', outcome: 'ok', details: { rules: valid.length } }, tx);
  });
  return valid;
}

interface StayRow {
  id: string;
  post_id: string;
  direction: string;
  outcome: string;
  decided_at: string;
  nationality: string;
  visa_type: string | null;
  surname: string;
  given_names: string;
  birth_date: string;
  issuing_state: string;
  document_number: string;
}

const STAY_COLUMNS = 'id, post_id, direction, outcome, decided_at, nationality, visa_type, surname, given_names, birth_date, issuing_state, document_number';

function toStayCrossing(row: StayRow): StayCrossing {
  return { id: row.id, postId: row.post_id, direction: row.direction, outcome: row.outcome, decidedAt: row.decided_at, nationality: row.nationality, visaType: row.visa_type };
}

/** Every crossing of one document (the traveller's identity for stays: issuing state + number). */
export async function documentHistory(sql: SqlExecutor, issuingState: string, documentNumber: string): Promise<StayRow[]> {
  return sql.query<StayRow>(`SELECT ${STAY_COLUMNS} FROM sv_crossings WHERE document_number = $1 AND issuing_state = $2 ORDER BY decided_at, id`, [documentNumber, issuingState]);
}

/**
 * Open stays: admitted entries with no admitted crossing of the same document after them, oldest
 * first, each evaluated under the stay rules. `overstaysOnly` keeps those past their allowed stay;
 * the scan is bounded (`maxScan` open stays), and says whether it reached the end.
 */
export async function openStays(
  context: ConsoleContext,
  options: { asOf: string; overstaysOnly: boolean; limit: number; after?: string; postId?: string; maxScan?: number },
): Promise<{ stays: unknown[]; scanned: number; complete: boolean; next: string | null }> {
  const rules = await loadStayRules(context.sql);
  const decided = await context.sql.query<{ subject: string }>("SELECT DISTINCT subject FROM sv_decisions WHERE queue = 'stays'");
  const resolved = new Set(decided.map((row) => row.subject));
  const out: unknown[] = [];
  const maxScan = options.maxScan ?? 5000;
  let scanned = 0;
  let after = options.after ?? '';
  const chunk = 200;
  while (scanned < maxScan && out.length < options.limit) {
    const params: unknown[] = [after, options.asOf];
    let postFilter = '';
    if (options.postId) {
      params.push(options.postId);
      postFilter = ` AND e.post_id = $${params.length}`;
    }
    params.push(chunk);
    const rows = await context.sql.query<StayRow>(
      `SELECT ${STAY_COLUMNS.split(', ').map((column) => `e.${column}`).join(', ')} FROM sv_document_last l JOIN sv_crossings e ON e.id = l.crossing_id
       WHERE l.direction = 'entry' AND l.decided_at > $1 AND l.decided_at <= $2${postFilter}
       ORDER BY l.decided_at LIMIT $${params.length}`,
      params,
    );
    for (const row of rows) {
      scanned += 1;
      after = row.decided_at;
      const history = (await documentHistory(context.sql, row.issuing_state, row.document_number)).map(toStayCrossing);
      const evaluation = evaluateStay(matchStays(history), rules, options.asOf);
      if (!evaluation) continue;
      const overstay = evaluation.overstayDays > 0;
      if (options.overstaysOnly && (!overstay || resolved.has(row.id))) continue;
      out.push({
        entryId: row.id,
        postId: row.post_id,
        enteredAt: row.decided_at,
        traveller: { surname: row.surname, givenNames: row.given_names, birthDate: row.birth_date, nationality: row.nationality },
        document: { issuingState: row.issuing_state, documentNumber: row.document_number },
        rule: evaluation.rule.id,
        daysInStay: evaluation.daysInStay,
        daysInWindow: evaluation.daysInWindow,
        allowedUntil: evaluation.allowedUntil,
        overstaySince: evaluation.overstaySince,
        overstayDays: evaluation.overstayDays,
        decided: resolved.has(row.id),
      });
      if (out.length >= options.limit) break;
    }
    // A full page may end inside the last chunk: the rows after it are the next page's, so only a
    // chunk read to its end and short of `chunk` means the end (before, those rows were unreachable).
    if (out.length >= options.limit) break;
    if (rows.length < chunk) return { stays: out, scanned, complete: true, next: null };
  }
  return { stays: out, scanned, complete: false, next: after };
}

/**
 * Possible duplicate travellers: (1) one document under several traveller records; (2) records with
 * the same birth date and nationality whose names align (the matching engine's name alignment, the
 * same one that scores alert hits) — the same person with a new document. Pairs already merged or
 * judged distinct are left out.
 */
export async function possibleDuplicates(context: ConsoleContext, options: { limit: number; minScore: number; since: string }): Promise<unknown[]> {
  // The newest decision per pair counts: an undone merge puts the pair back in the queue.
  const decided = await context.sql.query<{ subject: string; decision: string }>("SELECT subject, decision FROM sv_decisions WHERE queue = 'duplicates' ORDER BY id");
  const latest = new Map(decided.map((row) => [row.subject, row.decision]));
  const done = new Set([...latest].filter(([, decision]) => decision !== 'unmerged').map(([subject]) => subject));
  const merged = await activeMergedIds(context);
  const out: { kind: string; subject: string; travellerIds: string[]; reason: string; score: number }[] = [];
  // Documents seen under more than one traveller record, kept by the console projector (newest first).
  const sameDocument = await context.sql.query<{ issuing_state: string; document_number: string }>(
    'SELECT issuing_state, document_number FROM sv_duplicate_documents WHERE found_at >= $1 ORDER BY found_at DESC LIMIT $2',
    [options.since, options.limit * 4],
  );
  const seenDocuments = new Set<string>();
  for (const row of sameDocument) {
    const key = `${row.issuing_state}:${row.document_number}`;
    if (seenDocuments.has(key)) continue;
    seenDocuments.add(key);
    const ids = (await context.sql.query<{ traveller_id: string }>('SELECT traveller_id FROM sv_document_travellers WHERE issuing_state = $1 AND document_number = $2 ORDER BY traveller_id', [row.issuing_state, row.document_number])).map((r) => r.traveller_id);
    const live = ids.filter((id) => !merged.has(id));
    const subject = pairSubject(ids);
    if (live.length < 2 || done.has(subject)) continue;
    out.push({ kind: 'same-document', subject, travellerIds: ids, reason: `document ${row.issuing_state} ${row.document_number} under ${ids.length} traveller records`, score: 1 });
  }
  const candidates = await context.sql.query<{ a: string; b: string; as: string; ag: string; bs: string; bg: string; birth_date: string; nationality: string }>(
    `SELECT t1.id AS a, t2.id AS b, t1.surname AS "as", t1.given_names AS ag, t2.surname AS bs, t2.given_names AS bg, t1.birth_date, t1.nationality
     FROM travellers t1 JOIN travellers t2 ON t2.birth_date = t1.birth_date AND t2.nationality = t1.nationality AND t2.id > t1.id
     ORDER BY t1.birth_date DESC LIMIT $1`,
    [options.limit * 20],
  );
  for (const row of candidates) {
    if (out.length >= options.limit) break;
    const subject = pairSubject([row.a, row.b]);
    if (done.has(subject) || merged.has(row.a) || merged.has(row.b)) continue;
    const a = tokeniseName({ surname: row.as, givenNames: row.ag }, icaoNormaliser);
    const b = tokeniseName({ surname: row.bs, givenNames: row.bg }, icaoNormaliser);
    const score = Math.min(alignNames(a, b).score, alignNames(b, a).score);
    if (score < options.minScore) continue;
    out.push({ kind: 'similar-person', subject, travellerIds: [row.a, row.b], reason: `${row.as}, ${row.ag} ≈ ${row.bs}, ${row.bg}; born ${row.birth_date}; ${row.nationality}`, score: Math.round(score * 100) / 100 });
  }
  return out.slice(0, options.limit);
}

export function pairSubject(ids: string[]): string {
  return [...ids].sort().join('|');
}

/** Traveller ids merged into another by a merge in force (not undone). */
async function activeMergedIds(context: ConsoleContext): Promise<Set<string>> {
  const merges = await referenceDocsByPrefix(context, 'merge:');
  const ids = new Set<string>();
  for (const doc of merges) if (!doc.revoked) for (const id of doc.mergedIds as string[]) ids.add(id);
  return ids;
}

export async function referenceDocsByPrefix(context: ConsoleContext, prefix: string): Promise<Record<string, unknown>[]> {
  const rows = await context.sql.query<{ id: string }>("SELECT id FROM docs WHERE db = 'reference' AND id >= $1 AND id < $2 AND deleted = 0 ORDER BY id", [prefix, `${prefix}\uFFFF`]);
  const out: Record<string, unknown>[] = [];
  for (const { id } of rows) {
    const meta = await context.docs.getMeta('reference', id);
    const doc = meta ? await context.docs.readRevision('reference', id, meta, meta.winningRev) : null;
    if (doc) out.push(doc);
  }
  return out;
}

/** Central writes reference documents as their one owner: a new revision on top of the current one. */
export async function writeReference(context: ConsoleContext, docs: Record<string, unknown>[]): Promise<{ id: string; rev: string }[]> {
  const results = await context.docs.writeDocs('reference', docs, { newEdits: true, audienceOf: (doc) => encodeAudience(referenceAudienceOf(doc)) });
  const failed = results.find((result) => result.error);
  if (failed) {
    if (failed.error === 'conflict') throw conflict(`${failed.id} changed meanwhile; reload and try again`);
    throw badRequest(`${failed.id}: ${failed.reason ?? failed.error}`, 'SERVER_REFERENCE_WRITE');
  }
  return results.map((result) => ({ id: result.id, rev: result.rev as string }));
}

function referenceAudienceOf(doc: Record<string, unknown>) {
  return referenceAudience(doc);
}

export function checkedReference(doc: Record<string, unknown>): Record<string, unknown> {
  const check = checkReferenceDocument(doc);
  if (!check.ok) throw badRequest(check.message, check.code);
  return doc;
}

export async function createMerge(context: ConsoleContext, input: { survivorId: string; mergedIds: string[]; note: string }, actor: string): Promise<{ mergeId: string; rev: string }> {
  if (input.mergedIds.includes(input.survivorId)) throw badRequest('the survivor cannot also be merged away', 'SERVER_BAD_MERGE');
  const known = await context.sql.query<{ id: string }>(
    `SELECT id FROM travellers WHERE id IN (${[input.survivorId, ...input.mergedIds].map((_, i) => `$${i + 1}`).join(', ')})`,
    [input.survivorId, ...input.mergedIds],
  );
  if (known.length !== input.mergedIds.length + 1) throw notFound('every traveller of a merge must be known', 'SERVER_UNKNOWN_TRAVELLER');
  const mergeId = newUlid();
  const doc = checkedReference({ _id: `merge:${mergeId}`, type: 'merge', survivorId: input.survivorId, mergedIds: input.mergedIds, decidedBy: actor, decidedAt: new Date().toISOString(), note: input.note });
  const [written] = await writeReference(context, [doc]);
  await context.sql.execute('INSERT INTO sv_decisions (queue, subject, decision, note, decided_by, decided_at, details) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    'duplicates',
    pairSubject([input.survivorId, ...input.mergedIds]),
    'merged',
    input.note,
    actor,
    new Date().toISOString(),
    JSON.stringify({ mergeId: `merge:${mergeId}` }),
  ]);
  await context.access.audit({ actor, action: 'console.merge.create', target: `merge:${mergeId}`, outcome: 'ok', details: { survivorId: input.survivorId, merged: input.mergedIds.length } });
  return { mergeId: `merge:${mergeId}`, rev: written!.rev };
}

/**
 * Undoing a merge is a new revision marked `revoked` (not a deletion: a tombstone has no audience and
 * would never reach the posts, which must learn the merge no longer holds).
 */
export async function undoMerge(context: ConsoleContext, mergeId: string, note: string, actor: string): Promise<{ rev: string }> {
  const meta = await context.docs.getMeta('reference', mergeId);
  const doc = meta && !meta.deleted ? await context.docs.readRevision('reference', mergeId, meta, meta.winningRev) : null;
  if (!doc || doc.type !== 'merge') throw notFound(`no merge ${mergeId}`, 'SERVER_UNKNOWN_MERGE');
  if (doc.revoked) throw conflict(`${mergeId} is already undone`);
  const [written] = await writeReference(context, [checkedReference({ ...doc, revoked: true, revokedBy: actor, revokedAt: new Date().toISOString(), revokeNote: note })]);
  await context.sql.execute('INSERT INTO sv_decisions (queue, subject, decision, note, decided_by, decided_at, details) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    'duplicates',
    pairSubject([doc.survivorId as string, ...(doc.mergedIds as string[])]),
    'unmerged',
    note,
    actor,
    new Date().toISOString(),
    JSON.stringify({ mergeId }),
  ]);
  await context.access.audit({ actor, action: 'console.merge.undo', target: mergeId, outcome: 'ok' });
  return { rev: written!.rev };
}
