import path from 'node:path';
import { BorderpostError } from '@borderpost/common';

export interface ServerConfig {
  /** SQLite file, uuid and everything else live here when `databaseUrl` is null. */
  dataDir: string;
  port: number;
  host: string;
  /** PostgreSQL connection string; null = embedded SQLite in `dataDir`. */
  databaseUrl: string | null;
  /** Largest request body, after gzip decompression (protects against gzip bombs too). */
  bodyLimitBytes: number;
  /** Most documents (or ids) per `_bulk_docs`, `_bulk_get`, `_revs_diff` request. */
  maxBatchDocs: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  enrolCodeTtlMinutes: number;
  /** How long a longpoll `_changes` request waits at most (PouchDB aborts its request after 30+5 s). */
  longpollMaxMs: number;
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new BorderpostError('SERVER_BAD_CONFIG', `${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Configuration from the environment, validated at start: a wrong value stops the server with a
 * clear message instead of surfacing later. Command-line flags (`--data`, `--port`, `--host`) win.
 *
 * BORDERPOST_DATA_DIR, BORDERPOST_PORT (or PORT), BORDERPOST_HOST, DATABASE_URL, BORDERPOST_BODY_LIMIT_MB,
 * BORDERPOST_MAX_BATCH_DOCS, BORDERPOST_LOG_LEVEL, BORDERPOST_ENROL_CODE_TTL_MINUTES, BORDERPOST_LONGPOLL_MAX_MS.
 */
export function loadConfig(env: Env = process.env, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const logLevel = env.BORDERPOST_LOG_LEVEL ?? 'info';
  if (!(LEVELS as readonly string[]).includes(logLevel)) {
    throw new BorderpostError('SERVER_BAD_CONFIG', `BORDERPOST_LOG_LEVEL must be one of ${LEVELS.join(', ')}`);
  }
  const databaseUrl = env.DATABASE_URL && env.DATABASE_URL.length > 0 ? env.DATABASE_URL : null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new BorderpostError('SERVER_BAD_CONFIG', 'DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const config: ServerConfig = {
    dataDir: path.resolve(env.BORDERPOST_DATA_DIR ?? 'borderpost-data'),
    port: integer(env, env.BORDERPOST_PORT !== undefined ? 'BORDERPOST_PORT' : 'PORT', 8420, 0, 65535),
    host: env.BORDERPOST_HOST ?? '127.0.0.1',
    databaseUrl,
    bodyLimitBytes: integer(env, 'BORDERPOST_BODY_LIMIT_MB', 64, 1, 1024) * 1024 * 1024,
    maxBatchDocs: integer(env, 'BORDERPOST_MAX_BATCH_DOCS', 2000, 1, 100_000),
    logLevel: logLevel as ServerConfig['logLevel'],
    enrolCodeTtlMinutes: integer(env, 'BORDERPOST_ENROL_CODE_TTL_MINUTES', 24 * 60, 1, 30 * 24 * 60),
    longpollMaxMs: integer(env, 'BORDERPOST_LONGPOLL_MAX_MS', 25_000, 100, 300_000),
  };
  const merged = { ...config, ...Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined)) } as ServerConfig;
  merged.dataDir = path.resolve(merged.dataDir);
  if (!Number.isInteger(merged.port) || merged.port < 0 || merged.port > 65535) throw new BorderpostError('SERVER_BAD_CONFIG', `port must be 0–65535, got ${merged.port}`);
  return merged;
}
