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
use tifa::extract::{Context, Extractor, Extractors};
use tifa::segment::{self, SentenceOptions};
use tifa::{Analyzer, Meta, Records};

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
/// The bundled seeds, most in traditional script, for the T->S stage.
static TRADITIONAL: LazyLock<String> = LazyLock::new(|| {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/seeds");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("seeds")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| std::fs::read_to_string(f).expect("seed"))
        .collect::<Vec<_>>()
        .join("\n")
        .repeat(20)
});
static NORMALIZED: LazyLock<Vec<String>> = LazyLock::new(|| {
    CORPUS
        .docs
        .iter()
        .map(|d| ANALYZER.normalize(d).0)
        .collect()
});

fn stages(c: &mut Criterion) {
    let corpus = &*CORPUS;
    // the stages before extraction: an analyzer with the extractors off
    let analyzer = Analyzer::builder().extract(false).build();
    let normalized = &*NORMALIZED;
    let norm_bytes: usize = normalized.iter().map(String::len).sum();
    let mut g = c.benchmark_group("stages");
    g.sample_size(10);
    g.measurement_time(std::time::Duration::from_secs(3));
    g.throughput(Throughput::Bytes(corpus.bytes as u64));
    g.bench_function("decode+clean+normalize+sentences", |b| {
        b.iter(|| {
            let n: usize = corpus
                .docs
                .iter()
                .map(|d| analyzer.analyze_bytes(d.as_bytes()).text().len())
                .sum();
            assert!(n > 0);
            n
        })
    });
    // T->S alone over the (mostly simplified) corpus and over traditional text
    let t2s = tifa::normalize::t2s::T2s::new();
    g.bench_function("t2s(corpus)", |b| {
        b.iter(|| corpus.docs.iter().filter_map(|d| t2s.convert(d)).count())
    });
    g.throughput(Throughput::Bytes(TRADITIONAL.len() as u64));
    g.bench_function("t2s(traditional seeds)", |b| {
        b.iter(|| {
            let n = t2s.convert(&TRADITIONAL).map_or(0, |m| m.len());
            assert!(n > 0);
            n
        })
    });
    #[cfg(feature = "opencc")]
    {
        let occ = tifa::normalize::opencc_backend::OpenccT2s::new().expect("system OpenCC");
        g.bench_function("baseline/opencc-rust t2s(traditional seeds)", |b| {
            b.iter(|| occ.convert(&TRADITIONAL).len())
        });
    }
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
    let words = tifa::segment::WordSegmenter::new();
    g.bench_function("words(policy lexicon)", |b| {
        b.iter(|| {
            let n: usize = normalized.iter().map(|t| words.cut(t).len()).sum();
            assert!(n > 0);
            n
        })
    });
    g.finish();

    let spans: Vec<_> = normalized.iter().map(|t| segment::spans_of(t)).collect();
    let meta = Meta::default();
    let mut g = c.benchmark_group("extract");
    g.sample_size(10);
    g.measurement_time(std::time::Duration::from_secs(3));
    g.throughput(Throughput::Bytes(norm_bytes as u64));
    let each: Vec<(&str, Box<dyn Extractor>)> = vec![
        (
            "officials+bylines",
            Box::new(tifa::extract::official::OfficialExtractor::new()),
        ),
        (
            "directives",
            Box::new(tifa::extract::directive::DirectiveExtractor::new()),
        ),
        (
            "slogans",
            Box::new(tifa::extract::slogan::SloganExtractor::new()),
        ),
        (
            "targets",
            Box::new(tifa::extract::target::TargetExtractor::new()),
        ),
        (
            "meetings+documents",
            Box::new(tifa::extract::meeting::MeetingExtractor::new()),
        ),
    ];
    for (name, ex) in &each {
        g.bench_function(*name, |b| {
            b.iter(|| {
                let mut n = 0;
                for (t, (p, s)) in normalized.iter().zip(&spans) {
                    let cx = Context {
                        text: t,
                        paragraphs: p,
                        sentences: s,
                        meta: &meta,
                    };
                    let mut out = Records::default();
                    ex.extract(&cx, &mut out);
                    n += out.officials.len()
                        + out.directives.len()
                        + out.slogans.len()
                        + out.targets.len()
                        + out.meetings.len();
                }
                n
            })
        });
    }
    let extractors = Extractors::new();
    g.bench_function("all", |b| {
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
    g.measurement_time(std::time::Duration::from_secs(5));
    g.throughput(Throughput::Bytes(corpus.bytes as u64));
    g.bench_function("analyze (all extractors, no words)", |b| {
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
    // baselines over the same documents' normalized text
    let jieba = jieba_rs::Jieba::new();
    let norm_bytes: usize = normalized.iter().map(String::len).sum();
    g.throughput(Throughput::Bytes(norm_bytes as u64));
    g.bench_function("baseline/jieba-rs cut (HMM)", |b| {
        b.iter(|| {
            let n: usize = normalized.iter().map(|t| jieba.cut(t, true).len()).sum();
            assert!(n > 0);
            n
        })
    });
    #[cfg(feature = "opencc")]
    {
        let occ = tifa::normalize::opencc_backend::OpenccT2s::new().expect("system OpenCC");
        g.throughput(Throughput::Bytes(corpus.bytes as u64));
        g.bench_function("baseline/opencc-rust t2s + jieba-rs cut", |b| {
            b.iter(|| {
                let n: usize = corpus
                    .docs
                    .iter()
                    .map(|d| jieba.cut(&occ.convert(d), true).len())
                    .sum();
                assert!(n > 0);
                n
            })
        });
    }
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
