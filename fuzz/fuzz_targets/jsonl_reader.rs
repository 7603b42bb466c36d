//! Any bytes read as one JSON Lines record, the way the `tifa` CLI reads
//! them: `tifa::jsonl::parse_record` with the default fields (text from
//! the first of `content_html`, `content`, `text`, `body`, `html`,
//! `article`; `title` and `date` as hints), plus an `encoding` field, when
//! the record has one, as the encoding label (then the text goes through
//! `analyze_bytes_with`). The document must keep every invariant, and
//! serialize to JSON.

#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use tifa::jsonl::{JsonlFields, parse_record};

#[path = "../../tests/invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let fields = JsonlFields {
        keep_fields: true,
        ..JsonlFields::default()
    };
    let Ok(r) = parse_record(data, 1, &fields) else {
        return;
    };
    let mut hints = r.hints;
    hints.encoding = r
        .extra
        .as_ref()
        .and_then(|v| v.get("encoding"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let a = invariants::analyzer();
    let doc = if hints.encoding.is_some() {
        a.analyze_bytes_with(r.text.as_bytes(), &hints)
    } else {
        a.analyze_with(&r.text, &hints)
    };
    invariants::check_document(&doc);
    // the record the CLI would write
    let mut rec = tifa::wire::Record::new(
        r.id.as_deref().unwrap_or("fuzz"),
        tifa::wire::SourceInfo {
            path: "fuzz",
            bytes: data.len(),
            encoding: doc.encoding(),
            format: "jsonl",
        },
        &doc,
        tifa::wire::Fields::default(),
    );
    rec.input = r.extra.as_ref();
    let line = rec.to_json();
    assert!(
        serde_json::from_str::<Value>(&line).is_ok(),
        "record is not JSON: {line}"
    );
});
