//! `tifa bench`: throughput of the whole pipeline on a corpus, at one and
//! at N threads, next to jieba-rs `cut` on the same text, with peak RSS and
//! the analyzer's build time.

use std::time::Instant;

use rayon::prelude::*;
use tifa::Analyzer;

use crate::input::{self, InputOptions, JsonlOptions, Payload};

pub struct BenchArgs {
    pub paths: Vec<String>,
    pub threads: usize,
    pub max_mb: usize,
    pub rounds: usize,
}

/// Peak resident set size of this process in MB (Linux), if known.
pub fn peak_rss_mb() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = s
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

/// Seconds `f` took, and what it returned.
fn timed<T>(f: impl FnOnce() -> T) -> (f64, T) {
    let t = Instant::now();
    let r = f();
    (t.elapsed().as_secs_f64(), r)
}

pub fn run(a: BenchArgs) -> anyhow::Result<()> {
    let opts = InputOptions {
        jsonl: JsonlOptions {
            fields: tifa::jsonl::JsonlFields::default(),
            force: false,
        },
        exts: Vec::new(),
        glob: None,
        max_doc_bytes: 64 << 20,
    };
    let cap = a.max_mb << 20;
    let mut docs: Vec<(Vec<u8>, tifa::Hints)> = Vec::new();
    let mut bytes = 0usize;
    for item in input::documents(a.paths.clone(), opts) {
        let item = item.resolve();
        let b = match item.payload {
            Payload::Bytes(b) => b,
            Payload::Text(t) => t.into_bytes(),
            Payload::Failed(..) | Payload::Json { .. } => continue,
        };
        bytes += b.len();
        docs.push((b, item.hints));
        if bytes >= cap {
            break;
        }
    }
    anyhow::ensure!(!docs.is_empty(), "no documents in {:?}", a.paths);
    let mb = bytes as f64 / 1e6;
    println!(
        "corpus: {} documents, {mb:.1} MB (from {})",
        docs.len(),
        a.paths.join(" ")
    );

    let t = Instant::now();
    let analyzer = Analyzer::new();
    let build_ms = t.elapsed().as_secs_f64() * 1e3;
    println!("Analyzer::new: {build_ms:.1} ms");

    let analyse = |(b, h): &(Vec<u8>, tifa::Hints)| {
        let d = analyzer.analyze_bytes_with(b, h);
        d.sentences().len() + d.records().officials.len()
    };

    // baseline on the same text: jieba-rs cut (HMM on), one thread, over the
    // normalized text tifa produces (what a researcher would segment)
    let normalizer = Analyzer::builder().extract(false).build();
    let texts: Vec<String> = docs
        .iter()
        .map(|(b, h)| normalizer.analyze_bytes_with(b, h).text().to_string())
        .collect();
    let norm_mb = texts.iter().map(String::len).sum::<usize>() as f64 / 1e6;
    let jieba = jieba_rs::Jieba::new();

    // tifa on one thread, jieba-rs, tifa on N threads take turns, round by
    // round, so that a machine whose speed drifts (a shared VM) slows all
    // three alike; each round's ratios are kept as well as the best times.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(a.threads)
        .build()?;
    let (mut t1, mut tj, mut tn) = (f64::INFINITY, f64::INFINITY, f64::INFINITY);
    let mut rounds = Vec::with_capacity(a.rounds.max(1));
    let (mut n1, mut nj, mut nn) = (0, 0, 0);
    for _ in 0..a.rounds.max(1) {
        let (t, n) = timed(|| docs.iter().map(analyse).sum::<usize>());
        let (u, m) = timed(|| {
            texts
                .iter()
                .map(|t| jieba.cut(t, true).len())
                .sum::<usize>()
        });
        let (v, k) = timed(|| pool.install(|| docs.par_iter().map(analyse).sum::<usize>()));
        (t1, tj, tn) = (t1.min(t), tj.min(u), tn.min(v));
        (n1, nj, nn) = (n, m, k);
        // (tifa against jieba-rs, N threads against one)
        rounds.push(((mb / t) / (norm_mb / u), t / v));
    }
    anyhow::ensure!(n1 == nn, "1-thread and {}-thread runs disagree", a.threads);
    anyhow::ensure!(nj > 0, "jieba produced no words");

    let row = |name: &str, secs: f64, mb: f64| {
        println!(
            "{name:34} {:8.2} MB/s {:9.0} docs/s {secs:8.3} s",
            mb / secs,
            docs.len() as f64 / secs
        );
    };
    println!();
    row("tifa extract, 1 thread", t1, mb);
    row(&format!("tifa extract, {} threads", a.threads), tn, mb);
    row("jieba-rs cut (HMM), 1 thread", tj, norm_mb);
    println!();
    println!("speed-up 1 -> {} threads: {:.2}x", a.threads, t1 / tn);
    println!(
        "tifa (1 thread) vs jieba-rs cut: {:.2}x (per MB of input vs per MB of normalized text)",
        (mb / t1) / (norm_mb / tj)
    );
    if rounds.len() > 1 {
        let median = |f: fn(&(f64, f64)) -> f64| {
            let mut v: Vec<f64> = rounds.iter().map(f).collect();
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        let list = |f: fn(&(f64, f64)) -> f64| {
            let v: Vec<String> = rounds.iter().map(|r| format!("{:.2}x", f(r))).collect();
            v.join(" ")
        };
        println!(
            "round by round (the three runs in turn): vs jieba-rs {} (median {:.2}x); \
             1 -> {} threads {} (median {:.2}x)",
            list(|r| r.0),
            median(|r| r.0),
            a.threads,
            list(|r| r.1),
            median(|r| r.1)
        );
    }
    if let Some(rss) = peak_rss_mb() {
        println!(
            "peak RSS: {rss:.0} MB (corpus held in memory: {mb:.0} MB + normalized copy {norm_mb:.0} MB)"
        );
    }
    Ok(())
}
