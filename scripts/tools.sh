#!/usr/bin/env bash
# Installs the other migration tools that the import tests run for real, into target/tools
# (nothing outside the checkout): dbmate from npm, sqlx-cli from crates.io. Each is
# installed once; a second run only checks that it is there.
#
#   scripts/tools.sh
set -euo pipefail
cd "$(dirname "$0")/.."
tools=target/tools
dbmate_version=2.36.0

if ! find "$tools/npm/node_modules/@dbmate" -path '*/bin/dbmate' -type f 2>/dev/null | grep -q .; then
    echo "installing dbmate@$dbmate_version from npm"
    npm install --silent --no-audit --no-fund --prefix "$tools/npm" "dbmate@$dbmate_version"
fi
if [ ! -x "$tools/cargo/bin/sqlx" ]; then
    echo "installing sqlx-cli from crates.io (a few minutes)"
    cargo install --quiet sqlx-cli --version 0.9.0 --no-default-features \
        --features postgres,sqlite,mysql,rustls --root "$tools/cargo"
fi
echo "dbmate: $(find "$tools/npm/node_modules/@dbmate" -path '*/bin/dbmate' -type f | head -1)"
echo "sqlx-cli: $tools/cargo/bin/sqlx ($("$tools/cargo/bin/sqlx" --version))"
