import { parseMrz } from './index';

// ICAO Doc 9303 "Utopia" specimens (Parts 4-7) of ERIKSSON ANNA MARIA; every check digit verifies.
const TODAY = new Date('2026-11-28T12:00:00Z');

export const SPECIMENS = {
  TD3: ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'],
  TD2: ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'],
  TD1: ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'],
  MRVA: ['V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L8988901C4XXX4009078F96121096ZE184226B<<<<<<'],
  MRVB: ['V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'L8988901C4XXX4009078F9612109<<<<<<<<'],
} as const;

const common = { issuingState: 'UTO', surname: 'ERIKSSON', givenNames: 'ANNA MARIA', nameTruncated: false, sex: 'F', valid: true, corrections: [], errors: [] };

describe('ICAO specimens', () => {
  it('TD3 passport', () => {
    const r = parseMrz(SPECIMENS.TD3.join('\n'), { today: TODAY });
    expect(r).toMatchObject({
      ...common,
      format: 'TD3',
      documentCode: 'P',
      kind: 'passport',
      documentNumber: 'L898902C3',
      nationality: 'UTO',
      birthDate: '1974-08-12',
      expiryDate: '2012-04-15',
      optionalData: 'ZE184226B',
      checks: { documentNumber: true, birthDate: true, expiryDate: true, personalNumber: true, composite: true },
      lines: [...SPECIMENS.TD3],
    });
    expect(r.warnings.map((w) => w.code)).toEqual(['MRZ_SPECIMEN_COUNTRY', 'MRZ_SPECIMEN_COUNTRY']);
  });

  it('TD2 card', () => {
    expect(parseMrz(SPECIMENS.TD2.join('\n'), { today: TODAY })).toMatchObject({
      ...common,
      format: 'TD2',
      documentCode: 'I',
      kind: 'id-card',
      documentNumber: 'D23145890',
      nationality: 'UTO',
      birthDate: '1974-08-12',
      expiryDate: '2012-04-15',
      optionalData: '',
      checks: { documentNumber: true, birthDate: true, expiryDate: true, composite: true },
    });
  });

  it('TD1 card', () => {
    const r = parseMrz(SPECIMENS.TD1.join('\n'), { today: TODAY });
    expect(r).toMatchObject({
      ...common,
      format: 'TD1',
      documentCode: 'I',
      kind: 'id-card',
      documentNumber: 'D23145890',
      nationality: 'UTO',
      birthDate: '1974-08-12',
      expiryDate: '2012-04-15',
      optionalData: '',
      optionalData2: '',
      checks: { documentNumber: true, birthDate: true, expiryDate: true, composite: true },
    });
  });

  it('MRV-A visa (no composite, unprotected optional data)', () => {
    const r = parseMrz(SPECIMENS.MRVA.join('\n'), { today: TODAY });
    expect(r).toMatchObject({
      ...common,
      format: 'MRVA',
      documentCode: 'V',
      kind: 'visa',
      documentNumber: 'L8988901C',
      nationality: 'XXX',
      birthDate: '1940-09-07',
      expiryDate: '1996-12-10',
      optionalData: '6ZE184226B',
    });
    expect(r.checks).toEqual({ documentNumber: true, birthDate: true, expiryDate: true });
  });

  it('MRV-B visa', () => {
    const r = parseMrz(SPECIMENS.MRVB.join('\n'), { today: TODAY });
    expect(r).toMatchObject({
      ...common,
      format: 'MRVB',
      documentCode: 'V',
      kind: 'visa',
      documentNumber: 'L8988901C',
      nationality: 'XXX',
      birthDate: '1940-09-07',
      expiryDate: '1996-12-10',
      optionalData: '',
    });
    expect(r.checks).toEqual({ documentNumber: true, birthDate: true, expiryDate: true });
  });
});
