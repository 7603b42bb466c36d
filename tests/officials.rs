//! Officials and bylines: data-driven cases from `tests/data/officials.json`
//! and `tests/data/bylines.json`, span invariants, and a no-panic property.

use std::sync::LazyLock;

use proptest::prelude::*;
use serde_json::Value;
use tifa::extract::byline::BylineExtractor;
use tifa::extract::official::OfficialExtractor;
use tifa::extract::{Context, Extractor};
use tifa::record::{Meta, Official, Records};

/// Built once: the extractors are immutable and `Sync`.
static OFFICIALS: LazyLock<OfficialExtractor> = LazyLock::new(OfficialExtractor::new);
static BYLINES: LazyLock<BylineExtractor> = LazyLock::new(BylineExtractor::new);

const OFFICIAL_CASES: &str = include_str!("data/officials.json");
const BYLINE_CASES: &str = include_str!("data/bylines.json");

fn officials(x: &OfficialExtractor, text: &str) -> Vec<Official> {
    let mut out = Records::default();
    Context::with_text(text, &Meta::default(), |cx| x.extract(cx, &mut out));
    out.officials
}

fn str_or_null(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

#[test]
fn official_cases() {
    let x = OfficialExtractor::new();
    let cases: Vec<Value> = serde_json::from_str(OFFICIAL_CASES).expect("officials.json parses");
    assert!(cases.len() >= 40, "keep at least 40 cases");
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap_or("?");
        let text = case["text"].as_str().expect("case has text");
        let got = officials(&x, text);
        let got_keys: Vec<(Option<String>, Option<String>, bool)> = got
            .iter()
            .map(|o| (o.name.clone(), o.title.clone(), o.masked))
            .collect();
        let want = case["officials"].as_array().expect("case has officials");
        let want_keys: Vec<(Option<String>, Option<String>, bool)> = want
            .iter()
            .map(|o| {
                (
                    str_or_null(&o["name"]),
                    str_or_null(&o["title"]),
                    o["masked"] == true,
                )
            })
            .collect();
        if got_keys != want_keys {
            failures.push(format!(
                "{name}: {text}\n    want {want_keys:?}\n     got {got_keys:?}\n    help: \
                 see the rule for this pattern in src/extract/official.rs and the lexicons in data/"
            ));
            continue;
        }
        for (o, w) in got.iter().zip(want) {
            if let Some(ms) = w.get("mentions").and_then(Value::as_array) {
                let texts: Vec<&str> = o.mentions.iter().filter_map(|s| s.get(text)).collect();
                let want_m: Vec<&str> = ms.iter().filter_map(Value::as_str).collect();
                if texts != want_m {
                    failures.push(format!("{name}: mentions want {want_m:?} got {texts:?}"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn byline_cases() {
    let b = BylineExtractor::new();
    let cases: Vec<Value> = serde_json::from_str(BYLINE_CASES).expect("bylines.json parses");
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap_or("?");
        let text = case["text"].as_str().expect("case has text");
        let got: Vec<(String, String)> =
            Context::with_text(text, &Meta::default(), |cx| b.extract(cx))
                .into_iter()
                .map(|b| {
                    // The wire name (snake_case), without needing the serde feature.
                    let role = format!("{:?}", b.role).to_lowercase();
                    (b.name, role)
                })
                .collect();
        let want: Vec<(String, String)> = case["bylines"]
            .as_array()
            .expect("case has bylines")
            .iter()
            .map(|b| {
                (
                    b["name"].as_str().unwrap_or("").to_string(),
                    b["role"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        if got != want {
            failures.push(format!(
                "{name}: {text}\n    want {want:?}\n     got {got:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn byline_names_are_never_officials() {
    let x = OfficialExtractor::new();
    let text = "（记者 张军亚）市委书记李卫东出席。\n记者 王庆建 张 佩 摄\n责任编辑：翟柯";
    let got = officials(&x, text);
    let names: Vec<_> = got.iter().filter_map(|o| o.name.as_deref()).collect();
    assert_eq!(names, ["李卫东"]);
    // A name credited in a byline is dropped even next to a title.
    let got = officials(&x, "（记者 张三）市长张三出席。");
    assert!(got.is_empty(), "{got:?}");
}

/// Mentions are sorted, on char boundaries, and hold the name.
fn check_spans(text: &str, got: &[Official]) {
    let mut last_first = 0;
    for o in got {
        assert!(!o.mentions.is_empty());
        let first = o.mentions[0].start;
        assert!(first >= last_first, "officials sorted by first mention");
        last_first = first;
        for w in o.mentions.windows(2) {
            assert!(w[0].start <= w[1].start);
        }
        for s in &o.mentions {
            let m = s.get(text).expect("mention on char boundaries");
            // A mention holds the name; or it is a title alone (市长强调 joins
            // the one named 市长): short, and naming no one else.
            if let Some(n) = &o.name
                && !m.contains(n.as_str())
            {
                let others = got
                    .iter()
                    .filter_map(|x| x.name.as_deref())
                    .filter(|x| x != n);
                assert!(
                    m.chars().count() <= 20,
                    "title-alone mention {m:?} is short"
                );
                for x in others {
                    assert!(!m.contains(x), "mention {m:?} of {n:?} names {x:?}");
                }
            }
        }
    }
}

#[test]
fn spans_hold_names_on_cases() {
    let x = OfficialExtractor::new();
    let cases: Vec<Value> = serde_json::from_str(OFFICIAL_CASES).expect("officials.json parses");
    for case in &cases {
        let text = case["text"].as_str().expect("case has text");
        check_spans(text, &officials(&x, text));
    }
}

/// Characters that make the extractor work: titles, surnames, list marks,
/// masks, bylines, punctuation of both widths.
const ALPHABET: &[&str] = &[
    "市委书记",
    "市长",
    "副",
    "县长",
    "总书记",
    "国家主席",
    "市领导",
    "出席会议的还有",
    "总统",
    "王",
    "李",
    "张",
    "欧阳",
    "习近平",
    "卫东",
    "建平",
    "强调",
    "指出",
    "在",
    "对",
    "等",
    "出席",
    "、",
    "，",
    "。",
    ",",
    ":",
    "：",
    "(",
    ")",
    "（",
    "）",
    "*",
    "×",
    "某",
    "记者",
    "编辑",
    "摄",
    " ",
    "\n",
    "·",
    "普京",
    "同志",
    "和",
    "□",
    "文/",
    "项目为王",
    "a",
    "1",
    "\u{FFFD}",
    "𠀀",
    "",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics_on_pieces(pieces in proptest::collection::vec(0..ALPHABET.len(), 0..60)) {
        let text: String = pieces.iter().map(|&i| ALPHABET[i]).collect();
        let got = officials(&OFFICIALS, &text);
        check_spans(&text, &got);
        let b = &*BYLINES;
        let _ = Context::with_text(&text, &Meta::default(), |cx| b.extract(cx));
    }

    #[test]
    fn never_panics_on_any_string(text in "\\PC{0,200}") {
        let got = officials(&OFFICIALS, &text);
        check_spans(&text, &got);
    }
}

/// Foreign spans (not from the segmenter) must not panic either.
#[test]
fn odd_paragraph_spans_do_not_panic() {
    let x = OfficialExtractor::new();
    let text = "市委书记李卫东出席。";
    let paragraphs = [
        tifa::Span::new(1, 5),
        tifa::Span::new(0, 1000),
        tifa::Span::new(3, 3),
    ];
    let meta = Meta::default();
    let cx = Context {
        text,
        paragraphs: &paragraphs,
        sentences: &[],
        meta: &meta,
    };
    let _ = x.officials(&cx);
}

#[test]
fn extractors_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<OfficialExtractor>();
    check::<BylineExtractor>();
}

/// Large documents built to hit every rule many times finish, and bound what
/// they report.
#[test]
fn pathological_documents_are_bounded() {
    let mut unknown = String::new();
    // Many distinct names with unlisted surnames after titles: each would scan
    // the document; the per-document budget keeps this linear.
    for i in 0..3000u32 {
        let a = char::from_u32(0x4E00 + (i * 7) % 20000).unwrap_or('一');
        let b = char::from_u32(0x4E00 + (i * 13) % 20000).unwrap_or('一');
        unknown.push_str(&format!("市长蒿{a}{b}，"));
    }
    let lists = "市领导王乐新、王新军、谢松民、郭力铭、孙栋、张涛等出席。".repeat(2000);
    let one_para = "习近平总书记强调，李强、赵乐际、王沪宁、蔡奇等出席，**局长讲话，".repeat(3000);
    for text in [unknown.as_str(), lists.as_str(), one_para.as_str()] {
        let got = officials(&OFFICIALS, text);
        assert!(got.len() <= 500);
        assert!(got.iter().all(|o| o.mentions.len() <= 500));
        check_spans(text, &got);
    }
}
