//! Times the slogan, target, directive and meeting extractors alone over a
//! JSON-lines archive (`content_html` or `content` or `text` per line) and
//! optionally dumps their records, to check that speed work keeps output.
//!
//! ```text
//! cargo run --release --example speed_extract -- DOCS.jsonl [ROUNDS] [DUMP.jsonl]
//! ```
//!
//! `ONLY=slogans,targets` times those alone; `WARM=64` times batches of 64
//! documents, each ROUNDS times in a row, and sums the best time of each
//! batch: text in cache, as the pipeline's extractors find it, and robust
//! to other processes on a shared machine.

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
    // WARM=N: batches of N documents, each timed ROUNDS times (see
    // `warm_time`): text in cache, as in the pipeline, where an extractor
    // reads text the normalizer has just written.
    let warm: Option<usize> = std::env::var("WARM").ok().and_then(|w| w.parse().ok());
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
        if let Some(batch) = warm {
            best = warm_time(ex.as_ref(), &docs, &officials, batch, rounds);
        }
        for _ in 0..if warm.is_some() { 0 } else { rounds } {
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

/// The time of `ex` over `docs` in batches of `batch` documents, each
/// batch run `rounds` times in a row (text and tables in cache after the
/// first): the sum over batches of the best wall time, seconds. (Batches
/// are short, so the best of a few runs is one no other process cut into.)
fn warm_time(
    ex: &dyn Extractor,
    docs: &[tifa::Document],
    officials: &[Records],
    batch: usize,
    rounds: usize,
) -> f64 {
    let mut secs = 0.0;
    for (ds, os) in docs
        .chunks(batch.max(1))
        .zip(officials.chunks(batch.max(1)))
    {
        let mut best = f64::MAX;
        for _ in 0..rounds.max(1) {
            let t = Instant::now();
            for (d, o) in ds.iter().zip(os) {
                let mut r = Records {
                    officials: o.officials.clone(),
                    ..Records::default()
                };
                ex.extract(&cx_of(d), &mut r);
                std::hint::black_box(&r);
            }
            best = best.min(t.elapsed().as_secs_f64());
        }
        secs += best;
    }
    secs
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
