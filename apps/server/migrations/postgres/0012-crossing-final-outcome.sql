-- A referred traveller's final decision after secondary inspection (the crossing's `final`), so a
-- traveller's history at another post says "refused" rather than only "referred". The projector
-- replays from the start once (checkpoints forgotten) to fill it for crossings already projected.
ALTER TABLE crossings ADD COLUMN final_outcome TEXT;
DELETE FROM projection_checkpoints;
