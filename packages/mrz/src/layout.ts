import type { MrzFormat } from './types';

/**
 * Field positions of each format as 0-based offsets into the lines joined without separators
 * (line 2 of a 44-character format starts at 44). Positions follow ICAO 9303 Parts 4-7.
 */
export interface Layout {
  format: MrzFormat;
  lineLength: number;
  lineCount: number;
  nameStart: number;
  nameEnd: number;
  documentNumber: number;
  documentNumberCheck: number;
  nationality: number;
  birthDate: number;
  birthDateCheck: number;
  sex: number;
  expiryDate: number;
  expiryDateCheck: number;
  optionalStart: number;
  optionalEnd: number;
  /** TD3 personal-number check digit, else -1. */
  optionalCheck: number;
  /** TD1 line 2 optional data, else -1. */
  optional2Start: number;
  optional2End: number;
  /** Composite check digit position, -1 for visas (they have none). */
  composite: number;
  compositeRanges: ReadonlyArray<readonly [number, number]>;
  /** TD1 and TD2 may carry document numbers longer than 9 characters into the optional data. */
  overflow: boolean;
}

/** TD2, TD3 and both visas share the line-2 layout; only lengths, optional data and composite differ. */
function twoLine(format: MrzFormat, length: number, optionalEnd: number, optionalCheck: number, composite: number): Layout {
  const b = length;
  return {
    format,
    lineLength: length,
    lineCount: 2,
    nameStart: 5,
    nameEnd: length,
    documentNumber: b,
    documentNumberCheck: b + 9,
    nationality: b + 10,
    birthDate: b + 13,
    birthDateCheck: b + 19,
    sex: b + 20,
    expiryDate: b + 21,
    expiryDateCheck: b + 27,
    optionalStart: b + 28,
    optionalEnd: b + optionalEnd,
    optionalCheck: optionalCheck < 0 ? -1 : b + optionalCheck,
    optional2Start: -1,
    optional2End: -1,
    composite: composite < 0 ? -1 : b + composite,
    compositeRanges: composite < 0 ? [] : [[b, b + 10], [b + 13, b + 20], [b + 21, b + composite]],
    overflow: format === 'TD2',
  };
}

export const LAYOUTS: Readonly<Record<MrzFormat, Layout>> = {
  TD3: twoLine('TD3', 44, 42, 42, 43),
  TD2: twoLine('TD2', 36, 35, -1, 35),
  MRVA: twoLine('MRVA', 44, 44, -1, -1),
  MRVB: twoLine('MRVB', 36, 36, -1, -1),
  TD1: {
    format: 'TD1',
    lineLength: 30,
    lineCount: 3,
    nameStart: 60,
    nameEnd: 90,
    documentNumber: 5,
    documentNumberCheck: 14,
    optionalStart: 15,
    optionalEnd: 30,
    optionalCheck: -1,
    birthDate: 30,
    birthDateCheck: 36,
    sex: 37,
    expiryDate: 38,
    expiryDateCheck: 44,
    nationality: 45,
    optional2Start: 48,
    optional2End: 59,
    composite: 59,
    compositeRanges: [[5, 30], [30, 37], [38, 45], [48, 59]],
    overflow: true,
  },
};
