//! Times `OfficialExtractor::officials_and_bylines` alone over a JSONL file of
//! 新闻联播 articles (`content_html`) and dumps its output.
//!
//! ```text
//! cargo run --release --example speed_officials -- /tmp/x10k.jsonl [DUMP.jsonl] [ROUNDS]
//! ```
//!
//! With `WARM=1` in the environment, the documents are timed in batches of
//! 16 that were each just run once, so their text is in cache (as in the
//! pipeline, where the extractors read text the normalizer has just made).

use std::io::{BufRead, BufReader, Write};

use tifa::extract::Context;
use tifa::extract::official::OfficialExtractor;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "/tmp/x10k.jsonl".into());
    let dump = args.next().filter(|d| !d.is_empty());
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    let analyzer = tifa::Analyzer::builder().extract(false).build();
    let f = BufReader::new(std::fs::File::open(&path)?);
    let mut docs = Vec::new();
    for line in f.lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        let html = v["content_html"].as_str().unwrap_or("");
        docs.push(analyzer.analyze(html));
    }
    let bytes: usize = docs.iter().map(|d| d.text().len()).sum();
    let off = OfficialExtractor::new();
    // WARM=1: documents in batches of 16, each batch run once untimed and
    // then timed, so the text is in cache as in the pipeline (where the
    // extractors read the text the normalizer has just written).
    let warm = std::env::var_os("WARM").is_some_and(|v| v == "1");
    let run = |ds: &[tifa::Document]| {
        let mut n = 0usize;
        for d in ds {
            let cx = Context {
                text: d.text(),
                paragraphs: d.paragraphs(),
                sentences: d.sentences(),
                meta: d.meta(),
            };
            let (o, b) = off.officials_and_bylines(&cx);
            n += o.len() + b.len();
        }
        n
    };
    let mut best = f64::MAX;
    // WARM=1: the best wall time of each batch over the rounds, summed
    // (robust on a loaded machine: each batch keeps its quietest round).
    let mut batch_best = vec![u64::MAX; docs.len().div_ceil(16)];
    for _ in 0..rounds {
        let mut n = 0usize;
        let mut ns = 0u64;
        if warm {
            for (k, batch) in docs.chunks(16).enumerate() {
                run(batch);
                let t = cpu_ns();
                let w = std::time::Instant::now();
                n += run(batch);
                // (Wall time, precise: the thread's CPU time is only
                // updated at scheduler ticks.)
                let d = w.elapsed().as_nanos() as u64;
                ns += cpu_ns() - t;
                batch_best[k] = batch_best[k].min(d);
            }
        } else {
            let t = cpu_ns();
            n += run(&docs);
            ns = cpu_ns() - t;
        }
        let s = ns as f64 / 1e9;
        best = best.min(s);
        eprintln!("{n} records, {:.1} MB/s", bytes as f64 / s / 1e6);
    }
    eprintln!(
        "best: {:.1} MB/s over {} docs, {} bytes",
        bytes as f64 / best / 1e6,
        docs.len(),
        bytes
    );
    if warm {
        let s = batch_best.iter().sum::<u64>() as f64 / 1e9;
        eprintln!("batch-best: {:.1} MB/s", bytes as f64 / s / 1e6);
    }
    // The byline scan alone (part of the above).
    let t = cpu_ns();
    let mut n = 0usize;
    for d in &docs {
        let cx = Context {
            text: d.text(),
            paragraphs: d.paragraphs(),
            sentences: d.sentences(),
            meta: d.meta(),
        };
        n += off.byline_extractor().extract(&cx).len();
    }
    let s = (cpu_ns() - t) as f64 / 1e9;
    eprintln!("bylines alone: {n}, {:.1} MB/s", bytes as f64 / s / 1e6);
    if let Some(dump) = dump {
        let mut w = std::io::BufWriter::new(std::fs::File::create(dump)?);
        for d in &docs {
            let cx = Context {
                text: d.text(),
                paragraphs: d.paragraphs(),
                sentences: d.sentences(),
                meta: d.meta(),
            };
            let (o, b) = off.officials_and_bylines(&cx);
            writeln!(w, "{}", serde_json::to_string(&(o, b))?)?;
        }
    }
    Ok(())
}

/// CPU time of this thread in ns (from /proc), falling back to 0.
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|x| x.parse().ok()))
        .unwrap_or(0)
}
