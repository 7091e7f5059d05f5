import fs from 'node:fs';
import path from 'node:path';
import { BorderpostError } from '@borderpost/common';
import {
  type ImportedList, type ListOptions, type ListSource, LIST_FORMATS, importCsvList, importJsonList, importOfacSdnList, importUnXmlList,
} from '@borderpost/matching';

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new BorderpostError('MATCH_FILE_UNREADABLE', `cannot read ${file}: ${(error as Error).message}`, undefined, { cause: error });
  }
}

/**
 * Reads a list file in one of the supported formats. For `ofac-sdn`, `file` is sdn.csv and alt.csv
 * is read from the same folder when it is there.
 */
export function importListFile(file: string, format: string, options: ListOptions): ImportedList {
  switch (format as ListSource) {
    case 'csv':
      return importCsvList(readText(file), options);
    case 'json':
      return importJsonList(readText(file), options);
    case 'un-xml':
      return importUnXmlList(readText(file), options);
    case 'ofac-sdn': {
      const alt = path.join(path.dirname(file), 'alt.csv');
      return importOfacSdnList({ sdn: readText(file), ...(fs.existsSync(alt) ? { alt: readText(alt) } : {}) }, options);
    }
    default:
      throw new BorderpostError('MATCH_BAD_FORMAT_NAME', `unknown list format ${JSON.stringify(format)}; use ${LIST_FORMATS.join(', ')}`);
  }
}
