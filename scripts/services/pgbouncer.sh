#!/usr/bin/env bash
# PgBouncer in front of the local PostgreSQL (127.0.0.1:5432), for the pooler tests.
#
#   scripts/services/pgbouncer.sh start   starts two poolers (idempotent), prints the URLs:
#                                         127.0.0.1:16432 in session pooling,
#                                         127.0.0.1:16433 in transaction pooling
#   scripts/services/pgbouncer.sh stop    stops them
#
# Every database of the server is reachable through both (`* =` fallback), with trust
# authentication as the server has it; the admin console (database `pgbouncer`) answers
# user postgres. `ignore_startup_parameters = extra_float_digits`: sqlx sends it at
# connect, and PgBouncer refuses startup parameters it does not know otherwise.
# Installs the Debian package pgbouncer when missing (its own service stays stopped).
set -euo pipefail

BASE="${SHALE_PGBOUNCER_DIR:-/var/tmp/shale-pgbouncer}"
PG_HOST="${SHALE_PGBOUNCER_SERVER_HOST:-127.0.0.1}"
PG_PORT="${SHALE_PGBOUNCER_SERVER_PORT:-5432}"
declare -A PORTS=([session]=16432 [transaction]=16433)

log() { echo "pgbouncer: $*" >&2; }

need_package() {
  command -v pgbouncer >/dev/null && return 0
  [ -x /usr/sbin/pgbouncer ] && return 0
  log "installing pgbouncer"
  flock /var/lock/shale-services-apt apt-get update -qq && DEBIAN_FRONTEND=noninteractive flock /var/lock/shale-services-apt apt-get install -y -qq pgbouncer >/dev/null
}

bin() { command -v pgbouncer || echo /usr/sbin/pgbouncer; }

alive() { # mode
  local pid
  pid=$(cat "$BASE/${1}.pid" 2>/dev/null) || return 1
  kill -0 "$pid" 2>/dev/null
}

answers() { # port: a query goes through to the server
  psql "postgres://postgres@127.0.0.1:$1/postgres" -Atc "SELECT 1" >/dev/null 2>&1
}

write_config() { # mode
  local mode=$1
  cat >"$BASE/$mode.ini" <<EOF
[databases]
* = host=$PG_HOST port=$PG_PORT

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${PORTS[$mode]}
unix_socket_dir =
auth_type = trust
auth_file = $BASE/users.txt
admin_users = postgres
pool_mode = $mode
max_client_conn = 200
default_pool_size = 20
ignore_startup_parameters = extra_float_digits
server_reset_query = DISCARD ALL
logfile = $BASE/$mode.log
pidfile = $BASE/$mode.pid
EOF
}

start() {
  need_package
  mkdir -p "$BASE"
  echo '"postgres" ""' >"$BASE/users.txt"
  chown -R postgres:postgres "$BASE"
  local started=$SECONDS mode
  for mode in session transaction; do
    if alive "$mode" && answers "${PORTS[$mode]}"; then continue; fi
    [ -f "$BASE/$mode.pid" ] && kill "$(cat "$BASE/$mode.pid")" 2>/dev/null || true
    write_config "$mode"
    chown postgres:postgres "$BASE/$mode.ini"
    # PgBouncer refuses to run as root: -u drops to postgres; -d daemonises.
    "$(bin)" -d -u postgres "$BASE/$mode.ini"
  done
  local deadline=$((SECONDS + 30))
  for mode in session transaction; do
    until answers "${PORTS[$mode]}"; do
      ((SECONDS < deadline)) || { log "$mode pooler does not answer"; tail "$BASE/$mode.log" >&2; exit 1; }
      sleep 0.2
    done
  done
  log "session and transaction poolers up in $((SECONDS - started)) s"
  echo "session:     postgres://postgres@127.0.0.1:${PORTS[session]}"
  echo "transaction: postgres://postgres@127.0.0.1:${PORTS[transaction]}"
}

stop() {
  local mode pid
  for mode in session transaction; do
    pid=$(cat "$BASE/$mode.pid" 2>/dev/null) || continue
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
  rm -rf "$BASE"
  log "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
