import { BorderpostError } from '@borderpost/common';
import { type Clock, systemClock } from '@borderpost/sync';

export interface LockoutPolicy {
  /** This many failed sign-ins within `windowMs` lock the account at this station. */
  maxFailures: number;
  windowMs: number;
  /** How long the lock lasts. */
  lockMs: number;
}

export const defaultLockoutPolicy: LockoutPolicy = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

export type LockoutStatus = { locked: false; failuresInWindow: number } | { locked: true; until: string };

/** Plain JSON, so the runtime can persist it: restarting the app must not reset a lock. */
export type LockoutSnapshot = Record<string, { failures: number[]; lockedUntil: number | null }>;

/**
 * Counts failed sign-ins per user name (case-insensitive) in a sliding window and locks the name for a
 * while once there are too many — offline, a stolen laptop's password guesses meet no server to stop them.
 * Unknown user names are tracked like known ones, so a lock does not reveal which names exist.
 */
export class LockoutTracker {
  private readonly entries = new Map<string, { failures: number[]; lockedUntil: number | null }>();

  constructor(
    private readonly policy: LockoutPolicy = defaultLockoutPolicy,
    private readonly clock: Clock = systemClock,
  ) {
    for (const [name, value] of Object.entries(policy)) {
      if (!Number.isInteger(value) || value < 1) throw new BorderpostError('AUTH_BAD_CONFIG', `lockout ${name} must be a positive integer`, { [name]: value });
    }
  }

  static key(username: string): string {
    return username.trim().normalize('NFC').toLowerCase();
  }

  status(username: string): LockoutStatus {
    const entry = this.entries.get(LockoutTracker.key(username));
    const now = this.clock.now();
    if (entry?.lockedUntil != null && entry.lockedUntil > now) return { locked: true, until: new Date(entry.lockedUntil).toISOString() };
    return { locked: false, failuresInWindow: entry ? entry.failures.filter((at) => at > now - this.policy.windowMs).length : 0 };
  }

  /** Records a failure; returns the resulting status (locked when this failure was one too many). */
  recordFailure(username: string): LockoutStatus {
    const key = LockoutTracker.key(username);
    const now = this.clock.now();
    const entry = this.entries.get(key) ?? { failures: [], lockedUntil: null };
    if (entry.lockedUntil !== null && entry.lockedUntil <= now) entry.lockedUntil = null;
    entry.failures = [...entry.failures.filter((at) => at > now - this.policy.windowMs), now].slice(-this.policy.maxFailures);
    if (entry.failures.length >= this.policy.maxFailures) {
      entry.lockedUntil = now + this.policy.lockMs;
      entry.failures = [];
    }
    this.entries.set(key, entry);
    return this.status(username);
  }

  recordSuccess(username: string): void {
    this.entries.delete(LockoutTracker.key(username));
  }

  snapshot(): LockoutSnapshot {
    return Object.fromEntries([...this.entries].map(([key, value]) => [key, { failures: [...value.failures], lockedUntil: value.lockedUntil }]));
  }

  /** Restores a snapshot; malformed entries are skipped rather than trusted. */
  restore(snapshot: unknown): void {
    if (typeof snapshot !== 'object' || snapshot === null) return;
    for (const [key, value] of Object.entries(snapshot as Record<string, unknown>)) {
      const candidate = value as { failures?: unknown; lockedUntil?: unknown } | null;
      if (!candidate || !Array.isArray(candidate.failures) || !candidate.failures.every((n) => typeof n === 'number')) continue;
      const lockedUntil = typeof candidate.lockedUntil === 'number' ? candidate.lockedUntil : null;
      this.entries.set(key, { failures: candidate.failures as number[], lockedUntil });
    }
  }
}
