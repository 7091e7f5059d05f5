import type { Traveller } from '@borderpost/matching';

/** The document fields the alert index is asked about (a capture's document check, or a saved crossing). */
export interface AlertTravellerFields {
  surname: string;
  givenNames: string;
  birthDate: string;
  sex: string;
  nationality: string;
  documentNumber: string;
  issuingState: string;
}

/**
 * The traveller as the alert index sees them: what the alert check queries with, and what the traveller
 * history counts — one mapping for the capture (live) and the start-up backfill (saved crossings), so a
 * crossing counts the same whichever path counted it.
 */
export function alertTraveller(fields: AlertTravellerFields, nameTruncated: boolean): Traveller {
  const f = fields;
  return { surname: f.surname, givenNames: f.givenNames, birthDate: f.birthDate, sex: f.sex, nationality: f.nationality, documentNumber: f.documentNumber, issuingState: f.issuingState, nameTruncated };
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * The traveller of a saved crossing document, or null for anything else. The crossing keeps the
 * traveller's fields and the document's number and state, not whether the MRZ name field was full:
 * `nameTruncated` only steers the scorer's name alignment, the traveller counts do not use it.
 */
export function travellerOfCrossing(doc: unknown): Traveller | null {
  if (typeof doc !== 'object' || doc === null) return null;
  const d = doc as { type?: unknown; traveller?: unknown; document?: unknown };
  if (d.type !== 'crossing' || typeof d.traveller !== 'object' || d.traveller === null) return null;
  const t = d.traveller as Record<string, unknown>;
  const document = (typeof d.document === 'object' && d.document !== null ? d.document : {}) as Record<string, unknown>;
  return alertTraveller(
    {
      surname: text(t.surname),
      givenNames: text(t.givenNames),
      birthDate: text(t.birthDate),
      sex: text(t.sex),
      nationality: text(t.nationality),
      documentNumber: text(document.documentNumber),
      issuingState: text(document.issuingState),
    },
    false,
  );
}
