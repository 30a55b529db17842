-- Schema 2: offline outbox entries already applied (docs/shared-library.md, "Offline, then sync"). A replay inserts
-- its entry id here in the same transaction as its status update, so a sync run again after a crash or a lost
-- connection applies each entry once: the entry id says whether the write committed.
CREATE TABLE stockfirst.applied_outbox (
    entry_id text PRIMARY KEY,
    parcel text NOT NULL,
    base_version bigint NOT NULL,
    new_version bigint NOT NULL,
    applied_by text NOT NULL DEFAULT session_user,
    applied_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE stockfirst.applied_outbox OWNER TO stockfirst_admin;
REVOKE ALL ON stockfirst.applied_outbox FROM PUBLIC;
-- Officers record their own entries (applied_by and applied_at are the server's) and may look any entry up.
GRANT SELECT ON stockfirst.applied_outbox TO stockfirst_officer;
GRANT INSERT (entry_id, parcel, base_version, new_version) ON stockfirst.applied_outbox TO stockfirst_officer;
