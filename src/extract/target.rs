//! Stub: to be filled in.

use super::{Context, Extractor};
use crate::record::Records;

/// Stub extractor.
#[derive(Debug, Default)]
pub struct TargetExtractor {}

impl TargetExtractor {
    /// Builds the extractor.
    pub fn new() -> TargetExtractor {
        TargetExtractor {}
    }
}

impl Extractor for TargetExtractor {
    fn extract(&self, _cx: &Context<'_>, _out: &mut Records) {}
}
