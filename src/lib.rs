//! tifa: Chinese policy texts into structured records.
#![forbid(unsafe_code)]
#![warn(missing_docs, missing_debug_implementations)]

pub mod analyzer;
#[cfg(feature = "rayon")]
pub mod batch;
pub mod clean;
pub mod decode;
pub mod document;
pub mod extract;
pub mod normalize;
pub mod offsets;
pub mod record;
pub mod segment;
pub mod span;
#[cfg(feature = "serde")]
pub mod wire;

pub use analyzer::{Analyzer, AnalyzerBuilder, Hints};
pub use document::Document;
pub use offsets::{MappedText, OffsetMap, OffsetMapBuilder};
pub use record::*;
pub use span::Span;
