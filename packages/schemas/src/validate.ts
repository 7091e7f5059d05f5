import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { parseDocId } from './ids';
import { type DocumentOwner, documentType } from './registry';

/**
 * Validation of documents against the contract. Ajv compiles each TypeBox schema once (TypeBox
 * schemas are plain JSON Schema, so the same objects also document the API through OpenAPI).
 */
const ajv = new Ajv({ allErrors: false, strict: false });
const compiled = new Map<string, ValidateFunction>();

function validatorFor(type: string): ValidateFunction | null {
  const cached = compiled.get(type);
  if (cached) return cached;
  const entry = documentType(type);
  if (!entry) return null;
  const validate = ajv.compile(entry.schema);
  compiled.set(type, validate);
  return validate;
}

export interface Invalid {
  ok: false;
  /** Stable: SCHEMA_NOT_OBJECT, SCHEMA_UNKNOWN_TYPE, SCHEMA_WRONG_OWNER, SCHEMA_WRONG_POST, SCHEMA_INVALID, SCHEMA_DELETE_FORBIDDEN */
  code: string;
  message: string;
}
export type DocumentCheck = { ok: true; type: string } | Invalid;

function describe(errors: ErrorObject[] | null | undefined): string {
  const first = errors?.[0];
  if (!first) return 'does not match its schema';
  return `${first.instancePath || '/'} ${first.message ?? 'is invalid'}`;
}

/** Checks a document against the schema of its `type`. Tombstones (`_deleted`) are not checked here. */
export function validateDocument(doc: unknown): DocumentCheck {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return { ok: false, code: 'SCHEMA_NOT_OBJECT', message: 'a document must be a JSON object' };
  }
  const type = (doc as { type?: unknown }).type;
  if (typeof type !== 'string') return { ok: false, code: 'SCHEMA_UNKNOWN_TYPE', message: 'the document has no "type"' };
  const validate = validatorFor(type);
  if (!validate) return { ok: false, code: 'SCHEMA_UNKNOWN_TYPE', message: `unknown document type "${type}"` };
  if (!validate(doc)) return { ok: false, code: 'SCHEMA_INVALID', message: `${type}: ${describe(validate.errors)}` };
  return { ok: true, type };
}

function ownerCheck(doc: unknown, owner: DocumentOwner): DocumentCheck {
  const result = validateDocument(doc);
  if (!result.ok) return result;
  if (documentType(result.type)?.owner !== owner) {
    return { ok: false, code: 'SCHEMA_WRONG_OWNER', message: `${result.type} documents are written by ${owner === 'post' ? 'central' : 'posts'}` };
  }
  return result;
}

/**
 * What central accepts from a station of `postId`: a post-owned type, valid, whose id and `postId`
 * both name that post. Deleting is refused: a post never deletes what it reported (corrections are
 * new revisions), and a tombstone would delete central's copy.
 */
export function checkPostDocument(doc: unknown, postId: string): DocumentCheck {
  if (typeof doc === 'object' && doc !== null && (doc as { _deleted?: unknown })._deleted === true) {
    return { ok: false, code: 'SCHEMA_DELETE_FORBIDDEN', message: 'stations may not delete documents' };
  }
  const result = ownerCheck(doc, 'post');
  if (!result.ok) return result;
  const record = doc as { _id: string; postId: string };
  const parsed = parseDocId(record._id);
  if (record.postId !== postId || parsed?.postId !== postId || parsed.type !== result.type) {
    return { ok: false, code: 'SCHEMA_WRONG_POST', message: `document ${record._id} does not belong to post ${postId}` };
  }
  return result;
}

/** What central itself writes to the reference database (tombstones allowed: central may retract). */
export function checkReferenceDocument(doc: unknown): DocumentCheck {
  if (typeof doc === 'object' && doc !== null && (doc as { _deleted?: unknown })._deleted === true) {
    return { ok: true, type: 'tombstone' };
  }
  const result = ownerCheck(doc, 'central');
  if (!result.ok) return result;
  const record = doc as { _id: string };
  if (parseDocId(record._id)?.type !== result.type) {
    return { ok: false, code: 'SCHEMA_INVALID', message: `id ${record._id} does not start with "${result.type}:"` };
  }
  return result;
}
