//! Times the slogan, target, directive and meeting extractors alone over a
//! JSON-lines archive (`content_html` or `content` or `text` per line) and
//! optionally dumps their records, to check that speed work keeps output.
//!
//! ```text
//! cargo run --release --example speed_extract -- DOCS.jsonl [ROUNDS] [DUMP.jsonl]
//! ```

use std::io::{BufRead, BufReader, Write};
use std::time::Instant;

use tifa::extract::directive::DirectiveExtractor;
use tifa::extract::meeting::MeetingExtractor;
use tifa::extract::official::OfficialExtractor;
use tifa::extract::slogan::SloganExtractor;
use tifa::extract::target::TargetExtractor;
use tifa::extract::{Context, Extractor};
use tifa::record::Records;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: speed_extract DOCS.jsonl [ROUNDS] [DUMP]")?;
    let rounds: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(3);
    let dump = args.next();
    let only = std::env::var("ONLY").unwrap_or_default();
    let an = tifa::Analyzer::builder().extract(false).build();
    let mut docs = Vec::new();
    for line in BufReader::new(std::fs::File::open(&path)?).lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        let raw = ["content_html", "content", "text"]
            .iter()
            .find_map(|k| v[*k].as_str())
            .unwrap_or("");
        docs.push(an.analyze(raw));
    }
    let bytes: usize = docs.iter().map(|d| d.text().len()).sum();
    let off = OfficialExtractor::new();
    let officials: Vec<Records> = docs
        .iter()
        .map(|d| {
            let cx = cx_of(d);
            let mut r = Records::default();
            off.extract(&cx, &mut r);
            r
        })
        .collect();
    let stages: Vec<(&str, Box<dyn Extractor>)> = vec![
        ("slogans", Box::new(SloganExtractor::new())),
        ("targets", Box::new(TargetExtractor::new())),
        ("directives", Box::new(DirectiveExtractor::new())),
        ("meetings", Box::new(MeetingExtractor::new())),
    ];
    eprintln!(
        "{} docs, {:.1} MB normalized",
        docs.len(),
        bytes as f64 / 1e6
    );
    for (name, ex) in &stages {
        if !only.is_empty() && !only.split(',').any(|o| o == *name) {
            continue;
        }
        let mut best = f64::MAX;
        for _ in 0..rounds {
            let t = Instant::now();
            let c0 = cpu_ns();
            for (d, o) in docs.iter().zip(&officials) {
                let mut r = Records {
                    officials: o.officials.clone(),
                    ..Records::default()
                };
                ex.extract(&cx_of(d), &mut r);
                std::hint::black_box(&r);
            }
            // CPU time of this thread when the kernel reports it (the machine
            // is shared), wall time otherwise.
            let secs = match (c0, cpu_ns()) {
                (Some(a), Some(b)) => (b - a) as f64 / 1e9,
                _ => t.elapsed().as_secs_f64(),
            };
            best = best.min(secs);
        }
        eprintln!(
            "{name:>10}: {:7.1} MB/s ({best:.3} s)",
            bytes as f64 / 1e6 / best
        );
    }
    if let Some(dump) = dump {
        let mut w = std::io::BufWriter::new(std::fs::File::create(dump)?);
        for (d, o) in docs.iter().zip(&officials) {
            let mut r = Records {
                officials: o.officials.clone(),
                ..Records::default()
            };
            for (_, ex) in &stages {
                ex.extract(&cx_of(d), &mut r);
            }
            r.officials.clear();
            writeln!(w, "{}", serde_json::to_string(&r)?)?;
        }
    }
    Ok(())
}

fn cx_of(d: &tifa::Document) -> Context<'_> {
    Context {
        text: d.text(),
        paragraphs: d.paragraphs(),
        sentences: d.sentences(),
        meta: d.meta(),
    }
}

/// CPU nanoseconds this thread has run, from /proc/thread-self/schedstat.
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}
