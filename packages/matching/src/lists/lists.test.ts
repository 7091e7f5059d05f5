import fs from 'node:fs';
import path from 'node:path';
import { type BorderpostError } from '@borderpost/common';
import type { AlertDocumentDoc, AlertPersonDoc } from '../types';
import { assertNoRowErrors } from './common';
import { importCsvList } from './csv';
import { importJsonList } from './json';
import { importOfacSdnList, parseOfacDate } from './ofac-sdn';
import { importUnXmlList } from './un-xml';

const fixtures = path.join(__dirname, '..', '..', 'fixtures');
const read = (name: string): string => fs.readFileSync(path.join(fixtures, name), 'utf8');
const options = { listId: 'test-list', version: 2 };

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as BorderpostError).code;
  }
  return 'no error';
}

const persons = (entries: unknown[]): AlertPersonDoc[] => entries.filter((e): e is AlertPersonDoc => (e as AlertPersonDoc).type === 'alert-person');
const documents = (entries: unknown[]): AlertDocumentDoc[] => entries.filter((e): e is AlertDocumentDoc => (e as AlertDocumentDoc).type === 'alert-document');

describe('CSV lists', () => {
  it('imports persons (aliases, several dates and nationalities) and documents as alert documents', () => {
    const imported = importCsvList(read('list.csv'), options);
    expect(imported.issues).toEqual([]);
    expect(imported.list).toMatchObject({ _id: 'alert-list:test-list', type: 'alert-list', version: 2, kind: 'mixed', entryCount: 5, source: 'csv', thresholds: { person: 0.8 } });
    const [first] = persons(imported.entries);
    expect(first).toMatchObject({
      _id: 'alert-person:test-list:P-001', listVersion: 2,
      names: [{ surname: 'DIALLO', givenNames: 'Mamadou Alpha' }, { surname: 'JALLOW', givenNames: 'Mamadu Alfa' }],
      birthDates: ['1980-03-12'], sex: 'M', nationalities: ['GIN'],
    });
    expect(persons(imported.entries)[1]).toMatchObject({ birthDates: ['1975', '1976'], nationalities: ['MRT', 'MLI'] });
    expect(documents(imported.entries).map((d) => [d.issuingState, d.documentNumber])).toEqual([['GIN', 'R0739216'], ['D', 'C01X00T47']]);
  });

  it('reports each bad row with a stable code and keeps the good ones', () => {
    const csv = [
      'kind,entry_id,surname,given_names,birth_dates,sex,nationalities,issuing_state,document_number',
      'person,A1,DOE,John,1980-02-30x,M,GIN,,',
      'person,A2,,,1980,M,GIN,,',
      'person,A3,ROE,Ann,1980,Q,GIN,,',
      'person,A4,ROE,Ann,1980,F,Narnia,,',
      'animal,A5,ROE,Ann,1980,F,GIN,,',
      'document,A6,,,,,,GIN,',
      'person,A7,ROE,Ann,1980,F,GIN',
      'person,A8,OK,Fine,1980,F,GIN,,',
      'person,A8,OK,Again,1980,F,GIN,,',
    ].join('\n');
    const imported = importCsvList(csv, options);
    expect(imported.issues.map((i) => [i.row, i.code])).toEqual([
      [2, 'MATCH_ROW_BAD_DATE'], [3, 'MATCH_ROW_NO_NAME'], [4, 'MATCH_ROW_BAD_SEX'], [5, 'MATCH_ROW_BAD_COUNTRY'],
      [6, 'MATCH_ROW_BAD_KIND'], [7, 'MATCH_ROW_BAD_DOCUMENT_NUMBER'], [8, 'MATCH_ROW_COLUMNS'], [10, 'MATCH_ROW_DUPLICATE_ID'],
    ]);
    expect(imported.entries.map((e) => e.entryId)).toEqual(['A8']);
    expect(codeOf(() => assertNoRowErrors(imported))).toBe('MATCH_LIST_BAD_ROWS');
  });

  it('refuses a bad file as a whole', () => {
    expect(codeOf(() => importCsvList('kind,entry_id\nperson,"unclosed', options))).toBe('MATCH_FILE_BAD_FORMAT');
    expect(codeOf(() => importCsvList('kind,entry_id,colour\n', options))).toBe('MATCH_FILE_BAD_FORMAT');
    expect(codeOf(() => importCsvList('surname\nX\n', options))).toBe('MATCH_FILE_BAD_FORMAT');
    expect(codeOf(() => importCsvList('', options))).toBe('MATCH_FILE_EMPTY');
    expect(codeOf(() => importCsvList(read('list.csv'), { listId: 'bad id!', version: 1 }))).toBe('MATCH_BAD_LIST_ID');
    expect(codeOf(() => importCsvList(read('list.csv'), { listId: 'ok', version: 0 }))).toBe('MATCH_BAD_LIST_VERSION');
  });
});

describe('JSON lists', () => {
  it('imports the documented shape', () => {
    const imported = importJsonList(read('list.json'), { listId: 'national-watchlist', version: 3 });
    expect(imported.issues).toEqual([]);
    expect(persons(imported.entries).map((p) => p.names[0]!.surname)).toEqual(['TRAORÉ', 'ABDELAZIZ']);
    expect(documents(imported.entries)[0]).toMatchObject({ _id: 'alert-document:national-watchlist:ND-1', issuingState: 'MLI', documentType: 'passport' });
  });

  it('reports bad records and refuses a file that is not a list', () => {
    const imported = importJsonList(JSON.stringify({ persons: [42, { entryId: 'x', names: 'DOE' }, { entryId: 'y', names: [{ surname: 'A', givenNames: 'B' }], birthDates: [1980] }] }), options);
    expect(imported.issues.map((i) => [i.row, i.code])).toEqual([
      ['persons[0]', 'MATCH_ROW_NOT_OBJECT'], ['persons[1]', 'MATCH_ROW_NO_NAME'], ['persons[2]', 'MATCH_ROW_BAD_DATE'],
    ]);
    expect(codeOf(() => importJsonList('{"persons": [', options))).toBe('MATCH_FILE_BAD_FORMAT');
    expect(codeOf(() => importJsonList('[]', options))).toBe('MATCH_FILE_BAD_FORMAT');
    expect(codeOf(() => importJsonList('{}', options))).toBe('MATCH_FILE_EMPTY');
  });
});

describe('UN Security Council consolidated list XML', () => {
  it('imports individuals, aliases, exact/approximate/between dates, nationalities and passports', () => {
    const imported = importUnXmlList(read('un-consolidated-sample.xml'), options);
    const people = persons(imported.entries);
    expect(people.map((p) => p.entryId)).toEqual(['QDi.901', 'QDi.902', 'MLi.903', 'KPi.904']);
    expect(people[0]).toMatchObject({
      names: [
        { surname: 'AL-ZAHRANI', givenNames: 'ABD AL-RAHMAN MUHAMMAD SALIH' },
        { surname: '', givenNames: 'Abu Salih al-Zahrani' },
        { surname: '', givenNames: 'Abdulrahman Mohamed Saleh' },
      ],
      birthDates: ['1979-04-17'], sex: 'M', nationalities: ['SAU'],
    });
    expect(people[0]!.reason).toBe('UN Al-Qaida sanctions QDi.901, listed 2015-03-02');
    expect(people[1]!.birthDates).toEqual(['1981', '1982', '1983']);
    expect(people[2]!.birthDates).toEqual(['1968']);
    // Passports become document entries; national ID numbers without a passport type are not.
    expect(documents(imported.entries).map((d) => [d.entryId, d.issuingState, d.documentNumber])).toEqual([
      ['QDi.901-doc1', 'SAU', 'K0423871'], ['MLi.903-doc1', 'MLI', 'B1830562'],
    ]);
    expect(imported.issues.map((i) => [i.row, i.severity, i.code])).toEqual([
      ['MLi.903', 'warning', 'MATCH_ROW_BAD_DATE'], ['KPi.904', 'warning', 'MATCH_ROW_BAD_COUNTRY'],
    ]);
    expect(() => assertNoRowErrors(imported)).not.toThrow();
  });

  it('refuses malformed XML and XML that is not the consolidated list', () => {
    expect(codeOf(() => importUnXmlList('<CONSOLIDATED_LIST><INDIVIDUALS></CONSOLIDATED_LIST>', options))).toBe('MATCH_FILE_BAD_FORMAT');
    expect(codeOf(() => importUnXmlList('<rss><channel/></rss>', options))).toBe('MATCH_FILE_BAD_FORMAT');
  });
});

describe('OFAC SDN CSV', () => {
  const files = { sdn: read('ofac/sdn.csv'), alt: read('ofac/alt.csv') };

  it('imports individuals with aliases, remarks (DOB, nationality, sex, passports) and skips entities and vessels', () => {
    const imported = importOfacSdnList(files, options);
    const people = persons(imported.entries);
    expect(people.map((p) => p.entryId)).toEqual(['36001', '36002', '36005']);
    expect(people[0]).toMatchObject({
      names: [{ surname: 'KOUYATE', givenNames: 'Ibrahima Sory' }, { surname: 'KUYATEH', givenNames: 'Ibrahim Sori' }, { surname: 'KOUYATE', givenNames: 'Sory' }],
      birthDates: ['1977-03-14', '1976'], sex: 'M', nationalities: ['GIN'],
    });
    expect(people[1]).toMatchObject({ birthDates: ['1962', '1963', '1964'], nationalities: ['IRQ'], sex: null });
    expect(people[1]!.reason).toBe('OFAC SDN 36002 [IRAQ2], Colonel');
    expect(documents(imported.entries).map((d) => [d.entryId, d.issuingState, d.documentNumber])).toEqual([
      ['36001-passport1', 'GIN', 'R0739215'], ['36002-passport1', 'IRQ', 'A5521930'],
    ]);
    expect(imported.issues.map((i) => [i.row, i.code])).toEqual([['alt.csv:99999', 'MATCH_ROW_ORPHAN_ALIAS'], ['sdn.csv:5', 'MATCH_ROW_BAD_DATE']]);
  });

  it('parses OFAC date forms', () => {
    expect(parseOfacDate('04 Jul 1969')).toEqual(['1969-07-04']);
    expect(parseOfacDate('Jul 1969')).toEqual(['1969-07']);
    expect(parseOfacDate('circa 1969')).toEqual(['1969']);
    expect(parseOfacDate('sometime')).toBeNull();
  });

  it('reports bad rows and refuses files that are not OFAC CSV', () => {
    const imported = importOfacSdnList({ sdn: '36009,"X, Y",individual\nabc,"A, B",individual,P,-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\n' + '36010,-0- ,individual,P,-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\n'.repeat(1) }, options);
    expect(imported.issues.map((i) => i.code)).toEqual(['MATCH_ROW_COLUMNS', 'MATCH_ROW_BAD_ID', 'MATCH_ROW_NO_NAME']);
    expect(codeOf(() => importOfacSdnList({ sdn: 'a,b\nc,d\n' }, options))).toBe('MATCH_FILE_BAD_FORMAT');
    expect(codeOf(() => importOfacSdnList({ sdn: '1,"unclosed\n' }, options))).toBe('MATCH_FILE_BAD_FORMAT');
  });
});
