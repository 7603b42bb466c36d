//! tifa: Chinese policy texts into structured records.
#![forbid(unsafe_code)]
#![warn(missing_docs, missing_debug_implementations)]

pub mod extract;
pub mod normalize;
pub mod offsets;
pub mod record;
pub mod segment;
pub mod span;

pub use offsets::{MappedText, OffsetMap, OffsetMapBuilder};
pub use span::Span;
