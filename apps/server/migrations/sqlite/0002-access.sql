-- Who may do what: posts, enrolled stations (token hashes only), one-time enrolment codes,
-- administrators and supervisors with sessions, and the audit log of who did what.
CREATE TABLE posts (post_id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE stations (
  station_id TEXT PRIMARY KEY,
  post_id TEXT NOT NULL REFERENCES posts(post_id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  last_seen_at TEXT
);
CREATE TABLE enrolment_codes (
  code_id TEXT PRIMARY KEY,
  code_hash TEXT NOT NULL UNIQUE,
  post_id TEXT NOT NULL REFERENCES posts(post_id),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  used_by_station TEXT,
  revoked_at TEXT
);
CREATE TABLE users (
  user_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'supervisor')),
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  disabled_at TEXT
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(user_id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT,
  outcome TEXT NOT NULL,
  details TEXT
);
CREATE INDEX audit_log_by_time ON audit_log (at);
