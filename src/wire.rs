//! The JSON Lines record (`SCHEMA.md`): serialize-only views that borrow
//! from a [`Document`] and add `source_span`s through its offset map.

use serde::Serialize;
use serde::ser::SerializeStruct;

use crate::document::Document;
use crate::record::{
    CitedDocument, Comparator, DocError, Meeting, Meta, ParentRef, Quality, Script, SloganKind,
    TargetKind,
};
use crate::span::Span;

/// Version of the record layout.
pub const SCHEMA_VERSION: u32 = 1;

/// Where the document came from.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SourceInfo<'a> {
    /// Path of the file, or `file:line` for a JSONL record, or `-`.
    pub path: &'a str,
    /// Bytes of input.
    pub bytes: usize,
    /// Encoding decoded from.
    pub encoding: &'a str,
    /// `text`, `html`, `markdown`, `jsonl`.
    pub format: &'a str,
}

/// Which parts of the record to write; all by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fields {
    /// `text`.
    pub text: bool,
    /// `paragraphs`.
    pub paragraphs: bool,
    /// `sentences`.
    pub sentences: bool,
    /// `officials`.
    pub officials: bool,
    /// `directives`.
    pub directives: bool,
    /// `slogans`.
    pub slogans: bool,
    /// `targets`.
    pub targets: bool,
    /// `meetings`.
    pub meetings: bool,
    /// `documents`.
    pub documents: bool,
    /// `source_span(s)` next to every span.
    pub source_spans: bool,
}

impl Default for Fields {
    fn default() -> Self {
        Fields {
            text: true,
            paragraphs: true,
            sentences: true,
            officials: true,
            directives: true,
            slogans: true,
            targets: true,
            meetings: true,
            documents: true,
            source_spans: true,
        }
    }
}

impl Fields {
    /// Names accepted by [`Fields::parse`].
    pub const NAMES: &'static [&'static str] = &[
        "text",
        "paragraphs",
        "sentences",
        "officials",
        "directives",
        "slogans",
        "targets",
        "meetings",
        "documents",
        "source_spans",
    ];

    /// Parses a comma-separated list: names to keep, or `-name` to drop from
    /// the default set (`-text,-sentences`).
    pub fn parse(list: &str) -> Result<Fields, String> {
        let items: Vec<&str> = list
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let dropping = items.iter().all(|i| i.starts_with('-'));
        let mut f = if dropping {
            Fields::default()
        } else {
            Fields::none()
        };
        for it in items {
            let (on, name) = match it.strip_prefix('-') {
                Some(n) => (false, n),
                None => (true, it),
            };
            let slot = match name {
                "text" => &mut f.text,
                "paragraphs" => &mut f.paragraphs,
                "sentences" => &mut f.sentences,
                "officials" => &mut f.officials,
                "directives" => &mut f.directives,
                "slogans" => &mut f.slogans,
                "targets" => &mut f.targets,
                "meetings" => &mut f.meetings,
                "documents" => &mut f.documents,
                "source_spans" => &mut f.source_spans,
                other => {
                    return Err(format!(
                        "unknown field {other:?}; known: {}",
                        Fields::NAMES.join(", ")
                    ));
                }
            };
            *slot = on;
        }
        Ok(f)
    }

    fn none() -> Fields {
        Fields {
            text: false,
            paragraphs: false,
            sentences: false,
            officials: false,
            directives: false,
            slogans: false,
            targets: false,
            meetings: false,
            documents: false,
            source_spans: false,
        }
    }
}

/// A word in the optional `words` list: `[start, end, tag]`.
#[derive(Debug, Clone, Serialize)]
pub struct WireWord(pub usize, pub usize, pub &'static str);

/// The serialized record (fields in this order; `None` fields are left
/// out).
#[derive(Debug)]
pub struct Record<'a> {
    /// Document id.
    pub id: &'a str,
    /// Record layout version.
    pub schema_version: u32,
    /// Where it came from.
    pub source: SourceInfo<'a>,
    /// Script of the source.
    pub script: Script,
    /// Title, date, outlet, bylines.
    pub meta: &'a Meta,
    /// What cleaning removed.
    pub quality: &'a Quality,
    /// Normalized text.
    pub text: Option<&'a str>,
    /// Paragraph spans.
    pub paragraphs: Option<&'a [Span]>,
    /// Sentence spans.
    pub sentences: Option<&'a [Span]>,
    /// Words, when asked for.
    pub words: Option<Vec<WireWord>>,
    /// Officials.
    pub officials: Option<Vec<WireOfficial<'a>>>,
    /// Directive lists.
    pub directives: Option<Vec<WireDirective<'a>>>,
    /// Slogans.
    pub slogans: Option<Vec<WireSlogan<'a>>>,
    /// Targets and facts.
    pub targets: Option<Vec<WireTarget<'a>>>,
    /// Meetings.
    pub meetings: Option<Vec<WireMeeting<'a>>>,
    /// Cited documents.
    pub documents: Option<Vec<WireCited<'a>>>,
    /// Extra input fields kept with `--keep-fields`.
    pub input: Option<&'a serde_json::Value>,
    /// Problems with this document.
    pub errors: Vec<DocError>,
}

/// How many fields [`Record::head`] writes.
const HEAD_FIELDS: usize = 6;

/// Writes the fields of a [`Record`] before `text` (`head`) or after it.
impl Record<'_> {
    fn head<S: SerializeStruct>(&self, st: &mut S) -> Result<(), S::Error> {
        st.serialize_field("id", self.id)?;
        st.serialize_field("schema_version", &self.schema_version)?;
        st.serialize_field("source", &self.source)?;
        st.serialize_field("script", &self.script)?;
        st.serialize_field("meta", self.meta)?;
        st.serialize_field("quality", self.quality)
    }

    /// How many fields [`Record::tail`] writes (formats such as CBOR write
    /// the count before the fields).
    fn tail_len(&self) -> usize {
        let some = [
            self.paragraphs.is_some(),
            self.sentences.is_some(),
            self.words.is_some(),
            self.officials.is_some(),
            self.directives.is_some(),
            self.slogans.is_some(),
            self.targets.is_some(),
            self.meetings.is_some(),
            self.documents.is_some(),
            self.input.is_some(),
        ];
        1 + some.iter().filter(|s| **s).count()
    }

    fn tail<S: SerializeStruct>(&self, st: &mut S) -> Result<(), S::Error> {
        fn opt<S: SerializeStruct, T: Serialize + ?Sized>(
            st: &mut S,
            key: &'static str,
            v: Option<&T>,
        ) -> Result<(), S::Error> {
            match v {
                Some(v) => st.serialize_field(key, v),
                None => st.skip_field(key),
            }
        }
        opt(st, "paragraphs", self.paragraphs)?;
        opt(st, "sentences", self.sentences)?;
        opt(st, "words", self.words.as_deref())?;
        opt(st, "officials", self.officials.as_deref())?;
        opt(st, "directives", self.directives.as_deref())?;
        opt(st, "slogans", self.slogans.as_deref())?;
        opt(st, "targets", self.targets.as_deref())?;
        opt(st, "meetings", self.meetings.as_deref())?;
        opt(st, "documents", self.documents.as_deref())?;
        opt(st, "input", self.input)?;
        st.serialize_field("errors", &self.errors)
    }
}

/// The fields of a record before `text` (`.1`) or after it, as an object.
struct Part<'r, 'a>(&'r Record<'a>, bool);

impl Serialize for Part<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let len = if self.1 {
            HEAD_FIELDS
        } else {
            self.0.tail_len()
        };
        let mut st = s.serialize_struct("Record", len)?;
        if self.1 {
            self.0.head(&mut st)?;
        } else {
            self.0.tail(&mut st)?;
        }
        st.end()
    }
}

impl Serialize for Record<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let len = HEAD_FIELDS + usize::from(self.text.is_some()) + self.tail_len();
        let mut st = s.serialize_struct("Record", len)?;
        self.head(&mut st)?;
        match self.text {
            Some(t) => st.serialize_field("text", t)?,
            None => st.skip_field("text")?,
        }
        self.tail(&mut st)?;
        st.end()
    }
}

/// Appends `s` as a JSON string, escaped as serde_json escapes it: `"` and
/// `\` with a backslash, control characters as `\n`, `\t`, … or `\u00xx`,
/// everything else as is. Eight bytes at a time where none needs escaping
/// (serde_json looks up every byte in a table: the record's text was most
/// of the time spent writing JSON).
pub fn push_json_str(out: &mut String, s: &str) {
    const L: u64 = 0x0101_0101_0101_0101;
    const H: u64 = 0x8080_8080_8080_8080;
    // Whether one of the eight bytes is a control char, `"` or `\` (no
    // false positives: a byte flagged only by a borrow lies above a byte
    // that is flagged truly).
    let special = |x: u64| {
        let q = x ^ (L * u64::from(b'"'));
        let b = x ^ (L * u64::from(b'\\'));
        ((x.wrapping_sub(L * 0x20) & !x) | (q.wrapping_sub(L) & !q) | (b.wrapping_sub(L) & !b)) & H
            != 0
    };
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push('"');
    // `s[run..i]` is waiting to be copied (`run` and `i` follow ASCII bytes:
    // char boundaries).
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(w) = bytes
            .get(i..i + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
            && !special(u64::from_le_bytes(w))
        {
            i += 8;
            continue;
        }
        // a word with something to escape, or the last bytes: one by one
        let stop = (i + 8).min(bytes.len());
        while i < stop {
            let c = bytes[i];
            let esc = match c {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\t' => "\\t",
                b'\r' => "\\r",
                0x08 => "\\b",
                0x0C => "\\f",
                0..0x20 => "",
                _ => {
                    i += 1;
                    continue;
                }
            };
            out.push_str(s.get(run..i).unwrap_or_default());
            if esc.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(c >> 4)]));
                out.push(char::from(HEX[usize::from(c & 0xF)]));
            } else {
                out.push_str(esc);
            }
            i += 1;
            run = i;
        }
    }
    out.push_str(s.get(run..).unwrap_or_default());
    out.push('"');
}

/// An official with source spans.
#[derive(Debug, Serialize)]
pub struct WireOfficial<'a> {
    /// Name.
    pub name: Option<&'a str>,
    /// Title.
    pub title: Option<&'a str>,
    /// Masked name.
    pub masked: bool,
    /// Mentions in `text`.
    pub mentions: &'a [Span],
    /// Mentions in the source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_spans: Option<Vec<Span>>,
}

/// A directive list.
#[derive(Debug, Serialize)]
pub struct WireDirective<'a> {
    /// Index in the list.
    pub id: usize,
    /// Speaker.
    pub speaker: Option<&'a str>,
    /// Numbered or parallel.
    pub numbered: bool,
    /// Marker family.
    pub style: &'a str,
    /// Enclosing item.
    pub parent: Option<ParentRef>,
    /// Items.
    pub items: Vec<WireItem<'a>>,
}

/// A directive item.
#[derive(Debug, Serialize)]
pub struct WireItem<'a> {
    /// Ordinal.
    pub ordinal: u32,
    /// Marker as written.
    pub marker: &'a str,
    /// First clause.
    pub headline: &'a str,
    /// Whole item.
    pub text: &'a str,
    /// Span in `text`.
    pub span: Span,
    /// Span in the source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_span: Option<Span>,
}

/// A slogan.
#[derive(Debug, Serialize)]
pub struct WireSlogan<'a> {
    /// Formulation.
    pub text: &'a str,
    /// Kind.
    pub kind: SloganKind,
    /// Occurrences.
    pub count: usize,
    /// Spans in `text`.
    pub spans: &'a [Span],
    /// Spans in the source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_spans: Option<Vec<Span>>,
}

/// A target.
#[derive(Debug, Serialize)]
pub struct WireTarget<'a> {
    /// Goal or fact.
    pub kind: TargetKind,
    /// Phrase.
    pub text: &'a str,
    /// Year.
    pub year: Option<i32>,
    /// Scope.
    pub scope: Option<&'a str>,
    /// Indicator.
    pub indicator: Option<&'a str>,
    /// Comparator.
    pub comparator: Comparator,
    /// Value in base units.
    pub value: f64,
    /// Unit.
    pub unit: &'a str,
    /// Span in `text`.
    pub span: Span,
    /// Span in the source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_span: Option<Span>,
}

/// A meeting.
#[derive(Debug, Serialize)]
pub struct WireMeeting<'a> {
    /// Name.
    pub name: &'a str,
    /// Date as written.
    pub date: Option<&'a str>,
    /// Span in `text`.
    pub span: Span,
    /// Span in the source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_span: Option<Span>,
}

/// A cited document.
#[derive(Debug, Serialize)]
pub struct WireCited<'a> {
    /// Title.
    pub title: &'a str,
    /// Span in `text`.
    pub span: Span,
    /// Span in the source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_span: Option<Span>,
}

impl<'a> Record<'a> {
    /// The record of `doc`, with the parts `fields` asks for.
    pub fn new(
        id: &'a str,
        source: SourceInfo<'a>,
        doc: &'a Document,
        fields: Fields,
    ) -> Record<'a> {
        let r = doc.records();
        let src = |s: Span| fields.source_spans.then(|| doc.to_source(s));
        let srcs = |v: &[Span]| {
            fields
                .source_spans
                .then(|| v.iter().map(|s| doc.to_source(*s)).collect())
        };
        Record {
            id,
            schema_version: SCHEMA_VERSION,
            source,
            script: doc.script(),
            meta: doc.meta(),
            quality: doc.quality(),
            text: fields.text.then(|| doc.text()),
            paragraphs: fields.paragraphs.then(|| doc.paragraphs()),
            sentences: fields.sentences.then(|| doc.sentences()),
            words: None,
            officials: fields.officials.then(|| {
                r.officials
                    .iter()
                    .map(|o| WireOfficial {
                        name: o.name.as_deref(),
                        title: o.title.as_deref(),
                        masked: o.masked,
                        mentions: &o.mentions,
                        source_spans: srcs(&o.mentions),
                    })
                    .collect()
            }),
            directives: fields.directives.then(|| {
                r.directives
                    .iter()
                    .map(|d| WireDirective {
                        id: d.id,
                        speaker: d.speaker.as_deref(),
                        numbered: d.numbered,
                        style: &d.style,
                        parent: d.parent,
                        items: d
                            .items
                            .iter()
                            .map(|i| WireItem {
                                ordinal: i.ordinal,
                                marker: &i.marker,
                                headline: &i.headline,
                                text: &i.text,
                                span: i.span,
                                source_span: src(i.span),
                            })
                            .collect(),
                    })
                    .collect()
            }),
            slogans: fields.slogans.then(|| {
                r.slogans
                    .iter()
                    .map(|s| WireSlogan {
                        text: &s.text,
                        kind: s.kind,
                        count: s.count,
                        spans: &s.spans,
                        source_spans: srcs(&s.spans),
                    })
                    .collect()
            }),
            targets: fields.targets.then(|| {
                r.targets
                    .iter()
                    .map(|t| WireTarget {
                        kind: t.kind,
                        text: &t.text,
                        year: t.year,
                        scope: t.scope.as_deref(),
                        indicator: t.indicator.as_deref(),
                        comparator: t.comparator,
                        value: t.value,
                        unit: &t.unit,
                        span: t.span,
                        source_span: src(t.span),
                    })
                    .collect()
            }),
            meetings: fields.meetings.then(|| {
                r.meetings
                    .iter()
                    .map(|m: &Meeting| WireMeeting {
                        name: &m.name,
                        date: m.date.as_deref(),
                        span: m.span,
                        source_span: src(m.span),
                    })
                    .collect()
            }),
            documents: fields.documents.then(|| {
                r.documents
                    .iter()
                    .map(|d: &CitedDocument| WireCited {
                        title: &d.title,
                        span: d.span,
                        source_span: src(d.span),
                    })
                    .collect()
            }),
            input: None,
            errors: doc.errors().to_vec(),
        }
    }

    /// Adds the `words` list.
    pub fn with_words(mut self, words: &[crate::segment::Word]) -> Self {
        self.words = Some(
            words
                .iter()
                .map(|w| WireWord(w.span.start, w.span.end, w.tag))
                .collect(),
        );
        self
    }

    /// The record as one line of JSON (no trailing newline): what
    /// `serde_json::to_string` gives, with the text escaped by
    /// [`push_json_str`].
    pub fn to_json(&self) -> String {
        self.fast_json().unwrap_or_else(|e| {
            // never expected (every field serializes); still one valid line
            serde_json::json!({
                "id": self.id,
                "errors": [{"kind": "internal", "message": e.to_string()}],
            })
            .to_string()
        })
    }

    fn fast_json(&self) -> serde_json::Result<String> {
        // `{"id":…,"quality":{…}}` less its `}`
        let mut out = serde_json::to_string(&Part(self, true))?;
        out.pop();
        if let Some(t) = self.text {
            out.reserve(t.len() + t.len() / 8 + 16);
            out.push_str(",\"text\":");
            push_json_str(&mut out, t);
        }
        // `{"paragraphs":…,"errors":[…]}` (never empty: `errors` is always
        // written) with its `{` made a `,`
        let tail = serde_json::to_string(&Part(self, false))?;
        out.push(',');
        out.push_str(tail.get(1..).unwrap_or("}"));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `push_json_str` as a JSON string literal.
    fn fast(s: &str) -> String {
        let mut out = String::new();
        push_json_str(&mut out, s);
        out
    }

    #[test]
    fn escapes_as_serde_json() {
        let every_ascii: String = (0u8..0x80).map(char::from).collect();
        for s in [
            "",
            "a",
            "\"",
            "\\",
            "一二三四五六七八\n",
            "中国网络电视台消息（新闻联播）：“三个一批”\r\n\t\u{7}\u{1f}\u{7f}end",
            every_ascii.as_str(),
        ] {
            assert_eq!(fast(s), serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    proptest! {
        #[test]
        fn escapes_any_string_as_serde_json(s in "(?s).{0,80}", t in "[\\x00-\\x7f一\"\\\\]{0,40}") {
            prop_assert_eq!(fast(&s), serde_json::to_string(&s).unwrap());
            prop_assert_eq!(fast(&t), serde_json::to_string(&t).unwrap());
        }
    }

    #[test]
    fn record_json_is_serde_json() {
        let analyzer = crate::Analyzer::new();
        let text = "<title>会议</title><p>会议指出，一要抓项目，二要“稳增长”。到2025年，GDP达到3000亿元。</p>\n<p>市委书记李卫东主持会议。\"引号\"\\ \t</p>";
        let doc = analyzer.analyze(text);
        for fields in [
            Fields::default(),
            Fields::parse("-text").unwrap(),
            Fields::parse("officials").unwrap(),
        ] {
            let mut rec = Record::new("id\"1", SourceInfo::default(), &doc, fields);
            let input = serde_json::json!({"x": "y\n"});
            rec.input = Some(&input);
            assert_eq!(rec.to_json(), serde_json::to_string(&rec).unwrap());
            // the field counts given to serialize_struct are the fields written
            let keys = |v: serde_json::Value| v.as_object().map_or(0, |o| o.len());
            assert_eq!(
                keys(serde_json::to_value(Part(&rec, true)).unwrap()),
                HEAD_FIELDS
            );
            assert_eq!(
                keys(serde_json::to_value(Part(&rec, false)).unwrap()),
                rec.tail_len()
            );
        }
    }
}
