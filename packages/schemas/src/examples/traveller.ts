import { formatMrz, randomTraveller } from '@borderpost/mrz';
import { type Rng, intBetween, pick } from './random';

/**
 * Where example travellers come from. By default `@borderpost/mrz` (`randomTraveller` + `formatMrz`,
 * in all its formats' worth of names, states and document numbers); the built-in TD3 source below
 * stays as a dependency-free fallback and as a cross-check of the check digits.
 */
export interface ExampleTravellerFields {
  documentCode: string;
  issuingState: string;
  surname: string;
  givenNames: string;
  documentNumber: string;
  nationality: string;
  birthDate: string;
  sex: 'M' | 'F' | 'X' | '<';
  expiryDate: string;
  optionalData?: string;
}

export interface ExampleTraveller {
  fields: ExampleTravellerFields;
  format: 'TD1' | 'TD2' | 'TD3';
  lines: string[];
}

/** `today` is the crossing's day, so document dates are plausible (and reproducible with a seed). */
export type TravellerSource = (rng: Rng, today: Date) => ExampleTraveller;

/** Adapts `@borderpost/mrz` (`randomTraveller`, `formatMrz`) as a traveller source. */
export function mrzTravellerSource(mrz: {
  randomTraveller(rng?: () => number, options?: { today?: Date }): ExampleTravellerFields;
  formatMrz(fields: ExampleTravellerFields, format: 'TD3'): string[];
}): TravellerSource {
  return (rng, today) => {
    const fields = mrz.randomTraveller(rng, { today });
    return { fields, format: 'TD3', lines: mrz.formatMrz(fields, 'TD3') };
  };
}

export const defaultTravellerSource: TravellerSource = mrzTravellerSource({ randomTraveller, formatMrz });

const PEOPLE: readonly { nationality: string; surnames: string[]; given: { M: string[]; F: string[] } }[] = [
  { nationality: 'NER', surnames: ['ISSOUFOU', 'MAHAMADOU', 'ABDOULAYE', 'HAMA'], given: { M: ['MOUSSA', 'IBRAHIM', 'SEYNI'], F: ['AICHA', 'MARIAMA', 'HADIZA'] } },
  { nationality: 'MLI', surnames: ['TRAORE', 'KEITA', 'COULIBALY', 'DIARRA'], given: { M: ['BAKARY', 'SEYDOU', 'MODIBO'], F: ['FATOUMATA', 'KADIATOU', 'AMINATA'] } },
  { nationality: 'NGA', surnames: ['OKAFOR', 'ADEYEMI', 'BELLO', 'EZE'], given: { M: ['CHINEDU', 'OLUWASEUN', 'MUSA'], F: ['NGOZI', 'FOLAKE', 'ZAINAB'] } },
  { nationality: 'TCD', surnames: ['MAHAMAT', 'DJIMET', 'NGARTA'], given: { M: ['ABAKAR', 'OUSMANE', 'DJIBRINE'], F: ['HAOUA', 'ACHTA', 'KALTOUMA'] } },
  { nationality: 'FRA', surnames: ['MARTIN', 'BERNARD', 'LEFEVRE', 'MOREAU'], given: { M: ['JEAN PIERRE', 'LUC', 'THOMAS'], F: ['CLAIRE', 'MARIE ANNE', 'SOPHIE'] } },
  { nationality: 'DZA', surnames: ['BENALI', 'HADDAD', 'BOUZID', 'MANSOURI'], given: { M: ['KARIM', 'YACINE', 'MOHAMED'], F: ['AMINA', 'LEILA', 'NADIA'] } },
  { nationality: 'SDN', surnames: ['ELTAYEB', 'OSMAN', 'ABDELRAHMAN'], given: { M: ['AHMED', 'HASSAN', 'OMER'], F: ['FATIMA', 'SARA', 'HIBA'] } },
  { nationality: 'D', surnames: ['MUELLER', 'SCHMIDT', 'SCHNEIDER'], given: { M: ['JOHANNES', 'LUKAS'], F: ['ANNA MARIA', 'LEONIE'] } },
];

const VALUES = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** ICAO 9303 check digit (weights 7, 3, 1; `<` counts 0). */
export function icaoCheckDigit(value: string): string {
  let sum = 0;
  [...value].forEach((char, index) => {
    const weight = [7, 3, 1][index % 3] as number;
    sum += (char === '<' ? 0 : VALUES.indexOf(char)) * weight;
  });
  return String(sum % 10);
}

const pad = (value: string, length: number) => (value + '<'.repeat(length)).slice(0, length);
const yymmdd = (date: string) => date.slice(2, 4) + date.slice(5, 7) + date.slice(8, 10);

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** TD3 (passport) lines for the fields, with all check digits. */
export function td3Lines(fields: ExampleTravellerFields): string[] {
  const name = pad(`${fields.surname.replace(/ /g, '<')}<<${fields.givenNames.replace(/ /g, '<')}`, 39);
  const line1 = pad(fields.documentCode, 2) + pad(fields.issuingState, 3) + name;
  const number = pad(fields.documentNumber, 9);
  const optional = pad(fields.optionalData ?? '', 14);
  const parts = [
    number + icaoCheckDigit(number),
    pad(fields.nationality, 3),
    yymmdd(fields.birthDate) + icaoCheckDigit(yymmdd(fields.birthDate)),
    fields.sex,
    yymmdd(fields.expiryDate) + icaoCheckDigit(yymmdd(fields.expiryDate)),
    optional + icaoCheckDigit(optional),
  ];
  const composite = icaoCheckDigit(parts[0]! + parts[2]! + parts[4]! + parts[5]!);
  return [line1, parts.join('') + composite];
}

export const builtinTravellerSource: TravellerSource = (rng) => {
  const people = pick(rng, PEOPLE);
  const sex = rng() < 0.5 ? 'M' : 'F';
  const letters = 'ABCDEFGHJKLMNPRSTUVWXYZ';
  const fields: ExampleTravellerFields = {
    documentCode: 'P',
    issuingState: people.nationality,
    surname: pick(rng, people.surnames),
    givenNames: pick(rng, people.given[sex]),
    documentNumber: pick(rng, [...letters]) + pick(rng, [...letters]) + String(intBetween(rng, 1000000, 9999999)),
    nationality: people.nationality,
    birthDate: isoDate(intBetween(rng, 1950, 2006), intBetween(rng, 1, 12), intBetween(rng, 1, 28)),
    sex,
    expiryDate: isoDate(intBetween(rng, 2027, 2035), intBetween(rng, 1, 12), intBetween(rng, 1, 28)),
  };
  return { fields, format: 'TD3', lines: td3Lines(fields) };
};
