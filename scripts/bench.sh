#!/usr/bin/env bash
# Every figure in BENCHMARKS.md, from one run: criterion benches on a corpus,
# `tifa bench` (1 and N threads, peak RSS, build time), the whole xwlb archive
# through `tifa extract` at --jobs 1 and 2 under /usr/bin/time -v, and the
# Python baseline. usage: scripts/bench.sh [SHARED_DIR] [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=$(cd "${1:-../shared}" && pwd)
out=${2:-target/bench-report}
mkdir -p "$out"
xwlb="$shared/corpus/xwlb.jsonl.gz"
export OPENCC_LIB_DIRS=${OPENCC_LIB_DIRS:-/usr/lib/$(gcc -dumpmachine)}
export OPENCC_INCLUDE_DIRS=${OPENCC_INCLUDE_DIRS:-/usr/include/opencc}
export OPENCC_LIBS=${OPENCC_LIBS:-opencc}

{ date -u; uname -srm; nproc; grep -m1 'model name' /proc/cpuinfo; free -g | head -2; rustc -V; } > "$out/machine.txt"
cargo build --release --quiet

echo "== criterion (16 MB of xwlb)"
TIFA_BENCH_CORPUS="$xwlb" TIFA_BENCH_BYTES=$((16 << 20)) \
  cargo bench --quiet --features opencc --bench analyze 2>&1 | tee "$out/criterion.txt" \
  | grep -E "^[a-z_]+/|thrpt" || true

echo "== tifa bench (32 MB of xwlb, 5 rounds)"
target/release/tifa bench "$xwlb" --max-mb 32 --rounds 5 | tee "$out/tifa-bench.txt"
# an earlier build measured in the same run, for before/after figures that
# share the machine's state: TIFA_BEFORE=path/to/old/tifa scripts/bench.sh
if [ -n "${TIFA_BEFORE:-}" ]; then
  echo "== tifa bench, earlier build $TIFA_BEFORE (same corpus and rounds)"
  "$TIFA_BEFORE" bench "$xwlb" --max-mb 32 --rounds 5 | tee "$out/tifa-bench-before.txt"
fi

for j in 1 2; do
  echo "== whole archive, --jobs $j"
  /usr/bin/time -v target/release/tifa extract -q --jobs "$j" "$xwlb" \
    --text-field content_html --id-field url > "$out/xwlb-j$j.jsonl" 2> "$out/xwlb-j$j.time" || true
  grep -E "tifa:|Maximum resident|Elapsed|Exit status" "$out/xwlb-j$j.time"
  wc -l < "$out/xwlb-j$j.jsonl"
  rm -f "$out/xwlb-j$j.jsonl"
done

echo "== python baseline (8 MB of xwlb)"
python3 scripts/python_baseline.py "$xwlb" --max-mb 8 | tee "$out/python.txt" \
  || echo "(pip install opencc jieba for the Python baseline)"
