import { type UserDoc } from '@borderpost/schemas';
import { hashPassword } from '@borderpost/runtime-core';
import { HttpError, badRequest, conflict, notFound } from '../storage/errors';
import type { ConsoleContext } from './context';
import { checkedReference, referenceDocsByPrefix, writeReference } from './reconcile';

/**
 * Officers: the people who sign in at a post's stations, offline, against replicated `user:<userId>`
 * reference documents (UserSchema). Central is their one writer; every change is a new revision that
 * replication carries to the posts in the document's audience (`referenceAudience`).
 *
 * Posts taken off an officer are kept in `withdrawnPosts` (and so in the audience): a post that already
 * holds an older revision naming it must receive the one that does not, or the officer could still sign
 * in there with the old credentials. Re-assigning the post takes it out of `withdrawnPosts`. Once every
 * active station of a withdrawn post has pulled the current revision (its replication checkpoint at
 * central is past that revision's sequence), the next change drops the post from `withdrawnPosts`, so
 * later revisions — a new password hash — no longer travel there.
 */
export const OFFICER_ROLES = ['officer', 'supervisor', 'technician', 'admin'] as const;
export type OfficerRole = (typeof OFFICER_ROLES)[number];
/** Same floor as console users; an officer types it on a lane keyboard, so no composition rules. */
export const MIN_OFFICER_PASSWORD = 10;

export interface OfficerView {
  userId: string;
  name: string;
  roles: OfficerRole[];
  posts: string[];
  withdrawnPosts: string[];
  disabled: boolean;
  rev: string;
  createdAt: string | null;
  updatedAt: string | null;
  updatedBy: string | null;
  passwordChangedAt: string | null;
  /** The newest successful sign-in a post reported (its audit documents, projected into post_audit). */
  lastSignIn: { at: string; postId: string; stationId: string } | null;
}

type StoredUser = UserDoc & { _rev: string; createdAt?: string; updatedAt?: string; updatedBy?: string; passwordChangedAt?: string };

const docId = (userId: string) => `user:${userId}`;

export async function listOfficers(context: ConsoleContext): Promise<{ officers: OfficerView[]; posts: string[] }> {
  const docs = (await referenceDocsByPrefix(context, 'user:')) as unknown as StoredUser[];
  const signIns = await lastSignIns(context);
  const posts = (await context.sql.query<{ post_id: string }>('SELECT post_id FROM posts ORDER BY post_id')).map((row) => row.post_id);
  return { officers: docs.map((doc) => view(doc, signIns.get(doc.userId) ?? null)), posts };
}

export async function getOfficer(context: ConsoleContext, userId: string): Promise<OfficerView> {
  const doc = await readOfficer(context, userId);
  const signIns = await lastSignIns(context, userId);
  return view(doc, signIns.get(userId) ?? null);
}

export async function createOfficer(
  context: ConsoleContext,
  input: { userId: string; name: string; roles: OfficerRole[]; posts: string[]; password: string },
  actor: string,
): Promise<OfficerView> {
  checkPassword(input.password);
  const posts = await knownPosts(context, input.posts);
  const existing = await context.docs.getMeta('reference', docId(input.userId));
  // A tombstone (a document deleted through the raw replication API) may be written over; a live one not.
  if (existing && !existing.deleted) throw new HttpError(409, 'conflict', 'SERVER_OFFICER_EXISTS', `officer ${input.userId} already exists`);
  // The lane's lockout counts names case-insensitively: two officers differing only in case would share it.
  // (The id range keeps the scan on user documents, not the whole reference database.)
  const [clash] = await context.sql.query<{ id: string }>("SELECT id FROM docs WHERE db = 'reference' AND id >= 'user:' AND id < $2 AND deleted = 0 AND lower(id) = lower($1) AND id <> $1", [
    docId(input.userId),
    'user:\uFFFF',
  ]);
  if (clash) throw new HttpError(409, 'conflict', 'SERVER_OFFICER_EXISTS', `officer ${clash.id.slice('user:'.length)} already exists (user names differing only in case are refused)`);
  const now = new Date().toISOString();
  const doc = checkedReference({
    _id: docId(input.userId),
    ...(existing ? { _rev: existing.winningRev } : {}),
    type: 'user',
    userId: input.userId,
    name: input.name,
    roles: unique(input.roles),
    posts,
    passwordHash: await hashPassword(input.password),
    disabled: false,
    createdAt: now,
    createdBy: actor,
    updatedAt: now,
    updatedBy: actor,
    passwordChangedAt: now,
  });
  await writeReference(context, [doc]);
  await context.access.audit({ actor, action: 'console.officer.create', target: docId(input.userId), outcome: 'ok', details: { roles: doc.roles, posts } });
  return getOfficer(context, input.userId);
}

/**
 * Name, roles, posts, disabled: what is given changes. `rev` (the revision the administrator looked at)
 * refuses the change when someone else changed the officer meanwhile.
 */
export async function updateOfficer(
  context: ConsoleContext,
  userId: string,
  change: { name?: string; roles?: OfficerRole[]; posts?: string[]; disabled?: boolean; rev?: string },
  actor: string,
): Promise<OfficerView> {
  const current = await readOfficer(context, userId);
  if (change.rev !== undefined && change.rev !== current._rev) throw conflict(`${docId(userId)} changed meanwhile; reload and try again`);
  const posts = change.posts !== undefined ? await knownPosts(context, change.posts) : current.posts;
  const removed = current.posts.filter((post) => !posts.includes(post));
  const added = posts.filter((post) => !current.posts.includes(post));
  // Posts withdrawn by this change have not seen it yet: only earlier withdrawals can be acknowledged.
  const stillWithdrawn = await unacknowledgedWithdrawals(context, current);
  const withdrawnPosts = unique([...stillWithdrawn, ...removed]).filter((post) => !posts.includes(post));
  const { withdrawnPosts: _previous, ...rest } = current;
  const doc = checkedReference({
    ...rest,
    ...(change.name !== undefined ? { name: change.name } : {}),
    ...(change.roles !== undefined ? { roles: unique(change.roles) } : {}),
    posts,
    ...(withdrawnPosts.length > 0 ? { withdrawnPosts } : {}),
    ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
    updatedAt: new Date().toISOString(),
    updatedBy: actor,
  });
  await writeReference(context, [doc]);
  const details: Record<string, unknown> = {};
  if (change.name !== undefined && change.name !== current.name) details.name = true;
  if (change.roles !== undefined) details.roles = doc.roles;
  if (added.length > 0) details.postsAdded = added;
  if (removed.length > 0) details.postsRemoved = removed;
  if (change.disabled !== undefined && change.disabled !== (current.disabled ?? false)) details.disabled = change.disabled;
  const action = change.disabled === true ? 'console.officer.disable' : change.disabled === false && current.disabled ? 'console.officer.enable' : 'console.officer.update';
  await context.access.audit({ actor, action, target: docId(userId), outcome: 'ok', details });
  return getOfficer(context, userId);
}

/**
 * A new password set by an administrator (the old one stops working at each post once it pulls). There is
 * no "must change at next sign-in" flag: the post runtime has no password-change flow (central is the
 * only writer of the document), so the administrator hands the new password over in person.
 */
export async function resetOfficerPassword(context: ConsoleContext, userId: string, password: string, actor: string): Promise<OfficerView> {
  checkPassword(password);
  const current = await readOfficer(context, userId);
  const now = new Date().toISOString();
  // A withdrawn post that has not pulled the refusing revision yet stays in the audience (it must learn
  // the officer is gone; it then also receives the new hash); one that has is left out.
  const { withdrawnPosts: _previous, ...rest } = current;
  const withdrawnPosts = await unacknowledgedWithdrawals(context, current);
  await writeReference(context, [
    checkedReference({ ...rest, ...(withdrawnPosts.length > 0 ? { withdrawnPosts } : {}), passwordHash: await hashPassword(password), passwordChangedAt: now, updatedAt: now, updatedBy: actor }),
  ]);
  // Who and whom only: never the password nor its hash.
  await context.access.audit({ actor, action: 'console.officer.password-reset', target: docId(userId), outcome: 'ok' });
  return getOfficer(context, userId);
}

/**
 * The withdrawn posts of `current` that may not yet hold its revision: a post is done when each of its
 * active stations has a replication checkpoint on `reference` (PouchDB writes one at central after every
 * pull) at or past the sequence of the current revision, which already refuses the officer there. A
 * post served only by removable media never acknowledges, and so keeps receiving the document.
 */
async function unacknowledgedWithdrawals(context: ConsoleContext, current: StoredUser): Promise<string[]> {
  const withdrawn = current.withdrawnPosts ?? [];
  if (withdrawn.length === 0) return [];
  const meta = await context.docs.getMeta('reference', docId(current.userId));
  if (!meta) return withdrawn;
  // Every active station of the withdrawn posts with its checkpoints, in one read (a station without
  // any checkpoint comes back once, with a null body: it has pulled nothing).
  const rows = await context.sql.query<{ post_id: string; station_id: string; body: string | null }>(
    `SELECT s.post_id, s.station_id, l.body FROM stations s
       LEFT JOIN local_docs l ON l.db = 'reference' AND l.owner = 'station:' || s.station_id
      WHERE s.revoked_at IS NULL AND s.post_id IN (${withdrawn.map((_, i) => `$${i + 1}`).join(', ')})`,
    withdrawn,
  );
  const stations = new Map<string, { postId: string; pulledTo: number }>();
  for (const row of rows) {
    const station = stations.get(row.station_id) ?? { postId: row.post_id, pulledTo: 0 };
    station.pulledTo = Math.max(station.pulledTo, row.body === null ? 0 : checkpointSeq(row.body));
    stations.set(row.station_id, station);
  }
  const pending = new Set([...stations.values()].filter((station) => station.pulledTo < meta.seq).map((station) => station.postId));
  return withdrawn.filter((postId) => pending.has(postId));
}

/** `last_seq` of a PouchDB checkpoint document (our sequences are integers; anything else counts as 0). */
function checkpointSeq(body: string): number {
  try {
    const seq = Number.parseInt(String((JSON.parse(body) as { last_seq?: unknown }).last_seq), 10);
    return Number.isFinite(seq) ? seq : 0;
  } catch {
    return 0;
  }
}

async function readOfficer(context: ConsoleContext, userId: string): Promise<StoredUser> {
  const meta = await context.docs.getMeta('reference', docId(userId));
  const doc = meta && !meta.deleted ? await context.docs.readRevision('reference', docId(userId), meta, meta.winningRev) : null;
  if (!doc || doc.type !== 'user') throw notFound(`no officer ${userId}`, 'SERVER_UNKNOWN_OFFICER');
  const { _revisions: _r, _attachments: _a, ...rest } = doc as Record<string, unknown>;
  return rest as unknown as StoredUser;
}

function view(doc: StoredUser, lastSignIn: OfficerView['lastSignIn']): OfficerView {
  return {
    userId: doc.userId,
    name: doc.name,
    roles: doc.roles as OfficerRole[],
    posts: doc.posts,
    withdrawnPosts: doc.withdrawnPosts ?? [],
    disabled: doc.disabled ?? false,
    rev: doc._rev,
    createdAt: doc.createdAt ?? null,
    updatedAt: doc.updatedAt ?? null,
    updatedBy: doc.updatedBy ?? null,
    passwordChangedAt: doc.passwordChangedAt ?? null,
    lastSignIn,
  };
}

function checkPassword(password: string): void {
  // Characters, not bytes or UTF-16 units: the runtime compares passwords in NFC.
  if ([...password.normalize('NFC')].length < MIN_OFFICER_PASSWORD) throw badRequest(`a password has at least ${MIN_OFFICER_PASSWORD} characters`, 'SERVER_WEAK_PASSWORD');
}

/** Every post must exist at central (a typo would publish a user no post ever receives). */
async function knownPosts(context: ConsoleContext, posts: string[]): Promise<string[]> {
  const wanted = unique(posts);
  if (wanted.length === 0) return [];
  const rows = await context.sql.query<{ post_id: string }>(`SELECT post_id FROM posts WHERE post_id IN (${wanted.map((_, i) => `$${i + 1}`).join(', ')})`, wanted);
  const known = new Set(rows.map((row) => row.post_id));
  const unknown = wanted.filter((post) => !known.has(post));
  if (unknown.length > 0) throw badRequest(`unknown post(s): ${unknown.join(', ')}`, 'SERVER_UNKNOWN_POST');
  return wanted;
}

/** Newest successful sign-in per officer from the posts' audit documents (`session.sign-in`, outcome ok). */
async function lastSignIns(context: ConsoleContext, userId?: string): Promise<Map<string, NonNullable<OfficerView['lastSignIn']>>> {
  const rows = await context.sql.query<{ actor_id: string; post_id: string; station_id: string; created_at: string }>(
    `SELECT a.actor_id, a.post_id, a.station_id, a.created_at FROM post_audit a
       JOIN (SELECT actor_id, MAX(created_at) AS newest FROM post_audit WHERE action = 'session.sign-in' AND outcome = 'ok'${userId !== undefined ? ' AND actor_id = $1' : ''} GROUP BY actor_id) m
         ON m.actor_id = a.actor_id AND m.newest = a.created_at
      WHERE a.action = 'session.sign-in' AND a.outcome = 'ok'`,
    userId !== undefined ? [userId] : [],
  );
  return new Map(rows.map((row) => [row.actor_id, { at: row.created_at, postId: row.post_id, stationId: row.station_id }]));
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
