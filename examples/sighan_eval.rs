//! Word segmentation quality on SIGHAN 2005 PKU, and segmentation speed.
//!
//! ```text
//! cargo run --release --example sighan_eval -- [TEST GOLD] [--text FILE]
//! ```
//!
//! Segments the PKU test text (default
//! `/work/shared/sighan2005/pku_test.utf8`, gold
//! `pku_test_gold.utf8`: words separated by spaces, CRLF line ends) with
//! plain jieba-rs ([`WordSegmenter::plain`]) and with tifa's segmenter
//! ([`WordSegmenter::new`]: policy lexicon and repair rules), each with the
//! HMM on and off, and prints word precision, recall and F1 over word spans,
//! and MB/s. Exits with status 1 if tifa's default segmenter scores more
//! than 0.5 F1 points below plain jieba with the same HMM setting; exits 0
//! with a note if the files are missing.
//!
//! With `--text FILE` it also times, on that file (one paragraph a line):
//! sentence splitting, tifa's words per paragraph, and jieba-rs `cut` per
//! paragraph.

use std::collections::HashSet;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use tifa::segment::{SentenceOptions, WordSegmenter, split_paragraphs, split_sentences};

const DEFAULT_TEST: &str = "/work/shared/sighan2005/pku_test.utf8";
const DEFAULT_GOLD: &str = "/work/shared/sighan2005/pku_test_gold.utf8";

/// Largest F1 loss (in points) tolerated against plain jieba.
const MAX_F1_LOSS: f64 = 0.5;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut paths = Vec::new();
    let mut text_file = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--text" {
            text_file = it.next().cloned();
        } else {
            paths.push(a.clone());
        }
    }
    let test = paths.first().map_or(DEFAULT_TEST, String::as_str);
    let gold = paths.get(1).map_or(DEFAULT_GOLD, String::as_str);

    let t = Instant::now();
    let ours = WordSegmenter::new();
    let plain = WordSegmenter::plain();
    println!(
        "built both segmenters in {:.0} ms",
        t.elapsed().as_secs_f64() * 1e3
    );

    let mut status = ExitCode::SUCCESS;
    if Path::new(test).exists() && Path::new(gold).exists() {
        if !evaluate(test, gold, &ours, &plain) {
            status = ExitCode::FAILURE;
        }
    } else {
        println!("note: {test} or {gold} missing; SIGHAN evaluation skipped");
    }
    if let Some(f) = text_file {
        match std::fs::read_to_string(&f) {
            Ok(text) => throughput(&f, &text, &ours),
            Err(e) => println!("note: cannot read {f}: {e}; throughput skipped"),
        }
    }
    status
}

/// Scores of one segmenter.
#[derive(Default)]
struct Score {
    gold: usize,
    found: usize,
    correct: usize,
}

impl Score {
    fn p(&self) -> f64 {
        self.correct as f64 / self.found.max(1) as f64
    }
    fn r(&self) -> f64 {
        self.correct as f64 / self.gold.max(1) as f64
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.p(), self.r());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Spans of the non-white-space words, in characters of the text with its
/// white space removed (so the raw and gold files align however they are
/// spaced).
fn char_spans<'a>(words: impl Iterator<Item = &'a str>) -> HashSet<(usize, usize)> {
    let mut out = HashSet::new();
    let mut pos = 0;
    for w in words {
        let n = w.chars().filter(|c| !c.is_whitespace()).count();
        if n > 0 {
            out.insert((pos, pos + n));
            pos += n;
        }
    }
    out
}

/// Runs the comparison; false if ours loses too much against plain.
fn evaluate(test: &str, gold: &str, ours: &WordSegmenter, plain: &WordSegmenter) -> bool {
    let (Ok(test_text), Ok(gold_text)) =
        (std::fs::read_to_string(test), std::fs::read_to_string(gold))
    else {
        println!("note: cannot read {test} or {gold}; SIGHAN evaluation skipped");
        return true;
    };
    let lines: Vec<&str> = test_text.lines().collect();
    let gold_lines: Vec<&str> = gold_text.lines().collect();
    if lines.len() != gold_lines.len() {
        println!(
            "note: {} test lines but {} gold lines; skipped",
            lines.len(),
            gold_lines.len()
        );
        return true;
    }
    let gold_spans: Vec<HashSet<(usize, usize)>> = gold_lines
        .iter()
        .map(|l| char_spans(l.split_whitespace()))
        .collect();

    let configs = [
        ("plain jieba, HMM on", plain.clone().with_hmm(true)),
        ("plain jieba, HMM off", plain.clone().with_hmm(false)),
        ("tifa (lexicon+rules), HMM on", ours.clone().with_hmm(true)),
        (
            "tifa (lexicon+rules), HMM off",
            ours.clone().with_hmm(false),
        ),
    ];
    println!(
        "SIGHAN 2005 PKU test: {} lines, {} bytes",
        lines.len(),
        test_text.len()
    );
    println!(
        "{:<32} {:>7} {:>7} {:>7}  speed",
        "segmenter", "P", "R", "F1"
    );
    let mut scores = Vec::new();
    for (name, seg) in &configs {
        let mut s = Score::default();
        // Warm up (jieba builds some tables on first use).
        lines.iter().take(50).for_each(|l| drop(seg.cut(l)));
        let t = Timer::start();
        let segmented: Vec<Vec<tifa::Span>> = lines.iter().map(|l| seg.cut(l)).collect();
        let rate = t.rate(test_text.len() as f64 / 1e6);
        for ((line, gold), words) in lines.iter().zip(&gold_spans).zip(&segmented) {
            let ours = char_spans(words.iter().map(|sp| sp.get(line).unwrap_or("")));
            s.gold += gold.len();
            s.found += ours.len();
            s.correct += ours.intersection(gold).count();
        }
        println!(
            "{:<32} {:>7.2} {:>7.2} {:>7.2}  {rate}",
            name,
            s.p() * 100.0,
            s.r() * 100.0,
            s.f1() * 100.0,
        );
        scores.push(s);
    }
    let mut ok = true;
    for (p, o) in [(0, 2), (1, 3)] {
        let loss = (scores[p].f1() - scores[o].f1()) * 100.0;
        if loss > MAX_F1_LOSS {
            println!(
                "FAIL: {} is {loss:.2} F1 points below {} (limit {MAX_F1_LOSS})",
                configs[o].0, configs[p].0
            );
            ok = false;
        }
    }
    if ok {
        println!("ok: tifa within {MAX_F1_LOSS} F1 points of plain jieba (or better)");
    }
    ok
}

/// Times sentence splitting and word segmentation on `text`.
fn throughput(name: &str, text: &str, ours: &WordSegmenter) {
    let mb = text.len() as f64 / 1e6;
    println!("throughput on {name} ({mb:.1} MB):");

    let t = Timer::start();
    let paras = split_paragraphs(text);
    let sents = split_sentences(text, &paras, &SentenceOptions::default());
    println!(
        "  paragraphs+sentences:  {} ({} paragraphs, {} sentences)",
        t.rate(mb),
        paras.len(),
        sents.len()
    );

    for hmm in [true, false] {
        let seg = ours.clone().with_hmm(hmm);
        let t = Timer::start();
        let n: usize = paras.iter().map(|p| seg.words(text, *p).len()).sum();
        println!(
            "  tifa words (HMM {:>3}): {} ({n} words)",
            onoff(hmm),
            t.rate(mb)
        );
    }

    let jieba = jieba_rs::Jieba::new();
    for hmm in [true, false] {
        let t = Timer::start();
        let n: usize = paras
            .iter()
            .map(|p| jieba.cut(p.get(text).unwrap_or(""), hmm).len())
            .sum();
        println!(
            "  jieba-rs cut (HMM {:>3}): {} ({n} words)",
            onoff(hmm),
            t.rate(mb)
        );
        let t = Timer::start();
        let n: usize = paras
            .iter()
            .map(|p| jieba.tag(p.get(text).unwrap_or(""), hmm).len())
            .sum();
        println!(
            "  jieba-rs tag (HMM {:>3}): {} ({n} words)",
            onoff(hmm),
            t.rate(mb)
        );
    }
}

/// Seconds this thread has run on a CPU (Linux `schedstat`), if known:
/// steadier than wall time on a shared machine.
fn cpu_secs() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// Wall and CPU time of `f`.
struct Timer {
    wall: Instant,
    cpu: Option<f64>,
}

impl Timer {
    fn start() -> Timer {
        Timer {
            wall: Instant::now(),
            cpu: cpu_secs(),
        }
    }

    /// "X MB/s (CPU Y MB/s)" for `mb` megabytes.
    fn rate(&self, mb: f64) -> String {
        let wall = mb / self.wall.elapsed().as_secs_f64().max(1e-9);
        match (self.cpu, cpu_secs()) {
            (Some(a), Some(b)) if b > a => {
                format!("{wall:>8.2} MB/s (CPU {:>8.2} MB/s)", mb / (b - a))
            }
            _ => format!("{wall:>8.2} MB/s"),
        }
    }
}

fn onoff(b: bool) -> &'static str {
    if b { "on" } else { "off" }
}
