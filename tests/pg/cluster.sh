#!/usr/bin/env bash
# A throwaway PostgreSQL + PostGIS cluster for the tests of the shared library (docs/shared-library.md).
#
#   tests/pg/cluster.sh start        initdb into a new temp dir, start on 127.0.0.1 and a free port, create the
#                                    database `stockfirst_test` with postgis; prints the env file's path
#   tests/pg/cluster.sh env DIR      prints the connection env (PGHOST, PGPORT, PGUSER, PGDATABASE, STOCKFIRST_TEST_PG)
#   tests/pg/cluster.sh stop DIR     stops the cluster and removes DIR
#   tests/pg/cluster.sh crash DIR    kills the server at once (pg_ctl stop -m immediate), as a power cut would
#   tests/pg/cluster.sh revive DIR   starts the crashed server again on the same port (recovery runs)
#
# As root (CI) the cluster runs as the `postgres` user (initdb refuses root); on a developer machine it runs as you.
# Only loopback and a socket in DIR are listened on, with trust authentication: nothing outside this machine's
# users can reach it, and no password is written anywhere. Members of the role `password_required` are the
# exception: they must give a password (scram-sha-256), so the app's password dialog meets a server that really asks
# (tests/postgis_password.rs).
set -euo pipefail

bindir() {
    local d
    for d in "${PG_BINDIR:-}" "$(pg_config --bindir 2>/dev/null || true)" /usr/lib/postgresql/*/bin; do
        if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return; fi
    done
    echo "cluster.sh: initdb not found (apt-get install postgresql-15 postgresql-15-postgis-3)" >&2
    exit 1
}

# Runs a command as the cluster's owner.
as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
    local bin dir port owner log
    bin=$(bindir)
    dir=$(mktemp -d "${TMPDIR:-/tmp}/stockfirst-pg.XXXXXX")
    chmod 755 "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; owner=postgres; else owner=$(id -un); fi
    as_owner "$bin/initdb" -D "$dir/data" -U "$owner" --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner sed -i '1i host all +password_required 127.0.0.1/32 scram-sha-256' "$dir/data/pg_hba.conf"
    log="$dir/server.log"
    # A port taken between the probe and the start is retried with another.
    for _ in 1 2 3 4 5; do
        port=$(free_port)
        if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >/dev/null; then
            break
        fi
        port=""
    done
    if [ -z "$port" ]; then cat "$log" >&2; exit 1; fi
    as_owner "$bin/psql" -qX -h 127.0.0.1 -p "$port" -U "$owner" -d postgres -v ON_ERROR_STOP=1 \
        -c "CREATE DATABASE stockfirst_test" >/dev/null
    as_owner "$bin/psql" -qX -h 127.0.0.1 -p "$port" -U "$owner" -d stockfirst_test -v ON_ERROR_STOP=1 \
        -c "CREATE EXTENSION postgis" >/dev/null
    as_owner "$bin/psql" -qX -h 127.0.0.1 -p "$port" -U "$owner" -d postgres -v ON_ERROR_STOP=1 \
        -c "CREATE ROLE password_required NOLOGIN" >/dev/null
    cat >"$dir/env" <<ENV
PGHOST=127.0.0.1
PGPORT=$port
PGUSER=$owner
PGDATABASE=stockfirst_test
STOCKFIRST_TEST_PG=postgresql://$owner@127.0.0.1:$port/stockfirst_test
STOCKFIRST_PG_DIR=$dir
ENV
    chmod 644 "$dir/env"
    echo "$dir/env"
}

stop() {
    local dir=${1:?usage: cluster.sh stop DIR}
    [ -d "$dir/data" ] || { echo "cluster.sh: no cluster in $dir" >&2; exit 1; }
    as_owner "$(bindir)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    rm -rf "$dir"
}

crash() {
    local dir=${1:?usage: cluster.sh crash DIR}
    as_owner "$(bindir)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
}

revive() {
    local dir=${1:?usage: cluster.sh revive DIR} port
    port=$(sed -n 's/^PGPORT=//p' "$dir/env")
    as_owner "$(bindir)/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >/dev/null
}

case "${1:-}" in
start) start ;;
crash) crash "${2:-}" ;;
revive) revive "${2:-}" ;;
stop) stop "${2:-}" ;;
env) cat "${2:?usage: cluster.sh env DIR}/env" ;;
*) echo "usage: $0 start | env DIR | stop DIR | crash DIR | revive DIR" >&2; exit 2 ;;
esac
