#!/usr/bin/env python3
"""Fail when the seeds' scores fall below the floors the issues set.

usage: check_score.py RECORDS.jsonl SHARED_DIR

Runs SHARED_DIR/eval/score.py --json on RECORDS.jsonl and compares each
figure with FLOORS below. The floors are the goals tifa meets today; a
change that drops below one fails CI, and raising a floor is a one-line
change here once the code meets the higher goal.
"""
import json, subprocess, sys

# metric -> minimum; "acc" for exact-match counts, "f1" for the others
FLOORS = {
    # issue 2: metadata and cleaning flags on every seed
    "title": 1.0, "date": 1.0, "source": 1.0, "truncated": 1.0, "spam": 1.0,
    # issue 4: headline F1 >= 0.95, no category below 0.90, speakers >= 0.90
    "headline_f1": 0.95, "speaker": 0.90,
    "officials": 0.90, "official_titles": 0.90, "bylines": 0.90, "directive_items": 0.90,
    "quoted_slogans": 0.90, "parallel_slogans": 0.90, "numeric_formulations": 0.90,
    "targets": 0.90, "meetings": 0.90, "documents": 0.90,
}


def main():
    records, shared = sys.argv[1], sys.argv[2]
    out = subprocess.run(
        [sys.executable, f"{shared}/eval/score.py", "--gold", f"{shared}/gold", records, "--json"],
        check=True, capture_output=True, text=True).stdout
    s = json.loads(out)
    bad = []
    for k, floor in FLOORS.items():
        v = s[k].get("f1", s[k].get("acc")) if isinstance(s[k], dict) else s[k]
        ok = v >= floor
        print(f"{'ok ' if ok else 'LOW'} {k:22s} {v:.3f} (floor {floor:.2f})")
        if not ok:
            bad.append(k)
    if s.get("missing_docs"):
        bad.append("missing: " + ", ".join(s["missing_docs"]))
    if bad:
        sys.exit("below floor: " + "; ".join(bad))


if __name__ == "__main__":
    main()
