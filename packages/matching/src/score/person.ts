import { type NameAlignment, alignNames } from '../names/align';
import type { NameToken } from '../names/tokens';
import { DATE_ADJUSTMENT, type DateRelation, type PartialDate, bestDateRelation } from './dates';

/** A list person ready for scoring (tokenised once, when the entry is loaded). */
export interface PreparedPerson {
  names: NameToken[][];
  birthDates: (PartialDate | null)[];
  sex: 'M' | 'F' | null;
  nationalities: string[];
}

export interface PreparedTraveller {
  tokens: NameToken[];
  birthDate: PartialDate | null;
  sex: 'M' | 'F' | null;
  nationality: string | null;
  nameTruncated: boolean;
}

export interface PersonScore {
  score: number;
  nameScore: number;
  alignment: NameAlignment;
  nameIndex: number;
  date: { relation: DateRelation; listed: PartialDate | null };
  sexMismatch: boolean;
  nationality: 'same' | 'different' | 'unknown';
  /** Score taken off because the name is common and no birth date confirms it. */
  commonName: number;
}

const SEX_MISMATCH = -0.15;
const NATIONALITY_SAME = 0.02;
// Nationality is weak evidence (dual nationals, refugee documents, lists that record a birthplace).
const NATIONALITY_DIFFERENT = -0.05;

/**
 * How many list entries would carry the traveller's name by chance (list size × the product of each
 * name part's share of the list). A name shared by many entries says little about identity on its
 * own, so without a confirming birth date it loses up to COMMON_NAME_MAX (matching.md §9: common
 * names flood name-only matching; the date must do the discriminating).
 */
export interface ScoreContext {
  expectedNamesakes?: number;
}

const COMMON_NAME_MAX = 0.15;
const COMMON_NAME_SLOPE = 0.04;
/** Span of birth years a list's people spread over, for the year-only namesake estimate. */
const BIRTH_YEARS = 50;
// A year apart on the same day and month is a typing slip on a confirming date, not a weak one.
const UNCONFIRMED_DATES: ReadonlySet<DateRelation> = new Set(['unknown', 'one-year-partial', 'same-year-other-day', 'one-year-other-day']);

export function commonNamePenalty(expectedNamesakes: number): number {
  if (!(expectedNamesakes > 0)) return 0;
  return Math.min(COMMON_NAME_MAX, COMMON_NAME_SLOPE * Math.log2(1 + expectedNamesakes));
}

export interface Qualifiers {
  date: { relation: DateRelation; listed: PartialDate | null };
  sexMismatch: boolean;
  nationality: 'same' | 'different' | 'unknown';
  commonName: number;
  /** Sum of the adjustments added to the name score. */
  adjustment: number;
}

/**
 * Birth date, sex, nationality and name commonness as adjustments of the name score. Computed before
 * the names are aligned: when even a perfect name (1.0) plus these cannot reach the threshold, the
 * index skips the alignment.
 */
export function qualify(traveller: PreparedTraveller, person: Pick<PreparedPerson, 'birthDates' | 'sex' | 'nationalities'>, context: ScoreContext = {}): Qualifiers {
  const date = bestDateRelation(traveller.birthDate, person.birthDates);
  const sexMismatch = traveller.sex !== null && person.sex !== null && traveller.sex !== person.sex;
  const nationality: Qualifiers['nationality'] =
    traveller.nationality === null || person.nationalities.length === 0
      ? 'unknown'
      : person.nationalities.includes(traveller.nationality)
        ? 'same'
        : 'different';
  let adjustment = DATE_ADJUSTMENT[date.relation];
  if (sexMismatch) adjustment += SEX_MISMATCH;
  if (nationality === 'same') adjustment += NATIONALITY_SAME;
  if (nationality === 'different') adjustment += NATIONALITY_DIFFERENT;
  const namesakes = context.expectedNamesakes ?? 0;
  // With only a matching year, the namesakes that matter are those born that year (about one in
  // BIRTH_YEARS of them).
  const commonName = UNCONFIRMED_DATES.has(date.relation) ? commonNamePenalty(namesakes) : date.relation === 'year' ? commonNamePenalty(namesakes / BIRTH_YEARS) : 0;
  adjustment -= commonName;
  return { date, sexMismatch, nationality, commonName, adjustment };
}

export function scorePerson(traveller: PreparedTraveller, person: PreparedPerson, context: ScoreContext = {}, qualifiers = qualify(traveller, person, context)): PersonScore {
  let best: NameAlignment | null = null;
  let nameIndex = 0;
  person.names.forEach((tokens, index) => {
    const alignment = alignNames(traveller.tokens, tokens, traveller.nameTruncated);
    if (best === null || alignment.score > best.score) {
      best = alignment;
      nameIndex = index;
    }
  });
  const alignment: NameAlignment = best ?? { score: 0, pairs: [], unmatchedQuery: traveller.tokens, unmatchedListed: [] };
  const raw = alignment.score > 0 ? alignment.score + qualifiers.adjustment : 0;
  const score = Math.round(Math.min(1, Math.max(0, raw)) * 1000) / 1000;
  const { date, sexMismatch, nationality, commonName } = qualifiers;
  return { score, nameScore: alignment.score, alignment, nameIndex, date, sexMismatch, nationality, commonName };
}
