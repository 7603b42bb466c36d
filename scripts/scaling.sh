#!/usr/bin/env bash
# How much of the 1 -> 2 thread shortfall is the machine's: one-thread runs
# of `tifa bench` alone on core 0, then two of them at once (cores 0 and 1,
# separate processes sharing nothing but the hardware). A job that the
# second core does not slow keeps its MB/s in the pair; what it loses there
# is lost to shared caches, memory or the host, not to tifa's threads.
# usage: scripts/scaling.sh [SHARED_DIR] [ROUNDS]   (needs taskset, 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=$(cd "${1:-../shared}" && pwd)
rounds=${2:-3}
xwlb="$shared/corpus/xwlb.jsonl.gz"
bin=${TIFA:-target/release/tifa}
[ -x "$bin" ] || cargo build --release --quiet
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() { taskset -c "$1" "$bin" bench --threads 1 --max-mb 16 --rounds 3 "$xwlb" > "$2"; }
# best MB/s of a row ("tifa extract, 1 thread" or "jieba-rs cut (HMM), 1 thread")
mbs() { grep -m1 "^$2" "$1" | awk '{for (i = 1; i <= NF; i++) if ($i == "MB/s") print $(i - 1)}'; }
printf '%-8s %-6s %12s %12s\n' round run "tifa MB/s" "jieba MB/s"
for r in $(seq "$rounds"); do
  run 0 "$tmp/alone"
  run 0 "$tmp/a" & run 1 "$tmp/b"; wait
  printf '%-8s %-6s %12s %12s\n' "$r" alone "$(mbs "$tmp/alone" 'tifa extract')" "$(mbs "$tmp/alone" 'jieba-rs cut')"
  for p in a b; do
    printf '%-8s %-6s %12s %12s\n' "$r" "pair-$p" "$(mbs "$tmp/$p" 'tifa extract')" "$(mbs "$tmp/$p" 'jieba-rs cut')"
  done
done
