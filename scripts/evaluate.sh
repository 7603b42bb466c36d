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
