#!/usr/bin/env bash
# expand-contract-services.sh: the previous and the next release of the users-api service
# serving at once against one SQLite database between the expand and the contract of
# `users.full_name` renamed to `users.name` (see expand-contract.sh for the same sequence
# at the SQL level, and docs/expand-contract.md).
#
#   previous release: the service as it is          (reads and writes users.full_name)
#   next release:     cargo build --features renamed (reads and writes users.name)
#
# Both run with USERS_API_MIGRATE=off: here the shale CLI applies the revisions, on a
# scratch copy of the project (nothing in the repository changes).
# Usage: examples/users-api/expand-contract-services.sh
#   SHALE=path/to/shale, USERS_API_OLD / USERS_API_NEW = binaries already built (else cargo
#   builds them). Needs curl.
set -euo pipefail

shale=${SHALE:-shale}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

build() { # build FEATURES OUT
    cargo build -q -p users-api --manifest-path "$root/Cargo.toml" $1
    cp "$root/target/debug/users-api" "$2"
}
old=${USERS_API_OLD:-}
new=${USERS_API_NEW:-}
[ -n "$old" ] || { old=$work/users-api-old; build "" "$old"; }
[ -n "$new" ] || { new=$work/users-api-new; build "--features renamed" "$new"; }

cp -r "$here/migrations/sqlite" "$work/migrations"
cp "$here/src/models.rs" "$work/models.rs"
cat >"$work/shale.toml" <<TOML
script_location = "migrations"
url = "sqlite://$work/users.db"
[models]
rust = ["models.rs"]
TOML
cd "$work"

expect() { # expect WHAT ACTUAL WANTED
    if [ "$2" != "$3" ]; then
        echo "FAILED: $1: got '$2', wanted '$3'" >&2
        # What the releases said, for the failure's cause (a request that failed reads
        # as an empty value above).
        for log in old.log new.log; do
            [ -f "$log" ] && { echo "--- $log" >&2; tail -n 20 "$log" >&2; }
        done
        exit 1
    fi
    echo "ok: $1"
}
field() { # field NAME JSON
    sed -e "s/.*\"$1\":\"\{0,1\}\([^\",}]*\).*/\1/" <<<"$2"
}
serve() { # serve BINARY LOG VAR: starts a release, sets VAR to its address
    DATABASE_URL="sqlite://$work/users.db" BIND_ADDR=127.0.0.1:0 USERS_API_MIGRATE=off \
        "$1" 2>"$2" &
    pids+=($!)
    for _ in $(seq 100); do
        # Whole lines only: the release writes its address line in several pieces, and a
        # line read before its end gives a wrong port (`read` skips an unterminated line).
        while IFS= read -r line; do
            case $line in
            *"listening on http://"*) printf -v "$3" '%s' "${line##*http://}" && return ;;
            esac
        done <"$2"
        sleep 0.1
    done
    echo "FAILED: $1 did not start: $(cat "$2")" >&2
    exit 1
}
post() { curl -sf -X POST -H 'content-type: application/json' -d "$2" "http://$1/users"; }
patch() { curl -sf -X PATCH -H 'content-type: application/json' -d "$3" "http://$1/users/$2"; }
get() { curl -sf "http://$1/users/$2"; }

echo "== the database at head, the previous release serving"
"$shale" upgrade head
serve "$old" old.log old_addr
ada=$(field id "$(post "$old_addr" '{"email":"ada@example.com","full_name":"Ada Lovelace"}')")

echo "== the models rename full_name to name; the expand"
sed -i.bak -e 's/renamed_from = "fullname"/renamed_from = "full_name"/' \
    -e 's/pub full_name: String/pub name: String/' models.rs
"$shale" revision --autogenerate --expand -m "rename users.full_name to name"
"$shale" upgrade +1

echo "== the next release starts beside the previous one"
serve "$new" new.log new_addr
expect "the next release reads a row the previous release wrote before the expand" \
    "$(field full_name "$(get "$new_addr" "$ada")")" "Ada Lovelace"
o=$(field id "$(post "$old_addr" '{"email":"old@example.com","full_name":"Old Writer"}')")
n=$(field id "$(post "$new_addr" '{"email":"new@example.com","full_name":"New Writer"}')")
expect "the next release reads the previous release's new user" \
    "$(field full_name "$(get "$new_addr" "$o")")" "Old Writer"
expect "the previous release reads the next release's new user" \
    "$(field full_name "$(get "$old_addr" "$n")")" "New Writer"
patch "$old_addr" "$n" '{"full_name":"Renamed by old"}' >/dev/null
patch "$new_addr" "$o" '{"full_name":"Renamed by new"}' >/dev/null
expect "the next release sees the previous release's update" \
    "$(field full_name "$(get "$new_addr" "$n")")" "Renamed by old"
expect "the previous release sees the next release's update" \
    "$(field full_name "$(get "$old_addr" "$o")")" "Renamed by new"

echo "== the previous release stops; the contract"
kill "${pids[0]}"
"$shale" upgrade head
"$shale" check
expect "the next release serves every user after the contract" \
    "$(for id in "$ada" "$o" "$n"; do field full_name "$(get "$new_addr" "$id")"; done | paste -sd '|')" \
    "Ada Lovelace|Renamed by new|Renamed by old"
echo
echo "two releases side by side: ok"
