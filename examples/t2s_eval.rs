//! Evaluates the traditional → simplified converter against OpenCC's test
//! cases and the UD GSD sentence pairs, and measures its speed.
//!
//! `cargo run --release --example t2s_eval -- /work/shared`
//! (add `--features opencc` to compare with the system OpenCC as well).
//!
//! Exits non-zero when a figure misses its goal; prints a note and exits 0
//! when the shared directory is not there.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use serde_json::Value;
use tifa::normalize::t2s::T2s;

/// Configs of OpenCC's test cases that convert to simplified.
const CONFIGS: [&str; 5] = ["t2s", "tw2s", "hk2s", "tw2sp", "hk2sp"];
/// The configs the ≥ 99% goal is about.
const GOAL_CONFIGS: [&str; 3] = ["t2s", "tw2s", "hk2s"];
const GOAL_TESTCASES: f64 = 0.99;
/// MB/s on simplified news text, checked in release builds only.
const GOAL_SIMP_MBS: f64 = 150.0;

fn main() -> ExitCode {
    let root = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or("/work/shared".into());
    if !root.is_dir() {
        println!(
            "t2s_eval: {} not found, nothing to evaluate",
            root.display()
        );
        return ExitCode::SUCCESS;
    }
    let t0 = Instant::now();
    let ours = T2s::new();
    let built = t0.elapsed();
    let plain = T2s::plain();
    println!(
        "T2s::new() built in {:.1} ms: {ours:?}",
        built.as_secs_f64() * 1e3
    );
    let mut ok = true;
    ok &= testcases(&root, &ours, &plain);
    ok &= ud_gsd(&root, &ours, &plain);
    ok &= speed(&root, &ours);
    #[cfg(feature = "opencc")]
    {
        ok &= opencc_parity(&root, &ours);
    }
    if ok {
        println!("t2s_eval: all goals met");
        ExitCode::SUCCESS
    } else {
        println!("t2s_eval: a goal was missed");
        ExitCode::FAILURE
    }
}

fn read_json(path: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(&text).ok()
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// OpenCC's own test cases, per config, for ours and the plain OpenCC data.
fn testcases(root: &Path, ours: &T2s, plain: &T2s) -> bool {
    let path = root.join("opencc/testcases.json");
    let Some(json) = read_json(&path) else {
        println!("testcases: {} not readable, skipped", path.display());
        return true;
    };
    let cases = json["cases"].as_array().cloned().unwrap_or_default();
    println!(
        "\nOpenCC testcases ({}): expected output reproduced",
        path.display()
    );
    println!("  {:<6} {:>14} {:>14}", "config", "tifa", "OpenCC data");
    let (mut goal_ok, mut goal_n, mut cons_ok, mut cons_n) = (0, 0, 0, 0);
    for cfg in CONFIGS {
        let (mut n, mut a, mut b) = (0, 0, 0);
        for case in &cases {
            let (Some(input), Some(exp)) = (case["input"].as_str(), case["expected"][cfg].as_str())
            else {
                continue;
            };
            n += 1;
            let got = ours.to_simplified(input);
            let hit = got == exp;
            a += hit as usize;
            b += (plain.to_simplified(input) == exp) as usize;
            if GOAL_CONFIGS.contains(&cfg) {
                goal_n += 1;
                goal_ok += hit as usize;
                // the configs disagree on this input: no single converter can match all
                let expects: Vec<&str> = GOAL_CONFIGS
                    .iter()
                    .filter_map(|c| case["expected"][*c].as_str())
                    .collect();
                if expects.iter().all(|e| *e == expects[0]) {
                    cons_n += 1;
                    cons_ok += hit as usize;
                }
            }
            if !hit && GOAL_CONFIGS.contains(&cfg) {
                println!("    miss {cfg}: {input}\n      got {got}\n      exp {exp}");
            }
        }
        println!(
            "  {cfg:<6} {a:>3}/{n:<3} {:>5.1}% {b:>3}/{n:<3} {:>5.1}%",
            pct(a, n),
            pct(b, n)
        );
    }
    let share = pct(cons_ok, cons_n) / 100.0;
    let met = share >= GOAL_TESTCASES;
    println!(
        "  t2s+tw2s+hk2s: {goal_ok}/{goal_n} = {:.1}%; on the {cons_n} cases whose configs agree: \
         {cons_ok}/{cons_n} = {:.1}% (goal >= {:.0}%) {}",
        pct(goal_ok, goal_n),
        100.0 * share,
        100.0 * GOAL_TESTCASES,
        if met { "OK" } else { "MISSED" }
    );
    met
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

fn ud_pairs(root: &Path) -> Option<Vec<(String, String)>> {
    let text = std::fs::read_to_string(root.join("ud_gsd/t2s_pairs_dev.jsonl")).ok()?;
    let pairs = text
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|v| {
            Some((
                v["trad"].as_str()?.to_owned(),
                v["simp"].as_str()?.to_owned(),
            ))
        })
        .collect();
    Some(pairs)
}

/// Character error rate against the hand-corrected simplified side.
fn cer(pairs: &[(String, String)], f: impl Fn(&str) -> String) -> (f64, usize) {
    let (mut err, mut n, mut exact) = (0, 0, 0);
    for (trad, simp) in pairs {
        let got = f(trad);
        err += edit_distance(&got, simp);
        n += simp.chars().count();
        exact += (got == *simp) as usize;
    }
    (err as f64 / n.max(1) as f64, exact)
}

fn ud_gsd(root: &Path, ours: &T2s, plain: &T2s) -> bool {
    let Some(pairs) = ud_pairs(root) else {
        println!("ud_gsd: pairs not readable, skipped");
        return true;
    };
    let (c_ours, e_ours) = cer(&pairs, |s| ours.to_simplified(s).into_owned());
    let (c_plain, e_plain) = cer(&pairs, |s| plain.to_simplified(s).into_owned());
    let met = c_ours < c_plain;
    println!(
        "\nUD GSD dev, {} sentence pairs: character error rate vs. the simplified side",
        pairs.len()
    );
    println!(
        "  tifa        {:.3}% ({e_ours} sentences exact)",
        100.0 * c_ours
    );
    println!(
        "  OpenCC data {:.3}% ({e_plain} sentences exact)",
        100.0 * c_plain
    );
    for (trad, simp) in &pairs {
        let got = ours.to_simplified(trad);
        if got != *simp {
            println!("    differs: {got}\n        simp: {simp}");
        }
    }
    println!(
        "  goal tifa < OpenCC data: {}",
        if met { "OK" } else { "MISSED" }
    );
    met
}

/// CPU time of this thread in seconds (Linux), so that MB/s figures hold on
/// a machine shared with other jobs.
fn thread_cpu_secs() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns as f64 / 1e9)
}

/// MB/s of `f` over `docs`, run until at least `min` has passed: per CPU
/// second when the OS tells (else per wall second), and per wall second.
#[derive(Clone, Copy)]
struct Rate {
    cpu: f64,
    wall: f64,
}

impl std::fmt::Display for Rate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.0} MB/s (wall {:.0})", self.cpu, self.wall)
    }
}

fn mbs<F: FnMut(&str)>(docs: &[String], min: Duration, mut f: F) -> Rate {
    let bytes: usize = docs.iter().map(String::len).sum();
    let c0 = thread_cpu_secs();
    let t0 = Instant::now();
    let mut rounds = 0;
    while rounds == 0 || t0.elapsed() < min {
        for d in docs {
            f(d);
        }
        rounds += 1;
    }
    let wall = t0.elapsed().as_secs_f64();
    let cpu = match (c0, thread_cpu_secs()) {
        (Some(a), Some(b)) if b > a => b - a,
        _ => wall,
    };
    let mb = (bytes * rounds) as f64 / 1e6;
    Rate {
        cpu: mb / cpu,
        wall: mb / wall,
    }
}

/// Up to `max_bytes` of 新闻联播 article text (HTML tags dropped).
fn xwlb_docs(root: &Path, max_bytes: usize) -> Vec<String> {
    #[cfg(feature = "cli")]
    {
        use std::io::BufRead;
        let Ok(f) = std::fs::File::open(root.join("corpus/xwlb.jsonl.gz")) else {
            return Vec::new();
        };
        let r = std::io::BufReader::new(flate2::read::GzDecoder::new(f));
        let mut docs = Vec::new();
        let mut total = 0;
        for line in r.lines().map_while(Result::ok) {
            let Ok(v) = serde_json::from_str::<Value>(&line) else {
                continue;
            };
            let html = v["content_html"].as_str().unwrap_or("");
            let mut text = String::with_capacity(html.len());
            let mut in_tag = false;
            for c in html.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => {
                        in_tag = false;
                        text.push('\n');
                    }
                    _ if !in_tag => text.push(c),
                    _ => {}
                }
            }
            total += text.len();
            docs.push(text);
            if total >= max_bytes {
                break;
            }
        }
        docs
    }
    #[cfg(not(feature = "cli"))]
    {
        let _ = (root, max_bytes);
        Vec::new()
    }
}

fn lines_of(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .map(|t| {
            t.lines()
                .map(|l| l.trim_start_matches('\u{feff}').to_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn speed(root: &Path, ours: &T2s) -> bool {
    let min = Duration::from_millis(1500);
    println!(
        "\nSpeed (single thread, per CPU second{}):",
        if cfg!(debug_assertions) {
            ", DEBUG build"
        } else {
            ""
        }
    );
    let mut met = true;
    let simp = xwlb_docs(root, 32 << 20);
    if simp.is_empty() {
        println!("  simplified news: xwlb.jsonl.gz not readable (or built without `cli`), skipped");
    } else {
        let changed = simp.iter().filter(|d| ours.convert(d).is_some()).count();
        let r = mbs(&simp, min, |d| {
            std::hint::black_box(ours.convert(d));
        });
        let bytes: usize = simp.iter().map(String::len).sum();
        let check = !cfg!(debug_assertions);
        let ok = !check || r.cpu >= GOAL_SIMP_MBS;
        met &= ok;
        println!(
            "  simplified news (xwlb, {} docs, {:.1} MB, {changed} changed): {r} \
             (goal >= {GOAL_SIMP_MBS:.0}{}) {}",
            simp.len(),
            bytes as f64 / 1e6,
            if check {
                ""
            } else {
                ", not checked in debug builds"
            },
            if ok { "OK" } else { "MISSED" }
        );
    }
    for (name, file) in [
        (
            "traditional, Taiwan (sighan2005 as_test)",
            "sighan2005/as_test.utf8",
        ),
        (
            "traditional, Hong Kong (sighan2005 cityu_test)",
            "sighan2005/cityu_test.utf8",
        ),
    ] {
        let lines = lines_of(&root.join(file));
        if lines.is_empty() {
            continue;
        }
        // per line (short calls) and per file (one long call)
        let r_lines = mbs(&lines, min, |d| {
            std::hint::black_box(ours.convert(d));
        });
        let whole = vec![lines.join("\n")];
        let r_whole = mbs(&whole, min, |d| {
            std::hint::black_box(ours.convert(d));
        });
        println!(
            "  {name}, {:.2} MB: {r_lines} per line, {r_whole} whole file",
            whole[0].len() as f64 / 1e6
        );
    }
    let seeds: Vec<String> = std::fs::read_dir(root.join("seeds"))
        .map(|d| {
            d.filter_map(Result::ok)
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .collect()
        })
        .unwrap_or_default();
    if !seeds.is_empty() {
        let r = mbs(&seeds, min, |d| {
            std::hint::black_box(ours.convert(d));
        });
        println!(
            "  seeds (mainland news in traditional script), {} docs: {r}",
            seeds.len()
        );
    }
    met
}

#[cfg(feature = "opencc")]
fn opencc_parity(root: &Path, ours: &T2s) -> bool {
    use tifa::normalize::opencc_backend::OpenccT2s;
    let cc = match OpenccT2s::new() {
        Ok(cc) => cc,
        Err(e) => {
            println!("\nopencc-rust: cannot open t2s ({e}), parity skipped");
            return true;
        }
    };
    println!("\nopencc-rust (system OpenCC, t2s config):");
    if let Some(pairs) = ud_pairs(root) {
        let same = pairs
            .iter()
            .filter(|(t, _)| ours.to_simplified(t) == cc.convert(t))
            .count();
        let (c, e) = cer(&pairs, |s| cc.convert(s));
        println!(
            "  UD GSD parity (ours == opencc-rust t2s): {same}/{} = {:.1}%; opencc-rust CER {:.3}% \
             ({e} exact)",
            pairs.len(),
            pct(same, pairs.len()),
            100.0 * c
        );
    }
    let min = Duration::from_millis(1500);
    let simp = xwlb_docs(root, 4 << 20);
    if !simp.is_empty() {
        let r = mbs(&simp, min, |d| {
            std::hint::black_box(cc.convert(d));
        });
        println!("  simplified news: opencc-rust {r}");
    }
    let lines = lines_of(&root.join("sighan2005/as_test.utf8"));
    if !lines.is_empty() {
        let r = mbs(&lines, min, |d| {
            std::hint::black_box(cc.convert(d));
        });
        println!("  traditional (as_test, per line): opencc-rust {r}");
    }
    true
}
