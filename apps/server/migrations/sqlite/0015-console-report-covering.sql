-- Reports at a million crossings: transit (per post, officer or station) and hours read the day range
-- through sv_crossings_report and then every row for its step times — 80,000 row reads for 30 days,
-- 150 ms p50 and 440 ms p95 under load on SQLite. The report index now also holds what those reports
-- read (officer, station, step times, decision time), so every report reads the index alone
-- (transit 20–30 ms, hours 50–70 ms); flows and decisions keep their leading columns.
DROP INDEX sv_crossings_report;
CREATE INDEX sv_crossings_report ON sv_crossings (day, post_id, direction, nationality, outcome, officer_id, station_id, read_ms, biometrics_ms, checks_ms, decision_ms, total_ms, decided_at);
