import type { Projection } from '../projections';

/**
 * A projection that appends one row per change it is given (never replaces), so that a change
 * applied twice after a crash shows up as a duplicate row.
 */
export const changeLogProjection: Projection = {
  name: 'change_log',
  tables: ['proj_change_log'],
  migrations: [{ version: 1, name: '0001-create-change-log', up: 'CREATE TABLE proj_change_log (doc_id TEXT NOT NULL, seq INTEGER NOT NULL, rev TEXT NOT NULL)' }],
  apply(db, change) {
    db.prepare('INSERT INTO proj_change_log (doc_id, seq, rev) VALUES (?, ?, ?)').run(change.id, change.seq, change.doc._rev);
  },
};
