-- Schema 3: each parcel's row image (docs/shared-library.md, "The row image"). A full load reads every parcel, and
-- the server's cost of a binary COPY is per cell: fifteen send calls a row, each with its own buffer. The row image is
-- those fifteen cells already in COPY's binary form (a big-endian int32 length, -1 for NULL, then the value as the
-- column's send function writes it; the geometry as EWKB). It lives in a narrow table of its own, kept by triggers in
-- the same transaction as every insert, update and delete of a parcel, never written by a client: a load then scans
-- that table alone and asks for one cell a row. The columns of stockfirst.parcels stay the truth (policies, indexes,
-- queries); the image is their copy.

CREATE FUNCTION stockfirst.cell(v text) RETURNS bytea
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    -- convert_to is STABLE only because of its encoding argument; 'UTF8' is fixed here, as is a database's encoding.
    AS $$ SELECT CASE WHEN v IS NULL THEN '\xffffffff'::bytea
                      ELSE int4send(octet_length(convert_to(v, 'UTF8'))) || convert_to(v, 'UTF8') END $$;
CREATE FUNCTION stockfirst.cell(v double precision) RETURNS bytea
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN v IS NULL THEN '\xffffffff'::bytea ELSE '\x00000008'::bytea || float8send(v) END $$;
CREATE FUNCTION stockfirst.cell(v integer) RETURNS bytea
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN v IS NULL THEN '\xffffffff'::bytea ELSE '\x00000004'::bytea || int4send(v) END $$;
CREATE FUNCTION stockfirst.cell(v bigint) RETURNS bytea
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN v IS NULL THEN '\xffffffff'::bytea ELSE '\x00000008'::bytea || int8send(v) END $$;
CREATE FUNCTION stockfirst.cell(v public.geometry) RETURNS bytea
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN v IS NULL THEN '\xffffffff'::bytea
                      ELSE int4send(octet_length(public.ST_AsEWKB(v))) || public.ST_AsEWKB(v) END $$;
ALTER FUNCTION stockfirst.cell(text) OWNER TO stockfirst_admin;
ALTER FUNCTION stockfirst.cell(double precision) OWNER TO stockfirst_admin;
ALTER FUNCTION stockfirst.cell(integer) OWNER TO stockfirst_admin;
ALTER FUNCTION stockfirst.cell(bigint) OWNER TO stockfirst_admin;
ALTER FUNCTION stockfirst.cell(public.geometry) OWNER TO stockfirst_admin;

-- The cells in the order of io::postgis::read::COLUMNS.
CREATE FUNCTION stockfirst.row_image(p stockfirst.parcels) RETURNS bytea
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT stockfirst.cell(p.id) || stockfirst.cell(p.name) || stockfirst.cell(p.county) || stockfirst.cell(p.kind)
                 || stockfirst.cell(p.land_use_system) || stockfirst.cell(p.land_use_code) || stockfirst.cell(p.status)
                 || stockfirst.cell(p.stated_area_m2) || stockfirst.cell(p.approval_no)
                 || stockfirst.cell(p.approval_year) || stockfirst.cell(p.idle_since) || stockfirst.cell(p.remarks)
                 || stockfirst.cell(p.geom) || stockfirst.cell(p.version) || stockfirst.cell(p.change_seq) $$;
ALTER FUNCTION stockfirst.row_image(stockfirst.parcels) OWNER TO stockfirst_admin;

-- The image first: a scan reads it without stepping over another column.
CREATE TABLE stockfirst.parcel_images (
    row_image bytea NOT NULL,
    id text PRIMARY KEY
);
-- Never compressed: a large parcel's image is read back without decompressing it.
ALTER TABLE stockfirst.parcel_images ALTER COLUMN row_image SET STORAGE EXTERNAL;
ALTER TABLE stockfirst.parcel_images OWNER TO stockfirst_admin;
REVOKE ALL ON stockfirst.parcel_images FROM PUBLIC;
GRANT SELECT ON stockfirst.parcel_images TO PUBLIC;

-- Statement triggers over the transition tables: an import of a million parcels writes their images in one pass.
-- They run after the row triggers, so the image holds the version and change_seq stamp_change gave. One function for
-- the three events, as audit_change: PL/pgSQL plans a statement when it first runs, so a branch may name a transition
-- table its event lacks.
CREATE FUNCTION stockfirst.keep_images() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = stockfirst, pg_temp AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        -- On an update, the parcel's row lock, held by this transaction, keeps another writer of the image waiting.
        DELETE FROM stockfirst.parcel_images WHERE id IN (SELECT id FROM old_rows);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO stockfirst.parcel_images (row_image, id) SELECT stockfirst.row_image(n), n.id FROM new_rows n;
    END IF;
    RETURN NULL;
END $$;
CREATE FUNCTION stockfirst.drop_images() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = stockfirst, pg_temp AS $$
BEGIN
    TRUNCATE stockfirst.parcel_images;
    RETURN NULL;
END $$;
ALTER FUNCTION stockfirst.keep_images() OWNER TO stockfirst_admin;
ALTER FUNCTION stockfirst.drop_images() OWNER TO stockfirst_admin;
CREATE TRIGGER parcels_images_insert AFTER INSERT ON stockfirst.parcels
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stockfirst.keep_images();
CREATE TRIGGER parcels_images_update AFTER UPDATE ON stockfirst.parcels
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stockfirst.keep_images();
CREATE TRIGGER parcels_images_delete AFTER DELETE ON stockfirst.parcels
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stockfirst.keep_images();
CREATE TRIGGER parcels_images_truncate AFTER TRUNCATE ON stockfirst.parcels
    FOR EACH STATEMENT EXECUTE FUNCTION stockfirst.drop_images();

-- The parcels a library already has.
INSERT INTO stockfirst.parcel_images (row_image, id) SELECT stockfirst.row_image(p), p.id FROM stockfirst.parcels p;
