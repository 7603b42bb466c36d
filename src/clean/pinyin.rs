//! Pinyin glosses after Han characters: 領(lǐng)導(dǎo) → 領導.
//!
//! Only tone-marked pinyin in parentheses right after a Han character goes;
//! “(记者 张军亚)”, “(扩大)” and “GDP(国内生产总值)” stay.

use crate::normalize::width::is_han;
use crate::offsets::MappedText;

#[inline]
fn is_tone_vowel(c: char) -> bool {
    matches!(
        c,
        'ā' | 'á'
            | 'ǎ'
            | 'à'
            | 'ē'
            | 'é'
            | 'ě'
            | 'è'
            | 'ī'
            | 'í'
            | 'ǐ'
            | 'ì'
            | 'ō'
            | 'ó'
            | 'ǒ'
            | 'ò'
            | 'ū'
            | 'ú'
            | 'ǔ'
            | 'ù'
            | 'ǖ'
            | 'ǘ'
            | 'ǚ'
            | 'ǜ'
            | 'ń'
            | 'ň'
            | 'ǹ'
            | 'ḿ'
    )
}

/// Length in bytes of a gloss starting at `s[0]` (an opening parenthesis),
/// or `None`.
fn gloss_len(s: &str) -> Option<usize> {
    let mut it = s.char_indices();
    let (_, open) = it.next()?;
    if open != '(' && open != '（' {
        return None;
    }
    let mut letters = 0;
    let mut toned = false;
    for (i, c) in it {
        if c == ')' || c == '）' {
            return (letters > 0 && toned).then_some(i + c.len_utf8());
        }
        if is_tone_vowel(c) {
            toned = true;
        } else if !(c.is_ascii_lowercase() || c == 'ü' || c == 'ê') {
            return None;
        }
        letters += 1;
        if letters > 7 {
            return None;
        }
    }
    None
}

/// Removes pinyin glosses; `None` when there are none. Also returns how
/// many were removed.
pub fn remove_glosses(s: &str) -> Option<(MappedText, usize)> {
    let b = s.as_bytes();
    // Every '(' and every '（', in order (EF, the lead byte of '（', also
    // leads the full-width comma: looking at each EF was most of the cost).
    let mut ascii = memchr::memchr_iter(b'(', b).peekable();
    // (the searcher built once: building one costs more than searching
    // most documents)
    static WIDE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("（".as_bytes()));
    let mut wide = WIDE.find_iter(b).peekable();
    let opens = std::iter::from_fn(|| match (ascii.peek(), wide.peek()) {
        (Some(a), Some(w)) if a < w => ascii.next(),
        (_, Some(_)) => wide.next(),
        _ => ascii.next(),
    });
    remove_at(s, opens)
}

/// [`remove_glosses`] looking at the brackets opening at `opens` (in order).
fn remove_at(s: &str, opens: impl Iterator<Item = usize>) -> Option<(MappedText, usize)> {
    let mut out: Option<MappedText> = None;
    let mut run = 0;
    let mut count = 0;
    for pos in opens {
        if pos < run || !s.is_char_boundary(pos) {
            continue;
        }
        let Some(len) = s.get(pos..).and_then(gloss_len) else {
            continue;
        };
        // right after a removed gloss counts as after its Han character,
        // so `的(ā)(ā)` loses both (and a second pass has nothing to do)
        let after_gloss = out.is_some() && pos == run;
        let prev_han = after_gloss || s[..pos].chars().next_back().is_some_and(is_han);
        if !prev_han {
            continue;
        }
        let o = out.get_or_insert_with(|| MappedText::with_capacity(s.len(), s.len()));
        o.copy(&s[run..pos], run);
        run = pos + len;
        count += 1;
    }
    let mut o = out?;
    o.copy(&s[run..], run);
    Some((o, count))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_only_toned_pinyin_after_han() {
        let (t, n) =
            remove_glosses("領(lǐng)導(dǎo)和現（xiàn）在(记者 张军亚)(扩大)GDP(gdp)").unwrap();
        assert_eq!(t.as_str(), "領導和現在(记者 张军亚)(扩大)GDP(gdp)");
        assert_eq!(n, 3);
        assert!(remove_glosses("会议(扩大)，a(lǐng)").is_none());
    }

    proptest::proptest! {
        /// The brackets found by memchr/memmem are the ones a walk over
        /// every char finds.
        #[test]
        fn opens_found_as_a_char_walk_finds_them(picks in proptest::collection::vec(0usize..16, 0..60)) {
            let alphabet = ["領", "导", "(", "（", ")", "）", "lǐng", "dǎo", "，", "：", "x", " ", "记者", "ā", "GDP", "。"];
            let s: String = picks.iter().map(|&k| alphabet[k]).collect();
            let walk = s.char_indices().filter(|&(_, c)| c == '(' || c == '（').map(|(i, _)| i);
            let fast = remove_glosses(&s).map(|(t, n)| (t.finish().0, n));
            let slow = remove_at(&s, walk).map(|(t, n)| (t.finish().0, n));
            proptest::prop_assert_eq!(fast, slow);
        }
    }
}
