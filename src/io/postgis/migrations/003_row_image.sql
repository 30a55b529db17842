-- Schema 3: each parcel's row image (docs/shared-library.md, "The row image"). A full load reads every parcel, and
-- the server's cost of a binary COPY is per cell: fifteen send calls a row, each with its own buffer. The row image is
-- those fifteen cells already in COPY's binary form (a big-endian int32 length, -1 for NULL, then the value as the
-- column's send function writes it; the geometry as EWKB), kept by PostgreSQL itself as a stored generated column:
-- computed on every insert and update, after the BEFORE trigger has stamped the version, never written by a client.
-- A load then asks for one cell a row. The columns stay the truth (policies, indexes, queries); the image is their copy.

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

-- The cells in the order of io::postgis::read::COLUMNS. Adding the column rewrites the table once.
ALTER TABLE stockfirst.parcels ADD COLUMN row_image bytea GENERATED ALWAYS AS (
    stockfirst.cell(id) || stockfirst.cell(name) || stockfirst.cell(county) || stockfirst.cell(kind)
    || stockfirst.cell(land_use_system) || stockfirst.cell(land_use_code) || stockfirst.cell(status)
    || stockfirst.cell(stated_area_m2) || stockfirst.cell(approval_no) || stockfirst.cell(approval_year)
    || stockfirst.cell(idle_since) || stockfirst.cell(remarks) || stockfirst.cell(geom)
    || stockfirst.cell(version) || stockfirst.cell(change_seq)
) STORED;
-- Never compressed: a large parcel's image is read back without decompressing it.
ALTER TABLE stockfirst.parcels ALTER COLUMN row_image SET STORAGE EXTERNAL;
