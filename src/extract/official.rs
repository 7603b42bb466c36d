//! Stub: to be filled in.

use super::{Context, Extractor};
use crate::record::Records;

/// Stub extractor.
#[derive(Debug, Default)]
pub struct OfficialExtractor {}

impl OfficialExtractor {
    /// Builds the extractor.
    pub fn new() -> OfficialExtractor {
        OfficialExtractor {}
    }
}

impl Extractor for OfficialExtractor {
    fn extract(&self, _cx: &Context<'_>, _out: &mut Records) {}
}
