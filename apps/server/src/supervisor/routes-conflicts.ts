import crypto from 'node:crypto';
import { REFERENCE_DATABASE, checkPostDocument, checkReferenceDocument, postIdOfDatabase, referenceAudience } from '@borderpost/schemas';
import type { FastifyInstance } from 'fastify';
import { isLeafDeleted } from '../replication/rev-tree';
import { encodeAudience, type DocMeta, type JsonObject } from '../storage/doc-store';
import { badRequest, conflict, notFound } from '../storage/errors';
import { type ConsoleContext, Note, anyObject, errorResponses, recordDecision, security } from './context';
import { actor } from './session';

const page = { limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 } } as const;

/**
 * Fields a supervisor must not read (a `user:` document's password hash: crackable offline). The
 * conflict view shows a fingerprint instead, enough to see whether two versions differ; a merged
 * version always takes them from the kept revision, whatever it sends.
 */
const SECRET_FIELDS = ['passwordHash'] as const;

function withoutSecrets(doc: JsonObject | null): JsonObject | null {
  if (!doc) return doc;
  const shown = { ...doc };
  for (const field of SECRET_FIELDS) {
    if (typeof shown[field] === 'string') shown[field] = `hidden (fingerprint ${crypto.createHash('sha256').update(shown[field] as string).digest('hex').slice(0, 12)})`;
  }
  return shown;
}

function liveRevisions(context: ConsoleContext, meta: DocMeta): string[] {
  // The winner first, then the other live leaves in tree order (the order the console shows them).
  const live = context.docs.leaves(meta).filter((rev) => !isLeafDeleted(meta.tree, rev));
  return [meta.winningRev, ...live.filter((rev) => rev !== meta.winningRev)];
}

/**
 * Replication conflicts (design: "if a conflict does appear — a post restored from an old backup, a
 * bug — it is kept, shown to supervisors, and resolved explicitly"): every live version side by side,
 * and a resolution that keeps one version (or a merged body written on top of it) and closes every
 * other live branch with a deletion leaf. Closing branches instead of rewriting history is what lets a
 * replica that pulls the database (a post's reference copy, or a post pulling its own database) reach
 * the same single leaf: the deletion leaves replicate like any revision.
 */
export async function conflictRoutes(app: FastifyInstance, context: ConsoleContext): Promise<void> {
  const { docs, sql } = context;

  app.get<{ Querystring: { limit?: number } }>(
    '/api/console/conflicts',
    {
      config: { public: true, capability: 'conflicts.resolve' },
      schema: {
        summary: 'Replication conflicts with every live version side by side (conflicts; a password hash shown as a fingerprint), and the latest resolutions with who, when and why (resolved)',
        tags: ['console'],
        security,
        querystring: { type: 'object', properties: { ...page }, additionalProperties: false },
        response: { 200: anyObject, ...errorResponses },
      },
    },
    async (request) => {
      const conflicts = await docs.conflicts(request.query.limit ?? 50);
      const out = [];
      for (const item of conflicts) {
        const meta = await docs.getMeta(item.db, item.id);
        if (!meta) continue;
        const versions = [];
        for (const rev of liveRevisions(context, meta)) versions.push({ rev, doc: withoutSecrets(await docs.readRevision(item.db, item.id, meta, rev)) });
        out.push({ db: item.db, id: item.id, winningRev: meta.winningRev, versions });
      }
      // The versions are whole records (a crossing's traveller and document): the view is audited like a crossing record's.
      if (out.length > 0) await context.access.audit({ actor: actor(request), action: 'console.conflicts.view', target: `${out.length} conflicted documents`, outcome: 'ok', details: { documents: out.map((c) => `${c.db}/${c.id}`) } });
      const resolved = await sql.query<{ subject: string; decision: string; note: string; decided_by: string; decided_at: string; details: string | null }>(
        "SELECT subject, decision, note, decided_by, decided_at, details FROM sv_decisions WHERE queue = 'conflicts' ORDER BY id DESC LIMIT 20",
      );
      return {
        conflicts: out,
        resolved: resolved.map((row) => ({ subject: row.subject, decision: row.decision, note: row.note, decidedBy: row.decided_by, decidedAt: row.decided_at, details: row.details ? (JSON.parse(row.details) as unknown) : null })),
      };
    },
  );

  app.post<{ Body: { db: string; id: string; keepRev: string; note: string; merged?: JsonObject } }>(
    '/api/console/conflicts/resolve',
    {
      config: { public: true, capability: 'conflicts.resolve' },
      schema: {
        summary:
          'Resolve a conflict explicitly: keepRev stays (or `merged`, a body written as a new revision on top of keepRev, checked like any document of that database; attachments and secret fields such as passwordHash are the kept revision\'s); every other live revision is closed by a deletion leaf on its branch, in the same transaction; the decision is recorded with who, when and the note',
        tags: ['console'],
        security,
        body: {
          type: 'object',
          properties: { db: { type: 'string', maxLength: 100 }, id: { type: 'string', maxLength: 200 }, keepRev: { type: 'string', maxLength: 100 }, note: Note, merged: { type: 'object', additionalProperties: true } },
          required: ['db', 'id', 'keepRev', 'note'],
          additionalProperties: false,
        },
        response: { 200: anyObject, ...errorResponses },
      },
    },
    async (request) => {
      const { db, id, keepRev, note, merged } = request.body;
      const meta = await docs.getMeta(db, id);
      const live = meta ? liveRevisions(context, meta) : [];
      if (!meta || live.length < 2) throw notFound(`${db}/${id} has no conflict`, 'SERVER_NO_CONFLICT');
      if (!live.includes(keepRev)) throw badRequest(`${keepRev} is not a live revision of ${id}`, 'SERVER_BAD_REVISION');
      const kept = await docs.readRevision(db, id, meta, keepRev);
      if (!kept) throw badRequest(`the body of ${keepRev} is gone; keep another revision`, 'SERVER_BAD_REVISION');

      const writes: JsonObject[] = [];
      let finalBody: JsonObject = kept;
      if (merged) {
        // The merged body continues the kept branch; attachments stay the kept revision's (the console
        // edits fields, never images), and the document is checked as its owner's would be.
        const fields = Object.fromEntries(Object.entries(merged).filter(([key]) => !key.startsWith('_')));
        finalBody = { ...fields, _id: id, _rev: keepRev, ...(kept._attachments ? { _attachments: kept._attachments } : {}) };
        for (const field of SECRET_FIELDS) {
          if (kept[field] === undefined) delete finalBody[field];
          else finalBody[field] = kept[field];
        }
        checkMerged(db, finalBody);
        writes.push(finalBody);
      }
      const closing = live.filter((rev) => rev !== keepRev);
      for (const rev of closing) writes.push({ _id: id, _rev: rev, _deleted: true });
      // In the reference database every row carries who may read it; the closing deletions must keep
      // the surviving version's audience, or the posts' filtered feeds would never show the resolution.
      const audience = db === REFERENCE_DATABASE ? encodeAudience(referenceAudience(finalBody)) : undefined;
      // expectLiveLeaves: two supervisors resolving at once must not close both branches (the document would be deleted).
      const results = await docs.writeDocs(db, writes, { newEdits: true, expectLiveLeaves: { id, revs: live }, ...(audience ? { audienceOf: () => audience } : {}) });
      const failed = results.find((result) => result.error);
      // A revision listed a moment ago is no longer a leaf: someone resolved it (or a post pushed) meanwhile.
      if (failed?.error === 'conflict') throw conflict(`${db}/${id} changed meanwhile (resolved by someone else?); reload the conflicts`);
      if (failed) throw badRequest(`could not resolve ${failed.id}: ${failed.reason ?? failed.error}`, 'SERVER_CONFLICT_RESOLUTION');
      const mergedRev = merged ? results[0]!.rev! : undefined;
      const by = actor(request);
      const { decidedAt } = await recordDecision(context, {
        queue: 'conflicts',
        subject: `${db}/${id}`,
        decision: merged ? 'merged' : 'kept',
        note,
        actor: by,
        details: { keepRev, closed: closing, ...(mergedRev ? { mergedRev } : {}) },
      });
      return { ok: true, kept: keepRev, closed: closing, ...(mergedRev ? { mergedRev } : {}), winningRev: mergedRev ?? keepRev, decidedBy: by, decidedAt };
    },
  );
}

function checkMerged(db: string, doc: JsonObject): void {
  const postId = postIdOfDatabase(db);
  const check = postId ? checkPostDocument(doc, postId) : db === REFERENCE_DATABASE ? checkReferenceDocument(doc) : null;
  if (!check) throw badRequest(`a merged version can be written only to a post database or the reference database, not ${db}`, 'SERVER_BAD_MERGED_VERSION');
  if (!check.ok) throw badRequest(`the merged version is not a valid document: ${check.message}`, check.code);
}
