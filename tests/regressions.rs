//! Every input that once broke tifa, as a named test (STYLE §20): what it
//! was, which test or fuzz target found it, and what the fix was. The
//! input is kept as small as the shrinker left it.

use tifa::{MappedText, Span};

use crate::invariants::{analyzer, check_document};

/// `normalize` twice gives what `normalize` once gave.
fn assert_idempotent(s: &str) -> String {
    let a = analyzer();
    let (once, _) = a.normalize(s);
    let (twice, _) = a.normalize(&once);
    assert_eq!(twice, once, "normalize is not idempotent on {s:?}");
    once
}

// --- width and punctuation (src/normalize/width.rs) -----------------------

/// Found by `properties::normalize_is_idempotent`. An ASCII `?` before an
/// ASCII `,` before CJK stayed ASCII (its next char, `,`, is not CJK) while
/// the `,` turned into `，`; a second pass then saw `？` next to `，` and
/// changed it. Fix: the look-ahead skips punctuation that may itself widen.
#[test]
fn width_punctuation_run_before_cjk() {
    assert_eq!(assert_idempotent("?,市市"), "？，市市");
    assert_eq!(assert_idempotent("好啊?!"), "好啊？！");
    // the look-ahead is cached: a long run stays linear
    let run = "?".repeat(200_000) + "市";
    let (t, _) = analyzer().normalize(&run);
    assert!(t.starts_with("？？") && t.ends_with("？市"));
}

/// Found by `properties::simplified_text_survives`: `市市市市 !` kept its
/// ASCII `!` because the char before it was the space, so the line looked
/// like a heading and the line before it was dropped as site furniture.
/// Fix: the look-behind skips the space, as the look-ahead did.
#[test]
fn width_ascii_punctuation_after_space() {
    assert_eq!(assert_idempotent("好 !"), "好 ！");
    let doc = analyzer().analyze("市！\n市市市市 !\n市市。\n");
    assert_eq!(doc.paragraphs().len(), 3, "{:?}", doc.text());
}

// --- offsets (src/offsets.rs) ----------------------------------------------

/// Found by `properties::offset_map_matches_oracle`. Stage 1 replaced
/// "\n" by "a\n\n" (all three bytes map to source 0..1); stage 2 kept the
/// "a" and inserted "\nx" after it, i.e. at a point inside stage 1's
/// replacement, which maps to source 0. The span "a\n" then mapped to
/// 0..0, not covering the "a"'s source. Fix: `to_source` of a span ending
/// in inserted text reaches the end of the last text in it with a source.
#[test]
fn offset_map_insertion_inside_replacement() {
    let mut t1 = MappedText::new(1);
    t1.push_replacement("a\n\n", Span::new(0, 1), false);
    let (mid, m1) = t1.finish();
    let mut t2 = MappedText::new(mid.len());
    t2.copy("a", 0);
    t2.insert("\nx", 1);
    let (out, m2) = t2.finish();
    assert_eq!(out, "a\nx");
    let m = m1.compose(&m2);
    assert_eq!(m.to_source(Span::new(0, 2)), Span::new(0, 1));
    assert_eq!(m.to_source(Span::new(0, 1)), Span::new(0, 1));
    assert_eq!(m.to_source(Span::new(1, 3)), Span::new(0, 0));
}

// --- line cleaning (src/clean/lines.rs) -------------------------------------

/// Found by `properties::normalize_is_idempotent`. A wrapped line was
/// joined with the next only when the line itself had 20 chars: after
/// `长行，` + `落` were joined, `实` was not (its predecessor `落` is one
/// char), but in the cleaned text `长行，落` is one line of 20+ chars and a
/// second pass joined `实` too. Fix: the rule reads the paragraph as
/// written so far.
#[test]
fn line_join_reads_the_joined_paragraph() {
    let s = "我们要坚持以人民为中心的发展思想不断推进各项工作，\n落\n实";
    assert_eq!(
        assert_idempotent(s),
        "我们要坚持以人民为中心的发展思想不断推进各项工作，落实"
    );
}

/// Found by `properties::normalize_is_idempotent`. Two lines the joiner
/// would join, with a blank line between, stayed apart (a blank line is a
/// paragraph break) but came out on adjacent lines, so a second pass
/// joined them. Fix: such a break stays visible as a blank line.
#[test]
fn blank_line_between_joinable_lines_survives() {
    let s = "我们要坚持以人民为中心的发展思想不断推进各项工作，\n\n落实到位。";
    let t = assert_idempotent(s);
    assert_eq!(
        t,
        "我们要坚持以人民为中心的发展思想不断推进各项工作，\n\n落实到位。"
    );
    let doc = analyzer().analyze(s);
    assert_eq!(doc.paragraphs().len(), 2);
    check_document(&doc);
}

/// Found by `properties::normalize_is_idempotent` (`市 領市(領(记者 张三)
/// (全文共2444字市市`). A line cut short by a paywall notice kept its
/// first part even when that part is a navigation row, which a second pass
/// then dropped. Fix: the part before the notice is classified as the line
/// it becomes.
#[test]
fn notice_cut_line_is_classified_as_what_remains() {
    let s = "正文第一段，很长的句子。\n首页 新闻 国内 ……（未完，全文共2444字，当前仅显示1554字）";
    let doc = analyzer().analyze(s);
    assert_eq!(doc.text(), "正文第一段，很长的句子。");
    assert!(doc.quality().truncated.is_some());
    assert_idempotent(s);
    assert_eq!(
        assert_idempotent("市 領市(領(记者 张三)(全文共2444字市市"),
        ""
    );
}

/// Found by `properties::normalize_is_idempotent` (`…以上市市市市市\n(`).
/// A line ending in ASCII punctuation that width folding had left alone
/// (no CJK next to it) was joined with the next line, which gave it a CJK
/// neighbour, so a second pass widened it. Fix: no join after ASCII `,(“`.
#[test]
fn no_join_after_ascii_punctuation_left_alone() {
    let s = "一是今年全市经济运行总体平稳主要指标好于预期GDP,\n市场预期稳定。";
    let t = assert_idempotent(s);
    assert_eq!(t.lines().count(), 2, "{t:?}");
}

/// Found by `properties::simplified_text_survives` (`市！\n市市市市１２!`):
/// a line ending in ASCII `!` (kept ASCII after a digit) passed for a
/// heading, so the line before it was dropped as site furniture; and a
/// short space-separated line ending in `!` passed for a navigation row.
/// Fix: ASCII `!?;` end a sentence for the heading and navigation tests, and
/// `！？` mark a header-zone line as text.
#[test]
fn ascii_sentence_ends_are_sentence_ends() {
    let doc = analyzer().analyze("市！\n市市市市１２!\n市？\n");
    assert_eq!(doc.paragraphs().len(), 3, "{:?}", doc.text());
    let doc = analyzer().analyze("市 市 １２!\n");
    assert_eq!(doc.text(), "市 市 12!");
}

// --- metadata (src/analyzer.rs) ---------------------------------------------

/// Found while shrinking a `normalize_is_idempotent` failure
/// (`市<h1>領(记者 张三)<p>領(lǐng)`): the title taken from `<h1>` kept its
/// pinyin glosses (`领（lǐng）导（dǎo）讲话`), so it matched no line of the
/// cleaned text. Fix: glosses are removed from the hinted title too.
#[test]
fn title_from_markup_loses_pinyin_glosses() {
    let doc = analyzer().analyze(
        "<html><body><h1>领(lǐng)导(dǎo)讲话</h1><p>正文第一段，很长的句子。</p></body></html>",
    );
    assert_eq!(doc.meta().title.as_deref(), Some("领导讲话"));
}

// --- pinyin glosses (src/clean/pinyin.rs) ------------------------------------

/// Found by the adversarial input `的(ā)(ā)(ā)…`: only the first gloss
/// after a Han character went, so each pass removed one more. Fix: a gloss
/// right after a removed gloss goes too.
#[test]
fn repeated_pinyin_glosses_all_go() {
    assert_eq!(assert_idempotent("的(ā)(ā)(ā)是"), "的是");
    let doc = analyzer().analyze("领(lǐng)(lǐng)导(dǎo)");
    assert_eq!(doc.text(), "领导");
    assert_eq!(doc.quality().pinyin_glosses_removed, 3);
    // a gloss after other text still needs a Han character before it
    assert!(assert_idempotent("GDP(ā)增长").contains("ā"));
}

// --- decoding (src/decode.rs) -----------------------------------------------

/// Found by `adversarial::cases::png_renamed_html`: a PNG renamed `.html`
/// whose compressed data happened to hold under 10% control bytes was
/// decoded as GBK and analysed as text, with no error. Fix: the signatures
/// of common binary formats mark input as binary.
#[test]
fn binary_signatures_are_binary() {
    let body: Vec<u8> = (0..4000u32).map(|i| 0x20 + (i * 7 % 0xDF) as u8).collect();
    for magic in [
        &b"\x89PNG\r\n\x1a\n"[..],
        b"%PDF-1.4\n",
        b"\xFF\xD8\xFF\xE0",
        b"PK\x03\x04",
    ] {
        let mut b = magic.to_vec();
        b.extend_from_slice(&body);
        let doc = analyzer().analyze_bytes(&b);
        assert!(
            doc.errors().iter().any(|e| e.kind == "binary"),
            "{magic:?}: {:?}",
            doc.errors()
        );
        assert_eq!(doc.text(), "");
    }
    // text that merely mentions a format stays text
    let doc = analyzer().analyze_bytes("PDF文件已经上传。".as_bytes());
    assert!(doc.is_clean() && !doc.text().is_empty());
}

/// Found by `adversarial::cases::mixed_encodings` (UTF-8 lines, then GBK
/// lines): when the first 64 KB were mixed, the whole file was decoded as
/// GBK, turning the UTF-8 half into mojibake with no error; when they were
/// UTF-8, the GBK half became U+FFFD. Fix: input whose lines are partly
/// UTF-8 and partly a legacy encoding is decoded line by line, with a
/// `decode` error saying so.
#[test]
fn mixed_utf8_and_gbk_lines_both_survive() {
    use crate::properties::{GBK_SENTENCE, GBK_SENTENCE_TEXT};
    for (u, g) in [(20, 20), (200, 20), (20, 200)] {
        let mut b = Vec::new();
        for _ in 0..u {
            b.extend_from_slice("今年全市经济运行总体平稳，主要指标好于预期。\n".as_bytes());
        }
        for _ in 0..g {
            b.extend_from_slice(GBK_SENTENCE);
            b.push(b'\n');
        }
        let doc = analyzer().analyze_bytes(&b);
        check_document(&doc);
        assert!(
            doc.source().starts_with("今年全市经济运行总体平稳"),
            "{u}/{g}"
        );
        assert!(doc.source().contains(GBK_SENTENCE_TEXT), "{u}/{g}");
        assert_eq!(doc.quality().replacement_chars, 0);
        assert!(doc.errors().iter().any(|e| e.kind == "decode"), "{u}/{g}");
        assert_eq!(doc.encoding(), "UTF-8+GBK");
    }
    // plain GBK and plain UTF-8 are not mixed
    let mut gbk = Vec::new();
    for _ in 0..50 {
        gbk.extend_from_slice(GBK_SENTENCE);
        gbk.push(b'\n');
    }
    let doc = analyzer().analyze_bytes(&gbk);
    assert!(doc.is_clean(), "{:?}", doc.errors());
    assert!(doc.encoding() == "GBK" || doc.encoding() == "gb18030");
}

// --- memory (src/offsets.rs, src/normalize/width.rs, src/clean/lines.rs) -----

/// Found by `adversarial::memory_is_a_small_multiple_of_input`: 400 KB of
/// `,` before a CJK char (each widened to `，`) took 100× its size at peak,
/// one 40-byte map segment per char in each stage's map. Fix: a builder
/// with over 65 536 segments averaging under 16 output bytes merges
/// neighbouring short segments; offsets there stay on char boundaries and
/// cover the exact answer.
#[test]
fn dense_offset_map_is_coarsened() {
    let n = 300_000;
    let src = ",".repeat(n) + "市";
    let mut t = MappedText::new(src.len());
    for i in 0..n {
        t.push_char_for('，', i, 1);
    }
    t.copy("市", n);
    let (out, m) = t.finish();
    assert!(
        m.segments() <= out.len() / 16 + 1,
        "{} segments for {} bytes",
        m.segments(),
        out.len()
    );
    for (a, b) in [
        (0, 3),
        (3 * 1000, 3 * 1001),
        (3 * 7, 3 * 90_000),
        (3 * n, 3 * n + 3),
    ] {
        let got = m.to_source(Span::new(a, b));
        let exact = Span::new(a / 3, b.div_ceil(3).min(n) + usize::from(b > 3 * n));
        assert!(
            got.contains(exact),
            "{a}..{b}: {got:?} does not cover {exact:?}"
        );
        assert!(
            got.len() <= exact.len() + 64,
            "{a}..{b}: {got:?} is too coarse"
        );
        assert!(src.is_char_boundary(got.start) && src.is_char_boundary(got.end));
    }
    // a small map is exact
    let mut t = MappedText::new(100);
    for i in 0..100 {
        t.push_char_for('，', i, 1);
    }
    let (_, m) = t.finish();
    assert_eq!(m.to_source(Span::new(30, 33)), Span::new(10, 11));
}

/// Found with the memory measurements (`many_short_lines`): the line
/// cleaner wrote each line break as an insertion, so text of short lines
/// cost two map segments a line even when nothing was removed. Fix: the
/// break is a copy of the source line break, and clean text keeps a
/// one-segment map.
#[test]
fn clean_text_keeps_a_one_segment_map() {
    let doc = analyzer().analyze("第一段。\n第二段。\n第三段。");
    assert_eq!(doc.offset_map().segments(), 1);
    assert!(doc.offset_map().is_identity());
    let doc = analyzer().analyze(&"项\n".repeat(10_000));
    assert!(
        doc.offset_map().segments() <= 2,
        "{}",
        doc.offset_map().segments()
    );
}

/// Found by `properties::analyze_keeps_invariants` after the merge
/// (`"。\u{3000}領(lǐng)"`): the width stage folded an ideographic space
/// (3 bytes) into an ASCII space but recorded a 1-byte source, so a span
/// ending there mapped into the middle of the next source character.
#[test]
fn folded_wide_space_maps_its_whole_source() {
    let src = "。\u{3000}領(lǐng)";
    let doc = analyzer().analyze(src);
    assert_eq!(doc.text(), "。 领");
    for s in doc.sentences() {
        let back = doc.to_source(*s);
        assert!(
            src.is_char_boundary(back.start) && src.is_char_boundary(back.end),
            "{s:?} -> {back:?}"
        );
    }
    assert_eq!(
        &src[doc.to_source(doc.sentences()[0]).range()],
        "。\u{3000}"
    );
}

/// Found by `adversarial::cases::alternating_brackets` after the merge: the
/// byline scanner looked up each keyword hit's char index with a linear
/// search, so a line with a keyword (文) every few characters took
/// quadratic time (400 KB: 23 s in debug). Fix: binary search.
#[test]
fn byline_scan_is_linear_in_keyword_hits() {
    let unit = "（）（（文）";
    // CPU time of this thread, the better of two runs: a loaded machine
    // must not make the ratio
    let time = |n: usize| {
        let s = unit.repeat(n);
        let once = || crate::adversarial::timed(|| analyzer().analyze(&s)).1;
        once().min(once()).as_secs_f64()
    };
    let (small, large) = (time(2_000), time(8_000));
    assert!(
        large < small * 12.0 + 0.05,
        "4x input took {large:.3}s vs {small:.3}s"
    );
}

// --- fuzz target checks ----------------------------------------------------------

/// Found by the `analyze_bytes` fuzz target (`~n` and 80 NULs, then junk,
/// with `max_bytes(97)`): the target expected a `limit` error for any input
/// over 97 bytes, but the limit applies to the decoded text, and binary
/// input decodes to nothing. The target was wrong; this pins the rule.
#[test]
fn limit_applies_to_decoded_text() {
    let a = tifa::Analyzer::builder().max_bytes(97).build();
    let mut b = b"~n".to_vec();
    b.extend_from_slice(&[0; 80]);
    b.extend_from_slice(b"=v\">>`assa\xff\x10\0\0");
    b.extend_from_slice(&[0xD6; 15]);
    let doc = a.analyze_bytes(&b);
    check_document(&doc);
    let kinds: Vec<&str> = doc.errors().iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["binary"]);
    // UTF-16: 200 bytes decode to 99 chars, over the limit
    let mut u = vec![0xFF, 0xFE];
    for _ in 0..99 {
        u.extend_from_slice(&[b'a', 0]);
    }
    let doc = a.analyze_bytes(&u);
    assert!(doc.errors().iter().any(|e| e.kind == "limit"));
    assert_eq!(doc.source().len(), 97);
}

/// Reported by the hardening pass: `Span`'s fields are public, and
/// `len()` on a hand-built reversed span overflowed (a panic in debug).
#[test]
fn reversed_hand_built_span_is_empty() {
    let s = Span { start: 9, end: 3 };
    assert_eq!(s.len(), 0);
    assert!(s.is_empty());
    assert_eq!(s.get("项目为王"), None);
}

/// Found by the `analyze_bytes` fuzz target on the merged pipeline (seeded
/// with seed 002): the invariant check demanded directive items in text
/// order, but a list merged with the page's outline keeps the items only the
/// outline has, whose spans come first. The check was wrong; this pins the
/// behaviour on the seed itself.
#[test]
fn outline_items_keep_their_ordinals_before_the_body() {
    let bytes = include_bytes!("data/seeds/002_f95cae93732fd9ad.txt");
    let doc = analyzer().analyze_bytes(bytes);
    check_document(&doc);
    let five = doc.records().directives.iter().find(|d| d.items.len() == 5);
    let five = five.expect("the outline's five-item list survives");
    let ordinals: Vec<u32> = five.items.iter().map(|i| i.ordinal).collect();
    assert_eq!(ordinals, [1, 2, 3, 4, 5]);
    assert!(five.items[3].span.start < five.items[2].span.start);
}

/// Found by the `numeral` fuzz target: a chain of scale characters
/// (`6余億余億余億…`) multiplied past f64's range and parsed to infinity,
/// which no JSON record can hold. Such runs are not numbers.
#[test]
fn chained_scales_do_not_overflow() {
    let s = format!("6{}頎", "余億".repeat(40));
    assert!(tifa::extract::numeral::parse_number(&s).is_none());
    assert!(tifa::extract::numeral::parse_quantity(&s).is_none_or(|q| q.value.is_finite()));
    let doc = analyzer().analyze(&format!("到2026年经济总量达到{s}元。"));
    check_document(&doc);
    // ordinary large numbers still read
    let n = tifa::extract::numeral::parse_number("1.3万亿").unwrap();
    assert_eq!(n.value.to_f64(), 1.3e12);
}

/// Found by a check of the genre (session 11): a credit line after a
/// related-links list (`相关阅读` … `（责任编辑：赵敏）`) was dropped with the
/// list, so the editor was lost. A byline on its own line ends the list.
#[test]
fn a_byline_after_related_links_is_kept() {
    let text = "市长张明调研重点项目\n\n5月19日，市长张明深入重点项目现场调研。他强调要加快进度。\n\n相关阅读\n\n我市召开项目建设推进会\n\n副市长王刚调研三个一批活动\n\n（责任编辑：赵敏）\n";
    let doc = analyzer().analyze(text);
    check_document(&doc);
    let bylines: Vec<&str> = doc.meta().bylines.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(bylines, ["赵敏"]);
    // the list itself still goes
    assert!(!doc.text().contains("推进会"));
    assert_eq!(doc.quality().boilerplate_lines_removed, 3);
}
