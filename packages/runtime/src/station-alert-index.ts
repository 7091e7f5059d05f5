import { AlertIndex } from '@borderpost/alert-index';
import { BorderpostError } from '@borderpost/common';
import { FileSecretStore, type SecretCodec } from '@borderpost/runtime-core';
import { type SqliteDatabase, openDatabase } from '@borderpost/sqlite';
import fs from 'node:fs';
import path from 'node:path';
import { assertStationStopped } from './station-running';

export interface StationAlertIndex {
  db: SqliteDatabase;
  index: AlertIndex;
  close(): void;
}

/**
 * A stopped station's alert index (`<dataDir>/alert-index.sqlite`, encrypted with the station's database
 * key from its secrets file), for offline tools such as `borderpost post seed-history`. Refuses with
 * RUNTIME_STATION_RUNNING while a runtime has the directory open, RUNTIME_DATA_DIR_NOT_FOUND for a missing
 * directory and RUNTIME_NOT_ENROLLED for one without station secrets.
 */
export async function openStationAlertIndex(dataDir: string, options: { secretCodec?: SecretCodec | null } = {}): Promise<StationAlertIndex> {
  if (!fs.statSync(dataDir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new BorderpostError('RUNTIME_DATA_DIR_NOT_FOUND', `no station data directory at ${dataDir}`);
  }
  assertStationStopped(dataDir);
  const secrets = await new FileSecretStore(path.join(dataDir, 'station-secrets.json'), options.secretCodec ?? null).read();
  if (!secrets) throw new BorderpostError('RUNTIME_NOT_ENROLLED', `${dataDir} holds no station secrets: not an enrolled station's data directory`);
  const db = openDatabase(path.join(dataDir, 'alert-index.sqlite'), { key: Buffer.from(secrets.databaseKey, 'base64') });
  try {
    return { db, index: AlertIndex.open(db), close: () => db.close() };
  } catch (error) {
    db.close();
    throw error;
  }
}
