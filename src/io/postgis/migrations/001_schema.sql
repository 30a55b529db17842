-- Schema 1 of the shared stock library (docs/shared-library.md). Applied by `stockfirst db init` / `db migrate`
-- in one transaction, as a superuser or the database owner with CREATEROLE.

CREATE EXTENSION IF NOT EXISTS postgis;

-- Roles are cluster-wide: another database of the same cluster may have made them already (then no CREATEROLE is
-- needed; two first migrations at once may race, hence the exception).
DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'stockfirst_admin') THEN CREATE ROLE stockfirst_admin NOLOGIN; END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'stockfirst_officer') THEN CREATE ROLE stockfirst_officer NOLOGIN; END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;

ALTER SCHEMA stockfirst OWNER TO stockfirst_admin;
-- Everyone who may log in to this database reads the library; only officers change it.
GRANT USAGE ON SCHEMA stockfirst TO PUBLIC;
-- Every client checks the schema version before it reads.
ALTER TABLE stockfirst.schema_version OWNER TO stockfirst_admin;
GRANT SELECT ON stockfirst.schema_version TO PUBLIC;

-- change_seq orders every change for the listeners' catch-up after a reconnect.
CREATE SEQUENCE stockfirst.change_seq;
ALTER SEQUENCE stockfirst.change_seq OWNER TO stockfirst_admin;

-- One row per 存量地块, every attribute of model::Parcel. The area is not stored: it is computed from the geometry,
-- as for a file (stated_area_m2 is the source's own area attribute).
CREATE TABLE stockfirst.parcels (
    id text PRIMARY KEY,
    name text NOT NULL DEFAULT '',
    county text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('PEWG', 'XZ', 'DX', 'FQ', 'JT')),
    land_use_system text NOT NULL CHECK (land_use_system IN ('YDYH2023', 'GBT21010', 'GB50137')),
    land_use_code text NOT NULL,
    status text NOT NULL DEFAULT 'available'
        CHECK (status IN ('available', 'engaged', 'to_be_supplied', 'supplied')),
    stated_area_m2 double precision,
    approval_no text,
    approval_year integer,
    idle_since text,
    remarks text,
    geom public.geometry(MultiPolygon, 4526) NOT NULL,
    version bigint NOT NULL DEFAULT 1,
    change_seq bigint NOT NULL DEFAULT 0,
    -- The officer's note of the last change; the audit trigger copies it.
    change_note text,
    updated_by text NOT NULL DEFAULT session_user,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX parcels_geom_idx ON stockfirst.parcels USING gist (geom);
CREATE INDEX parcels_change_seq_idx ON stockfirst.parcels (change_seq);
CREATE INDEX parcels_county_idx ON stockfirst.parcels (county);
ALTER TABLE stockfirst.parcels OWNER TO stockfirst_admin;

-- Who changed what, written only by the trigger (SECURITY DEFINER, owned by the admin role).
CREATE TABLE stockfirst.audit (
    id bigserial PRIMARY KEY,
    op text NOT NULL,
    parcel text NOT NULL,
    old_status text,
    new_status text,
    old_version bigint,
    new_version bigint,
    change_seq bigint,
    who text NOT NULL DEFAULT session_user,
    client_addr inet DEFAULT inet_client_addr(),
    at timestamptz NOT NULL DEFAULT now(),
    txid bigint NOT NULL DEFAULT txid_current(),
    note text
);
CREATE INDEX audit_parcel_idx ON stockfirst.audit (parcel);
ALTER TABLE stockfirst.audit OWNER TO stockfirst_admin;
REVOKE ALL ON stockfirst.audit FROM PUBLIC;
GRANT SELECT ON stockfirst.audit TO stockfirst_officer;

-- Officer login role → the counties (adcode text, model::County::id) they may change.
CREATE TABLE stockfirst.officer_counties (
    officer name NOT NULL,
    county text NOT NULL,
    PRIMARY KEY (officer, county)
);
ALTER TABLE stockfirst.officer_counties OWNER TO stockfirst_admin;
REVOKE ALL ON stockfirst.officer_counties FROM PUBLIC;

-- On session_user, the login role itself: a SET variable could be set by anyone's laptop.
CREATE FUNCTION stockfirst.may_change(p_county text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = stockfirst, pg_temp
    AS $$ SELECT EXISTS (SELECT 1 FROM stockfirst.officer_counties WHERE officer = session_user AND county = p_county) $$;
CREATE FUNCTION stockfirst.my_counties() RETURNS SETOF text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = stockfirst, pg_temp
    AS $$ SELECT county FROM stockfirst.officer_counties WHERE officer = session_user ORDER BY county $$;
ALTER FUNCTION stockfirst.may_change(text) OWNER TO stockfirst_admin;
ALTER FUNCTION stockfirst.my_counties() OWNER TO stockfirst_admin;
-- Anyone may ask about themselves (a reader learns they may change nothing); the table itself stays closed.
GRANT EXECUTE ON FUNCTION stockfirst.may_change(text), stockfirst.my_counties() TO PUBLIC;

-- Every row change: a new version (whatever the statement set), a new change_seq, who and when.
CREATE FUNCTION stockfirst.stamp_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = stockfirst, pg_temp AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        NEW.version := OLD.version + 1;
    ELSE
        NEW.version := 1;
    END IF;
    NEW.change_seq := nextval('stockfirst.change_seq');
    NEW.updated_by := session_user;
    NEW.updated_at := now();
    RETURN NEW;
END $$;
ALTER FUNCTION stockfirst.stamp_change() OWNER TO stockfirst_admin;
CREATE TRIGGER parcels_stamp BEFORE INSERT OR UPDATE ON stockfirst.parcels
    FOR EACH ROW EXECUTE FUNCTION stockfirst.stamp_change();

CREATE FUNCTION stockfirst.audit_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = stockfirst, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO stockfirst.audit (op, parcel, new_status, new_version, change_seq, note)
        VALUES (TG_OP, NEW.id, NEW.status, NEW.version, NEW.change_seq, NEW.change_note);
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO stockfirst.audit (op, parcel, old_status, new_status, old_version, new_version, change_seq, note)
        VALUES (TG_OP, NEW.id, OLD.status, NEW.status, OLD.version, NEW.version, NEW.change_seq, NEW.change_note);
    ELSE
        INSERT INTO stockfirst.audit (op, parcel, old_status, old_version, change_seq)
        VALUES (TG_OP, OLD.id, OLD.status, OLD.version, nextval('stockfirst.change_seq'));
    END IF;
    RETURN NULL;
END $$;
ALTER FUNCTION stockfirst.audit_change() OWNER TO stockfirst_admin;
CREATE TRIGGER parcels_audit AFTER INSERT OR UPDATE OR DELETE ON stockfirst.parcels
    FOR EACH ROW EXECUTE FUNCTION stockfirst.audit_change();

-- Listeners refresh the parcels named; NOTIFY is delivered when the transaction commits, never before.
CREATE FUNCTION stockfirst.notify_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = stockfirst, pg_temp AS $$
BEGIN
    PERFORM pg_notify('stockfirst_parcels',
        json_build_object('id', NEW.id, 'version', NEW.version, 'change_seq', NEW.change_seq)::text);
    RETURN NULL;
END $$;
ALTER FUNCTION stockfirst.notify_change() OWNER TO stockfirst_admin;
CREATE TRIGGER parcels_notify AFTER UPDATE ON stockfirst.parcels
    FOR EACH ROW EXECUTE FUNCTION stockfirst.notify_change();

-- An import or a deletion changes many rows: one "reload" notice for the statement, not one per parcel.
CREATE FUNCTION stockfirst.notify_reload() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = stockfirst, pg_temp AS $$
BEGIN
    PERFORM pg_notify('stockfirst_parcels', json_build_object('reload', true)::text);
    RETURN NULL;
END $$;
ALTER FUNCTION stockfirst.notify_reload() OWNER TO stockfirst_admin;
CREATE TRIGGER parcels_notify_reload AFTER INSERT OR DELETE OR TRUNCATE ON stockfirst.parcels
    FOR EACH STATEMENT EXECUTE FUNCTION stockfirst.notify_reload();

-- Everyone reads; an officer changes the status (and its note) of the parcels of their own counties only.
ALTER TABLE stockfirst.parcels ENABLE ROW LEVEL SECURITY;
CREATE POLICY parcels_read ON stockfirst.parcels FOR SELECT USING (true);
CREATE POLICY parcels_officer_update ON stockfirst.parcels FOR UPDATE
    USING (stockfirst.may_change(county)) WITH CHECK (stockfirst.may_change(county));
REVOKE ALL ON stockfirst.parcels FROM PUBLIC;
GRANT SELECT ON stockfirst.parcels TO PUBLIC;
GRANT UPDATE (status, change_note) ON stockfirst.parcels TO stockfirst_officer;
