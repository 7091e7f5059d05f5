/** The five ICAO 9303 machine-readable zone layouts. */
export type MrzFormat = 'TD1' | 'TD2' | 'TD3' | 'MRVA' | 'MRVB';

export type MrzSex = 'M' | 'F' | 'X' | '<';

export type MrzDocumentKind = 'passport' | 'id-card' | 'visa' | 'other';

/** An error or warning; `code` is one of the stable `MRZ_*` codes (see `codes.ts`). */
export interface MrzError {
  code: string;
  message: string;
  /** The field concerned, when there is one (`documentNumber`, `birthDate`, `composite`, …). */
  field?: string;
}

/**
 * One OCR repair. `position` is 1-based inside the field's value (the check digit of a field is
 * reported as the field `<name>Check`, position 1); `line`/`column` are 1-based in the MRZ.
 */
export interface MrzCorrection {
  field: string;
  position: number;
  from: string;
  to: string;
  line: number;
  column: number;
}

export interface MrzResult {
  format: MrzFormat | null;
  documentCode: string | null;
  kind: MrzDocumentKind | null;
  issuingState: string | null;
  surname: string | null;
  givenNames: string | null;
  nameTruncated: boolean;
  documentNumber: string | null;
  nationality: string | null;
  birthDate: string | null;
  sex: MrzSex | null;
  expiryDate: string | null;
  optionalData: string | null;
  optionalData2?: string | null;
  valid: boolean;
  checks: Record<string, boolean>;
  corrections: MrzCorrection[];
  errors: MrzError[];
  warnings: MrzError[];
  lines: string[];
}

export interface ParseOptions {
  /** The reference day for the century rule; defaults to now. */
  today?: Date;
  /** Check-digit-driven OCR repair (default true). */
  repair?: boolean;
}

/** Human-form fields from which `formatMrz` builds the lines. */
export interface MrzFields {
  documentCode: string;
  issuingState: string;
  surname: string;
  givenNames: string;
  documentNumber: string;
  nationality: string;
  birthDate: string;
  sex: MrzSex;
  expiryDate: string;
  optionalData?: string;
  optionalData2?: string;
}
