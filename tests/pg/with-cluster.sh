#!/usr/bin/env bash
# Runs a command with a throwaway PostGIS cluster: starts it, exports its connection env (STOCKFIRST_TEST_PG, PGHOST,
# PGPORT, PGUSER, PGDATABASE), runs the command, and stops the cluster afterwards, also when the command fails or
# is interrupted. The command's exit status is kept.
#   tests/pg/with-cluster.sh cargo test --no-fail-fast
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
envfile=$("$here/cluster.sh" start)
dir=$(dirname "$envfile")
trap '"$here/cluster.sh" stop "$dir"' EXIT
trap 'exit 130' INT TERM
set -a
# shellcheck disable=SC1090
. "$envfile"
set +a
echo "PostGIS test cluster: $STOCKFIRST_TEST_PG"
"$@"
