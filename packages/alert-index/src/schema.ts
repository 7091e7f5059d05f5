import type { Migration } from '@borderpost/sqlite';

export const COMPONENT = 'alert-index';

/**
 * The alert index is a projection of the alert-list documents (conventions §8): `alert_entries` keeps
 * each document as received, the key tables are derived from it and can be rebuilt. Name keys are
 * 53-bit hashes with the birth year (0 when unknown) so a lookup reads only a year window.
 */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: '0001-create-alert-index',
    up: `
      CREATE TABLE alert_lists (
        list_id TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        threshold REAL NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE TABLE alert_entries (
        id INTEGER PRIMARY KEY,
        doc_id TEXT NOT NULL UNIQUE,
        list_id TEXT NOT NULL,
        list_version INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('person', 'document')),
        doc TEXT NOT NULL
      );
      CREATE INDEX alert_entries_list ON alert_entries (list_id, list_version);
      CREATE TABLE alert_name_keys (
        key INTEGER NOT NULL,
        year INTEGER NOT NULL,
        entry INTEGER NOT NULL,
        PRIMARY KEY (key, year, entry)
      ) WITHOUT ROWID;
      CREATE TABLE alert_document_keys (
        number TEXT NOT NULL,
        folded TEXT NOT NULL,
        entry INTEGER NOT NULL
      );
      CREATE INDEX alert_document_keys_number ON alert_document_keys (number);
      CREATE INDEX alert_document_keys_folded ON alert_document_keys (folded);
      CREATE TABLE alert_key_counts (
        key INTEGER PRIMARY KEY,
        entries INTEGER NOT NULL
      );
      CREATE TABLE alert_index_state (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: '0002-name-keys-carry-birth-date',
    // The birth date (YYYYMMDD, MMDD 0000 when only the year is listed, 0 when none) replaces the
    // year, so a candidate whose date rules it out is dropped before its document is read. Keys are
    // derived data: emptied here and rebuilt on open (KEY_ALGORITHM changed).
    up: `
      ALTER TABLE alert_name_keys RENAME COLUMN year TO birth;
      DELETE FROM alert_name_keys;
      DELETE FROM alert_index_state WHERE name = 'key_algorithm';
    `,
  },
  {
    version: 3,
    name: '0003-traveller-counts',
    // How often name-part keys and nationalities occur among the travellers this post checked
    // (TravellerFrequencies). Not derived from the lists: a key rebuild keeps it.
    up: `
      CREATE TABLE alert_traveller_counts (
        key INTEGER PRIMARY KEY,
        travellers INTEGER NOT NULL
      );
    `,
  },
];
