#!/usr/bin/env bash
# shale's benchmark, in one command: installs what it needs, builds shale in release, then
# times shale against Alembic, the raw database limit, dbmate and sqlx-cli and writes
# bench/RESULTS.md. See bench/README.md.
#
#   bench/run.sh                 full run (about 15 minutes) -> bench/RESULTS.md
#   bench/run.sh --quick         smoke test (N=20, T=10, 2 runs) -> bench/work/RESULTS.quick.md
#   bench/run.sh --only upgrade  one group (read | upgrade | autogen) -> bench/work/RESULTS.upgrade.md
#   bench/run.sh --runs 10       more repetitions
#
# Environment: SHALE_BIN=path skips the release build and times that binary;
# BENCH_SQLX=1 also installs sqlx-cli (a long build); BENCH_PG_HOST/PORT/USER name the
# PostgreSQL server (default 127.0.0.1:5432, user postgres, no password).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH_DIR")
VENV="$BENCH_DIR/.venv"
TOOLS="$BENCH_DIR/work/tools"
PY_REQUIREMENTS=("alembic==1.20.1" "SQLAlchemy==2.1.9" "psycopg[binary]==3.3.9" "PyMySQL==1.1.2")
DBMATE_VERSION=2.36.0
SQLX_VERSION=0.9.0
SKIPPED=()

say() { printf '[bench] %s\n' "$*" >&2; }

# Debian packages: hyperfine, GNU time, and the sqlite3 / psql clients for the raw limit.
apt_install() {
    local missing=()
    command -v hyperfine >/dev/null || missing+=(hyperfine)
    [ -x /usr/bin/time ] || missing+=(time)
    command -v sqlite3 >/dev/null || missing+=(sqlite3)
    command -v psql >/dev/null || missing+=(postgresql-client)
    [ ${#missing[@]} -eq 0 ] && return 0
    say "installing ${missing[*]} from Debian's packages"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
        || { $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}" >/dev/null; }
}

# Python venv with Alembic pinned; reinstalled when the pins change.
python_venv() {
    local stamp="$VENV/.bench-requirements"
    if [ -x "$VENV/bin/alembic" ] && [ "$(cat "$stamp" 2>/dev/null)" = "${PY_REQUIREMENTS[*]}" ]; then
        return 0
    fi
    say "creating $VENV with ${PY_REQUIREMENTS[*]}"
    rm -rf "$VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check "${PY_REQUIREMENTS[@]}"
    echo "${PY_REQUIREMENTS[*]}" >"$stamp"
}

# shale in release, unless SHALE_BIN names a binary.
build_shale() {
    if [ -n "${SHALE_BIN:-}" ]; then
        say "timing SHALE_BIN=$SHALE_BIN (no build)"
        return 0
    fi
    say "building shale (cargo build --release -p shale-cli)"
    (cd "$REPO" && cargo build --release -q -p shale-cli)
    SHALE_BIN="$REPO/target/release/shale"
}

find_dbmate() {
    find "$TOOLS/npm/node_modules/@dbmate" -path '*/bin/dbmate' -type f 2>/dev/null | head -1 || true
}

# dbmate from npm; the package ships a native binary per platform, which is what we time.
install_dbmate() {
    DBMATE_BIN=$(find_dbmate)
    if [ -z "$DBMATE_BIN" ] && command -v npm >/dev/null; then
        say "installing dbmate@$DBMATE_VERSION from npm"
        mkdir -p "$TOOLS/npm"
        npm install --silent --no-audit --no-fund --prefix "$TOOLS/npm" "dbmate@$DBMATE_VERSION" >/dev/null 2>&1 || true
        DBMATE_BIN=$(find_dbmate)
    fi
    if [ -z "$DBMATE_BIN" ] || ! "$DBMATE_BIN" --version >/dev/null 2>&1; then
        say "dbmate did not install: skipping it"
        SKIPPED+=("dbmate (npm install dbmate@$DBMATE_VERSION failed or npm is missing)")
        DBMATE_BIN=""
    fi
}

# sqlx-cli from crates.io, only with BENCH_SQLX=1: its build takes many minutes.
install_sqlx() {
    SQLX_BIN="$TOOLS/cargo/bin/sqlx"
    if [ -x "$SQLX_BIN" ]; then return 0; fi
    if [ "${BENCH_SQLX:-0}" != 1 ]; then
        SKIPPED+=("sqlx-cli (set BENCH_SQLX=1 to build it: cargo install takes ~10 minutes)")
        SQLX_BIN=""
        return 0
    fi
    say "installing sqlx-cli $SQLX_VERSION (cargo install, slow)"
    if ! cargo install -q --locked --root "$TOOLS/cargo" --version "$SQLX_VERSION" sqlx-cli \
            --no-default-features --features postgres,sqlite; then
        say "sqlx-cli did not install: skipping it"
        SKIPPED+=("sqlx-cli (cargo install failed)")
        SQLX_BIN=""
    fi
}

apt_install
python_venv
build_shale
install_dbmate
install_sqlx

args=(--shale "$SHALE_BIN" --alembic "$VENV/bin/alembic")
[ -n "$DBMATE_BIN" ] && args+=(--dbmate "$DBMATE_BIN")
[ -n "$SQLX_BIN" ] && args+=(--sqlx "$SQLX_BIN")
for s in "${SKIPPED[@]}"; do args+=(--skipped "$s"); done
exec python3 "$BENCH_DIR/bench.py" "${args[@]}" "$@"
