import { type Result, err, ok } from '@borderpost/common';
import { type Events, type Locale, type PostRef, type Role, type SessionInfo, type SignInArgs } from '@borderpost/contract';
import { type Clock, systemClock } from '@borderpost/sync';
import { IdleTimer } from './idle';
import { type SignInDeps, signInOffline } from './sign-in';

export interface SessionAuditEntry {
  action: 'session.sign-in' | 'session.sign-out';
  actorId: string;
  outcome: 'ok' | 'denied' | 'failed';
  details: Record<string, string | number | boolean | null>;
}

export interface OfficerSessionsOptions extends Omit<SignInDeps, 'clock'> {
  clock?: Clock;
  idle: { timeoutMs: number; warningMs: number };
  /** Session events for the UI (`session.idleWarning`, `session.ended`). */
  emit: <E extends 'session.idleWarning' | 'session.ended'>(event: E, payload: Events[E]) => void;
  /** Every sign-in attempt and sign-out becomes an audit document owned by the post (written by the caller). */
  audit: (entry: SessionAuditEntry) => void;
  /** Display names of posts, for the session's post list. */
  postName?: (postId: string) => string;
  defaultLocale?: Locale;
}

/**
 * The signed-in officer at this workstation: offline sign-in, idle sign-out with a warning, sign-out,
 * and the roles the contract's dispatcher checks. One officer at a time — a new sign-in ends the
 * previous session.
 */
export class OfficerSessions {
  private readonly clock: Clock;
  private session: SessionInfo | null = null;
  private idle: IdleTimer | null = null;

  constructor(private readonly options: OfficerSessionsOptions) {
    this.clock = options.clock ?? systemClock;
    // Validate the idle configuration now rather than at the first sign-in.
    new IdleTimer({ ...options.idle, clock: this.clock, onWarning: () => undefined, onTimeout: () => undefined });
  }

  async signIn(args: SignInArgs): Promise<Result<SessionInfo>> {
    const username = typeof args?.username === 'string' ? args.username.trim() : '';
    const result = await signInOffline({ ...this.options, clock: this.clock }, username, args?.password);
    if (!result.ok) {
      this.options.audit({ action: 'session.sign-in', actorId: username.slice(0, 80) || '(empty)', outcome: 'denied', details: { code: result.error.code } });
      return result;
    }
    if (this.session) this.end('signed-out');
    const { user, signedInAt } = result.value;
    const postName = this.options.postName ?? ((postId: string) => postId);
    const posts: PostRef[] = user.posts.map((postId) => ({ postId, name: postName(postId) }));
    this.session = {
      officerId: user.userId,
      username: user.userId,
      displayName: user.name,
      roles: [...user.roles] as Role[],
      posts,
      locale: args.locale ?? this.options.defaultLocale ?? 'en',
      signedInAt,
      idleTimeoutMs: this.options.idle.timeoutMs,
      offline: true,
    };
    this.idle = new IdleTimer({
      ...this.options.idle,
      clock: this.clock,
      onWarning: (warning) => this.options.emit('session.idleWarning', warning),
      onTimeout: () => this.end('idle'),
    });
    this.idle.start();
    this.options.audit({ action: 'session.sign-in', actorId: user.userId, outcome: 'ok', details: { postId: this.options.stationPostId } });
    return ok(this.session);
  }

  signOut(): Result<null> {
    if (!this.session) return err({ code: 'SESSION_REQUIRED', message: 'nobody is signed in' });
    this.end('signed-out');
    return ok(null);
  }

  /** Officer activity (the UI calls `session.touch`, throttled). */
  touch(): Result<null> {
    if (!this.session || !this.idle) return err({ code: 'SESSION_REQUIRED', message: 'nobody is signed in' });
    this.idle.touch();
    return ok(null);
  }

  current(): SessionInfo | null {
    return this.session;
  }

  /** For `createDispatcher({ currentRoles })`. */
  roles(): Role[] | null {
    return this.session ? this.session.roles : null;
  }

  private end(reason: 'signed-out' | 'idle'): void {
    const session = this.session;
    if (!session) return;
    this.idle?.stop();
    this.idle = null;
    this.session = null;
    this.options.audit({ action: 'session.sign-out', actorId: session.officerId, outcome: 'ok', details: { reason } });
    this.options.emit('session.ended', { reason });
  }
}
