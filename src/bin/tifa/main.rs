//! `tifa`: Chinese policy texts into JSON Lines records.

mod bench;
mod input;

/// mimalloc: workers allocate what the writer frees (records) and free
/// what the reader allocated (lines); glibc's malloc locks the owning arena
/// for every such cross-thread free.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::{self, BufWriter, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use tifa::Analyzer;
use tifa::wire::{Fields, Record, SourceInfo};

use input::{InputOptions, Item, JsonlOptions, Payload};

#[derive(Parser, Debug)]
#[command(
    name = "tifa",
    version,
    about = "Chinese policy texts into structured records (JSON Lines)"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Analyse documents and write one JSON record per document.
    Extract(Box<ExtractArgs>),
    /// Print the normalized text of one document.
    Normalize {
        /// A file, or - for standard input.
        path: String,
    },
    /// Measure throughput on a corpus: MB/s and docs/s at 1 and N threads,
    /// jieba-rs cut on the same text, peak RSS, analyzer build time.
    Bench {
        /// Files, directories or JSON Lines (.gz) to load (held in memory).
        #[arg(required = true)]
        paths: Vec<String>,
        /// Threads for the parallel run (default: all cores).
        #[arg(short, long)]
        threads: Option<usize>,
        /// Load at most this many MB of documents.
        #[arg(long, default_value_t = 64)]
        max_mb: usize,
        /// Best of this many rounds.
        #[arg(long, default_value_t = 1)]
        rounds: usize,
    },
    /// Print words separated by spaces, one sentence per line (jieba's
    /// convention), or JSON with --json.
    Segment {
        /// A file, or - for standard input.
        path: String,
        /// One JSON object per sentence: {"span": [s, e], "words": [[s, e, tag], …]}.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Debug)]
struct ExtractArgs {
    /// Files, directories (recursive), JSON Lines files (.jsonl, .jsonl.gz) or - for stdin.
    #[arg(required = true)]
    paths: Vec<String>,
    /// Write records here instead of stdout (.gz is compressed).
    #[arg(short, long)]
    output: Option<String>,
    /// Worker threads (default: all cores).
    #[arg(short, long)]
    jobs: Option<usize>,
    /// Emit records as they finish instead of in input order. Ordered output
    /// (the default) holds finished records back behind a slow one, so a
    /// window of documents waits in memory; unordered output never waits.
    #[arg(long, conflicts_with = "ordered")]
    unordered: bool,
    /// Keep input order (the default).
    #[arg(long)]
    ordered: bool,
    /// Documents in flight at most (bounds memory, with a cap of 256 MiB of
    /// input in flight; a larger document goes through alone).
    #[arg(long, default_value_t = 256)]
    window: usize,
    /// Fields to write: a comma list (text,officials,…) or fields to drop (-text,-sentences).
    #[arg(long, allow_hyphen_values = true)]
    fields: Option<String>,
    /// JSONL field holding the text (dotted path; default: content_html, content, text, body).
    #[arg(long)]
    text_field: Option<String>,
    /// JSONL field holding the document id (dotted path; default: id or url, else file:line).
    #[arg(long)]
    id_field: Option<String>,
    /// JSONL field holding the title.
    #[arg(long, default_value = "title")]
    title_field: String,
    /// JSONL field holding the date.
    #[arg(long, default_value = "date")]
    date_field: String,
    /// JSONL field holding the author (names with a known surname become bylines).
    #[arg(long, default_value = "author")]
    author_field: String,
    /// Copy the other JSONL fields into the record under `input`.
    #[arg(long)]
    keep_fields: bool,
    /// Read every file as JSON Lines.
    #[arg(long)]
    jsonl: bool,
    /// Only files with these extensions in directories (comma list: txt,html).
    #[arg(long, value_delimiter = ',')]
    ext: Vec<String>,
    /// Only files whose name or relative path matches this glob (*, ?).
    #[arg(long)]
    glob: Option<String>,
    /// Documents larger than this many bytes get an error record instead.
    #[arg(long, default_value_t = 64 << 20)]
    max_doc_bytes: usize,
    /// Add each document's words (jieba-rs with the policy lexicon) as
    /// `words: [[start, end, tag], …]`. Costs about as much as the rest of
    /// the pipeline together.
    #[arg(long)]
    words: bool,
    /// No progress display.
    #[arg(short, long)]
    quiet: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let r = match cli.cmd {
        Cmd::Extract(a) => extract(*a),
        Cmd::Normalize { path } => normalize(&path),
        Cmd::Segment { path, json } => segment(&path, json),
        Cmd::Bench {
            paths,
            threads,
            max_mb,
            rounds,
        } => bench::run(bench::BenchArgs {
            paths,
            threads: threads.unwrap_or_else(default_jobs),
            max_mb,
            rounds,
        })
        .map(|_| ExitCode::SUCCESS),
    };
    match r {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("tifa: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn default_jobs() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

/// The document at `path` (`-`: stdin), at most the analyzer's limit
/// ([`tifa::analyzer::DEFAULT_MAX_BYTES`]) read into memory; `true` when there was
/// more (then said on stderr, and the exit code is 1).
fn read_input(path: &str) -> Result<(Vec<u8>, bool)> {
    let limit = tifa::analyzer::DEFAULT_MAX_BYTES;
    let r: Box<dyn io::Read> = if path == "-" {
        Box::new(io::stdin())
    } else {
        Box::new(std::fs::File::open(path).with_context(|| format!("reading {path}"))?)
    };
    let mut b = Vec::new();
    io::Read::read_to_end(&mut io::Read::take(r, limit as u64 + 1), &mut b)
        .with_context(|| format!("reading {path}"))?;
    let over = b.len() > limit;
    if over {
        b.truncate(limit);
        eprintln!(
            "tifa: {path}: limit: input is over {limit} bytes; only the first {limit} were read"
        );
    }
    Ok((b, over))
}

fn report(path: &str, doc: &tifa::Document, over: bool) -> ExitCode {
    for e in doc.errors() {
        eprintln!("tifa: {path}: {}: {}", e.kind, e.message);
    }
    if doc.is_clean() && !over {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn normalize(path: &str) -> Result<ExitCode> {
    let (bytes, over) = read_input(path)?;
    let doc = Analyzer::builder()
        .extract(false)
        .build()
        .analyze_bytes(&bytes);
    let mut out = io::stdout().lock();
    writeln!(out, "{}", doc.text())?;
    out.flush()?;
    Ok(report(path, &doc, over))
}

fn segment(path: &str, json: bool) -> Result<ExitCode> {
    let analyzer = Analyzer::builder().extract(false).build();
    let (bytes, over) = read_input(path)?;
    let doc = analyzer.analyze_bytes(&bytes);
    let seg = analyzer.word_segmenter();
    let mut out = BufWriter::new(io::stdout().lock());
    for s in doc.sentences() {
        let words = seg.words(doc.text(), *s);
        if json {
            let w: Vec<_> = words
                .iter()
                .map(|w| (w.span.start, w.span.end, w.tag))
                .collect();
            writeln!(out, "{}", serde_json::json!({"span": s, "words": w}))?;
        } else {
            let line: Vec<&str> = words
                .iter()
                .map(|w| doc.slice(w.span))
                .filter(|w| !w.trim().is_empty())
                .collect();
            writeln!(out, "{}", line.join(" "))?;
        }
    }
    out.flush()?;
    Ok(report(path, &doc, over))
}

struct Done {
    line: String,
    bytes: usize,
    error: bool,
}

fn analyse(analyzer: &Analyzer, fields: Fields, words: bool, item: Item) -> Done {
    let item = item.resolve();
    let (doc, bytes) = match item.payload {
        Payload::Bytes(ref b) => (analyzer.analyze_bytes_with(b, &item.hints), b.len()),
        Payload::Text(ref t) => (analyzer.analyze_with(t, &item.hints), t.len()),
        Payload::Failed(ref e, n) => (tifa::Document::unreadable(e.clone(), n), n),
        // `resolve` leaves no record unparsed; were one left, it is an
        // error record, not a panic
        Payload::Json { ref line, .. } => (
            tifa::Document::unreadable(
                tifa::DocError::new("json", "record was not parsed"),
                line.len(),
            ),
            line.len(),
        ),
    };
    let format = match (&item.payload, item.format) {
        (Payload::Failed(..), f) | (_, f @ "jsonl") => f,
        _ => doc.format().name(),
    };
    let src = SourceInfo {
        path: &item.path,
        bytes,
        encoding: doc.encoding(),
        format,
    };
    let mut rec = Record::new(&item.id, src, &doc, fields);
    rec.input = item.extra.as_ref();
    let w = if words {
        analyzer.words(&doc)
    } else {
        Vec::new()
    };
    if words {
        rec = rec.with_words(&w);
    }
    Done {
        line: rec.to_json(),
        bytes,
        error: !doc.is_clean(),
    }
}

fn open_output(path: Option<&str>) -> Result<Box<dyn Write>> {
    Ok(match path {
        None | Some("-") => Box::new(BufWriter::with_capacity(1 << 16, io::stdout())),
        Some(p) => {
            let f = std::fs::File::create(p).with_context(|| format!("creating {p}"))?;
            if p.ends_with(".gz") {
                Box::new(BufWriter::new(flate2::write::GzEncoder::new(
                    f,
                    flate2::Compression::default(),
                )))
            } else {
                Box::new(BufWriter::with_capacity(1 << 16, f))
            }
        }
    })
}

fn extract(a: ExtractArgs) -> Result<ExitCode> {
    let fields = match &a.fields {
        Some(f) => Fields::parse(f).map_err(|e| {
            eprintln!("tifa: --fields: {e}");
            std::process::exit(2)
        })?,
        None => Fields::default(),
    };
    let jobs = a
        .jobs
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        })
        .max(1);
    let t0 = Instant::now();
    let analyzer = Analyzer::builder().max_bytes(a.max_doc_bytes).build();
    let opts = InputOptions {
        jsonl: JsonlOptions {
            fields: tifa::jsonl::JsonlFields {
                text_field: a.text_field.clone(),
                id_field: a.id_field.clone(),
                title_field: a.title_field.clone(),
                date_field: a.date_field.clone(),
                author_field: a.author_field.clone(),
                keep_fields: a.keep_fields,
            },
            force: a.jsonl,
        },
        exts: a.ext.clone(),
        glob: a.glob.clone(),
        max_doc_bytes: a.max_doc_bytes,
    };
    let docs = input::documents(a.paths.clone(), opts);
    let worker = analyzer.clone();
    let words = a.words;
    if words {
        analyzer.word_segmenter(); // build once, before the workers start
    }
    // chunks of documents per worker hand-off, capped by bytes too
    let weight = Item::weight;
    let mut stream = tifa::batch::ordered_map_weighted(docs, jobs, a.window, weight, move |item| {
        analyse(&worker, fields, words, item)
    })
    .ordered(!a.unordered);

    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = Arc::clone(&stop);
        let _ = ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst));
    }
    let progress = (!a.quiet && io::stderr().is_terminal()).then(|| {
        // the total is known when no input is JSON Lines or stdin: count files
        let total = input::count_documents(&a.paths, &a.ext, a.glob.as_deref(), a.jsonl);
        let (pb, template) = match total {
            Some(n) => (
                ProgressBar::new(n as u64),
                "{spinner} {elapsed_precise} [{bar:30}] {pos}/{len} ETA {eta} {msg}",
            ),
            None => (
                ProgressBar::new_spinner(),
                "{spinner} {elapsed_precise} {msg}",
            ),
        };
        pb.set_style(
            ProgressStyle::with_template(template)
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        pb.enable_steady_tick(Duration::from_millis(200));
        pb
    });
    let mut out = open_output(a.output.as_deref())?;
    let (mut docs_n, mut bytes_n, mut errors_n) = (0usize, 0usize, 0usize);
    let mut interrupted = false;
    let mut last_tick = Instant::now();
    while let Some(r) = stream.next() {
        if stop.load(Ordering::Relaxed) && !interrupted {
            // stop reading input; what is in flight is still written
            interrupted = true;
            stream.cancel();
        }
        let done = r.unwrap_or_else(|_| Done {
            line: serde_json::json!({"id": null, "errors": [{"kind": "internal", "message": "analysis panicked"}]}).to_string(),
            bytes: 0,
            error: true,
        });
        docs_n += 1;
        bytes_n += done.bytes;
        errors_n += usize::from(done.error);
        if let Err(e) = out
            .write_all(done.line.as_bytes())
            .and_then(|_| out.write_all(b"\n"))
        {
            if e.kind() == io::ErrorKind::BrokenPipe {
                return Ok(ExitCode::SUCCESS);
            }
            return Err(e).context("writing records");
        }
        if let Some(pb) = &progress
            && last_tick.elapsed() > Duration::from_millis(100)
        {
            last_tick = Instant::now();
            let secs = t0.elapsed().as_secs_f64().max(1e-9);
            pb.set_position(docs_n as u64);
            pb.set_message(format!(
                "{docs_n} docs, {:.1} MB, {:.1} MB/s, {errors_n} with errors",
                bytes_n as f64 / 1e6,
                bytes_n as f64 / 1e6 / secs
            ));
        }
    }
    match out.flush() {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        r => r.context("writing records")?,
    }
    drop(out);
    if let Some(pb) = progress {
        pb.finish_and_clear();
    }
    let secs = t0.elapsed().as_secs_f64();
    eprintln!(
        "tifa: {docs_n} documents ({errors_n} with errors), {:.1} MB in {secs:.1} s ({:.2} MB/s, {:.0} docs/s, {jobs} threads){}",
        bytes_n as f64 / 1e6,
        bytes_n as f64 / 1e6 / secs.max(1e-9),
        docs_n as f64 / secs.max(1e-9),
        if interrupted { "; interrupted" } else { "" }
    );
    Ok(if interrupted {
        ExitCode::from(130)
    } else if errors_n > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
