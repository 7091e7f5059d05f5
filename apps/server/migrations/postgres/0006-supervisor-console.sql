-- Supervisor console (issue 9). Its own projection of crossings with everything the console filters
-- and reports on (step timings, clock offset, MRZ validity, visa type), the latest device health per
-- station, recorded reconciliation decisions, console roles and list imports. Rebuildable like 0003:
-- drop sv_crossings/sv_device_health rows and sv_projection_checkpoints and the console projector replays.
CREATE TABLE sv_projection_checkpoints (db TEXT PRIMARY KEY, seq INTEGER NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE sv_crossings (
  id TEXT PRIMARY KEY,
  post_id TEXT NOT NULL,
  station_id TEXT NOT NULL,
  officer_id TEXT NOT NULL,
  direction TEXT NOT NULL,
  outcome TEXT NOT NULL,
  decided_at TEXT NOT NULL,
  day TEXT NOT NULL,
  surname TEXT NOT NULL,
  given_names TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  sex TEXT NOT NULL,
  nationality TEXT NOT NULL,
  issuing_state TEXT NOT NULL,
  document_number TEXT NOT NULL,
  document_code TEXT NOT NULL,
  visa_type TEXT,
  purpose TEXT NOT NULL,
  traveller_id TEXT,
  hit_count INTEGER NOT NULL,
  risk_flag_count INTEGER NOT NULL,
  mrz_valid INTEGER NOT NULL,
  correction_count INTEGER NOT NULL,
  clock_offset_ms BIGINT,
  read_ms BIGINT,
  biometrics_ms BIGINT,
  checks_ms BIGINT,
  decision_ms BIGINT,
  total_ms BIGINT NOT NULL,
  rev TEXT NOT NULL
);
-- One index per console page query (scripts/bench/console.ts measures them against none).
CREATE INDEX sv_crossings_time ON sv_crossings (decided_at);
CREATE INDEX sv_crossings_post_time ON sv_crossings (post_id, decided_at);
CREATE INDEX sv_crossings_document ON sv_crossings (document_number, issuing_state, decided_at);
CREATE INDEX sv_crossings_surname ON sv_crossings (surname, decided_at);
CREATE INDEX sv_crossings_nationality_time ON sv_crossings (nationality, decided_at);
CREATE INDEX sv_crossings_outcome_time ON sv_crossings (outcome, decided_at);
CREATE INDEX sv_crossings_hits_time ON sv_crossings (decided_at) WHERE hit_count > 0;
CREATE INDEX sv_crossings_open_entries ON sv_crossings (decided_at) WHERE direction = 'entry' AND outcome = 'admitted';
CREATE INDEX sv_crossings_report ON sv_crossings (day, post_id, direction, nationality, outcome);
CREATE INDEX sv_crossings_person ON sv_crossings (birth_date, nationality);
CREATE TABLE sv_device_health (
  station_id TEXT PRIMARY KEY,
  post_id TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  reported_at TEXT NOT NULL,
  pending_docs INTEGER NOT NULL,
  devices TEXT NOT NULL,
  software_version TEXT,
  disk_free_bytes BIGINT,
  clock_offset_ms BIGINT
);
-- Every reconciliation decision, append-only: the newest row per (queue, subject) is in force.
CREATE TABLE sv_decisions (
  id BIGSERIAL PRIMARY KEY,
  queue TEXT NOT NULL,
  subject TEXT NOT NULL,
  decision TEXT NOT NULL,
  note TEXT NOT NULL,
  decided_by TEXT NOT NULL,
  decided_at TEXT NOT NULL,
  details TEXT
);
CREATE INDEX sv_decisions_subject ON sv_decisions (queue, subject, id);
-- Console roles: the server's users table allows only admin/supervisor, so an analyst is a
-- 'supervisor' there and refined here (the newest row wins); posts limits a supervisor's view.
CREATE TABLE sv_user_roles (user_id TEXT PRIMARY KEY REFERENCES users(user_id), role TEXT NOT NULL CHECK (role IN ('supervisor', 'analyst', 'admin')), updated_at TEXT NOT NULL);
CREATE TABLE sv_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_by TEXT NOT NULL, updated_at TEXT NOT NULL);
-- Alert-list imports waiting for review, and published versions.
CREATE TABLE sv_list_imports (
  import_id TEXT PRIMARY KEY,
  list_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  format TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  body TEXT NOT NULL,
  published_at TEXT,
  published_by TEXT
);
