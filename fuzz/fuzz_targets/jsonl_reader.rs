//! Any bytes read as one JSON Lines record, the way the `tifa` CLI reads
//! them (src/bin/tifa/input.rs, which a fuzz target cannot import): parse
//! with serde_json, take the text from the first of `content_html`,
//! `content`, `text`, `body`, `html`, `article` that is a string or a
//! number, `title` and `date` as hints, and an `encoding` field as the
//! encoding label (then the text goes through `analyze_bytes_with`). The
//! document must keep every invariant, and serialize to JSON.

#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use tifa::Hints;

#[path = "../../tests/invariants.rs"]
mod invariants;

const TEXT_FIELDS: &[&str] = &["content_html", "content", "text", "body", "html", "article"];

fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(v) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let Some(text) = TEXT_FIELDS.iter().find_map(|f| v.get(*f).and_then(as_text)) else {
        return;
    };
    let hints = Hints {
        title: v.get("title").and_then(as_text),
        date: v.get("date").and_then(as_text),
        source: v.get("source").and_then(as_text),
        encoding: v.get("encoding").and_then(as_text),
        ..Hints::default()
    };
    let a = invariants::analyzer();
    let doc = if hints.encoding.is_some() {
        a.analyze_bytes_with(text.as_bytes(), &hints)
    } else {
        a.analyze_with(&text, &hints)
    };
    invariants::check_document(&doc);
    // the record the CLI would write
    let rec = tifa::wire::Record::new(
        "fuzz",
        tifa::wire::SourceInfo {
            path: "fuzz",
            bytes: data.len(),
            encoding: doc.encoding(),
            format: "jsonl",
        },
        &doc,
        tifa::wire::Fields::default(),
    );
    let line = rec.to_json();
    assert!(
        serde_json::from_str::<Value>(&line).is_ok(),
        "record is not JSON: {line}"
    );
});
