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

/// One round's ratios: tifa (1 thread) against jieba-rs `cut` (1 thread),
/// tifa on N threads against one, and jieba-rs on N threads against one.
struct Round {
    vs_jieba: f64,
    speedup: f64,
    jieba_speedup: f64,
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

    // tifa on one thread, jieba-rs, tifa on N threads and jieba-rs on N
    // threads take turns, round by round, so that a machine whose speed
    // drifts (a shared VM) slows all four alike; each round's ratios are
    // kept as well as the best times. jieba-rs on N threads is the
    // reference for the speed-up: how far this machine's cores scale a
    // CPU-bound job that shares nothing.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(a.threads)
        .build()?;
    let cut = |t: &String| jieba.cut(t, true).len();
    let (mut t1, mut tj, mut tn, mut tjn) =
        (f64::INFINITY, f64::INFINITY, f64::INFINITY, f64::INFINITY);
    let mut rounds = Vec::with_capacity(a.rounds.max(1));
    let (mut n1, mut nj, mut nn, mut njn) = (0, 0, 0, 0);
    for _ in 0..a.rounds.max(1) {
        let (t, n) = timed(|| docs.iter().map(analyse).sum::<usize>());
        let (u, m) = timed(|| texts.iter().map(cut).sum::<usize>());
        let (v, k) = timed(|| pool.install(|| docs.par_iter().map(analyse).sum::<usize>()));
        let (w, l) = timed(|| pool.install(|| texts.par_iter().map(cut).sum::<usize>()));
        (t1, tj, tn, tjn) = (t1.min(t), tj.min(u), tn.min(v), tjn.min(w));
        (n1, nj, nn, njn) = (n, m, k, l);
        rounds.push(Round {
            vs_jieba: (mb / t) / (norm_mb / u),
            speedup: t / v,
            jieba_speedup: u / w,
        });
    }
    anyhow::ensure!(n1 == nn, "1-thread and {}-thread runs disagree", a.threads);
    anyhow::ensure!(nj > 0, "jieba produced no words");
    anyhow::ensure!(
        nj == njn,
        "jieba-rs on 1 and {} threads disagree",
        a.threads
    );

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
    row(
        &format!("jieba-rs cut (HMM), {} threads", a.threads),
        tjn,
        norm_mb,
    );
    println!();
    println!(
        "speed-up 1 -> {} threads: {:.2}x (jieba-rs on the same cores: {:.2}x)",
        a.threads,
        t1 / tn,
        tj / tjn
    );
    println!(
        "tifa (1 thread) vs jieba-rs cut: {:.2}x (per MB of input vs per MB of normalized text)",
        (mb / t1) / (norm_mb / tj)
    );
    if rounds.len() > 1 {
        let median = |f: fn(&Round) -> f64| {
            let mut v: Vec<f64> = rounds.iter().map(f).collect();
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        let list = |f: fn(&Round) -> f64| {
            let v: Vec<String> = rounds.iter().map(|r| format!("{:.2}x", f(r))).collect();
            v.join(" ")
        };
        println!(
            "round by round (the four runs in turn): vs jieba-rs {} (median {:.2}x); \
             1 -> {} threads {} (median {:.2}x); jieba-rs 1 -> {} threads {} (median {:.2}x)",
            list(|r| r.vs_jieba),
            median(|r| r.vs_jieba),
            a.threads,
            list(|r| r.speedup),
            median(|r| r.speedup),
            a.threads,
            list(|r| r.jieba_speedup),
            median(|r| r.jieba_speedup)
        );
    }
    if let Some(rss) = peak_rss_mb() {
        println!(
            "peak RSS: {rss:.0} MB (corpus held in memory: {mb:.0} MB + normalized copy {norm_mb:.0} MB)"
        );
    }
    Ok(())
}
