//! Throughput of each stage and of the whole pipeline, in bytes of input.
//!
//! Corpus: `TIFA_BENCH_CORPUS=path` (a text file, a directory of files, or
//! JSON Lines, optionally .gz, whose `content_html`/`content`/`text` fields
//! are the documents), capped at `TIFA_BENCH_BYTES` (default 16 MB);
//! default: the bundled seeds in tests/data/seeds.
//!
//! Baselines run in the same process on the same text: jieba-rs `cut`
//! (HMM on), so the ratios hold on a noisy machine.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::LazyLock;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tifa::extract::{Context, Extractors};
use tifa::segment::{self, SentenceOptions};
use tifa::{Analyzer, Meta};

struct Corpus {
    docs: Vec<String>,
    bytes: usize,
}

fn load() -> Corpus {
    let cap: usize = std::env::var("TIFA_BENCH_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(16 << 20);
    let path = std::env::var("TIFA_BENCH_CORPUS")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/seeds").to_string());
    let mut docs: Vec<String> = Vec::new();
    let mut total = 0usize;
    let mut push = |d: String, docs: &mut Vec<String>| {
        if total < cap && !d.is_empty() {
            total += d.len();
            docs.push(d);
        }
        total >= cap
    };
    let p = Path::new(&path);
    if p.is_dir() {
        let mut files: Vec<_> = std::fs::read_dir(p)
            .expect("corpus dir")
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        for f in files {
            push(
                String::from_utf8_lossy(&std::fs::read(f).expect("corpus file")).into_owned(),
                &mut docs,
            );
        }
    } else {
        let raw: Box<dyn Read> = if path.ends_with(".gz") {
            Box::new(flate2::read::MultiGzDecoder::new(
                std::fs::File::open(p).expect("corpus"),
            ))
        } else {
            Box::new(std::fs::File::open(p).expect("corpus"))
        };
        if path.contains(".jsonl") {
            for line in BufReader::new(raw).lines() {
                let Ok(line) = line else { break };
                let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
                    continue;
                };
                let text = ["content_html", "content", "text"]
                    .iter()
                    .find_map(|f| v.get(*f)?.as_str());
                if let Some(t) = text
                    && push(t.to_string(), &mut docs)
                {
                    break;
                }
            }
        } else {
            let mut s = String::new();
            BufReader::new(raw)
                .read_to_string(&mut s)
                .expect("utf-8 corpus");
            push(s, &mut docs);
        }
    }
    let mut bytes: usize = docs.iter().map(String::len).sum();
    // repeat a small corpus so each iteration is long enough to time
    let min = 1 << 20;
    if bytes < min && !docs.is_empty() {
        let base = docs.clone();
        while bytes < min {
            for d in &base {
                bytes += d.len();
                docs.push(d.clone());
            }
        }
    }
    eprintln!(
        "bench corpus: {path}: {} documents, {:.2} MB",
        docs.len(),
        bytes as f64 / 1e6
    );
    Corpus { docs, bytes }
}

static CORPUS: LazyLock<Corpus> = LazyLock::new(load);
static ANALYZER: LazyLock<Analyzer> = LazyLock::new(Analyzer::new);
static NORMALIZED: LazyLock<Vec<String>> = LazyLock::new(|| {
    CORPUS
        .docs
        .iter()
        .map(|d| ANALYZER.normalize(d).0)
        .collect()
});

fn stages(c: &mut Criterion) {
    let corpus = &*CORPUS;
    let analyzer = &*ANALYZER;
    let normalized = &*NORMALIZED;
    let norm_bytes: usize = normalized.iter().map(String::len).sum();
    let mut g = c.benchmark_group("stages");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(corpus.bytes as u64));
    g.bench_function("decode+clean+normalize", |b| {
        b.iter(|| {
            let n: usize = corpus
                .docs
                .iter()
                .map(|d| analyzer.normalize(d).0.len())
                .sum();
            assert!(n > 0);
            n
        })
    });
    g.throughput(Throughput::Bytes(norm_bytes as u64));
    g.bench_function("sentences", |b| {
        b.iter(|| {
            let n: usize = normalized
                .iter()
                .map(|t| {
                    let p = segment::split_paragraphs(t);
                    segment::split_sentences(t, &p, &SentenceOptions::default()).len()
                })
                .sum();
            assert!(n > 0);
            n
        })
    });
    let spans: Vec<_> = normalized.iter().map(|t| segment::spans_of(t)).collect();
    let extractors = Extractors::new();
    let meta = Meta::default();
    g.bench_function("extract(all)", |b| {
        b.iter(|| {
            let mut n = 0;
            for (t, (p, s)) in normalized.iter().zip(&spans) {
                let cx = Context {
                    text: t,
                    paragraphs: p,
                    sentences: s,
                    meta: &meta,
                };
                let r = extractors.extract(&cx);
                n += r.officials.len() + r.directives.len() + r.slogans.len() + r.targets.len();
            }
            n
        })
    });
    g.finish();
}

fn end_to_end(c: &mut Criterion) {
    let corpus = &*CORPUS;
    let analyzer = &*ANALYZER;
    let normalized = &*NORMALIZED;
    let mut g = c.benchmark_group("end_to_end");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(corpus.bytes as u64));
    g.bench_function("analyze", |b| {
        b.iter(|| {
            let n: usize = corpus
                .docs
                .iter()
                .map(|d| analyzer.analyze(d).sentences().len())
                .sum();
            assert!(n > 0);
            n
        })
    });
    // baseline: jieba-rs cut (HMM) over the same documents' normalized text
    let jieba = jieba_rs::Jieba::new();
    let norm_bytes: usize = normalized.iter().map(String::len).sum();
    g.throughput(Throughput::Bytes(norm_bytes as u64));
    g.bench_function("baseline/jieba_cut_hmm", |b| {
        b.iter(|| {
            let n: usize = normalized.iter().map(|t| jieba.cut(t, true).len()).sum();
            assert!(n > 0);
            n
        })
    });
    g.finish();
}

fn build(c: &mut Criterion) {
    let mut g = c.benchmark_group("build");
    g.sample_size(10);
    g.bench_function("Analyzer::new", |b| b.iter(Analyzer::new));
    g.finish();
}

criterion_group!(benches, stages, end_to_end, build);
criterion_main!(benches);
