export {
  hashPassword,
  verifyPassword,
  parsePasswordHash,
  needsRehash,
  defaultScryptParams,
  type ScryptParams,
  type ParsedPasswordHash,
} from './auth/password';
export { LockoutTracker, defaultLockoutPolicy, type LockoutPolicy, type LockoutStatus, type LockoutSnapshot } from './auth/lockout';
export { IdleTimer, type IdleTimerOptions } from './auth/idle';
export { canWorkAt, assertCanWorkAt, type UserRecord } from './auth/posts';
export { signInOffline, type SignInDeps, type SignedIn } from './auth/sign-in';
export { OfficerSessions, type OfficerSessionsOptions, type SessionAuditEntry } from './auth/session';
export { placeholderHandlers } from './placeholder';
export { syncService } from './services/sync-service';
export { sessionService } from './services/session-service';
export { FileSecretStore, type SecretStore, type SecretCodec, type StationBundleKeys, type StationSecrets } from './station/secret-store';
export { enrolStation, type EnrolOptions } from './station/enrol';
