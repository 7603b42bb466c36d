//! Traditional → simplified conversion: data-driven cases (tests/data/t2s.json),
//! offsets, and arbitrary input.

use std::sync::OnceLock;

use proptest::prelude::*;
use serde_json::Value;
use tifa::Span;
use tifa::normalize::t2s::T2s;

fn t2s() -> &'static T2s {
    static T: OnceLock<T2s> = OnceLock::new();
    T.get_or_init(T2s::new)
}

fn cases() -> Value {
    serde_json::from_str(include_str!("data/t2s.json")).expect("tests/data/t2s.json parses")
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("case without `{key}`: {v}"))
}

fn list<'a>(v: &'a Value, key: &str) -> &'a Vec<Value> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("no `{key}` list"))
}

#[test]
fn t2s_convert_cases() {
    let c = cases();
    let mut failures = Vec::new();
    for case in list(&c, "convert") {
        let (input, want) = (str_of(case, "in"), str_of(case, "out"));
        let got = t2s().to_simplified(input);
        if got != want {
            failures.push(format!(
                "{}: {input}\n  got  {got}\n  want {want}",
                case["why"]
            ));
        }
        assert!(t2s().convert(input).is_some(), "no conversion for {input}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(list(&c, "convert").len() >= 20);
}

#[test]
fn t2s_simplified_input_is_left_alone() {
    for case in list(&cases(), "unchanged") {
        let input = case.as_str().expect("string");
        assert!(t2s().convert(input).is_none(), "converted: {input}");
        assert_eq!(t2s().to_simplified(input), input);
    }
}

#[test]
fn t2s_plain_cases() {
    let plain = T2s::plain();
    for case in list(&cases(), "plain") {
        let (input, want) = (str_of(case, "in"), str_of(case, "out"));
        assert_eq!(plain.to_simplified(input), want, "{}", case["why"]);
    }
}

#[test]
fn t2s_offsets_map_back_to_source() {
    for case in list(&cases(), "offsets") {
        let (input, out, src) = (str_of(case, "in"), str_of(case, "out"), str_of(case, "src"));
        let (text, map) = t2s().convert(input).expect("converted").finish();
        assert_eq!(map.src_len(), input.len());
        assert_eq!(map.dst_len(), text.len());
        let at = text
            .find(out)
            .unwrap_or_else(|| panic!("{out} not in {text}"));
        let span = map.to_source(Span::new(at, at + out.len()));
        assert_eq!(span.get(input), Some(src), "{out} in {text} (from {input})");
    }
}

#[test]
fn t2s_needs_conversion_tells_traditional_only_chars() {
    let t = t2s();
    for c in "們這發國後髮幹".chars() {
        assert!(t.needs_conversion(c), "{c}");
    }
    for c in "们这发国后著乾於的a1「".chars() {
        assert!(!t.needs_conversion(c), "{c}");
    }
}

#[test]
fn t2s_long_document_converts_in_one_call() {
    let para = "習近平強調，要堅持以人民為中心的發展思想，著力解決群眾急難愁盼問題。\n";
    let doc = para.repeat(2000);
    let (text, map) = t2s().convert(&doc).expect("converted").finish();
    let want = "习近平强调，要坚持以人民为中心的发展思想，着力解决群众急难愁盼问题。\n";
    assert_eq!(text, want.repeat(2000));
    // every char converted to a char of the same length: one linear segment
    assert_eq!(map.segments(), 1);
}

/// Text mixing traditional, simplified, ASCII, quotes and rare chars.
fn mixed_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "發",
        "展",
        "著",
        "名",
        "隨",
        "作",
        "用",
        "顯",
        "乾",
        "隆",
        "於",
        "倫",
        "敦",
        "「",
        "」",
        "『",
        "義大利",
        "阿拉伯",
        "殢",
        "雲",
        "们",
        "发",
        "a",
        "1",
        " ",
        "\n",
        "é",
        "😀",
        "\u{F9D0}",
        "一目瞭然",
        "為",
        "爲",
        "裡",
        "著作權",
        "厄瓜多",
        "爾",
        "國",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn check_map(input: &str) {
    let t = t2s();
    match t.convert(input) {
        None => {}
        Some(m) => {
            let (text, map) = m.finish();
            assert_eq!(map.src_len(), input.len());
            assert_eq!(map.dst_len(), text.len());
            // a char gives one char, a phrase's output has between half and twice
            // its chars
            let (ni, no) = (input.chars().count(), text.chars().count());
            assert!(no <= 2 * ni && 2 * no >= ni, "{input} -> {text}");
            // every output char maps to a non-empty source range on char boundaries,
            // in order
            let mut prev = Span::new(0, 0);
            for (i, c) in text.char_indices() {
                let s = map.to_source(Span::new(i, i + c.len_utf8()));
                assert!(!s.is_empty(), "{c} at {i} of {text} maps to nothing");
                assert!(s.get(input).is_some(), "{s:?} not a slice of {input}");
                assert!(
                    s.start >= prev.start && s.end >= prev.end,
                    "map goes backwards"
                );
                prev = s;
            }
            assert_eq!(
                map.to_source(Span::new(0, text.len())),
                Span::new(0, input.len())
            );
        }
    }
}

proptest! {
    #[test]
    fn t2s_arbitrary_strings_never_panic(s in any::<String>()) {
        check_map(&s);
        let _ = t2s().to_simplified(&s);
        let _ = T2s::plain().to_simplified(&s);
    }

    #[test]
    fn t2s_mixed_text_maps_tile(s in mixed_text()) {
        check_map(&s);
    }
}
