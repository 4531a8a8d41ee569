#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the storage conformance suite (docs/STORAGE.md): initdb
# into a temp dir, started with pg_ctl as the `postgres` user when run as root (PostgreSQL
# refuses to run as root), unix socket only (no TCP listener), trust auth on that socket (its
# directory is 0700, owned by the cluster's user).
#
#   eval "$(scripts/pg-cluster.sh start)"   # exports BOUNCEWATCH_TEST_POSTGRES and PGCLUSTER_DIR
#   scripts/pg-cluster.sh stop "$PGCLUSTER_DIR"
#
# Needs Debian's postgresql package (.ci/run installs it). Prints a one-line reason and exits 1
# when a cluster cannot be started.
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
[ -n "$bindir" ] && [ -x "$bindir/initdb" ] || { echo "pg-cluster: no PostgreSQL server installed (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    dir=$(mktemp -d /tmp/bouncewatch-pg.XXXXXX)
    chmod 700 "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    as_owner "$bindir/initdb" -D "$dir/data" -U bouncewatch --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { echo "pg-cluster: initdb failed: $(tail -1 "$dir/initdb.log")" >&2; exit 1; }
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c max_connections=60 -c fsync=off" start >/dev/null \
      || { echo "pg-cluster: server did not start: $(tail -1 "$dir/server.log")" >&2; exit 1; }
    as_owner "$bindir/createdb" -h "$dir" -U bouncewatch bouncewatch_test
    echo "export PGCLUSTER_DIR='$dir'"
    echo "export BOUNCEWATCH_TEST_POSTGRES='postgres://bouncewatch@/bouncewatch_test?host=$dir'"
    ;;
  stop)
    dir=${2:?usage: pg-cluster.sh stop DIR}
    case "$dir" in /tmp/bouncewatch-pg.*) ;; *) echo "pg-cluster: refusing to remove $dir" >&2; exit 1 ;; esac
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: pg-cluster.sh start | stop DIR" >&2
    exit 2
    ;;
esac
