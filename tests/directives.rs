//! Directive lists: data-driven cases from `tests/data/directives.json`.
//!
//! Each case gives a text (and optionally a meta title and officials already
//! found) and the lists expected, in order: style, numbered, speaker, parent
//! `[list, ordinal]`, headlines (ordinals are 1, 2, 3 … in order), and
//! optionally the item texts.

use serde_json::Value;
use tifa::extract::directive::DirectiveExtractor;
use tifa::extract::{Context, Extractor};
use tifa::record::{Directive, Meta, Official, Records};

fn extractor() -> &'static DirectiveExtractor {
    static X: std::sync::OnceLock<DirectiveExtractor> = std::sync::OnceLock::new();
    X.get_or_init(DirectiveExtractor::new)
}

fn extract(text: &str, title: Option<&str>, officials: &[String]) -> Vec<Directive> {
    let meta = Meta {
        title: title.map(str::to_string),
        ..Meta::default()
    };
    let mut out = Records::default();
    for n in officials {
        out.officials.push(Official {
            name: Some(n.clone()),
            ..Official::default()
        });
    }
    Context::with_text(text, &meta, |cx| extractor().extract(cx, &mut out));
    out.directives
}

fn show(lists: &[Directive]) -> String {
    let mut s = String::new();
    for d in lists {
        let heads: Vec<String> = d
            .items
            .iter()
            .map(|i| format!("{}:{}", i.ordinal, i.headline))
            .collect();
        s += &format!(
            "  #{} style={} numbered={} speaker={:?} parent={:?} [{}]\n",
            d.id,
            d.style,
            d.numbered,
            d.speaker,
            d.parent.map(|p| (p.list, p.ordinal)),
            heads.join(" | ")
        );
    }
    s
}

/// Checks the invariants every output must hold, whatever the input.
fn check_invariants(text: &str, lists: &[Directive]) -> Result<(), String> {
    for (k, d) in lists.iter().enumerate() {
        if d.id != k {
            return Err(format!("list {k} has id {}", d.id));
        }
        if d.items.len() < 2 {
            return Err(format!("list {k} has {} items", d.items.len()));
        }
        for (n, it) in d.items.iter().enumerate() {
            if it.ordinal as usize != n + 1 {
                return Err(format!("list {k} item {n} has ordinal {}", it.ordinal));
            }
            if it.span.get(text) != Some(it.text.as_str()) {
                return Err(format!("list {k} item {n}: text is not its span"));
            }
            if !it.text.starts_with(&it.marker) {
                return Err(format!(
                    "list {k} item {n}: text does not start with the marker"
                ));
            }
        }
        if let Some(p) = d.parent
            && (p.list >= k || lists[p.list].items.len() < p.ordinal as usize)
        {
            return Err(format!("list {k}: bad parent {p:?}"));
        }
    }
    Ok(())
}

#[test]
fn directive_cases() {
    let cases: Vec<Value> =
        serde_json::from_str(include_str!("data/directives.json")).expect("directives.json");
    assert!(cases.len() >= 30, "want at least 30 cases");
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap_or("?");
        let text = case["text"].as_str().expect("text");
        let title = case["title"].as_str();
        let officials: Vec<String> = case["officials"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let got = extract(text, title, &officials);
        if let Err(e) = check_invariants(text, &got) {
            failures.push(format!("{name}: {e}\n{}", show(&got)));
            continue;
        }
        let want = case["lists"].as_array().expect("lists");
        let mut problems = Vec::new();
        if got.len() != want.len() {
            problems.push(format!("{} lists, want {}", got.len(), want.len()));
        }
        for (k, (g, w)) in got.iter().zip(want).enumerate() {
            if let Some(style) = w["style"].as_str()
                && g.style != style
            {
                problems.push(format!("list {k}: style {}, want {style}", g.style));
            }
            let numbered = w["numbered"].as_bool().unwrap_or(true);
            if g.numbered != numbered {
                problems.push(format!(
                    "list {k}: numbered {}, want {numbered}",
                    g.numbered
                ));
            }
            let speaker = w["speaker"].as_str();
            if g.speaker.as_deref() != speaker {
                problems.push(format!(
                    "list {k}: speaker {:?}, want {speaker:?}",
                    g.speaker
                ));
            }
            let parent = w["parent"].as_array().map(|a| {
                (
                    a[0].as_u64().unwrap_or(0) as usize,
                    a[1].as_u64().unwrap_or(0) as u32,
                )
            });
            let gp = g.parent.map(|p| (p.list, p.ordinal));
            if gp != parent {
                problems.push(format!("list {k}: parent {gp:?}, want {parent:?}"));
            }
            let heads: Vec<&str> = g.items.iter().map(|i| i.headline.as_str()).collect();
            let want_heads: Vec<&str> = w["headlines"]
                .as_array()
                .expect("headlines")
                .iter()
                .filter_map(|v| v.as_str())
                .collect();
            if heads != want_heads {
                problems.push(format!(
                    "list {k}: headlines {heads:?}, want {want_heads:?}"
                ));
            }
            if let Some(texts) = w["texts"].as_array() {
                let got_texts: Vec<&str> = g.items.iter().map(|i| i.text.as_str()).collect();
                let want_texts: Vec<&str> = texts.iter().filter_map(|v| v.as_str()).collect();
                if got_texts != want_texts {
                    problems.push(format!(
                        "list {k}: texts {got_texts:?}, want {want_texts:?}"
                    ));
                }
            }
        }
        if !problems.is_empty() {
            failures.push(format!("{name}: {}\n{}", problems.join("; "), show(&got)));
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
fn directive_invariants_on_generated_text() {
    // Pieces that build markers, stops and speakers in every order.
    let pieces = [
        "一要",
        "二要",
        "三是",
        "一是",
        "第一，",
        "第二，",
        "（一）",
        "（二）",
        "一、",
        "二、",
        "1.",
        "2、",
        "首先，",
        "其次，",
        "最后，",
        "再次，",
        "必须",
        "坚持",
        "他强调，",
        "会议指出，",
        "李卫东强调，",
        "。",
        "，",
        "；",
        "\n",
        "加强管理",
        "“",
        "”",
        "十一五",
        "第一要务",
        "1.5",
        "**",
        "要",
        " ",
        "\u{3000}",
        "(",
        ")",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..3000 {
        let mut text = String::new();
        for _ in 0..(seed % 40) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
        }
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let got = extract(&text, None, &[]);
        if let Err(e) = check_invariants(&text, &got) {
            panic!("{e} for {text:?}\n{}", show(&got));
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]

    #[test]
    fn directive_any_text_keeps_invariants(s in "\\PC{0,300}") {
        let got = extract(&s, None, &[]);
        proptest::prop_assert!(check_invariants(&s, &got).is_ok());
    }

    #[test]
    fn directive_marker_soup_keeps_invariants(
        s in "[一二三四五六七八九十是要第、，。；：（）()首先其次再最后必须坚持他强调李明在“”\n 0-9.]{0,300}"
    ) {
        let got = extract(&s, None, &[]);
        proptest::prop_assert!(check_invariants(&s, &got).is_ok(), "{:?}", check_invariants(&s, &got));
    }
}

#[test]
fn directive_large_input_is_bounded() {
    // A long work-report-like text: many numbered sections with inline lists.
    let mut text = String::new();
    for s in 1..=40 {
        text.push_str(&format!("（{}）加强第{}方面工作。\n", han(s), s));
        for _ in 0..20 {
            text.push_str("一是加强管理，提高效率；二是完善制度；三是狠抓落实。坚持稳中求进。坚持改革创新。\n");
        }
    }
    let text = text.repeat(300_000 / text.len() + 1);
    assert!(text.len() > 300_000);
    // CPU time of this thread (a loaded machine must not fail the bound)
    let (got, took) = crate::adversarial::timed(|| extract(&text, None, &[]));
    check_invariants(&text, &got).unwrap();
    assert!(got.len() <= 256);
    assert!(got.iter().all(|d| d.items.len() <= 60));
    assert!(took.as_secs_f64() < 5.0, "took {took:?}");
}

#[test]
fn directive_long_paragraphs_stay_linear() {
    // One 2 MB paragraph of identical lead sentences, one of markers, and one
    // of speech lead-ins: each must take about as long as reading it.
    for piece in [
        "必须加强管理。",
        "一是加强。二是加强。",
        "李明强调，一要甲；二要乙。",
    ] {
        let text = piece.repeat(2_000_000 / piece.len());
        let (got, took) = crate::adversarial::timed(|| extract(&text, None, &[]));
        check_invariants(&text, &got).unwrap();
        assert!(took.as_secs_f64() < 10.0, "{piece}: took {took:?}");
    }
}

fn han(n: u32) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => D[n as usize].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", D[(n - 10) as usize]),
        _ => format!("{}十{}", D[(n / 10) as usize], D[(n % 10) as usize]),
    }
}

/// Prints the lists found in each file named in `TIFA_DIRECTIVES_FILES`
/// (separated by `:`), one JSON record per file: `{"id": basename, "directives": […]}`.
/// Run: `TIFA_DIRECTIVES_FILES=a.txt:b.txt cargo test --test integration
/// directive_dump -- --ignored --nocapture`.
#[cfg(feature = "serde")]
#[test]
#[ignore]
fn directive_dump() {
    let Ok(files) = std::env::var("TIFA_DIRECTIVES_FILES") else {
        return;
    };
    let (mut bytes, mut took) = (0usize, std::time::Duration::ZERO);
    for path in files.split(':').filter(|p| !p.is_empty()) {
        let text = std::fs::read_to_string(path).expect("readable UTF-8 file");
        let start = std::time::Instant::now();
        let got = extract(&text, None, &[]);
        took += start.elapsed();
        bytes += text.len();
        let id = std::path::Path::new(path)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(path);
        let rec = serde_json::json!({ "id": id, "directives": got });
        println!("DUMP {rec}");
    }
    let secs = took.as_secs_f64();
    println!(
        "DUMPSTAT {bytes} bytes in {secs:.3}s ({:.1} MB/s)",
        bytes as f64 / secs.max(1e-9) / 1e6
    );
}
