#!/usr/bin/env python3
"""The pipeline a researcher would write today, timed on the same corpus.

OpenCC (t2s) + jieba + regular expressions for numbered directives (一要…二要…,
一是…二是…), quoted formulations and quantities with units. It does much less
than tifa (no cleaning, no offsets back to the source, no speakers, nesting,
officials or meetings): a floor for what "the usual script" costs.

usage: python_baseline.py CORPUS [--max-mb N]
CORPUS: a JSON Lines file (.gz allowed) with content_html/content/text fields,
or a text file. Prints MB/s and docs/s on one core.
needs: pip install opencc jieba   (the official OpenCC binding and jieba)
"""
import gzip, json, re, sys, time

TAG = re.compile(r"<[^>]+>")
DIRECTIVE = re.compile(r"(?:^|[。；！？])\s*([一二三四五六七八九十]+[要是])([^，。；：]{1,40})")
QUOTED = re.compile(r"“([^“”]{2,25})”")
QUANTITY = re.compile(r"(\d+(?:\.\d+)?)\s*(万亿|亿|万)?\s*(元|美元|人|吨|%|个)")


def load(path, max_bytes):
    opener = gzip.open if path.endswith(".gz") else open
    docs, total = [], 0
    with opener(path, "rt", encoding="utf-8") as f:
        if ".jsonl" in path:
            for line in f:
                try:
                    v = json.loads(line)
                except ValueError:
                    continue
                t = v.get("content_html") or v.get("content") or v.get("text")
                if t:
                    docs.append(t)
                    total += len(t.encode("utf-8"))
                if total >= max_bytes:
                    break
        else:
            docs.append(f.read())
            total = len(docs[0].encode("utf-8"))
    return docs, total


def main():
    import jieba
    import opencc
    jieba.setLogLevel(60)
    path = sys.argv[1]
    max_mb = float(sys.argv[sys.argv.index("--max-mb") + 1]) if "--max-mb" in sys.argv else 16
    docs, total = load(path, int(max_mb * 1e6))
    cc = opencc.OpenCC("t2s.json")
    jieba.initialize()
    t0 = time.perf_counter()
    found = 0
    for d in docs:
        text = cc.convert(TAG.sub("\n", d))
        words = jieba.lcut(text)
        found += len(DIRECTIVE.findall(text)) + len(QUOTED.findall(text))
        found += len(QUANTITY.findall(text)) + (len(words) > 0)
    secs = time.perf_counter() - t0
    mb = total / 1e6
    print(f"python baseline (OpenCC + jieba + regexes): {len(docs)} docs, {mb:.1f} MB, "
          f"{secs:.2f} s, {mb / secs:.2f} MB/s, {len(docs) / secs:.0f} docs/s, {found} matches")


if __name__ == "__main__":
    main()
