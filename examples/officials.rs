//! Prints the officials and bylines tifa finds in text files.
//!
//! ```text
//! cargo run --release --example officials -- FILE.txt [FILE.txt …]
//! cargo run --release --example officials -- --jsonl DOCS.jsonl
//! ```
//!
//! A `.txt` file is one document. With `--jsonl`, each line is a JSON object
//! with a `text` field (and optionally `id`). Output: one JSON object per
//! document with `id`, `officials` (name, title, masked, and the text of each
//! mention) and `bylines`.

use std::io::{BufRead, BufReader};

use serde_json::json;
use tifa::extract::Context;
use tifa::extract::byline::BylineExtractor;
use tifa::extract::official::OfficialExtractor;
use tifa::record::Meta;

fn show(id: &str, text: &str, off: &OfficialExtractor, by: &BylineExtractor) -> serde_json::Value {
    let (paragraphs, sentences) = tifa::segment::spans_of(text);
    let meta = Meta::default();
    let cx = Context {
        text,
        paragraphs: &paragraphs,
        sentences: &sentences,
        meta: &meta,
    };
    let officials: Vec<_> = off
        .officials(&cx)
        .into_iter()
        .map(|o| {
            let mentions: Vec<&str> = o.mentions.iter().filter_map(|s| s.get(text)).collect();
            json!({"name": o.name, "title": o.title, "masked": o.masked, "mentions": mentions})
        })
        .collect();
    let bylines: Vec<_> = by
        .extract(&cx)
        .into_iter()
        .map(|b| json!({"name": b.name, "role": format!("{:?}", b.role).to_lowercase()}))
        .collect();
    json!({"id": id, "officials": officials, "bylines": bylines})
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let off = OfficialExtractor::new();
    let by = BylineExtractor::new();
    let mut args = std::env::args().skip(1).peekable();
    let jsonl = args.peek().is_some_and(|a| a == "--jsonl");
    if jsonl {
        args.next();
    }
    for path in args {
        if jsonl {
            let f = BufReader::new(std::fs::File::open(&path)?);
            for (n, line) in f.lines().enumerate() {
                let line = line?;
                let v: serde_json::Value = serde_json::from_str(&line)?;
                let text = v["text"].as_str().unwrap_or("");
                let id = v["id"]
                    .as_str()
                    .map_or_else(|| n.to_string(), str::to_string);
                println!("{}", show(&id, text, &off, &by));
            }
        } else {
            let text = std::fs::read_to_string(&path)?;
            println!("{}", show(&path, &text, &off, &by));
        }
    }
    Ok(())
}
