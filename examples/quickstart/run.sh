#!/usr/bin/env bash
# The quickstart: applies a three-revision history to a fresh SQLite file, then shows
# where the database is and the history. Run from anywhere in the repository.
set -euo pipefail
cd "$(dirname "$0")"
cargo build -q -p shale-cli
shale=../../target/debug/shale
rm -f quickstart.db
echo '$ shale upgrade head';  "$shale" upgrade head
echo; echo '$ shale current';  "$shale" current
echo; echo '$ shale history';  "$shale" history
echo; echo '$ shale downgrade -1'; "$shale" downgrade -1
echo; echo '$ shale status';   "$shale" status
