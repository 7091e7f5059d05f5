import { BorderpostError } from '@borderpost/common';
import { type ImportedList, ListCollector, type ListOptions, checkListOptions } from './common';

/**
 * Borderpost list JSON (documented in the README):
 * `{ "persons": [{ entryId, names: [{surname, givenNames}], birthDates, sex, nationalities, reason, instruction }],
 *    "documents": [{ entryId, issuingState, documentNumber, documentType, reason, instruction }] }`
 * plus optional `listId`, `name`, `version`, `threshold` that command-line options override.
 */
export interface JsonListFile {
  listId?: string;
  name?: string;
  version?: number;
  threshold?: number;
  persons?: unknown[];
  documents?: unknown[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}
function strings(v: unknown): string[] | null {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null;
}

export function parseJsonListFile(text: string): JsonListFile {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new BorderpostError('MATCH_FILE_BAD_FORMAT', `not a readable JSON file: ${(error as Error).message}`, undefined, { cause: error });
  }
  if (!isRecord(value) || (value.persons !== undefined && !Array.isArray(value.persons)) || (value.documents !== undefined && !Array.isArray(value.documents))) {
    throw new BorderpostError('MATCH_FILE_BAD_FORMAT', 'a JSON list is an object with "persons" and/or "documents" arrays');
  }
  if (value.persons === undefined && value.documents === undefined) throw new BorderpostError('MATCH_FILE_EMPTY', 'the JSON list has neither "persons" nor "documents"');
  return value as JsonListFile;
}

export function importJsonList(text: string, options: ListOptions): ImportedList {
  checkListOptions(options);
  const file = parseJsonListFile(text);
  const collector = new ListCollector(options);
  (file.persons ?? []).forEach((p, index) => {
    const row = `persons[${index}]`;
    if (!isRecord(p)) return collector.error(row, 'MATCH_ROW_NOT_OBJECT', 'each person must be an object');
    const names = Array.isArray(p.names) ? p.names : null;
    if (names === null || !names.every((n) => isRecord(n))) return collector.error(row, 'MATCH_ROW_NO_NAME', '"names" must be an array of {surname, givenNames}');
    const birthDates = strings(p.birthDates);
    const nationalities = strings(p.nationalities);
    if (birthDates === null) return collector.error(row, 'MATCH_ROW_BAD_DATE', '"birthDates" must be an array of strings');
    if (nationalities === null) return collector.error(row, 'MATCH_ROW_BAD_COUNTRY', '"nationalities" must be an array of strings');
    const sex = p.sex === undefined || p.sex === null || p.sex === 'X' ? null : p.sex;
    if (sex !== null && sex !== 'M' && sex !== 'F') return collector.error(row, 'MATCH_ROW_BAD_SEX', `sex must be M, F, X or null, got ${JSON.stringify(p.sex)}`);
    collector.addPerson(row, {
      entryId: str(p.entryId),
      names: (names as Record<string, unknown>[]).map((n) => ({ surname: str(n.surname), givenNames: str(n.givenNames) })),
      birthDates, sex, nationalities: nationalities.map((n) => n.toUpperCase()),
      reason: str(p.reason), instruction: str(p.instruction),
    });
  });
  (file.documents ?? []).forEach((d, index) => {
    const row = `documents[${index}]`;
    if (!isRecord(d)) return collector.error(row, 'MATCH_ROW_NOT_OBJECT', 'each document must be an object');
    collector.addDocument(row, {
      entryId: str(d.entryId), issuingState: str(d.issuingState), documentNumber: str(d.documentNumber),
      documentType: str(d.documentType), reason: str(d.reason), instruction: str(d.instruction),
    });
  });
  return collector.finish('json');
}
