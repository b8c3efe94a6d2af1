#!/usr/bin/env bash
# A PostgreSQL 15 streaming replica of the local primary (127.0.0.1:5432), for the
# replica tests.
#
#   scripts/services/pg-replica.sh start   creates it when missing (pg_createcluster, then
#                                          pg_basebackup -R), starts it on 127.0.0.1:15433,
#                                          waits until it streams, prints its URL
#   scripts/services/pg-replica.sh stop    stops and drops the replica cluster and its slot
#
# The replica streams through a physical replication slot on the primary (shale_replica):
# without one, a busy primary (tests creating and dropping databases) recycled the WAL
# the new replica still needed between the base backup and its first connection, and it
# never streamed. The slot holds WAL back only while the replica exists: stop drops it.
#
# The primary needs a replication entry in pg_hba.conf: `host replication all 127.0.0.1/32
# trust` is added (marked, once) and the primary reloaded, as the server already trusts
# 127.0.0.1 for every database. Installs postgresql-15 when missing.
set -euo pipefail

VERSION=15
NAME=shale_replica
PORT="${SHALE_PG_REPLICA_PORT:-15433}"
PRIMARY="host=127.0.0.1 port=5432 user=postgres"
MARK="# shale: replication for scripts/services/pg-replica.sh"

log() { echo "pg-replica: $*" >&2; }

need_packages() {
  command -v pg_createcluster >/dev/null && [ -x /usr/lib/postgresql/$VERSION/bin/postgres ] && return 0
  log "installing postgresql-$VERSION"
  flock /var/lock/shale-services-apt apt-get update -qq && DEBIAN_FRONTEND=noninteractive flock /var/lock/shale-services-apt apt-get install -y -qq postgresql-$VERSION >/dev/null
}

exists() { pg_lsclusters -h | awk -v v=$VERSION -v n=$NAME '$1 == v && $2 == n' | grep -q .; }
online() { pg_lsclusters -h | awk -v v=$VERSION -v n=$NAME '$1 == v && $2 == n {print $4}' | grep -q online; }
streaming() {
  [ "$(psql "host=127.0.0.1 port=$PORT user=postgres dbname=postgres" -Atc \
    "SELECT pg_is_in_recovery() AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming')" 2>/dev/null)" = t ]
}

allow_replication() {
  local hba
  hba=$(psql "$PRIMARY dbname=postgres" -Atc "SHOW hba_file")
  grep -qF "$MARK" "$hba" && return 0
  printf '%s\nhost replication all 127.0.0.1/32 trust\n' "$MARK" >>"$hba"
  psql "$PRIMARY dbname=postgres" -Atc "SELECT pg_reload_conf()" >/dev/null
}

start() {
  need_packages
  local started=$SECONDS
  if exists && online && streaming; then
    log "already streaming"
  else
    allow_replication
    if exists; then pg_dropcluster --stop $VERSION $NAME; fi
    pg_createcluster $VERSION $NAME -p "$PORT" >/dev/null
    # The same trust as the primary's: the tests connect as postgres without a password.
    printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' \
      >/etc/postgresql/$VERSION/$NAME/pg_hba.conf
    local data=/var/lib/postgresql/$VERSION/$NAME
    find "$data" -mindepth 1 -delete
    drop_slot
    runuser -u postgres -- pg_basebackup -h 127.0.0.1 -p 5432 -U postgres -D "$data" -R -X stream -c fast \
      --create-slot --slot=$NAME
    pg_ctlcluster $VERSION $NAME start
    local deadline=$((SECONDS + 60))
    until streaming; do
      ((SECONDS < deadline)) || { log "the replica does not stream"; tail -n 30 /var/log/postgresql/postgresql-$VERSION-$NAME.log >&2; exit 1; }
      sleep 0.3
    done
    log "streaming in $((SECONDS - started)) s"
  fi
  echo "postgres://postgres@127.0.0.1:$PORT"
}

# The replica's slot on the primary, if there is one (the replica stopped first: an
# active slot cannot be dropped).
drop_slot() {
  psql "$PRIMARY dbname=postgres" -Atc \
    "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '$NAME'" >/dev/null
}

stop() {
  if exists; then pg_dropcluster --stop $VERSION $NAME; fi
  drop_slot || true
  log "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
