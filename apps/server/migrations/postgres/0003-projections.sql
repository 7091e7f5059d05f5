-- Projections for supervisors, fed by the changes of every post database. Rebuildable: drop the rows
-- and the checkpoints, and the projector replays from seq 0.
CREATE TABLE projection_checkpoints (db TEXT PRIMARY KEY, seq INTEGER NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE crossings (
  id TEXT PRIMARY KEY,
  post_id TEXT NOT NULL,
  station_id TEXT NOT NULL,
  officer_id TEXT NOT NULL,
  direction TEXT NOT NULL,
  outcome TEXT NOT NULL,
  decided_at TEXT NOT NULL,
  surname TEXT NOT NULL,
  given_names TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  nationality TEXT NOT NULL,
  issuing_state TEXT NOT NULL,
  document_number TEXT NOT NULL,
  hit_count INTEGER NOT NULL,
  rev TEXT NOT NULL
);
CREATE INDEX crossings_by_post_time ON crossings (post_id, decided_at);
CREATE INDEX crossings_by_document ON crossings (issuing_state, document_number);
CREATE TABLE travellers (
  id TEXT PRIMARY KEY,
  post_id TEXT NOT NULL,
  surname TEXT NOT NULL,
  given_names TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  sex TEXT NOT NULL,
  nationality TEXT NOT NULL,
  created_at TEXT NOT NULL,
  rev TEXT NOT NULL
);
CREATE TABLE alert_hits (
  crossing_id TEXT NOT NULL,
  hit_index INTEGER NOT NULL,
  post_id TEXT NOT NULL,
  list_id TEXT NOT NULL,
  entry_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  score DOUBLE PRECISION NOT NULL,
  acknowledgement TEXT,
  decided_at TEXT NOT NULL,
  PRIMARY KEY (crossing_id, hit_index)
);
CREATE TABLE post_audit (
  id TEXT PRIMARY KEY,
  post_id TEXT NOT NULL,
  station_id TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  action TEXT NOT NULL,
  outcome TEXT NOT NULL,
  created_at TEXT NOT NULL
);
