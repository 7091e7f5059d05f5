import type { AlignedPair } from '../names/align';
import type { TokenRelation } from '../names/similarity';
import { nameClassOf } from '../names/keys';
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
