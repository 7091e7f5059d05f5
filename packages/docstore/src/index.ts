export { sqliteAdapter, SqlitePouch } from './adapter';
