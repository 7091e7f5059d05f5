-- The console's officer list shows each officer's newest successful sign-in reported by a post
-- (audit documents projected into post_audit): an index over just those rows.
CREATE INDEX post_audit_officer_sign_ins ON post_audit (actor_id, created_at) WHERE action = 'session.sign-in' AND outcome = 'ok';
