//! Width, punctuation and white space, char by char.
//!
//! - full-width ASCII letters, digits and symbols → half-width (Ａ１％ → A1%);
//!   CJK punctuation (，。：；！？（）) stays full-width;
//! - ASCII `, ; : ? ! ( )` next to CJK text → full-width forms, so scraped
//!   text and clean text read alike (8:39 and http:// are left alone);
//! - 「」『』 and ASCII `"` next to CJK → “”‘’;
//! - U+3000, NBSP and other spaces → ASCII space; runs folded to one, and
//!   dropped at line ends; CR LF → LF; more than one blank line → one;
//! - zero-width and control characters removed.

use crate::offsets::MappedText;
use crate::span::Span;

/// True for Han ideographs and CJK punctuation/fullwidth forms: the
/// characters next to which ASCII punctuation is read as Chinese.
#[inline]
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}' | '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}' | '\u{2018}'..='\u{201D}' | '\u{2026}' | '\u{2014}')
}

/// True for Han ideographs only.
#[inline]
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}' | '\u{3007}')
}

#[inline]
fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{A0}' | '\u{3000}' | '\u{2000}'
            ..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{1680}' | '\u{0B}' | '\u{0C}'
    )
}

#[inline]
fn is_dropped(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    ) || (c.is_control() && c != '\n' && c != '\r' && !is_space(c))
}

/// What a char becomes, ignoring context; `None` when it stays.
#[inline]
fn fold(c: char) -> Option<char> {
    match c {
        // full-width digits, letters and the symbols that are ASCII at heart
        '０'..='９'
        | 'Ａ'..='Ｚ'
        | 'ａ'..='ｚ'
        | '％'
        | '＋'
        | '－'
        | '／'
        | '＝'
        | '＜'
        | '＞'
        | '＆'
        | '＠'
        | '＃'
        | '＄'
        | '＊'
        | '＿'
        | '＾'
        | '｀'
        | '＼'
        | '．' => char::from_u32(c as u32 - 0xFEE0),
        '「' => Some('“'),
        '」' => Some('”'),
        '『' => Some('‘'),
        '』' => Some('’'),
        '﹐' => Some('，'),
        '﹑' => Some('、'),
        '﹒' => Some('.'),
        '﹔' => Some('；'),
        '﹕' => Some('：'),
        '﹖' => Some('？'),
        '﹗' => Some('！'),
        _ => None,
    }
}

#[inline]
fn needs_look(c: char) -> bool {
    // Fast path: CJK ideographs and ASCII letters and digits (most of the
    // text) are never spaces, dropped, folded or widened.
    if c.is_ascii_alphanumeric() || ('\u{3400}'..='\u{9FFF}').contains(&c) {
        return false;
    }
    matches!(
        c,
        ',' | ';' | ':' | '?' | '!' | '(' | ')' | '"' | '＂' | '\r' | '\n'
    ) || is_space(c)
        || is_dropped(c)
        || fold(c).is_some()
}

/// Whether the bytes at `k` are one of the full-width punctuation marks
/// that fill Chinese text and never need a look (，。、：；！？（）“”《》): a
/// fast path, so the common marks are not decoded one by one.
#[inline]
fn plain_punct(bytes: &[u8], k: usize) -> bool {
    match bytes.get(k..k + 3) {
        Some(&[0xEF, 0xBC, b]) => matches!(b, 0x8C | 0x9A | 0x9B | 0x81 | 0x9F | 0x88 | 0x89),
        Some(&[0xE3, 0x80, b]) => matches!(b, 0x81 | 0x82 | 0x8A | 0x8B),
        Some(&[0xE2, 0x80, b]) => matches!(b, 0x9C | 0x9D),
        _ => false,
    }
}

/// Whether byte `x` may start a char that needs more than the fast path
/// (ASCII letters and digits, which do not, are told apart afterwards):
/// ASCII, or a lead byte other than E4–E9 (continuation bytes never do).
#[cfg(test)]
fn may_stop_run(x: u8) -> bool {
    let ascii = x < 0x80;
    let lead = x >= 0xC0;
    let han = x.wrapping_sub(0xE4) < 6;
    ascii | (lead & !han)
}

/// [`may_stop_run`] for the eight bytes of `w` at once: the high bit of
/// each byte that may stop a run, the other bits clear (SWAR: no byte
/// borrows from its neighbour in any step).
#[inline(always)]
fn stops_mask(w: u64) -> u64 {
    const fn rep(b: u8) -> u64 {
        u64::from_ne_bytes([b; 8])
    }
    const H: u64 = rep(0x80);
    let x7 = w & rep(0x7F);
    // E4..=E9: the high bit set and the low seven bits in 64..=69
    let han = ((x7 | H) - rep(0x64)) & (rep(0xE9) - x7) & w;
    // ASCII, or a lead byte (its top two bits set) that is not Han
    (!w | (w & (w << 1) & !han)) & H
}

/// The end of the run of chars from `start` (a char boundary) that never
/// need a look: Han in U+4000..U+9FFF, ASCII letters and digits, and the
/// [plain punctuation](plain_punct); a char boundary. Blocks of 16 bytes are
/// read as two [masks](stops_mask) of the bytes that [may stop a
/// run](may_stop_run), and only those are looked at: ASCII letters and
/// digits (a hundredth of the text) and plain punctuation are passed over,
/// any other one ends the run.
#[inline]
fn skip_plain(b: &[u8], start: usize) -> usize {
    let mut k = start;
    while let Some(block) = b.get(k..k + 16).and_then(|r| <&[u8; 16]>::try_from(r).ok()) {
        let [
            b0,
            b1,
            b2,
            b3,
            b4,
            b5,
            b6,
            b7,
            b8,
            b9,
            b10,
            b11,
            b12,
            b13,
            b14,
            b15,
        ] = *block;
        let lo = stops_mask(u64::from_le_bytes([b0, b1, b2, b3, b4, b5, b6, b7]));
        let hi = stops_mask(u64::from_le_bytes([b8, b9, b10, b11, b12, b13, b14, b15]));
        for (mut m, base) in [(lo, k), (hi, k + 8)] {
            while m != 0 {
                let at = base + (m.trailing_zeros() / 8) as usize;
                // (a stop is ASCII or a lead byte: a char boundary; the
                // continuation bytes of a plain mark, here or in the next
                // block, stop nothing)
                if !(b.get(at).is_some_and(u8::is_ascii_alphanumeric) || plain_punct(b, at)) {
                    return at;
                }
                m &= m - 1;
            }
        }
        k += 16;
    }
    // the last bytes, char by char, from the first char boundary (a char
    // cut by the last block's end is a plain one)
    while b.get(k).is_some_and(|&x| x & 0xC0 == 0x80) {
        k += 1;
    }
    loop {
        let Some(&x) = b.get(k) else {
            return b.len();
        };
        if x.wrapping_sub(0xE4) < 6 {
            k += 3;
        } else if x.is_ascii_alphanumeric() {
            k += 1;
        } else if x >= 0xE2 && plain_punct(b, k) {
            k += 3;
        } else {
            return k;
        }
    }
}

/// Normalizes width, punctuation and white space; `None` when `s` is
/// already normal (no allocation on that path).
pub fn normalize(s: &str) -> Option<MappedText> {
    // Fast scan: plain ASCII letters/digits, CJK and lone single spaces
    // between non-spaces need nothing.
    let mut first = None;
    let mut prev_space = true; // a leading space must go
    let bytes = s.as_bytes();
    let mut k = 0;
    while let Some(&b) = bytes.get(k) {
        // Fast path: U+4000..U+9FFF (lead bytes E4..E9, three bytes) and
        // ASCII letters and digits never need a look.
        if (0xE4..=0xE9).contains(&b)
            || b.is_ascii_alphanumeric()
            || (b >= 0xE2 && plain_punct(bytes, k))
        {
            prev_space = false;
            k = skip_plain(bytes, k);
            continue;
        }
        let i = k;
        let Some(c) = s.get(k..).and_then(|r| r.chars().next()) else {
            break;
        };
        k += c.len_utf8();
        if needs_look(c) {
            let single_ok = c == ' ' && !prev_space;
            if !single_ok && c != '\n' {
                first = Some(i);
                break;
            }
            if c == '\n' {
                if prev_space && i > 0 {
                    first = Some(i);
                    break;
                }
                prev_space = true;
                continue;
            }
        }
        prev_space = c == ' ';
    }
    let ragged_ends = s.starts_with('\n') || s.ends_with(['\n', ' ']);
    // (a searcher built once: building one costs more than most searches)
    static BLANKS: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"\n\n\n"));
    if first.is_none() && !ragged_ends && BLANKS.find(s.as_bytes()).is_none() {
        return None;
    }
    Some(rewrite(s))
}

/// ASCII punctuation that becomes full-width next to CJK text.
#[inline]
fn may_widen(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '?' | '!' | '(' | ')' | '"' | '＂')
}

fn rewrite(s: &str) -> MappedText {
    let mut out = MappedText::with_capacity(s.len(), s.len());
    let mut pending_space: Option<(usize, usize)> = None; // source offset and length of a held space
    let mut newlines = 0usize; // newlines just written
    let mut dq_open = false; // ASCII double quote state, per line
    let mut run_start: Option<usize> = None; // start of an unchanged run
    let mut next_sig: Option<(usize, Option<char>)> = None; // (byte, char) ahead
    let n = s.len();
    let mut k = 0; // byte position (no Vec of chars: 16 bytes a char)
    // previous written char for context
    macro_rules! flush_run {
        ($end:expr) => {
            if let Some(st) = run_start.take() {
                out.copy(&s[st..$end], st);
            }
        };
    }
    let bytes = s.as_bytes();
    while let Some(&b) = bytes.get(k) {
        // Fast path inside an unchanged run: U+4000..U+9FFF (lead bytes
        // E4..E9, three bytes) and ASCII letters and digits never need a look.
        if run_start.is_some()
            && pending_space.is_none()
            && ((0xE4..=0xE9).contains(&b)
                || b.is_ascii_alphanumeric()
                || (b >= 0xE2 && plain_punct(bytes, k)))
        {
            newlines = 0;
            k = skip_plain(bytes, k);
            continue;
        }
        // A space after a held one changes nothing: passed over without
        // decoding (an indent of several spaces is common).
        if pending_space.is_some() {
            if b == b' ' || b == b'\t' {
                k += 1;
                continue;
            }
            if bytes.get(k..k + 2) == Some("\u{A0}".as_bytes()) {
                k += 2;
                continue;
            }
            if bytes.get(k..k + 3) == Some("\u{3000}".as_bytes()) {
                k += 3;
                continue;
            }
        }
        let Some(c) = s.get(k..).and_then(|r| r.chars().next()) else {
            break;
        };
        let i = k;
        let clen = c.len_utf8();
        if !needs_look(c) {
            if let Some((sp, sp_len)) = pending_space.take() {
                flush_run!(i);
                // a space survives only between two non-space chars on a line
                if out.last_char().is_some_and(|p| p != '\n') {
                    out.push_char_for(' ', sp, sp_len);
                }
            }
            if run_start.is_none() {
                run_start = Some(i);
            }
            newlines = 0;
            k += clen;
            continue;
        }
        flush_run!(i);
        if is_space(c) {
            if pending_space.is_none() {
                pending_space = Some((i, clen));
            }
            k += clen;
            continue;
        }
        if is_dropped(c) {
            k += clen;
            continue;
        }
        if c == '\r' || c == '\n' {
            // CR LF, lone CR and LF are one line break
            let mut end = i + clen;
            if c == '\r' && s.as_bytes().get(k + 1) == Some(&b'\n') {
                end += 1;
                k += 1; // the LF
            }
            pending_space = None;
            dq_open = false;
            if !out.is_empty() && newlines < 2 {
                if c == '\n' && end - i == 1 {
                    out.copy("\n", i);
                } else {
                    out.push_replacement("\n", Span::new(i, end), false);
                }
                newlines += 1;
            }
            k += clen;
            continue;
        }
        // a held space before punctuation is written as is
        if let Some((sp, sp_len)) = pending_space.take()
            && out.last_char().is_some_and(|p| p != '\n')
        {
            out.push_char_for(' ', sp, sp_len);
        }
        newlines = 0;
        // The previous char that decides: past the space just written (so
        // `好 !` reads like `好!`).
        let prev = out.as_str().trim_end_matches(' ').chars().next_back();
        // The next char that decides: past spaces, dropped chars and ASCII
        // punctuation that may itself turn full-width (so `?,项` reads like
        // `？，项` and a second pass changes nothing), as folded. Cached:
        // every char of a run has the same one, so a long run stays linear.
        if next_sig.is_none_or(|(at, _)| at <= k) {
            let from = k + clen;
            let ahead = s
                .get(from..)
                .unwrap_or("")
                .char_indices()
                .find(|&(_, c)| !(is_space(c) || is_dropped(c) || may_widen(c)));
            let at = ahead.map_or(n, |(j, _)| from + j);
            next_sig = Some((at, ahead.map(|(_, c)| fold(c).unwrap_or(c))));
        }
        let next = next_sig.and_then(|(_, c)| c);
        let cjk_prev = prev.is_some_and(is_cjk);
        let cjk_next = next.is_some_and(is_cjk);
        let mapped = match c {
            ',' | ';' | ':' | '?' | '!' => {
                let digit_both = prev.is_some_and(|p| p.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit());
                if (cjk_prev || (cjk_next && c != ':')) && !digit_both {
                    Some(match c {
                        ',' => '，',
                        ';' => '；',
                        ':' => '：',
                        '?' => '？',
                        _ => '！',
                    })
                } else {
                    None
                }
            }
            '(' if cjk_prev || cjk_next => Some('（'),
            ')' if cjk_prev || cjk_next => Some('）'),
            '"' | '＂' if cjk_prev || cjk_next => {
                dq_open = !dq_open;
                Some(if dq_open { '“' } else { '”' })
            }
            '＂' => Some('"'),
            _ => fold(c),
        };
        match mapped {
            Some(m) => out.push_char_for(m, i, clen),
            None => out.copy(&s[i..i + clen], i),
        }
        k += clen;
    }
    flush_run!(s.len());
    out.trim_end_matches(|c| c == '\n' || c == ' ');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_punct_needs_no_look() {
        for c in "，。、：；！？（）“”《》".chars() {
            let mut b = [0u8; 4];
            let enc = c.encode_utf8(&mut b).as_bytes();
            assert!(plain_punct(enc, 0), "{c}");
            assert!(!needs_look(c), "{c}");
        }
        for c in "「」『』．％，".chars() {
            let mut b = [0u8; 4];
            let enc = c.encode_utf8(&mut b).as_bytes();
            assert_eq!(plain_punct(enc, 0), !needs_look(c), "{c}");
        }
        assert!(!plain_punct("，".as_bytes(), 1));
    }

    #[test]
    fn skip_plain_stops_where_a_char_needs_a_look() {
        // the end of the run from `start`, char by char
        let reference = |s: &str, start: usize| {
            let plain = |c: char| {
                c.is_ascii_alphanumeric()
                    || ('\u{4000}'..='\u{9FFF}').contains(&c)
                    || "，。、：；！？（）“”《》".contains(c)
            };
            s[start..]
                .char_indices()
                .find(|&(_, c)| !plain(c))
                .map_or(s.len(), |(j, _)| start + j)
        };
        for s in [
            "",
            "中文中文中文中文中文中文中文中文",
            "abc123中文xyz中文中文中文中文中文中文，后面",
            "中文中文中文中文中文中文中文中文中文 空格",
            "中文中文中文中文中文中\u{3000}文中文中文中文中文",
            "ＡＢ中文中文中文中文中文中文中文中文中文",
            "中文中文中文中文中文ä中文中文中文中文中文",
            "中文中文中文中文中文中文中文中文中文中文中𠀀",
            "中文，中文。中文中文中文中文（中文）中文中文“中文”中文「中」文",
            "中文中文中文中文中文中文中文中文中文中文，",
            "，，，，，，，，，，，，，，。。。。",
        ] {
            let b = s.as_bytes();
            for (start, _) in s.char_indices() {
                assert_eq!(skip_plain(b, start), reference(s, start), "{s} {start}");
            }
        }
        // random texts of the chars that matter, every start
        let pool: Vec<char> = "中文国a9Z，。、：；！？（）“”《》「」 ,.(\n\u{3000}ä𠀀Ａ１—…"
            .chars()
            .collect();
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..2000 {
            let mut s = String::new();
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            for i in 0..(x % 60) {
                // mostly Han, so that runs are long
                let r = (x >> (i % 48)) as usize;
                s.push(if r.is_multiple_of(3) {
                    pool[r / 3 % pool.len()]
                } else {
                    '中'
                });
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
            }
            for (start, _) in s.char_indices() {
                assert_eq!(
                    skip_plain(s.as_bytes(), start),
                    reference(&s, start),
                    "{s:?} {start}"
                );
            }
        }
        for x in 0..=255u8 {
            for j in 0..8 {
                for fill in [0u8, b'a', 0xE5, 0x80, 0xFF, b'0' - 1, b'9' + 1] {
                    let mut w = [fill; 8];
                    w[j] = x;
                    let m = stops_mask(u64::from_le_bytes(w));
                    let want = w.iter().enumerate().fold(0u64, |m, (i, &y)| {
                        m | u64::from(may_stop_run(y)) << (8 * i + 7)
                    });
                    assert_eq!(m, want, "{w:x?}");
                }
            }
            let cont = x & 0xC0 == 0x80;
            let plain = (0xE4..=0xE9).contains(&x) || cont;
            assert_eq!(may_stop_run(x), !plain, "{x:#x}");
        }
    }

    fn norm(s: &str) -> String {
        normalize(s)
            .map(|m| m.finish().0)
            .unwrap_or_else(|| s.to_string())
    }

    #[test]
    fn widths_and_punct() {
        assert_eq!(norm("ＧＤＰ增长５％"), "GDP增长5%");
        assert_eq!(
            norm("刚才,我们说:好(扩大)会议"),
            "刚才，我们说：好（扩大）会议"
        );
        assert_eq!(
            norm("时间 8:39:03 网址 http://a.cn"),
            "时间 8:39:03 网址 http://a.cn"
        );
        assert_eq!(norm("「项目为王」和『一把手』"), "“项目为王”和‘一把手’");
        assert_eq!(norm("坚持\"项目为王\"不动摇"), "坚持“项目为王”不动摇");
        assert_eq!(norm("(记者 张军亚)8月"), "（记者 张军亚）8月");
    }

    #[test]
    fn white_space() {
        assert_eq!(
            norm("  甲　　乙 \r\n\r\n\r\n\r\n丙\t丁  "),
            "甲 乙\n\n丙 丁"
        );
        assert_eq!(norm("a\u{200B}b\u{7}c"), "abc");
        assert_eq!(
            norm("甲\u{A0}\u{A0}\t \u{3000}\u{2003}乙\n\u{A0}\u{A0}丙"),
            "甲 乙\n丙"
        );
        let src = "甲\u{A0}\u{A0}\u{3000}乙";
        let (t, m) = normalize(src).unwrap().finish();
        assert_eq!(&src[m.to_source(Span::new(3, 4)).range()], "\u{A0}");
        assert_eq!(&src[m.to_source(Span::new(4, 7)).range()], "乙");
        assert_eq!(t, "甲 乙");
        assert!(normalize("已经是规范文本。\n第二段 English words").is_none());
    }

    #[test]
    fn map_back() {
        let src = "  ＧＤＰ,增长";
        let (t, m) = normalize(src).unwrap().finish();
        assert_eq!(t, "GDP，增长");
        let sp = m.to_source(Span::new(0, 3));
        assert_eq!(&src[sp.range()], "ＧＤＰ");
        let sp = m.to_source(Span::new(6, 12));
        assert_eq!(&src[sp.range()], "增长");
    }
}
