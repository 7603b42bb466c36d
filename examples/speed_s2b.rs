//! Times `OfficialExtractor::officials_and_bylines` or the directive
//! extractor alone over a JSONL archive, for profiling (`MODE=off|dir`).
//!
//! ```text
//! MODE=off cargo run --release --example speed_s2b -- DOCS.jsonl [ROUNDS] [LIMIT]
//! ```

use std::io::{BufRead, BufReader};

use tifa::extract::directive::DirectiveExtractor;
use tifa::extract::official::OfficialExtractor;
use tifa::extract::{Context, Extractor};
use tifa::record::Records;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: speed_s2b DOCS.jsonl [ROUNDS] [LIMIT]")?;
    let rounds: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(5);
    let limit: usize = args
        .next()
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(usize::MAX);
    let mode = std::env::var("MODE").unwrap_or_else(|_| "off".into());
    let an = tifa::Analyzer::builder().extract(false).build();
    let mut docs = Vec::new();
    for line in BufReader::new(std::fs::File::open(&path)?)
        .lines()
        .take(limit)
    {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        let raw = ["content_html", "content", "text"]
            .iter()
            .find_map(|k| v[*k].as_str())
            .unwrap_or("");
        docs.push(an.analyze(raw));
    }
    let bytes: usize = docs.iter().map(|d| d.text().len()).sum();
    let off = OfficialExtractor::new();
    let dir = DirectiveExtractor::new();
    let officials: Vec<Records> = docs
        .iter()
        .map(|d| {
            let mut r = Records::default();
            off.extract(&cx_of(d), &mut r);
            r
        })
        .collect();
    let mut best = f64::MAX;
    for _ in 0..rounds {
        let c0 = cpu_ns();
        let mut n = 0usize;
        for (d, o) in docs.iter().zip(&officials) {
            let cx = cx_of(d);
            if mode == "dir" {
                let mut r = Records {
                    officials: o.officials.clone(),
                    ..Records::default()
                };
                dir.extract(&cx, &mut r);
                n += r.directives.len();
            } else {
                let (o, b) = off.officials_and_bylines(&cx);
                n += o.len() + b.len();
            }
        }
        let s = (cpu_ns() - c0) as f64 / 1e9;
        best = best.min(s);
        eprintln!("{n} records, {:.1} MB/s", bytes as f64 / s / 1e6);
    }
    eprintln!(
        "{mode} best: {:.1} MB/s over {} docs, {} bytes",
        bytes as f64 / best / 1e6,
        docs.len(),
        bytes
    );
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
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|x| x.parse().ok()))
        .unwrap_or(0)
}
