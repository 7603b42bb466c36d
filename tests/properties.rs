//! Property tests: the invariants of `tests/invariants.rs` on generated
//! input, normalization laws, and `OffsetMap` against a naive oracle
//! (STYLE §18).
//!
//! Case counts are modest (64 per property, short inputs) so the whole
//! suite stays well under a minute in a debug build on two cores; the fuzz
//! targets in `fuzz/` run the same checks for millions of inputs.

use proptest::prelude::*;
use tifa::{Analyzer, MappedText, OffsetMap, Span};

use crate::invariants::{analyzer, check_accessors_with, check_document};

/// 64 cases per property, or `PROPTEST_CASES` for a deeper run
/// (`PROPTEST_CASES=5000 cargo test --release --test integration properties`).
fn config() -> ProptestConfig {
    ProptestConfig {
        cases: cases(64),
        // shrinking a failure of the full pipeline can take long in debug
        max_shrink_iters: 2000,
        // failures become named tests in tests/regressions.rs instead
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

// ---------------------------------------------------------------------------
// Strategies

const SIMP: &str = "市委书记强调要坚持项目为王推动经济高质量发展全面落实会议精神一二三四五六七八九十是要年月日亿元万人";
const TRAD: &str = "領導經濟發展會議強調書記堅持項目為這實現關於報告";
const PUNCT: &[&str] = &[
    "“", "”", "（", "）", "《", "》", "。", "，", "、", "：", "；", "！", "？", "…", "——", "「",
    "」", "‘", "’",
];
const ASCII_PUNCT: &[&str] = &[",", ";", ":", "?", "!", "(", ")", "\"", ".", "%", "-", "/"];
const SPACES: &[&str] = &[" ", "  ", "\u{3000}", "\t", "\u{A0}", "\u{2003}"];
const INVISIBLE: &[&str] = &[
    "\u{200B}", "\u{200D}", "\u{FEFF}", "\u{AD}", "\u{7}", "\u{0}",
];
const NEWLINES: &[&str] = &["\n", "\r\n", "\r", "\n\n", "\n\n\n\n"];
const MARKUP: &[&str] = &[
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<br>",
    "<br/>",
    "<div class=\"nav\">",
    "<span>",
    "</span>",
    "<h1>",
    "</h1>",
    "<title>",
    "</title>",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "&amp;",
    "&lt;",
    "&gt;",
    "&nbsp;",
    "&#x4E00;",
    "<",
    ">",
    "<table><tr><td>",
    "---\n",
    "[链接](http://a.cn)",
    "<meta name=\"title\" content=\"标题\">",
];
const PINYIN: &[&str] = &[
    "(lǐng)",
    "(dǎo)",
    "（xiàn）",
    "(ā)",
    "(zài)",
    "(gdp)",
    "(扩大)",
    "(记者 张三)",
];
const LEXICAL: &[&str] = &[
    "一是",
    "二是",
    "三是",
    "一要",
    "二要",
    "（一）",
    "（二）",
    "第一，",
    "第二，",
    "1.",
    "2.",
    "首先",
    "其次",
    "最后",
    "到2025年，",
    "GDP达到3000亿元以上",
    "增长6.5%左右",
    "１２３",
    "ＧＤＰ",
    "三个一批",
    "“项目为王”",
    "《关于推进高质量发展的意见》",
    "市委常委会议",
    "省委书记",
    "来源：焦作日报",
    "版权所有",
    "返回首页",
    "全文共2444字",
];

fn pick(list: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::sample::select(list).prop_map(str::to_string)
}

fn chars_of(alphabet: &'static str, max: usize) -> impl Strategy<Value = String> {
    let cs: Vec<char> = alphabet.chars().collect();
    prop::collection::vec(prop::sample::select(cs), 1..max).prop_map(|v| v.into_iter().collect())
}

/// One piece of a hostile document.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => chars_of(SIMP, 12),
        2 => chars_of(TRAD, 8),
        4 => pick(PUNCT),
        2 => pick(ASCII_PUNCT),
        2 => pick(SPACES),
        1 => pick(INVISIBLE),
        3 => pick(NEWLINES),
        2 => pick(MARKUP),
        2 => (chars_of(TRAD, 2), pick(PINYIN)).prop_map(|(a, b)| a + &b),
        3 => pick(LEXICAL),
        1 => "[a-zA-Z0-9 ]{1,8}",
        1 => any::<char>().prop_map(String::from),
    ]
}

/// A hostile document as text.
fn doc_text() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..48).prop_map(|v| v.concat())
}

/// Lines of hostile plain text, each ending in a sentence end: no markup
/// (the text HTML yields is read without the page's hints, and may be
/// markup again: `&lt;p&gt;` decodes to `<p>`), no boilerplate or paywall
/// words, no line without an end. What is left exercises width,
/// punctuation, white space, pinyin glosses, invisible characters and
/// line-level cleaning; the title and line-joining heuristics, which read
/// a line's last character, are covered by named cases in
/// `tests/regressions.rs`.
fn plain_text() -> impl Strategy<Value = String> {
    let line = (
        prop::collection::vec(fragment(), 0..12),
        pick(&["。", "！", "？", "!", "?", "。”", "？）"]),
    )
        .prop_map(|(v, end)| {
            let mut l: String = v
                .into_iter()
                .filter(|f| {
                    !f.contains(['<', '>', '&', '[', ']', '\n', '\r'])
                        && !f.contains("---")
                        && !CLEANER_WORDS.iter().any(|w| f.contains(w))
                })
                .collect();
            l.push_str(&end);
            l
        });
    prop::collection::vec((line, pick(NEWLINES)), 0..8)
        .prop_map(|v| v.into_iter().map(|(l, br)| l + &br).collect())
}

/// Words that make the line cleaner drop or cut a line.
const CLEANER_WORDS: &[&str] = &["来源", "版权", "返回", "全文共"];

/// "市委书记强调，要坚持项目为王，推动经济高质量发展。" in GBK.
pub const GBK_SENTENCE: &[u8] = &[
    202, 208, 206, 175, 202, 233, 188, 199, 199, 191, 181, 247, 163, 172, 210, 170, 188, 225, 179,
    214, 207, 238, 196, 191, 206, 170, 205, 245, 163, 172, 205, 198, 182, 175, 190, 173, 188, 195,
    184, 223, 214, 202, 193, 191, 183, 162, 213, 185, 161, 163,
];
/// The same sentence in UTF-8.
pub const GBK_SENTENCE_TEXT: &str = "市委书记强调，要坚持项目为王，推动经济高质量发展。";

/// A hostile document as bytes: valid text, GBK, invalid UTF-8, BOMs, NULs.
fn doc_bytes() -> impl Strategy<Value = Vec<u8>> {
    let chunk = prop_oneof![
        6 => fragment().prop_map(String::into_bytes),
        1 => Just(GBK_SENTENCE.to_vec()),
        1 => (0..GBK_SENTENCE.len()).prop_map(|n| GBK_SENTENCE[..n].to_vec()),
        1 => prop::sample::select(vec![
            vec![0xFFu8],
            vec![0xC3],
            vec![0xE9, 0xA1],
            vec![0xF0, 0x9F, 0x98],
            vec![0xED, 0xA0, 0x80], // a UTF-16 surrogate in UTF-8
            vec![0xC0, 0x80],       // overlong NUL
            vec![0xEF, 0xBB, 0xBF], // BOM in the middle
            vec![0xFF, 0xFE],
            vec![0],
        ]),
        1 => prop::collection::vec(any::<u8>(), 0..16),
    ];
    prop::collection::vec(chunk, 0..40).prop_map(|v| v.concat())
}

// ---------------------------------------------------------------------------
// The pipeline never panics and keeps its invariants

proptest! {
    #![proptest_config(config())]

    /// `analyze` on any text: a document whose spans all lie on char
    /// boundaries inside `text`, map inside `source`, sentences tile
    /// paragraphs, directive ordinals run 1, 2, 3 ….
    #[test]
    fn analyze_keeps_invariants(s in doc_text()) {
        let doc = analyzer().analyze(&s);
        check_document(&doc);
        prop_assert_eq!(doc.source(), s.as_str());
    }

    /// Same for bytes in any (or no) encoding.
    #[test]
    fn analyze_bytes_keeps_invariants(b in doc_bytes()) {
        let doc = analyzer().analyze_bytes(&b);
        check_document(&doc);
        prop_assert_eq!(doc.source_bytes(), b.len());
    }

    /// Arbitrary Unicode, not only the tifa alphabet.
    #[test]
    fn analyze_any_string(s in "\\PC{0,200}") {
        check_document(&analyzer().analyze(&s));
    }

    /// `Document` accessors take any span — reversed, out of range, off a
    /// char boundary — without panicking.
    #[test]
    fn accessors_take_any_span(
        s in doc_text(),
        a in prop_oneof![0usize..400, Just(usize::MAX), Just(usize::MAX - 1)],
        b in prop_oneof![0usize..400, Just(usize::MAX), Just(usize::MAX - 1)],
    ) {
        let doc = analyzer().analyze(&s);
        check_accessors_with(&doc, Span { start: a, end: b });
        check_accessors_with(&doc, Span::new(a, b));
    }

    /// A small `max_bytes` cuts at a char boundary, reports `limit`, and
    /// the invariants still hold.
    #[test]
    fn max_bytes_cuts_on_char_boundary(s in doc_text(), max in 1usize..64) {
        let a = Analyzer::builder().max_bytes(max).build();
        let doc = a.analyze(&s);
        check_document(&doc);
        prop_assert!(doc.source().len() <= max);
        prop_assert!(s.starts_with(doc.source()));
        let limited = doc.errors().iter().any(|e| e.kind == "limit");
        prop_assert_eq!(limited, s.len() > max);
    }

    /// Normalizing normalized text changes nothing (on [`plain_text`]).
    #[test]
    fn normalize_is_idempotent(s in plain_text()) {
        let a = analyzer();
        let (once, _) = a.normalize(&s);
        let (twice, _) = a.normalize(&once);
        prop_assert_eq!(&twice, &once, "normalize(normalize(x)) != normalize(x)");
    }
}

// ---------------------------------------------------------------------------
// Plain text: paragraphs map back to what they came from; simplified text
// comes out as it went in, up to width/punctuation/white space.

/// Han characters that are simplified already, are no boilerplate, spam or
/// notice words, and cannot be read as pinyin.
const PLAIN_HAN: &str =
    "市委强调要坚持项目为王推动经济高质量发展全面落实工作部署加快建设现代化产业体系重点";

fn plain_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => chars_of(PLAIN_HAN, 10),
        3 => pick(&["，", "、", "：", "；", "“", "”", "（", "）", "《", "》"]),
        2 => pick(&[",", ";", ":", "(", ")"]),
        2 => pick(&[" ", "  ", "\u{3000}", "\u{A0}", "\t"]),
        1 => pick(&["\u{200B}", "\u{FEFF}"]),
        1 => pick(&["１２", "３％", "ＡＢ", "12", "3.5", "GDP", "8:30"]),
    ]
}

/// One line: at least two Han characters, ending in a sentence end, so the
/// line cleaner keeps it as content and never joins it with the next.
fn plain_line() -> impl Strategy<Value = String> {
    (
        chars_of(PLAIN_HAN, 6),
        prop::collection::vec(plain_piece(), 0..10),
        pick(&["。", "！", "？", "!", "?"]),
    )
        .prop_map(|(head, body, end)| format!("{head}{}{end}", body.concat()))
}

/// Lines joined by assorted line breaks; a line that folds like an earlier
/// one is left out (the cleaner drops a repeated body line by design).
fn plain_doc() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            plain_line(),
            pick(&["\n", "\r\n", "\n\n", "\n \n", "\n\u{3000}"]),
        ),
        1..8,
    )
    .prop_map(|lines| {
        let mut seen = std::collections::HashSet::new();
        let mut out = String::new();
        for (l, br) in lines {
            if seen.insert(fold(&l)) {
                out.push_str(&l);
                out.push_str(&br);
            }
        }
        out
    })
}

/// The folding under which normalization may change text: full-width ASCII
/// → half-width; ASCII `,;:?!()` → full-width; quotes unified; white space
/// and invisible characters removed.
fn fold(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            let c = match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                _ => c,
            };
            Some(match c {
                ',' => '，',
                ';' => '；',
                ':' => '：',
                '?' => '？',
                '!' => '！',
                '(' => '（',
                ')' => '）',
                '"' | '“' | '”' | '「' | '」' => '"',
                '\u{200B}'..='\u{200D}' | '\u{FEFF}' | '\u{AD}' => return None,
                c if c.is_whitespace() => return None,
                c => c,
            })
        })
        .collect()
}

proptest! {
    #![proptest_config(config())]

    /// Each paragraph of plain text maps back to source text that
    /// normalizes to the paragraph itself.
    #[test]
    fn plain_paragraphs_map_back(s in plain_doc()) {
        let a = analyzer();
        let doc = a.analyze(&s);
        check_document(&doc);
        for p in doc.paragraphs() {
            let src = doc.to_source(*p);
            let src_text = src.get(&s).expect("source span on char boundaries");
            let (again, _) = a.normalize(src_text);
            prop_assert_eq!(
                again.as_str(),
                doc.slice(*p),
                "paragraph {:?} maps to source {:?} = {:?}",
                p,
                src,
                src_text
            );
        }
    }

    /// Simplified plain text comes out unchanged up to width, punctuation
    /// and white space.
    #[test]
    fn simplified_text_survives(s in plain_doc()) {
        let doc = analyzer().analyze(&s);
        prop_assert_eq!(fold(doc.text()), fold(&s));
    }
}

// ---------------------------------------------------------------------------
// OffsetMap against a naive per-byte oracle

/// One rewriting step over the source, left to right.
#[derive(Debug, Clone)]
enum Op {
    /// Copy the next n chars.
    Copy(usize),
    /// Drop the next n chars.
    Delete(usize),
    /// Replace the next n chars by a string (linear when byte lengths
    /// agree and the flag is set).
    Replace(usize, String, bool),
    /// Replace the next char by one char.
    Char(char),
    /// Write a string with no source.
    Insert(String),
}

fn op() -> impl Strategy<Value = Op> {
    let s = "[a-c项目（）\n]{0,4}";
    prop_oneof![
        4 => (1usize..6).prop_map(Op::Copy),
        2 => (1usize..4).prop_map(Op::Delete),
        2 => (1usize..4, s, any::<bool>()).prop_map(|(n, r, l)| Op::Replace(n, r, l)),
        2 => prop::sample::select(vec!['a', '，', '项', '😀', ' ']).prop_map(Op::Char),
        1 => "[x\n王]{1,3}".prop_map(Op::Insert),
    ]
}

/// A stage: its ops, then optionally a trailing trim or truncate.
#[derive(Debug, Clone)]
struct Stage {
    ops: Vec<Op>,
    tail: Tail,
}

#[derive(Debug, Clone)]
enum Tail {
    None,
    TrimNewlines,
    /// Truncate to this share (per mille) of the output.
    Truncate(usize),
}

fn stage() -> impl Strategy<Value = Stage> {
    (
        prop::collection::vec(op(), 0..16),
        prop_oneof![
            3 => Just(Tail::None),
            1 => Just(Tail::TrimNewlines),
            1 => (0usize..1000).prop_map(Tail::Truncate),
        ],
    )
        .prop_map(|(ops, tail)| Stage { ops, tail })
}

/// Where each output byte came from: `(start, end)` in the stage's input.
type Origins = Vec<(usize, usize)>;

/// Runs a stage over `src` through `MappedText`, and builds the same
/// stage's origin table by hand.
fn run_stage(src: &str, st: &Stage) -> (String, OffsetMap, Origins) {
    let mut out = MappedText::new(src.len());
    let mut orig: Origins = Vec::new();
    let bounds: Vec<usize> = src
        .char_indices()
        .map(|(i, _)| i)
        .chain([src.len()])
        .collect();
    let mut ci = 0; // char index into src
    let adv = |ci: usize, n: usize| (ci + n).min(bounds.len() - 1);
    for o in &st.ops {
        let pos = bounds[ci];
        match o {
            Op::Copy(n) => {
                let end = bounds[adv(ci, *n)];
                out.copy(&src[pos..end], pos);
                orig.extend((pos..end).map(|b| (b, b + 1)));
                ci = adv(ci, *n);
            }
            Op::Delete(n) => ci = adv(ci, *n),
            Op::Replace(n, r, linear) => {
                let end = bounds[adv(ci, *n)];
                out.push_replacement(r, Span::new(pos, end), *linear);
                if *linear && r.len() == end - pos {
                    orig.extend((pos..end).map(|b| (b, b + 1)));
                } else {
                    orig.extend(std::iter::repeat_n((pos, end), r.len()));
                }
                ci = adv(ci, *n);
            }
            Op::Char(c) => {
                if ci + 1 < bounds.len() {
                    let end = bounds[ci + 1];
                    out.push_char_for(*c, pos, end - pos);
                    if c.len_utf8() == end - pos {
                        orig.extend((pos..end).map(|b| (b, b + 1)));
                    } else {
                        orig.extend(std::iter::repeat_n((pos, end), c.len_utf8()));
                    }
                    ci += 1;
                }
            }
            Op::Insert(r) => {
                out.insert(r, pos);
                orig.extend(std::iter::repeat_n((pos, pos), r.len()));
            }
        }
    }
    match st.tail {
        Tail::None => {}
        Tail::TrimNewlines => out.trim_end_matches(|c| c == '\n'),
        Tail::Truncate(per_mille) => {
            let want = out.len() * per_mille / 1000;
            let cut = (0..=want)
                .rev()
                .find(|&i| out.as_str().is_char_boundary(i))
                .unwrap_or(0);
            out.truncate(cut);
        }
    }
    let (text, map) = out.finish();
    orig.truncate(text.len());
    (text, map, orig)
}

/// The source point an empty span at `p` stands for.
fn point(orig: &Origins, p: usize) -> usize {
    match orig.get(p) {
        Some(&(a, _)) => a,
        None => orig.last().map_or(0, |&(_, b)| b),
    }
}

/// The oracle: the smallest source span covering the origins of every byte
/// in `a..b`; an empty span maps to the point it stands at.
fn oracle(orig: &Origins, a: usize, b: usize) -> Span {
    if a == b {
        let p = point(orig, a);
        return Span::new(p, p);
    }
    let lo = orig[a..b].iter().map(|o| o.0).min().unwrap_or(0);
    let hi = orig[a..b].iter().map(|o| o.1).max().unwrap_or(0);
    Span::new(lo, hi)
}

/// Origins of the last stage's output in the first stage's input, by brute
/// force: each byte's middle span is pushed through the earlier table.
fn compose_origins(first: &Origins, then: &Origins) -> Origins {
    then.iter()
        .map(|&(a, b)| {
            let s = oracle(first, a, b);
            (s.start, s.end)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), ..config() })]

    /// Composed maps of 1–4 chained stages give, for every span of the
    /// final text, exactly the source span the per-byte oracle gives.
    #[test]
    fn offset_map_matches_oracle(
        src in "[a-d项目为王，。\n😀]{0,24}",
        stages in prop::collection::vec(stage(), 1..5),
    ) {
        let mut text = src.clone();
        let mut map: Option<OffsetMap> = None;
        let mut origins: Option<Origins> = None;
        for st in &stages {
            let (t, m, o) = run_stage(&text, st);
            prop_assert_eq!(m.dst_len(), t.len());
            map = Some(match map {
                None => m,
                Some(prev) => prev.compose(&m),
            });
            origins = Some(match origins {
                None => o,
                Some(prev) => compose_origins(&prev, &o),
            });
            text = t;
        }
        let (map, origins) = (map.unwrap(), origins.unwrap());
        prop_assert_eq!(map.dst_len(), text.len());
        prop_assert_eq!(map.src_len(), src.len());
        for a in 0..=text.len() {
            for b in a..=text.len() {
                let got = map.to_source(Span::new(a, b));
                let want = oracle(&origins, a, b);
                prop_assert_eq!(got, want, "span {}..{} of {:?} (source {:?})", a, b, text, src);
            }
        }
        // out of range: clamped, never a panic
        let far = map.to_source(Span::new(text.len() + 3, usize::MAX));
        prop_assert!(far.end <= src.len());
    }
}

// ---------------------------------------------------------------------------
// The JSON Lines record

#[cfg(feature = "serde")]
proptest! {
    #![proptest_config(config())]

    /// The record the CLI writes is one line of valid JSON for any input,
    /// and carries the document's text.
    #[test]
    fn wire_record_is_one_json_line(b in doc_bytes()) {
        use tifa::wire::{Fields, Record, SourceInfo};
        let doc = analyzer().analyze_bytes(&b);
        let src = SourceInfo { path: "p", bytes: b.len(), encoding: doc.encoding(), format: "text" };
        let line = Record::new("id\u{1}\"", src, &doc, Fields::default()).to_json();
        prop_assert!(!line.contains('\n'));
        let v: serde_json::Value = serde_json::from_str(&line).expect("valid JSON");
        prop_assert_eq!(v["text"].as_str(), Some(doc.text()));
        prop_assert_eq!(v["id"].as_str(), Some("id\u{1}\""));
    }
}
