/**
 * Alert-list documents as agreed in team DOCS.md (the schemas package validates them on the wire).
 * Matching only needs these fields; declared here so this core package depends on nothing else.
 */
export type ListSource = 'csv' | 'json' | 'un-xml' | 'ofac-sdn';

export interface AlertListDoc {
  _id: string; // alert-list:<listId>
  type: 'alert-list';
  listId: string;
  name: string;
  version: number;
  kind: 'person' | 'document' | 'mixed';
  thresholds: { person: number };
  entryCount: number;
  publishedAt: string;
  source: ListSource;
}

export interface PersonName {
  surname: string;
  givenNames: string;
}

export interface AlertPersonDoc {
  _id: string; // alert-person:<listId>:<entryId>
  type: 'alert-person';
  listId: string;
  listVersion: number;
  entryId: string;
  /** First is the primary name, the rest aliases. */
  names: PersonName[];
  /** 'YYYY-MM-DD' | 'YYYY-MM' | 'YYYY' */
  birthDates: string[];
  sex?: 'M' | 'F' | null;
  /** ICAO 3-letter codes. */
  nationalities: string[];
  reason: string;
  instruction: string;
  removed?: boolean;
}

export interface AlertDocumentDoc {
  _id: string; // alert-document:<listId>:<entryId>
  type: 'alert-document';
  listId: string;
  listVersion: number;
  entryId: string;
  issuingState: string;
  documentNumber: string;
  documentType?: string;
  reason: string;
  instruction: string;
  removed?: boolean;
}

export type AlertEntryDoc = AlertPersonDoc | AlertDocumentDoc;
export type AlertDoc = AlertListDoc | AlertEntryDoc;

/** What the post knows about the person in front of the officer (from the MRZ or typed in). */
export interface Traveller {
  surname: string;
  givenNames: string;
  birthDate?: string | null;
  sex?: string | null;
  nationality?: string | null;
  documentNumber?: string | null;
  issuingState?: string | null;
  /** True when the MRZ name field was full, so the last name part may be cut short. */
  nameTruncated?: boolean;
}

export type HitKind = 'person' | 'document' | 'document-possible';

/** How a traveller's name part relates to the listed one (`spelling-variant`: same name class, e.g. MOHAMED/MUHAMMAD). */
export type NameReasonRelation = 'exact' | 'spelling-variant' | 'sounds-alike' | 'spelling' | 'initial' | 'truncated';
export type BirthDateReasonRelation =
  | 'exact' | 'year' | 'day-month-swapped' | 'same-year-other-day' | 'one-year' | 'one-year-other-day' | 'different' | 'no-list-date' | 'no-traveller-date';

/**
 * Why a hit matched, as data, so a user interface can say it in the officer's language (the
 * `explanation` string is the same thing in English for logs and the command line).
 * Names are as read (MRZ Latin); dates are 'YYYY-MM-DD' | 'YYYY-MM' | 'YYYY'.
 */
export type MatchReason =
  | { kind: 'alias'; index: number }
  | { kind: 'name'; travellerName: string; listName: string; relation: NameReasonRelation; nameClass?: string }
  | { kind: 'name-unmatched'; side: 'traveller' | 'list'; names: string }
  | { kind: 'birth-date'; relation: BirthDateReasonRelation; traveller?: string; list?: string }
  | { kind: 'sex'; relation: 'different'; traveller: string; list: string }
  | { kind: 'nationality'; relation: 'same' | 'different'; traveller: string; list: string[] }
  | { kind: 'common-name' }
  | {
      kind: 'document';
      relation: 'exact' | 'possible';
      documentType?: string;
      travellerState: string;
      travellerNumber: string;
      listState: string;
      listNumber: string;
      /** OCR-confusable characters that differ, 1-based positions. */
      differences: { position: number; traveller: string; list: string }[];
      stateDiffers: boolean;
    };

export interface Hit {
  /** Document id of the list entry (`alert-person:…` / `alert-document:…`). */
  id: string;
  score: number;
  kind: HitKind;
  explanation: string;
  /** The explanation as data (see MatchReason). */
  reasons: MatchReason[];
  listId: string;
  instruction: string;
}

export const DEFAULT_PERSON_THRESHOLD = 0.8;

export function personDocId(listId: string, entryId: string): string {
  return `alert-person:${listId}:${entryId}`;
}
export function documentDocId(listId: string, entryId: string): string {
  return `alert-document:${listId}:${entryId}`;
}
export function listDocId(listId: string): string {
  return `alert-list:${listId}`;
}
