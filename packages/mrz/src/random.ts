import { formatMrz } from './format';
import type { MrzFields, MrzFormat } from './types';

/**
 * Synthetic travellers for emulators, demos and tests: plausible names, codes and dates, never real
 * people. Pass a seeded `rng` for reproducible data.
 */
const SURNAMES = [
  'ERIKSSON', 'MUELLER', 'OKAFOR', 'NGUYEN', 'GARCIA', 'IVANOVA', 'KOWALSKI', 'HAMADA', 'DUBOIS', 'ROSSI',
  'ALMANSOURI', 'SANTOS', 'OBRIEN', 'VAN DER BERG', 'PETROV', 'MENSAH', 'SILVA', 'KIM', 'HANSEN', 'NAKAMURA',
  'DE LA CRUZ', 'ABDULLAHI', 'PAPADOPOULOS', 'NOVAK', 'TRAORE', 'CHEN', 'SMITH', 'JOHANSSON', 'OSEI', 'HERNANDEZ',
];
const GIVEN_NAMES = [
  'ANNA', 'MARIA', 'JOHN', 'FATIMA', 'WEI', 'OLENA', 'KWAME', 'LUCIA', 'AHMED', 'SOFIA', 'IURII', 'AMARA',
  'PIERRE', 'YUKI', 'CHIDI', 'ELENA', 'MOHAMMED', 'INGRID', 'RAFAEL', 'NADIA', 'TOMAS', 'AISHA', 'LEILA', 'JAN',
];
const STATES = [
  'D', 'FRA', 'GBR', 'USA', 'NGA', 'UKR', 'POL', 'JPN', 'BRA', 'IND', 'CHN', 'ESP', 'ITA', 'SWE', 'GHA',
  'MAR', 'TUR', 'KEN', 'CAN', 'AUS', 'NLD', 'GRC', 'EUE', 'UNO', 'XXA', 'XXB', 'GBN', 'RKS',
];
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const DAY_MS = 86_400_000;

function pick<T>(items: readonly T[], rng: () => number): T {
  return items[Math.floor(rng() * items.length) % items.length] as T;
}

function alnum(length: number, rng: () => number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALNUM[Math.floor(rng() * ALNUM.length) % ALNUM.length];
  return out;
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export interface RandomTravellerOptions {
  /** Shapes the document code and field lengths for this format (default TD3). */
  format?: MrzFormat;
  /** Reference day for plausible dates (default now). */
  today?: Date;
}

export function randomTraveller(rng: () => number = Math.random, options: RandomTravellerOptions = {}): MrzFields {
  const format = options.format ?? 'TD3';
  const today = (options.today ?? new Date()).getTime();
  const surname = rng() < 0.2 ? `${pick(SURNAMES, rng)} ${pick(SURNAMES, rng)}` : pick(SURNAMES, rng);
  const givenNames = rng() < 0.4 ? `${pick(GIVEN_NAMES, rng)} ${pick(GIVEN_NAMES, rng)}` : pick(GIVEN_NAMES, rng);
  const state = pick(STATES, rng);
  const documentCode =
    format === 'TD3' ? pick(['P', 'P', 'P', 'PO', 'PD'], rng) : format === 'MRVA' || format === 'MRVB' ? pick(['V', 'VA', 'VC'], rng) : pick(['I', 'ID', 'IR', 'AC', 'C'], rng);
  // Long numbers (overflowing into optional data) only where ICAO allows them.
  const longNumber = (format === 'TD1' || format === 'TD2') && rng() < 0.15;
  const documentNumber = longNumber ? alnum(10 + Math.floor(rng() * (format === 'TD1' ? 4 : 3)), rng) : alnum(6 + Math.floor(rng() * 4), rng);
  const birth = today - Math.floor((1 + rng() * 89) * 365.25 * DAY_MS);
  const expiry = today + Math.floor((rng() * 20 - 9) * 365.25 * DAY_MS);
  const sexRoll = rng();
  const fields: MrzFields = {
    documentCode,
    issuingState: state,
    surname,
    givenNames,
    documentNumber,
    nationality: rng() < 0.85 ? state : pick(STATES, rng),
    birthDate: isoDay(birth),
    sex: sexRoll < 0.48 ? 'M' : sexRoll < 0.96 ? 'F' : '<',
    expiryDate: isoDay(expiry),
  };
  const optionalRoom = longNumber ? 0 : { TD1: 15, TD2: 7, TD3: 14, MRVA: 16, MRVB: 8 }[format];
  if (optionalRoom > 0 && rng() < 0.5) fields.optionalData = alnum(1 + Math.floor(rng() * Math.min(optionalRoom, 11)), rng);
  if (format === 'TD1' && rng() < 0.3) fields.optionalData2 = alnum(1 + Math.floor(rng() * 11), rng);
  return fields;
}

/** A random traveller already laid out as MRZ lines of `format`. */
export function randomMrz(format: MrzFormat, rng: () => number = Math.random, today?: Date): { fields: MrzFields; lines: string[] } {
  const fields = randomTraveller(rng, today ? { format, today } : { format });
  return { fields, lines: formatMrz(fields, format) };
}
