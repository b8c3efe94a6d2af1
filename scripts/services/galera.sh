#!/usr/bin/env bash
# A 3-node MariaDB Galera cluster on this machine, for the cluster tests.
#
#   scripts/services/galera.sh start   starts whatever node is down (bootstrapping the
#                                      cluster when none is up), waits for
#                                      wsrep_cluster_size = 3, prints the URLs
#   scripts/services/galera.sh stop    stops the three nodes and removes their data
#   scripts/services/galera.sh status  prints each node's wsrep state
#
# Node N (1..3) listens on 127.0.0.1:1330N (SQL), 1456N (group communication), 1457N (IST)
# and 1458N (rsync SST), with its datadir, socket and log under $SHALE_GALERA_DIR
# (default /var/tmp/shale-galera). A node that is down while others are up (a test killed
# it) rejoins with a fresh datadir and a full state transfer (rsync). Installs galera-4,
# mariadb-server and rsync with apt when missing.
set -euo pipefail

BASE="${SHALE_GALERA_DIR:-/var/tmp/shale-galera}"
NODES=(1 2 3)
CLUSTER="gcomm://127.0.0.1:14561,127.0.0.1:14562,127.0.0.1:14563"

log() { echo "galera: $*" >&2; }

need_packages() {
  local missing=()
  command -v mariadbd >/dev/null || missing+=(mariadb-server)
  provider >/dev/null 2>&1 || missing+=(galera-4)
  command -v rsync >/dev/null || missing+=(rsync)
  command -v lsof >/dev/null || missing+=(lsof)
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    flock /var/lock/shale-services-apt apt-get update -qq && DEBIAN_FRONTEND=noninteractive flock /var/lock/shale-services-apt apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

provider() {
  local p
  for p in /usr/lib/galera/libgalera_smm.so /usr/lib/libgalera_smm.so /usr/lib64/galera-4/libgalera_smm.so; do
    [ -f "$p" ] && { echo "$p"; return 0; }
  done
  return 1
}

dir() { echo "$BASE/node$1"; }

sql() { # node, statement: one value
  mariadb --protocol=socket -S "$(dir "$1")/mysqld.sock" -uroot -N -B -e "$2" 2>/dev/null
}

alive() { # node: its mariadbd runs and answers
  local pid
  pid=$(cat "$(dir "$1")/mysqld.pid" 2>/dev/null) || return 1
  kill -0 "$pid" 2>/dev/null && sql "$1" "SELECT 1" >/dev/null
}

status_of() { sql "$1" "SHOW STATUS LIKE '$2'" | awk '{print $2}'; }

write_config() { # node
  local n=$1 d
  d=$(dir "$n")
  mkdir -p "$d/data"
  cat >"$d/my.cnf" <<EOF
[mysqld]
user=mysql
datadir=$d/data
socket=$d/mysqld.sock
pid-file=$d/mysqld.pid
log-error=$d/error.log
port=1330$n
bind-address=127.0.0.1
skip-log-bin
binlog_format=ROW
default_storage_engine=InnoDB
innodb_autoinc_lock_mode=2
innodb_buffer_pool_size=64M
innodb_log_file_size=16M
innodb_flush_log_at_trx_commit=2
performance_schema=OFF
wsrep_on=ON
wsrep_provider=$(provider)
wsrep_cluster_name=shale_test
wsrep_cluster_address=$CLUSTER
wsrep_node_name=node$n
wsrep_node_address=127.0.0.1:1456$n
wsrep_node_incoming_address=127.0.0.1:1330$n
wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:1456$n;ist.recv_addr=127.0.0.1:1457$n;gcache.size=64M;pc.weight=1"
wsrep_sst_method=rsync
wsrep_sst_receive_address=127.0.0.1:1458$n
EOF
  chown -R mysql:mysql "$d"
}

launch() { # node, extra args...
  local n=$1; shift
  local d
  d=$(dir "$n")
  setsid mariadbd --defaults-file="$d/my.cnf" "$@" </dev/null >>"$d/stdout.log" 2>&1 &
}

wait_synced() { # node, seconds
  local n=$1 deadline=$((SECONDS + $2))
  while ((SECONDS < deadline)); do
    if alive "$n" && [ "$(status_of "$n" wsrep_local_state_comment)" = Synced ]; then
      return 0
    fi
    sleep 0.3
  done
  log "node $n did not reach Synced; its log:"
  tail -n 30 "$(dir "$n")/error.log" >&2 || true
  return 1
}

any_alive() { local n; for n in "${NODES[@]}"; do alive "$n" && { echo "$n"; return 0; }; done; return 1; }

kill_node() { # node: stop it, however it is
  local n=$1 pid d
  d=$(dir "$n")
  pid=$(cat "$d/mysqld.pid" 2>/dev/null) || pid=""
  # A node never started by this script, or long gone: find it by its config file.
  [ -n "$pid" ] || pid=$(pgrep -f -- "--defaults-file=$d/my.cnf" || true)
  [ -n "$pid" ] || return 0
  kill $pid 2>/dev/null || true
  for _ in $(seq 100); do kill -0 $pid 2>/dev/null || return 0; sleep 0.1; done
  kill -9 $pid 2>/dev/null || true
}

start() {
  need_packages
  id mysql >/dev/null 2>&1 || useradd --system --no-create-home mysql
  mkdir -p "$BASE"
  local started=$SECONDS n first
  if ! first=$(any_alive); then
    log "bootstrapping a new cluster in $BASE"
    for n in "${NODES[@]}"; do kill_node "$n"; rm -rf "$(dir "$n")"; done
    write_config 1
    mariadb-install-db --defaults-file="$(dir 1)/my.cnf" --auth-root-authentication-method=normal \
      --skip-test-db >"$(dir 1)/install.log" 2>&1 || { cat "$(dir 1)/install.log" >&2; exit 1; }
    launch 1 --wsrep-new-cluster
    wait_synced 1 60
  fi
  for n in "${NODES[@]}"; do
    alive "$n" && continue
    kill_node "$n"
    rm -rf "$(dir "$n")"
    write_config "$n"
    log "starting node $n (state transfer from the cluster)"
    launch "$n"
    wait_synced "$n" 120
  done
  local size=0 deadline=$((SECONDS + 60))
  while ((SECONDS < deadline)); do
    size=$(status_of 1 wsrep_cluster_size 2>/dev/null || status_of 2 wsrep_cluster_size)
    [ "$size" = 3 ] && break
    sleep 0.3
  done
  [ "$size" = 3 ] || { log "wsrep_cluster_size is $size, not 3"; exit 1; }
  log "3 nodes synced in $((SECONDS - started)) s"
  echo "mysql://root@127.0.0.1:13301,mysql://root@127.0.0.1:13302,mysql://root@127.0.0.1:13303"
}

stop() {
  local n
  for n in "${NODES[@]}"; do kill_node "$n"; done
  rm -rf "$BASE"
  log "stopped"
}

status() {
  local n
  for n in "${NODES[@]}"; do
    if alive "$n"; then
      echo "node $n (port 1330$n): $(status_of "$n" wsrep_local_state_comment), cluster size $(status_of "$n" wsrep_cluster_size)"
    else
      echo "node $n (port 1330$n): down"
    fi
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
