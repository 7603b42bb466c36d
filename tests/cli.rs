//! The `tifa` binary over a directory of good and bad documents.
#![cfg(feature = "cli")]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use serde_json::Value;

const GOOD: &str =
    "市委书记李卫东强调，要坚持项目为王。\n各级各部门要狠抓落实，确保项目建设取得实效。\n";
const TRAD: &str = "市委書記李衛東強調，要堅持項目為王，推動經濟高質量發展。";

fn tifa() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tifa"))
}

fn records(stdout: &[u8]) -> Vec<Value> {
    stdout
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).expect("every output line is JSON"))
        .collect()
}

fn error_kinds(r: &Value) -> Vec<String> {
    r["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["kind"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn hostile_directory_yields_one_record_per_document() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("a_good.txt"), GOOD).unwrap();
    std::fs::write(p.join("b_gbk.txt"), encoding_rs::GBK.encode(GOOD).0).unwrap();
    std::fs::write(p.join("c_big5.txt"), encoding_rs::BIG5.encode(TRAD).0).unwrap();
    std::fs::write(p.join("d_empty.txt"), b"").unwrap();
    let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 13) as u8).collect();
    std::fs::write(p.join("e_binary.html"), binary).unwrap();
    std::os::unix::fs::symlink(p.join("nowhere"), p.join("f_dangling.txt")).unwrap();
    let locked = p.join("g_locked.txt");
    std::fs::write(&locked, GOOD).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let can_read_locked = std::fs::read(&locked).is_ok(); // root reads anything
    let mut jl = std::fs::File::create(p.join("h_records.jsonl")).unwrap();
    writeln!(
        jl,
        r#"{{"id": "r1", "title": "标题一", "content": "{}"}}"#,
        GOOD.replace('\n', "\\n")
    )
    .unwrap();
    writeln!(
        jl,
        r#"{{"id": "r2", "content": "<p>第二条记录的正文。</p>"}}"#
    )
    .unwrap();
    write!(jl, r#"{{"id": "r3", "content": "被截断的"#).unwrap();
    drop(jl);
    std::fs::write(p.join(".hidden.txt"), GOOD).unwrap();

    let out = tifa().args(["extract", "-q"]).arg(p).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = records(&out.stdout);
    let by_id: HashMap<String, &Value> = recs
        .iter()
        .map(|r| (r["id"].as_str().unwrap_or("").to_string(), r))
        .collect();
    // 7 files + 3 JSONL records, the hidden file skipped
    assert_eq!(recs.len(), 10, "{:?}", by_id.keys().collect::<Vec<_>>());
    assert!(!by_id.contains_key(".hidden.txt"));

    let good = by_id["a_good.txt"];
    assert!(error_kinds(good).is_empty());
    assert!(good["text"].as_str().unwrap().contains("项目为王"));
    let gbk = by_id["b_gbk.txt"];
    assert!(error_kinds(gbk).is_empty());
    assert_eq!(gbk["text"], good["text"], "GBK decodes to the same text");
    let big5 = by_id["c_big5.txt"];
    assert_eq!(big5["source"]["encoding"], "Big5");
    assert!(error_kinds(big5).is_empty());
    assert_eq!(error_kinds(by_id["d_empty.txt"]), ["empty"]);
    assert_eq!(error_kinds(by_id["e_binary.html"]), ["binary"]);
    assert_eq!(error_kinds(by_id["f_dangling.txt"]), ["io"]);
    if can_read_locked {
        assert!(error_kinds(by_id["g_locked.txt"]).is_empty());
    } else {
        assert_eq!(error_kinds(by_id["g_locked.txt"]), ["io"]);
    }
    assert!(error_kinds(by_id["r1"]).is_empty());
    assert_eq!(by_id["r1"]["meta"]["title"], "标题一");
    assert_eq!(by_id["r2"]["text"], "第二条记录的正文。");
    let cut = recs
        .iter()
        .find(|r| r["source"]["path"].as_str().unwrap_or("").ends_with(":3"))
        .unwrap();
    assert_eq!(error_kinds(cut), ["json"]);
}

#[test]
fn clean_input_exits_zero_and_order_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..40 {
        std::fs::write(
            dir.path().join(format!("{i:03}.txt")),
            format!("第{i}篇。{GOOD}"),
        )
        .unwrap();
    }
    let out = tifa()
        .args(["extract", "-q", "--jobs", "2", "--window", "4"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let ids: Vec<String> = records(&out.stdout)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    let want: Vec<String> = (0..40).map(|i| format!("{i:03}.txt")).collect();
    assert_eq!(ids, want);
}

#[test]
fn fields_and_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("a.txt");
    std::fs::write(&f, GOOD).unwrap();
    let out = tifa()
        .args(["extract", "-q", "--fields", "-text,-sentences"])
        .arg(&f)
        .output()
        .unwrap();
    let r = &records(&out.stdout)[0];
    assert!(
        r.get("text").is_none() && r.get("sentences").is_none() && r.get("paragraphs").is_some()
    );
    let bad = tifa()
        .args(["extract", "--fields", "nonsense"])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let none = tifa().arg("extract").output().unwrap();
    assert_eq!(none.status.code(), Some(2));
}

#[test]
fn closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..300 {
        std::fs::write(dir.path().join(format!("{i:03}.txt")), GOOD.repeat(20)).unwrap();
    }
    let mut child = tifa()
        .args(["extract", "-q", "--jobs", "2"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with('{'));
    // the reader is dropped here: the pipe is closed
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
}

#[test]
fn gz_output_and_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let gz = dir.path().join("out.jsonl.gz");
    let mut child = tifa()
        .args(["extract", "-q", "-o"])
        .arg(&gz)
        .arg("-")
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(GOOD.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
    let mut s = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(std::fs::File::open(&gz).unwrap()),
        &mut s,
    )
    .unwrap();
    let r: Value = serde_json::from_str(s.trim()).unwrap();
    assert_eq!(r["id"], "-");
}

#[test]
fn jsonl_fields_dotted_paths_and_kept_fields() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("in.jsonl");
    let body = GOOD.trim_end().replace('\n', "\\n");
    std::fs::write(
        &p,
        format!(
            "{{\"meta\":{{\"body\":\"{body}\",\"t\":\"标题\"}},\"id\":7,\"x\":[1]}}\n{{bad\n\n{{\"content\":\"{body}\",\"n\":2}}\n"
        ),
    )
    .unwrap();
    let out = tifa()
        .args([
            "extract",
            "-q",
            "--keep-fields",
            "--text-field",
            "meta.body",
        ])
        .args(["--title-field", "meta.t"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "the bad line is an error");
    let rs = records(&out.stdout);
    assert_eq!(rs.len(), 3, "one record per non-blank line");
    assert_eq!(rs[0]["id"], "7");
    assert_eq!(rs[0]["meta"]["title"], "标题");
    assert_eq!(rs[0]["officials"][0]["name"], "李卫东");
    // the kept fields are the record's other fields: the text is not repeated
    assert_eq!(
        rs[0]["input"],
        serde_json::json!({"meta": {"t": "标题"}, "id": 7, "x": [1]})
    );
    assert_eq!(error_kinds(&rs[1]), ["json"]);
    assert!(rs[1]["id"].as_str().unwrap().ends_with("in.jsonl:2"));
    // no text at meta.body on line 4: an error naming the field, in order
    assert_eq!(error_kinds(&rs[2]), ["json"]);
    assert!(rs[2]["id"].as_str().unwrap().ends_with("in.jsonl:4"));
    assert!(
        rs[2]["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("meta.body")
    );
}

#[test]
fn an_author_field_gives_bylines() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("in.jsonl");
    std::fs::write(
        &p,
        concat!(
            "{\"content\":\"市长张明深入重点项目现场调研。\",\"author\":\"李华\"}\n",
            "{\"content\":\"市长张明深入重点项目现场调研。\",\"by\":\"王明\",\"author\":\"李华\"}\n",
        ),
    )
    .unwrap();
    let bylines = |extra: &[&str]| {
        let out = tifa()
            .args(["extract", "-q"])
            .args(extra)
            .arg(&p)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        records(&out.stdout)
            .iter()
            .map(|r| r["meta"]["bylines"].clone())
            .collect::<Vec<_>>()
    };
    let one = |n: &str| serde_json::json!([{"name": n, "role": "author"}]);
    assert_eq!(bylines(&[]), [one("李华"), one("李华")]);
    assert_eq!(
        bylines(&["--author-field", "by"]),
        [serde_json::json!([]), one("王明")]
    );
}

#[test]
fn a_date_field_may_be_a_year_a_compact_date_or_a_unix_time() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("in.jsonl");
    let text = "今年城镇新增就业要达到1200万人以上。";
    let lines: Vec<String> = [
        "2025",
        "\"2025\"",
        "\"2024年3月\"",
        "20120702",
        "1331222567",
        "\"None\"",
    ]
    .iter()
    .map(|y| format!("{{\"content\":\"{text}\",\"year\":{y}}}"))
    .collect();
    std::fs::write(&p, lines.join("\n")).unwrap();
    let out = tifa()
        .args(["extract", "-q", "--date-field", "year"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let rs = records(&out.stdout);
    let got: Vec<(Value, Value)> = rs
        .iter()
        .map(|r| (r["meta"]["date"].clone(), r["targets"][0]["year"].clone()))
        .collect();
    let want = [
        ("2025", 2025),
        ("2025", 2025),
        ("2024-03", 2024),
        ("2012-07-02", 2012),
        ("2012-03-09", 2012),
    ];
    for (i, (d, y)) in want.iter().enumerate() {
        assert_eq!(got[i], (Value::from(*d), Value::from(*y)), "line {}", i + 1);
    }
    // not a date: no date, and 今年 stays without a year
    assert_eq!(got[5], (Value::Null, Value::Null));
}

#[test]
fn normalize_reads_no_more_than_the_limit() {
    // a file past the analyzer's limit: `tifa normalize` says so and fails
    // (zero bytes, so the debug build does not spend its time analysing)
    let limit = tifa::analyzer::DEFAULT_MAX_BYTES;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("big.bin");
    let f = std::fs::File::create(&p).unwrap();
    f.set_len(limit as u64 + 4096).unwrap();
    drop(f);
    let out = tifa().arg("normalize").arg(&p).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "over the limit is an error");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("limit: input is over {limit} bytes")),
        "{err}"
    );
}

#[test]
fn bench_reports_every_round_of_the_four_runs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), GOOD).unwrap();
    std::fs::write(dir.path().join("b.txt"), TRAD).unwrap();
    let out = tifa()
        .args(["bench", "--rounds", "3", "--threads", "2"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.starts_with("corpus: 2 documents"), "{s}");
    for row in [
        "tifa extract, 1 thread",
        "tifa extract, 2 threads",
        "jieba-rs cut (HMM), 1 thread",
        "jieba-rs cut (HMM), 2 threads",
    ] {
        let line = s.lines().find(|l| l.starts_with(row)).expect(row);
        assert!(
            line.contains(" MB/s ") && line.contains(" docs/s "),
            "{line}"
        );
    }
    // one ratio per round for each comparison, then their median
    let rounds = s
        .lines()
        .find(|l| l.starts_with("round by round"))
        .expect("round-by-round line");
    let ratios = rounds
        .split_whitespace()
        .map(|w| w.trim_end_matches([')', ';']))
        .filter(|w| w.ends_with('x') && w.trim_end_matches('x').parse::<f64>().is_ok())
        .count();
    assert_eq!(ratios, 3 * (3 + 1), "{rounds}");
    // the speed-up line names jieba-rs's own speed-up on the same cores
    let speedup = s
        .lines()
        .find(|l| l.starts_with("speed-up 1 -> 2 threads"))
        .expect("speed-up line");
    assert!(speedup.contains("jieba-rs on the same cores"), "{speedup}");
}
