#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: found or installed, started
# as a non-root user (PostgreSQL refuses to run as root) in a temporary
# folder on a free port of 127.0.0.1, stopped and deleted on exit.
# Sourced by scripts/test.sh; by hand: `source scripts/throwaway-postgres.sh
# && throwaway_postgres_start`, and the exports below point the tests at it.
#
# Exports EPAY_STATUS_TEST_PG (a URL to its "postgres" database, from which
# each test creates a database of its own) and EPAY_STATUS_TEST_PG_BIN (for
# tests that start and stop a cluster of their own).

# The newest installed server's bin directory (Debian keeps it off PATH).
postgres_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) "$(pg_config --bindir 2>/dev/null)"; do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
      echo "$d"
      return 0
    fi
  done
  return 1
}

# THROWAWAY_PG_SETTINGS: server settings (default: fast and not durable,
# for tests).
THROWAWAY_PG_SETTINGS=${THROWAWAY_PG_SETTINGS:--c fsync=off -c synchronous_commit=off}

throwaway_postgres_start() {
  local bin dir port run=() tries
  if ! bin=$(postgres_bindir); then
    need_package postgresql
    bin=$(postgres_bindir) || { echo "error: PostgreSQL was installed but initdb is not found" >&2; return 1; }
  fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/epay-status-pg.XXXXXX")
  if [ "$(id -u)" -eq 0 ]; then
    chown nobody "$dir"
    run=(runuser -u nobody --)
  fi
  THROWAWAY_PG_DIR=$dir
  THROWAWAY_PG_CTL=("${run[@]}" "$bin/pg_ctl")
  trap throwaway_postgres_stop EXIT
  "${run[@]}" "$bin/initdb" -D "$dir/data" -A trust -U epay --no-sync -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; return 1; }
  for tries in 1 2 3 4 5; do
    port=$(( 20000 + RANDOM % 40000 ))
    if "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 $THROWAWAY_PG_SETTINGS" \
      >/dev/null; then
      export EPAY_STATUS_TEST_PG="postgresql://epay@127.0.0.1:$port/postgres?sslmode=disable"
      export EPAY_STATUS_TEST_PG_BIN=$bin
      echo "throwaway PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($dir)" >&2
      return 0
    fi
  done
  cat "$dir/server.log" >&2
  return 1
}

throwaway_postgres_stop() {
  if [ -n "${THROWAWAY_PG_DIR:-}" ]; then
    "${THROWAWAY_PG_CTL[@]}" -D "$THROWAWAY_PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$THROWAWAY_PG_DIR"
    THROWAWAY_PG_DIR=
  fi
}
