//! Timing harness for the pre-extraction stages (clean, normalize, segment).
//!
//! `cargo run --release --example speed_base -- /tmp/x10k.jsonl [dump-file] [rounds]`
//! prints MB/s (best of rounds, single thread, thread CPU time) and optionally dumps the
//! normalized text, paragraphs, sentences and their source spans.

use std::io::Write;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).map(String::as_str).unwrap_or("/tmp/x10k.jsonl");
    let dump = args.get(2).filter(|s| s.as_str() != "-");
    let rounds: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(3);
    let docs: Vec<String> = if std::path::Path::new(path).is_dir() {
        let mut v: Vec<_> = std::fs::read_dir(path)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        v.sort();
        v.iter()
            .filter(|p| p.is_file())
            .map(|p| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned())
            .collect()
    } else {
        std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .filter_map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).ok()?;
                Some(v.get("content_html")?.as_str()?.to_string())
            })
            .collect()
    };
    let bytes: usize = docs.iter().map(|d| d.len()).sum();
    let a = tifa::Analyzer::builder().extract(false).build();
    if let Some(dump) = dump {
        let mut out = std::io::BufWriter::new(std::fs::File::create(dump).unwrap());
        for d in &docs {
            let doc = a.analyze(d);
            writeln!(
                out,
                "=== {:?} {:?} {:?}",
                doc.meta(),
                doc.quality(),
                doc.script()
            )
            .unwrap();
            writeln!(out, "{}", doc.text()).unwrap();
            for p in doc.paragraphs() {
                writeln!(out, "P {:?} {:?}", p, doc.to_source(*p)).unwrap();
            }
            for s in doc.sentences() {
                writeln!(out, "S {:?} {:?}", s, doc.to_source(*s)).unwrap();
            }
        }
    }
    // SENTENCES=1: the normalized texts made once, then only paragraphs and
    // sentences timed (the stage is a tenth of the rest: its changes are lost
    // in the whole's noise)
    let texts: Vec<String> = if std::env::var_os("SENTENCES").is_some() {
        docs.iter()
            .map(|d| a.analyze(d).text().to_string())
            .collect()
    } else {
        Vec::new()
    };
    let opts = tifa::segment::SentenceOptions::default();
    let mut best = f64::MAX;
    for _ in 0..rounds {
        if !texts.is_empty() {
            let c0 = cpu_ns();
            let t = Instant::now();
            let mut n = 0usize;
            for _ in 0..4 {
                for x in &texts {
                    let p = tifa::segment::split_paragraphs(x);
                    n += tifa::segment::split_sentences(x, &p, &opts).len();
                }
            }
            let e = match (c0, cpu_ns()) {
                (Some(a), Some(b)) => (b - a) as f64 / 1e9,
                _ => t.elapsed().as_secs_f64(),
            } / 4.0;
            best = best.min(e);
            eprintln!("round {e:.3}s sentences {}", n / 4);
            continue;
        }
        let t = Instant::now();
        let c0 = cpu_ns();
        let mut n = 0usize;
        for d in &docs {
            n += a.analyze(d).sentences().len();
        }
        // CPU time of this thread when the kernel reports it (the machine
        // is shared), wall time otherwise.
        let e = match (c0, cpu_ns()) {
            (Some(a), Some(b)) => (b - a) as f64 / 1e9,
            _ => t.elapsed().as_secs_f64(),
        };
        best = best.min(e);
        eprintln!("round {e:.3}s sentences {n}");
    }
    println!(
        "{} docs {:.1} MB best {:.3}s = {:.1} MB/s",
        docs.len(),
        bytes as f64 / 1e6,
        best,
        bytes as f64 / 1e6 / best
    );
}

/// CPU nanoseconds this thread has run, from /proc/thread-self/schedstat.
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}
