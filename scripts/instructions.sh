#!/usr/bin/env bash
# Instructions per stage, counted by callgrind (exact and independent of
# machine load, unlike MB/s): `tifa extract --jobs 1` over the first N
# documents of the xwlb archive. The figures in BENCHMARKS.md's
# "instructions" table come from this script.
# usage: scripts/instructions.sh [SHARED_DIR] [N] [TIFA_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=$(cd "${1:-../shared}" && pwd)
n=${2:-2000}
bin=${3:-target/release/tifa}
command -v valgrind >/dev/null || { echo "valgrind is needed" >&2; exit 1; }
[ -x "$bin" ] || cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# (zcat is cut off by head: its SIGPIPE is not an error)
{ zcat "$shared/corpus/xwlb.jsonl.gz" || true; } | head -n "$n" > "$work/docs.jsonl"
mb=$(python3 -c "
import json,sys
print(sum(len(json.loads(l)['content_html'].encode()) for l in open(sys.argv[1])) / 1e6)" "$work/docs.jsonl")
valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" \
  "$bin" extract -q --jobs 1 "$work/docs.jsonl" --text-field content_html --id-field url \
  > /dev/null 2> "$work/valgrind.txt"
total=$(grep -o "Collected : [0-9]*" "$work/valgrind.txt" | grep -o "[0-9]*")
echo "documents: $n ($mb MB of HTML); instructions in all: $total"
# inclusive counts of the stages, per function (the first line that names it)
callgrind_annotate --inclusive=yes "$work/cg.out" 2>/dev/null > "$work/incl.txt"
printf "%-36s %14s %9s\n" "stage" "instructions" "per byte"
while IFS='|' read -r label f; do
  # (a stage whose function is not found, e.g. inlined, reads 0)
  c=$(grep -F "$f" "$work/incl.txt" | head -1 | awk '{print $1}' | tr -d , || true)
  [ -n "$c" ] || c=0
  printf "%-36s %14s %9.1f\n" "$label" "$c" "$(python3 -c "print($c / ($mb * 1e6))")"
done <<'STAGES'
analyze (whole pipeline)|tifa::analyzer::Analyzer::analyze_with
  clean + normalize|tifa::analyzer::Analyzer::clean
    markup (HTML)|tifa::clean::markup::extract
    width|tifa::normalize::width::normalize
    line scan (keywords, T->S check)|tifa::clean::lines::LineCleaner::scan
    line cleaner|tifa::clean::lines::LineCleaner::clean_scanned
    T->S (traditional text only)|tifa::normalize::t2s::T2s::convert_checked
    offset maps (chain)|tifa::analyzer::chain
  sentences|tifa::segment::sentence::split_sentences
  all extractors|tifa::extract::Extractors::extract_all
    officials + bylines|tifa::extract::official::OfficialExtractor::officials_and_bylines
    directives|DirectiveExtractor as tifa::extract::Extractor>::extract
    slogans|tifa::extract::slogan::SloganExtractor::slogans
    targets|TargetExtractor as tifa::extract::Extractor>::extract
    meetings + documents|MeetingExtractor as tifa::extract::Extractor>::extract
CLI: JSON record in|tifa::jsonl::parse_record
CLI: JSON record out|tifa::wire::Record::to_json
Analyzer::new (once)|tifa::analyzer::AnalyzerBuilder::build
STAGES
