-- Removable-media bundles (issue 6): each station's public bundle keys (Ed25519 to verify what it signs,
-- X25519 to encrypt what central sends it), registered at enrolment or later by the station itself,
-- and central's own bundle key pairs, created at first start.
ALTER TABLE stations ADD COLUMN bundle_signing_key TEXT;
ALTER TABLE stations ADD COLUMN bundle_encryption_key TEXT;
CREATE TABLE central_bundle_keys (
  purpose TEXT PRIMARY KEY CHECK (purpose IN ('signing', 'encryption')),
  public_key TEXT NOT NULL,
  private_key TEXT NOT NULL,
  created_at TEXT NOT NULL
);
