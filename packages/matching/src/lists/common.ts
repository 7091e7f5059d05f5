import { BorderpostError } from '@borderpost/common';
import { parsePartialDate } from '../score/dates';
import {
  type AlertDocumentDoc, type AlertEntryDoc, type AlertListDoc, type AlertPersonDoc, DEFAULT_PERSON_THRESHOLD,
  type ListSource, type PersonName, documentDocId, listDocId, personDocId,
} from '../types';

/** One problem with one row of a list file. Codes are stable (`MATCH_ROW_…`). */
export interface RowIssue {
  /** 1-based row (CSV line, XML record index) or the record's own id. */
  row: number | string;
  severity: 'error' | 'warning';
  code: string;
  message: string;
}

export interface ListOptions {
  listId: string;
  name?: string;
  version: number;
  /** Score at and above which a person hit alerts (0..1); per list. */
  threshold?: number;
  publishedAt?: string;
}

export interface ImportedList {
  list: AlertListDoc;
  entries: AlertEntryDoc[];
  issues: RowIssue[];
}

const ID = /^[A-Za-z0-9._-]{1,120}$/;

export function checkListOptions(options: ListOptions): void {
  if (!ID.test(options.listId)) throw new BorderpostError('MATCH_BAD_LIST_ID', `list id must match ${ID.source}: ${JSON.stringify(options.listId)}`);
  if (!Number.isInteger(options.version) || options.version < 1) throw new BorderpostError('MATCH_BAD_LIST_VERSION', `list version must be an integer ≥ 1, got ${options.version}`);
  if (options.threshold !== undefined && !(options.threshold >= 0 && options.threshold <= 1)) {
    throw new BorderpostError('MATCH_BAD_THRESHOLD', `threshold must be within 0..1, got ${options.threshold}`);
  }
}

/** Entry ids become part of document ids: keep to the agreed id alphabet. */
export function sanitiseEntryId(raw: string): string {
  return raw.trim().replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 120);
}

export interface PersonFields {
  entryId: string;
  names: PersonName[];
  birthDates: string[];
  sex: 'M' | 'F' | null;
  nationalities: string[];
  reason: string;
  instruction: string;
}

export interface DocumentFields {
  entryId: string;
  issuingState: string;
  documentNumber: string;
  documentType?: string;
  reason: string;
  instruction: string;
}

/** Collects entries, rejecting bad ones with a row issue; ids must be unique within the list. */
export class ListCollector {
  readonly entries: AlertEntryDoc[] = [];
  readonly issues: RowIssue[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly options: ListOptions) {}

  error(row: number | string, code: string, message: string): void {
    this.issues.push({ row, severity: 'error', code, message });
  }

  warning(row: number | string, code: string, message: string): void {
    this.issues.push({ row, severity: 'warning', code, message });
  }

  private claimId(row: number | string, kind: string, entryId: string): boolean {
    if (!ID.test(entryId)) {
      this.error(row, 'MATCH_ROW_BAD_ID', `entry id ${JSON.stringify(entryId)} must match ${ID.source}`);
      return false;
    }
    if (this.seen.has(`${kind}:${entryId}`)) {
      this.error(row, 'MATCH_ROW_DUPLICATE_ID', `entry id ${entryId} appears more than once`);
      return false;
    }
    this.seen.add(`${kind}:${entryId}`);
    return true;
  }

  addPerson(row: number | string, fields: PersonFields): void {
    const names = fields.names
      .map((n) => ({ surname: n.surname.trim(), givenNames: n.givenNames.trim() }))
      .filter((n) => n.surname.length > 0 || n.givenNames.length > 0);
    if (names.length === 0) return this.error(row, 'MATCH_ROW_NO_NAME', 'a person entry needs at least one name');
    if (names.some((n) => n.surname.length > 200 || n.givenNames.length > 200)) return this.error(row, 'MATCH_ROW_NAME_TOO_LONG', 'names are limited to 200 characters');
    for (const date of fields.birthDates) {
      const parsed = parsePartialDate(date);
      if (parsed === null || parsed.year < 1880 || parsed.year > 2100) {
        return this.error(row, 'MATCH_ROW_BAD_DATE', `birth date ${JSON.stringify(date)} is not YYYY, YYYY-MM or YYYY-MM-DD`);
      }
    }
    for (const code of fields.nationalities) {
      if (!/^[A-Z]{3}$/.test(code)) return this.error(row, 'MATCH_ROW_BAD_COUNTRY', `nationality ${JSON.stringify(code)} is not a 3-letter code`);
    }
    if (!this.claimId(row, 'person', fields.entryId)) return;
    const doc: AlertPersonDoc = {
      _id: personDocId(this.options.listId, fields.entryId),
      type: 'alert-person',
      listId: this.options.listId,
      listVersion: this.options.version,
      entryId: fields.entryId,
      names,
      birthDates: [...new Set(fields.birthDates)],
      sex: fields.sex,
      nationalities: [...new Set(fields.nationalities)],
      reason: fields.reason.slice(0, 4000),
      instruction: fields.instruction.slice(0, 4000),
    };
    this.entries.push(doc);
  }

  addDocument(row: number | string, fields: DocumentFields): void {
    const number = fields.documentNumber.trim();
    if (number.length === 0 || number.length > 30) return this.error(row, 'MATCH_ROW_BAD_DOCUMENT_NUMBER', `document number ${JSON.stringify(number)} must have 1 to 30 characters`);
    const state = fields.issuingState.trim().toUpperCase();
    if (!/^[A-Z<]{1,3}$/.test(state)) return this.error(row, 'MATCH_ROW_BAD_COUNTRY', `issuing state ${JSON.stringify(fields.issuingState)} is not an ICAO code`);
    if (!this.claimId(row, 'document', fields.entryId)) return;
    const doc: AlertDocumentDoc = {
      _id: documentDocId(this.options.listId, fields.entryId),
      type: 'alert-document',
      listId: this.options.listId,
      listVersion: this.options.version,
      entryId: fields.entryId,
      issuingState: state,
      documentNumber: number,
      reason: fields.reason.slice(0, 4000),
      instruction: fields.instruction.slice(0, 4000),
    };
    if (fields.documentType !== undefined && fields.documentType.length > 0) doc.documentType = fields.documentType.slice(0, 200);
    this.entries.push(doc);
  }

  finish(source: ListSource): ImportedList {
    const persons = this.entries.some((e) => e.type === 'alert-person');
    const documents = this.entries.some((e) => e.type === 'alert-document');
    const list: AlertListDoc = {
      _id: listDocId(this.options.listId),
      type: 'alert-list',
      listId: this.options.listId,
      name: (this.options.name ?? this.options.listId).slice(0, 200),
      version: this.options.version,
      kind: persons && documents ? 'mixed' : documents ? 'document' : 'person',
      thresholds: { person: this.options.threshold ?? DEFAULT_PERSON_THRESHOLD },
      entryCount: this.entries.length,
      publishedAt: this.options.publishedAt ?? new Date().toISOString(),
      source,
    };
    return { list, entries: this.entries, issues: this.issues };
  }
}

/**
 * A list with bad rows is refused as a whole unless the caller accepts skipping them: a screening
 * list silently missing an entry is worse than yesterday's list.
 */
export function assertNoRowErrors(imported: ImportedList): void {
  const errors = imported.issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) {
    throw new BorderpostError('MATCH_LIST_BAD_ROWS', `${errors.length} bad row(s) in list ${imported.list.listId}; nothing was changed`, {
      errors: errors.slice(0, 100),
    });
  }
}
