//! Turning command-line paths into a stream of documents.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;
use serde_json::Value;
use tifa::{DocError, Hints};

/// One document to analyse, or the reason it cannot be.
#[derive(Debug)]
pub struct Item {
    pub id: String,
    pub path: String,
    pub format: &'static str,
    pub payload: Payload,
    pub hints: Hints,
    pub extra: Option<Value>,
}

#[derive(Debug)]
pub enum Payload {
    Bytes(Vec<u8>),
    Text(String),
    /// A JSON Lines record as read (line `number` of its file), parsed by
    /// [`Item::resolve`] on a worker thread: the reading thread only splits
    /// lines, so JSON parsing scales with the workers.
    Json {
        line: Vec<u8>,
        number: usize,
        opts: std::sync::Arc<JsonlOptions>,
    },
    Failed(DocError, usize),
}

impl Item {
    /// Parses a [`Payload::Json`] record into its text, id, hints and kept
    /// fields (or a `json` error); other items are returned as they are.
    pub fn resolve(self) -> Item {
        match self.payload {
            Payload::Json { line, number, opts } => parse_record(&line, number, &self.path, &opts),
            _ => self,
        }
    }

    /// Bytes of input this item holds (the batch's chunking weight).
    pub fn weight(&self) -> usize {
        match &self.payload {
            Payload::Bytes(b) => b.len(),
            Payload::Text(t) => t.len(),
            Payload::Json { line, .. } => line.len(),
            Payload::Failed(..) => 0,
        }
    }
}

/// How to read JSON Lines records.
#[derive(Debug, Clone)]
pub struct JsonlOptions {
    /// Which fields hold the text, id and hints.
    pub fields: tifa::jsonl::JsonlFields,
    /// Read every input as JSON Lines, whatever its name.
    pub force: bool,
}

#[derive(Debug, Clone)]
pub struct InputOptions {
    pub jsonl: JsonlOptions,
    pub exts: Vec<String>,
    pub glob: Option<String>,
    pub max_doc_bytes: usize,
}

fn is_jsonl_name(p: &Path) -> bool {
    let n = p
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    n.ends_with(".jsonl")
        || n.ends_with(".jsonl.gz")
        || n.ends_with(".ndjson")
        || n.ends_with(".ndjson.gz")
}

fn is_hidden(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.') && n != "." && n != "..")
}

/// Simple glob on a file name or relative path: `*`, `?`.
pub fn glob_match(pat: &str, s: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pat.chars().collect(), s.chars().collect());
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// The number of documents `paths` hold, when it can be known without
/// reading them (no stdin, no JSON Lines): for a progress bar's ETA.
pub fn count_documents(
    paths: &[String],
    exts: &[String],
    glob: Option<&str>,
    jsonl: bool,
) -> Option<usize> {
    let opts = InputOptions {
        jsonl: JsonlOptions {
            fields: tifa::jsonl::JsonlFields::default(),
            force: jsonl,
        },
        exts: exts.to_vec(),
        glob: glob.map(str::to_string),
        max_doc_bytes: 0,
    };
    let mut n = 0;
    for p in paths {
        let path = Path::new(p);
        if p == "-" || jsonl || is_jsonl_name(path) {
            return None;
        }
        if path.is_dir() {
            for e in walkdir::WalkDir::new(path)
                .follow_links(true)
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !is_hidden(e.path()))
            {
                match e {
                    Ok(e) if e.file_type().is_file() => {
                        let rel = e
                            .path()
                            .strip_prefix(path)
                            .unwrap_or(e.path())
                            .display()
                            .to_string();
                        if is_jsonl_name(e.path()) {
                            return None;
                        }
                        n += usize::from(wanted(e.path(), &rel, &opts));
                    }
                    Ok(_) => {}
                    Err(_) => n += 1,
                }
            }
        } else {
            n += 1;
        }
    }
    Some(n)
}

/// All documents named by `paths`, read lazily.
pub fn documents(paths: Vec<String>, opts: InputOptions) -> impl Iterator<Item = Item> + Send {
    paths.into_iter().flat_map(move |p| expand(p, opts.clone()))
}

fn expand(arg: String, opts: InputOptions) -> Box<dyn Iterator<Item = Item> + Send> {
    if arg == "-" {
        return stdin_items(opts);
    }
    let path = PathBuf::from(&arg);
    match std::fs::metadata(&path) {
        Ok(m) if m.is_dir() => {
            let root = path.clone();
            let walker = walkdir::WalkDir::new(&path)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !is_hidden(e.path()));
            Box::new(
                walker.flat_map(move |e| -> Box<dyn Iterator<Item = Item> + Send> {
                    match e {
                        Err(err) => {
                            let full = err.path().map(Path::to_path_buf).unwrap_or_default();
                            let rel = full
                                .strip_prefix(&root)
                                .unwrap_or(&full)
                                .display()
                                .to_string();
                            let p = full.display().to_string();
                            Box::new(std::iter::once(failed(&rel, &p, "io", err.to_string(), 0)))
                        }
                        Ok(e) if !e.file_type().is_file() => Box::new(std::iter::empty()),
                        Ok(e) => {
                            let rel = e
                                .path()
                                .strip_prefix(&root)
                                .unwrap_or(e.path())
                                .display()
                                .to_string();
                            if !wanted(e.path(), &rel, &opts) {
                                return Box::new(std::iter::empty());
                            }
                            file_items(e.path().to_path_buf(), rel, opts.clone())
                        }
                    }
                }),
            )
        }
        Ok(_) => {
            let id = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or(arg.clone());
            file_items(path, id, opts)
        }
        Err(e) => Box::new(std::iter::once(failed(&arg, &arg, "io", e.to_string(), 0))),
    }
}

fn wanted(path: &Path, rel: &str, opts: &InputOptions) -> bool {
    if !opts.exts.is_empty() {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if !opts.exts.iter().any(|x| {
            name.ends_with(&format!(
                ".{}",
                x.trim_start_matches('.').to_ascii_lowercase()
            ))
        }) {
            return false;
        }
    }
    if let Some(g) = &opts.glob {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if !glob_match(g, name) && !glob_match(g, rel) {
            return false;
        }
    }
    true
}

fn failed(id: &str, path: &str, kind: &str, msg: String, bytes: usize) -> Item {
    Item {
        id: id.to_string(),
        path: path.to_string(),
        format: "text",
        payload: Payload::Failed(DocError::new(kind, msg), bytes),
        hints: Hints::default(),
        extra: None,
    }
}

fn file_items(
    path: PathBuf,
    id: String,
    opts: InputOptions,
) -> Box<dyn Iterator<Item = Item> + Send> {
    let shown = path.display().to_string();
    if opts.jsonl.force || is_jsonl_name(&path) {
        return match open_maybe_gz(&path) {
            Ok(r) => Box::new(JsonlItems::new(r, shown, opts)),
            Err(e) => Box::new(std::iter::once(failed(&id, &shown, "io", e.to_string(), 0))),
        };
    }
    let item = match std::fs::metadata(&path) {
        Ok(m) if m.len() as usize > opts.max_doc_bytes => failed(
            &id,
            &shown,
            "too_large",
            format!(
                "{} bytes is over --max-doc-bytes {}",
                m.len(),
                opts.max_doc_bytes
            ),
            m.len() as usize,
        ),
        _ => match read_file(&path, opts.max_doc_bytes) {
            Ok(bytes) => Item {
                id,
                path: shown,
                format: "text",
                payload: Payload::Bytes(bytes),
                hints: Hints::default(),
                extra: None,
            },
            Err(e) => failed(&id, &shown, "io", e.to_string(), 0),
        },
    };
    Box::new(std::iter::once(item))
}

fn read_file(path: &Path, max: usize) -> std::io::Result<Vec<u8>> {
    let gz = path.extension().is_some_and(|e| e == "gz");
    let mut buf = Vec::new();
    let r: Box<dyn Read> = if gz {
        Box::new(MultiGzDecoder::new(File::open(path)?))
    } else {
        Box::new(File::open(path)?)
    };
    r.take(max as u64 + 1).read_to_end(&mut buf)?;
    if buf.len() > max {
        return Err(std::io::Error::other(format!("over --max-doc-bytes {max}")));
    }
    Ok(buf)
}

fn open_maybe_gz(path: &Path) -> std::io::Result<Box<dyn BufRead + Send>> {
    let f = File::open(path)?;
    if path.extension().is_some_and(|e| e == "gz") {
        Ok(Box::new(BufReader::with_capacity(
            1 << 16,
            MultiGzDecoder::new(f),
        )))
    } else {
        Ok(Box::new(BufReader::with_capacity(1 << 16, f)))
    }
}

fn stdin_items(opts: InputOptions) -> Box<dyn Iterator<Item = Item> + Send> {
    // Peek up to the first byte that is not white space: `{` means JSON
    // Lines, which are streamed (a corpus on stdin can be any size; the
    // limit is per document); anything else is one document.
    let mut r = BufReader::with_capacity(1 << 16, std::io::stdin());
    let mut head = Vec::new();
    let first = loop {
        let buf = match r.fill_buf() {
            Ok(b) => b,
            Err(e) => return Box::new(std::iter::once(failed("-", "-", "io", e.to_string(), 0))),
        };
        if buf.is_empty() || head.len() > opts.max_doc_bytes {
            break None;
        }
        let first = buf.iter().find(|b| !b.is_ascii_whitespace()).copied();
        let n = buf.len();
        head.extend_from_slice(buf);
        r.consume(n);
        if first.is_some() {
            break first;
        }
    };
    let rest = std::io::Cursor::new(head).chain(r);
    if opts.jsonl.force || first == Some(b'{') {
        return Box::new(JsonlItems::new(
            Box::new(BufReader::with_capacity(1 << 16, rest)),
            "-".into(),
            opts,
        ));
    }
    let mut buf = Vec::new();
    if let Err(e) = rest
        .take(opts.max_doc_bytes as u64 + 1)
        .read_to_end(&mut buf)
    {
        return Box::new(std::iter::once(failed("-", "-", "io", e.to_string(), 0)));
    }
    if buf.len() > opts.max_doc_bytes {
        return Box::new(std::iter::once(failed(
            "-",
            "-",
            "too_large",
            format!("stdin is over --max-doc-bytes {}", opts.max_doc_bytes),
            buf.len(),
        )));
    }
    Box::new(std::iter::once(Item {
        id: "-".into(),
        path: "-".into(),
        format: "text",
        payload: Payload::Bytes(buf),
        hints: Hints::default(),
        extra: None,
    }))
}

/// Records of a JSON Lines stream, one per line.
struct JsonlItems {
    r: Box<dyn BufRead + Send>,
    name: String,
    line: usize,
    opts: InputOptions,
    jsonl: std::sync::Arc<JsonlOptions>,
    done: bool,
}

impl JsonlItems {
    fn new(r: Box<dyn BufRead + Send>, name: String, opts: InputOptions) -> JsonlItems {
        JsonlItems {
            r,
            name,
            line: 0,
            jsonl: std::sync::Arc::new(opts.jsonl.clone()),
            opts,
            done: false,
        }
    }
}

/// Reads and drops the rest of a line (through its `\n`); returns the
/// bytes skipped.
fn skip_line(r: &mut dyn BufRead) -> std::io::Result<usize> {
    let mut skipped = 0;
    loop {
        let buf = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(skipped);
        }
        let (n, done) = match memchr::memchr(b'\n', buf) {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        r.consume(n);
        skipped += n;
        if done {
            return Ok(skipped);
        }
    }
}

/// One JSON Lines record (`buf`, line `number`, `id_here` = `FILE:LINE`)
/// → an item with its text, or a `json` error item.
fn parse_record(buf: &[u8], number: usize, id_here: &str, j: &JsonlOptions) -> Item {
    match tifa::jsonl::parse_record(buf, number, &j.fields) {
        Ok(r) => Item {
            id: r.id.unwrap_or_else(|| id_here.to_string()),
            path: id_here.to_string(),
            format: "jsonl",
            payload: Payload::Text(r.text),
            hints: r.hints,
            extra: r.extra,
        },
        Err(e) => Item {
            id: e.id.unwrap_or_else(|| id_here.to_string()),
            path: id_here.to_string(),
            format: "text",
            payload: Payload::Failed(e.error, buf.len()),
            hints: Hints::default(),
            extra: None,
        },
    }
}

impl Iterator for JsonlItems {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        let mut buf = Vec::new();
        loop {
            if self.done {
                return None;
            }
            buf.clear();
            self.line += 1;
            let id_here = format!("{}:{}", self.name, self.line);
            // at most one byte over the limit is held; the rest of an
            // overlong line is skipped, not read into memory
            let limit = self.opts.max_doc_bytes as u64 + 1;
            let read = (&mut self.r)
                .take(limit)
                .read_until(b'\n', &mut buf)
                .and_then(|k| {
                    if buf.len() > self.opts.max_doc_bytes && buf.last() != Some(&b'\n') {
                        skip_line(&mut self.r).map(|more| k + more)
                    } else {
                        Ok(k)
                    }
                });
            let n = match read {
                Ok(0) => {
                    self.done = true;
                    return None;
                }
                Ok(k) => k,
                Err(e) => {
                    self.done = true;
                    return Some(failed(
                        &id_here,
                        &id_here,
                        "io",
                        format!("reading {}: {e}", self.name),
                        0,
                    ));
                }
            };
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            if n > self.opts.max_doc_bytes {
                return Some(failed(
                    &id_here,
                    &id_here,
                    "too_large",
                    format!(
                        "line of {n} bytes is over --max-doc-bytes {}",
                        self.opts.max_doc_bytes
                    ),
                    n,
                ));
            }
            return Some(Item {
                id: id_here.clone(),
                path: id_here,
                format: "jsonl",
                payload: Payload::Json {
                    line: std::mem::take(&mut buf),
                    number: self.line,
                    opts: std::sync::Arc::clone(&self.jsonl),
                },
                hints: Hints::default(),
                extra: None,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("*.txt", "a.txt"));
        assert!(glob_match("0??_*", "001_x"));
        assert!(!glob_match("*.txt", "a.html"));
    }
}
