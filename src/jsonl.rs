//! One JSON Lines record → the text to analyse, its id and hints (feature
//! `serde`).
//!
//! Archives often come as one JSON object per line, the article in one
//! field (`content_html`, `content`, …) and its metadata in others. This
//! is how `tifa extract` reads such a line; the same function is what its
//! fuzz target runs.
//!
//! ```
//! use tifa::jsonl::{JsonlFields, parse_record};
//!
//! let line = r#"{"url": "https://example.org/1", "title": "标题", "content": "项目为王。"}"#;
//! let r = parse_record(line.as_bytes(), 1, &JsonlFields::default()).unwrap();
//! assert_eq!(r.text, "项目为王。");
//! assert_eq!(r.id.as_deref(), Some("https://example.org/1"));
//! assert_eq!(r.hints.title.as_deref(), Some("标题"));
//! ```

use serde_json::Value;

use crate::analyzer::Hints;
use crate::record::DocError;

/// Fields tried for the text, in order, when none is named.
pub const TEXT_FIELDS: &[&str] = &["content_html", "content", "text", "body", "html", "article"];

/// Fields tried for the id, in order, when none is named.
pub const ID_FIELDS: &[&str] = &["id", "url", "doc_id", "uuid"];

/// Which fields of a record hold what. Paths may be dotted (`meta.title`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonlFields {
    /// The text's field; `None`: the first of [`TEXT_FIELDS`] that holds a
    /// string or a number.
    pub text_field: Option<String>,
    /// The id's field; `None`: the first of [`ID_FIELDS`] present.
    pub id_field: Option<String>,
    /// The title hint's field.
    pub title_field: String,
    /// The date hint's field.
    pub date_field: String,
    /// The author hint's field.
    pub author_field: String,
    /// Keep the record's other fields (all but the text) in
    /// [`JsonlRecord::extra`].
    pub keep_fields: bool,
}

impl Default for JsonlFields {
    fn default() -> Self {
        JsonlFields {
            text_field: None,
            id_field: None,
            title_field: "title".into(),
            date_field: "date".into(),
            author_field: "author".into(),
            keep_fields: false,
        }
    }
}

/// What a record holds for tifa.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonlRecord {
    /// The record's id, when it has one.
    pub id: Option<String>,
    /// The text to analyse (moved out of the record, not copied).
    pub text: String,
    /// Title and date hints.
    pub hints: Hints,
    /// The other fields, when [`JsonlFields::keep_fields`] is set.
    pub extra: Option<Value>,
}

/// Why a line gave no text: the record's id when it has one, and a `json`
/// error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonlError {
    /// The record's id, when the line was JSON and had one.
    pub id: Option<String>,
    /// What went wrong (kind `json`).
    pub error: DocError,
}

/// A dotted path into a JSON value (`meta.title`).
pub fn lookup<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

/// Whether [`as_text`] gives a text (without copying it).
fn is_text(v: &Value) -> bool {
    matches!(v, Value::String(_) | Value::Number(_))
}

/// A string, or a number as written.
fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The text at a dotted path, moved out of the record (no copy of a long
/// string, and kept fields do not repeat it); `None` unless [`as_text`]
/// would give one.
fn take_text(v: &mut Value, path: &str) -> Option<String> {
    let (parent, key) = match path.rsplit_once('.') {
        Some((p, k)) => (p.split('.').try_fold(v, |v, k| v.get_mut(k))?, k),
        None => (v, path),
    };
    match parent.as_object_mut()?.remove(key)? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Reads one record (`line`, line `number` of its file, for messages).
/// Never panics; a line that is not JSON, or has no text, is an error.
pub fn parse_record(
    line: &[u8],
    number: usize,
    fields: &JsonlFields,
) -> Result<JsonlRecord, JsonlError> {
    // Valid UTF-8 (checked by simdutf8, a vector at a time) is parsed as a
    // str, which serde_json does not validate again (it checks each string
    // with std's from_utf8, a char at a time: 11 instructions a byte of
    // Chinese); anything else takes from_slice, which says what is wrong.
    let parsed = match simdutf8::basic::from_utf8(line) {
        Ok(s) => serde_json::from_str(s),
        Err(_) => serde_json::from_slice(line),
    };
    let mut v: Value = parsed.map_err(|e| JsonlError {
        id: None,
        error: DocError::new("json", format!("invalid JSON on line {number}: {e}")),
    })?;
    let text_path = match &fields.text_field {
        Some(f) => lookup(&v, f).is_some_and(is_text).then_some(f.as_str()),
        None => TEXT_FIELDS
            .iter()
            .find(|f| v.get(**f).is_some_and(is_text))
            .copied(),
    };
    let id = match &fields.id_field {
        Some(f) => lookup(&v, f).and_then(as_text),
        None => ID_FIELDS.iter().find_map(|f| v.get(*f).and_then(as_text)),
    };
    let Some(text_path) = text_path else {
        let want = fields
            .text_field
            .clone()
            .unwrap_or_else(|| TEXT_FIELDS.join("|"));
        return Err(JsonlError {
            id,
            error: DocError::new("json", format!("line {number} has no text field {want}")),
        });
    };
    let hints = Hints {
        title: lookup(&v, &fields.title_field).and_then(as_text),
        date: lookup(&v, &fields.date_field).and_then(as_text),
        author: lookup(&v, &fields.author_field).and_then(as_text),
        ..Hints::default()
    };
    let text = take_text(&mut v, text_path).unwrap_or_default();
    Ok(JsonlRecord {
        id,
        text,
        hints,
        extra: fields.keep_fields.then_some(v),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_paths_and_errors() {
        let f = JsonlFields {
            text_field: Some("a.b".into()),
            keep_fields: true,
            ..JsonlFields::default()
        };
        let r = parse_record(r#"{"a":{"b":"正文","c":1},"id":7}"#.as_bytes(), 3, &f).unwrap();
        assert_eq!(r.text, "正文");
        assert_eq!(r.id.as_deref(), Some("7"));
        assert_eq!(r.extra, Some(serde_json::json!({"a": {"c": 1}, "id": 7})));
        let e = parse_record(br#"{"a":{"c":1},"url":"u"}"#, 3, &f).unwrap_err();
        assert_eq!(e.id.as_deref(), Some("u"));
        assert!(e.error.message.contains("line 3 has no text field a.b"));
        let e = parse_record(b"{bad", 9, &JsonlFields::default()).unwrap_err();
        assert_eq!((e.id, e.error.kind.as_str()), (None, "json"));
        // a number is text as written; the first text field that holds one wins
        let r = parse_record(
            br#"{"content":[1],"text":12.5}"#,
            1,
            &JsonlFields::default(),
        );
        assert_eq!(r.unwrap().text, "12.5");
    }
}
