import { cleanDocumentNumber, type Normaliser } from './names/transliterate';
import { normaliseCountry } from './prepare';
import type { MatchReason } from './types';

export interface DocumentKey {
  issuingState: string;
  number: string;
  folded: string;
}

export function documentKey(issuingState: string, documentNumber: string, normaliser: Normaliser): DocumentKey {
  const number = cleanDocumentNumber(documentNumber);
  return {
    issuingState: normaliseCountry(issuingState) ?? issuingState.toUpperCase().replace(/[^A-Z]/g, ''),
    number,
    folded: normaliser.foldDocumentNumber(number),
  };
}

export interface DocumentComparison {
  kind: 'exact' | 'possible' | 'none';
  differences: { position: number; traveller: string; listed: string }[];
  stateDiffers: boolean;
}

/**
 * Exact on (issuing state, number) as in INTERPOL SLTD; "possible" when the numbers are equal after
 * folding OCR-confusable characters (O/0, I/1, S/5 …), with the positions that differ, so the officer
 * can look at the document.
 */
export function compareDocuments(traveller: DocumentKey, listed: DocumentKey): DocumentComparison {
  const stateDiffers = traveller.issuingState !== listed.issuingState;
  if (traveller.number === listed.number && !stateDiffers) return { kind: 'exact', differences: [], stateDiffers };
  if (traveller.folded !== listed.folded) return { kind: 'none', differences: [], stateDiffers };
  const differences: DocumentComparison['differences'] = [];
  if (traveller.number.length === listed.number.length) {
    for (let i = 0; i < listed.number.length; i += 1) {
      if (traveller.number[i] !== listed.number[i]) differences.push({ position: i + 1, traveller: traveller.number[i]!, listed: listed.number[i]! });
    }
  }
  return { kind: 'possible', differences, stateDiffers };
}

export function explainDocument(traveller: DocumentKey, listed: DocumentKey, comparison: DocumentComparison, documentType?: string): string {
  const what = documentType !== undefined && documentType.length > 0 ? documentType : 'document';
  if (comparison.kind === 'exact') return `${what} ${listed.issuingState} ${listed.number} is on the list`;
  const parts = [`${what} ${traveller.issuingState} ${traveller.number} ≈ ${listed.issuingState} ${listed.number}`];
  for (const d of comparison.differences) parts.push(`${d.traveller} read where the list has ${d.listed} at position ${d.position}`);
  if (comparison.stateDiffers) parts.push(`issuing state ${traveller.issuingState} ≠ ${listed.issuingState}`);
  return parts.join(', ') + ' (possible: check the document)';
}

/** explainDocument as data; empty when the documents do not match. */
export function documentReasons(traveller: DocumentKey, listed: DocumentKey, comparison: DocumentComparison, documentType?: string): MatchReason[] {
  if (comparison.kind === 'none') return [];
  return [
    {
      kind: 'document',
      relation: comparison.kind,
      ...(documentType !== undefined && documentType.length > 0 ? { documentType } : {}),
      travellerState: traveller.issuingState,
      travellerNumber: traveller.number,
      listState: listed.issuingState,
      listNumber: listed.number,
      differences: comparison.differences.map((d) => ({ position: d.position, traveller: d.traveller, list: d.listed })),
      stateDiffers: comparison.stateDiffers,
    },
  ];
}
