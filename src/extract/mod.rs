//! Extractors: each is built once (its regexes and automata compiled) and
//! then reads a [`Context`] — the normalized text with its paragraphs and
//! sentences — adding what it finds to [`Records`].
//!
//! They run in the order of [`Extractors::extract`]: officials first, so
//! directive speakers can be resolved against them.

use crate::record::{Meta, Records};
use crate::span::Span;

pub mod byline;
pub mod directive;
pub mod meeting;
pub mod numeral;
pub mod official;
pub mod slogan;
pub mod target;

/// What an extractor reads.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The normalized text.
    pub text: &'a str,
    /// Paragraph spans; they tile `text` up to the `\n` separators.
    pub paragraphs: &'a [Span],
    /// Sentence spans, in order; they tile each paragraph.
    pub sentences: &'a [Span],
    /// Title and date (the date resolves 今年), as cleaning found them.
    pub meta: &'a Meta,
}

impl Context<'_> {
    /// Runs `f` on the context of `text` (already normalized): paragraphs
    /// and sentences split with the default options, `meta` as given. For
    /// tests and tools that start from text rather than a document
    /// ([`crate::Analyzer`] builds the context itself).
    ///
    /// ```
    /// use tifa::extract::{Context, Extractor, target::TargetExtractor};
    /// use tifa::record::{Meta, Records};
    ///
    /// let mut out = Records::default();
    /// let text = "到2026年，全市经济总量迈上3000亿元台阶。";
    /// Context::with_text(text, &Meta::default(), |cx| {
    ///     TargetExtractor::new().extract(cx, &mut out)
    /// });
    /// assert_eq!(out.targets[0].year, Some(2026));
    /// ```
    pub fn with_text<R>(text: &str, meta: &Meta, f: impl FnOnce(&Context<'_>) -> R) -> R {
        let (paragraphs, sentences) = crate::segment::spans_of(text);
        f(&Context {
            text,
            paragraphs: &paragraphs,
            sentences: &sentences,
            meta,
        })
    }
}

/// A piece of the record an extractor fills.
pub trait Extractor: std::fmt::Debug + Send + Sync {
    /// Adds what it finds in `cx` to `out`. Must not panic on any input.
    fn extract(&self, cx: &Context<'_>, out: &mut Records);
}

/// All extractors, built once.
#[derive(Debug)]
pub struct Extractors {
    officials: official::OfficialExtractor,
    directives: directive::DirectiveExtractor,
    slogans: slogan::SloganExtractor,
    targets: target::TargetExtractor,
    meetings: meeting::MeetingExtractor,
}

impl Default for Extractors {
    fn default() -> Self {
        Extractors::new()
    }
}

impl Extractors {
    /// Builds every extractor from the embedded lexicons.
    pub fn new() -> Extractors {
        Extractors {
            officials: official::OfficialExtractor::new(),
            directives: directive::DirectiveExtractor::new(),
            slogans: slogan::SloganExtractor::new(),
            targets: target::TargetExtractor::new(),
            meetings: meeting::MeetingExtractor::new(),
        }
    }

    /// Runs them all and reads the bylines (which go to `meta`); the
    /// officials extractor's byline scan serves both.
    pub fn extract_all(&self, cx: &Context<'_>) -> (Records, Vec<crate::record::Byline>) {
        let mut out = Records::default();
        let (officials, bylines) = self.officials.officials_and_bylines(cx);
        out.officials = officials;
        self.rest(cx, &mut out);
        (out, bylines)
    }

    /// Adds the people an author field names (front matter, HTML `<meta>`)
    /// to `bylines`, before those found in the text, unless the text already
    /// credits them.
    pub fn add_author_field(&self, bylines: &mut Vec<crate::record::Byline>, value: &str) {
        let found: Vec<_> = self
            .officials
            .byline_extractor()
            .from_author_field(value)
            .into_iter()
            .filter(|b| !bylines.iter().any(|k| k.name == b.name))
            .collect();
        bylines.splice(0..0, found);
    }

    /// Runs them all, officials first.
    pub fn extract(&self, cx: &Context<'_>) -> Records {
        let mut out = Records::default();
        self.officials.extract(cx, &mut out);
        self.rest(cx, &mut out);
        out
    }

    /// The extractors after officials.
    fn rest(&self, cx: &Context<'_>, out: &mut Records) {
        self.directives.extract(cx, out);
        self.slogans.extract(cx, out);
        self.targets.extract(cx, out);
        self.meetings.extract(cx, out);
    }
}

/// A xorshift64 generator for the extractors' randomized equivalence
/// tests: reproducible, no dependency.
#[cfg(test)]
pub(crate) struct XorShift(pub(crate) u64);

#[cfg(test)]
impl XorShift {
    /// The next state (13, 7, 17 shifts).
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A text of `n` pieces drawn from `pieces` (the random texts of the
    /// extractors' equivalence tests).
    pub(crate) fn text(&mut self, pieces: &[&str], n: usize) -> String {
        let mut t = String::new();
        for _ in 0..n {
            let k = (self.next() >> 33) as usize % pieces.len().max(1);
            t.push_str(pieces.get(k).copied().unwrap_or_default());
        }
        t
    }
}

/// The seed documents bundled for the tests (`tests/data/seeds`), as text:
/// the inputs the extractors' equivalence tests start from.
#[cfg(test)]
pub(crate) fn seed_texts() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/seeds");
    let texts: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect();
    assert!(!texts.is_empty(), "seeds in {dir}");
    texts
}
