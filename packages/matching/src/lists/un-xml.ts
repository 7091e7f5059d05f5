import { BorderpostError } from '@borderpost/common';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { type ImportedList, ListCollector, type ListOptions, checkListOptions, sanitiseEntryId } from './common';
import { countryCode } from './countries';

/**
 * UN Security Council Consolidated List, XML (`CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL`). Only
 * individuals are imported (a border post screens people); their passports and identity cards become
 * document entries. Names come in parts (FIRST_NAME … FOURTH_NAME) with no surname marked: the
 * last part is taken as the surname (matching ignores name order anyway).
 */
const REPEATED = new Set(['INDIVIDUAL', 'INDIVIDUAL_ALIAS', 'INDIVIDUAL_DATE_OF_BIRTH', 'INDIVIDUAL_DOCUMENT', 'VALUE', 'NATIONALITY']);

const UN_INSTRUCTION = 'UN Security Council sanctions (travel ban): do not admit; refer to the supervisor.';

type XmlNode = Record<string, unknown>;

function text(node: unknown): string {
  if (typeof node === 'string') return node.trim();
  if (typeof node === 'number') return String(node);
  return '';
}
function nodes(node: unknown): XmlNode[] {
  if (Array.isArray(node)) return node.filter((n): n is XmlNode => typeof n === 'object' && n !== null);
  return typeof node === 'object' && node !== null ? [node as XmlNode] : [];
}
function values(node: unknown): string[] {
  return nodes(node).flatMap((n) => (Array.isArray(n.VALUE) ? n.VALUE : [n.VALUE]).map(text)).filter((v) => v.length > 0);
}

export function importUnXmlList(xml: string, options: ListOptions): ImportedList {
  checkListOptions(options);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new BorderpostError('MATCH_FILE_BAD_FORMAT', `not well-formed XML at line ${valid.err.line}: ${valid.err.msg}`);
  }
  const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, trimValues: true, isArray: (name) => REPEATED.has(name) });
  const root = (parser.parse(xml) as XmlNode).CONSOLIDATED_LIST as XmlNode | undefined;
  if (root === undefined || typeof root !== 'object') {
    throw new BorderpostError('MATCH_FILE_BAD_FORMAT', 'not a UN consolidated list: no CONSOLIDATED_LIST element');
  }
  const individuals = nodes((root.INDIVIDUALS as XmlNode | undefined)?.INDIVIDUAL);
  const collector = new ListCollector(options);
  individuals.forEach((person, index) => {
    const reference = text(person.REFERENCE_NUMBER);
    const row = reference.length > 0 ? reference : index + 1;
    const entryId = sanitiseEntryId(reference.length > 0 ? reference : text(person.DATAID));
    if (entryId.length === 0) return collector.error(row, 'MATCH_ROW_BAD_ID', 'an INDIVIDUAL needs a REFERENCE_NUMBER or DATAID');
    const parts = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME'].map((k) => text(person[k])).filter((p) => p.length > 0);
    const names = parts.length === 0 ? [] : [{ surname: parts.length > 1 ? parts[parts.length - 1]! : '', givenNames: (parts.length > 1 ? parts.slice(0, -1) : parts).join(' ') }];
    for (const alias of nodes(person.INDIVIDUAL_ALIAS)) {
      const name = text(alias.ALIAS_NAME);
      if (name.length > 0) names.push({ surname: '', givenNames: name });
    }
    const birthDates: string[] = [];
    for (const dob of nodes(person.INDIVIDUAL_DATE_OF_BIRTH)) {
      const date = text(dob.DATE).slice(0, 10);
      const year = text(dob.YEAR);
      const from = Number(text(dob.FROM_YEAR));
      const to = Number(text(dob.TO_YEAR));
      if (/^\d{4}-\d{2}-\d{2}$/.test(date)) birthDates.push(date);
      else if (/^\d{4}$/.test(year)) birthDates.push(year);
      else if (Number.isInteger(from) && Number.isInteger(to) && from > 1800 && to >= from && to - from <= 10) {
        for (let y = from; y <= to; y += 1) birthDates.push(String(y));
      } else if (date.length > 0 || year.length > 0 || text(dob.FROM_YEAR).length > 0) {
        collector.warning(row, 'MATCH_ROW_BAD_DATE', `birth date not understood (${JSON.stringify(date || year)}); entry kept without it`);
      }
    }
    const nationalities: string[] = [];
    for (const name of values(person.NATIONALITY)) {
      const code = countryCode(name);
      if (code === null) collector.warning(row, 'MATCH_ROW_BAD_COUNTRY', `unknown nationality ${JSON.stringify(name)}; entry kept without it`);
      else nationalities.push(code);
    }
    const gender = text(person.GENDER).toLowerCase();
    const listType = text(person.UN_LIST_TYPE);
    const reason = `UN ${listType} sanctions ${reference}${text(person.LISTED_ON) ? `, listed ${text(person.LISTED_ON).slice(0, 10)}` : ''}`;
    collector.addPerson(row, {
      entryId, names, birthDates, nationalities, reason, instruction: UN_INSTRUCTION,
      sex: gender === 'male' ? 'M' : gender === 'female' ? 'F' : null,
    });
    nodes(person.INDIVIDUAL_DOCUMENT).forEach((doc, docIndex) => {
      const number = text(doc.NUMBER);
      const type = text(doc.TYPE_OF_DOCUMENT);
      if (number.length === 0 || !/passport|identity|id card/i.test(type)) return;
      const country = text(doc.ISSUING_COUNTRY) || text(doc.COUNTRY_OF_ISSUE);
      const state = countryCode(country);
      if (state === null) {
        collector.warning(row, 'MATCH_ROW_BAD_COUNTRY', `document ${number}: unknown issuing country ${JSON.stringify(country)}; document not listed`);
        return;
      }
      collector.addDocument(row, {
        entryId: `${entryId}-doc${docIndex + 1}`, issuingState: state, documentNumber: number, documentType: type,
        reason: `${reason}: document of the listed person`, instruction: UN_INSTRUCTION,
      });
    });
  });
  if (individuals.length === 0) collector.warning(0, 'MATCH_FILE_NO_INDIVIDUALS', 'the UN list contains no INDIVIDUAL records');
  return collector.finish('un-xml');
}
