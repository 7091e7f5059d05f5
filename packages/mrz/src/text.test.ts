import { checkClassKey, foldDocumentNumber, formatMrz, mrzName, MrzCodes, parseMrz, randomTraveller, transliterate } from './index';
import type { MrzFields } from './types';

describe('transliterate (ICAO 9303 Part 3)', () => {
  it('Latin: diacritics dropped, the national expansions kept', () => {
    expect(transliterate('Jürgen Müller')).toBe('JUERGEN MUELLER');
    expect(transliterate('Ørjan Ødegård')).toBe('OERJAN OEDEGAARD');
    expect(transliterate('Gauß')).toBe('GAUSS');
    expect(transliterate('Þórður')).toBe('THORDUR');
    expect(transliterate('José María Ñúñez')).toBe('JOSE MARIA NUNEZ');
    expect(transliterate('Łukasz Wałęsa')).toBe('LUKASZ WALESA');
    expect(transliterate('Çağlar Şahin')).toBe('CAGLAR SAHIN');
    expect(transliterate('Ĳsselmeer')).toBe('IJSSELMEER');
  });

  it('apostrophes vanish, punctuation separates', () => {
    expect(transliterate("D'Artagnan")).toBe('DARTAGNAN');
    expect(transliterate('O’Brien-Smith, Jr.')).toBe('OBRIEN SMITH JR');
    expect(transliterate('  anna   maria ')).toBe('ANNA MARIA');
  });

  it('Cyrillic: the 2013 ICAO table', () => {
    expect(transliterate('Юлия')).toBe('IULIIA');
    expect(transliterate('Юрий Щукин')).toBe('IURII SHCHUKIN');
    expect(transliterate('Хрущёв')).toBe('KHRUSHCHEV');
    expect(transliterate('Игорь Цой')).toBe('IGOR TSOI');
    expect(transliterate('Объедков')).toBe('OBIEEDKOV');
    expect(transliterate('Эльвира Жукова')).toBe('ELVIRA ZHUKOVA');
    expect(transliterate('Їжак Ґалаґан')).toBe('IZHAK GALAGAN');
  });

  it('Arabic: the systematic ICAO table (X digraphs, shadda doubles, short vowels dropped)', () => {
    expect(transliterate('محمد')).toBe('MXHMD');
    expect(transliterate('مُحَمَّد')).toBe('MXHMMD');
    expect(transliterate('خالد')).toBe('XKHALD');
    expect(transliterate('فاطمة')).toBe('FAXTTMXAH');
    expect(transliterate('فاطمة الزهراء')).toBe('FAXTTMXAH ALZHRAXE');
    expect(transliterate('عبد الله')).toBe('EBD ALLH');
  });

  it('output holds only A-Z and single spaces for any input', () => {
    for (const input of ['Ab3c', '李小龍 Bruce', '😀 smile', '\u0000x\ty', 'Ελένη']) {
      expect(transliterate(input)).toMatch(/^([A-Z]+( [A-Z]+)*)?$/);
    }
  });
});

describe('foldDocumentNumber and checkClassKey', () => {
  it('folds OCR confusables for lookups (O/Q/D→0, I/L→1, Z→2, S→5, G→6, B→8)', () => {
    expect(foldDocumentNumber('L8989O2C3')).toBe(foldDocumentNumber('L898902C3'));
    expect(foldDocumentNumber('AG1')).toBe(foldDocumentNumber('A6I'));
    expect(foldDocumentNumber('QZ5B')).toBe('0258');
    expect(foldDocumentNumber('ab<<')).toBe('A8');
    expect(foldDocumentNumber('X12')).not.toBe(foldDocumentNumber('X13'));
  });

  it('checkClassKey equates exactly the misreads no check digit can see', () => {
    // D23145890, D23145S90, D23B45890 and D2314589< all have check digit 7.
    const key = checkClassKey('D23145890');
    expect(checkClassKey('D23145S90')).toBe(key);
    expect(checkClassKey('D23B45890')).toBe(key);
    expect(checkClassKey('D2314589')).toBe(key); // last 0 read as '<', stripped as padding
    expect(checkClassKey('D2314589O')).not.toBe(key); // O/0 is caught by the check digit instead
    expect(checkClassKey('d23145890')).toBe(key);
  });
});

describe('formatMrz', () => {
  const base: MrzFields = {
    documentCode: 'P',
    issuingState: 'D',
    surname: 'Müller',
    givenNames: 'Jürgen Karl',
    documentNumber: 'C01X00T47',
    nationality: 'D',
    birthDate: '1964-08-12',
    sex: 'M',
    expiryDate: '2031-10-31',
    optionalData: 'ABC123',
  };

  it('builds lines that parse back valid, transliterating names and padding codes', () => {
    const lines = formatMrz(base, 'TD3');
    expect(lines[0]).toBe('P<D<<MUELLER<<JUERGEN<KARL<<<<<<<<<<<<<<<<<<');
    expect(lines.map((l) => l.length)).toEqual([44, 44]);
    expect(parseMrz(lines.join('\n'), { today: new Date('2026-11-28') })).toMatchObject({ valid: true, issuingState: 'D', surname: 'MUELLER', givenNames: 'JUERGEN KARL', optionalData: 'ABC123' });
  });

  it('truncates long names the ICAO way: last given names first, down to initials, then the surname', () => {
    expect(mrzName('Nilavadhananananda', 'Chayapa Dejthamrong Krasuang', 39)).toBe('NILAVADHANANANANDA<<CHAYAPA<DEJTHAMRO<K');
    expect(mrzName('Nilavadhanananda', 'Chayapa Dejthamrong Krasuang', 39)).toBe('NILAVADHANANANDA<<CHAYAPA<DEJTHAMRONG<K');
    expect(mrzName('Nilavadhanananda', 'Chayapa Dejthamrong Krasuang', 30)).toBe('NILAVADHANANANDA<<CHAYAPA<DE<K');
    expect(mrzName('Wolfeschlegelsteinhausenbergerdorff', 'Hubert Blaine', 30)).toBe('WOLFESCHLEGELSTEINHAUSENBERGER');
    expect(mrzName('Eriksson', 'Anna Maria', 30)).toBe('ERIKSSON<<ANNA<MARIA<<<<<<<<<<');
    const lines = formatMrz({ ...base, surname: 'Nilavadhanananda', givenNames: 'Chayapa Dejthamrong Krasuang' }, 'TD3');
    expect(parseMrz(lines.join('\n'), { today: new Date('2026-11-28') })).toMatchObject({ surname: 'NILAVADHANANANDA', givenNames: 'CHAYAPA DEJTHAMRONG K', nameTruncated: true });
  });

  it('refuses fields that cannot be written, with MRZ_INVALID_FIELD', () => {
    const bad: Array<[Partial<MrzFields>, 'TD1' | 'TD3' | 'MRVA']> = [
      [{ birthDate: '1964-02-30' }, 'TD3'],
      [{ expiryDate: '31.10.2031' }, 'TD3'],
      [{ documentNumber: 'ab12' }, 'TD3'],
      [{ documentNumber: 'AB12<' }, 'TD3'],
      [{ issuingState: 'GERMANY' }, 'TD3'],
      [{ documentCode: 'V' }, 'TD3'],
      [{ documentCode: 'P' }, 'MRVA'],
      [{ optionalData: 'X'.repeat(15) }, 'TD3'],
      [{ optionalData2: 'X' }, 'TD3'],
      [{ sex: 'Q' as MrzFields['sex'] }, 'TD1'],
    ];
    for (const [change, format] of bad) {
      expect(() => formatMrz({ ...base, ...change }, format)).toThrow(expect.objectContaining({ code: MrzCodes.INVALID_FIELD }));
    }
  });
});

describe('randomTraveller', () => {
  it('is reproducible with a seeded rng and plausible', () => {
    const rng = (seed: number) => () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const today = new Date('2026-11-28T12:00:00Z');
    expect(randomTraveller(rng(5), { today })).toEqual(randomTraveller(rng(5), { today }));
    for (let i = 1; i < 200; i++) {
      const t = randomTraveller(rng(i), { today });
      expect(t.birthDate <= '2026-11-28').toBe(true);
      expect(t.documentCode.startsWith('P')).toBe(true);
      expect(parseMrz(formatMrz(t, 'TD3').join('\n'), { today }).valid).toBe(true);
    }
  });
});
