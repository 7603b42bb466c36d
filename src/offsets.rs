//! [`OffsetMap`]: from spans of a derived text back to the text it came from.
//!
//! Every stage that rewrites text (cleaning, width folding, traditional →
//! simplified) records what it did as a list of segments that tile its
//! output. A segment is either *linear* — each output char stands for one
//! input char of the same UTF-8 length, so byte offsets inside it map one to
//! one — or a *replacement*, whose inside maps to its whole source range.
//! Maps of chained stages are [composed](OffsetMap::compose) into one, as
//! lindera's `OffsetMapping` does, and looked up by binary search.

use crate::span::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Seg {
    dst: usize,
    dst_len: usize,
    src: usize,
    src_len: usize,
    linear: bool,
}

impl Seg {
    #[inline]
    fn dst_end(&self) -> usize {
        self.dst + self.dst_len
    }

    /// Output with no source: it maps to a point.
    #[inline]
    fn is_insertion(&self) -> bool {
        !self.linear && self.src_len == 0
    }
}

/// Maps byte spans of a derived ("destination") text back to its source.
///
/// Built with [`OffsetMapBuilder`]; fields are private so the segments always
/// tile the destination text.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    segs: Vec<Seg>,
    dst_len: usize,
    src_len: usize,
}

impl OffsetMap {
    /// Gives back the room its segments were built with (a map that is
    /// kept; the maps of the stages in between are dropped as composed).
    pub(crate) fn shrink_to_fit(&mut self) {
        self.segs.shrink_to_fit();
    }
}

impl std::fmt::Debug for OffsetMap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OffsetMap")
            .field("segments", &self.segs.len())
            .field("dst_len", &self.dst_len)
            .field("src_len", &self.src_len)
            .finish()
    }
}

impl OffsetMap {
    /// The map of a stage that changed nothing.
    pub fn identity(len: usize) -> OffsetMap {
        let mut b = OffsetMapBuilder::new(len);
        b.copy(0, len);
        b.finish()
    }

    /// Length of the destination text the map was built for.
    pub fn dst_len(&self) -> usize {
        self.dst_len
    }

    /// Length of the source text.
    pub fn src_len(&self) -> usize {
        self.src_len
    }

    /// Number of segments (a measure of how much the stage rewrote).
    pub fn segments(&self) -> usize {
        self.segs.len()
    }

    /// True when destination and source are the same bytes.
    pub fn is_identity(&self) -> bool {
        self.dst_len == self.src_len && self.segs.iter().all(|s| s.linear && s.src == s.dst)
    }

    /// Index of the segment holding destination byte `pos` (the last one when
    /// `pos` is at the end).
    fn seg_at(&self, pos: usize) -> Option<usize> {
        if self.segs.is_empty() {
            return None;
        }
        let i = self.segs.partition_point(|s| s.dst <= pos);
        Some(i.saturating_sub(1))
    }

    /// [`seg_at`](Self::seg_at), trying segment `hint` and the one after it
    /// before a binary search (a walk in destination order needs no search).
    fn seg_at_near(&self, pos: usize, hint: usize) -> Option<usize> {
        for i in [hint, hint.saturating_add(1)] {
            let Some(s) = self.segs.get(i) else { break };
            if s.dst <= pos && self.segs.get(i + 1).is_none_or(|n| n.dst > pos) {
                return Some(i);
            }
        }
        self.seg_at(pos)
    }

    /// Source offset of destination position `pos`, read as the start of a
    /// span.
    pub fn start_of(&self, pos: usize) -> usize {
        let pos = pos.min(self.dst_len);
        let Some(i) = self.seg_at(pos) else {
            return pos.min(self.src_len);
        };
        let s = &self.segs[i];
        if pos >= s.dst_end() {
            return (s.src + s.src_len).min(self.src_len);
        }
        if s.linear {
            s.src + (pos - s.dst)
        } else {
            s.src
        }
    }

    /// Source offset of destination position `pos`, read as the end of a
    /// span.
    pub fn end_of(&self, pos: usize) -> usize {
        let pos = pos.min(self.dst_len);
        if pos == 0 {
            return self.start_of(0);
        }
        let Some(i) = self.seg_at(pos - 1) else {
            return pos.min(self.src_len);
        };
        let s = &self.segs[i];
        if s.linear {
            s.src + (pos - s.dst).min(s.src_len)
        } else {
            s.src + s.src_len
        }
    }

    /// The source span a destination span came from. An empty span maps to
    /// an empty span; out-of-range input is clamped, never a panic.
    pub fn to_source(&self, span: Span) -> Span {
        let start = self.start_of(span.start);
        if span.is_empty() {
            return Span::new(start, start);
        }
        let mut end = self.end_of(span.end);
        // Text inserted inside what an earlier stage replaced maps to a
        // point that can lie before the end of the text in front of it
        // (compose a replacement "a\n\n" for "\n" with an insertion after
        // the "a"): a span ending in inserted text reaches as far as the
        // last text in it that has a source.
        let last = span.end.min(self.dst_len);
        if last > span.start
            && let Some(mut i) = self.seg_at(last - 1)
        {
            while i > 0 && self.segs[i].is_insertion() && self.segs[i].dst > span.start {
                i -= 1;
                let s = &self.segs[i];
                if !s.is_insertion() {
                    end = end.max((s.src + s.src_len).min(self.src_len));
                    break;
                }
            }
        }
        Span {
            start,
            end: end.max(start),
        }
    }

    /// `self` maps a middle text to the source, `then` maps the destination
    /// to the middle text; the result maps destination to source directly.
    pub fn compose(&self, then: &OffsetMap) -> OffsetMap {
        let mut b = OffsetMapBuilder::new(self.src_len);
        // each piece ends at the end of one of `then`'s segments or of one
        // of `self`'s: no growing on the way
        b.segs.reserve(
            then.segs
                .len()
                .saturating_add(self.segs.len())
                .saturating_add(1),
        );
        let mut hint = 0; // the first map's segment where the last piece ended
        for g in &then.segs {
            if g.dst_len == 0 {
                continue;
            }
            if !g.linear {
                let sp = self.to_source(Span::new(g.src, g.src + g.src_len));
                b.replace(sp, g.dst_len);
                continue;
            }
            // split the linear segment at the first map's segment borders
            let mut m = g.src;
            let m_end = g.src + g.src_len;
            let mut i = self.seg_at_near(m, hint).unwrap_or(0);
            while m < m_end {
                let Some(f) = self.segs.get(i) else {
                    // beyond the first map: clamp to its end
                    b.replace(Span::new(self.src_len, self.src_len), m_end - m);
                    break;
                };
                let piece_end = m_end.min(f.dst_end());
                if piece_end <= m {
                    i += 1;
                    continue;
                }
                let len = piece_end - m;
                if f.linear {
                    b.copy(f.src + (m - f.dst), len);
                } else {
                    b.replace(Span::new(f.src, f.src + f.src_len), len);
                }
                m = piece_end;
                i += 1;
            }
            hint = i.saturating_sub(1);
        }
        b.finish()
    }
}

/// A map with fewer segments than this (2.5 MB of them) is always exact:
/// only a large document that changes every few bytes is ever coarsened.
const COARSEN_MIN_SEGS: usize = 1 << 16;
/// Above that, when segments average fewer output bytes than this, the map
/// is dense enough to be coarsened.
const DENSE_SEG_BYTES: usize = 16;
/// Coarsening merges neighbouring segments shorter than this.
const SHORT_SEG_BYTES: usize = 32;

/// Records a stage's output, segment by segment, in output order.
///
/// Memory stays bounded: a segment takes 40 bytes, and text that changes at
/// every char (a megabyte of `,,,,` widened to `，，，，`) would need one per
/// char. Past 65 536 segments averaging under 16 output bytes, neighbouring
/// short segments are merged into replacements, so a map takes about 3
/// bytes per output byte at most and offsets inside such stretches are
/// exact to within 64 bytes (still on char boundaries).
#[derive(Debug, Clone, Default)]
pub struct OffsetMapBuilder {
    segs: Vec<Seg>,
    dst: usize,
    src_len: usize,
    /// Segment count at which to consider coarsening next.
    coarsen_at: usize,
}

impl OffsetMapBuilder {
    /// A builder for a stage whose source is `src_len` bytes long.
    pub fn new(src_len: usize) -> OffsetMapBuilder {
        OffsetMapBuilder {
            segs: Vec::new(),
            dst: 0,
            src_len,
            coarsen_at: COARSEN_MIN_SEGS,
        }
    }

    /// Pushes a segment and coarsens a dense map (amortized O(1): the next
    /// check waits until the count has grown by a quarter).
    #[inline]
    fn push_seg(&mut self, seg: Seg) {
        self.segs.push(seg);
        if self.segs.len() >= self.coarsen_at.max(COARSEN_MIN_SEGS) {
            self.coarsen_check();
        }
    }

    /// The rare half of [`push_seg`](Self::push_seg), out of line so that
    /// the push itself is inlined where segments are made (compose, copy).
    #[cold]
    #[inline(never)]
    fn coarsen_check(&mut self) {
        if self.segs.len() * DENSE_SEG_BYTES > self.dst {
            self.coarsen();
        }
        self.coarsen_at = self.segs.len() + self.segs.len() / 4 + 1;
    }

    /// Merges runs of neighbouring short segments into replacements of the
    /// source they span.
    fn coarsen(&mut self) {
        let mut out: Vec<Seg> = Vec::with_capacity(self.segs.len() / 2 + 16);
        for s in self.segs.drain(..) {
            if let Some(last) = out.last_mut()
                && last.dst_len < SHORT_SEG_BYTES
                && s.dst_len < SHORT_SEG_BYTES
            {
                let lo = last.src.min(s.src);
                let hi = (last.src + last.src_len).max(s.src + s.src_len);
                last.src = lo;
                last.src_len = hi - lo;
                last.dst_len += s.dst_len;
                last.linear = false;
                continue;
            }
            out.push(s);
        }
        self.segs = out;
    }

    /// Bytes of output written so far.
    pub fn dst_len(&self) -> usize {
        self.dst
    }

    /// The next `len` output bytes are source bytes `src..src + len`, char
    /// for char with equal UTF-8 lengths.
    pub fn copy(&mut self, src: usize, len: usize) {
        if len == 0 {
            return;
        }
        if let Some(last) = self.segs.last_mut()
            && last.linear
            && last.src + last.src_len == src
        {
            last.dst_len += len;
            last.src_len += len;
            self.dst += len;
            return;
        }
        let seg = Seg {
            dst: self.dst,
            dst_len: len,
            src,
            src_len: len,
            linear: true,
        };
        self.dst += len;
        self.push_seg(seg);
    }

    /// The next `dst_len` output bytes replace source span `src` as a whole.
    pub fn replace(&mut self, src: Span, dst_len: usize) {
        if dst_len == 0 {
            return;
        }
        // insertions at one point are one segment
        if src.is_empty()
            && let Some(last) = self.segs.last_mut()
            && last.is_insertion()
            && last.src == src.start
        {
            last.dst_len += dst_len;
            self.dst += dst_len;
            return;
        }
        let seg = Seg {
            dst: self.dst,
            dst_len,
            src: src.start,
            src_len: src.len(),
            linear: false,
        };
        self.dst += dst_len;
        self.push_seg(seg);
    }

    /// The next `dst_len` output bytes have no source; they map to the empty
    /// span at source offset `at` (a paragraph break, say).
    pub fn insert(&mut self, at: usize, dst_len: usize) {
        self.replace(Span::new(at, at), dst_len);
    }

    /// The finished map.
    pub fn finish(self) -> OffsetMap {
        OffsetMap {
            segs: self.segs,
            dst_len: self.dst,
            src_len: self.src_len,
        }
    }
}

/// Output text together with the map of how it was made; what a rewriting
/// stage hands to the next.
#[derive(Debug, Clone, Default)]
pub struct MappedText {
    text: String,
    map: OffsetMapBuilder,
}

impl MappedText {
    /// Empty output for a source of `src_len` bytes.
    pub fn new(src_len: usize) -> MappedText {
        MappedText {
            text: String::new(),
            map: OffsetMapBuilder::new(src_len),
        }
    }

    /// Empty output with room for `cap` bytes.
    pub fn with_capacity(src_len: usize, cap: usize) -> MappedText {
        MappedText {
            text: String::with_capacity(cap),
            map: OffsetMapBuilder {
                // a segment per ~32 output bytes saves most regrowth
                segs: Vec::with_capacity((cap / 32).clamp(8, 4096)),
                ..OffsetMapBuilder::new(src_len)
            },
        }
    }

    /// The text written so far.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Length of the output so far.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// True when nothing has been written.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Appends `s`, which is source text starting at `src`, unchanged.
    pub fn copy(&mut self, s: &str, src: usize) {
        self.text.push_str(s);
        self.map.copy(src, s.len());
    }

    /// Appends `s` in place of source span `src`. When `s` has as many chars
    /// as the source span and each has the same UTF-8 length, pass
    /// `linear = true` so offsets inside stay exact.
    pub fn push_replacement(&mut self, s: &str, src: Span, linear: bool) {
        if linear && s.len() == src.len() {
            self.map.copy(src.start, s.len());
        } else {
            self.map.replace(src, s.len());
        }
        self.text.push_str(s);
    }

    /// Appends one char in place of the source char at `src`..`src + src_len`.
    pub fn push_char_for(&mut self, c: char, src: usize, src_len: usize) {
        let n = c.len_utf8();
        if n == src_len {
            self.map.copy(src, n);
        } else {
            self.map.replace(Span::new(src, src + src_len), n);
        }
        self.text.push(c);
    }

    /// Appends `s` with no source, anchored at source offset `at`.
    pub fn insert(&mut self, s: &str, at: usize) {
        self.map.insert(at, s.len());
        self.text.push_str(s);
    }

    /// Removes a trailing run of `chars` from the output (the map keeps
    /// tiling the text).
    pub fn trim_end_matches(&mut self, pred: impl Fn(char) -> bool) {
        let keep = self.text.trim_end_matches(pred).len();
        self.truncate(keep);
    }

    /// Cuts the output back to `len` bytes (a char boundary).
    pub fn truncate(&mut self, len: usize) {
        if len >= self.text.len() || !self.text.is_char_boundary(len) {
            return;
        }
        self.text.truncate(len);
        let segs = &mut self.map.segs;
        while let Some(last) = segs.last_mut() {
            if last.dst >= len {
                segs.pop();
            } else {
                if last.dst_end() > len {
                    let cut = last.dst_end() - len;
                    last.dst_len -= cut;
                    if last.linear {
                        last.src_len -= cut;
                    }
                }
                break;
            }
        }
        self.map.dst = len;
    }

    /// The last char written.
    pub fn last_char(&self) -> Option<char> {
        self.text.chars().next_back()
    }

    /// The text and its map.
    pub fn finish(self) -> (String, OffsetMap) {
        (self.text, self.map.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_maps_to_itself() {
        let m = OffsetMap::identity(10);
        assert_eq!(m.to_source(Span::new(2, 7)), Span::new(2, 7));
        assert!(m.is_identity());
        assert_eq!(m.to_source(Span::new(20, 30)), Span::new(10, 10));
    }

    #[test]
    fn deletion_and_replacement() {
        // source: "ab<x>cd" -> "abcd" then "ab" + "C" (for "cd") -> "abC"
        let src = "ab<x>cd";
        let mut t = MappedText::new(src.len());
        t.copy("ab", 0);
        t.copy("cd", 5);
        let (mid, m1) = t.finish();
        assert_eq!(mid, "abcd");
        assert_eq!(m1.to_source(Span::new(1, 3)), Span::new(1, 6));
        let mut t2 = MappedText::new(mid.len());
        t2.copy("ab", 0);
        t2.push_replacement("C", Span::new(2, 4), false);
        let (out, m2) = t2.finish();
        assert_eq!(out, "abC");
        let m = m1.compose(&m2);
        assert_eq!(m.to_source(Span::new(2, 3)), Span::new(5, 7));
        assert_eq!(m.to_source(Span::new(0, 3)), Span::new(0, 7));
        assert_eq!(&src[m.to_source(Span::new(0, 2)).range()], "ab");
    }

    #[test]
    fn truncate_keeps_tiling() {
        let mut t = MappedText::new(6);
        t.copy("abc", 0);
        t.insert("\n\n", 3);
        t.copy("def", 3);
        t.truncate(4);
        let (s, m) = t.finish();
        assert_eq!(s, "abc\n");
        assert_eq!(m.dst_len(), 4);
        assert_eq!(m.to_source(Span::new(0, 4)), Span::new(0, 3));
    }
}
