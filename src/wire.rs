//! The JSON Lines record (`SCHEMA.md`): serialize-only views that borrow
//! from a [`Document`] and add `source_span`s through its offset map.

use serde::Serialize;

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

/// The serialized record.
#[derive(Debug, Serialize)]
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<&'a str>,
    /// Paragraph spans.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraphs: Option<&'a [Span]>,
    /// Sentence spans.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentences: Option<&'a [Span]>,
    /// Words, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub words: Option<Vec<WireWord>>,
    /// Officials.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub officials: Option<Vec<WireOfficial<'a>>>,
    /// Directive lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub directives: Option<Vec<WireDirective<'a>>>,
    /// Slogans.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slogans: Option<Vec<WireSlogan<'a>>>,
    /// Targets and facts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub targets: Option<Vec<WireTarget<'a>>>,
    /// Meetings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meetings: Option<Vec<WireMeeting<'a>>>,
    /// Cited documents.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documents: Option<Vec<WireCited<'a>>>,
    /// Extra input fields kept with `--keep-fields`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<&'a serde_json::Value>,
    /// Problems with this document.
    pub errors: Vec<DocError>,
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

    /// The record as one line of JSON (no trailing newline).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| {
            // never expected (every field serializes); still one valid line
            serde_json::json!({
                "id": self.id,
                "errors": [{"kind": "internal", "message": e.to_string()}],
            })
            .to_string()
        })
    }
}
