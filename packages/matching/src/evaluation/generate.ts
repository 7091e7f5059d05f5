import { transliterate } from '@borderpost/mrz';
import { NAME_CLASSES } from '../names/classes';
import type { AlertPersonDoc, PersonName, Traveller } from '../types';
import { type Culture, LIST_CULTURE_WEIGHTS, TRAVELLER_CULTURE_WEIGHTS, foreignPerson, weightedCulture } from './cultures';
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
  /** Name culture of the entry (positives, hard negatives) or of the clean traveller; evaluation-only, never shown to the matcher. */
  culture?: NameCulture;
}

/** 'regional' = the post's own West-African and Arabic name pool (population.ts). */
export type NameCulture = 'regional' | Culture;

/**
 * How the list is composed.
 * - 'global' (default): a list of a million persons is the union of national, regional and
 *   international lists (matching.md §11) and covers every region's names; `regionalShare` of its
 *   entries come from the post's own pool, the rest from the other cultures of cultures.ts.
 * - 'regional': every entry from the post's own name pool (the harsh set of matching.md §9).
 */
export type ListComposition = 'global' | 'regional';

/**
 * Default share of the post's own (West-African and Arabic) names on a global list. Modelling
 * assumption, not a count: the consolidated international lists are dominated by other name cultures
 * (Russian persons alone were 15,231 of the 33,714 persons named on the sanctions lists X-Compliance
 * monitored at the end of 2023, per Interfax), while national and regional notices of the post's own
 * region add its names; 20 % gives those a weight well above their share of the world's population.
 */
export const DEFAULT_REGIONAL_SHARE = 0.2;

/**
 * Share of clean travellers at the post who carry another culture's name (modelling assumption: a
 * West-African post also sees Chinese, European, Indian, Turkish and East African travellers).
 */
export const DEFAULT_FOREIGN_TRAVELLER_SHARE = 0.08;

const REASON = 'synthetic evaluation entry';

/** The name culture an evaluation entry was drawn from (kept in its `reason`; the matcher never reads it). */
export function entryCulture(entry: AlertPersonDoc): NameCulture {
  const m = /\((.+) names\)$/.exec(entry.reason ?? '');
  return m === null ? 'regional' : (m[1] as Culture);
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
export interface ListOptions {
  seed?: number;
  listId?: string;
  version?: number;
  /** 'global' (default) or 'regional' (the harsh set): see ListComposition. */
  composition?: ListComposition;
  /** Share of the post's own names on a global list (default DEFAULT_REGIONAL_SHARE). */
  regionalShare?: number;
}

/**
 * Streams `count` list entries; entry i depends only on (seed, i, composition), so samples can be
 * regenerated. The regional entries of a global list are the very entries the regional list has at the
 * same positions (the culture is drawn from a separate stream), so the two compositions differ only by
 * the entries replaced with other cultures.
 */
export function* generateListEntries(count: number, options: ListOptions = {}): Generator<AlertPersonDoc> {
  const seed = options.seed ?? 1;
  const listId = options.listId ?? 'eval';
  const version = options.version ?? 1;
  const regionalShare = (options.composition ?? 'global') === 'regional' ? 1 : (options.regionalShare ?? DEFAULT_REGIONAL_SHARE);
  const pop = buildPopulation(seededRng(seed * 7919));
  for (let i = 0; i < count; i += 1) {
    const rng = seededRng(seed * 1_000_003 + i);
    if (regionalShare >= 1) {
      yield makeEntry(rng, pop, listId, version, i);
      continue;
    }
    const cultureRng = seededRng(seed * 3_000_017 + i + 0x5bd1e995);
    yield cultureRng() < regionalShare ? makeEntry(rng, pop, listId, version, i) : makeEntry(rng, pop, listId, version, i, weightedCulture(cultureRng, LIST_CULTURE_WEIGHTS));
  }
}

function makeEntry(rng: Rng, pop: Population, listId: string, version: number, i: number, culture?: Culture): AlertPersonDoc {
  const sex: 'M' | 'F' = rng() < 0.8 ? 'M' : 'F';
  const foreign = culture === undefined ? null : foreignPerson(rng, culture, sex);
  const names = [foreign?.name ?? makeName(rng, pop, sex)];
  if (rng() < 0.25) {
    if (foreign === null) names.push(respellName(rng, names[0]!));
    else {
      // A foreign alias: a known-class respelling, else the ICAO form when the name is written otherwise.
      const alias = respellForeignName(rng, names[0]!) ?? transliterateName(names[0]!);
      if (alias.surname !== names[0]!.surname || alias.givenNames !== names[0]!.givenNames) names.push(alias);
    }
  }
  const d = rng();
  const birthDates = d < 0.75 ? [randomDate(rng)] : d < 0.9 ? [String(1950 + Math.floor(rng() * 55))] : d < 0.95 ? [randomDate(rng), randomDate(rng)] : [];
  const n = rng();
  // A foreign entry's nationality is mostly its name's country (a second one from anywhere).
  const listed = (): string => foreign?.nationality ?? listedNationality(rng);
  const nationalities = n < 0.85 ? [listed()] : n < 0.9 ? [listed(), listedNationality(rng)] : [];
  const entryId = `E${i}`;
  return {
    _id: `alert-person:${listId}:${entryId}`, type: 'alert-person', listId, listVersion: version, entryId, names, birthDates,
    sex: rng() < 0.9 ? sex : null, nationalities, reason: culture === undefined ? REASON : `${REASON} (${culture} names)`, instruction: 'refer to supervisor',
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

function transliterateName(name: PersonName): PersonName {
  return { surname: transliterate(name.surname), givenNames: transliterate(name.givenNames) };
}

/**
 * Another spelling of a foreign name, only through the classes the matcher's table knows
 * (ALEKSANDR/ALEXANDER, YURIY/IURII, MUHAMMAD/MEHMET, HUSSEIN/HOSSEIN …): the rule-based respellings
 * above are French/English transliteration habits for West-African and Arabic names and would invent
 * variants nobody writes for WANG or KUMAR. Null when no token has a known class.
 */
function respellForeignName(rng: Rng, name: PersonName): PersonName | null {
  let changed = false;
  const apply = (part: string): string =>
    transliterate(part).split(' ').filter((t) => t.length > 0).map((t) => {
      const other = (classOf.get(t) ?? []).filter((s) => s !== t);
      if (other.length === 0) return t;
      changed = true;
      return pick(rng, other);
    }).join(' ');
  const out = { surname: apply(name.surname), givenNames: apply(name.givenNames) };
  return changed ? out : null;
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
  const culture = entryCulture(entry);
  const label = (traveller: Traveller): LabelledTraveller => ({ traveller, label: 'positive', variation, entryDocId: entry._id, culture });
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
    case 'spelling': {
      if (culture === 'regional') return label(baseTraveller(rng, entry, respellName(rng, name)));
      const respelt = respellForeignName(rng, name);
      return respelt === null ? null : label(baseTraveller(rng, entry, respelt));
    }
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

/**
 * A traveller at the post who is not the listed person but shares (or nearly shares) an entry's name.
 * Only from entries of the post's own names: the hard negatives model the post's travellers, and a
 * near name is made with the regional given-name pool.
 */
export function makeHardNegative(rng: Rng, entry: AlertPersonDoc, kind: Exclude<NegativeClass, 'clean'>): LabelledTraveller | null {
  if (entryCulture(entry) !== 'regional') return null;
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

export interface CleanTravellerOptions {
  seed?: number;
  populationSeed?: number;
  /**
   * 'global' (default): DEFAULT_FOREIGN_TRAVELLER_SHARE of the travellers carry another culture's
   * name and its nationality; 'regional': all from the post's own pool (as the harsh set always was).
   */
  composition?: ListComposition;
  foreignShare?: number;
}

/**
 * Clean travellers: people who are not on the list (by construction), from the post's own population
 * (same rule-made surnames as the list) with the post's nationality mix, plus on the global
 * composition a share of foreigners. Traveller i of the post's pool is the same in both compositions
 * (the foreign draw uses a separate stream); foreigners replace some of them.
 */
export function* generateCleanTravellers(count: number, options: CleanTravellerOptions = {}): Generator<LabelledTraveller> {
  const seed = options.seed ?? 99;
  const foreignShare = (options.composition ?? 'global') === 'regional' ? 0 : (options.foreignShare ?? DEFAULT_FOREIGN_TRAVELLER_SHARE);
  const pop = buildPopulation(seededRng((options.populationSeed ?? 1) * 7919));
  for (let i = 0; i < count; i += 1) {
    const rng = seededRng(seed * 2_000_003 + i);
    const sex: 'M' | 'F' = rng() < 0.8 ? 'M' : 'F';
    const foreignRng = seededRng(seed * 5_000_011 + i + 0x2545f491);
    if (foreignShare > 0 && foreignRng() < foreignShare) {
      const culture = weightedCulture(foreignRng, TRAVELLER_CULTURE_WEIGHTS);
      const person = foreignPerson(foreignRng, culture, sex);
      yield {
        traveller: { ...transliterateName(person.name), birthDate: randomDate(foreignRng), sex, nationality: person.nationality },
        label: 'negative',
        variation: 'clean',
        culture,
      };
      continue;
    }
    const name = makeName(rng, pop, sex);
    yield {
      traveller: { surname: transliterate(name.surname), givenNames: transliterate(name.givenNames), birthDate: randomDate(rng), sex, nationality: postNationality(rng) },
      label: 'negative',
      variation: 'clean',
      culture: 'regional',
    };
  }
}
