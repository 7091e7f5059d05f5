import { NAME_CLASSES } from '../names/classes';
import { type Rng, pick, zipfPicker } from './random';

/**
 * The synthetic population: West-African and Arabic names (with their spelling classes), rule-made
 * surnames so lists are not all namesakes, and a share of European and Cyrillic names with letters
 * that ICAO transliterates (Ü → UE, Ю → IU).
 */
const FEMALE = new Set(['FATIMA', 'AMINATA', 'MARYAM', 'AISHA', 'KHADIJA', 'ZAINAB', 'HAWA', 'YULIYA']);
const SURNAME_CLASS_START = NAME_CLASSES.findIndex((c) => c[0] === 'DIALLO');

export const GIVEN_CLASSES = NAME_CLASSES.slice(0, SURNAME_CLASS_START).filter((c) => !['YURIY', 'YULIYA', 'ALEKSANDR'].includes(c[0]!));
export const SURNAME_CLASSES = NAME_CLASSES.slice(SURNAME_CLASS_START);

const SYLLABLES = ['KA', 'MA', 'RA', 'BA', 'SI', 'DOU', 'KOU', 'TA', 'NE', 'GO', 'LI', 'YE', 'SO', 'FA', 'DI', 'NA', 'BE', 'TOU', 'MBA', 'LA', 'SA', 'KE', 'RI', 'WA', 'HA', 'ZI', 'NDO', 'GUE', 'MOU', 'BI', 'DA', 'LO', 'TE', 'KI', 'SSA', 'NGA', 'FO', 'JA', 'MI', 'RO'];
const EXTRA_GIVEN = ['KARIM', 'NABIL', 'RACHID', 'SAMIR', 'WALID', 'JAMAL', 'FARID', 'HAMZA', 'BILAL', 'ANWAR', 'NASSER', 'FAYCAL', 'ZAKARIA', 'ILYAS', 'SALIM', 'MALIK', 'RIDA', 'AZIZ', 'KADER', 'MOKHTAR', 'BAKARI', 'SEKOU', 'LANSANA', 'MODOU', 'PAPA', 'ALPHA', 'THIERNO', 'DEMBA', 'SAMBA', 'MOMODOU', 'LAMIN', 'EBRIMA', 'KEBBA', 'SAINEY', 'NDEYE', 'ROKHAYA', 'BINTOU', 'SALIMATA', 'ASSA', 'DJENEBA', 'KORKA', 'OUMOU', 'SOKHNA', 'AWA', 'COUMBA', 'RAMATA', 'NAFI', 'MARIAMA', 'SAFIATOU', 'TENING'];
const EUROPEAN_GIVEN = ['JÜRGEN', 'BJÖRN', 'SØREN', 'ZOË', 'FRANÇOIS', 'JOSÉ', 'ŁUKASZ', 'MAŁGORZATA', 'Юрий', 'Юлия', 'Алексей', 'Сергей', 'Наталья', 'Дмитрий', 'Ольга', 'ÁLVARO', 'INÊS', 'GÜNTER', 'HÅKON', 'ÇAĞLAR', 'Андрей', 'Екатерина', 'Фёдор', 'Татьяна', 'Михаил', 'Людмила', 'Владимир', 'Ксения', 'RENÉ', 'HÉLÈNE', 'JÖRG', 'MÅNS', 'ÅSA', 'ØYVIND', 'TOMÁŠ', 'JIŘÍ', 'ZUZANA', 'WOJCIECH', 'GRZEGORZ', 'AGNIESZKA', 'MEHMET', 'AYŞE', 'ÖMER', 'GÖKHAN', 'SÉBASTIEN', 'NOÉMIE', 'JOÃO', 'CONCEIÇÃO'];
const EUROPEAN_PREFIXES = ['MÜL', 'SCHRÖ', 'ØVER', 'GONÇ', 'WAŁ', 'HERN', 'NÚÑ', 'ÇEL', 'ÖZT', 'ŞAH', 'JÄG', 'FØR', 'BRÄ', 'LÖW', 'KÖH', 'GRÜN', 'STRÖ', 'BJÖR', 'SØR', 'DAHL', 'KRÓL', 'DVOŘ', 'NOWÁ', 'MÉN', 'FÉR', 'ROUSS', 'GÉR', 'ANDR', 'PÉT', 'HÅK'];
const EUROPEAN_SUFFIXES = ['LER', 'DER', 'GAARD', 'ALVES', 'ĘSA', 'ÁNDEZ', 'EZ', 'IK', 'ÜRK', 'IN', 'ER', 'DE', 'MANN', 'BERG', 'STRÖM', 'SEN', 'SSON', 'OWSKI', 'ÁK', 'EAU', 'ARD', 'ÈS', 'ESCU', 'OVÁ', 'ÉLY'];
const CYRILLIC_PREFIXES = ['Ив', 'Кузн', 'Щук', 'Жук', 'Сол', 'Черн', 'Пав', 'Мих', 'Вол', 'Бел', 'Зай', 'Юр', 'Ящ', 'Цвет', 'Федь', 'Хар', 'Шев', 'Яков', 'Гуз', 'Ков'];
const CYRILLIC_SUFFIXES = ['анов', 'ецов', 'ин', 'ов', 'овьёв', 'ышёв', 'енко', 'ский', 'чук', 'ёв', 'ухин', 'ьев'];
/** West-African surnames as French-speaking registries write them, with accents. */
const ACCENTED = new Map([['TRAORE', 'TRAORÉ'], ['CISSE', 'CISSÉ'], ['KONATE', 'KONATÉ'], ['TOURE', 'TOURÉ'], ['SANGARE', 'SANGARÉ'], ['DEMBELE', 'DEMBÉLÉ'], ['OUEDRAOGO', 'OUÉDRAOGO'], ['DIAKITE', 'DIAKITÉ']]);

export const NATIONALITIES = ['GIN', 'SEN', 'MLI', 'MRT', 'NER', 'BFA', 'GMB', 'SLE', 'NGA', 'SDN', 'LBY', 'SYR', 'IRQ', 'YEM', 'SOM', 'AFG', 'PAK', 'EGY', 'MAR', 'DZA', 'TUN', 'CIV', 'TCD'];

/**
 * Travellers at one post are not spread evenly over nationalities: a post on the Guinea–Senegal–Mali
 * borders sees mostly its neighbours (here 80 % from five countries), and the list it screens against
 * holds many of the same nationals. Drawing clean travellers uniformly over 23 nationalities made a
 * namesake share the listed nationality 1 time in 23, which flattered the nationality qualifier; with
 * this mix it is about 1 time in 8 (harder, and closer to service).
 */
const POST_NATIONALITY_WEIGHTS: [string, number][] = [['GIN', 0.35], ['SEN', 0.2], ['MLI', 0.15], ['GMB', 0.05], ['SLE', 0.05]];
const POST_OTHERS = NATIONALITIES.filter((n) => !POST_NATIONALITY_WEIGHTS.some(([c]) => c === n));

/** A traveller's nationality at the evaluation's post. */
export function postNationality(rng: Rng): string {
  let x = rng();
  for (const [code, weight] of POST_NATIONALITY_WEIGHTS) {
    if (x < weight) return code;
    x -= weight;
  }
  return pick(rng, POST_OTHERS);
}

/**
 * A list entry's nationality: half from the region the post serves (national and regional notices),
 * half from anywhere (international lists).
 */
export function listedNationality(rng: Rng): string {
  return rng() < 0.5 ? postNationality(rng) : pick(rng, NATIONALITIES);
}

function makeSurnames(rng: Rng, count: number): string[] {
  const out = new Set<string>();
  while (out.size < count) {
    const n = 2 + Math.floor(rng() * 2.2);
    let s = '';
    for (let i = 0; i < n; i += 1) s += pick(rng, SYLLABLES);
    out.add(s);
  }
  return [...out];
}

export interface Population {
  given(rng: Rng, sex: 'M' | 'F'): string;
  surname(rng: Rng): string;
  european(rng: Rng): { surname: string; given: string };
  /** A given name that is surely not a spelling of `name` (for near-name negatives). */
  otherGiven(rng: Rng, name: string, sex: 'M' | 'F'): string;
}

export function buildPopulation(seed: Rng): Population {
  const generated = makeSurnames(seed, 20000);
  const maleClasses = GIVEN_CLASSES.filter((c) => !FEMALE.has(c[0]!));
  const femaleClasses = GIVEN_CLASSES.filter((c) => FEMALE.has(c[0]!));
  const maleClass = zipfPicker(maleClasses, 0.9);
  const femaleClass = zipfPicker(femaleClasses, 0.9);
  const surnameClass = zipfPicker(SURNAME_CLASSES, 0.8);
  const generatedSurname = zipfPicker(generated, 0.5);
  // The first spellings of a class are the common ones.
  const spelling = (rng: Rng, members: readonly string[]): string => members[Math.min(members.length - 1, Math.floor(Math.pow(rng(), 2) * members.length))]!;
  const given = (rng: Rng, sex: 'M' | 'F'): string => {
    if (rng() < 0.3) return pick(rng, EXTRA_GIVEN);
    return spelling(rng, sex === 'M' ? maleClass(rng) : femaleClass(rng));
  };
  return {
    given,
    surname(rng) {
      if (rng() < 0.45) {
        const s = spelling(rng, surnameClass(rng));
        return ACCENTED.has(s) && rng() < 0.5 ? ACCENTED.get(s)! : s;
      }
      return generatedSurname(rng);
    },
    european(rng) {
      const surname = rng() < 0.3 ? pick(rng, CYRILLIC_PREFIXES) + pick(rng, CYRILLIC_SUFFIXES) : pick(rng, EUROPEAN_PREFIXES) + pick(rng, EUROPEAN_SUFFIXES);
      return { surname, given: pick(rng, EUROPEAN_GIVEN) };
    },
    otherGiven(rng, name, sex) {
      const cls = GIVEN_CLASSES.find((c) => c.includes(name));
      for (let i = 0; i < 50; i += 1) {
        const candidate = given(rng, sex);
        if (candidate !== name && (cls === undefined || !cls.includes(candidate))) return candidate;
      }
      return pick(rng, EXTRA_GIVEN.filter((g) => g !== name));
    },
  };
}
