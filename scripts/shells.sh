#!/usr/bin/env bash
# zsh and fish for the completion tests (crates/shale-cli/tests/it/tools.rs): they load
# `shale completions zsh|fish` in each shell and complete revision ids. Without them the
# tests skip, saying so. Debian/Ubuntu (apt-get); does nothing when both are installed.
set -euo pipefail
missing=()
for shell in zsh fish; do
  command -v "$shell" >/dev/null 2>&1 || missing+=("$shell")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "zsh and fish are installed"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "scripts/shells.sh: no apt-get to install ${missing[*]}: the completion tests will skip them" >&2
  exit 0
fi
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
"${sudo_cmd[@]}" apt-get install -y "${missing[@]}" >/dev/null
echo "installed ${missing[*]}"
