import { BorderpostError } from '@borderpost/common';
import type { AlertIndex } from '@borderpost/alert-index';
import type { Traveller } from '@borderpost/matching';
import type { SqliteDatabase } from '@borderpost/sqlite';

/**
 * Travellers as JSON Lines (`match query`, `match history`, `post seed-history`): one object per line with
 * `surname`, `givenNames` and optionally `birthDate` (YYYY, YYYY-MM or YYYY-MM-DD), `sex`, `nationality`,
 * `documentNumber`, `issuingState`, `nameTruncated`.
 */
export function parseTraveller(line: string): Traveller {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new BorderpostError('MATCH_BAD_TRAVELLER', `not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BorderpostError('MATCH_BAD_TRAVELLER', 'a traveller is a JSON object');
  const t = value as Record<string, unknown>;
  const text = (key: string): string | null => {
    const v = t[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') throw new BorderpostError('MATCH_BAD_TRAVELLER', `${key} must be a string`);
    return v;
  };
  const surname = text('surname') ?? '';
  const givenNames = text('givenNames') ?? '';
  const documentNumber = text('documentNumber');
  if (surname.trim() === '' && givenNames.trim() === '' && (documentNumber ?? '').trim() === '') {
    throw new BorderpostError('MATCH_BAD_TRAVELLER', 'a traveller needs a name (surname, givenNames) or a documentNumber');
  }
  const birthDate = text('birthDate');
  if (birthDate !== null && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(birthDate)) throw new BorderpostError('MATCH_BAD_TRAVELLER', 'birthDate must be YYYY-MM-DD');
  return {
    surname, givenNames, birthDate, sex: text('sex'), nationality: text('nationality'), documentNumber, issuingState: text('issuingState'),
    nameTruncated: t.nameTruncated === true,
  };
}

/** Travellers handed to the index at once (bounds memory on years of crossings). */
const HISTORY_BATCH = 5000;
/** Bad lines named in the answer; the count says how many there were in all. */
const MAX_REPORTED_LINES = 100;

export interface TravellerLinesOptions {
  /** Forget what was counted before (inside the same transaction, so a refused input keeps it). */
  clear?: () => void;
  /** Count the good lines of an input with bad lines (default: count nobody). */
  skipBadLines?: boolean;
}

export interface TravellerLinesResult {
  recorded: number;
  travellers: number;
  /** With skipBadLines: how many lines were skipped, and the first ones. */
  badLines?: number;
  skipped?: { line: number; code: string; message: string }[];
}

/**
 * Counts JSON Lines of travellers in an alert index's traveller history — `match history` on an index
 * file, `post seed-history` on a station's encrypted index. One transaction for the whole input (the
 * batches are savepoints in it): a refused input, or one cut short, counts nobody, so the export can be
 * fixed and given again without counting anyone twice. The file is write-locked meanwhile.
 */
export async function recordTravellerLines(db: SqliteDatabase, index: AlertIndex, lines: AsyncIterable<string>, options: TravellerLinesOptions = {}): Promise<TravellerLinesResult> {
  const badLines: { line: number; code: string; message: string }[] = [];
  let bad = 0;
  let recorded = 0;
  let lineNumber = 0;
  let batch: Traveller[] = [];
  db.exec('BEGIN IMMEDIATE');
  try {
    options.clear?.();
    for await (const line of lines) {
      lineNumber += 1;
      if (line.trim().length === 0) continue;
      try {
        batch.push(parseTraveller(line));
      } catch (error) {
        if (!(error instanceof BorderpostError)) throw error;
        bad += 1;
        if (badLines.length < MAX_REPORTED_LINES) badLines.push({ line: lineNumber, code: error.code, message: error.message });
        continue;
      }
      if (batch.length >= HISTORY_BATCH) {
        recorded += index.recordTravellers(batch);
        batch = [];
      }
    }
    recorded += index.recordTravellers(batch);
    if (bad > 0 && options.skipBadLines !== true) {
      throw new BorderpostError('MATCH_BAD_TRAVELLERS', `${bad} input line(s) were not travellers; nothing was counted (fix them, or pass --skip-bad-lines)`, { badLines: bad, lines: badLines });
    }
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
  // Travellers without a usable name part (a document number alone) are read but not counted.
  return { recorded, travellers: index.travellerHistory(), ...(options.skipBadLines === true ? { badLines: bad, skipped: badLines } : {}) };
}
