import { tokenKey } from './names/keys';
import { type NameToken, tokeniseName } from './names/tokens';
import type { Normaliser } from './names/transliterate';
import { parsePartialDate } from './score/dates';
import type { PreparedPerson, PreparedTraveller } from './score/person';
import type { AlertPersonDoc, Traveller } from './types';

export function normaliseSex(value: string | null | undefined): 'M' | 'F' | null {
  const v = (value ?? '').trim().toUpperCase();
  return v === 'M' || v === 'F' ? v : null;
}

/** ICAO 3-letter code; Germany's one-letter `D` (ICAO 9303 Part 3) becomes DEU so codes compare. */
export function normaliseCountry(value: string | null | undefined): string | null {
  const v = (value ?? '').toUpperCase().replace(/[^A-Z]/g, '');
  if (v === 'D') return 'DEU';
  return v.length === 3 ? v : null;
}

/** MRZ name fields are 39 (TD3) or 30 (TD1) characters: a name that fills them may be cut short. */
const TRUNCATION_SUSPECT_LENGTH = 30;

export function prepareTraveller(traveller: Traveller, normaliser: Normaliser): PreparedTraveller {
  const tokens = tokeniseName({ surname: traveller.surname ?? '', givenNames: traveller.givenNames ?? '' }, normaliser);
  const length = (traveller.surname ?? '').length + (traveller.givenNames ?? '').length + 2;
  return {
    tokens,
    birthDate: parsePartialDate(traveller.birthDate ?? null),
    sex: normaliseSex(traveller.sex),
    nationality: normaliseCountry(traveller.nationality),
    nameTruncated: traveller.nameTruncated === true || length >= TRUNCATION_SUSPECT_LENGTH,
  };
}

/** Just what `qualify` needs, without tokenising names (cheap pre-check of a candidate). */
export function preparePersonQualifiers(doc: Pick<AlertPersonDoc, 'birthDates' | 'sex' | 'nationalities'>): Pick<PreparedPerson, 'birthDates' | 'sex' | 'nationalities'> {
  return {
    birthDates: doc.birthDates.map((d) => parsePartialDate(d)).filter((d) => d !== null),
    sex: normaliseSex(doc.sex),
    nationalities: doc.nationalities.map((n) => normaliseCountry(n)).filter((n): n is string => n !== null),
  };
}

export function preparePerson(doc: Pick<AlertPersonDoc, 'names' | 'birthDates' | 'sex' | 'nationalities'>, normaliser: Normaliser): PreparedPerson {
  return {
    names: doc.names.map((name) => tokeniseName(name, normaliser)).filter((tokens) => tokens.some((t) => t.particle === null)),
    birthDates: doc.birthDates.map((d) => parsePartialDate(d)).filter((d) => d !== null),
    sex: normaliseSex(doc.sex),
    nationalities: doc.nationalities.map((n) => normaliseCountry(n)).filter((n): n is string => n !== null),
  };
}

function nameKeys(tokens: NameToken[], joinNeighbours: boolean): { singles: string[]; pairs: string[] } {
  const parts = tokens.filter((t) => t.particle === null);
  const units: { key: string; covers: number[] }[] = parts.map((t, i) => ({ key: tokenKey(t.text), covers: [i] }));
  if (joinNeighbours) {
    for (let i = 0; i + 1 < parts.length; i += 1) {
      if (parts[i]!.role === parts[i + 1]!.role) units.push({ key: tokenKey(parts[i]!.text + parts[i + 1]!.text), covers: [i, i + 1] });
    }
  }
  const singles = new Set<string>();
  const pairs = new Set<string>();
  for (const u of units) singles.add(u.key);
  for (let a = 0; a < units.length; a += 1) {
    for (let b = a + 1; b < units.length; b += 1) {
      const ua = units[a]!;
      const ub = units[b]!;
      if (ua.key === ub.key || ua.covers.some((i) => ub.covers.includes(i))) continue;
      pairs.add(ua.key < ub.key ? `${ua.key}|${ub.key}` : `${ub.key}|${ua.key}`);
    }
  }
  return { singles: [...singles], pairs: [...pairs] };
}

/**
 * Index keys of a list person: each name part's key (its equivalence group or consonant skeleton)
 * and each unordered pair of part keys within one name. Pairs keep posting lists short for common
 * names (MOHAMED alone is on a tenth of some lists; MOHAMED+DIALLO is far rarer); singles catch a
 * name whose other parts were misspelt beyond their keys.
 */
export function personIndexKeys(person: PreparedPerson): { singles: string[]; pairs: string[] } {
  const singles = new Set<string>();
  const pairs = new Set<string>();
  for (const tokens of person.names) {
    const keys = nameKeys(tokens, false);
    keys.singles.forEach((k) => singles.add(k));
    keys.pairs.forEach((k) => pairs.add(k));
  }
  return { singles: [...singles], pairs: [...pairs] };
}

/** The keys of the traveller's name parts, one per part (for name-frequency estimates). */
export function travellerPartKeys(traveller: PreparedTraveller): string[] {
  return traveller.tokens.filter((t) => t.particle === null).map((t) => tokenKey(t.text));
}

/** The traveller's keys; neighbours are also tried joined (a list may write MOHAMEDLAMINE as one). */
export function travellerIndexKeys(traveller: PreparedTraveller): { singles: string[]; pairs: string[] } {
  return nameKeys(traveller.tokens, true);
}

/** 53-bit hash of a key (two FNV-1a variants), so the SQL index stores integers, not strings. */
export function keyHash(key: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < key.length; i += 1) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return (h1 * 0x200000) + (h2 & 0x1fffff);
}
