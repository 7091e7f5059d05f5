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
// Nationality is weak evidence (dual nationals, refugee documents, lists that record a birthplace),
// but a disagreeing one is evidence of a namesake: yente logic-v2 takes 0.2 off for a country
// mismatch (matching.md §1); half of that here, since a passport's nationality is not always the
// one a list records.
const NATIONALITY_DIFFERENT = -0.1;

/**
 * How many list entries would carry the traveller's name by chance (list size × the product of each
 * name part's share of the list). A name shared by many entries says little about identity on its
 * own, so without a confirming birth date it loses up to COMMON_NAME_MAX (matching.md §9: common
 * names flood name-only matching; the date must do the discriminating).
 */
export interface ScoreContext {
  /** Namesakes of the traveller's whole name (a lower bound: the fewer parts match, the more namesakes). */
  expectedNamesakes?: number;
  /**
   * Namesakes of just the name parts that matched. A traveller's extra part that the list entry does
   * not have is no evidence for the match: MOHAMED KARIM DIALLO against MOHAMED DIALLO is as common
   * as MOHAMED DIALLO. A part matched loosely is as common as the commoner of its two sides (DIBARA
   * read as DIARRA matches every DIARRA).
   */
  namesakesOf?: (matchedPairs: { query: NameToken[]; listed: NameToken[] }[]) => number;
}

const COMMON_NAME_MAX = 0.15;
const COMMON_NAME_SLOPE = 0.04;
/** Span of birth years a list's people spread over, for the year-only namesake estimate. */
const BIRTH_YEARS = 50;
/** Days those years hold: namesakes sharing a full birth date by chance (a very common name on a large list has some). */
const BIRTH_DAYS = BIRTH_YEARS * 365;
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
  const commonName = commonNameFor(date.relation, context.expectedNamesakes ?? 0);
  adjustment -= commonName;
  return { date, sexMismatch, nationality, commonName, adjustment };
}

/**
 * The namesakes that matter are those the birth-date evidence does not tell apart: all of them
 * without a confirming date, those born the same year (about one in BIRTH_YEARS) when only the year
 * agrees, those born the same day (about one in BIRTH_DAYS) when the full date agrees.
 */
function commonNameFor(relation: DateRelation, namesakes: number): number {
  if (UNCONFIRMED_DATES.has(relation)) return commonNamePenalty(namesakes);
  if (relation === 'year') return commonNamePenalty(namesakes / BIRTH_YEARS);
  if (relation === 'swapped') return commonNamePenalty((2 * namesakes) / BIRTH_DAYS);
  if (relation === 'exact' || relation === 'one-year') return commonNamePenalty(namesakes / BIRTH_DAYS);
  return 0;
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
  let { adjustment, commonName } = qualifiers;
  const { date, sexMismatch, nationality } = qualifiers;
  if (context.namesakesOf !== undefined && alignment.pairs.length > 0) {
    const namesakes = Math.max(context.expectedNamesakes ?? 0, context.namesakesOf(alignment.pairs));
    const penalty = commonNameFor(date.relation, namesakes);
    adjustment += commonName - penalty;
    commonName = penalty;
  }
  const raw = alignment.score > 0 ? alignment.score + adjustment : 0;
  const score = Math.round(Math.min(1, Math.max(0, raw)) * 1000) / 1000;
  return { score, nameScore: alignment.score, alignment, nameIndex, date, sexMismatch, nationality, commonName };
}
