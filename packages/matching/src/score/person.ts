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
 * How likely a match is a namesake. A name shared by many list entries says little on its own
 * (matching.md §9: common names flood name-only matching), so the score loses up to
 * COMMON_NAME_MAX by the number of list entries expected to agree with the traveller BY CHANCE on
 * everything that agrees: the name parts that matched, the birth date as far as the list gives it,
 * and the nationality and sex as often as the list holds them.
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
  /**
   * Share of the list's persons listed with this nationality (the index counts them). Without
   * it an agreeing nationality or sex is taken as no evidence at all (share 1), which is safe: it
   * can only raise the namesake estimate.
   */
  nationalityShare?: (code: string) => number;
  /**
   * Expected list entries with the traveller's nationality carrying the traveller's whole name,
   * estimated within that nationality (the index counts name parts per nationality). Names go with
   * countries and with each other (WANG, WEI and CHN), so on a list mixing name cultures this is far
   * above the list-wide estimate × the nationality share. It is a floor for the namesakes at all
   * (entries sharing name and nationality also share the name) and the chance count when the
   * nationality agrees. Without it (0) the list-wide independence estimate stands alone.
   */
  namesakesWithNationality?: number;
  /**
   * The same within-nationality count for just the parts a candidate matched (as namesakesOf is to
   * expectedNamesakes); never below namesakesWithNationality.
   */
  namesakesWithNationalityOf?: (matchedPairs: { query: NameToken[]; listed: NameToken[] }[]) => number;
}

/**
 * The penalty: COMMON_NAME_SLOPE per doubling of the chance matches, up to COMMON_NAME_MAX. With
 * these, a match that about one list entry would show by chance loses 0.08; one that ten would
 * show loses 0.28 (with no birth date, under the default 0.8 even for an identical name): it is kept
 * as a "possible" under the threshold. (Tuned on the evaluation set at 100k and 1M entries; see the package README.)
 */
const COMMON_NAME_MAX = 0.4;
const COMMON_NAME_SLOPE = 0.08;
/** Span of birth years a list's people spread over, for the year-only namesake estimate. */
const BIRTH_YEARS = 50;
/** Days those years hold: namesakes sharing a full birth date by chance (a very common name on a large list has some). */
const BIRTH_DAYS = BIRTH_YEARS * 365;
/**
 * How much more often a namesake shows this birth-date relation than the listed person does (a
 * likelihood ratio). An exact date: 1 namesake in BIRTH_DAYS. A swapped day and month or the same
 * day a year off are data slips a namesake shows about 30 and 70 times as often as 1 in BIRTH_DAYS
 * relative to the listed person's few per cent. A year the list gives alone: 1 in BIRTH_YEARS. Any
 * other relation (no date on one side, another day, a year off and another day) is no evidence
 * that the names belong to one person: every namesake counts.
 */
const DATE_CHANCE: Record<DateRelation, number> = {
  exact: 1 / BIRTH_DAYS,
  swapped: 30 / BIRTH_DAYS,
  'one-year': 70 / BIRTH_DAYS,
  year: 1 / BIRTH_YEARS,
  'one-year-partial': 1,
  'same-year-other-day': 1,
  'one-year-other-day': 1,
  different: 1,
  unknown: 1,
};
/** A listed person's passport nationality is one the list records about this often (dual nationals, refugee documents). */
const NATIONALITY_AGREES_WHEN_SAME_PERSON = 0.92;
/**
 * A disagreeing nationality or sex makes a namesake about five times likelier than the listed person:
 * a namesake disagrees most of the time (≈ 85 %), the listed person in perhaps 8–15 % of crossings
 * (dual nationals, refugee documents, a list that records a birthplace; matching.md §6). The
 * additive −0.1 / −0.15 above already counts against the match, so this stays moderate.
 */
const DISAGREEMENT_CHANCE = 5;

/**
 * The chance matches are weighed this many times over before the penalty. Since the index counts
 * exact spellings and the post's own travellers (alert-index `namesakes.ts`), its estimate is sharper
 * than the class counts the slope was first set on; this factor restores the alert budget (clean
 * alerts ≤ 1 %) while keeping the recall the sharper estimate buys. Tuned on the evaluation set at 1M
 * entries, seeds 1 and 2 (weights 1, 3, 4 and 16 tried), checked on seed 3 and at 10k/100k: the
 * matching README, Figures.
 */
const CHANCE_WEIGHT = 3;

export function commonNamePenalty(chanceMatches: number): number {
  if (!(chanceMatches > 0)) return 0;
  return Math.min(COMMON_NAME_MAX, COMMON_NAME_SLOPE * Math.log2(1 + CHANCE_WEIGHT * chanceMatches));
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
  const evidence = { date: date.relation, nationality, sex: sexAgreement(traveller, person) };
  const commonName = commonNamePenalty(chanceMatches(evidence, context.expectedNamesakes ?? 0, traveller, context));
  adjustment -= commonName;
  return { date, sexMismatch, nationality, commonName, adjustment };
}

interface Evidence {
  date: DateRelation;
  nationality: 'same' | 'different' | 'unknown';
  sex: 'same' | 'different' | 'unknown';
}

function sexAgreement(traveller: PreparedTraveller, person: Pick<PreparedPerson, 'sex'>): Evidence['sex'] {
  if (traveller.sex === null || person.sex === null) return 'unknown';
  return traveller.sex === person.sex ? 'same' : 'different';
}

/**
 * List entries expected to agree with the traveller by chance as far as this entry does: the
 * namesakes, times how often a namesake shows this birth-date relation, and the chance of sharing
 * the nationality (its share of the list). Nationality is what can corroborate a weak entry (a year
 * or no birth date): a GIN traveller at a post where the list is a fifth GIN gets little from
 * agreeing on GIN; a SYR one on a list with few SYR gets much.
 */
export function chanceMatches(evidence: Evidence, namesakes: number, traveller: PreparedTraveller, context: ScoreContext): number {
  const withNationality = context.namesakesWithNationality ?? 0;
  // Entries sharing the name and the nationality share the name: a floor for the namesakes at all.
  const all = Math.max(namesakes, withNationality);
  let expected = all;
  if (evidence.nationality === 'same' && traveller.nationality !== null) {
    // The chance matches that also agree on nationality: the list-wide share of the nationality, or
    // the within-nationality count where names and nationality go together (never more than `all`,
    // so an agreeing nationality never counts against a match).
    const share = context.nationalityShare?.(traveller.nationality) ?? 1;
    expected = Math.min(all, Math.max(all * share, withNationality) / NATIONALITY_AGREES_WHEN_SAME_PERSON);
  } else if (evidence.nationality === 'different') {
    expected *= DISAGREEMENT_CHANCE;
  }
  expected *= DATE_CHANCE[evidence.date];
  // An agreeing sex is no corroboration: most given names tell the sex already (every FATOUMATA
  // namesake is a woman), so the list-wide share would overstate it. A disagreeing one counts.
  if (evidence.sex === 'different') expected *= DISAGREEMENT_CHANCE;
  return expected;
}

/**
 * The namesake counts are per name key (a spelling class or a consonant skeleton). A name matched
 * only loosely (a part typed with a slip, a part the entry does not have) also matches the entries
 * with neighbouring keys or more parts, so the chance matches grow as the name score falls: ×10 per
 * 1/LIKENESS_DECADE of name score lost (a spelling variant at 0.95 counts ×2, a loose 0.85 ×8).
 */
const LIKENESS_DECADE = 6;

function likenessFactor(alignment: NameAlignment): number {
  return Math.pow(10, LIKENESS_DECADE * (1 - Math.min(1, alignment.score)));
}

/**
 * Passports that romanise names in Hanyu Pinyin (the People's Republic of China): a vowel there is
 * part of the syllable (LU, LUO, LIU; HONG, HENG), not a transliteration habit as in Arabic or
 * West-African names, so the lenient vowel costs would make strangers look alike. Used when the
 * traveller carries it and the entry lists it or no nationality. Not Hong Kong, Macao or Taiwan:
 * their passports write Cantonese or Wade-Giles spellings whose vowels do vary (LEUNG / LEONG,
 * CHEUNG / CHEONG, LIU / LIOU, WONG / WANG), so they keep the lenient costs.
 */
const SYLLABIC_ROMANISATION = new Set(['CHN']);

function romanisedBySyllable(traveller: PreparedTraveller, person: Pick<PreparedPerson, 'nationalities'>): boolean {
  if (traveller.nationality === null || !SYLLABIC_ROMANISATION.has(traveller.nationality)) return false;
  return person.nationalities.length === 0 || person.nationalities.some((code) => SYLLABIC_ROMANISATION.has(code));
}

export function scorePerson(traveller: PreparedTraveller, person: PreparedPerson, context: ScoreContext = {}, qualifiers = qualify(traveller, person, context)): PersonScore {
  const syllabic = romanisedBySyllable(traveller, person);
  let best: NameAlignment | null = null;
  let nameIndex = 0;
  person.names.forEach((tokens, index) => {
    const alignment = alignNames(traveller.tokens, tokens, traveller.nameTruncated, syllabic);
    if (best === null || alignment.score > best.score) {
      best = alignment;
      nameIndex = index;
    }
  });
  const alignment: NameAlignment = best ?? { score: 0, pairs: [], unmatchedQuery: traveller.tokens, unmatchedListed: [] };
  let { adjustment, commonName } = qualifiers;
  const { date, sexMismatch, nationality } = qualifiers;
  if (alignment.pairs.length > 0) {
    // Counted again on what matched: never fewer namesakes than the whole-name estimate `qualify`
    // used, and never a smaller likeness factor than its perfect-name assumption, so the index's
    // pre-check on `qualify` stays an upper bound.
    const namesakes = Math.max(context.expectedNamesakes ?? 0, context.namesakesOf?.(alignment.pairs) ?? 0);
    const withNationality = Math.max(context.namesakesWithNationality ?? 0, context.namesakesWithNationalityOf?.(alignment.pairs) ?? 0);
    const evidence = { date: date.relation, nationality, sex: sexAgreement(traveller, person) };
    const penalty = commonNamePenalty(chanceMatches(evidence, namesakes, traveller, { ...context, namesakesWithNationality: withNationality }) * likenessFactor(alignment));
    adjustment += commonName - penalty;
    commonName = penalty;
  }
  const raw = alignment.score > 0 ? alignment.score + adjustment : 0;
  const score = Math.round(Math.min(1, Math.max(0, raw)) * 1000) / 1000;
  return { score, nameScore: alignment.score, alignment, nameIndex, date, sexMismatch, nationality, commonName };
}
