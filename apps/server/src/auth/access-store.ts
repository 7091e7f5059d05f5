import { REFERENCE_DATABASE, assertPostId, checkReferenceDocument, newUlid, postDatabaseName, referenceAudience } from '@borderpost/schemas';
import { type DocStore, encodeAudience } from '../storage/doc-store';
import { HttpError, badRequest, conflict, forbidden, notFound } from '../storage/errors';
import type { SqlDatabase, SqlExecutor } from '../storage/sql';
import { type BundlePublicKeys, ensureCentralBundleKeys } from './bundle-keys';
import { hashPassword, newEnrolmentCode, newToken, normaliseEnrolmentCode, sha256, verifyPassword } from './secrets';

/** The role stored with a user in `users`. */
export type Role = 'admin' | 'supervisor';
/**
 * What a signed-in user acts as: the stored role, narrowed to `analyst` when the supervisor console's
 * role table (`sv_user_roles`) says so. An analyst is stored as `supervisor` in `users` but must not
 * get a supervisor's reach (post databases through replication, the admin API).
 */
export type PrincipalRole = Role | 'analyst';
export type Principal = { kind: 'station'; stationId: string; postId: string } | { kind: 'user'; userId: string; role: PrincipalRole };

export interface AuditEntry {
  actor: string;
  action: string;
  target?: string | null;
  outcome: 'ok' | 'denied' | 'failed';
  details?: Record<string, unknown>;
}

export function actorOf(principal: Principal | null | undefined): string {
  if (!principal) return 'anonymous';
  return principal.kind === 'station' ? `station:${principal.stationId}` : `user:${principal.userId}`;
}

const SESSION_HOURS = 12;
const MAX_FAILED_SIGN_INS = 10;
const SIGN_IN_WINDOW_MINUTES = 15;

/**
 * Stations, enrolment codes, users, sessions and the audit log. Secrets are returned once, at creation,
 * and stored only as hashes.
 */
export class AccessStore {
  constructor(
    private readonly sql: SqlDatabase,
    private readonly docs: DocStore,
  ) {}

  async audit(entry: AuditEntry, sql: SqlExecutor = this.sql): Promise<void> {
    await sql.execute('INSERT INTO audit_log (at, actor, action, target, outcome, details) VALUES ($1, $2, $3, $4, $5, $6)', [
      new Date().toISOString(),
      entry.actor,
      entry.action,
      entry.target ?? null,
      entry.outcome,
      entry.details ? JSON.stringify(entry.details) : null,
    ]);
  }

  async listAudit(limit: number): Promise<{ id: number; at: string; actor: string; action: string; target: string | null; outcome: string; details: unknown }[]> {
    const rows = await this.sql.query<{ id: number; at: string; actor: string; action: string; target: string | null; outcome: string; details: string | null }>(
      'SELECT id, at, actor, action, target, outcome, details FROM audit_log ORDER BY id DESC LIMIT $1',
      [limit],
    );
    return rows.map((row) => ({ ...row, id: Number(row.id), details: row.details ? (JSON.parse(row.details) as unknown) : null }));
  }

  /** Creates the post (and its database) if needed. */
  async ensurePost(postId: string, name?: string): Promise<void> {
    try {
      assertPostId(postId);
    } catch (error) {
      throw badRequest((error as Error).message, 'SERVER_BAD_POST_ID');
    }
    const created = await this.sql.execute('INSERT INTO posts (post_id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (post_id) DO NOTHING', [postId, name ?? postId, new Date().toISOString()]);
    await this.docs.createDatabase(postDatabaseName(postId));
    if (created > 0) await this.publish({ _id: `post:${postId}`, type: 'post', postId, name: name ?? postId });
  }

  /**
   * Central's own reference documents about posts and stations, so a post learns its identity and its
   * stations by the same replication as everything else (validated like any reference write).
   */
  private async publish(doc: Record<string, unknown>): Promise<void> {
    const check = checkReferenceDocument(doc);
    if (!check.ok) throw new Error(`invalid reference document ${String(doc._id)}: ${check.message}`);
    const meta = await this.docs.getMeta(REFERENCE_DATABASE, doc._id as string);
    const withRev = meta && !meta.deleted ? { ...doc, _rev: meta.winningRev } : doc;
    const [result] = await this.docs.writeDocs(REFERENCE_DATABASE, [withRev], { newEdits: true, audienceOf: (written) => encodeAudience(referenceAudience(written)) });
    if (result?.error) throw new Error(`could not publish ${String(doc._id)}: ${result.reason ?? result.error}`);
  }

  async listPosts(): Promise<{ postId: string; name: string; stations: number; database: string; updateSeq: number }[]> {
    const rows = await this.sql.query<{ post_id: string; name: string; stations: number; update_seq: number | null }>(
      `SELECT p.post_id, p.name, (SELECT count(*) FROM stations s WHERE s.post_id = p.post_id AND s.revoked_at IS NULL) AS stations,
              d.update_seq FROM posts p LEFT JOIN databases d ON d.name = 'post-' || p.post_id ORDER BY p.post_id`,
    );
    return rows.map((row) => ({ postId: row.post_id, name: row.name, stations: Number(row.stations), database: `post-${row.post_id}`, updateSeq: Number(row.update_seq ?? 0) }));
  }

  async createEnrolmentCode(postId: string, createdBy: string, ttlMinutes: number): Promise<{ codeId: string; code: string; postId: string; expiresAt: string }> {
    await this.ensurePost(postId);
    const code = newEnrolmentCode();
    const codeId = `ec-${newUlid().toLowerCase()}`;
    const expiresAt = new Date(Date.now() + ttlMinutes * 60_000).toISOString();
    await this.sql.execute('INSERT INTO enrolment_codes (code_id, code_hash, post_id, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      codeId,
      sha256(normaliseEnrolmentCode(code)),
      postId,
      createdBy,
      new Date().toISOString(),
      expiresAt,
    ]);
    await this.audit({ actor: createdBy, action: 'enrolment-code.create', target: codeId, outcome: 'ok', details: { postId, expiresAt } });
    return { codeId, code, postId, expiresAt };
  }

  async revokeEnrolmentCode(codeId: string, actor: string): Promise<void> {
    const changed = await this.sql.execute('UPDATE enrolment_codes SET revoked_at = $2 WHERE code_id = $1 AND revoked_at IS NULL', [codeId, new Date().toISOString()]);
    if (changed === 0) throw notFound(`no active enrolment code ${codeId}`, 'SERVER_UNKNOWN_CODE');
    await this.audit({ actor, action: 'enrolment-code.revoke', target: codeId, outcome: 'ok' });
  }

  /** Exchanges a one-time code for a station identity and token. The code is spent in the same transaction. */
  async enrolStation(
    code: string,
    stationName: string,
    bundleKeys: BundlePublicKeys | null = null,
  ): Promise<{ stationId: string; postId: string; token: string; databases: { outbox: string; reference: string }; centralBundleKeys: BundlePublicKeys }> {
    const now = new Date().toISOString();
    const token = newToken('bps');
    const stationId = `st-${newUlid().toLowerCase()}`;
    const result = await this.sql.transaction(async (tx) => {
      const [row] = await tx.query<{ code_id: string; post_id: string; expires_at: string; used_at: string | null; revoked_at: string | null }>(
        'SELECT code_id, post_id, expires_at, used_at, revoked_at FROM enrolment_codes WHERE code_hash = $1',
        [sha256(normaliseEnrolmentCode(code))],
      );
      if (!row || row.used_at || row.revoked_at || row.expires_at <= now) return { refused: row?.code_id ?? null };
      // The conditional update is what makes the code single-use even with two instances racing.
      const spent = await tx.execute('UPDATE enrolment_codes SET used_at = $2, used_by_station = $3 WHERE code_id = $1 AND used_at IS NULL', [row.code_id, now, stationId]);
      if (spent === 0) return { refused: row.code_id };
      await tx.execute('INSERT INTO stations (station_id, post_id, name, token_hash, created_at, bundle_signing_key, bundle_encryption_key) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        stationId,
        row.post_id,
        stationName,
        sha256(token),
        now,
        bundleKeys?.signing ?? null,
        bundleKeys?.encryption ?? null,
      ]);
      await this.audit({ actor: `station:${stationId}`, action: 'station.enrol', target: stationId, outcome: 'ok', details: { postId: row.post_id, codeId: row.code_id } }, tx);
      return { postId: row.post_id };
    });
    if ('refused' in result) {
      await this.audit({ actor: 'anonymous', action: 'station.enrol', target: result.refused, outcome: 'denied' });
      throw forbidden('the enrolment code is unknown, used, revoked or expired', 'SERVER_BAD_ENROLMENT_CODE');
    }
    const postId = result.postId as string;
    await this.publish({ _id: `station:${stationId}`, type: 'station', stationId, postId, name: stationName });
    const central = await ensureCentralBundleKeys(this.sql);
    return { stationId, postId, token, databases: { outbox: postDatabaseName(postId), reference: REFERENCE_DATABASE }, centralBundleKeys: central.publicKeys };
  }

  /** A station (re)registers its bundle keys after enrolment (e.g. enrolled before bundles existed). */
  async registerBundleKeys(stationId: string, keys: BundlePublicKeys): Promise<{ centralBundleKeys: BundlePublicKeys }> {
    const changed = await this.sql.execute('UPDATE stations SET bundle_signing_key = $2, bundle_encryption_key = $3 WHERE station_id = $1 AND revoked_at IS NULL', [
      stationId,
      keys.signing,
      keys.encryption,
    ]);
    if (changed === 0) throw notFound(`no active station ${stationId}`, 'SERVER_UNKNOWN_STATION');
    await this.audit({ actor: `station:${stationId}`, action: 'station.bundle-keys', target: stationId, outcome: 'ok' });
    return { centralBundleKeys: (await ensureCentralBundleKeys(this.sql)).publicKeys };
  }

  /** What central knows of a station to check its bundles: its post, whether it is revoked, its keys. */
  async stationBundleKeys(stationId: string): Promise<{ postId: string; revoked: boolean; keys: BundlePublicKeys | null } | null> {
    const [row] = await this.sql.query<{ post_id: string; revoked_at: string | null; bundle_signing_key: string | null; bundle_encryption_key: string | null }>(
      'SELECT post_id, revoked_at, bundle_signing_key, bundle_encryption_key FROM stations WHERE station_id = $1',
      [stationId],
    );
    if (!row) return null;
    const keys = row.bundle_signing_key && row.bundle_encryption_key ? { signing: row.bundle_signing_key, encryption: row.bundle_encryption_key } : null;
    return { postId: row.post_id, revoked: row.revoked_at !== null, keys };
  }

  async revokeStation(stationId: string, actor: string): Promise<void> {
    const changed = await this.sql.execute('UPDATE stations SET revoked_at = $2 WHERE station_id = $1 AND revoked_at IS NULL', [stationId, new Date().toISOString()]);
    if (changed === 0) throw notFound(`no active station ${stationId}`, 'SERVER_UNKNOWN_STATION');
    const [row] = await this.sql.query<{ post_id: string; name: string }>('SELECT post_id, name FROM stations WHERE station_id = $1', [stationId]);
    await this.publish({ _id: `station:${stationId}`, type: 'station', stationId, postId: row!.post_id, name: row!.name, revoked: true });
    await this.audit({ actor, action: 'station.revoke', target: stationId, outcome: 'ok' });
  }

  async listStations(): Promise<{ stationId: string; postId: string; name: string; createdAt: string; revokedAt: string | null; lastSeenAt: string | null }[]> {
    const rows = await this.sql.query<{ station_id: string; post_id: string; name: string; created_at: string; revoked_at: string | null; last_seen_at: string | null }>(
      'SELECT station_id, post_id, name, created_at, revoked_at, last_seen_at FROM stations ORDER BY post_id, created_at',
    );
    return rows.map((row) => ({ stationId: row.station_id, postId: row.post_id, name: row.name, createdAt: row.created_at, revokedAt: row.revoked_at, lastSeenAt: row.last_seen_at }));
  }

  /** The principal a bearer token stands for, or null (unknown, revoked, expired). */
  async authenticate(token: string): Promise<Principal | null> {
    const hash = sha256(token);
    if (token.startsWith('bps_')) {
      const [row] = await this.sql.query<{ station_id: string; post_id: string; last_seen_at: string | null }>(
        'SELECT station_id, post_id, last_seen_at FROM stations WHERE token_hash = $1 AND revoked_at IS NULL',
        [hash],
      );
      if (!row) return null;
      // "Last seen" for the supervisors' silent-post view, written at most once a minute per station.
      const now = new Date();
      if (!row.last_seen_at || now.getTime() - Date.parse(row.last_seen_at) > 60_000) {
        await this.sql.execute('UPDATE stations SET last_seen_at = $2 WHERE station_id = $1', [row.station_id, now.toISOString()]);
      }
      return { kind: 'station', stationId: row.station_id, postId: row.post_id };
    }
    if (token.startsWith('bpu_')) {
      const [row] = await this.sql.query<{ user_id: string; role: Role; console_role: string | null }>(
        `SELECT s.user_id, u.role, r.role AS console_role FROM sessions s JOIN users u ON u.user_id = s.user_id
         LEFT JOIN sv_user_roles r ON r.user_id = u.user_id
         WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND u.disabled_at IS NULL`,
        [hash, new Date().toISOString()],
      );
      if (!row) return null;
      return { kind: 'user', userId: row.user_id, role: row.console_role === 'analyst' ? 'analyst' : row.role };
    }
    return null;
  }

  async createUser(user: { userId: string; name: string; role: Role; password: string }, actor: string): Promise<void> {
    if (!/^[A-Za-z0-9._-]{1,80}$/.test(user.userId)) throw badRequest('userId must be 1–80 letters, digits, dots, dashes or underscores', 'SERVER_BAD_USER');
    if (user.password.length < 10) throw badRequest('passwords have at least 10 characters', 'SERVER_WEAK_PASSWORD');
    const hash = await hashPassword(user.password);
    const inserted = await this.sql.execute('INSERT INTO users (user_id, name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id) DO NOTHING', [
      user.userId,
      user.name,
      user.role,
      hash,
      new Date().toISOString(),
    ]);
    if (inserted === 0) throw conflict(`user ${user.userId} exists`);
    await this.audit({ actor, action: 'user.create', target: user.userId, outcome: 'ok', details: { role: user.role } });
  }

  async signIn(userId: string, password: string): Promise<{ token: string; userId: string; role: Role; expiresAt: string }> {
    // Password guessing is slowed per user: after too many refusals in the window, even the right
    // password waits. Counted from the audit log, so every instance on one PostgreSQL sees the same count.
    const since = new Date(Date.now() - SIGN_IN_WINDOW_MINUTES * 60_000).toISOString();
    const [attempts] = await this.sql.query<{ n: number }>(
      "SELECT count(*) AS n FROM audit_log WHERE actor = $1 AND action = 'session.sign-in' AND outcome = 'denied' AND at > $2",
      [`user:${userId}`, since],
    );
    if (Number(attempts?.n ?? 0) >= MAX_FAILED_SIGN_INS) {
      await this.audit({ actor: `user:${userId}`, action: 'session.sign-in', outcome: 'denied', details: { reason: 'locked' } });
      throw new HttpError(429, 'too_many_requests', 'SERVER_TOO_MANY_ATTEMPTS', `too many failed sign-ins; try again in ${SIGN_IN_WINDOW_MINUTES} minutes`);
    }
    const [row] = await this.sql.query<{ password_hash: string; role: Role; disabled_at: string | null }>('SELECT password_hash, role, disabled_at FROM users WHERE user_id = $1', [userId]);
    const valid = row !== undefined && row.disabled_at === null && (await verifyPassword(password, row.password_hash));
    if (!row || !valid) {
      await this.audit({ actor: `user:${userId}`, action: 'session.sign-in', outcome: 'denied' });
      throw new HttpError(401, 'unauthorized', 'SERVER_BAD_CREDENTIALS', 'unknown user or wrong password');
    }
    const token = newToken('bpu');
    const expiresAt = new Date(Date.now() + SESSION_HOURS * 3_600_000).toISOString();
    await this.sql.execute('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [sha256(token), userId, new Date().toISOString(), expiresAt]);
    await this.audit({ actor: `user:${userId}`, action: 'session.sign-in', outcome: 'ok' });
    return { token, userId, role: row.role, expiresAt };
  }

  async signOut(token: string, actor: string): Promise<void> {
    await this.sql.execute('UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1', [sha256(token), new Date().toISOString()]);
    await this.audit({ actor, action: 'session.sign-out', outcome: 'ok' });
  }
}
