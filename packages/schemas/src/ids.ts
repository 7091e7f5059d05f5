import { BorderpostError } from '@borderpost/common';
import { monotonicFactory } from 'ulid';

/**
 * Document ids carry their origin and sort by time (design: "Data: documents with one owner each"):
 * `crossing:<postId>:<ulid>`. Two stations never mint the same id because the ULID's 80 random bits
 * follow the millisecond timestamp; within one process the factory is monotonic, so ids minted in the
 * same millisecond still sort in creation order.
 */

/** Lower-case letters, digits and dashes; no `:` (the id separator) and usable in a database name. */
export const POST_ID_PATTERN = '^[a-z0-9][a-z0-9-]{0,39}$';
const postIdRegExp = new RegExp(POST_ID_PATTERN);
/** Crockford base32, 26 characters. */
export const ULID_PATTERN = '[0-9A-HJKMNP-TV-Z]{26}';
const ulidRegExp = new RegExp(`^${ULID_PATTERN}$`);

export const REFERENCE_DATABASE = 'reference';
const POST_DATABASE_PREFIX = 'post-';

export function isValidPostId(postId: string): boolean {
  return postIdRegExp.test(postId);
}

export function assertPostId(postId: string): void {
  if (!isValidPostId(postId)) {
    throw new BorderpostError('SCHEMA_BAD_POST_ID', `post id "${postId}" must match ${POST_ID_PATTERN}`);
  }
}

/** `post-<postId>`: the database a post writes and pushes to central. */
export function postDatabaseName(postId: string): string {
  assertPostId(postId);
  return POST_DATABASE_PREFIX + postId;
}

/** The post id of a `post-<postId>` database name, or null for any other name. */
export function postIdOfDatabase(name: string): string | null {
  if (!name.startsWith(POST_DATABASE_PREFIX)) return null;
  const postId = name.slice(POST_DATABASE_PREFIX.length);
  return isValidPostId(postId) ? postId : null;
}

const nextUlid = monotonicFactory();

/** A new ULID; `now` (ms) and `random` are injectable for reproducible examples and tests. */
export function newUlid(now: number = Date.now(), random?: () => number): string {
  return random ? monotonicFactory(random)(now) : nextUlid(now);
}

/** Post-owned document types whose id is `<type>:<postId>:<ulid>`. */
export type PostScopedType = 'crossing' | 'traveller' | 'audit' | 'inspection-note';

/** `crossing:<postId>:<ulid>` and friends. */
export function newPostDocId(type: PostScopedType, postId: string, ulid: string = newUlid()): string {
  assertPostId(postId);
  return `${type}:${postId}:${ulid}`;
}

/** `device-health:<postId>:<stationId>:<ulid>`. */
export function newDeviceHealthId(postId: string, stationId: string, ulid: string = newUlid()): string {
  assertPostId(postId);
  return `device-health:${postId}:${stationId}:${ulid}`;
}

export interface ParsedDocId {
  type: string;
  /** The owning post for post-written documents, null for reference documents. */
  postId: string | null;
  /** The remaining parts after type (and post id, when present). */
  rest: string[];
  /** Creation time encoded in the ULID, when the id ends with one. */
  createdAt: Date | null;
}

const POST_SCOPED = new Set(['crossing', 'traveller', 'audit', 'inspection-note', 'device-health']);

/** Splits an id into its parts; null when it has no `type:` prefix. */
export function parseDocId(id: string): ParsedDocId | null {
  const parts = id.split(':');
  if (parts.length < 2 || parts.some((part) => part.length === 0)) return null;
  const [type, ...rest] = parts as [string, ...string[]];
  const postId = POST_SCOPED.has(type) ? rest.shift() ?? null : null;
  if (POST_SCOPED.has(type) && (postId === null || !isValidPostId(postId))) return null;
  const last = rest[rest.length - 1];
  const createdAt = last !== undefined && ulidRegExp.test(last) ? new Date(decodeUlidTime(last)) : null;
  return { type, postId, rest, createdAt };
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function decodeUlidTime(ulid: string): number {
  let time = 0;
  for (const char of ulid.slice(0, 10)) time = time * 32 + CROCKFORD.indexOf(char);
  return time;
}
