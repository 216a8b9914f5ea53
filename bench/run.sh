#!/usr/bin/env bash
# Benchmarks fatiao against fzf and ripgrep on the same dump and queries, in one run, and the
# growth with a synthetic corpus 10x and 100x the size. Prints ratios and writes bench/results.md.
# usage: bash bench/run.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=20; scale="10 100"
if [ "${1:-}" = "--quick" ]; then runs=5; scale="10"; fi
need() { command -v "$1" >/dev/null || { apt-get update -qq >/dev/null && apt-get install -y -qq "$2" >/dev/null; }; }
need hyperfine hyperfine; need fzf fzf; need rg ripgrep; need python3 python3
cargo build --release --quiet
bin="$PWD/target/release/fatiao"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
"$bin" dump --format plain > "$tmp/dump.txt"
queries=("盘问" "询问查证 时限" "questioning time limit" "xunwen" "治安法97条")
out=bench/results.md
{
  echo "# Benchmark results"
  echo
  echo "$(date -u +%F) on $(nproc) cores; $(wc -l < "$tmp/dump.txt") provisions; hyperfine, $runs runs each, mean times."
  echo "Ratios: fatiao time divided by the peer's (below 1 = fatiao faster)."
  echo
  echo "| query | fatiao | --version | fzf --filter | rg -i | vs --version | vs fzf | vs rg |"
  echo "|---|---|---|---|---|---|---|---|"
} > "$out"
mean() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][int(sys.argv[2])]['mean']*1000)" "$1" "$2"; }
for q in "${queries[@]}"; do
  hyperfine -N -i --warmup 3 --runs "$runs" --export-json "$tmp/h.json" \
    "$bin $q" "$bin --version" \
    "sh -c 'fzf --filter \"$q\" < $tmp/dump.txt'" "sh -c 'rg -i \"$q\" $tmp/dump.txt'" >/dev/null 2>&1 || true
  f=$(mean "$tmp/h.json" 0); v=$(mean "$tmp/h.json" 1); z=$(mean "$tmp/h.json" 2); r=$(mean "$tmp/h.json" 3)
  python3 - "$q" "$f" "$v" "$z" "$r" >> "$out" <<'PY'
import sys
q, f, v, z, r = sys.argv[1], *map(float, sys.argv[2:])
print(f"| {q} | {f:.1f} ms | {v:.1f} ms | {z:.1f} ms | {r:.1f} ms | {f/v:.1f}× | {f/z:.2f}× | {f/r:.2f}× |")
PY
done
{
  echo
  echo "fzf and rg are started through sh -c (to feed the dump); sh alone costs about 0.5 ms."
  echo
  echo "## Scale: the user's own statute files (--statutes DIR)"
  echo
  echo "| corpus | provisions | lookup 盘问 | peak memory |"
  echo "|---|---|---|---|"
} >> "$out"
for n in $scale; do
  python3 bench/synth.py "$n" "$tmp/syn$n" >/dev/null
  count=$("$bin" --statutes "$tmp/syn$n" dump | wc -l)
  hyperfine -N -i --warmup 1 --runs 3 --export-json "$tmp/s.json" "$bin --statutes $tmp/syn$n 盘问" >/dev/null 2>&1 || true
  t=$(mean "$tmp/s.json" 0)
  mem=$( { /usr/bin/time -v "$bin" --statutes "$tmp/syn$n" 盘问 >/dev/null; } 2>&1 | awk -F: '/Maximum resident/ {gsub(/ /,"",$2); print $2}')
  echo "| ${n}× | $count | $(printf '%.0f' "$t") ms | $((mem / 1024)) MiB |" >> "$out"
done
mem1=$( { /usr/bin/time -v "$bin" 盘问 >/dev/null; } 2>&1 | awk -F: '/Maximum resident/ {gsub(/ /,"",$2); print $2}')
echo "| 1× (embedded) | $(wc -l < "$tmp/dump.txt") | see above | $((mem1 / 1024)) MiB |" >> "$out"
cat "$out"
