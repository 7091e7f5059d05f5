import { BorderpostError, type Result, err, ok } from '@borderpost/common';
import { type Clock, systemClock } from '@borderpost/sync';
import { type LockoutTracker } from './lockout';
import { type UserRecord, canWorkAt } from './posts';
import { hashPassword, verifyPassword } from './password';

export interface SignInDeps {
  /** The replicated user document for a user name, or null. */
  findUser: (username: string) => Promise<UserRecord | null>;
  /** False until the station has pulled reference data once: the first sign-in of a new station needs a link. */
  hasReferenceData: () => Promise<boolean>;
  /** The post this station belongs to (from enrolment). */
  stationPostId: string;
  lockout: LockoutTracker;
  clock?: Clock;
}

export interface SignedIn {
  user: UserRecord;
  signedInAt: string;
}

/**
 * A hash of a random password, verified when the user name is unknown so that an unknown name costs the
 * same time as a wrong password (no user-name probing by timing). Computed once, lazily.
 */
let decoyHash: Promise<string> | null = null;
function decoy(): Promise<string> {
  decoyHash ??= hashPassword(`decoy-${Math.random()}`);
  return decoyHash;
}

const credentialsRejected = () => err<SignedIn>({ code: 'AUTH_BAD_CREDENTIALS', message: 'user name or password is wrong' });

/**
 * Offline sign-in against replicated user documents. Order matters:
 * 1. a locked name is refused before any password is checked (AUTH_LOCKED, with until when);
 * 2. wrong password or unknown name → one failure (same message, same cost);
 * 3. right password but disabled account or a post not assigned → refused, not counted as a guess;
 * 4. success clears the failure count.
 * Every outcome is a Result; the caller writes the audit document.
 */
export async function signInOffline(deps: SignInDeps, username: string, password: string): Promise<Result<SignedIn>> {
  const clock = deps.clock ?? systemClock;
  if (typeof username !== 'string' || username.trim() === '' || username.length > 120 || typeof password !== 'string') {
    return credentialsRejected();
  }
  if (!(await deps.hasReferenceData())) {
    return err({ code: 'AUTH_NEEDS_LINK', message: 'this station has no user data yet: the first sign-in needs a link to central' });
  }
  const status = deps.lockout.status(username);
  if (status.locked) return err({ code: 'AUTH_LOCKED', message: `too many failed sign-ins; try again after ${status.until}`, details: { until: status.until } });

  const user = await deps.findUser(username.trim());
  let matches = false;
  try {
    matches = await verifyPassword(password, user ? user.passwordHash : await decoy());
  } catch (error) {
    if (error instanceof BorderpostError && error.code === 'AUTH_BAD_HASH') {
      // The replicated document is broken: not the officer's fault, not a guess. Say so plainly.
      return err({ code: 'AUTH_BAD_HASH', message: `the stored credentials of ${username} are unreadable; ask central to reset the password` });
    }
    throw error;
  }
  if (!user || !matches) {
    const after = deps.lockout.recordFailure(username);
    if (after.locked) return err({ code: 'AUTH_LOCKED', message: `too many failed sign-ins; try again after ${after.until}`, details: { until: after.until } });
    return credentialsRejected();
  }
  if (user.disabled) return err({ code: 'AUTH_ACCOUNT_DISABLED', message: 'this account is disabled' });
  if (!canWorkAt(user, deps.stationPostId)) {
    return err({ code: 'AUTH_POST_NOT_ASSIGNED', message: `${user.name} is not assigned to this post`, details: { postId: deps.stationPostId } });
  }
  deps.lockout.recordSuccess(username);
  return ok({ user, signedInAt: new Date(clock.now()).toISOString() });
}
