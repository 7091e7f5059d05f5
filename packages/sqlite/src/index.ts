export { openDatabase, changeKey, type OpenOptions, type SqliteDatabase } from './open';
export { migrate, schemaVersion, readMigrationsDir, type Migration } from './migrations';
