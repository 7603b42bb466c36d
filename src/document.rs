//! [`Document`]: one analysed text with everything found in it.

use crate::clean::markup::Format;
use crate::offsets::OffsetMap;
use crate::record::{DocError, Meta, Quality, Records, Script};
use crate::span::Span;

/// One analysed document.
///
/// All spans refer to [`Document::text`], the normalized text;
/// [`Document::to_source`] takes any of them back to
/// [`Document::source`], the decoded input.
#[derive(Clone)]
pub struct Document {
    pub(crate) source: String,
    pub(crate) text: String,
    pub(crate) map: OffsetMap,
    pub(crate) encoding: &'static str,
    pub(crate) format: Format,
    pub(crate) script: Script,
    pub(crate) meta: Meta,
    pub(crate) quality: Quality,
    pub(crate) paragraphs: Vec<Span>,
    pub(crate) sentences: Vec<Span>,
    pub(crate) records: Records,
    pub(crate) errors: Vec<DocError>,
    pub(crate) source_bytes: usize,
}

impl std::fmt::Debug for Document {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Document")
            .field("source_bytes", &self.source_bytes)
            .field("text_bytes", &self.text.len())
            .field("paragraphs", &self.paragraphs.len())
            .field("sentences", &self.sentences.len())
            .field("errors", &self.errors)
            .finish_non_exhaustive()
    }
}

impl Document {
    /// An empty document carrying `error`: the record of an input that
    /// could not be read at all (so a batch never loses a document).
    pub fn unreadable(error: DocError, source_bytes: usize) -> Document {
        Document {
            source: String::new(),
            text: String::new(),
            map: OffsetMap::identity(0),
            encoding: "",
            format: Format::Text,
            script: Script::Simplified,
            meta: Meta::default(),
            quality: Quality::default(),
            paragraphs: Vec::new(),
            sentences: Vec::new(),
            records: Records::default(),
            errors: vec![error],
            source_bytes,
        }
    }

    /// The decoded source text, before any cleaning.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The normalized text all spans refer to.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text a span covers, or `""` for a span that is not this
    /// document's (never a panic).
    pub fn slice(&self, span: Span) -> &str {
        span.get(&self.text).unwrap_or("")
    }

    /// The source span a span of the normalized text came from.
    pub fn to_source(&self, span: Span) -> Span {
        self.map.to_source(span)
    }

    /// The map from normalized text to source.
    pub fn offset_map(&self) -> &OffsetMap {
        &self.map
    }

    /// Name of the encoding the bytes were decoded from (`UTF-8` for
    /// `&str` input).
    pub fn encoding(&self) -> &'static str {
        self.encoding
    }

    /// Byte length of the input as given (before decoding).
    pub fn source_bytes(&self) -> usize {
        self.source_bytes
    }

    /// What the source looked like (text, HTML, Markdown).
    pub fn format(&self) -> Format {
        self.format
    }

    /// The script the source was written in.
    pub fn script(&self) -> Script {
        self.script
    }

    /// Title, date, outlet, bylines.
    pub fn meta(&self) -> &Meta {
        &self.meta
    }

    /// What cleaning removed.
    pub fn quality(&self) -> &Quality {
        &self.quality
    }

    /// Paragraph spans, in order.
    pub fn paragraphs(&self) -> &[Span] {
        &self.paragraphs
    }

    /// Sentence spans, in order; they tile each paragraph.
    pub fn sentences(&self) -> &[Span] {
        &self.sentences
    }

    /// Sentences of one paragraph.
    pub fn sentences_in(&self, paragraph: Span) -> &[Span] {
        let a = self
            .sentences
            .partition_point(|s| s.start < paragraph.start);
        let b = self.sentences.partition_point(|s| s.end <= paragraph.end);
        self.sentences.get(a..b.max(a)).unwrap_or(&[])
    }

    /// Everything the extractors found.
    pub fn records(&self) -> &Records {
        &self.records
    }

    /// Problems met while reading this document.
    pub fn errors(&self) -> &[DocError] {
        &self.errors
    }

    /// True when the document was read without problems.
    pub fn is_clean(&self) -> bool {
        self.errors.is_empty()
    }
}
