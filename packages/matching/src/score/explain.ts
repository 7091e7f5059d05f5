import type { AlignedPair } from '../names/align';
import type { TokenRelation } from '../names/similarity';
import { nameClassOf } from '../names/keys';
import type { BirthDateReasonRelation, MatchReason, NameReasonRelation } from '../types';
import type { DateRelation } from './dates';
import type { PersonScore, PreparedPerson, PreparedTraveller } from './person';

const RELATION_TEXT: Record<Exclude<TokenRelation, 'same' | 'different'>, string> = {
  variant: 'spelling variant',
  phonetic: 'sounds alike',
  spelling: 'spelling or reading difference',
  initial: 'initial',
  truncated: 'cut short',
};

function shown(tokens: { shown: string }[]): string {
  return tokens.map((t) => t.shown).join(' ');
}

function describePair(pair: AlignedPair): string | null {
  const q = shown(pair.query);
  const r = shown(pair.listed);
  if (pair.query[0]!.particle !== null) return null; // matching particles say nothing to the officer
  if (pair.match.relation === 'same' || pair.match.relation === 'different') return q === r ? q : `${q} = ${r}`;
  let text = `${q} ≈ ${r} (${RELATION_TEXT[pair.match.relation]})`;
  if (pair.match.relation === 'variant') {
    const cls = nameClassOf(pair.query[0]!.text);
    if (cls !== undefined && cls !== pair.query[0]!.text && cls !== pair.listed[0]!.text) text = `${q} ≈ ${r} (spelling variants of ${cls})`;
  }
  return text;
}

/** One line an officer can read: which name parts matched how, then date, sex and nationality. */
export function explainPersonScore(traveller: PreparedTraveller, person: PreparedPerson, result: PersonScore): string {
  const parts: string[] = [];
  if (result.nameIndex > 0) parts.push(`listed alias ${result.nameIndex}`);
  // Parts that match exactly read as one run ("DIALLO MAMADOU"), variants are spelled out.
  let same: string[] = [];
  for (const pair of result.alignment.pairs) {
    const text = describePair(pair);
    if (text === null) continue;
    const identical = pair.match.relation === 'same' && !text.includes('=');
    if (identical) {
      same.push(text);
      continue;
    }
    if (same.length > 0) parts.push(same.join(' '));
    same = [];
    parts.push(text);
  }
  if (same.length > 0) parts.push(same.join(' '));
  const extraQuery = result.alignment.unmatchedQuery.filter((t) => t.particle === null);
  if (extraQuery.length > 0) parts.push(`not on the list: ${shown(extraQuery)}`);
  const extraListed = result.alignment.unmatchedListed.filter((t) => t.particle === null);
  if (extraListed.length > 0) parts.push(`list also has ${shown(extraListed)}`);
  const travellerDate = traveller.birthDate?.text;
  const listedDate = result.date.listed?.text;
  switch (result.date.relation) {
    case 'exact':
      parts.push(`born ${travellerDate} = ${listedDate}`);
      break;
    case 'year':
      parts.push(`born ${travellerDate?.slice(0, 4)} = ${listedDate?.slice(0, 4)}${listedDate !== undefined && listedDate.length > 4 && listedDate !== travellerDate ? ` (list: ${listedDate})` : ''}`);
      break;
    case 'swapped':
      parts.push(`born ${travellerDate} ≈ ${listedDate} (day and month swapped)`);
      break;
    case 'same-year-other-day':
      parts.push(`born ${travellerDate} ≈ ${listedDate} (same year, other day)`);
      break;
    case 'one-year':
    case 'one-year-partial':
      parts.push(`born ${travellerDate} ≈ ${listedDate} (one year apart)`);
      break;
    case 'one-year-other-day':
      parts.push(`born ${travellerDate} ≈ ${listedDate} (one year apart, other day)`);
      break;
    case 'different':
      parts.push(`born ${travellerDate} ≠ ${listedDate}`);
      break;
    case 'unknown':
      parts.push(person.birthDates.length === 0 ? 'no birth date on the list' : 'no birth date to compare');
      break;
  }
  if (result.sexMismatch) parts.push(`sex ${traveller.sex} ≠ ${person.sex}`);
  if (result.nationality === 'same') parts.push(`nationality ${traveller.nationality}`);
  if (result.nationality === 'different') parts.push(`nationality ${traveller.nationality} ≠ ${person.nationalities.join('/')}`);
  if (result.commonName >= 0.05) parts.push('common name');
  return parts.join(', ');
}

const NAME_RELATION: Record<Exclude<TokenRelation, 'different'>, NameReasonRelation> = {
  same: 'exact',
  variant: 'spelling-variant',
  phonetic: 'sounds-alike',
  spelling: 'spelling',
  initial: 'initial',
  truncated: 'truncated',
};

const DATE_RELATION: Record<Exclude<DateRelation, 'unknown'>, BirthDateReasonRelation> = {
  exact: 'exact',
  year: 'year',
  swapped: 'day-month-swapped',
  'same-year-other-day': 'same-year-other-day',
  'one-year': 'one-year',
  'one-year-partial': 'one-year',
  'one-year-other-day': 'one-year-other-day',
  different: 'different',
};

/**
 * The same facts as explainPersonScore, as data for a translated display: one reason per aligned
 * name part (particles left out, as in the sentence), then date, sex, nationality, common name.
 */
export function personScoreReasons(traveller: PreparedTraveller, person: PreparedPerson, result: PersonScore): MatchReason[] {
  const reasons: MatchReason[] = [];
  if (result.nameIndex > 0) reasons.push({ kind: 'alias', index: result.nameIndex });
  for (const pair of result.alignment.pairs) {
    if (pair.query[0]!.particle !== null) continue;
    // Aligned pairs are never 'different' (the aligner leaves those unmatched); read it as spelling if it were.
    const relation = pair.match.relation === 'different' ? 'spelling' : NAME_RELATION[pair.match.relation];
    const reason: MatchReason = { kind: 'name', travellerName: shown(pair.query), listName: shown(pair.listed), relation };
    if (pair.match.relation === 'variant') {
      const cls = nameClassOf(pair.query[0]!.text);
      if (cls !== undefined && cls !== pair.query[0]!.text && cls !== pair.listed[0]!.text) reason.nameClass = cls;
    }
    reasons.push(reason);
  }
  const extraQuery = result.alignment.unmatchedQuery.filter((t) => t.particle === null);
  if (extraQuery.length > 0) reasons.push({ kind: 'name-unmatched', side: 'traveller', names: shown(extraQuery) });
  const extraListed = result.alignment.unmatchedListed.filter((t) => t.particle === null);
  if (extraListed.length > 0) reasons.push({ kind: 'name-unmatched', side: 'list', names: shown(extraListed) });
  const travellerDate = traveller.birthDate?.text;
  const listedDate = result.date.listed?.text;
  if (result.date.relation === 'unknown') {
    reasons.push({ kind: 'birth-date', relation: person.birthDates.length === 0 ? 'no-list-date' : 'no-traveller-date' });
  } else {
    reasons.push({
      kind: 'birth-date',
      relation: DATE_RELATION[result.date.relation],
      ...(travellerDate !== undefined ? { traveller: travellerDate } : {}),
      ...(listedDate !== undefined ? { list: listedDate } : {}),
    });
  }
  if (result.sexMismatch) reasons.push({ kind: 'sex', relation: 'different', traveller: String(traveller.sex), list: String(person.sex) });
  if (result.nationality === 'same' || result.nationality === 'different') {
    reasons.push({ kind: 'nationality', relation: result.nationality, traveller: String(traveller.nationality), list: [...person.nationalities] });
  }
  if (result.commonName >= 0.05) reasons.push({ kind: 'common-name' });
  return reasons;
}
