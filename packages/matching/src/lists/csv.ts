import { BorderpostError } from '@borderpost/common';
import { parse } from 'csv-parse/sync';
import { type ImportedList, ListCollector, type ListOptions, checkListOptions } from './common';
import { countryCode } from './countries';

/**
 * Borderpost list CSV (documented in the README): a header row, then one entry per row.
 * `kind` is `person` or `document`; multi-valued cells are separated by `;`; an alias is
 * `SURNAME, Given Names`.
 */
export const CSV_COLUMNS = [
  'kind', 'entry_id', 'surname', 'given_names', 'aliases', 'birth_dates', 'sex', 'nationalities',
  'issuing_state', 'document_number', 'document_type', 'reason', 'instruction',
] as const;
const REQUIRED = ['kind', 'entry_id'];

function split(cell: string | undefined): string[] {
  return (cell ?? '').split(';').map((v) => v.trim()).filter((v) => v.length > 0);
}

export function importCsvList(text: string, options: ListOptions): ImportedList {
  checkListOptions(options);
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (error) {
    throw new BorderpostError('MATCH_FILE_BAD_FORMAT', `not a readable CSV file: ${(error as Error).message}`, undefined, { cause: error });
  }
  const header = rows[0]?.map((h) => h.trim().toLowerCase());
  if (header === undefined) throw new BorderpostError('MATCH_FILE_EMPTY', 'the CSV file has no header row');
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length > 0) throw new BorderpostError('MATCH_FILE_BAD_FORMAT', `CSV header lacks column(s) ${missing.join(', ')}; expected ${CSV_COLUMNS.join(',')}`);
  const unknown = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  if (unknown.length > 0) throw new BorderpostError('MATCH_FILE_BAD_FORMAT', `unknown CSV column(s) ${unknown.join(', ')}`);
  const collector = new ListCollector(options);
  rows.slice(1).forEach((cells, index) => {
    const row = index + 2; // 1-based, after the header line
    if (cells.length !== header.length) {
      collector.error(row, 'MATCH_ROW_COLUMNS', `expected ${header.length} cells, found ${cells.length}`);
      return;
    }
    const get = (column: string): string => cells[header.indexOf(column)] ?? '';
    const kind = get('kind').toLowerCase();
    const entryId = get('entry_id');
    if (kind === 'person') {
      const names = [{ surname: get('surname'), givenNames: get('given_names') }];
      for (const alias of split(get('aliases'))) {
        const comma = alias.indexOf(',');
        names.push(comma < 0 ? { surname: alias, givenNames: '' } : { surname: alias.slice(0, comma), givenNames: alias.slice(comma + 1) });
      }
      const sex = get('sex').toUpperCase();
      if (sex !== '' && sex !== 'M' && sex !== 'F' && sex !== 'X') {
        collector.error(row, 'MATCH_ROW_BAD_SEX', `sex must be M, F, X or empty, got ${JSON.stringify(get('sex'))}`);
        return;
      }
      const nationalities: string[] = [];
      for (const n of split(get('nationalities'))) {
        const code = countryCode(n);
        if (code === null) {
          collector.error(row, 'MATCH_ROW_BAD_COUNTRY', `unknown nationality ${JSON.stringify(n)}`);
          return;
        }
        nationalities.push(code);
      }
      collector.addPerson(row, {
        entryId, names, birthDates: split(get('birth_dates')), sex: sex === 'M' || sex === 'F' ? sex : null, nationalities,
        reason: get('reason'), instruction: get('instruction'),
      });
    } else if (kind === 'document') {
      collector.addDocument(row, {
        entryId, issuingState: get('issuing_state'), documentNumber: get('document_number'), documentType: get('document_type'),
        reason: get('reason'), instruction: get('instruction'),
      });
    } else {
      collector.error(row, 'MATCH_ROW_BAD_KIND', `kind must be person or document, got ${JSON.stringify(get('kind'))}`);
    }
  });
  return collector.finish('csv');
}
