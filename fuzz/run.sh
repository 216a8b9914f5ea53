#!/usr/bin/env bash
# Runs each fuzz target for N seconds (default 60). Installs cargo-fuzz if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
export RUSTC_BOOTSTRAP=1
for t in query official_text statute_file; do
  echo "== $t ($secs s)"
  cargo fuzz run "$t" -- -max_total_time="$secs" -rss_limit_mb=4096
done
