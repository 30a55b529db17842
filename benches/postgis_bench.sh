#!/usr/bin/env bash
# The shared-library numbers of docs/benchmarks.md ("Shared library (issue 12)"), in one run on a throwaway cluster:
# examples/pg_bench.rs (PostGIS binary COPY vs the GeoPackage, status round trip, notify latency) then geopandas
# read_postgis on the same table. Usage: tests/pg/with-cluster.sh benches/postgis_bench.sh FILE.gpkg
# Needs the release build (`cargo build --release --bin stockfirst --example pg_bench`; BIN=… for another) and a venv
# with geopandas, sqlalchemy, psycopg2-binary at $VENV (default target/pg-venv; made here when missing).
set -euo pipefail
file=${1:?usage: postgis_bench.sh FILE.gpkg}
venv=${VENV:-target/pg-venv}
bin=${BIN:-${CARGO_TARGET_DIR:-target}/release}
if ! "$venv/bin/python" -c "import geopandas, sqlalchemy, psycopg2" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q geopandas sqlalchemy psycopg2-binary
fi
admin="$STOCKFIRST_TEST_PG"
officer="${admin/\/\/$PGUSER@/\/\/bench_officer@}"
"$bin/stockfirst" db init "$admin"
echo "== $(date -u '+%F %T') UTC; $(uptime)"
"$bin/examples/pg_bench" "$admin" "$officer" "$file" ${RUNS:-5}
"$venv/bin/python" benches/geopandas_postgis.py "$admin"
echo "== end $(date -u '+%T') UTC; $(uptime)"
