import { BorderpostError } from '@borderpost/common';
import { type Clock, systemClock } from '@borderpost/sync';

export interface IdleTimerOptions {
  clock?: Clock;
  /** Sign out after this long without activity. */
  timeoutMs: number;
  /** Warn this long before signing out (the UI shows a countdown; any activity cancels it). */
  warningMs: number;
  onWarning: (warning: { signOutAt: string; remainingMs: number }) => void;
  onTimeout: () => void;
}

/**
 * Idle sign-out for a shared workstation: after `timeoutMs - warningMs` without activity a warning event,
 * then sign-out at `timeoutMs`. `touch()` (any officer activity) starts the count again. One timer at a
 * time, so there is never a stale warning after activity.
 */
export class IdleTimer {
  private readonly clock: Clock;
  private timer: unknown = null;
  private lastActivity = 0;
  private running = false;

  constructor(private readonly options: IdleTimerOptions) {
    this.clock = options.clock ?? systemClock;
    const { timeoutMs, warningMs } = options;
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1000) throw new BorderpostError('AUTH_BAD_CONFIG', 'idle timeout must be at least 1000 ms', { timeoutMs });
    if (!Number.isInteger(warningMs) || warningMs < 0 || warningMs >= timeoutMs) {
      throw new BorderpostError('AUTH_BAD_CONFIG', 'idle warning must be shorter than the idle timeout', { warningMs, timeoutMs });
    }
  }

  start(): void {
    this.running = true;
    this.touch();
  }

  /** Activity: the officer is still there. */
  touch(): void {
    if (!this.running) return;
    this.lastActivity = this.clock.now();
    this.arm(this.options.timeoutMs - this.options.warningMs, 'warn');
  }

  stop(): void {
    this.running = false;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** When the session will end if nothing happens (ISO), or null when stopped. */
  signOutAt(): string | null {
    return this.running ? new Date(this.lastActivity + this.options.timeoutMs).toISOString() : null;
  }

  private arm(delayMs: number, next: 'warn' | 'timeout'): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      if (!this.running) return;
      if (next === 'warn' && this.options.warningMs > 0) {
        const signOutAt = this.lastActivity + this.options.timeoutMs;
        this.arm(signOutAt - this.clock.now(), 'timeout');
        this.options.onWarning({ signOutAt: new Date(signOutAt).toISOString(), remainingMs: signOutAt - this.clock.now() });
        return;
      }
      this.running = false;
      this.options.onTimeout();
    }, Math.max(0, delayMs));
  }
}
