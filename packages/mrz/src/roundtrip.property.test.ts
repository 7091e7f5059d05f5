import fc from 'fast-check';
import { formatMrz, parseMrz, randomTraveller } from './index';
import type { MrzFields, MrzFormat } from './types';
import { seededRandom } from '@borderpost/common';

const TODAY = new Date('2026-11-28T12:00:00Z');
const FORMATS: MrzFormat[] = ['TD1', 'TD2', 'TD3', 'MRVA', 'MRVB'];
const NAME_ROOM: Record<MrzFormat, number> = { TD1: 30, TD2: 31, TD3: 39, MRVA: 39, MRVB: 31 };

/** fast-check drives the traveller generator through a seeded rng, so failures shrink and replay. */
const rngArb = fc.integer({ min: 1, max: 0x7fffffff }).map((seed) => seededRandom(seed));

/**
 * ICAO truncation: given-name components shortened from the last towards the first (never below an
 * initial) before the surname is cut; the field is then full.
 */
function expectIcaoTruncation(surname: string, given: string, readSurname: string, readGiven: string, room: number): void {
  const givenParts = given.split(' ');
  const initialsLength = surname.length + 2 + givenParts.map(() => 1).join(' ').length;
  if (initialsLength <= room) {
    expect(readSurname).toBe(surname);
    const readParts = readGiven.split(' ');
    expect(readParts).toHaveLength(givenParts.length);
    readParts.forEach((part, i) => expect((givenParts[i] as string).startsWith(part) && part.length >= 1).toBe(true));
    // Shortening goes from the last component towards the first: once one is cut, all later ones are initials.
    const firstCut = readParts.findIndex((part, i) => part !== givenParts[i]);
    if (firstCut >= 0) for (let i = firstCut + 1; i < readParts.length; i++) expect(readParts[i]).toHaveLength(1);
  } else {
    expect(surname.replace(/ /g, '<').startsWith(readSurname.replace(/ /g, '<'))).toBe(true);
  }
}

function expectedName(fields: MrzFields, room: number): { surname: string; givenNames: string; truncated: boolean } {
  const full = fields.givenNames ? `${fields.surname}<<${fields.givenNames}` : fields.surname;
  const mrz = full.replace(/ /g, '<');
  return mrz.length >= room
    ? { surname: '', givenNames: '', truncated: true }
    : { surname: fields.surname, givenNames: fields.givenNames, truncated: false };
}

describe('round trip: formatMrz → parseMrz', () => {
  for (const format of FORMATS) {
    it(`${format}: random valid documents parse valid with the same fields`, () => {
      fc.assert(
        fc.property(rngArb, (rng) => {
          const fields = randomTraveller(rng, { format, today: TODAY });
          const lines = formatMrz(fields, format);
          const result = parseMrz(lines.join('\n'), { today: TODAY });
          expect(result.errors).toEqual([]);
          expect(result.valid).toBe(true);
          expect(result.corrections).toEqual([]);
          expect(result.format).toBe(format);
          expect(result.lines).toEqual(lines);
          expect(result).toMatchObject({
            documentCode: fields.documentCode,
            issuingState: fields.issuingState,
            documentNumber: fields.documentNumber,
            nationality: fields.nationality,
            birthDate: fields.birthDate,
            sex: fields.sex,
            expiryDate: fields.expiryDate,
            optionalData: fields.optionalData ?? '',
          });
          if (format === 'TD1') expect(result.optionalData2).toBe(fields.optionalData2 ?? '');
          const name = expectedName(fields, NAME_ROOM[format]);
          if (!name.truncated) {
            expect(result.surname).toBe(name.surname);
            expect(result.givenNames).toBe(name.givenNames);
            expect(result.nameTruncated).toBe(false);
          }
          // Repair never changes a document that is already valid.
          expect(parseMrz(lines.join('\n'), { today: TODAY, repair: false })).toEqual(result);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('arbitrary field values (not only the traveller generator) round-trip in every format', () => {
    const alnum = fc.stringMatching(/^[A-Z0-9]{1,9}$/);
    const date = (from: number, to: number) =>
      fc.integer({ min: from, max: to }).map((day) => new Date(Date.UTC(2000, 0, 1) + day * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        fc.constantFrom(...FORMATS),
        alnum,
        fc.stringMatching(/^[A-Z]{1,12}$/),
        fc.stringMatching(/^[A-Z]{1,10}( [A-Z]{1,8})?$/),
        date(-26600, 9828), // 1927-03 .. 2026-11-28: within the 100 years the century rule can tell apart
        date(-600, 19000), // 1998 .. 2052 (inside the expiry window)
        fc.constantFrom('M', 'F', 'X', '<') as fc.Arbitrary<MrzFields['sex']>,
        fc.constantFrom('D', 'UTO', 'XXA', 'XXB', 'XXC', 'XXX', 'UNO', 'UNA', 'UNK', 'EUE', 'GBD', 'GBN', 'GBO', 'GBP', 'GBS', 'FRA', 'QQQ'),
        (format, number, surname, given, birth, expiry, sex, state) => {
          const visa = format === 'MRVA' || format === 'MRVB';
          const fields: MrzFields = {
            documentCode: visa ? 'V' : format === 'TD3' ? 'P' : 'I',
            issuingState: state,
            surname,
            givenNames: given,
            documentNumber: number,
            nationality: state,
            birthDate: birth,
            sex,
            expiryDate: expiry,
          };
          const result = parseMrz(formatMrz(fields, format).join('\n'), { today: TODAY });
          expect(result.valid).toBe(true);
          expect(result).toMatchObject({ documentNumber: number, birthDate: birth, expiryDate: expiry, sex, issuingState: state });
          const fullName = `${surname}<<${given.replace(/ /g, '<')}`;
          if (fullName.length <= NAME_ROOM[format] - 1) {
            expect(result).toMatchObject({ surname, givenNames: given, nameTruncated: false });
          } else {
            expect(result.nameTruncated).toBe(fullName.length >= NAME_ROOM[format]);
            expectIcaoTruncation(surname, given, result.surname ?? '', result.givenNames ?? '', NAME_ROOM[format]);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
