import type { SqliteDatabase } from '@borderpost/sqlite';
import type { Projection, ProjectionChange } from './projections';

/** One row of the crossings projection. */
export interface CrossingRow {
  doc_id: string;
  post_id: string | null;
  station_id: string | null;
  direction: string | null;
  issuing_state: string | null;
  document_number: string;
  surname: string | null;
  birth_date: string | null;
  nationality: string | null;
  decided_at: string | null;
  crossing_date: string | null;
  outcome: string | null;
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const obj = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' ? (value as Record<string, unknown>) : {});

/**
 * Example projection used by the post runtime and the tests: crossings by travel-document number and
 * by date. A crossing document (`type: 'crossing'`, see DOCS.md / `@borderpost/schemas`) becomes one
 * row; a new revision replaces it; a deletion removes it. Documents that are not crossings, or lack a
 * document number, are ignored rather than failing the projection (it must never stall on one bad
 * document; the schema layer is where bad documents are refused).
 */
export const crossingsProjection: Projection = {
  name: 'crossings',
  tables: ['proj_crossings'],
  migrations: [
    {
      version: 1,
      name: '0001-create-crossings',
      up: `
        CREATE TABLE proj_crossings (
          doc_id TEXT PRIMARY KEY,
          post_id TEXT,
          station_id TEXT,
          direction TEXT,
          issuing_state TEXT,
          document_number TEXT NOT NULL,
          surname TEXT,
          birth_date TEXT,
          nationality TEXT,
          decided_at TEXT,
          crossing_date TEXT
        );
        CREATE INDEX proj_crossings_by_document ON proj_crossings (document_number, issuing_state);
        CREATE INDEX proj_crossings_by_date ON proj_crossings (crossing_date, decided_at);
      `,
    },
    {
      // Kept as a separate step on purpose: how a projection's schema evolves after release.
      version: 2,
      name: '0002-add-outcome',
      up: `ALTER TABLE proj_crossings ADD COLUMN outcome TEXT;
           CREATE INDEX proj_crossings_by_traveller ON proj_crossings (surname, birth_date);`,
    },
  ],
  apply(db: SqliteDatabase, change: ProjectionChange): void {
    db.prepare('DELETE FROM proj_crossings WHERE doc_id = ?').run(change.id);
    const doc = change.doc;
    if (change.deleted || doc.type !== 'crossing') return;
    const document = obj(doc.document);
    const traveller = obj(doc.traveller);
    const decision = obj(doc.decision);
    const documentNumber = str(document.documentNumber);
    if (!documentNumber) return;
    const decidedAt = str(decision.at);
    db.prepare(
      `INSERT INTO proj_crossings (doc_id, post_id, station_id, direction, issuing_state, document_number, surname,
         birth_date, nationality, decided_at, crossing_date, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      change.id,
      str(doc.postId),
      str(doc.stationId),
      str(doc.direction),
      str(document.issuingState),
      documentNumber,
      str(traveller.surname),
      str(traveller.birthDate),
      str(traveller.nationality),
      decidedAt,
      decidedAt && /^\d{4}-\d{2}-\d{2}/.test(decidedAt) ? decidedAt.slice(0, 10) : null,
      str(decision.outcome),
    );
  },
};

/** Crossings made on one travel document, oldest first. */
export function crossingsByDocument(db: SqliteDatabase, documentNumber: string, issuingState?: string): CrossingRow[] {
  return (
    issuingState === undefined
      ? db.prepare('SELECT * FROM proj_crossings WHERE document_number = ? ORDER BY decided_at, doc_id').all(documentNumber)
      : db.prepare('SELECT * FROM proj_crossings WHERE document_number = ? AND issuing_state = ? ORDER BY decided_at, doc_id').all(documentNumber, issuingState)
  ) as CrossingRow[];
}

/** Crossings decided between two dates (`YYYY-MM-DD`, inclusive), oldest first. */
export function crossingsByDate(db: SqliteDatabase, from: string, to: string): CrossingRow[] {
  return db.prepare('SELECT * FROM proj_crossings WHERE crossing_date BETWEEN ? AND ? ORDER BY decided_at, doc_id').all(from, to) as CrossingRow[];
}
