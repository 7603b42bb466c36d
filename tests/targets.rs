//! Targets and numerals, from `tests/data/targets.json` and
//! `tests/data/numerals.json`.
//!
//! `targets.json` holds cases `{name, text, date?, targets: [...], facts?: [...]}`.
//! `targets` lists every `kind: target` record the text must yield, in
//! order, and nothing else (an empty list is a negative case). Each expected
//! record gives `value` and `unit` and may give `comparator`, `year`,
//! `scope`, `indicator`, `text` (a `null` there means the field must be
//! null). `facts`, when present, lists facts that must be among the output.
//!
//! To see what the extractor finds in a file of your own (plain text, or
//! JSONL with a `content` or `content_html` field and an optional `date`):
//!
//! ```text
//! TIFA_TARGETS_FILE=some.jsonl cargo test --test integration print_targets -- --ignored --nocapture
//! ```

use serde_json::Value;
use tifa::extract::numeral::{parse_number, parse_quantity};
use tifa::extract::target::TargetExtractor;
use tifa::extract::{Context, Extractor};
use tifa::record::{Comparator, Meta, Records, Target, TargetKind};

fn run(ex: &TargetExtractor, text: &str, date: Option<&str>) -> Vec<Target> {
    let meta = Meta {
        date: date.map(str::to_string),
        ..Meta::default()
    };
    let mut out = Records::default();
    Context::with_text(text, &meta, |cx| ex.extract(cx, &mut out));
    for t in &out.targets {
        assert_eq!(
            t.span.get(text),
            Some(t.text.as_str()),
            "span/text mismatch in {text}"
        );
    }
    out.targets
}

fn cmp_str(c: Comparator) -> &'static str {
    match c {
        Comparator::Ge => ">=",
        Comparator::Gt => ">",
        Comparator::Le => "<=",
        Comparator::Lt => "<",
        Comparator::Eq => "=",
        Comparator::Level => "level",
        Comparator::About => "~",
        _ => "?",
    }
}

fn show(t: &Target) -> String {
    format!(
        "{:?} {} {} {} [{}] year={:?} scope={:?} ind={:?} «{}»",
        t.kind,
        cmp_str(t.comparator),
        t.value,
        t.unit,
        t.span.start,
        t.year,
        t.scope,
        t.indicator,
        t.text
    )
}

/// Differences between an expected record and a found one.
fn mismatches(want: &Value, got: &Target) -> Vec<String> {
    let mut bad = Vec::new();
    let wv = want["value"].as_f64().unwrap_or(f64::NAN);
    if (got.value - wv).abs() > wv.abs() * 1e-9 {
        bad.push(format!("value {} != {}", got.value, wv));
    }
    if want["unit"].as_str() != Some(got.unit.as_str()) {
        bad.push(format!("unit {} != {}", got.unit, want["unit"]));
    }
    if let Some(c) = want.get("comparator")
        && c.as_str() != Some(cmp_str(got.comparator))
    {
        bad.push(format!("comparator {} != {}", cmp_str(got.comparator), c));
    }
    if let Some(y) = want.get("year")
        && y.as_i64() != got.year.map(i64::from)
    {
        bad.push(format!("year {:?} != {}", got.year, y));
    }
    for (key, val) in [("scope", &got.scope), ("indicator", &got.indicator)] {
        if let Some(w) = want.get(key)
            && w.as_str() != val.as_deref()
        {
            bad.push(format!("{key} {val:?} != {w}"));
        }
    }
    if let Some(w) = want.get("text")
        && w.as_str() != Some(got.text.as_str())
    {
        bad.push(format!("text {:?} != {}", got.text, w));
    }
    bad
}

#[test]
fn target_cases() {
    let cases: Vec<Value> =
        serde_json::from_str(include_str!("data/targets.json")).expect("targets.json parses");
    assert!(cases.len() >= 40, "at least 40 cases");
    let ex = TargetExtractor::new();
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap_or("?");
        let text = case["text"].as_str().expect("case has text");
        let found = run(&ex, text, case["date"].as_str());
        let targets: Vec<&Target> = found
            .iter()
            .filter(|t| t.kind == TargetKind::Target)
            .collect();
        let want = case["targets"].as_array().expect("case has targets");
        let mut bad = Vec::new();
        if want.len() != targets.len() {
            bad.push(format!(
                "{} targets, expected {}",
                targets.len(),
                want.len()
            ));
        }
        for (w, g) in want.iter().zip(&targets) {
            for m in mismatches(w, g) {
                bad.push(format!("target {}: {m}", show(g)));
            }
        }
        for f in case["facts"].as_array().into_iter().flatten() {
            let hit = found
                .iter()
                .any(|g| g.kind == TargetKind::Fact && mismatches(f, g).is_empty());
            if !hit {
                bad.push(format!("missing fact {f}"));
            }
        }
        if !bad.is_empty() {
            let all: Vec<String> = found.iter().map(show).collect();
            failures.push(format!(
                "{name}: {}\n    found:\n      {}",
                bad.join("; "),
                all.join("\n      ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn numeral_cases() {
    let cases: Vec<Value> =
        serde_json::from_str(include_str!("data/numerals.json")).expect("numerals.json parses");
    let mut failures = Vec::new();
    for case in &cases {
        let input = case["input"].as_str().expect("case has input");
        let got = if case.get("unit").is_some() {
            parse_quantity(input).map(|q| (q.value, q.unit.to_string(), q.len))
        } else {
            parse_number(input).map(|n| (n.value.to_f64(), String::new(), n.len))
        };
        let ok = match (&case["value"], &got) {
            (Value::Null, None) => true,
            (w, Some((v, unit, len))) if !w.is_null() => {
                let wv = w.as_f64().unwrap_or(f64::NAN);
                *v == wv
                    && case.get("unit").is_none_or(|u| u.as_str() == Some(unit))
                    && case
                        .get("len")
                        .is_none_or(|l| l.as_str().is_some_and(|l| l.len() == *len))
            }
            _ => false,
        };
        if !ok {
            failures.push(format!("{input}: got {got:?}, want {case}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn no_panic_on_odd_text() {
    let ex = TargetExtractor::new();
    let odd = [
        "",
        "到",
        "到2026年",
        "力争1万亿",
        "百分之",
        "3000亿级",
        "亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿级",
        "到9999999999999999999999999年力争达到99999999999999999999999999999999亿元",
        "1,2,3,4,5%-%-6%至至至7%",
        "《到2026年全市经济总量迈上3000亿元台阶》",
        "十四五十五五十六五十七五",
        "零点零零零零零零零零零零零零零零零零零零零零零零一%",
        "\u{0}到2026年\u{FFFD}增长5%左右\r\n",
    ];
    for t in odd {
        let _ = run(&ex, t, Some("2024-03-05"));
        let _ = run(&ex, t, Some("bad"));
    }
    let long = "力争增长5%左右、".repeat(5000);
    let got = run(&ex, &long, None);
    assert_eq!(got.len(), 1, "restated target listed once");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
    /// Any text mixing numerals, units and cue words: no panic, spans on
    /// char boundaries and covering `text`.
    #[test]
    fn no_panic_on_random_text(
        parts in proptest::collection::vec(proptest::sample::select(vec![
            "到", "2026", "年", "力争", "达到", "3000", "亿", "万", "元", "级", "，", "。", "%",
            "１", "．", "5", "以上", "左右", "“", "”", "《", "》", "十四五", "三", "百", "千", "点",
            "多", "余", "成", "-", "至", "比上年", "了", "要", "将达到", "全市", "：", "\n", "a",
            "人", "个", "的", "目标", "零", "〇", "两", ",", ".", "百分之", "今年", "\u{0}",
        ]), 0..40),
        date in proptest::option::of(proptest::sample::select(vec!["2024-01-01", "x", "2030"])),
    ) {
        let text: String = parts.concat();
        let ex = TargetExtractor::new();
        let found = run(&ex, &text, date);
        for t in &found {
            proptest::prop_assert!(t.span.end <= text.len());
            proptest::prop_assert!(t.value.is_finite());
        }
    }
}

/// Prints the targets found in `TIFA_TARGETS_FILE` (see the module docs).
#[test]
#[ignore]
fn print_targets() {
    let Ok(path) = std::env::var("TIFA_TARGETS_FILE") else {
        eprintln!("set TIFA_TARGETS_FILE");
        return;
    };
    let raw = std::fs::read_to_string(&path).expect("readable file");
    let ex = TargetExtractor::new();
    let docs: Vec<(String, Option<String>, String)> = if path.ends_with(".jsonl") {
        raw.lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .map(|v| {
                let body = v["content"]
                    .as_str()
                    .map(str::to_string)
                    .or_else(|| v["content_html"].as_str().map(strip_tags))
                    .unwrap_or_default();
                let date = v["date"]
                    .as_str()
                    .map(normalize_date)
                    .or_else(|| v["year"].as_str().map(|y| format!("{y}-03-05")));
                let title = v["title"].as_str().unwrap_or("").to_string();
                (title, date, body)
            })
            .collect()
    } else {
        vec![(path.clone(), std::env::var("TIFA_TARGETS_DATE").ok(), raw)]
    };
    let (mut n_target, mut n_fact) = (0, 0);
    let (mut bytes, mut spent) = (0usize, std::time::Duration::ZERO);
    for (title, date, body) in &docs {
        let t0 = std::time::Instant::now();
        let found = run(&ex, body, date.as_deref());
        spent += t0.elapsed();
        bytes += body.len();
        if found.is_empty() {
            continue;
        }
        println!("== {title} ({})", date.as_deref().unwrap_or("-"));
        for t in &found {
            match t.kind {
                TargetKind::Target => n_target += 1,
                _ => n_fact += 1,
            }
            println!("  {}", show(t));
        }
    }
    println!("{} docs, {n_target} targets, {n_fact} facts", docs.len());
    let mb = bytes as f64 / 1e6;
    eprintln!(
        "{mb:.1} MB in {spent:?} (segmentation included): {:.1} MB/s",
        mb / spent.as_secs_f64()
    );
}

/// `20120702` → `2012-07-02`; other forms unchanged.
fn normalize_date(d: &str) -> String {
    if d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit()) {
        format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..])
    } else {
        d.to_string()
    }
}

/// Crude HTML to text: tags dropped, block ends become newlines.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut tag = String::new();
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                tag.clear();
            }
            '>' if in_tag => {
                in_tag = false;
                let t = tag.to_ascii_lowercase();
                if t.starts_with("/p") || t.starts_with("br") || t.starts_with("/div") {
                    out.push('\n');
                }
            }
            _ if in_tag => tag.push(c),
            _ => out.push(c),
        }
    }
    out.replace("&nbsp;", " ")
}
