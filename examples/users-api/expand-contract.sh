#!/usr/bin/env bash
# expand-contract.sh: the users-api schema takes a breaking change — users.full_name
# renamed to users.name — with `shale revision --autogenerate --expand`, on a scratch copy
# of the example's SQLite project (nothing in the repository changes):
#
#   1. the database is at head with rows written by the current release;
#   2. the models rename the column; autogenerate writes an expand and a contract revision;
#   3. the expand is applied; a writer of the previous release (full_name only) and one of
#      the next release (name only) take turns, and each one's rows and updates show in
#      the other's column;
#   4. the contract is applied once "no old release runs"; the database matches the models;
#   5. everything is downgraded back to where it started, rows kept.
#
# The two writers are the SQL each release's store.rs sends, run with the sqlite3 shell.
# Usage: examples/users-api/expand-contract.sh   (SHALE=path/to/shale to pick the binary)
set -euo pipefail

shale=${SHALE:-shale}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cp -r "$here/migrations/sqlite" "$work/migrations"
cp "$here/src/models.rs" "$work/models.rs"
cat >"$work/shale.toml" <<TOML
script_location = "migrations"
url = "sqlite://$work/users.db"
[models]
rust = ["models.rs"]
TOML
cd "$work"

sql() { sqlite3 -batch users.db "$@"; }
expect() { # expect WHAT ACTUAL WANTED
    if [ "$2" != "$3" ]; then
        echo "FAILED: $1: got '$2', wanted '$3'" >&2
        exit 1
    fi
    echo "ok: $1"
}

step() { echo; echo "== $*"; }

step "1. the current release: full_name"
"$shale" upgrade head
start=$("$shale" current | awk '{print $1; exit}')
sql "INSERT INTO users (email, full_name, timezone) VALUES ('ada@example.com', 'Ada Lovelace', 'UTC')"

step "2. the next release's models rename full_name to name; autogenerate --expand"
sed -i.bak -e 's/renamed_from = "fullname"/renamed_from = "full_name"/' \
    -e 's/pub full_name: String/pub name: String/' models.rs
"$shale" revision --autogenerate --expand -m "rename users.full_name to name"
expand_rev=$(basename migrations/versions/*_expand.sql | cut -d_ -f3)
lint=$("$shale" lint "$expand_rev:head")
echo "$lint"
expect "the two revisions lint clean" "$(echo "$lint" | tail -n 1 | cut -d' ' -f1-4)" "0 error(s), 0 warning(s),"

step "3. the expand; the previous and the next release write side by side"
"$shale" upgrade +1
expect "the row already there is backfilled" \
    "$(sql "SELECT name FROM users WHERE email = 'ada@example.com'")" "Ada Lovelace"
# The previous release (store.rs today): INSERT … full_name …
sql "INSERT INTO users (email, full_name, timezone) VALUES ('old@example.com', 'Old Writer', 'UTC')"
# The next release (store.rs with the column renamed): INSERT … name …
sql "INSERT INTO users (email, name, timezone) VALUES ('new@example.com', 'New Writer', 'UTC')"
expect "the next release reads the previous release's insert" \
    "$(sql "SELECT name FROM users WHERE email = 'old@example.com'")" "Old Writer"
expect "the previous release reads the next release's insert" \
    "$(sql "SELECT full_name FROM users WHERE email = 'new@example.com'")" "New Writer"
sql "UPDATE users SET full_name = 'Renamed by old' WHERE email = 'new@example.com'"
sql "UPDATE users SET name = 'Renamed by new' WHERE email = 'old@example.com'"
expect "an update by the previous release shows in name" \
    "$(sql "SELECT name FROM users WHERE email = 'new@example.com'")" "Renamed by old"
expect "an update by the next release shows in full_name" \
    "$(sql "SELECT full_name FROM users WHERE email = 'old@example.com'")" "Renamed by new"

step "4. no previous release runs any more: the contract"
"$shale" upgrade head
"$shale" check
expect "three users, all named" "$(sql "SELECT count(name) FROM users")" "3"

step "5. back to the start"
"$shale" downgrade "$start"
mv models.rs.bak models.rs
"$shale" check
expect "full_name is back, with every row's value" \
    "$(sql "SELECT group_concat(full_name, '|') FROM (SELECT full_name FROM users ORDER BY id)")" \
    "Ada Lovelace|Renamed by new|Renamed by old"
echo
echo "expand/contract walk-through: ok"
