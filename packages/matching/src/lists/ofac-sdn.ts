import { BorderpostError } from '@borderpost/common';
import { parse } from 'csv-parse/sync';
import type { PersonName } from '../types';
import { type ImportedList, ListCollector, type ListOptions, checkListOptions } from './common';
import { countryCode } from './countries';

/**
 * US OFAC SDN list in its legacy CSV release: `sdn.csv` (ent_num, SDN_Name, SDN_Type, Program, Title,
 * Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks) and `alt.csv` (ent_num,
 * alt_num, alt_type, alt_name, alt_remarks); no header rows, `-0-` for empty. Only `individual`
 * records are imported. Birth dates, nationality, sex and passports live in free-text Remarks
 * ("DOB 10 Jun 1970; nationality Iraq; Passport A1234567 (Iraq); Gender Male"). `add.csv` holds
 * addresses, which a border check does not use, so it is not read.
 */
const OFAC_INSTRUCTION = 'US OFAC SDN list: refer to the supervisor before admitting.';
const MONTHS: Record<string, string> = { JAN: '01', FEB: '02', MAR: '03', APR: '04', MAY: '05', JUN: '06', JUL: '07', AUG: '08', SEP: '09', OCT: '10', NOV: '11', DEC: '12' };

function cell(value: string | undefined): string {
  const v = (value ?? '').trim();
  return v === '-0-' ? '' : v;
}

function parseRows(text: string, file: string): string[][] {
  try {
    // The release ends with a DOS end-of-file byte (0x1A) on its own line.
    return (parse(text.split(String.fromCharCode(0x1a)).join(''), { bom: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: false }) as string[][])
      .filter((r) => r.some((c) => c.trim().length > 0));
  } catch (error) {
    throw new BorderpostError('MATCH_FILE_BAD_FORMAT', `${file} is not a readable OFAC CSV file: ${(error as Error).message}`, undefined, { cause: error });
  }
}

/** "LAST, First Middle" → surname LAST; a name without a comma is kept whole as given names. */
function splitSdnName(name: string): PersonName {
  const comma = name.indexOf(',');
  return comma < 0 ? { surname: '', givenNames: name } : { surname: name.slice(0, comma).trim(), givenNames: name.slice(comma + 1).trim() };
}

/** OFAC dates: "10 Jun 1970", "Jun 1970", "1970", "circa 1970", "1968 to 1970". */
export function parseOfacDate(raw: string): string[] | null {
  const v = raw.replace(/^circa\s+/i, '').trim();
  let m = /^(\d{1,2}) ([A-Za-z]{3}) (\d{4})$/.exec(v);
  if (m !== null && MONTHS[m[2]!.toUpperCase()] !== undefined) return [`${m[3]}-${MONTHS[m[2]!.toUpperCase()]}-${m[1]!.padStart(2, '0')}`];
  m = /^([A-Za-z]{3}) (\d{4})$/.exec(v);
  if (m !== null && MONTHS[m[1]!.toUpperCase()] !== undefined) return [`${m[2]}-${MONTHS[m[1]!.toUpperCase()]}`];
  m = /^(\d{4})$/.exec(v);
  if (m !== null) return [m[1]!];
  m = /^(\d{4}) to (\d{4})$/.exec(v);
  if (m !== null) {
    const from = Number(m[1]);
    const to = Number(m[2]);
    if (to >= from && to - from <= 10) return Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
  }
  return null;
}

export interface OfacFiles {
  sdn: string;
  alt?: string;
}

export function importOfacSdnList(files: OfacFiles, options: ListOptions): ImportedList {
  checkListOptions(options);
  const sdnRows = parseRows(files.sdn, 'sdn.csv');
  const altRows = files.alt === undefined ? [] : parseRows(files.alt, 'alt.csv');
  if (sdnRows.length > 0 && sdnRows[0]!.length < 12 && sdnRows.every((r) => r.length < 12)) {
    throw new BorderpostError('MATCH_FILE_BAD_FORMAT', 'sdn.csv rows must have 12 columns (ent_num … Remarks)');
  }
  const collector = new ListCollector(options);
  const aliases = new Map<string, PersonName[]>();
  altRows.forEach((r, index) => {
    if (r.length < 4 || !/^\d+$/.test(cell(r[0]))) {
      collector.warning(`alt.csv:${index + 1}`, 'MATCH_ROW_COLUMNS', 'alt.csv row needs ent_num, alt_num, alt_type, alt_name');
      return;
    }
    const name = cell(r[3]);
    if (name.length === 0) return;
    const list = aliases.get(cell(r[0])) ?? [];
    list.push(splitSdnName(name));
    aliases.set(cell(r[0]), list);
  });
  const entNums = new Set(sdnRows.map((r) => cell(r[0])));
  for (const entNum of aliases.keys()) {
    if (!entNums.has(entNum)) collector.warning(`alt.csv:${entNum}`, 'MATCH_ROW_ORPHAN_ALIAS', `alt.csv names ent_num ${entNum}, which sdn.csv does not have; alias ignored`);
  }
  sdnRows.forEach((r, index) => {
    const row = `sdn.csv:${index + 1}`;
    if (r.length !== 12) return collector.error(row, 'MATCH_ROW_COLUMNS', `expected 12 columns, found ${r.length}`);
    const entNum = cell(r[0]);
    if (!/^\d+$/.test(entNum)) return collector.error(row, 'MATCH_ROW_BAD_ID', `ent_num ${JSON.stringify(r[0])} is not a number`);
    if (cell(r[2]).toLowerCase() !== 'individual') return; // entities, vessels, aircraft
    const name = cell(r[1]);
    if (name.length === 0) return collector.error(row, 'MATCH_ROW_NO_NAME', `SDN ${entNum} has no name`);
    const birthDates: string[] = [];
    const nationalities: string[] = [];
    const passports: { number: string; country: string }[] = [];
    let sex: 'M' | 'F' | null = null;
    for (const rawPart of cell(r[11]).replace(/\.$/, '').split(';')) {
      const part = rawPart.trim().replace(/^alt\.\s+/i, '');
      let m: RegExpExecArray | null;
      if ((m = /^DOB (.+)$/i.exec(part)) !== null) {
        const dates = parseOfacDate(m[1]!);
        if (dates === null) collector.warning(row, 'MATCH_ROW_BAD_DATE', `DOB ${JSON.stringify(m[1])} not understood; entry kept without it`);
        else birthDates.push(...dates);
      } else if ((m = /^(?:nationality|citizen) (.+)$/i.exec(part)) !== null) {
        const code = countryCode(m[1]!);
        if (code === null) collector.warning(row, 'MATCH_ROW_BAD_COUNTRY', `unknown country ${JSON.stringify(m[1])}; entry kept without it`);
        else nationalities.push(code);
      } else if ((m = /^Passport ([A-Za-z0-9-]+)(?: \(([^)]+)\))?/i.exec(part)) !== null) {
        passports.push({ number: m[1]!, country: m[2] ?? '' });
      } else if ((m = /^Gender (Male|Female)$/i.exec(part)) !== null) {
        sex = m[1]!.toLowerCase() === 'male' ? 'M' : 'F';
      }
    }
    const program = cell(r[3]);
    const reason = `OFAC SDN ${entNum}${program ? ` [${program}]` : ''}${cell(r[4]) ? `, ${cell(r[4])}` : ''}`;
    collector.addPerson(row, {
      entryId: entNum, names: [splitSdnName(name), ...(aliases.get(entNum) ?? [])], birthDates, sex, nationalities,
      reason, instruction: OFAC_INSTRUCTION,
    });
    passports.forEach((p, i) => {
      const state = countryCode(p.country);
      if (state === null) {
        collector.warning(row, 'MATCH_ROW_BAD_COUNTRY', `passport ${p.number}: unknown issuing country ${JSON.stringify(p.country)}; document not listed`);
        return;
      }
      collector.addDocument(row, {
        entryId: `${entNum}-passport${i + 1}`, issuingState: state, documentNumber: p.number, documentType: 'passport',
        reason: `${reason}: passport of the listed person`, instruction: OFAC_INSTRUCTION,
      });
    });
  });
  return collector.finish('ofac-sdn');
}
