//! Normalization: width and punctuation, white space, traditional →
//! simplified. Each stage returns `None` when it changes nothing, and
//! otherwise a [`MappedText`] whose map leads
//! back to its input.

#[cfg(feature = "opencc")]
pub mod opencc_backend;
pub mod t2s;
pub mod width;

use crate::offsets::MappedText;
use crate::record::Script;

/// The normalization stages, built once.
#[derive(Debug)]
pub struct Normalizer {
    t2s: t2s::T2s,
}

impl Default for Normalizer {
    fn default() -> Self {
        Normalizer::new()
    }
}

impl Normalizer {
    /// Builds the stages (the T→S tables are embedded).
    pub fn new() -> Normalizer {
        Normalizer {
            t2s: t2s::T2s::new(),
        }
    }

    /// The traditional → simplified converter.
    pub fn t2s(&self) -> &t2s::T2s {
        &self.t2s
    }

    /// The script of `s`: traditional when traditional-only characters are
    /// a tenth of its Han characters or more, mixed when fewer.
    pub(crate) fn script_of(&self, s: &str) -> Script {
        let (mut han, mut trad) = (0usize, 0usize);
        for c in s.chars() {
            if width::is_han(c) {
                han += 1;
                trad += usize::from(self.t2s.needs_conversion(c));
            }
        }
        if trad == 0 {
            Script::Simplified
        } else if trad * 10 >= han {
            Script::Traditional
        } else {
            Script::Mixed
        }
    }

    /// Runs the stages over `s`: the rewrites that changed something, in
    /// order (each maps back to the previous one's output), and the script
    /// `s` was written in.
    pub fn normalize(&self, s: &str) -> (Vec<MappedText>, Script) {
        let mut out = Vec::new();
        if let Some(t) = width::normalize(s) {
            out.push(t);
        }
        let cur = out.last().map_or(s, |t| t.as_str());
        let mut script = Script::Simplified;
        if let Some(t) = self.t2s.convert(cur) {
            script = self.script_of(cur);
            out.push(t);
        }
        (out, script)
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
