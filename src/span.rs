//! Byte spans into a document's normalized text.

use std::fmt;
use std::ops::{Index, Range};

/// A half-open byte range `start..end`.
///
/// Spans stored in a [`Document`](crate::Document) refer to its normalized
/// text and always lie on `char` boundaries. `str` can be indexed by a span
/// directly; use [`Span::get`] when the span may be foreign.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(from = "[usize; 2]", into = "[usize; 2]"))]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (swapped if given in the wrong order).
    #[inline]
    pub const fn new(start: usize, end: usize) -> Span {
        if start <= end {
            Span { start, end }
        } else {
            Span {
                start: end,
                end: start,
            }
        }
    }

    /// Length in bytes.
    #[inline]
    pub const fn len(&self) -> usize {
        // fields are public: a hand-built reversed span is empty, not a panic
        self.end.saturating_sub(self.start)
    }

    /// True when the span covers nothing.
    #[inline]
    pub const fn is_empty(&self) -> bool {
        self.start >= self.end
    }

    /// As a `Range<usize>`.
    #[inline]
    pub const fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// True when `other` lies within `self`.
    #[inline]
    pub const fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The slice of `s` this span covers, or `None` when it is out of
    /// bounds or off a char boundary. Never panics.
    #[inline]
    pub fn get(self, s: &str) -> Option<&str> {
        s.get(self.start..self.end)
    }

    /// The span shifted right by `by` bytes.
    #[inline]
    pub const fn offset(self, by: usize) -> Span {
        Span {
            start: self.start + by,
            end: self.end + by,
        }
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

impl From<[usize; 2]> for Span {
    fn from(a: [usize; 2]) -> Span {
        Span::new(a[0], a[1])
    }
}

impl From<Span> for [usize; 2] {
    fn from(s: Span) -> [usize; 2] {
        [s.start, s.end]
    }
}

impl From<Span> for Range<usize> {
    fn from(s: Span) -> Range<usize> {
        s.range()
    }
}

impl Index<Span> for str {
    type Output = str;

    /// Panics like `&s[a..b]` when the span is out of bounds or not on a
    /// char boundary; spans from a [`Document`](crate::Document) never are.
    fn index(&self, span: Span) -> &str {
        &self[span.start..span.end]
    }
}

/// The largest char boundary of `s` that is `<= i` (0 when `i` is 0).
#[inline]
pub fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary of `s` that is `>= i`.
#[inline]
pub fn ceil_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_and_get() {
        let s = "项目为王";
        let sp = Span::new(3, 9);
        assert_eq!(&s[sp], "目为");
        assert_eq!(Span::new(1, 3).get(s), None);
        assert_eq!(Span::new(9, 3), sp);
        assert_eq!(format!("{sp:?}"), "3..9");
    }

    #[test]
    fn boundaries() {
        let s = "a项b";
        assert_eq!(floor_char_boundary(s, 2), 1);
        assert_eq!(ceil_char_boundary(s, 2), 4);
        assert_eq!(ceil_char_boundary(s, 99), 5);
    }
}
