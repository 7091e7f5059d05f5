import { foldDocumentNumber, transliterate } from '@borderpost/mrz';

/**
 * Name and document-number normalisation behind a small interface. The default is the MRZ engine's
 * own ICAO 9303 Part 3 transliteration and confusion fold, so list names and passport names are
 * reduced by exactly the same rules; tests or other deployments may inject another.
 */
export interface Normaliser {
  /** Any script → uppercase A–Z and single spaces, ICAO 9303 Part 3 style. */
  transliterate(name: string): string;
  /** Document number → confusion-folded key (O→0, I→1, …) for "possible" document hits. */
  foldDocumentNumber(value: string): string;
}

/**
 * Digits never occur in names; in an MRZ name they are OCR misreads of the letters they resemble
 * (mrz.md §11: 0/O 1/I 2/Z 5/S 6/G 8/B, plus 4/A). The ICAO transliteration drops digits, which
 * would cut M0HAMED into M HAMED, so they are turned back into letters first.
 */
const NAME_DIGITS: Record<string, string> = { '0': 'O', '1': 'I', '2': 'Z', '4': 'A', '5': 'S', '6': 'G', '8': 'B' };

export function foldNameDigits(name: string): string {
  return name.replace(/[0124568]/g, (d) => NAME_DIGITS[d]!);
}

/** Uppercase, without fillers, spaces, hyphens or dots: the exact-match form of a document number. */
export function cleanDocumentNumber(value: string): string {
  return value.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export const icaoNormaliser: Normaliser = {
  transliterate: (name) => transliterate(foldNameDigits(name)),
  foldDocumentNumber: (value) => foldDocumentNumber(cleanDocumentNumber(value)),
};
