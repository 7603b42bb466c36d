//! Stub: to be filled in.

use super::{Context, Extractor};
use crate::record::Records;

/// Stub extractor.
#[derive(Debug, Default)]
pub struct DirectiveExtractor {}

impl DirectiveExtractor {
    /// Builds the extractor.
    pub fn new() -> DirectiveExtractor {
        DirectiveExtractor {}
    }
}

impl Extractor for DirectiveExtractor {
    fn extract(&self, _cx: &Context<'_>, _out: &mut Records) {}
}
