import type { ListSource } from '../types';

export { type ImportedList, type ListOptions, type RowIssue, assertNoRowErrors, ListCollector, sanitiseEntryId } from './common';
export { importCsvList, CSV_COLUMNS } from './csv';
export { importJsonList } from './json';
export { importUnXmlList } from './un-xml';
export { importOfacSdnList, parseOfacDate, type OfacFiles } from './ofac-sdn';
export { countryCode } from './countries';

export const LIST_FORMATS: readonly ListSource[] = ['csv', 'json', 'un-xml', 'ofac-sdn'];
