//! Directive lists: the enumerations a speaker issues.
//!
//! Numbered families — 一要/二要, 一是/二是, 第一/第二, 其一/其二, （一）/（二）,
//! （1）/（2）, 一、/二、 and 1./2./1、 at a paragraph or sentence start, and
//! 首先/其次/再次/最后 (with 第三/第四 continuing a 首先 run) — and unnumbered
//! parallel runs whose consecutive sentences or paragraphs open with one lead
//! word from `data/directive_leads.txt` (必须…。必须…。, 坚持…。坚持…。).
//!
//! How it works, in one pass each:
//! 1. Markers are read only at clause starts (paragraph start, or after
//!    。！？；：，), so 统一要求, 第一次, 第一要务, 十一五 never match.
//! 2. Markers of one family form a run when their ordinals go 1, 2, 3 … with
//!    bounded gaps; a run needs two items.
//! 3. An item runs to the next marker of its list; the last item ends with
//!    its paragraph (inline lists), or covers as many paragraphs as the
//!    longest earlier item (paragraph-level lists), or one sentence when every
//!    earlier item was one sentence.
//! 4. An outline that repeats a later list's headlines (a table of contents,
//!    a duplicated body) is merged into it, keeping items only it has.
//! 5. A list inside item N of another records it as its parent.
//! 6. The speaker is the subject of the nearest speech verb before the list
//!    (他 resolves to the last named person), else the parent list's speaker,
//!    else the speaker of a title line `X在…上的讲话`.
//!
//! Work is linear in the text; lists, items and candidates are bounded.

use std::collections::HashSet;

use aho_corasick::{
    AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Anchored, Input, MatchKind, StartKind,
};

use super::official::CharSet;
use super::{Context, Extractor};
use crate::record::{Directive, DirectiveItem, ParentRef, Records};
use crate::segment;
use crate::span::Span;

const LEADS: &str = include_str!("../../data/directive_leads.txt");
const SPEECH_VERBS: &str = include_str!("../../data/directive_speech_verbs.txt");
const TITLES: &str = include_str!("../../data/directive_titles.txt");
const SURNAMES: &str = include_str!("../../data/directive_surnames.txt");
const NONPERSON: &str = include_str!("../../data/directive_nonperson.txt");

/// Marker candidates read per document, at most.
const MAX_CANDIDATES: usize = 20_000;
/// Unnumbered run heads read per document, at most.
const MAX_HEADS: usize = 20_000;
/// Lists kept per document, at most.
const MAX_LISTS: usize = 256;
/// Items per list, at most.
const MAX_ITEMS: usize = 60;
/// A headline longer than this (in chars) is cut.
const HEADLINE_CAP: usize = 80;
/// How far back (bytes) the speaker of a list is looked for.
const LEAD_IN_WINDOW: usize = 1500;
/// How far back (bytes) 他/她 looks for the person it stands for.
const PRONOUN_WINDOW: usize = 6000;
/// Named people remembered per document, at most.
const MAX_NAMES: usize = 200;

/// Reads directive lists into [`Records::directives`].
///
/// Built once (its automata compiled from the embedded lexicons); `extract`
/// never panics and takes time linear in the text.
pub struct DirectiveExtractor {
    /// Lead words of unnumbered runs, anchored, longest first.
    leads: AhoCorasick,
    /// First chars of the lead words (most units start with none).
    lead_first: CharSet,
    /// Minimum run length per lead word, by pattern index.
    lead_min: Vec<usize>,
    /// Speech verbs (强调, 指出 …).
    verbs: AhoCorasick,
    /// Office titles, longest match.
    titles: AhoCorasick,
    /// The same, anchored (for the whole-text scan of [`Self::titled_names`]).
    titles_at: AhoCorasick,
    /// First chars of the office titles.
    title_first: CharSet,
    /// Subjects that are meetings, documents or bodies, anchored.
    nonperson: AhoCorasick,
    /// Single-character surnames.
    surnames: CharSet,
    /// How many surnames `surnames` holds.
    n_surnames: usize,
    /// Two-character surnames.
    surnames2: Vec<String>,
    /// First chars of the two-character surnames.
    surname2_first: CharSet,
    /// Finds 首先.
    first_finder: memchr::memmem::Finder<'static>,
}

impl std::fmt::Debug for DirectiveExtractor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DirectiveExtractor")
            .field("leads", &self.lead_min.len())
            .field("verbs", &self.verbs.patterns_len())
            .field("titles", &self.titles.patterns_len())
            .field("nonperson", &self.nonperson.patterns_len())
            .field("surnames", &(self.n_surnames + self.surnames2.len()))
            .finish()
    }
}

impl Default for DirectiveExtractor {
    fn default() -> Self {
        DirectiveExtractor::new()
    }
}

/// Non-comment, non-empty lines of an embedded lexicon, split in fields.
fn lexicon(src: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
}

fn build_ac(words: &[&str], anchored: bool) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .start_kind(if anchored {
            StartKind::Anchored
        } else {
            StartKind::Unanchored
        })
        .build(words)
        .expect("embedded lexicon builds")
}

impl DirectiveExtractor {
    /// Builds the extractor from the embedded lexicons.
    pub fn new() -> DirectiveExtractor {
        let mut lead_words = Vec::new();
        let mut lead_min = Vec::new();
        for f in lexicon(LEADS) {
            lead_words.push(f[0]);
            // 0 marks a blocker: a longer word that is not the lead (坚持不懈).
            let min: usize = f.get(1).and_then(|n| n.parse().ok()).unwrap_or(2);
            lead_min.push(if min == 0 { 0 } else { min.max(2) });
        }
        let verbs: Vec<&str> = lexicon(SPEECH_VERBS).map(|f| f[0]).collect();
        let titles: Vec<&str> = lexicon(TITLES).map(|f| f[0]).collect();
        let nonperson: Vec<&str> = lexicon(NONPERSON).map(|f| f[0]).collect();
        let mut surnames = HashSet::new();
        let mut surname_set = CharSet::default();
        let mut surnames2 = Vec::new();
        for f in lexicon(SURNAMES) {
            let mut cs = f[0].chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => {
                    surnames.insert(c);
                    surname_set.extend([c]);
                }
                (Some(_), Some(_)) => surnames2.push(f[0].to_string()),
                _ => {}
            }
        }
        DirectiveExtractor {
            leads: build_ac(&lead_words, true),
            lead_first: lead_words.iter().filter_map(|w| w.chars().next()).collect(),
            lead_min,
            verbs: build_ac(&verbs, false),
            titles: build_ac(&titles, false),
            titles_at: build_ac(&titles, true),
            title_first: titles.iter().filter_map(|w| w.chars().next()).collect(),
            nonperson: build_ac(&nonperson, true),
            surnames: surname_set,
            n_surnames: surnames.len(),
            surname2_first: surnames2.iter().filter_map(|w| w.chars().next()).collect(),
            surnames2,
            first_finder: memchr::memmem::Finder::new("首先".as_bytes()),
        }
    }
}

// ---------------------------------------------------------------------------
// Characters

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

fn han_digit(c: char) -> Option<u32> {
    Some(match c {
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn is_han_numeral(c: char) -> bool {
    han_digit(c).is_some() || matches!(c, '十' | '〇' | '零' | '两')
}

/// Whether a numbered marker ([`marker_at`]) may start with Han char `c`
/// (what [`MARKER_STARTS`] holds, checked against it in the tests).
#[cfg(test)]
fn may_start_marker(c: char) -> bool {
    matches!(c, '第' | '其' | '首' | '再' | '最') || is_han_numeral(c)
}

fn ascii_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// Ends a sentence or introduces what follows: a strong clause boundary.
fn is_strong_stop(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '：' | '!' | '?' | ';' | ':')
}

fn is_comma(c: char) -> bool {
    matches!(c, '，' | ',')
}

/// Ends a headline.
fn is_headline_stop(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '；' | '：' | ',' | ';' | ':' | '！' | '？' | '!' | '?' | '…'
    )
}

fn is_open_bracket(c: char) -> bool {
    matches!(c, '“' | '‘' | '（' | '(' | '《' | '「' | '『' | '〈' | '【')
}

fn is_close_bracket(c: char) -> bool {
    matches!(c, '”' | '’' | '）' | ')' | '》' | '」' | '』' | '〉' | '】')
}

/// Punctuation and spacing skipped between a marker and its words.
fn is_marker_tail(c: char) -> bool {
    c.is_whitespace() || matches!(c, '，' | ',' | '、' | '：' | ':' | '．' | '.')
}

/// A set of chars of U+4000–U+9FFF, one bit each, made at compile time
/// from a string of them (a lookup instead of a search of the string).
struct HanSet([u64; 384]);

impl HanSet {
    const fn new(s: &str) -> HanSet {
        let b = s.as_bytes();
        let mut bits = [0u64; 384];
        let mut i = 0;
        while i < b.len() {
            assert!(
                i + 2 < b.len() && b[i] >= 0xE4 && b[i] <= 0xE9,
                "a char of U+4000–U+9FFF"
            );
            let cp = ((b[i] as usize & 0x0F) << 12)
                | ((b[i + 1] as usize & 0x3F) << 6)
                | (b[i + 2] as usize & 0x3F);
            let k = cp - 0x4000;
            bits[k / 64] |= 1 << (k % 64);
            i += 3;
        }
        HanSet(bits)
    }

    #[inline]
    fn contains(&self, c: char) -> bool {
        self.contains_code(c as u32)
    }

    /// Whether the char of code point `u` is in the set.
    #[inline]
    fn contains_code(&self, u: u32) -> bool {
        let k = (u as usize).wrapping_sub(0x4000);
        self.0.get(k / 64).is_some_and(|w| w >> (k % 64) & 1 != 0)
    }
}

static FUNCTION_CHARS: HanSet = HanSet::new(
    "在对向就和与及等的了是为将已也都还并于从到把被让这那其此各该本他她我你们又再所会以按上中下内外",
);
static NAME_END_CHARS: HanSet =
    HanSet::new("说表指强要主出带参分首率代同最作深一听调致讲提认希充肯看来去");
static NONPERSON_SUFFIXES: HanSet = HanSet::new(concat!(
    "会委部局厅院府处办组室党省市县区镇乡村社报见知告件案",
    "们家方面者议门所校队团业位人员长记届次年月日号联盟洲"
));
/// The chars of U+4000–U+9FFF that [`may_start_marker`] takes (its 〇 is
/// not among them).
static MARKER_STARTS: HanSet = HanSet::new("第其首再最一二三四五六七八九十零两");
static YAO_NOUNS: HanSet = HanSet::new("务义素事求旨点件害职闻案");
static NAME_EDGES: HanSet = HanSet::new("在对向带强指主出表说率等同");
static BODY_ENDS: HanSet = HanSet::new("委府院部局厅市省县区镇乡央国会党组州盟旗村协联办");

/// Function words: never inside a name.
fn is_function_char(c: char) -> bool {
    FUNCTION_CHARS.contains(c)
}

/// Characters that end a name when nothing better tells: function words and
/// the first characters of what follows a name (说, 表示, 指出, 强调 …).
fn is_name_boundary(c: char) -> bool {
    !is_han(c) || is_function_char(c) || NAME_END_CHARS.contains(c)
}

/// Last characters that make a word a body, not a person (市委, 文件 …).
fn is_nonperson_suffix(c: char) -> bool {
    NONPERSON_SUFFIXES.contains(c)
}

/// Parses a Chinese numeral 一 … 九十九 at the start of `s`: (value, bytes).
fn parse_han_num(s: &str) -> Option<(u32, usize)> {
    let mut it = s.chars();
    let c0 = it.next()?;
    if c0 == '十' {
        return match it.next().and_then(han_digit) {
            Some(d) => Some((10 + d, 6)),
            None => Some((10, 3)),
        };
    }
    let d0 = han_digit(c0)?;
    match it.next() {
        Some('十') => match it.next().and_then(han_digit) {
            Some(d) => Some((d0 * 10 + d, 9)),
            None => Some((d0 * 10, 6)),
        },
        _ => Some((d0, 3)),
    }
}

/// Parses one or two Arabic digits (ASCII or full-width) 1 … 99: (value, bytes).
fn parse_arabic(s: &str) -> Option<(u32, usize)> {
    let mut value = 0;
    let mut len = 0;
    for c in s.chars().take(3) {
        match ascii_digit(c) {
            Some(d) => {
                if len > 0 && value == 0 {
                    return None; // a leading zero: 01, 00
                }
                value = value * 10 + d;
                len += c.len_utf8();
            }
            None => break,
        }
    }
    if len == 0 || value == 0 || value > 99 || s[len..].starts_with(|c| ascii_digit(c).is_some()) {
        return None;
    }
    Some((value, len))
}

// ---------------------------------------------------------------------------
// Marker families

/// A family of ordinal markers; a list uses one family throughout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    /// 一要, 二要 …
    Yao,
    /// 一是, 二是 …
    Shi,
    /// 第一, 第二 …
    Di,
    /// 其一, 其二 …
    Qi,
    /// （一）, （二）…
    ParenHan,
    /// （1）, （2）…
    ParenNum,
    /// 一、 二、 …
    HanDun,
    /// 1. 2. …
    NumDot,
    /// 1、 2、 …
    NumDun,
    /// 首先, 其次, 再次 / 第三, 最后.
    First,
}

const FAMILIES: usize = 10;

impl Family {
    fn index(self) -> usize {
        self as usize
    }

    fn style(self) -> &'static str {
        match self {
            Family::Yao => "一要",
            Family::Shi => "一是",
            Family::Di => "第一",
            Family::Qi => "其一",
            Family::ParenHan => "（一）",
            Family::ParenNum => "（1）",
            Family::HanDun => "一、",
            Family::NumDot => "1.",
            Family::NumDun => "1、",
            Family::First => "首先",
        }
    }

    /// Largest gap between consecutive markers: (bytes, paragraphs).
    fn max_gap(self) -> (usize, usize) {
        match self {
            Family::Yao | Family::Shi | Family::Di | Family::Qi => (12_000, 8),
            Family::First => (20_000, 15),
            Family::ParenHan | Family::ParenNum => (60_000, 60),
            Family::NumDot | Family::NumDun => (30_000, 40),
            Family::HanDun => (200_000, 400),
        }
    }
}

/// What a 首先-family marker does to its run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// An explicit ordinal (一要 → 1, 其次 → 2, 第三 → 3).
    Ordinal(u32),
    /// 再次: the next ordinal.
    Next,
    /// 最后: the next ordinal, and the run ends.
    Last,
    /// 首先 inside a clause (要坚持首先是…，其次是…): ends an open 首先 run, so
    /// that the 其次 answering it is not taken for the open run's.
    Shadow,
}

/// A marker found at a clause start.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    family: Family,
    step: Step,
    /// Where the marker starts.
    start: usize,
    /// Where the marker ends.
    marker_end: usize,
    /// Where the item's own words begin (after the marker and its 、，).
    content: usize,
    /// Paragraph index.
    para: usize,
    /// The marker opens its paragraph.
    para_start: bool,
}

impl Candidate {
    /// 首先 at byte `start` inside a clause of paragraph `para` (it ends an
    /// open 首先 run; see [`Step::Shadow`]).
    fn shadow_first(start: usize, para: usize) -> Candidate {
        let end = start + "首先".len();
        Candidate {
            family: Family::First,
            step: Step::Shadow,
            start,
            marker_end: end,
            content: end,
            para,
            para_start: false,
        }
    }
}

/// One item as found, before spans are settled.
#[derive(Debug, Clone, Copy)]
struct RawItem {
    ordinal: u32,
    start: usize,
    marker_end: usize,
    content: usize,
    para: usize,
    para_start: bool,
}

/// A list as found.
#[derive(Debug, Clone)]
struct RawList {
    style: String,
    numbered: bool,
    items: Vec<RawItem>,
    /// End of each item (parallel to `items`).
    ends: Vec<usize>,
    /// Items taken over from a merged outline: (item, end).
    extra: Vec<(RawItem, usize)>,
    removed: bool,
}

impl RawList {
    fn new(style: String, numbered: bool, items: Vec<RawItem>) -> RawList {
        RawList {
            style,
            numbered,
            items,
            ends: Vec::new(),
            extra: Vec::new(),
            removed: false,
        }
    }

    fn start(&self) -> usize {
        self.items.first().map_or(0, |i| i.start)
    }

    fn end(&self) -> usize {
        self.ends.last().copied().unwrap_or(0)
    }
}

// ---------------------------------------------------------------------------
// The document's layout

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UnitKind {
    /// Opens a paragraph.
    ParaStart,
    /// Opens a sentence.
    SentStart,
    /// Follows a ；.
    Semi,
}

/// A sentence, or a ；-clause of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Unit {
    /// First non-space byte.
    start: usize,
    end: usize,
    para: usize,
    kind: UnitKind,
    /// Byte after the unit's last comma or colon outside quotes and
    /// brackets (`last_comma_outside_quotes` of its text, found while
    /// splitting).
    last_comma: Option<usize>,
}

struct Layout<'a> {
    text: &'a str,
    paras: Vec<Span>,
    units: Vec<Unit>,
}

/// The chars of a text that [`Layout::units`] reads — brackets and quotes,
/// commas, colons and semicolons — with their byte offsets, as the numbered
/// marker scan ([`DirectiveExtractor::candidates`]) meets them; complete
/// before byte `complete_until` (the scan may stop early).
struct Marks {
    list: Vec<(usize, char)>,
    complete_until: usize,
}

/// Whether [`Layout::units`] reads `c`.
fn is_layout_mark(c: char) -> bool {
    is_open_bracket(c) || is_close_bracket(c) || is_comma(c) || matches!(c, '；' | ';' | '：' | ':')
}

impl<'a> Layout<'a> {
    /// The paragraphs; the units come from [`Layout::units`].
    fn new(cx: &Context<'a>) -> Layout<'a> {
        let text = cx.text;
        let valid = |s: &Span| s.start < s.end && s.get(text).is_some();
        // (reserved: a filter's collect grows the vector from four entries)
        let mut paras = Vec::with_capacity(cx.paragraphs.len());
        paras.extend(cx.paragraphs.iter().copied().filter(valid));
        if paras.is_empty() && !text.is_empty() {
            paras = segment::split_paragraphs(text);
        }
        Layout {
            text,
            paras,
            units: Vec::with_capacity(cx.sentences.len() + 8),
        }
    }

    /// Whether the paragraphs are in order and apart (as the pipeline's
    /// are), so that a scan of them meets the text's chars once each, in order.
    fn paras_in_order(&self) -> bool {
        self.paras.windows(2).all(|w| w[0].end <= w[1].start)
    }

    /// The units: `cx`'s sentences (or its paragraphs split into sentences)
    /// split at ；outside brackets. `marks`, when given, lists the chars read
    /// (see [`Marks`]); a sentence it does not cover is read from the text.
    fn units(&mut self, cx: &Context<'a>, marks: Option<&Marks>) {
        let text = self.text;
        let own_sentences;
        let sentences: &[Span] = if cx.sentences.is_empty() && !self.paras.is_empty() {
            own_sentences =
                segment::split_sentences(text, &self.paras, &segment::SentenceOptions::default());
            &own_sentences
        } else {
            cx.sentences
        };
        let mut last_end = 0;
        // Sentences come in order: with the paragraphs in order too, the
        // paragraph of each and its first mark are found by moving forward
        // (what `para_of` and a binary search of the marks would give).
        let ordered = self.paras_in_order();
        let mut para = 0;
        let mut next_mark = 0;
        for s in sentences {
            let Some(st) = s.get(text) else { continue };
            if s.start < last_end {
                continue; // out of order: ignore
            }
            last_end = s.end;
            if ordered {
                while para + 1 < self.paras.len() && self.paras[para].end <= s.start {
                    para += 1;
                }
            } else {
                para = self.para_of(s.start);
            }
            let Some(&p) = self.paras.get(para) else {
                continue;
            };
            let first_kind = if text
                .get(p.start..s.start)
                .is_some_and(|h| h.trim_start().is_empty())
            {
                UnitKind::ParaStart
            } else {
                UnitKind::SentStart
            };
            // Split at ；outside quotes and brackets.
            // A unit starts at depth 0, so the depth here is the one
            // `last_comma_outside_quotes` reads over the unit alone.
            let mut depth = 0i32;
            let mut from = 0;
            let mut kind = first_kind;
            let mut comma = None;
            let mut read = |i: usize, c: char, layout: &mut Layout<'a>| {
                // (the commonest mark first: no bracket, no semicolon)
                if c == '，' {
                    if depth == 0 {
                        comma = Some(s.start + i + c.len_utf8());
                    }
                } else if is_open_bracket(c) {
                    depth += 1;
                } else if is_close_bracket(c) {
                    depth = (depth - 1).max(0);
                } else if matches!(c, '；' | ';') && depth == 0 {
                    let end = i + c.len_utf8();
                    layout.push_unit(s.start + from, s.start + end, para, kind, comma);
                    from = end;
                    kind = UnitKind::Semi;
                    comma = None;
                } else if depth == 0 && (is_comma(c) || matches!(c, '：' | ':')) {
                    comma = Some(s.start + i + c.len_utf8());
                }
            };
            // The marks cover a sentence inside one paragraph that the scan
            // read whole.
            let listed =
                marks.filter(|m| p.start <= s.start && s.end <= p.end && s.end <= m.complete_until);
            match listed {
                Some(m) => {
                    // (the marks are in text order, and `s.start` grows)
                    while m.list.get(next_mark).is_some_and(|&(at, _)| at < s.start) {
                        next_mark += 1;
                    }
                    while let Some(&(at, c)) = m.list.get(next_mark).filter(|&&(at, _)| at < s.end)
                    {
                        read(at - s.start, c, self);
                        next_mark += 1;
                    }
                }
                None => {
                    for (i, c) in PunctIndices::new(st) {
                        read(i, c, self);
                    }
                }
            }
            if from < st.len() {
                self.push_unit(s.start + from, s.end, para, kind, comma);
            }
        }
    }

    fn push_unit(
        &mut self,
        start: usize,
        end: usize,
        para: usize,
        kind: UnitKind,
        last_comma: Option<usize>,
    ) {
        let Some(t) = self.text.get(start..end) else {
            return;
        };
        let lead = t.len() - t.trim_start().len();
        if start + lead < end {
            self.units.push(Unit {
                start: start + lead,
                end,
                para,
                kind,
                last_comma,
            });
        }
    }

    /// Index of the paragraph holding byte `pos` (or the nearest before it).
    fn para_of(&self, pos: usize) -> usize {
        self.paras
            .partition_point(|p| p.end <= pos)
            .min(self.paras.len().saturating_sub(1))
    }

    /// Index of the unit holding byte `pos` (or the next one).
    fn unit_of(&self, pos: usize) -> usize {
        self.units
            .partition_point(|u| u.end <= pos)
            .min(self.units.len().saturating_sub(1))
    }

    /// `pos` moved back over trailing white space.
    fn trim_back(&self, from: usize, pos: usize) -> usize {
        match self.text.get(from..pos) {
            Some(t) => from + t.trim_end().len(),
            None => pos,
        }
    }
}

// ---------------------------------------------------------------------------
// Numbered markers

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Boundary {
    ParaStart,
    Strong,
    Comma,
    None,
}

impl DirectiveExtractor {
    /// Every numbered marker at a clause start, in text order; notes in
    /// `marks` the chars [`Layout::units`] reads, as it meets them.
    fn candidates(&self, lay: &Layout<'_>, marks: &mut Marks) -> Vec<Candidate> {
        let mut out = Vec::new();
        // The first 首先 of the text at or after `first_from` (`usize::MAX`:
        // none), searched once for all the paragraphs it serves (one memmem
        // call per paragraph cost more than the search itself).
        let mut first_from = usize::MAX;
        let mut first_at = usize::MAX;
        for (pi, p) in lay.paras.iter().enumerate() {
            let Some(pt) = p.get(lay.text) else { continue };
            let mut state = Boundary::ParaStart;
            let bytes = pt.as_bytes();
            let mut i = 0;
            // The next 首先 at or after `i` (`usize::MAX`: none).
            let mut next_first = 0;
            while i < bytes.len() {
                // Inside a clause, a char led by E4–E9 (U+4000–U+9FFF) is
                // neither white space, punctuation nor a quote, and starts no
                // marker: only 首先 needs a look. Most of the text is skipped
                // so, undecoded, up to the next 首先 (found by memmem).
                if state == Boundary::None {
                    if next_first < i {
                        let at = p.start + i;
                        if !(first_from <= at && at <= first_at) {
                            first_from = at;
                            first_at = lay
                                .text
                                .as_bytes()
                                .get(at..)
                                .and_then(|r| self.first_finder.find(r))
                                .map_or(usize::MAX, |k| at + k);
                        }
                        // (one that ends past the paragraph is not in it)
                        next_first = match first_at.checked_add("首先".len()) {
                            Some(end) if end <= p.end => first_at - p.start,
                            _ => usize::MAX,
                        };
                    }
                    // ASCII other than a stop or comma leaves the clause
                    // state as it is too (white space keeps it, the rest
                    // sets None, which it is).
                    i = skip_clause(bytes, i, next_first.min(bytes.len()));
                    if i == next_first {
                        if out.len() >= MAX_CANDIDATES {
                            marks.complete_until = p.start;
                            return out;
                        }
                        out.push(Candidate::shadow_first(p.start + i, pi));
                        i += 3;
                        continue;
                    }
                }
                // The commonest marks, undecoded: none is white space or
                // starts a marker, so only the clause state changes.
                match bytes.get(i..i + 3) {
                    Some([0xEF, 0xBC, 0x8C]) => {
                        // ，
                        marks.list.push((p.start + i, '，'));
                        state = Boundary::Comma;
                        i += 3;
                        continue;
                    }
                    Some([0xE3, 0x80, 0x82]) => {
                        // 。
                        state = Boundary::Strong;
                        i += 3;
                        continue;
                    }
                    Some([0xE3, 0x80, 0x81]) => {
                        // 、
                        state = Boundary::None;
                        i += 3;
                        continue;
                    }
                    // A clause's first char, Han: a marker can start only
                    // at a numeral or one of 第其首再最; any other ends the
                    // clause start.
                    Some(&[b0 @ 0xE4..=0xE9, b1, b2]) => {
                        let cp = (u32::from(b0 & 0x0F) << 12)
                            | (u32::from(b1 & 0x3F) << 6)
                            | u32::from(b2 & 0x3F);
                        if !MARKER_STARTS.contains_code(cp) {
                            state = Boundary::None;
                            i += 3;
                            continue;
                        }
                    }
                    _ => {}
                }
                let Some(c) = pt.get(i..).and_then(|r| r.chars().next()) else {
                    break;
                };
                let at = i;
                i += c.len_utf8();
                let i = at;
                if is_layout_mark(c) {
                    marks.list.push((p.start + i, c));
                }
                if c.is_whitespace() {
                    continue;
                }
                if state != Boundary::None
                    && let Some(m) = marker_at(pt, i, state)
                {
                    if out.len() >= MAX_CANDIDATES {
                        marks.complete_until = p.start;
                        return out;
                    }
                    out.push(Candidate {
                        family: m.family,
                        step: m.step,
                        start: p.start + i,
                        marker_end: p.start + m.marker_end,
                        content: p.start + m.content,
                        para: pi,
                        para_start: state == Boundary::ParaStart,
                    });
                }
                if state == Boundary::None && c == '首' && pt[i..].starts_with("首先") {
                    if out.len() >= MAX_CANDIDATES {
                        marks.complete_until = p.start;
                        return out;
                    }
                    out.push(Candidate::shadow_first(p.start + i, pi));
                }
                state = if is_strong_stop(c) {
                    Boundary::Strong
                } else if is_comma(c) {
                    Boundary::Comma
                } else if matches!(c, '“' | '‘' | '「') {
                    state // an opening quote keeps the clause start
                } else {
                    Boundary::None
                };
            }
        }
        out
    }
}

/// Whether the clause scan of [`DirectiveExtractor::candidates`] stops at
/// byte `b`: one of `!?;:,()`, or a lead byte other than E4–E9 (continuation
/// bytes and the leads of U+4000–U+9FFF are skipped).
#[inline(always)]
fn stops_clause(b: u8) -> bool {
    (b >= 0xC0 && b.wrapping_sub(0xE4) > 5)
        | (b.wrapping_sub(b'(') < 2)
        | (b.wrapping_sub(b':') < 2)
        | (b == b'!')
        | (b == b',')
        | (b == b'?')
}

/// From char boundary `i`, the first byte where the clause scan stops
/// ([`stops_clause`]), or `stop` (a char boundary) if that comes first.
/// Continuation bytes never stop it, so the text is read in blocks of 16
/// bytes, whatever their char boundaries, with a mask the compiler
/// vectorizes.
#[inline]
fn skip_clause(bytes: &[u8], i: usize, stop: usize) -> usize {
    let Some(hay) = bytes.get(..stop) else {
        return i;
    };
    let mut k = i;
    while let Some(block) = hay
        .get(k..k + 16)
        .and_then(|r| <&[u8; 16]>::try_from(r).ok())
    {
        let mut flags = [0u8; 16];
        for (f, &b) in flags.iter_mut().zip(block) {
            *f = u8::from(stops_clause(b));
        }
        let m = u128::from_le_bytes(flags);
        if m != 0 {
            return k + (m.trailing_zeros() / 8) as usize;
        }
        k += 16;
    }
    while k < stop && !hay.get(k).is_some_and(|&b| stops_clause(b)) {
        k += 1;
    }
    k.min(stop)
}

struct MarkerMatch {
    family: Family,
    step: Step,
    marker_end: usize,
    content: usize,
}

/// The numbered marker starting at byte `i` of paragraph text `pt`, if any.
fn marker_at(pt: &str, i: usize, state: Boundary) -> Option<MarkerMatch> {
    let s = pt.get(i..)?;
    let strong = state != Boundary::Comma;
    let first = s.chars().next()?;
    let (family, step, len) = match first {
        '第' => {
            let (n, nl) = parse_han_num(&s[3..])?;
            let rest = &s[3 + nl..];
            let next = rest.chars().next()?;
            let tail = is_marker_tail(next) && !next.is_whitespace() && next != '.' && next != '．';
            // 第一是 / 第一要: the 是 or 要 belongs to the marker, as in 一是.
            let verb = (next == '是' && !rest[3..].starts_with('否'))
                || (next == '要' && !rest[3..].starts_with(is_yao_noun));
            if !(tail || verb) || n > 30 {
                return None;
            }
            (
                Family::Di,
                Step::Ordinal(n),
                3 + nl + if verb { 3 } else { 0 },
            )
        }
        '其' => {
            if s.starts_with("其次") {
                (Family::First, Step::Ordinal(2), 6)
            } else {
                let (n, nl) = parse_han_num(&s[3..])?;
                let next = s[3 + nl..].chars().next()?;
                if n > 10 || !matches!(next, '，' | ',' | '、' | '：' | ':' | '是' | '要') {
                    return None;
                }
                (Family::Qi, Step::Ordinal(n), 3 + nl)
            }
        }
        '首' if s.starts_with("首先") => (Family::First, Step::Ordinal(1), 6),
        '再' | '最' => {
            let step = if s.starts_with("再次") {
                Step::Next
            } else if s.starts_with("最后") || s.starts_with("最後") {
                Step::Last
            } else {
                return None;
            };
            let next = s[6..].chars().next()?;
            if !matches!(next, '，' | ',' | '：' | ':' | '要' | '是') {
                return None;
            }
            (Family::First, step, 6)
        }
        '（' | '(' => {
            if !strong {
                return None;
            }
            let ol = first.len_utf8();
            let rest = &s[ol..];
            let (family, n, nl) = match parse_han_num(rest) {
                Some((n, nl)) => (Family::ParenHan, n, nl),
                None => {
                    let (n, nl) = parse_arabic(rest)?;
                    (Family::ParenNum, n, nl)
                }
            };
            let close = rest[nl..].chars().next()?;
            if !matches!(close, '）' | ')') {
                return None;
            }
            (family, Step::Ordinal(n), ol + nl + close.len_utf8())
        }
        c if is_han_numeral(c) => {
            let (n, nl) = parse_han_num(s)?;
            let rest = &s[nl..];
            let next = rest.chars().next()?;
            let after = &rest[next.len_utf8()..];
            match next {
                '要' if n <= 30 && !after.starts_with(is_yao_noun) => {
                    (Family::Yao, Step::Ordinal(n), nl + 3)
                }
                '是' if n <= 30 && !after.starts_with('否') && !is_shi_idiom(s, nl, after) => {
                    (Family::Shi, Step::Ordinal(n), nl + 3)
                }
                '、' | '．' if strong => {
                    let after_trim = after.trim_start();
                    if after_trim.is_empty()
                        || after_trim.starts_with(|c: char| is_han_numeral(c) || is_strong_stop(c))
                    {
                        return None; // 一、二季度; 一、二、三
                    }
                    (Family::HanDun, Step::Ordinal(n), nl + 3)
                }
                _ => return None,
            }
        }
        c if ascii_digit(c).is_some() => {
            if !strong {
                return None;
            }
            let (n, nl) = parse_arabic(s)?;
            let rest = &s[nl..];
            let sep = rest.chars().next()?;
            let family = match sep {
                '.' | '．' => Family::NumDot,
                '、' => Family::NumDun,
                _ => return None,
            };
            let after = rest[sep.len_utf8()..].trim_start();
            let ok = after.chars().next().is_some_and(|c| {
                ascii_digit(c).is_none()
                    && !matches!(c, '%' | '％' | '.' | '、')
                    && !is_han_numeral(c)
            });
            if !ok {
                return None;
            }
            (family, Step::Ordinal(n), nl + sep.len_utf8())
        }
        _ => return None,
    };
    let marker_end = i + len;
    let tail = pt.get(marker_end..)?;
    let skip = tail.len() - tail.trim_start_matches(is_marker_tail).len();
    Some(MarkerMatch {
        family,
        step,
        marker_end,
        content: marker_end + skip,
    })
}

/// 一要务, 第一要义: 要 starting a noun, not "must".
fn is_yao_noun(c: char) -> bool {
    YAO_NOUNS.contains(c)
}

/// 一是一，二是二: an idiom, not a list.
fn is_shi_idiom(s: &str, nl: usize, after: &str) -> bool {
    let num = &s[..nl];
    after.strip_prefix(num).is_some_and(|r| {
        r.chars()
            .next()
            .is_none_or(|c| is_comma(c) || is_strong_stop(c) || c == '、' || c == '。')
    })
}

/// Groups candidates into runs with consecutive ordinals.
fn numbered_runs(cands: &[Candidate]) -> Vec<RawList> {
    let mut runs: Vec<(Family, Vec<RawItem>)> = Vec::new();
    let mut open: [Option<usize>; FAMILIES] = [None; FAMILIES];
    let item = |c: &Candidate, ordinal: u32| RawItem {
        ordinal,
        start: c.start,
        marker_end: c.marker_end,
        content: c.content,
        para: c.para,
        para_start: c.para_start,
    };
    let gap_ok = |items: &[RawItem], c: &Candidate, fam: Family| {
        let (bytes, paras) = fam.max_gap();
        items.last().is_some_and(|l| {
            c.start > l.start && c.start - l.start <= bytes && c.para - l.para <= paras
        })
    };
    for c in cands {
        let fi = c.family.index();
        match (c.family, c.step) {
            (_, Step::Ordinal(1)) => {
                if runs.len() < MAX_LISTS * 4 {
                    runs.push((c.family, vec![item(c, 1)]));
                    open[fi] = Some(runs.len() - 1);
                } else {
                    open[fi] = None;
                }
            }
            (Family::First, Step::Shadow) => open[fi] = None,
            (Family::First, step) => {
                let Some(r) = open[fi] else { continue };
                let items = &mut runs[r].1;
                let last = items.last().map_or(0, |l| l.ordinal);
                let fits = match step {
                    Step::Ordinal(n) => n == last + 1,
                    Step::Next | Step::Last => last >= 2,
                    Step::Shadow => false,
                };
                if !fits {
                    continue;
                }
                if !gap_ok(items, c, Family::First) || items.len() >= MAX_ITEMS {
                    open[fi] = None;
                    continue;
                }
                items.push(item(c, last + 1));
                if step == Step::Last {
                    open[fi] = None;
                }
            }
            (fam, Step::Ordinal(n)) => {
                let mut taken = false;
                if let Some(r) = open[fi] {
                    let items = &mut runs[r].1;
                    if items.last().is_some_and(|l| l.ordinal + 1 == n) {
                        if gap_ok(items, c, fam) && items.len() < MAX_ITEMS {
                            items.push(item(c, n));
                            taken = true;
                        } else {
                            open[fi] = None;
                        }
                    }
                }
                // 第三 after 首先…其次 continues the 首先 run.
                let first = Family::First.index();
                if !taken
                    && fam == Family::Di
                    && let Some(r) = open[first]
                {
                    let items = &mut runs[r].1;
                    if items.last().is_some_and(|l| l.ordinal + 1 == n)
                        && gap_ok(items, c, Family::First)
                        && items.len() < MAX_ITEMS
                    {
                        items.push(item(c, n));
                    }
                }
            }
            _ => {}
        }
    }
    runs.into_iter()
        .filter(|(_, items)| items.len() >= 2)
        .map(|(fam, items)| RawList::new(fam.style().to_string(), true, items))
        .collect()
}

// ---------------------------------------------------------------------------
// Unnumbered runs

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HeadKind {
    ParaStart,
    SentStart,
    Semi,
    /// The last clause of a sentence (…，坚持谋划为先。): only a run's first item.
    Final,
}

#[derive(Debug, Clone, Copy)]
struct Head {
    lead: usize,
    start: usize,
    lead_end: usize,
    unit: usize,
    para: usize,
    kind: HeadKind,
    /// The head is a headline sentence: one short clause.
    short: bool,
}

impl DirectiveExtractor {
    /// The lead word at `pos`, if one starts there and is followed by words.
    fn lead_at(&self, text: &str, pos: usize, end: usize) -> Option<(usize, usize)> {
        let first = text.get(pos..).and_then(|r| r.chars().next())?;
        if !self.lead_first.contains(&first) {
            return None;
        }
        let hay = text.get(..end)?;
        let m = self
            .leads
            .find(Input::new(hay).span(pos..end).anchored(Anchored::Yes))?;
        let next = hay[m.end()..].chars().next()?;
        // 加快了 reports; 坚持这些 points back: neither opens a directive.
        if !(is_han(next) || matches!(next, '“' | '‘' | '「' | '《'))
            || matches!(next, '了' | '着' | '过' | '这' | '那' | '此' | '该')
        {
            return None;
        }
        Some((m.pattern().as_usize(), m.end()))
    }

    fn heads(&self, lay: &Layout<'_>) -> Vec<Head> {
        let text = lay.text;
        let mut out = Vec::new();
        for (ui, u) in lay.units.iter().enumerate() {
            if out.len() >= MAX_HEADS {
                break;
            }
            let Some(ut) = text.get(u.start..u.end) else {
                continue;
            };
            if let Some((lead, lead_end)) = self.lead_at(text, u.start, u.end) {
                let kind = match u.kind {
                    UnitKind::ParaStart => HeadKind::ParaStart,
                    UnitKind::SentStart => HeadKind::SentStart,
                    UnitKind::Semi => HeadKind::Semi,
                };
                let body = text.get(lead_end..u.end).unwrap_or("");
                let short = body.chars().nth(20).is_none() && !has_comma_outside_quotes(body);
                out.push(Head {
                    lead,
                    start: u.start,
                    lead_end,
                    unit: ui,
                    para: u.para,
                    kind,
                    short,
                });
                continue;
            }
            // The final clause of a sentence or ；-clause: …，坚持谋划为先。
            if !ut
                .trim_end()
                .ends_with(['。', '！', '？', '；', '!', '?', ';'])
            {
                continue;
            }
            let Some(cut) = u.last_comma.and_then(|a| a.checked_sub(u.start)) else {
                continue;
            };
            let Some(tail) = ut.get(cut..) else {
                continue;
            };
            let ts = u.start + cut + (tail.len() - tail.trim_start().len());
            // (the lead word first: most tails have none, and counting
            // their chars cost more than looking)
            if let Some((lead, lead_end)) = self.lead_at(text, ts, u.end)
                && tail.chars().nth(31).is_none()
            {
                out.push(Head {
                    lead,
                    start: ts,
                    lead_end,
                    unit: ui,
                    para: u.para,
                    kind: HeadKind::Final,
                    short: true,
                });
            }
        }
        out
    }

    /// Groups heads with one lead word into runs.
    fn unnumbered_runs(&self, lay: &Layout<'_>, heads: &[Head]) -> Vec<RawList> {
        if heads.is_empty() {
            return Vec::new();
        }
        let n_leads = self.lead_min.len();
        // Per lead word: the open run, and whether it used a headline link.
        let mut open: Vec<(Vec<Head>, bool)> = vec![(Vec::new(), false); n_leads];
        let mut out = Vec::new();
        let finish = |(run, loose): &mut (Vec<Head>, bool), out: &mut Vec<RawList>| {
            let min = self
                .lead_min
                .get(run.first().map_or(0, |h| h.lead))
                .copied()
                .unwrap_or(2);
            let min = if *loose { min.max(3) } else { min };
            *loose = false;
            if min > 0 && run.len() >= min && out.len() < MAX_LISTS * 4 {
                let style = lay
                    .text
                    .get(run[0].start..run[0].lead_end)
                    .unwrap_or("")
                    .to_string();
                let items = run
                    .iter()
                    .zip(1..)
                    .map(|(h, ordinal)| RawItem {
                        ordinal,
                        start: h.start,
                        marker_end: h.lead_end,
                        // 坚持和完善…: the conjunction joins a second verb to the lead.
                        content: h.lead_end
                            + lay.text.get(h.lead_end..).map_or(0, |t| {
                                if t.starts_with(['和', '与', '并']) {
                                    3
                                } else {
                                    0
                                }
                            }),
                        para: h.para,
                        para_start: h.kind == HeadKind::ParaStart,
                    })
                    .collect::<Vec<RawItem>>();
                // The same words after the lead each time (坚持和发展马克思主义，必须…
                // twice) make a repeated topic, not an enumeration.
                let heads: Vec<String> = items
                    .iter()
                    .map(|i| headline(lay.text, i.content, lay.text.len()))
                    .collect();
                let repeated = heads
                    .iter()
                    .enumerate()
                    .any(|(k, h)| heads[..k].contains(h));
                if !repeated {
                    out.push(RawList::new(style, false, items));
                }
            }
            run.clear();
        };
        for h in heads {
            let Some(run) = open.get_mut(h.lead) else {
                continue;
            };
            let l = run.0.last().map_or(Link::None, |p| link(p, h));
            if l == Link::None || run.0.len() >= MAX_ITEMS {
                finish(run, &mut out);
            }
            run.1 |= l == Link::Headline && !run.0.is_empty();
            run.0.push(*h);
        }
        // An empty run gives no list (most lead words have none).
        for run in open.iter_mut().filter(|r| !r.0.is_empty()) {
            finish(run, &mut out);
        }
        out
    }
}

/// How head `b` continues the run ending with head `a`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    /// It does not.
    None,
    /// Next paragraph, or next sentence or clause.
    Adjacent,
    /// Both are headline sentences (坚持项目为王。) a few sentences apart in one
    /// paragraph, the sentences between being the item's body.
    Headline,
}

fn link(a: &Head, b: &Head) -> Link {
    if b.kind == HeadKind::Final || b.unit <= a.unit {
        return Link::None;
    }
    if a.kind == HeadKind::ParaStart && b.kind == HeadKind::ParaStart && b.para == a.para + 1 {
        return Link::Adjacent;
    }
    if b.unit == a.unit + 1 {
        return Link::Adjacent;
    }
    if a.short && b.short && b.unit - a.unit <= 10 && b.para == a.para {
        return Link::Headline;
    }
    Link::None
}

/// `char_indices` of the chars its readers ([`Layout::units`],
/// [`last_comma_outside_quotes`]) look at: brackets and quotes, commas,
/// colons and semicolons, and any other char outside U+4000–U+9FFF. Skipped
/// undecoded: the Han chars (led by the bytes E4–E9, most of the text),
/// ASCII other than `( ) , ; :`, and `、。`.
struct PunctIndices<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> PunctIndices<'a> {
    fn new(s: &'a str) -> PunctIndices<'a> {
        PunctIndices { s, i: 0 }
    }
}

impl Iterator for PunctIndices<'_> {
    type Item = (usize, char);

    #[inline]
    fn next(&mut self) -> Option<(usize, char)> {
        let bytes = self.s.as_bytes();
        while let Some(&b) = bytes.get(self.i) {
            if (0xE4..=0xE9).contains(&b) {
                self.i += 3;
                continue;
            }
            if b < 0x80 && !matches!(b, b'(' | b')' | b';' | b',' | b':') {
                self.i += 1;
                continue;
            }
            if matches!(
                bytes.get(self.i..self.i + 3),
                Some([0xE3, 0x80, 0x81 | 0x82])
            ) {
                self.i += 3; // 、。
                continue;
            }
            let c = self.s.get(self.i..)?.chars().next()?;
            let at = self.i;
            self.i += c.len_utf8();
            return Some((at, c));
        }
        None
    }
}

fn last_comma_outside_quotes(s: &str) -> Option<usize> {
    let mut depth = 0i32;
    let mut last = None;
    for (i, c) in PunctIndices::new(s) {
        if is_open_bracket(c) {
            depth += 1;
        } else if is_close_bracket(c) {
            depth = (depth - 1).max(0);
        } else if depth == 0 && (is_comma(c) || matches!(c, '：' | ':')) {
            last = Some(i + c.len_utf8());
        }
    }
    last
}

fn has_comma_outside_quotes(s: &str) -> bool {
    let t = s
        .trim_end()
        .trim_end_matches(['。', '！', '？', '；', '!', '?', ';']);
    last_comma_outside_quotes(t).is_some()
}

// ---------------------------------------------------------------------------
// Spans, outlines, nesting

/// Settles where each item ends. `heading_from[p]` is the start of the
/// earliest list with an item opening paragraph `p`: the last item of a
/// paragraph-level list stops before the next item of a list that began
/// before it (the next section heading).
fn settle_ends(lay: &Layout<'_>, list: &mut RawList, heading_from: &[usize]) {
    let n = list.items.len();
    let mut ends = Vec::with_capacity(n);
    for w in list.items.windows(2) {
        ends.push(lay.trim_back(w[0].start, w[1].start));
    }
    let Some(last) = list.items.last() else {
        return;
    };
    let list_start = list.start();
    let end = if last.para_start {
        let counts = list
            .items
            .windows(2)
            .map(|w| w[1].para.saturating_sub(w[0].para).max(1));
        let longest = counts.max().unwrap_or(1).min(40);
        let mut end_para = last.para;
        while end_para + 1 < (last.para + longest).min(lay.paras.len())
            && heading_from
                .get(end_para + 1)
                .is_none_or(|&s| s >= list_start)
        {
            end_para += 1;
        }
        // A closing paragraph that introduces what follows (…抓好五件事：) is
        // not part of the item.
        while end_para > last.para
            && lay.paras[end_para]
                .get(lay.text)
                .is_some_and(|t| t.trim_end().ends_with(['：', ':']))
        {
            end_para -= 1;
        }
        lay.paras.get(end_para).map_or(last.start, |p| p.end)
    } else {
        let one_unit = list
            .items
            .windows(2)
            .all(|w| lay.unit_of(w[1].start) <= lay.unit_of(w[0].start) + 1);
        if one_unit && !lay.units.is_empty() {
            lay.units[lay.unit_of(last.start)].end
        } else {
            lay.paras.get(last.para).map_or(last.start, |p| p.end)
        }
    };
    ends.push(lay.trim_back(last.start, end.max(last.start)));
    list.ends = ends;
}

/// Headlines match when equal, or when one holds the other and covers at
/// least 60% of it (the scorer's rule).
fn near(a: &str, b: &str) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    long.contains(short) && short.chars().count() * 5 >= long.chars().count() * 3
}

/// Merges an outline (or a repeated copy) into the list it repeats.
fn merge_outlines(lists: &mut [RawList], heads: &[Vec<String>]) {
    for a in 0..lists.len() {
        if lists[a].removed {
            continue;
        }
        let mut seen = 0;
        for b in a + 1..lists.len() {
            if seen >= 16 {
                break;
            }
            if lists[b].removed
                || lists[b].style != lists[a].style
                || lists[b].numbered != lists[a].numbered
            {
                continue;
            }
            seen += 1;
            let overlap = heads[a].len().min(heads[b].len());
            if overlap < 2 || !(0..overlap).all(|k| near(&heads[a][k], &heads[b][k])) {
                continue;
            }
            let size = |l: &RawList| -> usize {
                l.items
                    .iter()
                    .zip(&l.ends)
                    .map(|(i, e)| e.saturating_sub(i.start))
                    .sum()
            };
            let (keep, drop) = if size(&lists[b]) > size(&lists[a]) {
                (b, a)
            } else {
                (a, b)
            };
            let have = lists[keep].items.len();
            let extra: Vec<(RawItem, usize)> = lists[drop]
                .items
                .iter()
                .zip(&lists[drop].ends)
                .skip(have)
                .map(|(i, e)| (*i, *e))
                .collect();
            lists[keep].extra = extra;
            lists[drop].removed = true;
            if drop == a {
                break;
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Headlines

/// The first clause from `from`, up to the first ，。；： outside quotes, within
/// `end`.
fn headline(text: &str, from: usize, end: usize) -> String {
    let Some(s) = text.get(from..end.max(from)) else {
        return String::new();
    };
    // Only the first few hundred bytes matter: never scan the rest of a long
    // paragraph for its line end.
    let s = prefix(s, 1024).trim_start_matches(is_marker_tail);
    let line = prefix(s, HEADLINE_CAP * 4 + 4)
        .split('\n')
        .next()
        .unwrap_or("");
    let mut depth = 0i32;
    let mut plain_stop = None;
    let mut cut = None;
    for (n, (i, c)) in line.char_indices().enumerate() {
        if n >= HEADLINE_CAP {
            cut = Some(i);
            break;
        }
        if is_open_bracket(c) {
            depth += 1;
        } else if is_close_bracket(c) {
            depth = (depth - 1).max(0);
        } else if is_headline_stop(c) && !(is_comma(c) && is_digit_comma(line, i)) {
            if plain_stop.is_none() {
                plain_stop = Some(i);
            }
            if depth == 0 {
                cut = Some(i);
                break;
            }
        }
    }
    // An unclosed quote: fall back to the first stop.
    let end = match cut {
        Some(i) if depth == 0 => i,
        Some(i) => plain_stop.unwrap_or(i),
        None if depth > 0 => plain_stop.unwrap_or(line.len()),
        None => line.len(),
    };
    line[..end].trim().to_string()
}

/// At most the first `max` bytes of `s`, cut on a char boundary.
fn prefix(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut k = max;
    while !s.is_char_boundary(k) {
        k -= 1;
    }
    &s[..k]
}

/// A comma inside a number (1,000 / ８，５４４).
fn is_digit_comma(s: &str, i: usize) -> bool {
    let Some(c) = s[i..].chars().next() else {
        return false;
    };
    let before = s[..i]
        .chars()
        .next_back()
        .is_some_and(|c| ascii_digit(c).is_some());
    let after = s[i + c.len_utf8()..]
        .chars()
        .next()
        .is_some_and(|c| ascii_digit(c).is_some());
    before && after
}

// ---------------------------------------------------------------------------
// Speakers

/// Who a lead-in names.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Said {
    /// A person or an office.
    Person(String),
    /// 他/她: the last named person.
    Pronoun,
    /// 我/我们: the speaker of the speech; in a news report, the person last
    /// named before (习近平强调，…。我愿…), carried here.
    Me(Option<String>),
    /// A meeting, a document, a body: no speaker.
    Nobody,
}

impl DirectiveExtractor {
    /// A name starting at `s` (after a title or at a sentence start): 2–3 Han
    /// characters (4 with a two-character surname). `strict` asks for a known
    /// surname; otherwise a name needs a clear edge after it.
    fn name_at(&self, s: &str, strict: bool) -> Option<String> {
        let c0 = s.chars().next()?;
        if !is_han(c0) || is_name_boundary(c0) {
            return None;
        }
        let compound = self.surname2_first.contains(&c0)
            && self
                .surnames2
                .iter()
                .any(|x| x.starts_with(c0) && s.starts_with(x.as_str()));
        // Strict reading needs a known surname whatever follows: decide that
        // before reading further (most sentence starts are no name).
        if strict && !(compound || self.surnames.contains(&c0)) {
            return None;
        }
        let mut buf = [(0usize, '\0'); 5];
        let mut got = 0;
        for (slot, x) in buf.iter_mut().zip(s.char_indices()) {
            *slot = x;
            got += 1;
        }
        let cs = &buf[..got];
        if cs.len() < 2 {
            return None;
        }
        let max = if compound { 4 } else { 3 };
        let end = |n: usize| cs.get(n).map_or(s.len(), |&(i, _)| i);
        let fits = |n: usize, inner: fn(char) -> bool| {
            n <= cs.len()
                && cs[..n].iter().skip(1).all(|&(_, c)| is_han(c) && !inner(c))
                && !is_nonperson_suffix(cs[n - 1].1)
        };
        // The length after which a speech word follows (李克强表示, 王伟强调) …
        // A word beats punctuation: 王晨说， is 王晨 then 说.
        let follow = |word: bool| {
            (2..=max).rev().find(|&n| {
                let rest = &s[end(n)..];
                fits(n, is_function_char) && follows_name(rest) && rest.starts_with(is_han) == word
            })
        };
        let by_follow = follow(true).or_else(|| follow(false));
        // … or the longest run of characters that cannot end a name.
        let len = match by_follow {
            Some(n) => n,
            None => {
                // Grow over characters that do not start what follows a name
                // (李克强当地时间 keeps 强; 文件指出 stops before 指).
                let grow = (1..max.min(cs.len()))
                    .take_while(|&k| {
                        let c = cs[k].1;
                        is_han(c) && !is_function_char(c) && !follows_name(&s[end(k)..])
                    })
                    .count();
                let n = grow + 1;
                if n < 2 || is_nonperson_suffix(cs[n - 1].1) {
                    return None;
                }
                let after = cs.get(n).map(|&(_, c)| c);
                let edge = after.is_none_or(|c| !is_han(c) || NAME_EDGES.contains(c));
                if !(edge || compound || self.surnames.contains(&c0)) {
                    return None;
                }
                n
            }
        };
        if strict && !(compound || self.surnames.contains(&c0)) {
            return None;
        }
        // Two characters from a surname are as often a word (农民对…, 项目在…):
        // without a title, only a speech word after them makes a name (王毅表示).
        if strict && len == 2 && !compound {
            const SPEECH: &str = concat!(
                "强调 指出 表示 说 要求 认为 提出 希望 主持 ",
                "出席 会见 讲话 指示 批示 宣布 介绍 同志"
            );
            if !SPEECH.split(' ').any(|w| s[end(2)..].starts_with(w)) {
                return None;
            }
        }
        Some(s[..end(len)].to_string())
    }

    /// Names given with an office (市委书记李卫东) anywhere in the text.
    fn titled_names(&self, text: &str, names: &mut Vec<String>) {
        // The matches of `titles.find_iter(text)` (leftmost longest, apart),
        // found as the longest anchored match at each char a title can start
        // with: every title starts with a char led by E4–E9, and most chars
        // start none, so no automaton steps over them.
        let bytes = text.as_bytes();
        let mut i = 0;
        while let Some(&b0) = bytes.get(i) {
            let Some(&[b1, b2]) = (0xE4..=0xE9)
                .contains(&b0)
                .then(|| bytes.get(i + 1..i + 3))
                .flatten()
            else {
                // (continuation bytes are never E4–E9: byte by byte keeps
                // to char starts)
                i += 1;
                continue;
            };
            let cp =
                (u32::from(b0 & 0x0F) << 12) | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
            if !char::from_u32(cp).is_some_and(|c| self.title_first.contains(&c)) {
                i += 3;
                continue;
            }
            let Some(m) = self
                .titles_at
                .find(Input::new(text).span(i..text.len()).anchored(Anchored::Yes))
            else {
                i += 3;
                continue;
            };
            i = m.end();
            if names.len() >= MAX_NAMES {
                return;
            }
            let rest = &text[m.end()..];
            if let Some(n) = self.name_at(rest, false)
                && !names.contains(&n)
            {
                names.push(n);
            }
        }
    }

    /// A name at a sentence start, followed by what people do (在, 对, 强调 …).
    fn sentence_names(&self, lay: &Layout<'_>, names: &mut Vec<String>) {
        for u in &lay.units {
            if names.len() >= MAX_NAMES {
                return;
            }
            if u.kind == UnitKind::Semi {
                continue;
            }
            let Some(t) = lay.text.get(u.start..u.end) else {
                continue;
            };
            if self
                .nonperson
                .find(Input::new(t).anchored(Anchored::Yes))
                .is_some()
            {
                continue;
            }
            if let Some(n) = self.name_at(t, true)
                && follows_name(&t[n.len()..])
                && !names.contains(&n)
            {
                names.push(n);
            }
        }
    }

    /// The subject of a clause that ends in a speech verb, read from the
    /// clause start.
    fn subject(&self, clause: &str, names: &[String]) -> Option<Said> {
        let c = clause.trim_start_matches(|c: char| c.is_whitespace() || is_close_bracket(c));
        if c.is_empty() || c.starts_with("他们") || c.starts_with("她们") {
            return None;
        }
        if c.starts_with(['他', '她']) || c.starts_with("讲话") || c.starts_with("致辞") {
            return Some(Said::Pronoun);
        }
        if c.starts_with('我') {
            return Some(Said::Me(None));
        }
        if c.contains("**") || c.contains('＊') {
            return None; // a masked name
        }
        if let Some(n) = names
            .iter()
            .filter(|n| c.starts_with(n.as_str()))
            .max_by_key(|n| n.len())
        {
            return Some(Said::Person(n.clone()));
        }
        // Offices, each after a body's name (焦作市委书记葛巧红; 中共中央总书记、
        // 国家主席习近平), then a name; or an office alone (县长在…).
        let mut from = 0;
        let mut alone = None;
        for m in self.titles.find_iter(c).take(4) {
            let before = c[from..m.start()].trim_start_matches('、');
            // 焦作 + 市委书记, 焦作 + 市长: a place before an office naming its level.
            let place = before.chars().count() <= 4
                && before.chars().all(|ch| is_han(ch) && !is_function_char(ch))
                && c[m.start()..].starts_with(['省', '市', '县', '区', '州', '镇', '乡', '旗']);
            if !(is_body_name(before) || place) {
                break;
            }
            let rest = &c[m.end()..];
            if let Some(n) = self.name_at(rest, false) {
                return Some(Said::Person(n));
            }
            if alone.is_none() && (rest.is_empty() || follows_name(rest)) {
                alone = Some(c[..m.end()].to_string());
            }
            from = m.end();
        }
        if let Some(t) = alone {
            return Some(Said::Person(t));
        }
        if self
            .nonperson
            .find(Input::new(c).anchored(Anchored::Yes))
            .is_some()
        {
            return Some(Said::Nobody);
        }
        if let Some(n) = self.name_at(c, true)
            && follows_name(&c[n.len()..])
        {
            return Some(Said::Person(n));
        }
        None
    }

    /// What the text just before `pos` says about who speaks.
    fn lead_in(
        &self,
        lay: &Layout<'_>,
        pos: usize,
        para_start: bool,
        names: &[String],
        names_ac: &std::cell::OnceCell<Option<AhoCorasick>>,
    ) -> Option<Said> {
        // Built when a pronoun first needs it (most lists name their speaker).
        let names_ac = || names_ac.get_or_init(|| names_automaton(names)).as_ref();
        let text = lay.text;
        let para = lay.para_of(pos);
        let mut from = lay.paras.get(para).map_or(0, |p| p.start);
        if para_start && para > 0 {
            from = lay.paras[para - 1].start;
        }
        let mut from = from.max(pos.saturating_sub(LEAD_IN_WINDOW));
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let window = text.get(from..pos)?;
        let verbs: Vec<_> = self.verbs.find_iter(window).collect();
        for m in verbs.iter().rev().take(6) {
            let before = &window[..m.start()];
            let sent_start = before
                .char_indices()
                .rev()
                .find(|&(_, c)| matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n'))
                .map_or(0, |(i, c)| i + c.len_utf8());
            let sentence = &before[sent_start..];
            let last_clause = match sentence.rfind(['，', ',', '：', ':']) {
                Some(i) => sentence[i..].trim_start_matches(['，', ',', '：', ':']),
                None => sentence,
            };
            let said = self.subject(last_clause, names).or_else(|| {
                let first = sentence.split(['，', ',']).next().unwrap_or("");
                if first.len() < sentence.len() {
                    self.subject(first, names)
                } else {
                    None
                }
            });
            match said {
                Some(Said::Pronoun) => {
                    let at = from + m.start();
                    return Some(match last_named(text, at, names, names_ac()) {
                        Some(n) => Said::Person(n),
                        None => Said::Pronoun,
                    });
                }
                Some(Said::Me(_)) => {
                    let at = from + m.start();
                    return Some(Said::Me(last_named(text, at, names, names_ac())));
                }
                Some(s) => return Some(s),
                None => {}
            }
        }
        None
    }

    /// The speaker of the whole text when a title line says `X在…上的讲话`.
    fn text_speaker(&self, cx: &Context<'_>, lay: &Layout<'_>, names: &[String]) -> Option<String> {
        let mut lines: Vec<&str> = Vec::new();
        if let Some(t) = cx.meta.title.as_deref() {
            lines.push(t);
        }
        for p in lay.paras.iter().take(40) {
            if let Some(t) = p.get(lay.text) {
                let t = t.trim();
                if t.chars().count() <= 80 && !t.contains('。') {
                    lines.push(t);
                }
            }
        }
        let speech = ["讲话", "发言", "致辞", "强调", "指出", "上的报告"];
        for (i, line) in lines.iter().enumerate() {
            let Some(at) = line.find('在') else { continue };
            let rest = &line[at..];
            if !speech.iter().any(|w| rest.contains(w)) || at > 36 {
                continue;
            }
            if at == 0 {
                // 在…上的讲话 over a line naming the speaker (市委副书记、
                // 市长 陈志强), maybe after a line of its date
                let by = lines.iter().skip(i + 1).take(2).find_map(|l| {
                    let l: String = l.chars().filter(|c| !c.is_whitespace()).collect();
                    if l.chars().count() > 30 || l.contains('在') {
                        return None;
                    }
                    match self.subject(&l, names) {
                        Some(Said::Person(p)) => Some(p),
                        _ => None,
                    }
                });
                if by.is_some() {
                    return by;
                }
                continue;
            }
            let who = line[..at].trim_end_matches("同志");
            if let Some(Said::Person(p)) = self.subject(&format!("{who}在"), names) {
                return Some(p);
            }
        }
        None
    }
}

/// Empty, or a short name of a body (市委, 焦作市委, 国务院, 全国人大常委会)
/// that may stand before an office.
fn is_body_name(s: &str) -> bool {
    let n = s.chars().count();
    n == 0
        || (n <= 8
            && s.chars().all(|c| is_han(c) && !is_function_char(c))
            && s.chars().next_back().is_some_and(|c| BODY_ENDS.contains(c)))
}

/// An automaton over the known names, for [`last_named`]; built per document
/// (a non-contiguous NFA is the cheapest to build).
fn names_automaton(names: &[String]) -> Option<AhoCorasick> {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::NoncontiguousNFA))
        .build(names)
        .ok()
        .filter(|_| !names.is_empty())
}

/// The last known name mentioned before `pos`, through `ac` built over `names`.
fn last_named(
    text: &str,
    pos: usize,
    names: &[String],
    ac: Option<&AhoCorasick>,
) -> Option<String> {
    let mut from = pos.saturating_sub(PRONOUN_WINDOW);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let window = text.get(from..pos)?;
    let m = ac?.find_iter(window).last()?;
    names.get(m.pattern().as_usize()).cloned()
}

/// What may follow a name at the start of a sentence.
const AFTER_NAME: &[&str] = &[
    "在",
    "对",
    "向",
    "就",
    "强调",
    "指出",
    "要求",
    "表示",
    "说",
    "主持",
    "出席",
    "代表",
    "首先",
    "还",
    "同时",
    "进一步",
    "认为",
    "希望",
    "带队",
    "一行",
    "会见",
    "调研",
    "分别",
    "最后",
    "充分",
    "听取",
    "深入",
    "来到",
    "前往",
    "参加",
    "讲话",
    "提出",
    "宣布",
    "总结",
    "介绍",
    "同志",
    "等",
    "、",
    "，",
    ",",
];

/// What follows a name at the start of a sentence.
fn follows_name(rest: &str) -> bool {
    // The first char picks the words to compare (this runs per char read).
    let Some(c) = rest.chars().next() else {
        return false;
    };
    let first = matches!(
        c,
        '在' | '对'
            | '向'
            | '就'
            | '强'
            | '指'
            | '要'
            | '表'
            | '说'
            | '主'
            | '出'
            | '代'
            | '首'
            | '还'
            | '同'
            | '进'
            | '认'
            | '希'
            | '带'
            | '一'
            | '会'
            | '调'
            | '分'
            | '最'
            | '充'
            | '听'
            | '深'
            | '来'
            | '前'
            | '参'
            | '讲'
            | '提'
            | '宣'
            | '总'
            | '介'
            | '等'
            | '、'
            | '，'
            | ','
    );
    first && AFTER_NAME.iter().any(|w| rest.starts_with(w))
}

// ---------------------------------------------------------------------------
// The extractor

impl Extractor for DirectiveExtractor {
    fn extract(&self, cx: &Context<'_>, out: &mut Records) {
        let mut lay = Layout::new(cx);
        if lay.paras.is_empty() {
            return;
        }
        let mut marks = Marks {
            // (news text has a mark every 40 bytes or so: reserved, not
            // grown mark by mark)
            list: Vec::with_capacity(cx.text.len() / 32),
            complete_until: usize::MAX,
        };
        let cands = self.candidates(&lay, &mut marks);
        // The units from the marks the scan noted (one pass over the text
        // instead of two), when it read the paragraphs in order.
        let marks = lay.paras_in_order().then_some(&marks);
        lay.units(cx, marks);
        let mut lists = numbered_runs(&cands);
        let heads = self.heads(&lay);
        lists.extend(self.unnumbered_runs(&lay, &heads));
        if lists.is_empty() {
            return;
        }
        lists.sort_by_key(|l| l.start());
        lists.truncate(MAX_LISTS);
        let mut heading_from = vec![usize::MAX; lay.paras.len()];
        for l in &lists {
            for it in l.items.iter().filter(|i| i.para_start) {
                if let Some(h) = heading_from.get_mut(it.para) {
                    *h = (*h).min(l.start());
                }
            }
        }
        for l in lists.iter_mut() {
            settle_ends(&lay, l, &heading_from);
        }
        let headlines: Vec<Vec<String>> = lists
            .iter()
            .map(|l| {
                l.items
                    .iter()
                    .zip(&l.ends)
                    .map(|(i, &e)| headline(lay.text, i.content, e))
                    .collect()
            })
            .collect();
        merge_outlines(&mut lists, &headlines);

        // A list starting inside another's last item extends that item.
        let order: Vec<usize> = (0..lists.len()).rev().collect();
        for &a in &order {
            if lists[a].removed {
                continue;
            }
            let Some(last) = lists[a].items.last().map(|i| i.start) else {
                continue;
            };
            let mut end = lists[a].end();
            for b in &lists[a + 1..] {
                if !b.removed && b.start() > last && b.start() < end {
                    end = end.max(b.end());
                }
            }
            if let Some(e) = lists[a].ends.last_mut() {
                *e = end;
            }
        }

        // Parents: the smallest item holding the whole list.
        let kept: Vec<usize> = (0..lists.len()).filter(|&i| !lists[i].removed).collect();
        let mut parent: Vec<Option<(usize, u32)>> = vec![None; lists.len()];
        for &b in &kept {
            let (bs, be) = (lists[b].start(), lists[b].end());
            let mut best: Option<(usize, usize, u32)> = None;
            for &a in &kept {
                if a == b || lists[a].start() >= bs {
                    continue;
                }
                for (it, &e) in lists[a].items.iter().zip(&lists[a].ends) {
                    if it.marker_end <= bs && be <= e {
                        let size = e - it.start;
                        if best.is_none_or(|(s, _, _)| size < s) {
                            best = Some((size, a, it.ordinal));
                        }
                    }
                }
            }
            parent[b] = best.map(|(_, a, n)| (a, n));
        }

        // Speakers.
        let mut names: Vec<String> = out
            .officials
            .iter()
            .filter(|o| !o.masked)
            .filter_map(|o| o.name.clone())
            .filter(|n| !n.is_empty())
            .take(MAX_NAMES)
            .collect();
        self.titled_names(lay.text, &mut names);
        self.sentence_names(&lay, &mut names);
        let names_ac = std::cell::OnceCell::new();
        let mut doc_speaker: Option<Option<String>> = None;
        let mut speaker: Vec<Option<String>> = vec![None; lists.len()];
        for &b in &kept {
            let first = lists[b].items[0];
            let said = self.lead_in(&lay, first.start, first.para_start, &names, &names_ac);
            speaker[b] = match said {
                Some(Said::Person(p)) => Some(p),
                Some(Said::Nobody) => None,
                Some(Said::Me(named)) => match parent[b] {
                    Some((a, _)) => speaker[a].clone(),
                    None => doc_speaker
                        .get_or_insert_with(|| self.text_speaker(cx, &lay, &names))
                        .clone()
                        .or(named),
                },
                Some(Said::Pronoun) | None => match parent[b] {
                    Some((a, _)) => speaker[a].clone(),
                    None => doc_speaker
                        .get_or_insert_with(|| self.text_speaker(cx, &lay, &names))
                        .clone(),
                },
            };
        }

        // Records, in text order.
        let mut ids = vec![usize::MAX; lists.len()];
        for (id, &i) in kept.iter().enumerate() {
            ids[i] = out.directives.len() + id;
        }
        for &i in &kept {
            let l = &lists[i];
            let mut items: Vec<DirectiveItem> = l
                .items
                .iter()
                .zip(&l.ends)
                .chain(l.extra.iter().map(|(i, e)| (i, e)))
                .take(MAX_ITEMS)
                .map(|(it, &e)| {
                    let span = Span::new(it.start, e.max(it.start));
                    DirectiveItem {
                        ordinal: it.ordinal,
                        marker: lay
                            .text
                            .get(it.start..it.marker_end)
                            .unwrap_or("")
                            .to_string(),
                        headline: headline(lay.text, it.content, span.end),
                        text: span.get(lay.text).unwrap_or("").to_string(),
                        span,
                    }
                })
                .collect();
            items.sort_by_key(|it| it.ordinal);
            out.directives.push(Directive {
                id: ids[i],
                speaker: speaker[i].clone(),
                numbered: l.numbered,
                style: l.style.clone(),
                parent: parent[i].map(|(a, n)| ParentRef {
                    list: ids[a],
                    ordinal: n,
                }),
                items,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Meta;

    fn run(text: &str) -> Vec<Directive> {
        let (paragraphs, sentences) = segment::spans_of(text);
        let meta = Meta::default();
        let cx = Context {
            text,
            paragraphs: &paragraphs,
            sentences: &sentences,
            meta: &meta,
        };
        let mut out = Records::default();
        DirectiveExtractor::new().extract(&cx, &mut out);
        out.directives
    }

    fn headlines(d: &Directive) -> Vec<&str> {
        d.items.iter().map(|i| i.headline.as_str()).collect()
    }

    /// The clause scan as it was, a char at a time.
    fn skip_clause_by_char(bytes: &[u8], mut i: usize, stop: usize) -> usize {
        while i < stop {
            let b = bytes[i];
            if (0xE4..=0xE9).contains(&b) {
                i += 3;
            } else if b < 0x80 && !matches!(b, b'!' | b'?' | b';' | b':' | b',' | b'(' | b')') {
                i += 1;
            } else {
                break;
            }
        }
        i
    }

    fn check_skip_clause(s: &str) {
        let b = s.as_bytes();
        let bounds: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
        for &i in &bounds {
            for &stop in bounds
                .iter()
                .filter(|&&x| x >= i)
                .take(40)
                .chain([&s.len()])
            {
                assert_eq!(
                    skip_clause(b, i, stop),
                    skip_clause_by_char(b, i, stop),
                    "{s:?} from {i} to {stop}"
                );
            }
        }
    }

    #[test]
    fn skip_clause_stops_where_the_char_scan_stops() {
        for s in [
            "",
            "中",
            "中文中文中文中文中文中文中文中文中文中文，后面",
            "abc def中文;中文:中文中文中文中文中文中文中文中文中文中文(x)中文",
            "一二三四五六七八九十一二三四五六七八九十！？；：，（）首先",
            "ÀÁÂ中文中文中文中文中文中文😀中文中文中文中文中文中文中文、中文。中文",
            "中文中文中文中文中文\u{3000}中文中文中文中文中文中文\u{FF0C}ab?",
            "ꀀꀀꀀ中文中文中文中文中文中文中文中文中文中文中文中文中文",
        ] {
            check_skip_clause(s);
        }
        // Random text over chars of every kind the scan tells apart.
        let alphabet: Vec<char> = "中文首先一二第aZ 09!?;:,()\n，。、：；“”（）ÀÿĀ😀ꀀ㐀豈\u{3000}"
            .chars()
            .collect();
        let mut seed = crate::extract::XorShift(0x2545_F491_4F6C_DD1Du64);
        for _ in 0..300 {
            let mut s = String::new();
            seed.next();
            let len = (seed.0 % 90) as usize;
            for _ in 0..len {
                seed.next();
                // Mostly Han, as in the text.
                let k = (seed.0 >> 32) as usize % (alphabet.len() * 2);
                s.push(alphabet.get(k).copied().unwrap_or('文'));
            }
            check_skip_clause(&s);
        }
        // Real text.
        for s in [
            include_str!("../../tests/data/seeds/000_6492dbfc15bb39a6.txt"),
            include_str!("../../tests/data/seeds/003_d00230199138192d.txt"),
        ] {
            check_skip_clause(s);
        }
    }

    #[test]
    fn titled_names_reads_what_find_iter_finds() {
        let ex = DirectiveExtractor::new();
        // The scan as it was: every leftmost-longest match of `titles`.
        let by_find_iter = |text: &str| {
            let mut names = Vec::new();
            for m in ex.titles.find_iter(text) {
                if names.len() >= MAX_NAMES {
                    break;
                }
                if let Some(n) = ex.name_at(&text[m.end()..], false)
                    && !names.contains(&n)
                {
                    names.push(n);
                }
            }
            names
        };
        let mut texts: Vec<String> = [
            include_str!("../../tests/data/seeds/000_6492dbfc15bb39a6.txt"),
            include_str!("../../tests/data/seeds/001_3b319ad6bf26137e.txt"),
            include_str!("../../tests/data/seeds/004_96822f4a5f29efa9.txt"),
            "国务委员长王伟说，副省长李明指出，市委书记张三强调。省委书记记者市长江",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let pieces = [
            "副",
            "省长",
            "市委",
            "书记",
            "国务委员",
            "委员长",
            "长",
            "王伟",
            "李",
            "明",
            "说，",
            "。",
            "a",
            "Ā",
            "😀",
            "党委书记",
            "总书记",
            "习近平",
            "主任",
            "欧阳",
            "诸葛亮",
        ];
        let mut seed = crate::extract::XorShift(0x9E37_79B9_7F4A_7C15u64);
        for _ in 0..400 {
            texts.push(seed.text(&pieces, 30));
        }
        let mut found = 0;
        for t in &texts {
            let mut names = Vec::new();
            ex.titled_names(t, &mut names);
            assert_eq!(names, by_find_iter(t), "{t}");
            found += names.len();
        }
        assert!(found > 100, "{found} names");
    }

    #[test]
    fn han_sets_hold_their_strings_chars() {
        let sets: [(&HanSet, &str); 6] = [
            (
                &FUNCTION_CHARS,
                "在对向就和与及等的了是为将已也都还并于从到把被让这那其此各该本他她我你们又再所会以按上中下内外",
            ),
            (
                &NAME_END_CHARS,
                "说表指强要主出带参分首率代同最作深一听调致讲提认希充肯看来去",
            ),
            (
                &NONPERSON_SUFFIXES,
                "会委部局厅院府处办组室党省市县区镇乡村社报见知告件案们家方面者议门所校队团业位人员长记届次年月日号联盟洲",
            ),
            (&YAO_NOUNS, "务义素事求旨点件害职闻案"),
            (&NAME_EDGES, "在对向带强指主出表说率等同"),
            (
                &BODY_ENDS,
                "委府院部局厅市省县区镇乡央国会党组州盟旗村协联办",
            ),
        ];
        for u in 0x4000..=0x9FFF {
            let c = char::from_u32(u).unwrap();
            assert_eq!(MARKER_STARTS.contains_code(u), may_start_marker(c), "{c}");
        }
        for (set, s) in sets {
            for c in (0..=0x10FFFF).filter_map(char::from_u32) {
                assert_eq!(set.contains(c), s.contains(c), "{c:?} in {s}");
            }
        }
    }

    #[test]
    fn han_numerals() {
        assert_eq!(parse_han_num("一要"), Some((1, 3)));
        assert_eq!(parse_han_num("十要"), Some((10, 3)));
        assert_eq!(parse_han_num("十二是"), Some((12, 6)));
        assert_eq!(parse_han_num("二十三、"), Some((23, 9)));
        assert_eq!(parse_han_num("要"), None);
        assert_eq!(parse_arabic("12."), Some((12, 2)));
        assert_eq!(parse_arabic("０3"), None);
        assert_eq!(parse_arabic("123"), None);
    }

    #[test]
    fn inline_yao_list() {
        let d = run("他强调，一要提升思想认识。要统一。二要加快项目建设。三要压实责任。");
        assert_eq!(d.len(), 1);
        assert_eq!(
            headlines(&d[0]),
            ["提升思想认识", "加快项目建设", "压实责任"]
        );
        assert_eq!(d[0].items[0].text, "一要提升思想认识。要统一。");
        assert_eq!(d[0].style, "一要");
    }

    #[test]
    fn not_markers() {
        assert!(
            run("发展是第一要务，第二次会议。统一要求，一是一，二是二。十一五期间。").is_empty()
        );
    }

    #[test]
    fn headline_keeps_quotes() {
        let t = "一要以“开局就是决战，起步就是冲刺”的状态，全面抓好。";
        assert_eq!(
            headline(t, 6, t.len()),
            "以“开局就是决战，起步就是冲刺”的状态"
        );
        let t = "一要以“开局就是决战，全面抓好。";
        assert_eq!(headline(t, 6, t.len()), "以“开局就是决战");
    }

    #[test]
    fn names() {
        let x = DirectiveExtractor::new();
        let name = |s: &str, strict: bool| x.name_at(s, strict);
        assert_eq!(name("李克强表示，", true).as_deref(), Some("李克强"));
        assert_eq!(name("王伟强调，", true).as_deref(), Some("王伟"));
        assert_eq!(name("王晨说，", true).as_deref(), Some("王晨"));
        assert_eq!(name("李克强当地时间", false).as_deref(), Some("李克强"));
        assert_eq!(name("蒿慧杰带队观摩", false).as_deref(), Some("蒿慧杰"));
        assert_eq!(name("蒿慧杰带队观摩", true), None);
        assert_eq!(name("欧阳明高指出", true).as_deref(), Some("欧阳明高"));
        assert_eq!(name("文件指出", true), None);
        assert_eq!(name("常委会在", true), None);
        assert_eq!(name("助理张三", false), None);
    }

    #[test]
    fn subjects() {
        let x = DirectiveExtractor::new();
        let known = ["刘尚进".to_string()];
        let said = |s: &str| x.subject(s, &known);
        assert_eq!(said("会议"), Some(Said::Nobody));
        assert_eq!(said("《意见》"), Some(Said::Nobody));
        assert_eq!(said("他"), Some(Said::Pronoun));
        assert_eq!(said("他们"), None);
        assert_eq!(said("我们"), Some(Said::Me(None)));
        assert_eq!(said("县长在座谈会上"), Some(Said::Person("县长".into())));
        assert_eq!(
            said("焦作市委书记葛巧红在多个场合反复"),
            Some(Said::Person("葛巧红".into()))
        );
        assert_eq!(said("刘尚进对"), Some(Said::Person("刘尚进".into())));
        assert_eq!(said("实现共同发展和地区长治久安"), None);
        assert_eq!(said("学习贯彻习近平总书记在全会上的重要"), None);
        assert_eq!(said("**副县长"), None);
    }

    /// The layout of `cx`, its units from the marker scan's marks or from
    /// the text.
    fn layout<'a>(cx: &Context<'a>, from_marks: bool) -> Layout<'a> {
        let mut lay = Layout::new(cx);
        let mut marks = Marks {
            list: Vec::new(),
            complete_until: usize::MAX,
        };
        DirectiveExtractor::new().candidates(&lay, &mut marks);
        lay.units(cx, from_marks.then_some(&marks));
        lay
    }

    proptest::proptest! {
        /// Units from the marks the marker scan notes are the units read
        /// from the text, on text made of the chars either looks at.
        #[test]
        fn units_from_marks_are_units_from_text(picks in proptest::collection::vec(0usize..40, 0..80)) {
            let alphabet: Vec<&str> = vec![
                "，", "。", "、", "；", ";", "：", ":", ",", "“", "”", "‘", "’", "（", "）",
                "(", ")", "《", "》", "【", "】", "「", "」", " ", "\n", "一是", "二要",
                "首先", "其次", "第三", "1.", "2、", "（一）", "(2)", "坚持", "发展", "a",
                "7", "！", "？", "…",
            ];
            let text: String = picks.iter().map(|&k| alphabet[k % alphabet.len()]).collect();
            let (paragraphs, sentences) = segment::spans_of(&text);
            let meta = Meta::default();
            let cx = Context {
                text: &text,
                paragraphs: &paragraphs,
                sentences: &sentences,
                meta: &meta,
            };
            proptest::prop_assert_eq!(layout(&cx, true).units, layout(&cx, false).units);
        }
    }

    /// The comma found while splitting units is the one a scan of the unit
    /// alone finds.
    #[test]
    fn unit_last_comma_matches_a_scan_of_the_unit() {
        let text = concat!(
            "坚持“稳中求进，以进促稳”，先立后破；做好工作（一是，二是），必须坚持。\n",
            "他说：“我们要（继续，努力）”，坚持下去；“未闭合，引号；后面，还有。\n",
            "一、总体要求：坚持党的领导，坚持人民至上；】多余的右括号，再来一个逗号, 英文:冒号。\n",
            "没有逗号的句子。\n  　前导空白，然后逗号。",
        );
        let (paragraphs, sentences) = segment::spans_of(text);
        let meta = Meta::default();
        let cx = Context {
            text,
            paragraphs: &paragraphs,
            sentences: &sentences,
            meta: &meta,
        };
        let lay = layout(&cx, false);
        assert_eq!(layout(&cx, true).units, lay.units);
        assert!(lay.units.len() >= 8);
        let mut with_comma = 0;
        for u in &lay.units {
            let ut = &text[u.start..u.end];
            let want = last_comma_outside_quotes(ut).map(|c| u.start + c);
            assert_eq!(u.last_comma, want, "{ut}");
            with_comma += usize::from(want.is_some());
        }
        assert!(with_comma >= 5);
    }

    #[test]
    fn follows_name_first_chars_cover_the_words() {
        for w in AFTER_NAME {
            assert!(follows_name(w), "{w}");
            assert!(follows_name(&format!("{w}会议")), "{w}");
        }
        assert!(!follows_name("李强"));
        assert!(!follows_name(""));
    }

    #[test]
    fn never_panics_on_odd_input() {
        for t in [
            "",
            "\n\n",
            "一",
            "一要",
            "（",
            "1.",
            "第",
            "首先",
            "其次，",
            "必须",
            "（一）\n（二）",
        ] {
            let _ = run(t);
        }
    }
}
