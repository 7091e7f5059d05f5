-- Data-quality queues at a million crossings (scripts/bench/console.ts): "MRZ failures accepted" walked
-- the (outcome, decided_at) index through every admitted crossing, reading each row to test mrz_valid
-- (p95 ~480 ms under load); "skewed clocks" walked the time index reading each row for its clock offset
-- (~380 ms). With mrz_valid and outcome leading, the first queue reads only its own rows (0.1 ms); with
-- the offset in the time index, the second tests it without reading the rows (10 ms).
CREATE INDEX sv_crossings_mrz_accepted ON sv_crossings (mrz_valid, outcome, decided_at);
CREATE INDEX sv_crossings_clock_time ON sv_crossings (decided_at, clock_offset_ms);
