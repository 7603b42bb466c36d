//! Stub: to be filled in.

use super::{Context, Extractor};
use crate::record::Records;

/// Stub extractor.
#[derive(Debug, Default)]
pub struct SloganExtractor {}

impl SloganExtractor {
    /// Builds the extractor.
    pub fn new() -> SloganExtractor {
        SloganExtractor {}
    }
}

impl Extractor for SloganExtractor {
    fn extract(&self, _cx: &Context<'_>, _out: &mut Records) {}
}
