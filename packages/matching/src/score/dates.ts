/** Birth dates as lists and passports carry them: 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY'. */
export interface PartialDate {
  year: number;
  month: number | null;
  day: number | null;
  text: string;
}

export function parsePartialDate(text: string | null | undefined): PartialDate | null {
  if (text === null || text === undefined) return null;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text.trim());
  if (m === null) return null;
  const year = Number(m[1]);
  const month = m[2] === undefined ? null : Number(m[2]);
  const day = m[3] === undefined ? null : Number(m[3]);
  if (month !== null && (month < 1 || month > 12)) return null;
  if (day !== null && (day < 1 || day > 31)) return null;
  return { year, month, day, text: text.trim() };
}

export type DateRelation = 'exact' | 'swapped' | 'year' | 'same-year-other-day' | 'one-year' | 'one-year-partial' | 'one-year-other-day' | 'different' | 'unknown';

/**
 * Qualifier added to the name score (matching.md §6: dates act on the name score, they do not
 * filter). A clearly different birth date is strong evidence of a namesake, so it pulls the score
 * below any alert threshold; a year apart or a day/month swap is common data noise.
 */
export const DATE_ADJUSTMENT: Record<DateRelation, number> = {
  exact: 0.08,
  swapped: 0.04,
  year: 0,
  // Two full dates that disagree on the day are evidence of two people (placeholders aside).
  'same-year-other-day': -0.12,
  // A year apart on the same day is a typing slip; a year apart and another day is not.
  'one-year': -0.05,
  'one-year-partial': -0.05,
  'one-year-other-day': -0.2,
  different: -0.35,
  unknown: -0.05,
};

const RANK: DateRelation[] = ['exact', 'swapped', 'year', 'one-year', 'one-year-partial', 'same-year-other-day', 'one-year-other-day', 'different', 'unknown'];

export function compareDates(traveller: PartialDate | null, listed: PartialDate | null): DateRelation {
  if (traveller === null || listed === null) return 'unknown';
  const years = Math.abs(traveller.year - listed.year);
  if (years === 1) {
    if (traveller.day === null || listed.day === null) return 'one-year-partial';
    return traveller.month !== listed.month || traveller.day !== listed.day ? 'one-year-other-day' : 'one-year';
  }
  if (years > 1) return 'different';
  if (traveller.month === null || listed.month === null) return 'year';
  if (traveller.day === null || listed.day === null) return traveller.month === listed.month ? 'year' : 'same-year-other-day';
  if (traveller.month === listed.month && traveller.day === listed.day) return 'exact';
  if (traveller.month === listed.day && traveller.day === listed.month) return 'swapped';
  // 01-01 and 12-31 are placeholders for "year known only" (matching.md §4).
  const placeholder = (d: PartialDate): boolean => (d.month === 1 && d.day === 1) || (d.month === 12 && d.day === 31);
  if (placeholder(traveller) || placeholder(listed)) return 'year';
  return 'same-year-other-day';
}

/** The best relation between the traveller's date and any of the list's dates. */
export function bestDateRelation(traveller: PartialDate | null, listed: (PartialDate | null)[]): { relation: DateRelation; listed: PartialDate | null } {
  let best: { relation: DateRelation; listed: PartialDate | null } = { relation: 'unknown', listed: null };
  for (const candidate of listed) {
    const relation = compareDates(traveller, candidate);
    if (RANK.indexOf(relation) < RANK.indexOf(best.relation)) best = { relation, listed: candidate };
  }
  return best;
}
