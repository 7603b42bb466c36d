//! Stub: to be filled in.

use super::{Context, Extractor};
use crate::record::Records;

/// Stub extractor.
#[derive(Debug, Default)]
pub struct MeetingExtractor {}

impl MeetingExtractor {
    /// Builds the extractor.
    pub fn new() -> MeetingExtractor {
        MeetingExtractor {}
    }
}

impl Extractor for MeetingExtractor {
    fn extract(&self, _cx: &Context<'_>, _out: &mut Records) {}
}
