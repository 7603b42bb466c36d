//! Quote-aware sentence splitting.
//!
//! Sentences tile each paragraph exactly: every byte of a paragraph belongs
//! to exactly one sentence, in order. A sentence keeps its end mark
//! (`。！？`, half-width `!?`, an ellipsis), any further end marks and the
//! closing quotes and brackets that follow (`”’）」』》`), and the white
//! space after them; leading white space of a paragraph belongs to its first
//! sentence.
//!
//! # Rules
//!
//! - **End marks.** `。！？`; half-width `!` and `?` unless they sit inside
//!   ASCII material such as a URL query (`a.php?id=1`); an ellipsis (a run
//!   of `…`/`⋯`, or three or more `.`); `；` (and `;` after a Chinese
//!   character) when [`SentenceOptions::semicolon`] is set.
//! - **Continuations.** An end mark followed (after its closers) by `，、；：`
//!   does not end the sentence (`“为什么？”，他问` is one clause of a longer
//!   sentence). After an ellipsis or an end mark that closed a quotation, a
//!   following `等`, `的` or `之` continues the sentence too (`钢铁、煤炭……等`).
//! - **Quotations and brackets.** Matching pairs (`“”`, `‘’`, `「」`, `『』`,
//!   `（）`, `()`, `《》`, `【】`, `〔〕`, `""`) are found first, per paragraph,
//!   with a small stack. An end mark inside the outermost pair ends the
//!   sentence only when the pair closes right after it (`他说：“要抓项目。”`
//!   is one sentence), or when the quoted text is longer than
//!   [`LONG_QUOTE_CHARS`] characters: then it is a run of sentences of its
//!   own (a quoted speech `“一要……。二要……。”`) and is split inside. An end
//!   mark inside a title `《…》` never ends a sentence.
//! - **Unbalanced marks.** A pair counts only when it closes within
//!   [`MAX_QUOTE_CHARS`] characters and in the same paragraph. A stray `“`
//!   or `（` therefore never matches and cannot swallow the rest of the
//!   paragraph; a stray `”` or `）` is just a character (or a closer kept
//!   with the sentence before it).
//! - **Attribution.** A short clause ending in a speech verb right after a
//!   quotation that ended a sentence stays with it: `“……。”他说。` is one
//!   sentence.
//!
//! Datelines (`（记者 张军亚）8月31日至9月2日，……`) contain no end mark and so
//! stay in the sentence they open.
//!
//! # Cost
//!
//! Linear in the text: one pass per paragraph to pair the marks, one pass to
//! split, and lookaheads bounded by small constants. The scratch vectors are
//! kept per thread and reused for every paragraph of every call.

use crate::span::Span;

/// How sentences end.
#[derive(Debug, Clone, Default)]
pub struct SentenceOptions {
    /// Also end a sentence at `；` (and at `;` after a Chinese character).
    pub semicolon: bool,
}

/// A quotation or bracket pair counts only if it closes within this many
/// characters of its opening; otherwise the opener is treated as stray.
pub const MAX_QUOTE_CHARS: u32 = 200;

/// A quotation whose content is longer than this many characters is a run
/// of sentences: an end mark inside it ends a sentence even when the
/// quotation does not close right after the mark.
pub const LONG_QUOTE_CHARS: u32 = 30;

/// How far (in characters) to look after a closing quotation for a short
/// attribution clause such as `他说。`.
const ATTRIBUTION_MAX_CHARS: usize = 16;

/// Open stack entries kept while pairing marks; deeper nesting is dropped
/// from the bottom (the oldest opener becomes stray).
const MAX_STACK: usize = 32;

/// How many open entries a closer may skip over to find its opener (the
/// skipped openers are treated as stray).
const MAX_SKIP: usize = 4;

/// Sentence spans for each paragraph; they tile each paragraph.
///
/// Paragraph spans that are out of bounds or off a char boundary are
/// skipped. Never panics.
pub fn split_sentences(text: &str, paragraphs: &[Span], opts: &SentenceOptions) -> Vec<Span> {
    // (a sentence every 100 bytes or so of news text: reserved, not grown)
    let mut out = Vec::with_capacity(paragraphs.len() + text.len() / 96);
    // The scratch vectors of the last call on this thread (three
    // allocations per document otherwise); a paragraph of endless marks
    // leaves no large buffer behind.
    crate::scratch::with_kept(
        &SCRATCH,
        |s| s.marks.capacity().max(s.regions.capacity()) <= MAX_KEPT,
        |scratch| {
            for p in paragraphs {
                let Some(ptext) = p.get(text) else { continue };
                if ptext.is_empty() {
                    continue;
                }
                split_paragraph(ptext, p.start, opts, scratch, &mut out);
            }
        },
    );
    out
}

/// Largest scratch vector (in entries) kept from one call to the next.
const MAX_KEPT: usize = 1 << 14;

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// A matched pair of marks, outermost only: `open` is the opener's byte,
/// `close_end` one past the closer, `chars` the characters between them.
#[derive(Debug, Clone, Copy)]
struct Region {
    open: usize,
    close_end: usize,
    chars: u32,
    /// A title (`《》`, `〈〉`): an end mark inside never ends a sentence.
    title: bool,
}

#[derive(Debug, Default)]
struct Scratch {
    /// Open marks: (pair kind, byte offset, char index).
    stack: Vec<(u8, usize, u32)>,
    regions: Vec<Region>,
    /// End marks of the paragraph, in order: (byte offset, mark).
    marks: Vec<(usize, Mark)>,
}

/// The pair kind of an opening mark. `"` is handled apart (it both opens
/// and closes).
#[inline]
fn opener_kind(c: char) -> Option<u8> {
    Some(match c {
        '“' => 0,
        '‘' => 1,
        '「' => 2,
        '『' => 3,
        '（' | '(' => 4,
        '《' => 5,
        '【' | '[' => 6,
        '〔' => 7,
        '〈' => 8,
        _ => return None,
    })
}

/// Kinds of title marks `《》` and `〈〉`.
const TITLE_KIND: u8 = 5;
const TITLE_KIND_2: u8 = 8;

/// Kind used for the ASCII `"`.
const ASCII_QUOTE: u8 = 9;

/// The pair kind of a closing mark.
#[inline]
fn closer_kind(c: char) -> Option<u8> {
    Some(match c {
        '”' => 0,
        '’' => 1,
        '」' => 2,
        '』' => 3,
        '）' | ')' => 4,
        '》' => 5,
        '】' | ']' => 6,
        '〕' => 7,
        '〉' => 8,
        _ => return None,
    })
}

/// Closing quotation marks (after which an attribution may follow).
#[inline]
fn is_closing_quote(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '"')
}

/// Characters that end a sentence by themselves (absorbed in runs).
#[inline]
fn is_full_stop(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '｡')
}

#[inline]
fn is_ellipsis_char(c: char) -> bool {
    matches!(c, '…' | '⋯')
}

#[inline]
fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\r' | '\u{3000}' | '\u{a0}' | '\u{feff}' | '\u{200b}'
    )
}

/// A table of the bytes in `set`.
const fn byte_table(set: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut k = 0;
    while k < set.len() {
        t[set[k] as usize] = true;
        k += 1;
    }
    t
}

/// First bytes of every end mark [`end_mark`] recognizes: `…⋯` (E2),
/// `。` (E3), `！？；｡` (EF) and ASCII `!?;.`.
static MARK_LEAD: [bool; 256] = byte_table(&[0xE2, 0xE3, 0xEF, b'!', b'?', b';', b'.']);

/// First bytes of every quotation mark and bracket [`find_regions`] pairs:
/// `“”‘’` (E2), `「」『』《》【】〔〕〈〉` (E3), `（）` (EF) and ASCII `"()[]`.
static REGION_LEAD: [bool; 256] = byte_table(&[0xE2, 0xE3, 0xEF, b'"', b'(', b')', b'[', b']']);

/// Whether one of `，、。：；` (marks that open or close no pair) starts at
/// byte `i`.
#[inline]
fn is_plain_mark(bytes: &[u8], i: usize) -> bool {
    matches!(
        bytes.get(i..i + 3),
        Some([0xEF, 0xBC, 0x8C | 0x9A | 0x9B] | [0xE3, 0x80, 0x81 | 0x82])
    )
}

/// Pairs the quotation marks and brackets of a paragraph, keeping the
/// outermost pairs that close within [`MAX_QUOTE_CHARS`], in order; and
/// lists every end mark ([`end_mark`] at each char that may start one), in
/// the same pass.
fn find_regions(ptext: &str, opts: &SentenceOptions, scratch: &mut Scratch) {
    let Scratch {
        stack,
        regions,
        marks,
    } = scratch;
    stack.clear();
    regions.clear();
    marks.clear();
    let bytes = ptext.as_bytes();
    let mut i = 0;
    // Characters that start in `bytes[..i]`.
    let mut starts: u32 = 0;
    while i < bytes.len() {
        // Every mark starts with one of the bytes in `REGION_LEAD` (a lead
        // byte or ASCII), so skipping the others keeps `i` on a char
        // boundary. Han characters (lead bytes E4–E9) are skipped whole by a
        // branch: a table of widths was fewer instructions but slower, each
        // step waiting on the load before it.
        let b = bytes[i];
        if (0xE4..=0xE9).contains(&b) {
            starts += 1;
            i += 3;
            continue;
        }
        if !REGION_LEAD[b as usize] {
            // ASCII end marks (`!?;.`) pair nothing.
            if matches!(b, b'!' | b'?' | b';' | b'.')
                && let Some(m) = end_mark(ptext, i, char::from(b), opts)
            {
                marks.push((i, m));
            }
            starts += u32::from(b & 0xC0 != 0x80);
            i += 1;
            continue;
        }
        // The commonest marks that pair nothing (，、。：；), undecoded;
        // 。 and ；end sentences.
        if is_plain_mark(bytes, i) {
            match bytes.get(i + 2) {
                Some(0x82) => marks.push((i, Mark::Stop(i + 3))),
                Some(0x9B) if opts.semicolon => marks.push((i, Mark::Stop(i + 3))),
                _ => {}
            }
            starts += 1;
            i += 3;
            continue;
        }
        let Some(c) = char_at(ptext, i) else { break };
        if MARK_LEAD[b as usize]
            && let Some(m) = end_mark(ptext, i, c, opts)
        {
            marks.push((i, m));
        }
        let ci = starts;
        starts += 1;
        let at = i;
        i += c.len_utf8();
        let i = at;
        let kind = if c == '"' {
            // Closes an open `"` near the top of the stack, else opens one.
            let open = stack
                .iter()
                .rev()
                .take(MAX_SKIP)
                .any(|e| e.0 == ASCII_QUOTE);
            if open {
                Some((ASCII_QUOTE, false))
            } else {
                Some((ASCII_QUOTE, true))
            }
        } else if let Some(k) = opener_kind(c) {
            Some((k, true))
        } else {
            closer_kind(c).map(|k| (k, false))
        };
        let Some((kind, opens)) = kind else { continue };
        if opens {
            if stack.len() >= MAX_STACK {
                stack.remove(0);
            }
            stack.push((kind, i, ci));
            continue;
        }
        let depth = stack.len();
        let Some(k) = (1..=depth.min(MAX_SKIP)).find(|&k| stack[depth - k].0 == kind) else {
            continue; // stray closer
        };
        let (_, open, open_ci) = stack[depth - k];
        stack.truncate(depth - k);
        let chars = ci - open_ci - 1;
        if chars > MAX_QUOTE_CHARS {
            continue;
        }
        // Pairs close in order, inner before outer: drop the inner ones.
        while regions.last().is_some_and(|r| r.open > open) {
            regions.pop();
        }
        let title = kind == TITLE_KIND || kind == TITLE_KIND_2;
        regions.push(Region {
            open,
            close_end: i + c.len_utf8(),
            chars,
            title,
        });
    }
}

/// The character starting at byte `i` of `s`, if any.
#[inline]
fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|t| t.chars().next())
}

/// The character ending at byte `i` of `s`, if any.
#[inline]
fn char_before(s: &str, i: usize) -> Option<char> {
    s.get(..i).and_then(|t| t.chars().next_back())
}

/// What kind of end mark starts at `i`, and where the mark run ends.
#[derive(Debug, Clone, Copy)]
enum Mark {
    /// `。！？` and friends, ending at the byte given.
    Stop(usize),
    /// An ellipsis run ending at the byte given.
    Ellipsis(usize),
}

/// Recognizes an end mark at byte `i` (char `c`).
fn end_mark(ptext: &str, i: usize, c: char, opts: &SentenceOptions) -> Option<Mark> {
    let after = i + c.len_utf8();
    match c {
        c if is_full_stop(c) => Some(Mark::Stop(after)),
        '!' | '?' => {
            // Not inside ASCII material (URL queries, code).
            let next = char_at(ptext, after);
            let asciiish = next.is_some_and(|n| {
                n.is_ascii_alphanumeric() || matches!(n, '=' | '&' | '/' | '%' | '_' | '-' | '#')
            });
            if asciiish {
                None
            } else {
                Some(Mark::Stop(after))
            }
        }
        '；' if opts.semicolon => Some(Mark::Stop(after)),
        ';' if opts.semicolon => {
            let prev = char_before(ptext, i);
            if prev.is_some_and(|p| !p.is_ascii()) {
                Some(Mark::Stop(after))
            } else {
                None
            }
        }
        c if is_ellipsis_char(c) => {
            let mut j = after;
            while let Some(n) = char_at(ptext, j) {
                if !is_ellipsis_char(n) {
                    break;
                }
                j += n.len_utf8();
            }
            Some(Mark::Ellipsis(j))
        }
        '.' => {
            let bytes = ptext.as_bytes();
            let mut j = i;
            while bytes.get(j) == Some(&b'.') {
                j += 1;
            }
            // Only the first dot of a run of three or more starts an ellipsis.
            let first = i == 0 || bytes.get(i - 1) != Some(&b'.');
            if first && j - i >= 3 {
                Some(Mark::Ellipsis(j))
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Splits one paragraph (`ptext`, at byte `base` of the text) into `out`.
fn split_paragraph(
    ptext: &str,
    base: usize,
    opts: &SentenceOptions,
    scratch: &mut Scratch,
    out: &mut Vec<Span>,
) {
    find_regions(ptext, opts, scratch);
    let regions = &scratch.regions;
    let mut ri = 0; // first region that has not ended before the cursor
    let mut start = 0;
    let mut i = 0;
    // The end marks from `i` on, as a scan from `i` would meet them: each
    // mark is read where it starts, so one listed before `i` (inside a run
    // of marks a boundary took whole) is one such a scan never reaches.
    for &(at, mark) in &scratch.marks {
        if at < i {
            continue;
        }
        i = at;
        let (mut j, ellipsis) = match mark {
            Mark::Stop(j) => (j, false),
            Mark::Ellipsis(j) => (j, true),
        };
        while regions.get(ri).is_some_and(|r| r.close_end <= i) {
            ri += 1;
        }
        let region = regions.get(ri).filter(|r| r.open < i);
        // Absorb further end marks and closing marks.
        let mut last_closer = None;
        while let Some(n) = char_at(ptext, j) {
            let region_closer = region.is_some_and(|r| j + n.len_utf8() == r.close_end);
            let closer = if n == '"' {
                region_closer
            } else {
                closer_kind(n).is_some()
            };
            if closer {
                last_closer = Some(n);
            } else if !(is_full_stop(n) || is_ellipsis_char(n) || matches!(n, '!' | '?')) {
                break;
            }
            j += n.len_utf8();
        }
        let closed_region = region.is_some_and(|r| j >= r.close_end);
        let mut boundary = match region {
            None => true,
            Some(r) if r.title => false,
            Some(r) => closed_region || r.chars > LONG_QUOTE_CHARS,
        };
        if boundary {
            match char_at(ptext, j) {
                Some('，' | '、' | '；' | '：' | ',' | ';' | ':') => boundary = false,
                Some('等' | '的' | '之') if ellipsis || closed_region => boundary = false,
                _ => {}
            }
        }
        if !boundary {
            i = j;
            continue;
        }
        if last_closer.is_some_and(is_closing_quote)
            && let Some(end) = attribution_end(ptext, j, opts)
        {
            j = end;
        }
        while let Some(n) = char_at(ptext, j) {
            if !is_space(n) {
                break;
            }
            j += n.len_utf8();
        }
        out.push(Span::new(base + start, base + j));
        start = j;
        i = j;
    }
    if start < ptext.len() {
        out.push(Span::new(base + start, base + ptext.len()));
    }
}

/// Speech verbs that end an attribution clause (`……。”他说。`).
const SPEECH_VERBS: &[&str] = &[
    "说",
    "表示",
    "强调",
    "指出",
    "介绍",
    "认为",
    "说道",
    "问道",
    "坦言",
    "透露",
    "感慨",
    "感叹",
    "告诉记者",
    "对记者说",
    "回忆",
    "称",
    "答道",
    "笑道",
    "补充道",
];

/// If a short clause ending in a speech verb and an end mark starts at `j`,
/// the byte after that mark (and its closers). Looks at most
/// [`ATTRIBUTION_MAX_CHARS`] characters ahead.
fn attribution_end(ptext: &str, j: usize, opts: &SentenceOptions) -> Option<usize> {
    let rest = ptext.get(j..)?;
    let mut clause_end = None;
    for (n, (k, c)) in rest.char_indices().enumerate() {
        if n > ATTRIBUTION_MAX_CHARS {
            return None;
        }
        if matches!(c, '。' | '！' | '!') {
            clause_end = Some((k, k + c.len_utf8()));
            break;
        }
        let wordish = c.is_alphanumeric() || c == '·' || c == ' ';
        if !wordish || (c == '；' && opts.semicolon) {
            return None;
        }
    }
    let (k, mut end) = clause_end?;
    let clause = rest.get(..k)?;
    if clause.is_empty() || !SPEECH_VERBS.iter().any(|v| clause.ends_with(v)) {
        return None;
    }
    while let Some(n) = char_at(rest, end) {
        if !(closer_kind(n).is_some() || is_full_stop(n)) {
            break;
        }
        end += n.len_utf8();
    }
    Some(j + end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> Vec<&str> {
        let p = [Span::new(0, s.len())];
        split_sentences(s, &p, &SentenceOptions::default())
            .into_iter()
            .map(|sp| &s[sp])
            .collect()
    }

    #[test]
    fn basic() {
        assert_eq!(
            split("要抓项目。要抓发展！好吗？"),
            ["要抓项目。", "要抓发展！", "好吗？"]
        );
        assert_eq!(split("没有句号"), ["没有句号"]);
        assert_eq!(split(""), Vec::<&str>::new());
    }

    #[test]
    fn quote_closing_after_stop() {
        assert_eq!(
            split("他说：“要抓项目。”然后走了。"),
            ["他说：“要抓项目。”", "然后走了。"]
        );
        assert_eq!(split("坚持“项目为王”。再说"), ["坚持“项目为王”。", "再说"]);
    }

    #[test]
    fn stray_quote_does_not_swallow() {
        let s = format!("他说“{}。下一句。", "很".repeat(250));
        assert_eq!(split(&s).len(), 2);
    }

    #[test]
    fn url_question_mark() {
        assert_eq!(split("见a.php?id=1页面。"), ["见a.php?id=1页面。"]);
    }

    #[test]
    fn tiles_on_odd_input() {
        for s in [
            "。",
            "”。",
            "“",
            "……",
            "...",
            "。。。”",
            "a?",
            "\u{3000}。 ",
            "“。”他说。",
        ] {
            let joined: String = split(s).concat();
            assert_eq!(joined, s);
        }
    }
}
