//! tifa turns Chinese policy texts — speeches, meeting reports, "key
//! project" news, government work reports — into structured records:
//! directives, slogans, targets, officials, bylines, meetings, documents.
//!
//! # Example
//!
//! ```
//! use tifa::Analyzer;
//!
//! let analyzer = Analyzer::new();
//! let doc = analyzer.analyze("坚持“项目为王”不动摇。\n市委书记李卫东强调，一要提升思想认识。二要加快项目建设。");
//! assert_eq!(doc.paragraphs().len(), 2);
//! let first = doc.sentences()[0];
//! assert_eq!(doc.slice(first), "坚持“项目为王”不动摇。");
//! // every span leads back to the source bytes
//! assert_eq!(&doc.source()[doc.to_source(first).range()], "坚持“项目为王”不动摇。");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The pipeline
//!
//! One pass per document, each stage keeping a map back to the source:
//!
//! 1. **Decode** ([`decode`]): BOM, UTF-8, UTF-16, or a detected legacy
//!    encoding (GBK/GB18030, Big5); malformed bytes become U+FFFD.
//! 2. **Clean** ([`clean`]): markup (HTML through a WHATWG tokenizer, front
//!    matter, Markdown), pinyin glosses, then line by line: navigation,
//!    footers, related links, a body printed twice, spam and paywall
//!    notices go, counted in [`Quality`]; title, date and outlet go to
//!    [`Meta`].
//! 3. **Normalize** ([`normalize`]): traditional → simplified at phrase
//!    level, full-width/half-width, punctuation and quote forms, white space.
//! 4. **Segment** ([`segment`]): paragraphs and quote-aware sentences that
//!    tile the text; words on demand.
//! 5. **Extract** ([`extract`]): the records in [`Records`].
//!
//! # Offsets
//!
//! Every [`Span`] is a half-open byte range of [`Document::text`], the
//! normalized text. [`Document::to_source`] takes any span back to
//! [`Document::source`] through an [`OffsetMap`] composed from each stage's
//! edits.
//!
//! # Crate features
//!
//! | feature | default | adds |
//! |---|---|---|
//! | `serde` | yes | serde on records; the JSONL wire format ([`wire`]) |
//! | `rayon` | yes | `Analyzer::analyze_batch`, `Analyzer::analyze_stream` |
//! | `cli` | yes | the `tifa` binary |
//! | `opencc` | no | a second T→S backend through the system OpenCC, for parity checks |
//!
#![doc = include_str!("docs/untrusted.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs, missing_debug_implementations)]

pub mod analyzer;
#[cfg(feature = "rayon")]
pub mod batch;
pub mod clean;
pub mod decode;
pub mod document;
pub mod extract;
#[cfg(feature = "serde")]
pub mod jsonl;
pub mod normalize;
pub mod offsets;
pub mod record;
mod scratch;
pub mod segment;
pub mod span;
#[cfg(feature = "serde")]
pub mod wire;

pub use analyzer::{Analyzer, AnalyzerBuilder, Hints};
pub use document::Document;
pub use offsets::{MappedText, OffsetMap, OffsetMapBuilder};
pub use record::*;
pub use span::Span;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
