#!/usr/bin/env bash
# A PostgreSQL server of its own for tests and trials, in a folder on a loopback port.
#
#   bash Pipelines/postgres-server.sh start DIR PORT   creates DIR (if needed), initialises a cluster there on first
#                                                      start and starts it on 127.0.0.1:PORT; prints the ledger URL
#   bash Pipelines/postgres-server.sh stop DIR         stops the server in DIR (fast shutdown)
#
# The cluster has one role, `cardprep`, with a random password kept in DIR/password (mode 0600), scram-sha-256
# authentication for every connection, and a database `cardprep`. Its unix socket is in DIR, its log is
# DIR/server.log, and DIR/url holds `postgres://cardprep:PASSWORD@127.0.0.1:PORT/cardprep?sslmode=disable`.
# fsync is off: the server is for tests, not for a ledger a bureau keeps.
#
# initdb and pg_ctl refuse to run as root, so as root the server runs as the `postgres` user (Debian's
# `postgresql` package creates it), which is given DIR. PG_BIN overrides /usr/lib/postgresql/15/bin.
set -euo pipefail

bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
usage() { echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 64; }

as_server_user() {
  if [ "$(id -u)" -eq 0 ]; then
    # From /, which the server's user can enter: the caller's folder may be closed to it.
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

start() {
  local dir="$1" port="$2"
  case "$port" in ''|*[!0-9]*) echo "$0: PORT must be a number, not '$port'" >&2; exit 64 ;; esac
  [ -x "$bin/pg_ctl" ] || { echo "$0: $bin/pg_ctl not found (install postgresql: bash Pipelines/install-dependencies.sh)" >&2; exit 69; }
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "$0: as root the server runs as the user postgres, which does not exist" >&2; exit 69; }
    chown postgres: "$dir"
    # The postgres user must be able to reach DIR through its parents.
    local parent="$dir"
    while parent="$(dirname "$parent")"; [ "$parent" != "/" ]; do
      (cd / && runuser -u postgres -- test -x "$parent") || chmod o+x "$parent"
    done
  fi
  chmod 0700 "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    local password
    password="$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
    (umask 077 && printf '%s\n' "$password" >"$dir/password")
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir/password"
    as_server_user "$bin/initdb" -D "$dir/data" --username=cardprep --pwfile="$dir/password" \
      --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >/dev/null \
    || { tail -20 "$dir/server.log" >&2; exit 1; }
  local password
  password="$(cat "$dir/password")"
  if ! PGPASSWORD="$password" psql -h 127.0.0.1 -p "$port" -U cardprep -d postgres -Atqc \
      "select 1 from pg_database where datname = 'cardprep'" | grep -q 1; then
    PGPASSWORD="$password" psql -h 127.0.0.1 -p "$port" -U cardprep -d postgres -qc "create database cardprep" >/dev/null
  fi
  local url="postgres://cardprep:$password@127.0.0.1:$port/cardprep?sslmode=disable"
  (umask 077 && printf '%s\n' "$url" >"$dir/url")
  echo "$url"
}

stop() {
  local dir="$1"
  [ -f "$dir/data/postmaster.pid" ] || return 0
  as_server_user "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
}

case "${1:-}" in
  start) [ $# -eq 3 ] || usage; start "$2" "$3" ;;
  stop) [ $# -eq 2 ] || usage; stop "$2" ;;
  *) usage ;;
esac
