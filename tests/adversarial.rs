//! Adversarial inputs, generated at test time: each must give a
//! [`Document`](tifa::Document) that keeps every invariant, report an
//! error where one is due, take time linear in its size and memory a small
//! multiple of it.
//!
//! Sizes are scaled for a debug build on two shared cores (each case well
//! under two seconds): a 5 MB single line here; the 50 MB line is left to
//! the benchmark and evaluation runs in release.
//!
//! - **Time**: each case runs at size `n` and `4n`; the larger must take at
//!   most [`MAX_RATIO`] times as long (linear work takes 4×, a quadratic
//!   path 16×), and at most [`MAX_SECS`] seconds. Time is the thread's CPU
//!   time (`/proc/thread-self/schedstat`), so other tests running on the
//!   same cores do not disturb it; wall time where that file is missing.
//! - **Memory**: [`memory_is_a_small_multiple_of_input`] runs each case in a
//!   child process and reads its peak resident memory (`VmHWM`, reset
//!   through `/proc/self/clear_refs` before the analysis): growth must stay
//!   within [`MEM_FACTOR`] × input + [`MEM_SLACK_MB`] MB.

use std::time::{Duration, Instant};

use tifa::{Analyzer, Document};

use crate::invariants::{analyzer, check_document};
use crate::properties::GBK_SENTENCE;

/// Largest allowed ratio of the time at `4n` to the time at `n`.
pub const MAX_RATIO: f64 = 10.0;
/// Largest allowed time for one analysis, in a debug build.
pub const MAX_SECS: f64 = 10.0;
/// Peak memory growth allowed per input byte. Measured (debug build, stub
/// extractors): 1–3× for prose and markup, up to 22× for a run of ASCII
/// punctuation widened to full width (text triples, maps coarsen) and 18×
/// for a text of one-character lines (per-line bookkeeping).
pub const MEM_FACTOR: usize = 40;
/// Peak memory growth allowed on top, in MB (lazily grown regex caches and
/// allocator slack; under 1 MB measured).
pub const MEM_SLACK_MB: usize = 8;

// ---------------------------------------------------------------------------
// Input generators: `n` is the approximate size in bytes.

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| (self.next() >> 32) as u8).collect()
    }
}

const PARA: &str =
    "市委书记强调，要坚持“项目为王”，推动经济高质量发展。到2025年，全市GDP达到3000亿元以上。";

/// `s` repeated to at least `n` bytes.
fn repeat_to(s: &str, n: usize) -> String {
    s.repeat(n / s.len().max(1) + 1)
}

/// Chinese numeral for 1..=9999 (一, 十二, 一百零五, 三千零一十).
pub fn chinese_numeral(mut n: u32) -> String {
    const D: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    const U: [&str; 4] = ["千", "百", "十", ""];
    if n == 0 {
        return "零".into();
    }
    if (10..20).contains(&n) {
        return format!(
            "十{}",
            if n > 10 {
                D[(n - 10) as usize].to_string()
            } else {
                String::new()
            }
        );
    }
    let mut out = String::new();
    let mut zero = false;
    for (i, p) in [1000, 100, 10, 1].iter().enumerate() {
        let d = n / p;
        n %= p;
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        out.push(D[d as usize]);
        out.push_str(U[i]);
    }
    out
}

fn truncated_utf8(n: usize) -> Vec<u8> {
    let mut b = repeat_to(&(PARA.to_string() + "\n"), n).into_bytes();
    // cut in the middle of a three-byte character
    let cut = (1..b.len()).rev().find(|&i| b[i] >= 0xC0).unwrap_or(1) + 1;
    b.truncate(cut);
    b
}

fn truncated_gbk(n: usize) -> Vec<u8> {
    let mut b = Vec::new();
    while b.len() < n {
        b.extend_from_slice(GBK_SENTENCE);
        b.push(b'\n');
    }
    b.extend_from_slice(&GBK_SENTENCE[..5]); // two characters and half a third
    b
}

fn png_renamed_html(n: usize) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    b.extend(Rng(7).bytes(n));
    b
}

fn random_bytes(n: usize) -> Vec<u8> {
    Rng(42).bytes(n)
}

fn random_high_bytes(n: usize) -> Vec<u8> {
    // no control bytes: gets past the binary check into the decoders
    Rng(9).bytes(n).into_iter().map(|b| b | 0x80).collect()
}

fn nuls(n: usize) -> Vec<u8> {
    vec![0; n]
}

fn long_line(n: usize) -> Vec<u8> {
    repeat_to(PARA, n).into_bytes()
}

fn long_line_no_punct(n: usize) -> Vec<u8> {
    repeat_to("市委书记强调要坚持项目为王推动经济高质量发展", n).into_bytes()
}

fn deep_nesting(n: usize) -> Vec<u8> {
    let depth = n / 11;
    let mut s = "<html><body>".to_string();
    s.push_str(&"<div>".repeat(depth));
    s.push_str(PARA);
    s.push_str(&"</div>".repeat(depth));
    s.into_bytes()
}

fn unclosed_tags(n: usize) -> Vec<u8> {
    repeat_to("<div><p><span><b>文字", n).into_bytes()
}

fn broken_markup(n: usize) -> Vec<u8> {
    repeat_to(
        "<div class=\"a <p>&amp&#xFFFFFF;&#99999999;<!--<script><<<>>></",
        n,
    )
    .into_bytes()
}

fn mixed_encodings(n: usize) -> Vec<u8> {
    let mut b = repeat_to(&(PARA.to_string() + "\n"), n / 2).into_bytes();
    while b.len() < n {
        b.extend_from_slice(GBK_SENTENCE);
        b.push(b'\n');
    }
    b
}

fn open_quotes(n: usize) -> Vec<u8> {
    ("开始".to_string() + &"“".repeat(n / 3) + "结束。").into_bytes()
}

fn alternating_brackets(n: usize) -> Vec<u8> {
    repeat_to("（）（（文）", n).into_bytes()
}

fn open_titles(n: usize) -> Vec<u8> {
    ("见".to_string() + &"《".repeat(n / 3) + "意见》。").into_bytes()
}

fn numbered_items(n: usize) -> Vec<u8> {
    let mut s = String::new();
    let mut i = 1;
    while s.len() < n {
        s.push_str(&format!("{}要加强项目建设，", chinese_numeral(i)));
        s.push_str(&format!("（{}）抓好落实。", chinese_numeral(i)));
        if i % 50 == 0 {
            s.push('\n');
        }
        i = i % 9999 + 1;
    }
    s.into_bytes()
}

fn numeral_line(n: usize) -> Vec<u8> {
    repeat_to("一二三四五六七八九十", n).into_bytes()
}

fn numbers_and_units(n: usize) -> Vec<u8> {
    repeat_to(
        "1.5万亿元2000亿3%以上十四五百分之五十9999999999999999999999亿元",
        n,
    )
    .into_bytes()
}

fn pinyin_junk(n: usize) -> Vec<u8> {
    ("的".to_string() + &"(ā)".repeat(n / 4)).into_bytes()
}

fn pinyin_unclosed(n: usize) -> Vec<u8> {
    repeat_to("领(lǐnglǐnglǐng", n).into_bytes()
}

fn whitespace_runs(n: usize) -> Vec<u8> {
    let mut s = "开始".to_string();
    s.push_str(&" ".repeat(n / 4));
    s.push_str(&"\u{3000}".repeat(n / 12));
    s.push_str(&"\n".repeat(n / 4));
    s.push_str(&"\r\n \t".repeat(n / 16));
    s.push_str("结束。");
    s.into_bytes()
}

fn zero_width_runs(n: usize) -> Vec<u8> {
    repeat_to("\u{200B}\u{FEFF}\u{200D}项", n).into_bytes()
}

fn only_punctuation(n: usize) -> Vec<u8> {
    repeat_to("。，、；：？！“”（）《》…—,.;:?!()\"", n).into_bytes()
}

fn ascii_punct_run(n: usize) -> Vec<u8> {
    (",".repeat(n) + "市").into_bytes()
}

fn ascii_punct_alternating(n: usize) -> Vec<u8> {
    repeat_to("市,", n).into_bytes()
}

fn fullwidth_letters(n: usize) -> Vec<u8> {
    repeat_to("ＧＤＰ１２３％", n).into_bytes()
}

fn many_short_lines(n: usize) -> Vec<u8> {
    repeat_to("项\n", n).into_bytes()
}

fn repeated_boilerplate(n: usize) -> Vec<u8> {
    repeat_to(
        "首页 新闻 国内\n相关新闻\n来源：焦作日报 2022-05-13\n版权所有\n（未完，全文共2444字）\n",
        n,
    )
    .into_bytes()
}

/// One adversarial input.
pub struct Case {
    /// Name, as in the test.
    pub name: &'static str,
    /// Makes the input of about `n` bytes.
    pub make: fn(usize) -> Vec<u8>,
    /// The smaller of the two sizes it is run at (the larger is 4×).
    pub n: usize,
    /// An error kind the document must report, if any.
    pub error: Option<&'static str>,
}

/// Every case.
pub const CASES: &[Case] = &[
    Case {
        name: "truncated_utf8",
        make: truncated_utf8,
        n: 100_000,
        error: Some("decode"),
    },
    Case {
        name: "truncated_gbk",
        make: truncated_gbk,
        n: 100_000,
        error: None,
    },
    Case {
        name: "png_renamed_html",
        make: png_renamed_html,
        n: 100_000,
        error: Some("binary"),
    },
    Case {
        name: "random_bytes",
        make: random_bytes,
        n: 100_000,
        error: Some("binary"),
    },
    Case {
        name: "random_high_bytes",
        make: random_high_bytes,
        n: 100_000,
        error: None,
    },
    Case {
        name: "nuls",
        make: nuls,
        n: 100_000,
        error: Some("binary"),
    },
    Case {
        name: "long_line",
        make: long_line,
        n: 1_250_000,
        error: None,
    },
    Case {
        name: "long_line_no_punct",
        make: long_line_no_punct,
        n: 500_000,
        error: None,
    },
    Case {
        name: "deep_nesting",
        make: deep_nesting,
        n: 110_000,
        error: None,
    },
    Case {
        name: "unclosed_tags",
        make: unclosed_tags,
        n: 100_000,
        error: None,
    },
    Case {
        name: "broken_markup",
        make: broken_markup,
        n: 100_000,
        error: None,
    },
    Case {
        name: "mixed_encodings",
        make: mixed_encodings,
        n: 100_000,
        error: Some("decode"),
    },
    Case {
        name: "open_quotes",
        make: open_quotes,
        n: 150_000,
        error: None,
    },
    Case {
        name: "alternating_brackets",
        make: alternating_brackets,
        n: 100_000,
        error: None,
    },
    Case {
        name: "open_titles",
        make: open_titles,
        n: 150_000,
        error: None,
    },
    Case {
        name: "numbered_items",
        make: numbered_items,
        n: 120_000,
        error: None,
    },
    Case {
        name: "numeral_line",
        make: numeral_line,
        n: 250_000,
        error: None,
    },
    Case {
        name: "numbers_and_units",
        make: numbers_and_units,
        n: 100_000,
        error: None,
    },
    Case {
        name: "pinyin_junk",
        make: pinyin_junk,
        n: 100_000,
        error: None,
    },
    Case {
        name: "pinyin_unclosed",
        make: pinyin_unclosed,
        n: 100_000,
        error: None,
    },
    Case {
        name: "whitespace_runs",
        make: whitespace_runs,
        n: 200_000,
        error: None,
    },
    Case {
        name: "zero_width_runs",
        make: zero_width_runs,
        n: 100_000,
        error: None,
    },
    Case {
        name: "only_punctuation",
        make: only_punctuation,
        n: 100_000,
        error: None,
    },
    Case {
        name: "ascii_punct_run",
        make: ascii_punct_run,
        n: 100_000,
        error: None,
    },
    Case {
        name: "ascii_punct_alternating",
        make: ascii_punct_alternating,
        n: 100_000,
        error: None,
    },
    Case {
        name: "fullwidth_letters",
        make: fullwidth_letters,
        n: 100_000,
        error: None,
    },
    Case {
        name: "many_short_lines",
        make: many_short_lines,
        n: 100_000,
        error: None,
    },
    Case {
        name: "repeated_boilerplate",
        make: repeated_boilerplate,
        n: 100_000,
        error: None,
    },
];

fn case(name: &str) -> &'static Case {
    CASES.iter().find(|c| c.name == name).expect("case exists")
}

// ---------------------------------------------------------------------------
// Measuring

/// CPU time of the calling thread, from `/proc/thread-self/schedstat`
/// (nanoseconds on the CPU); `None` where that file is missing.
fn thread_cpu() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// Time `f` takes: CPU time of this thread where known, else wall time
/// (so a loaded machine does not fail a time bound; the other modules'
/// time checks use it too).
pub(crate) fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let (c0, w0) = (thread_cpu(), Instant::now());
    let r = f();
    let t = match (c0, thread_cpu()) {
        (Some(a), Some(b)) => b.saturating_sub(a),
        _ => w0.elapsed(),
    };
    (r, t)
}

/// Analyses the input as bytes, checks the document, returns it with the
/// time taken.
fn run_bytes(a: &Analyzer, input: &[u8]) -> (Document, Duration) {
    let (doc, t) = timed(|| a.analyze_bytes(input));
    check_document(&doc);
    (doc, t)
}

/// Runs `case` at `n` and `4n`: invariants, expected error, time bound,
/// growth of time with size.
fn check_case(c: &Case) {
    let a = analyzer();
    let small = (c.make)(c.n);
    let large = (c.make)(4 * c.n);
    // the cheaper of two runs of the small input, to smooth out a cold cache
    let (_, t1a) = run_bytes(a, &small);
    let (doc_s, t1b) = run_bytes(a, &small);
    let t1 = t1a.min(t1b);
    let (doc, t4) = run_bytes(a, &large);
    assert_eq!(doc_s.source_bytes(), small.len());
    assert_eq!(doc.source_bytes(), large.len());
    for d in [&doc_s, &doc] {
        if let Some(kind) = c.error {
            assert!(
                d.errors().iter().any(|e| e.kind == kind),
                "{}: expected an error of kind {kind}, got {:?}",
                c.name,
                d.errors()
            );
        }
    }
    assert!(
        t4.as_secs_f64() <= MAX_SECS,
        "{}: {} bytes took {t4:?} (bound {MAX_SECS} s)",
        c.name,
        large.len()
    );
    // below a few ms the ratio is noise: compare against a floor
    let floor = Duration::from_millis(5);
    let ratio = t4.as_secs_f64() / t1.max(floor).as_secs_f64();
    assert!(
        ratio <= MAX_RATIO,
        "{}: 4x input took {ratio:.1}x time ({t1:?} for {} bytes, {t4:?} for {}): a superlinear path",
        c.name,
        small.len(),
        large.len()
    );
    if std::env::var_os("TIFA_ADVERSARIAL_VERBOSE").is_some() {
        eprintln!(
            "{:<22} {:>9} B {:>9.1?}  {:>9} B {:>9.1?}  x{ratio:.1}  errors {:?}",
            c.name,
            small.len(),
            t1,
            large.len(),
            t4,
            doc.errors()
                .iter()
                .map(|e| e.kind.as_str())
                .collect::<Vec<_>>()
        );
    }
}

// ---------------------------------------------------------------------------
// Memory, measured in child processes

/// Reads a `/proc/self/status` field in kB.
fn status_kb(field: &str) -> Option<usize> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Child side of [`memory_is_a_small_multiple_of_input`]: analyses case
/// `TIFA_MEMORY_CASE` at its larger size and prints
/// `TIFA_MEMORY <case> <input bytes> <peak growth kB> <reset>`.
#[test]
#[ignore = "run by memory_is_a_small_multiple_of_input in a child process"]
fn memory_child() {
    let Ok(name) = std::env::var("TIFA_MEMORY_CASE") else {
        return;
    };
    let c = case(&name);
    let input = (c.make)(4 * c.n);
    let a = Analyzer::new();
    drop(a.analyze(PARA)); // everything lazy is built
    // reset the peak to the current resident size (Linux 4.0+)
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let base = if reset {
        status_kb("VmRSS:")
    } else {
        status_kb("VmHWM:")
    }
    .unwrap_or(0);
    let doc = a.analyze_bytes(&input);
    let peak = status_kb("VmHWM:").unwrap_or(0);
    println!(
        "\nTIFA_MEMORY {name} {} {} {reset}",
        input.len(),
        peak.saturating_sub(base)
    );
    drop(doc);
}

/// Peak memory growth of each case (at its larger size) stays within
/// [`MEM_FACTOR`] × input + [`MEM_SLACK_MB`] MB. Each case runs in its own
/// child process (two at a time), so one case's freed memory cannot hide
/// another's.
#[test]
fn memory_is_a_small_multiple_of_input() {
    if status_kb("VmHWM:").is_none() {
        eprintln!("memory_is_a_small_multiple_of_input: no /proc/self/status; skipped");
        return;
    }
    let exe = std::env::current_exe().expect("test binary path");
    let spawn = |name: &str| {
        std::process::Command::new(&exe)
            .args([
                "--ignored",
                "--exact",
                "adversarial::memory_child",
                "--nocapture",
            ])
            .args(["--test-threads", "1"])
            .env("TIFA_MEMORY_CASE", name)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn the test binary")
    };
    let mut report = Vec::new();
    for pair in CASES.chunks(2) {
        let children: Vec<_> = pair.iter().map(|c| (c, spawn(c.name))).collect();
        for (c, child) in children {
            let out = child.wait_with_output().expect("child output");
            let stdout = String::from_utf8_lossy(&out.stdout);
            let line = stdout
                .lines()
                .find(|l| l.starts_with("TIFA_MEMORY "))
                .unwrap_or_else(|| {
                    panic!(
                        "{}: child printed no measurement (status {}):\n{stdout}\n{}",
                        c.name,
                        out.status,
                        String::from_utf8_lossy(&out.stderr)
                    )
                });
            let f: Vec<&str> = line.split_whitespace().collect();
            let input: usize = f[2].parse().expect("input bytes");
            let growth_kb: usize = f[3].parse().expect("growth");
            let bound_kb = (MEM_FACTOR * input) / 1024 + MEM_SLACK_MB * 1024;
            report.push(format!(
                "{:<22} {:>9} B input, peak +{:>7} kB ({:.1}x)",
                c.name,
                input,
                growth_kb,
                growth_kb as f64 * 1024.0 / input as f64
            ));
            assert!(
                growth_kb <= bound_kb,
                "{}: peak memory grew by {growth_kb} kB for {input} bytes of input \
                 (bound {MEM_FACTOR}x + {MEM_SLACK_MB} MB = {bound_kb} kB)",
                c.name
            );
        }
    }
    if std::env::var_os("TIFA_ADVERSARIAL_VERBOSE").is_some() {
        eprintln!("{}", report.join("\n"));
    }
}

/// One test per case, in `adversarial::cases::<name>`.
macro_rules! cases {
    ($($name:ident),* $(,)?) => {
        mod cases {
            $(
                #[test]
                fn $name() {
                    super::check_case(super::case(stringify!($name)));
                }
            )*

            /// Every case has its test.
            #[test]
            fn every_case_has_a_test() {
                let tested = [$(stringify!($name)),*];
                for c in super::CASES {
                    assert!(tested.contains(&c.name), "case {} has no test", c.name);
                }
            }
        }
    };
}

cases!(
    truncated_utf8,
    truncated_gbk,
    png_renamed_html,
    random_bytes,
    random_high_bytes,
    nuls,
    long_line,
    long_line_no_punct,
    deep_nesting,
    unclosed_tags,
    broken_markup,
    mixed_encodings,
    open_quotes,
    alternating_brackets,
    open_titles,
    numbered_items,
    numeral_line,
    numbers_and_units,
    pinyin_junk,
    pinyin_unclosed,
    whitespace_runs,
    zero_width_runs,
    only_punctuation,
    ascii_punct_run,
    ascii_punct_alternating,
    fullwidth_letters,
    many_short_lines,
    repeated_boilerplate,
);

// ---------------------------------------------------------------------------
// The command-line tool on hostile files

#[cfg(feature = "cli")]
mod cli {
    use std::io::{BufRead, BufReader, Write};
    use std::path::Path;
    use std::process::{Command, Stdio};

    use super::*;

    fn tifa() -> Command {
        Command::new(env!("CARGO_BIN_EXE_tifa"))
    }

    fn write(dir: &Path, name: &str, bytes: &[u8]) {
        let p = dir.join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(p, bytes).expect("write");
    }

    /// The records a run printed, each parsed.
    fn records(stdout: &[u8]) -> Vec<serde_json::Value> {
        String::from_utf8_lossy(stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad record {e}: {l}")))
            .collect()
    }

    fn has_error(r: &serde_json::Value, kind: &str) -> bool {
        r["errors"]
            .as_array()
            .is_some_and(|es| es.iter().any(|e| e["kind"] == kind))
    }

    /// A directory of hostile files gives one record per document (every
    /// file, every non-blank JSONL line), errors in the records, exit code
    /// 1, and no panic.
    #[test]
    fn hostile_directory_gives_one_record_per_document() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        write(d, "binary.html", &png_renamed_html(20_000));
        write(d, "truncated.txt", &truncated_utf8(20_000));
        write(d, "gbk_cut.txt", &truncated_gbk(20_000));
        write(d, "nuls.txt", &nuls(5_000));
        write(d, "empty.txt", b"");
        write(d, "deep.html", &deep_nesting(110_000));
        write(d, "mixed.txt", &mixed_encodings(20_000));
        write(d, "quotes.txt", &open_quotes(30_000));
        write(d, "good.txt", PARA.as_bytes());
        write(
            d,
            "sub/dir/nested.html",
            b"<html><body><p>\xe6\xad\xa3\xe6\x96\x87\xe3\x80\x82</p></body></html>",
        );
        write(d, "big.txt", &long_line(400_000)); // over --max-doc-bytes
        write(d, "not_gzip.txt.gz", b"this is not gzip data");
        let jsonl = [
            r#"{"id":"a","content":"市委书记强调，要坚持项目为王。"}"#.as_bytes(),
            b"{not json",
            br#"{"id":"c"}"#,
            b"   ",
            br#"{"content": 5}"#,
            b"[1,2]",
            b"{\"content\":\"\xff\xfe\"}",
            br#"{"id":"last","content_html":"<p>GDP&amp;\u0000</p>"}"#,
        ];
        let mut j = jsonl.join(&b"\n"[..]);
        j.push(b'\n');
        write(d, "lines.jsonl", &j);
        write(d, "corrupt.jsonl.gz", b"\x1f\x8b\x08\x00garbage");
        let files = 12;
        let jsonl_docs = jsonl.iter().filter(|l| !l.trim_ascii().is_empty()).count();
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let name = std::ffi::OsStr::from_bytes(b"bad\xffname.txt");
            std::fs::write(d.join(name), PARA).expect("write");
        }
        let expected = files + jsonl_docs + 1 + usize::from(cfg!(unix));
        let out = tifa()
            .args(["extract", "-q", "--max-doc-bytes", "300000", "-j", "2"])
            .arg(d)
            .output()
            .expect("run tifa");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_eq!(out.status.code(), Some(1), "exit status; stderr: {stderr}");
        let recs = records(&out.stdout);
        assert_eq!(
            recs.len(),
            expected,
            "one record per document; stderr: {stderr}"
        );
        for r in &recs {
            assert!(r.get("id").is_some() && r["errors"].is_array(), "{r}");
        }
        let by_path = |p: &str| {
            recs.iter()
                .find(|r| r["source"]["path"].as_str().is_some_and(|s| s.ends_with(p)))
                .unwrap_or_else(|| panic!("no record for {p}"))
        };
        assert!(has_error(by_path("binary.html"), "binary"));
        assert!(has_error(by_path("nuls.txt"), "binary"));
        assert!(has_error(by_path("big.txt"), "too_large"));
        assert!(has_error(by_path("truncated.txt"), "decode"));
        assert!(
            !by_path("good.txt")["text"]
                .as_str()
                .unwrap_or("")
                .is_empty()
        );
        assert!(recs.iter().filter(|r| has_error(r, "json")).count() >= 3);
    }

    /// `tifa extract dir | head -1`: the reader goes away after one line;
    /// tifa stops quietly, without a panic message.
    #[test]
    fn closed_pipe_stops_quietly() {
        let dir = tempfile::tempdir().expect("tempdir");
        for i in 0..400 {
            write(
                dir.path(),
                &format!("{i:04}.txt"),
                PARA.repeat(4).as_bytes(),
            );
        }
        let mut child = tifa()
            .args(["extract", "-q", "-j", "2"])
            .arg(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run tifa");
        let mut first = String::new();
        {
            let stdout = child.stdout.take().expect("stdout");
            BufReader::new(stdout)
                .read_line(&mut first)
                .expect("one line");
        } // the read end is closed here
        let out = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            serde_json::from_str::<serde_json::Value>(&first).is_ok(),
            "{first}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(!stderr.to_lowercase().contains("broken pipe"), "{stderr}");
        assert_eq!(out.status.code(), Some(0), "stderr: {stderr}");
    }

    /// JSON Lines on standard input are streamed, not cut off at
    /// `--max-doc-bytes` (the limit is per document).
    #[test]
    fn jsonl_on_stdin_is_not_cut_at_the_document_limit() {
        let n = 300;
        let mut input = Vec::new();
        for i in 0..n {
            writeln!(
                input,
                r#"{{"id":"d{i}","content":"第{i}条：坚持项目为王，推动高质量发展。"}}"#
            )
            .expect("write");
        }
        let mut child = tifa()
            .args(["extract", "-q", "--max-doc-bytes", "2000", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run tifa");
        let mut stdin = child.stdin.take().expect("stdin");
        let feeder = std::thread::spawn(move || stdin.write_all(&input));
        let out = child.wait_with_output().expect("wait");
        feeder.join().expect("feeder").expect("fed");
        let recs = records(&out.stdout);
        assert_eq!(
            recs.len(),
            n,
            "stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(recs[n - 1]["id"], format!("d{}", n - 1));
        assert!(
            recs.iter()
                .all(|r| r["errors"].as_array().is_some_and(|e| e.is_empty()))
        );
    }

    /// Peak resident memory of a running process, in kB.
    fn peak_kb(pid: u32) -> Option<usize> {
        let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    /// A 64 MB JSON line over `--max-doc-bytes` (1 MB) is skipped as it
    /// streams past: tifa's peak memory stays far below the line's size.
    #[test]
    fn overlong_jsonl_line_is_not_held_in_memory() {
        const LINE_MB: usize = 64;
        let mut child = tifa()
            .args([
                "extract",
                "-q",
                "--max-doc-bytes",
                "1000000",
                "-j",
                "1",
                "-",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run tifa");
        let pid = child.id();
        let mut stdin = child.stdin.take().expect("stdin");
        let chunk = vec![b'a'; 1 << 20];
        stdin
            .write_all(br#"{"id":"big","content":""#)
            .expect("write");
        // the peak once the line is being read (the analyzer is built by
        // then; the allocator may keep what building it used)
        let mut base = None;
        for k in 0..LINE_MB {
            stdin.write_all(&chunk).expect("write");
            if k == 3 {
                base = peak_kb(pid);
            }
        }
        // all but a pipe buffer of the line has been read by now
        let peak = peak_kb(pid);
        stdin
            .write_all(
                b"\"}\n{\"id\":\"after\",\"content\":\"\xe6\xad\xa3\xe6\x96\x87\xe3\x80\x82\"}\n",
            )
            .expect("write");
        drop(stdin);
        let out = child.wait_with_output().expect("wait");
        let recs = records(&out.stdout);
        assert_eq!(
            recs.len(),
            2,
            "stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(has_error(&recs[0], "too_large"), "{}", recs[0]);
        assert_eq!(recs[1]["text"], "正文。");
        if let (Some(base), Some(peak)) = (base, peak) {
            assert!(
                peak.saturating_sub(base) < LINE_MB * 1024 / 2,
                "tifa grew from {base} kB to {peak} kB while a {LINE_MB} MB line streamed past"
            );
        }
    }

    /// A JSON line over `--max-doc-bytes` gives a `too_large` record and
    /// the next line is read normally (the long line is skipped, not held in
    /// memory).
    #[test]
    fn overlong_jsonl_line_is_skipped() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut j = format!(r#"{{"id":"big","content":"{}"}}"#, "项".repeat(200_000)).into_bytes();
        j.extend_from_slice(
            b"\n{\"id\":\"after\",\"content\":\"\xe6\xad\xa3\xe6\x96\x87\xe3\x80\x82\"}\n",
        );
        write(dir.path(), "x.jsonl", &j);
        let out = tifa()
            .args(["extract", "-q", "--max-doc-bytes", "1000"])
            .arg(dir.path().join("x.jsonl"))
            .output()
            .expect("run tifa");
        let recs = records(&out.stdout);
        assert_eq!(
            recs.len(),
            2,
            "stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(has_error(&recs[0], "too_large"), "{}", recs[0]);
        assert_eq!(recs[1]["id"], "after");
        assert_eq!(recs[1]["text"], "正文。");
    }
}
