//! Paragraphs and sentences as spans that tile the text.

use crate::span::Span;

pub mod sentence;
pub mod words;

pub use sentence::{SentenceOptions, split_sentences};
pub use words::{Word, WordSegmenter};

/// Paragraph spans of normalized text: one per `\n`-separated line that is
/// not empty. The separators themselves belong to no paragraph.
pub fn split_paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::with_capacity(8 + text.len() / 256);
    let mut start = 0;
    for i in memchr::memchr_iter(b'\n', text.as_bytes()) {
        if i > start {
            out.push(Span::new(start, i));
        }
        start = i + 1;
    }
    if text.len() > start {
        out.push(Span::new(start, text.len()));
    }
    out
}

/// Builds a [`Context`](crate::extract::Context)'s spans from bare text:
/// paragraphs, then sentences with default options. For tests and tools.
pub fn spans_of(text: &str) -> (Vec<Span>, Vec<Span>) {
    let paras = split_paragraphs(text);
    let sents = split_sentences(text, &paras, &SentenceOptions::default());
    (paras, sents)
}
