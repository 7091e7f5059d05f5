-- "Posts at a glance" at a million crossings: the newest crossing of each station was read with
-- `WHERE post_id = ? ORDER BY decided_at DESC LIMIT 50`, once per post; PostgreSQL walked the global
-- time index backwards filtering by post (30 ms for a quiet post, 600 ms p95 for the page under load).
-- The projector now keeps the newest crossing per station in a table of a row per station.
CREATE TABLE sv_station_latest (
  station_id TEXT PRIMARY KEY,
  post_id TEXT NOT NULL,
  crossing_id TEXT NOT NULL,
  decided_at TEXT NOT NULL,
  clock_offset_ms INTEGER
);
INSERT INTO sv_station_latest (station_id, post_id, crossing_id, decided_at, clock_offset_ms)
  SELECT station_id, post_id, id, decided_at, clock_offset_ms FROM (
    SELECT station_id, post_id, id, decided_at, clock_offset_ms, ROW_NUMBER() OVER (PARTITION BY station_id ORDER BY decided_at DESC, id DESC) AS n FROM sv_crossings
  ) ranked WHERE n = 1;
-- Skewed clocks are rare: a partial index holds only crossings off by more than a minute (the queue's
-- smallest threshold), newest first; the (decided_at, clock_offset_ms) index of 0013 read 200,000 entries
-- to find 50 at a million crossings.
DROP INDEX sv_crossings_clock_time;
CREATE INDEX sv_crossings_clock_skewed ON sv_crossings (decided_at) WHERE (clock_offset_ms > 60000 OR clock_offset_ms < -60000);
