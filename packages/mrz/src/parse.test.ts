import { checkDigit, formatMrz, MrzCodes, parseMrz } from './index';
import type { MrzFields, MrzResult } from './types';

const TODAY = new Date('2026-11-28T12:00:00Z');
const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];

const codes = (list: Array<{ code: string }>) => list.map((e) => e.code);
const parse = (text: string | string[], repair = true): MrzResult => parseMrz(Array.isArray(text) ? text.join('\n') : text, { today: TODAY, repair });

/** Replaces line `line` (0-based) column `col` (0-based) and recomputes nothing. */
function edit(lines: readonly string[], line: number, col: number, text: string): string[] {
  return lines.map((l, i) => (i === line ? l.slice(0, col) + text + l.slice(col + text.length) : l));
}

const base: MrzFields = {
  documentCode: 'P',
  issuingState: 'FRA',
  surname: 'DUBOIS',
  givenNames: 'PIERRE',
  documentNumber: 'AB1234567',
  nationality: 'FRA',
  birthDate: '1980-05-17',
  sex: 'M',
  expiryDate: '2030-01-31',
};

describe('check digits', () => {
  it('computes the ICAO worked examples', () => {
    expect(checkDigit('740812')).toBe(2);
    expect(checkDigit('D23145890')).toBe(7);
    expect(checkDigit('L898902C3')).toBe(6);
    expect(checkDigit('L898902C36' + '7408122' + '1204159ZE184226B<<<<<1')).toBe(0);
    expect(checkDigit('D231458907<<<<<<<<<<<<<<<' + '7408122' + '1204159' + '<<<<<<<<<<<')).toBe(6);
    expect(checkDigit('<<<')).toBe(0);
  });

  it('refuses characters outside the MRZ alphabet with a stable code', () => {
    expect(() => checkDigit('abc')).toThrow(expect.objectContaining({ code: MrzCodes.INVALID_FIELD }));
  });

  it('reports each failed check field by field and is never valid with a failed check', () => {
    const r = parse(edit(TD3, 1, 19, '3'), false);
    expect(r.valid).toBe(false);
    expect(r.checks).toEqual({ documentNumber: true, birthDate: false, expiryDate: true, personalNumber: true, composite: false });
    expect(r.errors).toEqual([
      expect.objectContaining({ code: MrzCodes.CHECK_FAILED, field: 'birthDate' }),
      expect.objectContaining({ code: MrzCodes.CHECK_FAILED, field: 'composite' }),
    ]);
    // The fields are still read, for the officer to see.
    expect(r.birthDate).toBe('1974-08-12');
  });

  it('accepts 0 or < as the check digit of an empty TD3 personal number', () => {
    const lines = formatMrz(base, 'TD3');
    expect(lines[1]?.slice(28, 43)).toBe('<<<<<<<<<<<<<<<');
    expect(parse(lines).valid).toBe(true);
    const withZero = edit(lines, 1, 42, '0');
    expect(parse(withZero, false)).toMatchObject({ valid: true, checks: { personalNumber: true, composite: true } });
  });
});

describe('input normalization', () => {
  it('accepts CR, LF, CRLF, whitespace, _ padding and lowercase, and says so', () => {
    const messy = `  ${TD3[0]?.toLowerCase()}__\r\n\t${TD3[1]}  \r\n\r\n`;
    const r = parse(messy);
    expect(r.valid).toBe(true);
    expect(r.lines).toEqual(TD3);
    expect(codes(r.warnings)).toEqual(expect.arrayContaining([MrzCodes.INPUT_LINE_ENDINGS, MrzCodes.INPUT_WHITESPACE, MrzCodes.INPUT_LOWERCASE, MrzCodes.INPUT_PADDING]));
    expect(parse(TD3.join('\r')).valid).toBe(true);
  });

  it('drops reader framing control characters', () => {
    const r = parse(`\u0002${TD3[0]}\r${TD3[1]}\r\u0003`);
    expect(r).toMatchObject({ valid: true, lines: TD3 });
    expect(codes(r.warnings)).toContain(MrzCodes.INPUT_CONTROL);
  });

  it('a clean read has no normalization warning; a trailing newline is normal', () => {
    expect(codes(parse(TD1.join('\n') + '\n').warnings)).toEqual([MrzCodes.SPECIMEN_COUNTRY, MrzCodes.SPECIMEN_COUNTRY]);
  });

  it('restores trailing fillers that a reader stripped, and check digits catch a line cut elsewhere', () => {
    const stripped = parse([(TD3[0] as string).replace(/<+$/, ''), TD3[1] as string]);
    expect(stripped).toMatchObject({ format: 'TD3', valid: true, lines: TD3, surname: 'ERIKSSON', givenNames: 'ANNA MARIA' });
    expect(codes(stripped.warnings)).toContain(MrzCodes.INPUT_FILLERS_RESTORED);
    expect(parse(TD1.map((line) => line.replace(/<+$/, '')))).toMatchObject({ format: 'TD1', valid: true, lines: TD1 });
    const cut = parse([TD3[0] as string, (TD3[1] as string).slice(0, 40)], false);
    expect(cut).toMatchObject({ format: 'TD3', valid: false });
    expect(codes(cut.errors)).toContain(MrzCodes.CHECK_FAILED);
  });

  it('splits an MRZ sent as a single line', () => {
    const r = parse(TD3.join(''));
    expect(r).toMatchObject({ format: 'TD3', valid: true });
    expect(codes(r.warnings)).toContain(MrzCodes.INPUT_JOINED);
  });

  it('rejects anything that is not an MRZ format with a clear error', () => {
    expect(parse('')).toMatchObject({ format: null, valid: false, errors: [{ code: MrzCodes.EMPTY_INPUT }] });
    expect(parse('hello world')).toMatchObject({ format: null, errors: [{ code: MrzCodes.UNKNOWN_FORMAT }] });
    expect(parse([TD3[0] as string, `${TD3[1]}X`])).toMatchObject({ format: null, errors: [{ code: MrzCodes.BAD_LENGTH }] });
    expect(parse([(TD3[0] as string).slice(0, 40), (TD3[1] as string).slice(0, 40)])).toMatchObject({ format: null, errors: [{ code: MrzCodes.BAD_LENGTH }] });
    expect(parse(TD1.slice(0, 2).concat(['SHORT<<<<<<<<<<<<<<<<<<<<<<<<<<<<X']))).toMatchObject({ format: null, errors: [{ code: MrzCodes.BAD_LENGTH }] });
    expect(parse([...TD1, 'EXTRA'])).toMatchObject({ format: null, errors: [{ code: MrzCodes.UNKNOWN_FORMAT }] });
  });

  it('reports characters outside the MRZ alphabet', () => {
    const r = parse(edit(TD3, 0, 10, '*'));
    expect(r.valid).toBe(false);
    expect(codes(r.errors)).toContain(MrzCodes.BAD_CHARACTER);
  });
});

describe('documents: passports, cards, visas', () => {
  it('tells passports from visas by the document code', () => {
    const visa = formatMrz({ ...base, documentCode: 'V' }, 'MRVA');
    expect(parse(visa)).toMatchObject({ format: 'MRVA', kind: 'visa', valid: true });
    expect(parse(formatMrz(base, 'TD3'))).toMatchObject({ format: 'TD3', kind: 'passport' });
    expect(parse(formatMrz({ ...base, documentCode: 'AC' }, 'TD1'))).toMatchObject({ format: 'TD1', kind: 'other', documentCode: 'AC' });
  });

  it('reads a 36-character P< document and a 44-character I< card with a warning, not a rejection', () => {
    const germanTd2Passport = parse(formatMrz({ ...base, documentCode: 'P' }, 'TD2'));
    expect(germanTd2Passport).toMatchObject({ format: 'TD2', kind: 'passport', valid: true });
    expect(codes(germanTd2Passport.warnings)).toContain(MrzCodes.DOCUMENT_CODE_FORMAT);
    const slovakCard = parse(formatMrz({ ...base, documentCode: 'I' }, 'TD3'));
    expect(slovakCard).toMatchObject({ format: 'TD3', kind: 'id-card', valid: true });
    expect(codes(slovakCard.warnings)).toContain(MrzCodes.DOCUMENT_CODE_FORMAT);
  });

  it('rejects a document code that is not a letter', () => {
    expect(codes(parse(edit(TD3, 0, 0, '1')).errors)).toContain(MrzCodes.BAD_DOCUMENT_CODE);
  });
});

describe('long document numbers (TD1/TD2 overflow)', () => {
  // ICAO 9303 Part 5 note j, constructed illustration: RW5830174JHX.
  const line1 = (optional: string) => `I<UTORW5830174<${optional}`.padEnd(30, '<');
  const line2Body = '7408122F1204159UTO<<<<<<<<<<<';
  const td1 = (optional: string): string[] => {
    const l1 = line1(optional);
    const composite = checkDigit(l1.slice(5, 30) + line2Body.slice(0, 7) + line2Body.slice(8, 15) + line2Body.slice(18, 29));
    return [l1, line2Body + composite, 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
  };

  it('reads the whole number and checks it the ICAO way', () => {
    expect(checkDigit('RW5830174JHX')).toBe(4);
    const r = parse(td1('JHX4'));
    expect(r).toMatchObject({ valid: true, documentNumber: 'RW5830174JHX', optionalData: '', checks: { documentNumber: true, composite: true } });
  });

  it('accepts the principal+<+rest variant with a warning', () => {
    expect(checkDigit('RW5830174<JHX')).toBe(2);
    const r = parse(td1('JHX2'));
    expect(r).toMatchObject({ valid: true, documentNumber: 'RW5830174JHX' });
    expect(codes(r.warnings)).toContain(MrzCodes.OVERFLOW_VARIANT);
  });

  it('keeps optional data after the overflow, and handles an overflow that fills the field', () => {
    expect(parse(td1('JHX4<ABC'))).toMatchObject({ valid: true, documentNumber: 'RW5830174JHX', optionalData: 'ABC' });
    const longest = 'RW5830174ABCDEFGHIJKLMN';
    const lines = formatMrz({ ...base, documentCode: 'I', documentNumber: longest }, 'TD1');
    expect(lines[0]?.endsWith('<')).toBe(false);
    expect(parse(lines)).toMatchObject({ valid: true, documentNumber: longest, optionalData: '' });
  });

  it('round-trips long numbers in TD2 and refuses them where ICAO has no overflow', () => {
    const lines = formatMrz({ ...base, documentCode: 'I', documentNumber: 'X123456789AB', optionalData: '' }, 'TD2');
    expect(parse(lines)).toMatchObject({ valid: true, documentNumber: 'X123456789AB' });
    expect(() => formatMrz({ ...base, documentNumber: 'X123456789AB' }, 'TD3')).toThrow(expect.objectContaining({ code: MrzCodes.INVALID_FIELD }));
  });
});

describe('names', () => {
  it('splits primary and secondary identifiers', () => {
    expect(parse(TD3)).toMatchObject({ surname: 'ERIKSSON', givenNames: 'ANNA MARIA', nameTruncated: false });
  });

  it('reads a name without << as the primary identifier only', () => {
    const short = parse([`P<UTO${'AHMAD<BIN<ISMAIL'.padEnd(39, '<')}`, TD3[1] as string]);
    expect(short).toMatchObject({ surname: 'AHMAD BIN ISMAIL', givenNames: '', nameTruncated: false });
    const full = parse([`P<UTO${'MOHAMED<BIN<ABDULLAH<BIN<ISMAIL<BIN<AHMAD'.slice(0, 39)}`, TD3[1] as string]);
    expect(full).toMatchObject({ surname: 'MOHAMED BIN ABDULLAH BIN ISMAIL BIN AHM', givenNames: '', nameTruncated: true });
  });

  it('reads a name with no primary identifier', () => {
    expect(parse([`P<UTO${'<<ANNA<MARIA'.padEnd(39, '<')}`, TD3[1] as string])).toMatchObject({ surname: '', givenNames: 'ANNA MARIA' });
  });

  it('flags a full name field as possibly truncated', () => {
    const r = parse([`P<UTO${'VANDERBERGHE<<ALEXANDRA<CHRISTINA<MARIE<L'.slice(0, 39)}`, TD3[1] as string]);
    expect(r.nameTruncated).toBe(true);
  });

  it('warns about digits in a name (unprotected: never repaired)', () => {
    const r = parse(edit(TD3, 0, 6, '0'));
    expect(r.surname).toBe('E0IKSSON');
    expect(codes(r.warnings)).toContain(MrzCodes.NAME_CHARACTERS);
    expect(r.corrections).toEqual([]);
  });
});

describe('dates and the century rule', () => {
  const withDates = (birth: string, expiry: string) => {
    const lines = formatMrz({ ...base, birthDate: '2000-01-01', expiryDate: '2030-01-01' }, 'TD3');
    const body = (lines[1] as string).slice(0, 13) + birth + checkDigit(birth) + 'M' + expiry + checkDigit(expiry) + (lines[1] as string).slice(28, 43);
    const composite = checkDigit(body.slice(0, 10) + body.slice(13, 20) + body.slice(21, 43));
    return parse([lines[0] as string, body + composite]);
  };

  it('birth dates are never in the future', () => {
    expect(withDates('261128', '300101').birthDate).toBe('2026-11-28');
    expect(withDates('261129', '300101').birthDate).toBe('1926-11-29');
    expect(withDates('491231', '300101').birthDate).toBe('1949-12-31');
    expect(withDates('050101', '300101').birthDate).toBe('2005-01-01');
  });

  it('expiry dates fall in [today - 69 years, today + 30 years]', () => {
    expect(withDates('800101', '561231').expiryDate).toBe('2056-12-31');
    expect(withDates('800101', '570101').expiryDate).toBe('1957-01-01');
    expect(withDates('800101', '961210').expiryDate).toBe('1996-12-10');
  });

  it('rejects impossible dates', () => {
    for (const [birth, expiry] of [['740231', '300101'], ['741301', '300101'], ['740041', '300101'], ['800101', '290229'], ['800101', '30AB01']]) {
      const r = withDates(birth as string, expiry as string);
      expect(r.valid).toBe(false);
      expect(codes(r.errors)).toContain(MrzCodes.BAD_DATE);
    }
    expect(withDates('000229', '280229')).toMatchObject({ valid: true, birthDate: '2000-02-29', expiryDate: '2028-02-29' });
  });

  it('reads an unknown birth day or month as a partial date with a warning', () => {
    for (const unknown of ['74<<<<', '7408<<', '<<<<<<']) {
      const r = withDates(unknown, '300101');
      expect(r).toMatchObject({ valid: true, birthDate: null });
      expect(codes(r.warnings)).toContain(MrzCodes.DATE_PARTIAL);
    }
    expect(withDates('800101', '<<<<<<').valid).toBe(false);
    expect(withDates('<<0101', '300101').valid).toBe(false);
  });
});

describe('sex and country codes', () => {
  it('accepts M, F, < and X (with a warning) and rejects anything else', () => {
    for (const sex of ['M', 'F', '<'] as const) expect(parse(formatMrz({ ...base, sex }, 'TD3'))).toMatchObject({ valid: true, sex, warnings: [] });
    const x = parse(formatMrz({ ...base, sex: 'X' }, 'TD3'));
    expect(x).toMatchObject({ valid: true, sex: 'X' });
    expect(codes(x.warnings)).toEqual([MrzCodes.SEX_X]);
    const bad = parse(edit(TD3, 1, 20, 'Q'));
    expect(bad).toMatchObject({ valid: false, sex: null });
    expect(codes(bad.errors)).toContain(MrzCodes.BAD_SEX);
  });

  it('knows every ICAO special code and flags unknown ones without failing', () => {
    for (const code of ['D', 'XXA', 'XXB', 'XXC', 'XXX', 'UNO', 'UNA', 'UNK', 'EUE', 'GBD', 'GBN', 'GBO', 'GBP', 'GBS', 'RKS', 'XXK', 'XPO', 'DEU']) {
      expect(parse(formatMrz({ ...base, issuingState: code, nationality: code }, 'TD3'))).toMatchObject({ valid: true, issuingState: code, nationality: code, warnings: [] });
    }
    const unknown = parse(formatMrz({ ...base, issuingState: 'BOS', nationality: 'INP' }, 'TD3'));
    expect(unknown.valid).toBe(true);
    expect(codes(unknown.warnings)).toEqual([MrzCodes.UNKNOWN_COUNTRY, MrzCodes.UNKNOWN_COUNTRY]);
    // UT0 (digit zero) passes every check digit: unprotected fields are flagged, never "repaired".
    const digit = parse(edit(TD3, 1, 12, '0'));
    expect(digit).toMatchObject({ valid: true, nationality: 'UT0', corrections: [] });
    expect(codes(digit.warnings)).toContain(MrzCodes.UNKNOWN_COUNTRY);
    expect(codes(parse(formatMrz({ ...base, nationality: 'ANT' }, 'TD3')).warnings)).toEqual([MrzCodes.DEPRECATED_COUNTRY]);
  });

  it('an empty document number is an error even though its check digit holds', () => {
    const lines = formatMrz(base, 'TD3');
    const body = '<<<<<<<<<0' + (lines[1] as string).slice(10, 43);
    const r = parse([lines[0] as string, body + checkDigit(body.slice(0, 10) + body.slice(13, 20) + body.slice(21, 43))]);
    expect(r).toMatchObject({ valid: false, documentNumber: '', checks: { documentNumber: true, composite: true } });
    expect(codes(r.errors)).toEqual([MrzCodes.BAD_DOCUMENT_NUMBER]);
  });

  it('a missing code is an error', () => {
    const r = parse(edit(TD3, 1, 10, '<<<'));
    expect(codes(r.errors)).toContain(MrzCodes.BAD_COUNTRY);
  });
});
