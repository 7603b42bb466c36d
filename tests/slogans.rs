//! Slogans, meetings and cited documents: data-driven cases from
//! `tests/data/slogans.json` and `tests/data/meetings.json`, span and
//! no-panic properties, and an ignored tool test that prints what the
//! extractors find in files named by `TIFA_PRINT` (for checking precision
//! on real text).

use std::sync::LazyLock;

use proptest::prelude::*;
use serde_json::Value;
use tifa::extract::meeting::MeetingExtractor;
use tifa::extract::slogan::SloganExtractor;
use tifa::extract::{Context, Extractor};
use tifa::record::{Meta, Records, SloganKind};

static SLOGANS: LazyLock<SloganExtractor> = LazyLock::new(SloganExtractor::new);
static MEETINGS: LazyLock<MeetingExtractor> = LazyLock::new(MeetingExtractor::new);

fn records(text: &str) -> Records {
    records_with(text, &SLOGANS)
}

fn records_with(text: &str, slogans: &SloganExtractor) -> Records {
    let mut out = Records::default();
    Context::with_text(text, &Meta::default(), |cx| {
        slogans.extract(cx, &mut out);
        MEETINGS.extract(cx, &mut out);
    });
    out
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn kind_texts(r: &Records, kind: SloganKind) -> Vec<String> {
    r.slogans
        .iter()
        .filter(|s| s.kind == kind)
        .map(|s| s.text.clone())
        .collect()
}

#[test]
fn slogan_cases() {
    let cases: Value = serde_json::from_str(include_str!("data/slogans.json")).unwrap();
    let mut failures = Vec::new();
    for case in cases.as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let text = case["text"].as_str().unwrap();
        let r = records(text);
        for (key, kind) in [
            ("quoted", SloganKind::Quoted),
            ("parallel", SloganKind::Parallel),
            ("numeric", SloganKind::Numeric),
        ] {
            if case.get(key).is_none() {
                continue;
            }
            let want = strings(&case[key]);
            let got = kind_texts(&r, kind);
            if got != want {
                failures.push(format!("{name}: {key}: want {want:?}, got {got:?}"));
            }
        }
        if let Some(counts) = case.get("counts").and_then(Value::as_object) {
            for (text, n) in counts {
                let got: usize = r
                    .slogans
                    .iter()
                    .filter(|s| &s.text == text)
                    .map(|s| s.count)
                    .max()
                    .unwrap_or(0);
                if Some(got as u64) != n.as_u64() {
                    failures.push(format!("{name}: count of {text}: want {n}, got {got}"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn meeting_cases() {
    let cases: Value = serde_json::from_str(include_str!("data/meetings.json")).unwrap();
    let mut failures = Vec::new();
    for case in cases.as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let text = case["text"].as_str().unwrap();
        let r = records(text);
        if case.get("meetings").is_some() {
            let want = strings(&case["meetings"]);
            let got: Vec<String> = r.meetings.iter().map(|m| m.name.clone()).collect();
            if got != want {
                failures.push(format!("{name}: meetings: want {want:?}, got {got:?}"));
            }
        }
        if let Some(dates) = case.get("dates").and_then(Value::as_object) {
            for (meeting, date) in dates {
                let got = r
                    .meetings
                    .iter()
                    .find(|m| &m.name == meeting)
                    .and_then(|m| m.date.clone());
                if got.as_deref() != date.as_str() {
                    failures.push(format!(
                        "{name}: date of {meeting}: want {date}, got {got:?}"
                    ));
                }
            }
        }
        if case.get("documents").is_some() {
            let want = strings(&case["documents"]);
            let got: Vec<String> = r.documents.iter().map(|d| d.title.clone()).collect();
            if got != want {
                failures.push(format!("{name}: documents: want {want:?}, got {got:?}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every span is on char boundaries and holds the record's text.
fn check_spans(text: &str, r: &Records) {
    for s in &r.slogans {
        assert_eq!(s.count, s.spans.len());
        for sp in &s.spans {
            let got = sp.get(text).expect("slogan span on char boundaries");
            if s.kind != SloganKind::Parallel || s.count == 1 {
                assert_eq!(got, s.text);
            }
        }
    }
    for m in &r.meetings {
        assert_eq!(m.span.get(text), Some(m.name.as_str()));
    }
    for d in &r.documents {
        assert_eq!(d.span.get(text), Some(d.title.as_str()));
    }
}

#[test]
fn spans_hold_their_text() {
    let cases: Value = serde_json::from_str(include_str!("data/slogans.json")).unwrap();
    let more: Value = serde_json::from_str(include_str!("data/meetings.json")).unwrap();
    for case in cases
        .as_array()
        .unwrap()
        .iter()
        .chain(more.as_array().unwrap())
    {
        let text = case["text"].as_str().unwrap();
        check_spans(text, &records(text));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn never_panics(s in "[一二两三四五六七八九十个大条会议全市委暨、，。“”‘’《》（）()项目为王抓好的在召开1+N]{0,80}") {
        let r = records(&s);
        check_spans(&s, &r);
    }

    #[test]
    fn never_panics_on_numbers(s in "[0-9０-９.+＋一二三四五六七八九十百千万亿个条大项“”、，。]{0,120}") {
        let r = records(&s);
        check_spans(&s, &r);
    }

    #[test]
    fn never_panics_on_any_text(s in "\\PC{0,200}") {
        let r = records(&s);
        check_spans(&s, &r);
    }
}

/// Prints what the extractors find in each file of `TIFA_PRINT` (a file or a
/// directory of `.txt` files; blank-line separated documents inside a file
/// are analysed one by one). With `TIFA_JSONL=path`, also writes one
/// scorer-style record per file.
#[cfg(feature = "serde")]
#[test]
#[ignore]
fn print_for_files() {
    let Ok(path) = std::env::var("TIFA_PRINT") else {
        return;
    };
    let path = std::path::PathBuf::from(path);
    let mut files = Vec::new();
    if path.is_dir() {
        for e in std::fs::read_dir(&path).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "txt") {
                files.push(p);
            }
        }
        files.sort();
    } else {
        files.push(path);
    }
    let split = std::env::var("TIFA_SPLIT").is_ok();
    // TIFA_NO_LEXICON: structural detection only, to measure what the rules find.
    let slogans = if std::env::var("TIFA_NO_LEXICON").is_ok() {
        SloganExtractor::with_lexicon("")
    } else {
        SloganExtractor::new()
    };
    let mut jsonl = String::new();
    for f in files {
        let all = std::fs::read_to_string(&f).unwrap();
        let docs: Vec<&str> = if split {
            all.split("\n\n").collect()
        } else {
            vec![all.as_str()]
        };
        for text in docs {
            let r = records_with(text, &slogans);
            let title = text.lines().next().unwrap_or("");
            println!("=== {} | {}", f.display(), title);
            for s in &r.slogans {
                println!("  {:?}\t{}\t×{}", s.kind, s.text, s.count);
            }
            for m in &r.meetings {
                println!("  Meeting\t{}\t{:?}", m.name, m.date);
            }
            for d in &r.documents {
                println!("  Document\t{}", d.title);
            }
            let id = f.file_name().unwrap().to_string_lossy().to_string();
            let rec = serde_json::json!({
                "id": id, "slogans": r.slogans, "meetings": r.meetings, "documents": r.documents,
            });
            jsonl.push_str(&rec.to_string());
            jsonl.push('\n');
        }
    }
    if let Ok(out) = std::env::var("TIFA_JSONL") {
        std::fs::write(out, jsonl).unwrap();
    }
}

/// Pathological inputs stay linear: each is 60k characters of one pattern.
#[test]
fn pathological_inputs_finish() {
    let patterns = [
        "8797096",
        "1+22222222222+3",
        "９９９９９９９９９９９",
        "会议",
        "“",
        "“a",
        "三个",
        "三",
        "抓项目、",
        "《",
        "《通知",
        "、",
        "十四五",
        "1+",
        "全市召开",
        "亲不逾矩、清不远疏，",
        "“项目为王”",
        "第",
        "暨会议",
        "召开大会",
    ];
    for p in patterns {
        let n = 60_000 / p.chars().count();
        let text = p.repeat(n);
        // CPU time of this thread (a loaded machine must not fail the bound)
        let (r, took) = crate::adversarial::timed(|| records(&text));
        check_spans(&text, &r);
        assert!(took.as_secs() < 20, "{p:?} took {took:?}");
    }
}

/// Prints throughput over the file named by `TIFA_BENCH` (run with --release).
#[test]
#[ignore]
fn throughput() {
    let Ok(path) = std::env::var("TIFA_BENCH") else {
        return;
    };
    let text = std::fs::read_to_string(path).unwrap();
    let (paragraphs, sentences) = tifa::segment::spans_of(&text);
    let meta = Meta::default();
    let cx = Context {
        text: &text,
        paragraphs: &paragraphs,
        sentences: &sentences,
        meta: &meta,
    };
    for (name, ex) in [
        ("slogans", &*SLOGANS as &dyn Extractor),
        ("meetings", &*MEETINGS),
    ] {
        let t = std::time::Instant::now();
        let mut out = Records::default();
        ex.extract(&cx, &mut out);
        let secs = t.elapsed().as_secs_f64();
        println!(
            "{name}: {:.1} MB/s ({} bytes in {secs:.3}s)",
            text.len() as f64 / secs / 1e6,
            text.len()
        );
    }
}
