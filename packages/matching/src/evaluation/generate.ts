import { transliterate } from '@borderpost/mrz';
import { NAME_CLASSES } from '../names/classes';
import type { AlertPersonDoc, PersonName, Traveller } from '../types';
import { type Population, buildPopulation, listedNationality, postNationality } from './population';
import { type Rng, pick, seededRng } from './random';

/**
 * Labelled evaluation set (matching.md §11): list entries; travellers who ARE list entries written
 * differently, one variation class each; travellers who are not (clean population, and hard
 * negatives: same name with another birth date, near names).
 */
export type VariationClass = 'exact' | 'icao' | 'spelling' | 'order' | 'truncation' | 'ocr' | 'birth-date';
export type NegativeClass = 'clean' | 'same-name-other-birth-date' | 'near-name';

export interface LabelledTraveller {
  traveller: Traveller;
  label: 'positive' | 'negative';
  variation: VariationClass | NegativeClass;
  /** The list entry a positive must hit (or the entry a hard negative was made from). */
  entryDocId?: string;
}

const PARTICLE_FORMS = [['OULD'], ['BEN'], ['AL'], ['EL'], ['BIN']];
const ABD_NAMES = ['AZIZ', 'RAHMAN', 'KADER', 'KARIM', 'SALAM', 'MALIK', 'HAMID', 'LATIF'];
const ABD_FORMS = ['ABDEL ', 'ABD AL-', 'ABDUL ', 'ABDEL', 'ABDUL', 'ABD EL '];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function randomDate(rng: Rng, year?: number): string {
  const y = year ?? 1950 + Math.floor(rng() * 55);
  return `${y}-${pad(1 + Math.floor(rng() * 12))}-${pad(1 + Math.floor(rng() * 28))}`;
}

function makeName(rng: Rng, pop: Population, sex: 'M' | 'F'): PersonName {
  if (rng() < 0.1) {
    const e = pop.european(rng);
    return { surname: e.surname, givenNames: rng() < 0.3 ? `${e.given} ${pop.european(rng).given}` : e.given };
  }
  const count = rng() < 0.4 ? 1 : rng() < 0.75 ? 2 : 3;
  const given: string[] = [];
  for (let i = 0; i < count; i += 1) given.push(pop.given(rng, sex));
  if (sex === 'M' && rng() < 0.08) given.push(pick(rng, ABD_FORMS) + pick(rng, ABD_NAMES));
  let surname = pop.surname(rng);
  const r = rng();
  if (r < 0.06) surname = `${pick(rng, PARTICLE_FORMS)[0]} ${surname}`;
  else if (r < 0.09) surname = `${surname} ${pop.surname(rng)}`;
  return { surname, givenNames: given.join(' ') };
}

/** Streams `count` list entries; entry i depends only on (seed, i), so samples can be regenerated. */
export function* generateListEntries(count: number, options: { seed?: number; listId?: string; version?: number } = {}): Generator<AlertPersonDoc> {
  const seed = options.seed ?? 1;
  const listId = options.listId ?? 'eval';
  const version = options.version ?? 1;
  const pop = buildPopulation(seededRng(seed * 7919));
  for (let i = 0; i < count; i += 1) yield makeEntry(seededRng(seed * 1_000_003 + i), pop, listId, version, i);
}

function makeEntry(rng: Rng, pop: Population, listId: string, version: number, i: number): AlertPersonDoc {
  const sex: 'M' | 'F' = rng() < 0.8 ? 'M' : 'F';
  const names = [makeName(rng, pop, sex)];
  if (rng() < 0.25) names.push(respellName(rng, names[0]!));
  const d = rng();
  const birthDates = d < 0.75 ? [randomDate(rng)] : d < 0.9 ? [String(1950 + Math.floor(rng() * 55))] : d < 0.95 ? [randomDate(rng), randomDate(rng)] : [];
  const n = rng();
  const nationalities = n < 0.85 ? [listedNationality(rng)] : n < 0.9 ? [listedNationality(rng), listedNationality(rng)] : [];
  const entryId = `E${i}`;
  return {
    _id: `alert-person:${listId}:${entryId}`, type: 'alert-person', listId, listVersion: version, entryId, names, birthDates,
    sex: rng() < 0.9 ? sex : null, nationalities, reason: 'synthetic evaluation entry', instruction: 'refer to supervisor',
  };
}

// ---- variations ---------------------------------------------------------------------------------

const classOf = new Map<string, readonly string[]>();
for (const c of NAME_CLASSES) for (const s of c) classOf.set(s, c);

/** Spelling rules of French/English transliteration (applied where they fit), independent of the class table. */
const RULES: [RegExp, string][] = [
  [/OU/, 'U'], [/(?<=[BCDFGHJKLMNPRSTVZ])U/, 'OU'], [/([BDFGKLMNPRSTZ])\1/, '$1'], [/(?<=[AEIOU])([LMNRST])(?=[AEIOU])/, '$1$1'],
  [/E$/, ''], [/(?<=[BDKLMNRST])$/, 'E'], [/EH$/, 'E'], [/(?<=[AE])$/, 'H'], [/^C(?=[AOU])/, 'K'], [/^K/, 'C'], [/DJ/, 'J'], [/^J/, 'DJ'],
  [/^DI(?=[AO])/, 'J'], [/Y/, 'I'], [/(?<=[A-Z])I(?=[AEOU])/, 'Y'], [/PH/, 'F'], [/CH/, 'SH'], [/SH/, 'CH'], [/Q/, 'K'], [/KH/, 'K'],
  [/A(?=[^AEIOU]+$)/, 'E'], [/E(?=[^AEIOU]+$)/, 'A'], [/O(?=[^AEIOU]*$)/, 'OU'], [/I(?=[^AEIOU]*$)/, 'EE'],
];

export function respellToken(rng: Rng, token: string): string {
  const cls = classOf.get(token);
  if (cls !== undefined && rng() < 0.5) {
    const other = cls.filter((s) => s !== token);
    if (other.length > 0) return pick(rng, other);
  }
  const applicable = RULES.filter(([re]) => re.test(token));
  if (applicable.length === 0) return token;
  let out = token;
  const times = rng() < 0.3 ? 2 : 1;
  for (let i = 0; i < times; i += 1) {
    const [re, to] = pick(rng, applicable);
    const next = out.replace(re, to);
    if (next.length >= 2) out = next;
  }
  return out;
}

function respellName(rng: Rng, name: PersonName): PersonName {
  const apply = (part: string): string =>
    transliterate(part).split(' ').filter((t) => t.length > 0).map((t) => (t.length > 2 && rng() < 0.8 ? respellToken(rng, t) : t)).join(' ');
  return { surname: apply(name.surname), givenNames: apply(name.givenNames) };
}

/** MRZ OCR confusions in a name (mrz.md §11): letters read as digits, and a few letter pairs. */
const OCR_SUBSTITUTIONS: Record<string, string[]> = { O: ['0'], I: ['1'], S: ['5'], B: ['8'], Z: ['2'], G: ['6'], M: ['H'], H: ['M'], E: ['F'], A: ['4'] };

function ocrNoise(rng: Rng, text: string): string {
  const chars = [...text];
  const positions = chars.map((c, i) => (OCR_SUBSTITUTIONS[c] !== undefined ? i : -1)).filter((i) => i >= 0);
  const count = Math.min(positions.length, rng() < 0.6 ? 1 : 2);
  for (let k = 0; k < count; k += 1) {
    const at = Math.floor(rng() * positions.length);
    const i = positions.splice(at, 1)[0]!;
    chars[i] = pick(rng, OCR_SUBSTITUTIONS[chars[i]!]!);
  }
  return chars.join('');
}

/** The name as a TD1 (30) or TD3 (39) name field would hold it, cut at the field length. */
function mrzTruncate(name: PersonName, field: number): { surname: string; givenNames: string; truncated: boolean } {
  const surname = transliterate(name.surname).replace(/ /g, '<');
  const given = transliterate(name.givenNames).replace(/ /g, '<');
  const full = `${surname}<<${given}`;
  const cut = full.slice(0, field);
  const [s, g = ''] = cut.split('<<');
  return { surname: s!.replace(/</g, ' ').trim(), givenNames: g.replace(/</g, ' ').trim(), truncated: full.length > field };
}

function travellerDate(rng: Rng, entry: AlertPersonDoc): string {
  const listed = entry.birthDates[0];
  if (listed === undefined) return randomDate(rng);
  if (listed.length === 10) return listed;
  return randomDate(rng, Number(listed.slice(0, 4)));
}

function baseTraveller(rng: Rng, entry: AlertPersonDoc, name: PersonName): Traveller {
  return {
    surname: name.surname,
    givenNames: name.givenNames,
    birthDate: travellerDate(rng, entry),
    sex: entry.sex ?? (rng() < 0.8 ? 'M' : 'F'),
    // Dual nationals and refugee documents: some travellers carry a nationality the list does not name.
    nationality: rng() < 0.08 ? postNationality(rng) : (entry.nationalities[0] ?? postNationality(rng)),
  };
}

const ASCII_ONLY = /^[A-Z <'-]*$/;

/** Builds a positive of the given class from an entry, or null when the entry cannot show it. */
export function makePositive(rng: Rng, entry: AlertPersonDoc, variation: VariationClass): LabelledTraveller | null {
  const name = entry.names[0]!;
  const upper = { surname: name.surname.toUpperCase(), givenNames: name.givenNames.toUpperCase() };
  const label = (traveller: Traveller): LabelledTraveller => ({ traveller, label: 'positive', variation, entryDocId: entry._id });
  switch (variation) {
    case 'exact':
      if (!ASCII_ONLY.test(upper.surname + upper.givenNames)) return null;
      return label(baseTraveller(rng, entry, upper));
    case 'icao': {
      if (ASCII_ONLY.test(upper.surname + upper.givenNames)) return null;
      // The ICAO form (MUELLER, IULIIA), or what a visual-zone reader types (MULLER): diacritics stripped.
      const strip = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '');
      const asTyped = rng() < 0.5;
      const form = (s: string): string => (asTyped && /^[\p{Script=Latin} '-]*$/u.test(s) ? transliterate(strip(s)) : transliterate(s));
      return label(baseTraveller(rng, entry, { surname: form(name.surname), givenNames: form(name.givenNames) }));
    }
    case 'spelling':
      return label(baseTraveller(rng, entry, respellName(rng, name)));
    case 'order': {
      const given = transliterate(name.givenNames).split(' ');
      if (given.length >= 2 && rng() < 0.5) given.reverse();
      return label(baseTraveller(rng, entry, { surname: given.join(' '), givenNames: transliterate(name.surname) }));
    }
    case 'truncation': {
      const field = rng() < 0.5 ? 30 : 39;
      const cut = mrzTruncate(name, field);
      if (!cut.truncated) return null;
      return label({ ...baseTraveller(rng, entry, cut), nameTruncated: true });
    }
    case 'ocr': {
      const t = transliterate(name.surname);
      const g = transliterate(name.givenNames);
      return label(baseTraveller(rng, entry, rng() < 0.5 ? { surname: ocrNoise(rng, t), givenNames: g } : { surname: t, givenNames: ocrNoise(rng, g) }));
    }
    case 'birth-date': {
      const traveller = baseTraveller(rng, entry, { surname: transliterate(name.surname), givenNames: transliterate(name.givenNames) });
      const [y, m, d] = traveller.birthDate!.split('-').map(Number) as [number, number, number];
      const r = rng();
      if (r < 0.35 && d <= 12) traveller.birthDate = `${y}-${pad(d)}-${pad(m)}`; // day and month swapped
      else if (r < 0.7) traveller.birthDate = `${y + (rng() < 0.5 ? -1 : 1)}-${pad(m)}-${pad(d)}`; // a year off
      else traveller.birthDate = `${y}-01-01`; // unknown day written as 01-01
      return label(traveller);
    }
  }
}

export function makeHardNegative(rng: Rng, entry: AlertPersonDoc, kind: Exclude<NegativeClass, 'clean'>): LabelledTraveller | null {
  const name = entry.names[0]!;
  const listed = entry.birthDates[0];
  if (listed === undefined) return null; // without a listed date "another birth date" means nothing
  const year = Number(listed.slice(0, 4));
  const base = baseTraveller(rng, entry, { surname: transliterate(name.surname), givenNames: transliterate(name.givenNames) });
  if (kind === 'same-name-other-birth-date') {
    const shift = (2 + Math.floor(rng() * 18)) * (rng() < 0.5 ? -1 : 1);
    return { traveller: { ...base, birthDate: randomDate(rng, year + shift) }, label: 'negative', variation: kind, entryDocId: entry._id };
  }
  const given = base.givenNames.split(' ');
  if (given[0] === undefined || given[0].length < 2) return null;
  given[0] = buildPopulationForNegatives().otherGiven(rng, given[0], entry.sex === 'F' ? 'F' : 'M');
  let date = randomDate(rng, year);
  if (date === base.birthDate) date = randomDate(rng, year);
  return { traveller: { ...base, givenNames: given.join(' '), birthDate: date }, label: 'negative', variation: kind, entryDocId: entry._id };
}

let negativesPopulation: Population | null = null;
function buildPopulationForNegatives(): Population {
  negativesPopulation ??= buildPopulation(seededRng(424242));
  return negativesPopulation;
}

/** Clean travellers: people drawn from the same population who are not on the list (by construction). */
export function* generateCleanTravellers(count: number, options: { seed?: number; populationSeed?: number } = {}): Generator<LabelledTraveller> {
  const seed = options.seed ?? 99;
  // Same population as the list (same rule-made surnames), other people.
  const pop = buildPopulation(seededRng((options.populationSeed ?? 1) * 7919));
  for (let i = 0; i < count; i += 1) {
    const rng = seededRng(seed * 2_000_003 + i);
    const sex: 'M' | 'F' = rng() < 0.8 ? 'M' : 'F';
    const name = makeName(rng, pop, sex);
    yield {
      traveller: { surname: transliterate(name.surname), givenNames: transliterate(name.givenNames), birthDate: randomDate(rng), sex, nationality: postNationality(rng) },
      label: 'negative',
      variation: 'clean',
    };
  }
}
