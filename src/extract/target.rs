//! Quantitative targets (goals) and facts (quantities reported as done).
//!
//! Each sentence is read once, left to right. Cue words from
//! `data/target_cues.txt` (one Aho-Corasick pass) and year expressions set
//! the state a quantity is read in: whether the sentence or the clause looks
//! forward (到2026年, 力争, 确保, 预期目标, 要, 将, 拟) or back (了, 已,
//! 同比, 去年, 截至, 累计), the year, the scope (全市, 我国), the comparator
//! verb written just before it (超过, 达到, 控制在). Each quantity is read by
//! [`numeral::parse_quantity`](super::numeral::parse_quantity()).
//!
//! A quantity becomes a `target` only with goal language and only when it is
//! the value of an indicator (`经济总量迈上3000亿元台阶`, `增长5%左右`), or a
//! size class (`3000亿级食品全产业链`). Counts that modify a noun (`12条产业链`,
//! `24个项目`), durations, dates, ordinals, changes against a base written
//! after another quantity (`、比上年增加1.6万亿元`) and numbers glued to
//! letters or symbols (`5G`, `1+8+N`) never are. A quantity in a clause that
//! reports what was done is a `fact`. A target restated later in the text is
//! listed once.

use std::borrow::Cow;
use std::collections::HashMap;

use super::numeral::{self, Qty, UnitClass};
use super::{Context, Extractor};
use crate::record::{Comparator, Records, Target, TargetKind};
use crate::span::Span;

/// Records read from one document before facts stop being kept; targets
/// are kept up to twice this.
const MAX_RECORDS: usize = 4096;
/// Most indicator candidates kept per clause.
const MAX_MARKS: usize = 48;
/// Longest indicator kept, in chars.
const MAX_INDICATOR_CHARS: usize = 24;

/// What a cue word does.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Goal,
    GoalClause,
    GoalDated,
    Must,
    Lead,
    Past,
    PastClause,
    PastWeak,
    Projection,
    ProjectionClause,
    Hide,
    Delta,
    Scope,
    Plan(i32),
    Year(i32),
    Cmp(Comparator),
    Money,
    Done,
}

/// Forward, backward, or a forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pol {
    Goal,
    Past,
    Projection,
}

/// Finds quantitative targets and facts.
pub struct TargetExtractor {
    cues: Cues,
    /// One bit per BMP character, read for the three-byte characters led
    /// by E4–E9 (U+4000 to U+9FFF): set for every character but the Han
    /// characters of U+4E00 to U+9FFF that are no numeral, and for
    /// one-character cues (`stop`); for those and the first characters of
    /// cues (`hot`). [`TargetExtractor::cold_len`] skips the characters
    /// where a sentence's reading does nothing.
    hot: Box<[u64; 1024]>,
    stop: Box<[u64; 1024]>,
    /// A cue starts with `，`.
    comma_cue: bool,
    words: Vec<&'static str>,
    roles: Vec<Vec<Role>>,
    lead: Vec<&'static str>,
    trail: Vec<&'static str>,
    /// `lead` by first character and `trail` by last, in their order.
    lead_by_first: Vec<(char, Vec<&'static str>)>,
    trail_by_last: Vec<(char, Vec<&'static str>)>,
    goal_verbs: Vec<&'static str>,
    adverbs: Vec<&'static str>,
}

impl std::fmt::Debug for TargetExtractor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TargetExtractor")
            .field("cues", &self.roles.len())
            .field("lead", &self.lead.len())
            .field("trail", &self.trail.len())
            .finish()
    }
}

impl Default for TargetExtractor {
    fn default() -> Self {
        TargetExtractor::new()
    }
}

fn data_lines(s: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    s.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

fn parse_cmp(s: &str) -> Option<Comparator> {
    Some(match s {
        ">=" => Comparator::Ge,
        ">" => Comparator::Gt,
        "<=" => Comparator::Le,
        "<" => Comparator::Lt,
        "~" => Comparator::About,
        "=" => Comparator::Eq,
        _ => return None,
    })
}

impl TargetExtractor {
    /// Builds the extractor from the embedded lexicons.
    pub fn new() -> TargetExtractor {
        let mut words: Vec<&'static str> = Vec::new();
        let mut roles: Vec<Vec<Role>> = Vec::new();
        let mut index: HashMap<&'static str, usize> = HashMap::new();
        for f in data_lines(include_str!("../../data/target_cues.txt")) {
            let (Some(&w), Some(&r)) = (f.first(), f.get(1)) else {
                continue;
            };
            let arg = f.get(2).copied().unwrap_or("");
            let role = match r {
                "goal" => Role::Goal,
                "goalc" => Role::GoalClause,
                "goalf" => Role::GoalDated,
                "must" => Role::Must,
                "lead" => Role::Lead,
                "past" => Role::Past,
                "pastc" => Role::PastClause,
                "pastw" => Role::PastWeak,
                "proj" => Role::Projection,
                "projc" => Role::ProjectionClause,
                "none" => Role::Hide,
                "delta" => Role::Delta,
                "scope" => Role::Scope,
                "plan" => Role::Plan(arg.parse().unwrap_or(0)),
                "year" => Role::Year(arg.parse().unwrap_or(0)),
                "cmp" => match parse_cmp(arg) {
                    Some(c) => Role::Cmp(c),
                    None => continue,
                },
                "money" => Role::Money,
                "done" => Role::Done,
                _ => continue,
            };
            let i = *index.entry(w).or_insert_with(|| {
                words.push(w);
                roles.push(Vec::new());
                words.len() - 1
            });
            if let Some(v) = roles.get_mut(i)
                && !v.contains(&role)
            {
                v.push(role);
            }
        }
        let cues = Cues::new(&words);
        let mut lead = Vec::new();
        let mut trail = Vec::new();
        for f in data_lines(include_str!("../../data/target_indicator_strip.txt")) {
            let (Some(&w), Some(&k)) = (f.first(), f.get(1)) else {
                continue;
            };
            if k == "lead" || k == "both" {
                lead.push(w);
            }
            if k == "trail" || k == "both" {
                trail.push(w);
            }
        }
        lead.sort_by_key(|w| std::cmp::Reverse(w.len()));
        trail.sort_by_key(|w| std::cmp::Reverse(w.len()));
        let (mut goal_verbs, mut adverbs) = (Vec::new(), Vec::new());
        let mut section = "";
        for f in data_lines(include_str!("../../data/target_goal_verbs.txt")) {
            let Some(&w) = f.first() else { continue };
            if w.starts_with('[') {
                section = w;
            } else if section == "[adverbs]" {
                adverbs.push(w);
            } else {
                goal_verbs.push(w);
            }
        }
        let mut stop = Box::new([u64::MAX; 1024]);
        let cold = ('\u{4E00}'..='\u{9FFF}').filter(|&c| !numeral::is_numeral_char(c));
        for c in cold {
            stop[c as usize / 64] &= !(1 << (c as usize % 64));
        }
        for (w, s) in stop.iter_mut().zip(cues.single_bits.iter()) {
            *w |= s;
        }
        let mut hot = stop.clone();
        for (w, f) in hot.iter_mut().zip(cues.first.iter()) {
            *w |= f;
        }
        TargetExtractor {
            comma_cue: cues.may_start('，'),
            cues,
            hot,
            stop,
            words,
            roles,
            lead_by_first: group_by(&lead, |w| w.chars().next()),
            trail_by_last: group_by(&trail, |w| w.chars().next_back()),
            lead,
            trail,
            goal_verbs,
            adverbs,
        }
    }
}

/// `words` grouped by the character `key` gives (sorted by it), each group
/// in the order of `words`.
fn group_by(
    words: &[&'static str],
    key: fn(&str) -> Option<char>,
) -> Vec<(char, Vec<&'static str>)> {
    let mut groups: Vec<(char, Vec<&'static str>)> = Vec::new();
    for &w in words {
        let Some(c) = key(w) else { continue };
        match groups.iter_mut().find(|g| g.0 == c) {
            Some(g) => g.1.push(w),
            None => groups.push((c, vec![w])),
        }
    }
    groups.sort_by_key(|g| g.0);
    groups
}

/// The group of `c` in `groups` (from [`group_by`]).
fn group<'a>(groups: &'a [(char, Vec<&'static str>)], c: char) -> Option<&'a [&'static str]> {
    let k = groups.binary_search_by_key(&c, |g| g.0).ok()?;
    Some(&groups[k].1)
}

/// A cue word found in a sentence: its byte range and its index in
/// `TargetExtractor::words`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Hit {
    start: usize,
    end: usize,
    pattern: usize,
}

/// The cue words, found as a leftmost-longest Aho-Corasick `find_iter`
/// finds them (at the leftmost position where one starts, the longest; then
/// on from its end) but looked up only where one may start: at a character
/// that is some cue's first, followed by a character that makes the pair
/// some cue's first two (or that is a one-character cue).
#[derive(Debug)]
struct Cues {
    words: Vec<&'static str>,
    /// One bit per BMP character: the first character of a cue.
    first: Box<[u64; 1024]>,
    /// Hashed pairs of first and second characters (a filter; collisions
    /// only cost a lookup).
    pairs: Box<[u64; 1024]>,
    /// Cues of two characters or more by their first two
    /// (`pair_key`), each list longest first.
    by_pair: Vec<(u64, Vec<usize>)>,
    /// Open-addressed slots: (pair key, index in `by_pair`), `NO_PAIR`
    /// where free; at least twice as many as pairs (a probe or two, where a
    /// binary search took nine unpredictable branches).
    pair_slots: Box<[(u64, usize)]>,
    /// One-character cues, sorted.
    single: Vec<(char, usize)>,
    /// One bit per BMP character: a one-character cue.
    single_bits: Box<[u64; 1024]>,
}

/// `s.starts_with(w)` by a byte loop (cue words are a few bytes: shorter
/// than a call to memcmp).
#[inline(always)]
fn starts_with_bytes(s: &str, w: &str) -> bool {
    w.len() <= s.len() && w.bytes().zip(s.bytes()).all(|(a, b)| a == b)
}

/// `s.ends_with(w)` by a byte loop (as [`starts_with_bytes`]).
#[inline(always)]
fn ends_with_bytes(s: &str, w: &str) -> bool {
    w.len() <= s.len() && w.bytes().rev().zip(s.bytes().rev()).all(|(a, b)| a == b)
}

/// `s.find(w)` for a short `s` and `w`: a byte loop at each position
/// where `w`'s first byte is (the general searcher's setup costs more than
/// the search).
fn find_bytes(s: &str, w: &str) -> Option<usize> {
    let (s, w) = (s.as_bytes(), w.as_bytes());
    let Some((&w0, wr)) = w.split_first() else {
        return Some(0);
    };
    s.iter().enumerate().position(|(k, &b)| {
        b == w0
            && s.get(k + 1..)
                .is_some_and(|r| wr.len() <= r.len() && wr.iter().zip(r).all(|(a, b)| a == b))
    })
}

/// `s.contains(w)` for a short `s` and `w` (as [`find_bytes`]).
fn contains_bytes(s: &str, w: &str) -> bool {
    find_bytes(s, w).is_some()
}

fn pair_key(a: char, b: char) -> u64 {
    u64::from(a as u32) << 32 | u64::from(b as u32)
}

/// A free slot of `Cues::pair_slots` (no two characters make this key).
const NO_PAIR: u64 = u64::MAX;

/// The home slot of a pair key in a table of `mask + 1` slots.
fn pair_slot(key: u64, mask: usize) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize & mask
}

fn pair_bit(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48) as usize
}

fn bit(set: &[u64; 1024], k: usize) -> bool {
    set.get(k / 64).is_some_and(|w| w >> (k % 64) & 1 == 1)
}

impl Cues {
    fn new(words: &[&'static str]) -> Cues {
        let mut cues = Cues {
            words: words.to_vec(),
            first: Box::new([0u64; 1024]),
            pairs: Box::new([0u64; 1024]),
            by_pair: Vec::new(),
            pair_slots: Box::new([]),
            single: Vec::new(),
            single_bits: Box::new([0u64; 1024]),
        };
        for (id, w) in words.iter().enumerate() {
            let mut cs = w.chars();
            let Some(a) = cs.next() else { continue };
            if let Some(b) = cs.next() {
                let key = pair_key(a, b);
                match cues.by_pair.iter_mut().find(|g| g.0 == key) {
                    Some(g) => g.1.push(id),
                    None => cues.by_pair.push((key, vec![id])),
                }
                let k = pair_bit(key);
                cues.pairs[k / 64] |= 1 << (k % 64);
            } else {
                cues.single.push((a, id));
                if (a as usize) < 0x10000 {
                    cues.single_bits[a as usize / 64] |= 1 << (a as usize % 64);
                }
            }
            let u = a as usize;
            if u < 0x10000 {
                cues.first[u / 64] |= 1 << (u % 64);
            }
        }
        cues.by_pair.sort_by_key(|g| g.0);
        for g in &mut cues.by_pair {
            g.1.sort_by_key(|&id| std::cmp::Reverse(words[id].len()));
        }
        cues.single.sort_unstable();
        let n = (cues.by_pair.len() * 2).next_power_of_two().max(16);
        let mut slots = vec![(NO_PAIR, 0usize); n];
        for (k, g) in cues.by_pair.iter().enumerate() {
            let mut h = pair_slot(g.0, n - 1);
            while slots[h].0 != NO_PAIR {
                h = (h + 1) & (n - 1);
            }
            slots[h] = (g.0, k);
        }
        cues.pair_slots = slots.into_boxed_slice();
        cues
    }

    /// The index in `by_pair` of the cues that start with the pair `key`.
    fn group_of(&self, key: u64) -> Option<usize> {
        let mask = self.pair_slots.len().checked_sub(1)?;
        let mut h = pair_slot(key, mask);
        // (at most every slot once; there is always a free one)
        for _ in 0..self.pair_slots.len() {
            let (k, g) = *self.pair_slots.get(h)?;
            if k == key {
                return Some(g);
            }
            if k == NO_PAIR {
                return None;
            }
            h = (h + 1) & mask;
        }
        None
    }

    /// The longest cue starting at byte `i` of `st`, where `c` is.
    #[inline(always)]
    fn longest_at(&self, st: &str, i: usize, c: char) -> Option<Hit> {
        let next = st.get(i + c.len_utf8()..).and_then(|r| r.chars().next());
        self.longest_before(st, i, c, next)
    }

    /// False where no cue starts with `c` (in the BMP).
    #[inline(always)]
    fn may_start(&self, c: char) -> bool {
        let u = c as usize;
        u >= 0x10000 || bit(&self.first, u)
    }

    /// [`Cues::longest_at`] given the character after `c` (`next`).
    #[inline(always)]
    fn longest_before(&self, st: &str, i: usize, c: char, next: Option<char>) -> Option<Hit> {
        let u = c as usize;
        if u < 0x10000 {
            // (the filters, which rule out nearly every position)
            if !bit(&self.first, u)
                || !next.is_some_and(|n| bit(&self.pairs, pair_bit(pair_key(c, n))))
                    && !bit(&self.single_bits, u)
            {
                return None;
            }
        }
        self.longest_after_filter(st, i, c, next)
    }

    /// [`Cues::longest_before`] where a cue may start.
    #[inline(never)]
    fn longest_after_filter(&self, st: &str, i: usize, c: char, next: Option<char>) -> Option<Hit> {
        let rest = st.get(i..)?;
        if let Some(n) = next {
            let key = pair_key(c, n);
            if bit(&self.pairs, pair_bit(key))
                && let Some(g) = self.group_of(key)
            {
                for &id in &self.by_pair[g].1 {
                    let w = self.words[id];
                    if starts_with_bytes(rest, w) {
                        return Some(Hit {
                            start: i,
                            end: i + w.len(),
                            pattern: id,
                        });
                    }
                }
            }
        }
        if (c as usize) < 0x10000 && !bit(&self.single_bits, c as usize) {
            return None;
        }
        let k = self.single.binary_search_by_key(&c, |s| s.0).ok()?;
        Some(Hit {
            start: i,
            end: i + c.len_utf8(),
            pattern: self.single[k].1,
        })
    }

    /// All cues of `st`, in order, without overlap (into `hits`, cleared).
    fn find_all(&self, st: &str, hits: &mut Vec<Hit>) {
        hits.clear();
        let mut from = 0;
        for (i, c) in st.char_indices() {
            if i >= from
                && let Some(h) = self.longest_at(st, i, c)
            {
                from = h.end;
                hits.push(h);
            }
        }
    }
}

/// A record before deduplication (its indicator in the text).
#[derive(Debug, Clone)]
struct Found<'t> {
    kind: TargetKind,
    span: Span,
    year: Option<i32>,
    scope: Option<&'static str>,
    indicator: Option<&'t str>,
    comparator: Comparator,
    value: f64,
    unit: &'static str,
}

/// What a lead-in sentence (`…目标是：`) passes to the next.
#[derive(Debug, Clone, Copy, Default)]
struct Carry {
    pol: Option<Pol>,
    year: Option<i32>,
    year_weak: Option<i32>,
    scope: Option<&'static str>,
}

/// Buffers reused from sentence to sentence.
#[derive(Debug, Default)]
struct Scratch {
    /// Cues of a sentence, when all are needed.
    hits: Vec<Hit>,
    /// `State::marks`, empty between sentences.
    marks: Vec<usize>,
}

/// Per-sentence reading state.
#[derive(Debug, Default)]
struct State {
    sent_pol: Option<Pol>,
    clause_pol: Option<Pol>,
    clause_start: usize,
    /// First goal word or goal year of the clause: where a target's text starts.
    goal_start: Option<usize>,
    year: Option<i32>,
    year_weak: Option<i32>,
    scope: Option<&'static str>,
    /// Ends of cue words, years and quantities in this clause: indicator starts.
    marks: Vec<usize>,
    /// The last comparator verb: (start, end, comparator).
    cmp: Option<(usize, usize, Comparator)>,
    /// 力争 earlier in this sentence.
    strive: bool,
    /// A 比上年 / 比2010年 base was named in this clause (start of it).
    delta: Option<usize>,
    /// 从/由 … 到: a span of past years.
    from_year: bool,
    /// End of the previous quantity in this clause.
    prev_q_end: Option<usize>,
    /// The previous quantity's indicator in this clause.
    prev_indicator: Option<(usize, usize)>,
    /// Where the 从/由 of the base of a change starts, when the base is the
    /// previous quantity of this clause (从4.5%下降到4%).
    change_start: Option<usize>,
    /// 实现 / 完成 in this clause.
    done: bool,
    /// Inside 《…》.
    book: u32,
    /// Whether a money cue is in the sentence, once a quantity needed it
    /// ([`TargetExtractor::money_ctx`]).
    money: Option<bool>,
    /// A buffer for the sentence's cues (from `Scratch::hits`).
    hits: Vec<Hit>,
    /// Where the open “ is, inside a quotation.
    quote: Option<usize>,
}

impl State {
    fn new_clause(&mut self, at: usize) {
        self.clause_pol = None;
        self.clause_start = at;
        self.goal_start = None;
        self.marks.clear();
        self.cmp = None;
        self.delta = None;
        self.from_year = false;
        self.prev_q_end = None;
        self.prev_indicator = None;
        self.change_start = None;
        self.done = false;
    }

    fn mark(&mut self, at: usize) {
        if self.marks.len() < MAX_MARKS {
            self.marks.push(at);
        }
    }

    fn pol(&self) -> Option<Pol> {
        self.clause_pol.or(self.sent_pol)
    }
}

fn is_clause_end(c: char) -> bool {
    matches!(
        c,
        '，' | '；' | '：' | '。' | '！' | '？' | ',' | ';' | ':' | '!' | '?' | '\n' | '\r'
    )
}

/// Punctuation and space that may follow a predicative quantity.
fn is_break(c: char) -> bool {
    is_clause_end(c)
        || c.is_whitespace()
        || matches!(
            c,
            '、' | '）'
                | ')'
                | '”'
                | '’'
                | '"'
                | '」'
                | '』'
                | '…'
                | '—'
                | '.'
                | '》'
                | '（'
                | '('
        )
}

/// What may directly follow a quantity that is an indicator's value.
const CONTINUATIONS: &[&str] = &[
    "台阶",
    "大关",
    "关口",
    "的目标",
    "目标",
    "的水平",
    "水平",
    "的规模",
    "规模",
    "人民币",
    "和",
    "与",
    "及",
    "并",
    "或",
    "同比",
    "比上年",
    "较上年",
    "比去年",
    "较去年",
    "比2",
    "较2",
    "的预期目标",
    "预期目标",
    "任务",
    "的任务",
    "左右",
    "安排",
];

/// Qualifiers written after a quantity.
const QUALIFIERS: &[(&str, Comparator)] = &[
    ("以上", Comparator::Ge),
    ("之上", Comparator::Ge),
    ("以下", Comparator::Le),
    ("以内", Comparator::Le),
    ("之内", Comparator::Le),
    ("左右", Comparator::About),
    ("上下", Comparator::About),
];

/// Words closing a target's text when they follow the quantity.
const CLOSERS: &[&str] = &["台阶", "大关", "关口"];

/// The year of a `YYYY-MM-DD` date.
/// The year of an undated government work report from its title: the
/// report titled 2025年…政府工作报告 is read in March 2025, so its 今年 is
/// 2025 (an archive of reports often has titles and no dates).
fn report_year(title: Option<&str>) -> Option<i32> {
    let t = title?.trim();
    if !t.ends_with("政府工作报告") || t.get(4..7) != Some("年") {
        return None;
    }
    year_of(Some(t))
}

fn year_of(date: Option<&str>) -> Option<i32> {
    let d = date?;
    let y: i32 = d.get(..4)?.parse().ok()?;
    (1900..=2200).contains(&y).then_some(y)
}

/// `s.trim().is_empty()`: no character but whitespace (a sentence
/// nearly always starts with a Han character, never whitespace).
fn is_blank(s: &str) -> bool {
    match s.as_bytes().first() {
        Some(0xE4..=0xE9) => false,
        _ => s.chars().all(char::is_whitespace),
    }
}

/// `s.trim_end().ends_with(['：', ':'])`: the last character that is no
/// whitespace is a colon.
fn ends_with_colon(s: &str) -> bool {
    s.chars()
        .rev()
        .find(|c| !c.is_whitespace())
        .is_some_and(|c| matches!(c, '：' | ':'))
}

/// The character at byte `i` of `s` (a character boundary), if any; one
/// of three bytes is decoded in place.
#[inline(always)]
fn char_at(s: &str, i: usize) -> Option<char> {
    match s.as_bytes().get(i..) {
        Some([x @ 0xE0..=0xEF, y, z, ..]) => char::from_u32(
            u32::from(x & 0x0F) << 12 | u32::from(y & 0x3F) << 6 | u32::from(z & 0x3F),
        ),
        _ => s.get(i..).and_then(|r| r.chars().next()),
    }
}

fn prev_char(s: &str, i: usize) -> Option<char> {
    s.get(..i)?.chars().next_back()
}

fn can_start_number(c: char) -> bool {
    numeral::is_numeral_char(c)
}

/// Dedup key of an indicator: GDP and growth restatements fold together.
fn indicator_key(ind: Option<&str>) -> Option<Cow<'_, str>> {
    let i = ind?;
    // GDP words: 国内生产总值, 地区生产总值, 生产总值, GDP, 经济增长, 经济增速,
    // 经济总量 (the first two contain the third).
    let gdp = contains_bytes(i, "生产总值")
        || contains_bytes(i, "GDP")
        || contains_bytes(i, "经济")
            && ["经济增长", "经济增速", "经济总量"]
                .iter()
                .any(|g| contains_bytes(i, g));
    if !contains_bytes(i, "人均") && gdp {
        return Some(Cow::Borrowed("GDP"));
    }
    // (预期目标 contains 目标: nothing to remove without 目标 or 预期)
    if contains_bytes(i, "目标") || contains_bytes(i, "预期") {
        let mut k = i.to_string();
        for w in ["预期目标", "目标", "预期"] {
            k = k.replace(w, "");
        }
        return Some(Cow::Owned(k));
    }
    Some(Cow::Borrowed(i))
}

impl TargetExtractor {
    fn roles_of(&self, pattern: usize) -> &[Role] {
        self.roles.get(pattern).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Trims an indicator candidate; `None` when nothing is left.
    fn trim_indicator<'a>(&self, mut s: &'a str) -> Option<&'a str> {
        let junk = |c: char| {
            c.is_whitespace()
                || c.is_ascii_punctuation() && c != '%'
                || matches!(
                    c,
                    '“' | '”'
                        | '‘'
                        | '’'
                        | '、'
                        | '（'
                        | '）'
                        | '《'
                        | '》'
                        | '，'
                        | '：'
                        | '—'
                        | '…'
                )
        };
        for _ in 0..16 {
            let before = s.len();
            s = s.trim_matches(junk);
            // (Only words of the same first or last character can match.)
            let first = s.chars().next().and_then(|c| group(&self.lead_by_first, c));
            if let Some(w) = first.and_then(|g| g.iter().find(|w| s.starts_with(**w))) {
                s = s.get(w.len()..).unwrap_or("");
            }
            let last = s
                .chars()
                .next_back()
                .and_then(|c| group(&self.trail_by_last, c));
            if let Some(w) = last.and_then(|g| g.iter().find(|w| s.ends_with(**w))) {
                s = s.get(..s.len() - w.len()).unwrap_or("");
            }
            // (a year off an end bares more words: 将由|一九八○年)
            s = strip_years(s);
            if s.len() == before {
                break;
            }
        }
        // 全员劳动生产率从人均8.7万元: the indicator ends before 从
        if let Some((k, _)) = s.char_indices().skip(2).find(|&(k, c)| {
            c == '从'
                && !s
                    .get(k + c.len_utf8()..)
                    .and_then(|r| r.chars().next())
                    .is_some_and(|n| {
                        matches!(n, '业' | '严' | '事' | '而' | '来' | '中' | '未' | '源')
                    })
        }) {
            s = s.get(..k).unwrap_or(s);
        }
        let n = s.chars().count();
        if n < 2
            || s.chars()
                .all(|c| numeral::is_numeral_char(c) || c.is_ascii_digit())
        {
            return None;
        }
        if n > MAX_INDICATOR_CHARS {
            let cut = s
                .char_indices()
                .nth(n - MAX_INDICATOR_CHARS)
                .map(|(i, _)| i)
                .unwrap_or(0);
            s = s.get(cut..).unwrap_or(s);
        }
        Some(s)
    }

    /// The indicator before a quantity: the text from the latest mark in the
    /// clause that leaves a non-empty phrase, up to the comparator verb.
    fn indicator<'a>(
        &self,
        st: &'a str,
        state: &State,
        upto: usize,
        floor: usize,
    ) -> Option<(usize, &'a str)> {
        let floor = floor.max(floor_boundary(
            st,
            upto.saturating_sub(MAX_INDICATOR_WINDOW),
        ));
        // (on the stack: at most `MAX_MARKS` marks and the floor)
        let mut starts = [0usize; MAX_MARKS + 1];
        let mut n = 0;
        for &m in state.marks.iter().filter(|&&m| m <= upto && m >= floor) {
            if let Some(slot) = starts.get_mut(n) {
                *slot = m;
                n += 1;
            }
        }
        if let Some(slot) = starts.get_mut(n) {
            *slot = floor;
            n += 1;
        }
        let starts = starts.get_mut(..n).unwrap_or_default();
        starts.sort_unstable();
        let mut last = None;
        // A bare verb (同比|增长6.5%) names nothing: an earlier start of the
        // clause is tried first (规上工业增加值同比增长).
        let mut bare = None;
        for &b in starts.iter().rev() {
            // (each start once)
            if last.replace(b) == Some(b) {
                continue;
            }
            let Some(raw) = st.get(b..upto) else { continue };
            if let Some(t) = self.trim_indicator(raw) {
                let off = find_bytes(raw, t).map(|o| b + o).unwrap_or(b);
                if is_bare_verb(t) {
                    bare.get_or_insert((off, t));
                    continue;
                }
                return Some((off, t));
            }
        }
        bare
    }

    /// Reads one sentence (`base` is its offset in the text). `carry` is
    /// what a sentence ending in `：` passes on to the next one
    /// (`主要预期目标是：` / `国内生产总值增长7.5%；…`); it is updated.
    fn sentence<'t>(
        &self,
        st: &'t str,
        base: usize,
        doc_year: Option<i32>,
        carry: &mut Carry,
        scratch: &mut Scratch,
        out: &mut Vec<Found<'t>>,
    ) {
        // Only a numeral that may be an amount starts a record (a lone
        // `一` or `万` is none: see `numeral::last_amount_start`), and the
        // cues matter only for those and for a lead-in ending in `：`: a
        // sentence with neither yields nothing and passes nothing on.
        let lead_in_form = ends_with_colon(st);
        let last_amount = numeral::last_amount_start(st);
        if last_amount.is_none() && !lead_in_form {
            *carry = Carry::default();
            return;
        }
        // Reading is left to right: stopping past the last such numeral
        // leaves what is read before it as it was, and the state only
        // matters for what a lead-in passes on.
        let stop = match last_amount {
            Some(k) if !lead_in_form => k + 1,
            _ => st.len(),
        };
        // (once per document, at the first sentence read: the marks are
        // at most `MAX_MARKS`, and growing to that took five reallocations)
        if scratch.marks.capacity() == 0 {
            scratch.marks.reserve_exact(MAX_MARKS);
        }
        let mut state = State {
            sent_pol: carry.pol,
            year: carry.year,
            year_weak: carry.year_weak,
            scope: carry.scope,
            // (a buffer kept from sentence to sentence, empty)
            marks: std::mem::take(&mut scratch.marks),
            hits: std::mem::take(&mut scratch.hits),
            ..State::default()
        };
        // The cues are taken left to right, leftmost-longest without overlap
        // (`Cues`), at every position, read or skipped: `cue_from` is where
        // the next may start. Those at a skipped position are not applied.
        let mut cue_from = 0usize;
        let mut skip_until = 0usize;
        let bytes = st.as_bytes();
        let mut pos = 0;
        loop {
            if pos < skip_until {
                // The rest of a quantity read: only the cues that start in
                // it are looked for, to know where the next may start.
                pos = self.skip_to(st, pos, skip_until.min(stop), &mut cue_from);
            }
            // (Han characters that start no cue and no numeral change
            // nothing: skipped without decoding.)
            if bytes.get(pos).is_some_and(|b| (0xE4..=0xE9).contains(b)) {
                pos += self.cold_len(bytes.get(pos..stop).unwrap_or_default());
            }
            let i = pos;
            if i >= stop {
                break;
            }
            // (The commonest clause end, read without decoding when it
            // starts no cue. Doing the same for 、（） ran slower.)
            if !self.comma_cue && bytes.get(i..i + 3) == Some("，".as_bytes()) {
                self.next_clause(&mut state, st, i + 3, true);
                pos = i + 3;
                continue;
            }
            let Some(c) = char_at(st, i) else {
                break;
            };
            pos += c.len_utf8();
            // (The next character is read only where a cue may start.)
            let cue = if i >= cue_from && self.cues.may_start(c) {
                let next = char_at(st, pos);
                self.cues.longest_before(st, i, c, next)
            } else {
                None
            };
            // (Here `i >= skip_until`.)
            if let Some(h) = cue {
                cue_from = h.end;
                // (No cue starts inside this one: nothing in it is read.)
                skip_until = h.end;
                pos = h.end;
                if state.book == 0 {
                    let rest = st.get(h.end..).unwrap_or("");
                    let before = st.get(..h.start).unwrap_or("");
                    let at = (h.start, h.end);
                    self.apply_cue(&mut state, h.pattern, at, (before, rest), doc_year);
                }
                continue;
            }
            // A Han character that is no numeral is no mark either.
            if ('\u{4E00}'..='\u{9FFF}').contains(&c) && !numeral::is_numeral_char(c) {
                continue;
            }
            match c {
                '《' => state.book = state.book.saturating_add(1),
                '》' => state.book = state.book.saturating_sub(1),
                '“' => state.quote = Some(i),
                '”' => state.quote = None,
                _ => {}
            }
            if is_clause_end(c) {
                self.next_clause(&mut state, st, i + c.len_utf8(), matches!(c, '，' | ','));
                continue;
            }
            if !can_start_number(c) {
                continue;
            }
            let prev = prev_char(st, i);
            if prev.is_some_and(|p| {
                numeral::is_numeral_char(p) || matches!(p, '.' | '．' | ',' | '点')
            }) {
                continue;
            }
            let Some(rest) = st.get(i..) else { continue };
            let mut q = Qty::default();
            if !numeral::quantity_into(rest, &mut q) {
                continue;
            }
            skip_until = i + q.len;
            let cx = Sent { st, base, doc_year };
            self.quantity(cx, i, &mut q, prev, &mut state, out);
            skip_until = skip_until.max(state.prev_q_end.unwrap_or(0));
            if out.len() >= 2 * MAX_RECORDS {
                return;
            }
        }
        let lead_in = lead_in_form && state.sent_pol == Some(Pol::Goal);
        scratch.marks = std::mem::take(&mut state.marks);
        scratch.marks.clear();
        scratch.hits = std::mem::take(&mut state.hits);
        *carry = if lead_in {
            Carry {
                pol: state.sent_pol,
                year: state.year,
                year_weak: state.year_weak,
                scope: state.scope,
            }
        } else {
            Carry::default()
        };
    }

    /// Where reading goes on after a quantity read at a position before
    /// `pos`, skipping to `end`: `cue_from` moved past the cues that start
    /// from `pos` on (those are not applied).
    fn skip_to(&self, st: &str, mut pos: usize, end: usize, cue_from: &mut usize) -> usize {
        while pos < end {
            let Some(c) = char_at(st, pos) else {
                break;
            };
            let i = pos;
            pos += c.len_utf8();
            if i >= *cue_from
                && self.cues.may_start(c)
                && let Some(h) = self.cues.longest_before(st, i, c, char_at(st, pos))
            {
                *cue_from = h.end;
            }
        }
        pos
    }

    fn apply_cue(
        &self,
        s: &mut State,
        pat: usize,
        (start, end): (usize, usize),
        (before, rest): (&str, &str),
        doc_year: Option<i32>,
    ) {
        let roles = self.roles_of(pat);
        let mut boundary = false;
        for &r in roles {
            match r {
                Role::Goal => {
                    s.sent_pol = Some(Pol::Goal);
                    s.clause_pol = None;
                    s.goal_start.get_or_insert(start);
                    boundary = true;
                }
                Role::GoalClause => {
                    s.clause_pol = Some(Pol::Goal);
                    s.goal_start.get_or_insert(start);
                }
                Role::GoalDated => {
                    let dated = s.year_weak.is_some()
                        || s.year.is_some_and(|y| doc_year.is_none_or(|d| y >= d));
                    // 预计…将达到: still a forecast
                    if dated && s.sent_pol != Some(Pol::Projection) {
                        s.clause_pol = Some(Pol::Goal);
                        s.goal_start.get_or_insert(start);
                    }
                }
                Role::Must => {
                    if self.goal_verb_follows(rest) && !self.plan_reported(s, pat, rest) {
                        s.clause_pol = Some(Pol::Goal);
                        s.goal_start.get_or_insert(start);
                    }
                }
                Role::Lead => {
                    s.goal_start.get_or_insert(start);
                }
                Role::Past => {
                    s.sent_pol = Some(Pol::Past);
                    s.clause_pol = None;
                    boundary = true;
                }
                Role::PastClause => {
                    s.clause_pol = Some(Pol::Past);
                    boundary = true;
                }
                Role::PastWeak => {
                    if s.sent_pol != Some(Pol::Goal) {
                        s.clause_pol = Some(Pol::Past);
                    }
                    boundary = true;
                }
                Role::Projection => {
                    s.sent_pol = Some(Pol::Projection);
                    s.clause_pol = None;
                    boundary = true;
                }
                Role::ProjectionClause => {
                    s.clause_pol = Some(Pol::Projection);
                    boundary = true;
                }
                Role::Delta => {
                    s.delta = Some(start);
                    boundary = true;
                }
                Role::Scope => {
                    let w = self.word(pat);
                    s.scope = Some(w.strip_suffix("上下").unwrap_or(w));
                    boundary = true;
                }
                Role::Plan(y) => {
                    // A plan's last year dates what follows unless the
                    // sentence is dated already (今年是实施“十四五”规划的关键
                    // 一年，…要增长6.5%: this year's goal), or the plan's end
                    // is named (到“十四五”末).
                    let end = rest.trim_start_matches(['”', '"', '’']);
                    let end = ["末", "期末", "时期末", "规划末", "规划期末"]
                        .iter()
                        .any(|w| end.starts_with(w));
                    // 围绕“十四五”规划，谋划…；二要…确保6月底前…: a plan
                    // that is a verb's object names the plan, not a time
                    let head = before.trim_end_matches(['“', '"', '‘', '《']);
                    let object = PLAN_OBJECT_VERBS.iter().any(|v| head.ends_with(v));
                    if y > 0 && !object && (s.year.is_none() || end) {
                        s.year = Some(y);
                    }
                    boundary = true;
                }
                Role::Year(off) => {
                    if let Some(d) = doc_year {
                        if self.word(pat) == "全年" {
                            s.year_weak = Some(d + off);
                        } else {
                            s.year = Some(d + off);
                        }
                    }
                    boundary = true;
                }
                Role::Cmp(c) => {
                    s.cmp = Some((start, end, c));
                    if self.word(pat) == "力争" {
                        s.strive = true;
                    }
                }
                Role::Done => s.done = true,
                Role::Hide | Role::Money => {}
            }
        }
        if boundary {
            s.mark(end);
        }
    }

    /// Starts a clause at `at`. After a comma, a goal clause's goal goes on
    /// into a clause that starts with a goal verb, the subject left out:
    /// 全年计划安排建设用地1.2万亩，新增专项债券资金80亿元以上.
    fn next_clause(&self, state: &mut State, st: &str, at: usize, comma: bool) {
        let goal = comma && state.clause_pol == Some(Pol::Goal);
        state.new_clause(at);
        if goal
            && st
                .get(at..)
                .is_some_and(|r| self.goal_verbs.iter().any(|v| r.starts_with(*v)))
        {
            state.clause_pol = Some(Pol::Goal);
            state.goal_start = Some(at);
        }
    }

    /// True when a goal verb follows (after adverbs): 要达到, 要再压减.
    fn goal_verb_follows(&self, mut rest: &str) -> bool {
        // 要将/要把 + object + verb: a directive
        if rest.starts_with('将') || rest.starts_with('把') {
            return true;
        }
        // 要从4.5%下降到4%, 要由人均8.7万元提高到: the verb after the base
        if let Some(base) = rest.strip_prefix('从').or_else(|| rest.strip_prefix('由')) {
            let mut number = false;
            for (k, c) in base.char_indices().take(12) {
                if number
                    && base
                        .get(k..)
                        .is_some_and(|r| self.goal_verbs.iter().any(|v| r.starts_with(*v)))
                {
                    return true;
                }
                if is_clause_end(c) {
                    return false;
                }
                number |= c.is_ascii_digit() || numeral::is_numeral_char(c);
            }
            return false;
        }
        for _ in 0..4 {
            if self.goal_verbs.iter().any(|v| rest.starts_with(*v)) {
                return true;
            }
            match self.adverbs.iter().find(|a| rest.starts_with(**a)) {
                Some(a) => rest = rest.get(a.len()..).unwrap_or(""),
                None => return false,
            }
        }
        false
    }

    /// An indicator without the 要 or 计划 that made its clause a goal:
    /// 固定资产投资要增长 → 固定资产投资增长, 排放量要分别下降 → 排放量分别
    /// 下降, 工业生产计划增长 → 工业生产增长, 粮食产量计划 → 粮食产量 (the
    /// quantity's name, as in a clause without them).
    /// (Not 六五计划, 五年计划, 年度计划, 原定计划: a plan's name. Targets
    /// only: in a fact 计划 is what was measured against, 比年度计划增加了.)
    fn without_inner_cue<'a>(&self, ind: &'a str) -> Cow<'a, str> {
        let plan_name = |head: &str| {
            head.chars().next_back().is_none_or(|c| {
                numeral::is_numeral_char(c)
                    || c.is_ascii_digit()
                    || matches!(c, '年' | '原' | '度' | '定' | '划' | '的' | '”' | '"')
            })
        };
        if let Some(head) = ind.strip_suffix("计划")
            && head.chars().count() >= 3
            && !plan_name(head)
        {
            return Cow::Borrowed(head);
        }
        // the last 要, 将 or 计划 with a goal verb after it and words before
        // it (not 主要, 重要, 需要, 即将, 必将…: those are no cue)
        let cue = ind.char_indices().rev().find_map(|(k, c)| {
            let w = match c {
                '要' => "要",
                '将' => "将",
                '计' if ind.get(k..).is_some_and(|r| r.starts_with("计划")) => "计划",
                _ => return None,
            };
            let (head, rest) = (ind.get(..k)?, ind.get(k + w.len()..)?);
            let word = if w == "要" {
                head.ends_with(['主', '重', '需', '只', '必', '首', '纪', '摘', '概', '提'])
            } else if w == "将" {
                head.ends_with(['即', '必', '终', '行', '大', '武', '老', '名', '干'])
            } else {
                plan_name(head)
            };
            (!head.is_empty() && !word && self.goal_verb_follows(rest)).then_some((head, rest))
        });
        match cue {
            Some((head, rest)) => Cow::Owned(format!("{head}{rest}")),
            None => Cow::Borrowed(ind),
        }
    }

    /// A plan reported on, not set: in a sentence about the past (截至3月，
    /// …计划建设的2万4000户, 仅建成了56户), or how far it was fulfilled
    /// (计划完成102.6%, 计划完成了), not a plan to complete something
    /// (计划完成投资500亿元).
    fn plan_reported(&self, s: &State, pat: usize, rest: &str) -> bool {
        self.word(pat) == "计划"
            && (s.sent_pol == Some(Pol::Past)
                || rest.strip_prefix("完成").is_some_and(|r| {
                    r.chars().next().is_some_and(|c| {
                        c.is_ascii_digit() || numeral::is_numeral_char(c) || c == '了'
                    })
                }))
    }

    fn word(&self, pat: usize) -> &'static str {
        self.words.get(pat).copied().unwrap_or("")
    }

    /// The length in bytes of the characters of U+4E00 to U+9FFF at the
    /// start of `rest` (three bytes each, led by E4–E9) that are no numeral
    /// and start no cue (as [`Cues::longest_before`] filters). (Not
    /// inlined: in its own frame the loop keeps everything in registers.
    /// Skipping the punctuation the reading ignores too, 、 and （）, ran
    /// slower.)
    #[inline(never)]
    fn cold_len(&self, rest: &[u8]) -> usize {
        let mut r = rest;
        while let [x @ 0xE4..=0xE9, y, z, tail @ ..] = r {
            // (a word for each 64 characters: the lead's low bits and the
            // second byte's six)
            let hi = usize::from(x & 0x0F) << 6 | usize::from(y & 0x3F);
            if self.hot[hi] >> (z & 0x3F) & 1 != 0 {
                if self.stop[hi] >> (z & 0x3F) & 1 != 0 {
                    break;
                }
                // The first character of a cue (not a cue alone): one
                // starts here only if the next character makes a cue's
                // first two.
                let c = (hi as u32) << 6 | u32::from(z & 0x3F);
                let [a @ 0xE0..=0xEF, b, d, ..] = tail else {
                    break;
                };
                let n = u32::from(a & 0x0F) << 12 | u32::from(b & 0x3F) << 6 | u32::from(d & 0x3F);
                let key = u64::from(c) << 32 | u64::from(n);
                if bit(&self.cues.pairs, pair_bit(key)) {
                    break;
                }
            }
            r = tail;
        }
        rest.len() - r.len()
    }
}

/// The sentence being read.
#[derive(Debug, Clone, Copy)]
struct Sent<'a> {
    st: &'a str,
    base: usize,
    doc_year: Option<i32>,
}

impl TargetExtractor {
    /// Whether a money cue is in the sentence `st` (anywhere), found the
    /// first time a quantity needs it.
    fn money_ctx(&self, st: &str, s: &mut State) -> bool {
        *s.money.get_or_insert_with(|| {
            self.cues.find_all(st, &mut s.hits);
            s.hits
                .iter()
                .any(|h| self.roles_of(h.pattern).contains(&Role::Money))
        })
    }
}

/// Where the 从 or 由 starts when the quantity at `i`, followed by `after`,
/// is the base of a change: 从 or 由 shortly before it (after
/// `clause_start`, with nothing but a short noun such as 人均 or 上年的
/// between), and 到 or 至 right after it or after a verb of one or two
/// characters (从4.5%到4%, 从14.8%降到, 由60%提高到).
fn change_from(st: &str, clause_start: usize, i: usize, after: &str) -> Option<usize> {
    let before = st.get(clause_start.min(i)..i).unwrap_or("");
    // (The last five characters are in the last 20 bytes: where neither
    // 从 nor 由 is there, neither is among them. Most quantities have
    // none before them.)
    let tail = before.as_bytes();
    let tail = tail
        .get(tail.len().saturating_sub(20)..)
        .unwrap_or_default();
    if !tail
        .windows(3)
        .any(|w| w == "从".as_bytes() || w == "由".as_bytes())
    {
        return None;
    }
    let (k, _) = before
        .char_indices()
        .rev()
        .take(5)
        .take_while(|&(_, c)| !is_break(c) && !c.is_ascii_digit())
        .find(|&(_, c)| matches!(c, '从' | '由'))?;
    after
        .chars()
        .take(3)
        .take_while(|&c| ('\u{4E00}'..='\u{9FFF}').contains(&c) && !numeral::is_numeral_char(c))
        .any(|c| matches!(c, '到' | '至'))
        .then_some(clause_start.min(i) + k)
}

/// Symbols that glue a number to something that is not a quantity
/// (`5G`, `1+8+N`, `2022-5-13`, `8:39`, `PM2.5`).
fn is_glue(c: char) -> bool {
    // (most characters around a number are Han: none of these)
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return false;
    }
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '+' | '＋' | '/' | '／' | '_' | '#' | '@' | '-' | '－' | '—' | '–' | '~' | '～' | '.'
                | '．' | ':' | '·' | '×' | '*' | '＊' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ'
        )
}

/// Range separators: `6%-6.5%`, `600亿—1000亿立方米`, `40%至45%`.
const RANGE_SEPARATORS: &[char] = &['-', '－', '—', '–', '~', '～', '至', '到'];

/// Words before a year that say how it is used.
const YEAR_PREFIXES: &[&str] = &[
    "截止到",
    "截至",
    "截止",
    "到",
    "至",
    "从",
    "由",
    "自",
    "比",
    "较",
    "于",
    "在",
];

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Whether `after` (the text after a quantity) makes the quantity a size
/// class heading a noun: `5亿元|以上项目`, `亿元|以上企业`, `1平方公里|以上湖泊`.
/// Such a quantity is no record, and sets no mark: the indicator of the count
/// that follows takes the whole phrase (`引进5亿元以上项目20个` →
/// 引进5亿元以上项目). Only sums and measures: a share or a count before a
/// noun is a value (`95%以上核武器`, `引进10个以上项目`).
fn class_before_noun(q: &Qty, after: &str) -> bool {
    if !matches!(q.class, UnitClass::Money | UnitClass::Measure) {
        return false;
    }
    let Some(rest) = ["以上", "以下"].iter().find_map(|w| after.strip_prefix(w)) else {
        return false;
    };
    rest.chars()
        .next()
        .is_some_and(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c) && !numeral::is_numeral_char(c))
        && !CONTINUATIONS.iter().any(|w| rest.starts_with(w))
        && !CHANGE_VERBS.iter().any(|w| rest.starts_with(w))
        && !["的", "即", "为", "者", "目标", "左右", "水平"]
            .iter()
            .any(|w| rest.starts_with(w))
}

/// Verbs that take a five-year plan as their object (`围绕“十四五”规划`):
/// the plan is then a document, not a time for what follows.
const PLAN_OBJECT_VERBS: &[&str] = &[
    "围绕", "落实", "实施", "编制", "对接", "衔接", "结合", "制定", "纳入", "列入", "贯彻", "谋划",
    "融入", "服务", "研究", "审议", "讨论", "修编", "启动",
];

/// Verbs of change: what an indicator that is only a change ends with.
const CHANGE_VERBS: &[&str] = &[
    "增长", "下降", "增加", "减少", "提高", "降低", "上升", "回落", "扩大", "缩小", "提升",
];

/// Whether an indicator is only a verb of change, alone or after the base
/// it is measured against (增长, 同比增长, 比上年增长): it names nothing.
fn is_bare_verb(t: &str) -> bool {
    let Some(v) = CHANGE_VERBS.iter().find(|v| t.ends_with(**v)) else {
        return false;
    };
    let rest = t.get(..t.len() - v.len()).unwrap_or("");
    let rest = rest.strip_suffix('的').unwrap_or(rest);
    // (a base, 比上年; or a time, 一季度, 9月, 去年的)
    rest.is_empty()
        || matches!(rest, "同比" | "环比" | "累计" | "实际" | "预期" | "年均")
        || rest.starts_with(['比', '较'])
        || rest.ends_with(['月', '年']) && rest.chars().count() <= 3
        || rest.ends_with("季度")
}

/// Longest span an indicator is looked for in, in bytes.
const MAX_INDICATOR_WINDOW: usize = 240;

impl TargetExtractor {
    #[allow(clippy::too_many_lines)]
    fn quantity<'t>(
        &self,
        cx: Sent<'t>,
        i: usize,
        q: &mut Qty,
        prev: Option<char>,
        s: &mut State,
        out: &mut Vec<Found<'t>>,
    ) {
        let st = cx.st;
        // 千万级, 亿级 (users, visitors): size classes of money start at 十亿
        q.level &= q.value >= 1e9;
        let mut end = i + q.len;
        let next = st.get(end..).and_then(|r| r.chars().next());
        if s.book > 0 || prev.is_some_and(|p| matches!(p, '第' | '前') || is_glue(p)) {
            s.mark(end);
            return;
        }
        // a short quoted formulation: “三个1亿人”, “双11”
        let quoted = s.quote.is_some_and(|o| i.saturating_sub(o) <= 24)
            && st
                .get(end..)
                .is_some_and(|r| r.get(..24.min(r.len())).unwrap_or(r).contains('”'));
        if quoted {
            s.mark(end);
            return;
        }
        if !q.number.arabic
            && prev.is_some_and(|p| matches!(p, '几' | '数' | '上' | '成' | '好' | '逾'))
        {
            return;
        }
        // a range: lower bound, unit from the upper bound
        let mut range = false;
        if let Some(sep) = next.filter(|c| RANGE_SEPARATORS.contains(c)) {
            let after = end + sep.len_utf8();
            if let Some(q2) = st.get(after..).and_then(numeral::quantity) {
                if q2.class == UnitClass::Time || q2.class == UnitClass::Skip {
                    let as_year = q2.unit == "年" && q2.number.arabic;
                    if as_year && q.unit.is_empty() {
                        self.year(cx, after, q2, s);
                    }
                    s.mark(after + q2.len);
                    return;
                }
                let before = st.get(..i).unwrap_or("");
                let from = before
                    .chars()
                    .rev()
                    .take(6)
                    .any(|c| matches!(c, '从' | '由'));
                let same = q.unit.is_empty() && (q.number.scaled || !q2.number.scaled)
                    || q.unit == q2.unit && !(from && matches!(sep, '至' | '到'));
                if same && q2.value >= q.value {
                    if q.unit.is_empty() {
                        q.unit = q2.unit;
                        q.class = q2.class;
                    }
                    range = true;
                    end = after + q2.len;
                } else if matches!(sep, '-' | '－' | '—' | '–' | '~' | '～') {
                    s.mark(after + q2.len);
                    return;
                }
            }
        }
        let next = st.get(end..).and_then(|r| r.chars().next());
        if next.is_some_and(|c| is_glue(c) && !(c == '—' || c == '.' && !range)) {
            s.mark(end);
            return;
        }
        if q.class == UnitClass::Time && q.unit.starts_with('年') && !range {
            self.year(cx, i, *q, s);
            return;
        }
        if matches!(q.class, UnitClass::Time | UnitClass::Skip) {
            s.mark(end);
            return;
        }
        let mut unit = q.unit;
        if unit.is_empty() {
            if q.level || q.number.scaled && q.value >= 1e8 && self.money_ctx(st, s) {
                unit = "元";
            } else {
                if q.number.arabic {
                    s.prev_q_end = Some(end);
                    s.mark(end);
                }
                return;
            }
        }
        let amount =
            q.number.has_digit || q.level || q.class == UnitClass::Money && q.value >= 1e10;
        if !q.number.arabic && (q.number.single_digit && !q.percent_words || !amount) {
            // 一批, 三大, 千家万户; 亿元以上项目 (a class of projects, no amount)
            if !q.number.single_digit && !class_before_noun(q, st.get(end..).unwrap_or("")) {
                s.mark(end);
            }
            return;
        }
        // what follows: qualifier, closing word, continuation
        let mut tail = end;
        let mut cmp_after = None;
        let after = st.get(end..).unwrap_or("");
        if class_before_noun(q, after) {
            return;
        }
        if let Some(&(w, c)) = QUALIFIERS.iter().find(|(w, _)| starts_with_bytes(after, w)) {
            cmp_after = Some(c);
            tail += w.len();
        }
        let after = st.get(tail..).unwrap_or("");
        let predicative = after.chars().next().is_none_or(is_break)
            || CONTINUATIONS.iter().any(|w| starts_with_bytes(after, w));
        if let Some(w) = CLOSERS.iter().find(|w| starts_with_bytes(after, w)) {
            tail += w.len();
        }
        // …3000亿元的目标。 (not 400多个目标遭袭击: a noun)
        let post_goal = ["的目标", "目标", "的预期目标", "预期目标"]
            .iter()
            .any(|w| {
                starts_with_bytes(after, w)
                    && after
                        .get(w.len()..)
                        .is_some_and(|r| r.chars().next().is_none_or(is_break))
            });
        // a change against a base: a target only as a rate written alone
        // (能耗比上年下降3%), not as a note on another quantity
        // (5.66万亿元、比上年增加1.6万亿元) or an amount (比去年多100万人)
        let is_delta = s
            .delta
            .is_some_and(|d| s.prev_q_end.is_some_and(|p| p <= d) || q.class != UnitClass::Percent);
        s.delta = None;
        let cmp_before = s.cmp.is_some_and(|(_, ce, _)| ce <= i) && !s.strive;

        let mut pol = s.pol();
        if post_goal && pol != Some(Pol::Past) {
            // 实现…100万人目标 / 低于13%左右的预期目标: a goal met or missed
            pol = if (s.done || cmp_before) && pol != Some(Pol::Goal) {
                Some(Pol::Projection)
            } else {
                Some(Pol::Goal)
            };
        }
        // 百亿级项目: the size of a project, not a goal for an industry
        let project = q.level
            && level_noun(st, tail)
                .and_then(|(a, b)| st.get(a..b))
                .is_some_and(|n| contains_bytes(n, "项目"));
        let kind = match pol {
            Some(Pol::Past) => Some(TargetKind::Fact),
            Some(Pol::Projection) => None,
            Some(Pol::Goal) if q.level && !project || predicative && !is_delta => {
                Some(TargetKind::Target)
            }
            None if q.level && !project => Some(TargetKind::Target),
            _ => None,
        };
        // 捐赠中的30万元: a quantity heading a noun phrase, unless it is a
        // share (占国内生产总值的3%, 提高至GDP的2.5%)
        let of_noun = prev == Some('的')
            && !st
                .get(floor_boundary(st, i.saturating_sub(36))..i)
                .is_some_and(|w| w.contains(['占', '到', '至', '达']));
        let kind = if of_noun && kind == Some(TargetKind::Target) && !q.level {
            None
        } else {
            kind
        };
        let prev_q = s.prev_q_end;
        s.prev_q_end = Some(tail);
        s.mark(tail);
        // 从4.5%下降到4%, 由60%提高到65%: the base a change starts from is
        // no record of its own (nor a fact named by its verb, 降到); its
        // indicator is kept for the level it changes to
        if !range
            && !q.level
            && let Some(from) = change_from(st, s.clause_start, i, after)
        {
            // (the indicator ends before 从/由: 人口自然增长率由上年的1.2%)
            let floor = prev_q.unwrap_or(s.clause_start).max(s.clause_start);
            s.prev_indicator = self
                .indicator(st, s, from, floor)
                .map(|(a, t)| (a, a + t.len()));
            s.change_start = Some(from);
            return;
        }
        let Some(kind) = kind else {
            if pol == Some(Pol::Goal) && !q.level {
                // remember the indicator for 从X提高到Y
                let floor = prev_q.unwrap_or(s.clause_start).max(s.clause_start);
                if let Some((a, t)) = self.indicator(st, s, i, floor) {
                    s.prev_indicator = Some((a, a + t.len()));
                }
            }
            return;
        };
        if q.value <= 0.0 || !q.value.is_finite() {
            return;
        }
        let comparator = if q.level {
            Comparator::Level
        } else if let Some(c) = cmp_after {
            c
        } else if range {
            Comparator::Ge
        } else if q.number.more {
            Comparator::Gt
        } else if let Some(c) = s
            .cmp
            .filter(|&(_, ce, _)| {
                ce <= i
                    && st.get(ce..i).is_some_and(|gap| {
                        gap.chars().count() <= 1
                            && gap
                                .chars()
                                .all(|g| matches!(g, '了' | '约' | '在' | '到' | '为' | '至'))
                    })
            })
            .map(|(_, _, c)| c)
        {
            c
        } else if s.strive {
            Comparator::Ge
        } else {
            Comparator::Eq
        };
        // the indicator and the text's start
        let clause_floor = prev_q.unwrap_or(s.clause_start).max(s.clause_start);
        let (indicator, ind_start, text_end) = if q.level {
            let noun = level_noun(st, tail);
            let ind = noun.map(|(a, b)| st.get(a..b).unwrap_or(""));
            (
                ind.filter(|x| !x.is_empty()),
                i,
                noun.map_or(tail, |(_, b)| b),
            )
        } else if kind == TargetKind::Fact && !predicative {
            let noun = level_noun(st, tail);
            let ind = noun
                .and_then(|(a, b)| st.get(a..b))
                .filter(|x| x.chars().count() >= 2);
            let start = s
                .marks
                .iter()
                .rev()
                .copied()
                .find(|&m| m <= i)
                .unwrap_or(clause_floor);
            (ind, start.max(clause_floor), noun.map_or(tail, |(_, b)| b))
        } else {
            let upto = match s.cmp {
                Some((cs, ce, _)) if ce <= i && i - ce <= 3 && cs >= clause_floor => cs,
                _ => i,
            };
            match self.indicator(st, s, upto, clause_floor) {
                Some((a, t)) => {
                    s.prev_indicator = Some((a, a + t.len()));
                    (Some(t), a, tail)
                }
                // 从8.7万元提高到12万元: the indicator of the quantity before
                None => match s.prev_indicator.and_then(|(a, b)| Some((a, st.get(a..b)?))) {
                    Some((a, t)) => (Some(t), a.min(i), tail),
                    // 由三千七百万吨增加到四千六百六十六万吨
                    None => (None, s.change_start.unwrap_or(i).min(i), tail),
                },
            }
        };
        let mut start = ind_start.min(i);
        if kind == TargetKind::Target && !q.level {
            if let Some(g) = s.goal_start.filter(|&g| g >= clause_floor && g < start) {
                start = g;
            }
        } else if q.level
            && let Some(g) = s
                .goal_start
                .filter(|&g| g >= clause_floor && i.saturating_sub(g) <= 9)
        {
            start = g;
        }
        let year = s.year.or(if kind == TargetKind::Target {
            s.year_weak
        } else {
            None
        });
        if kind == TargetKind::Fact && out.len() >= MAX_RECORDS {
            return;
        }
        // (a document with one record mostly has several: no growth from
        // one by one)
        if out.capacity() == 0 {
            out.reserve(16);
        }
        out.push(Found {
            kind,
            span: Span::new(cx.base + start, cx.base + text_end),
            year,
            scope: s.scope,
            indicator,
            comparator,
            value: q.value,
            unit,
        });
    }

    /// A year expression at `i` (`2026年`, `到2026年底`, `比2010年`).
    fn year(&self, cx: Sent<'_>, i: usize, q: Qty, s: &mut State) {
        let st = cx.st;
        let v = q.value;
        let mut end = i + q.len;
        let is_year = v.fract() == 0.0
            && (1900.0..=2100.0).contains(&v)
            && (q.number.arabic || q.number.digit_string)
            && !q.number.scaled;
        if !is_year {
            s.mark(end);
            return;
        }
        let y = v as i32;
        let before = st.get(..i).unwrap_or("");
        let mut prefix = YEAR_PREFIXES
            .iter()
            .find(|p| ends_with_bytes(before, p))
            .copied()
            .unwrap_or("");
        if matches!(prefix, "到" | "至") {
            // 达到2020年的2倍, 提高到2019年的水平: a verb's 到, not 到…年
            let verb = before
                .get(..before.len() - prefix.len())
                .and_then(|b| b.chars().next_back())
                .is_some_and(|c| "达高加降长升大少低提增减".contains(c));
            if verb {
                prefix = "";
            }
        }
        let pstart = i - prefix.len();
        let after = st.get(end..).unwrap_or("");
        let deadline = ["底前", "年底前", "前", "以前", "之前"]
            .iter()
            .find(|w| starts_with_bytes(after, w));
        if let Some(w) = deadline {
            end += w.len();
        } else if let Some(w) = ["底", "末"].iter().find(|w| starts_with_bytes(after, w)) {
            end += w.len();
        }
        let forward = cx.doc_year.is_none_or(|d| y >= d);
        if after.starts_with('的') && prefix.is_empty() {
            // 达到2020年的2倍, 2019年的水平: a base, not the target year
            // (unless no other year was given: 增加到2000年的2.8万亿元)
            s.year.get_or_insert(y);
            s.mark(end);
            return;
        }
        match prefix {
            "比" | "较" => {
                s.delta = Some(pstart);
            }
            "从" | "由" | "自" => s.from_year = true,
            "截止到" | "截至" | "截止" => {
                s.sent_pol = Some(Pol::Past);
                s.clause_pol = None;
                s.year = Some(y);
            }
            "到" | "至" => {
                s.year = Some(y);
                if s.from_year {
                    if !forward {
                        s.clause_pol = Some(Pol::Past);
                    }
                } else if forward {
                    s.sent_pol = Some(Pol::Goal);
                    s.clause_pol = None;
                    s.goal_start.get_or_insert(pstart);
                } else {
                    s.sent_pol = Some(Pol::Past);
                    s.clause_pol = None;
                }
            }
            _ => {
                s.year = Some(y);
                if q.unit == "年度" {
                } else if deadline.is_some() && forward {
                    s.sent_pol = Some(Pol::Goal);
                    s.clause_pol = None;
                    s.goal_start.get_or_insert(pstart);
                } else if let Some(d) = cx.doc_year {
                    // a bare year is a time adverbial only at the head of a
                    // clause (2020年，… / 2020年我国…), not inside a noun
                    // phrase (下达2013年预算指标696亿元)
                    let head = prefix == "在"
                        || prefix == "于"
                        || before.trim_end().chars().next_back().is_none_or(|c| {
                            is_clause_end(c) || matches!(c, '“' | '（' | '(' | '、')
                        })
                        || st
                            .get(end..)
                            .is_some_and(|r| r.starts_with('，') || r.starts_with(','));
                    if y > d && head && s.sent_pol.is_none() {
                        s.sent_pol = Some(Pol::Goal);
                        s.goal_start.get_or_insert(pstart);
                    } else if y < d && head {
                        s.sent_pol = Some(Pol::Past);
                        s.clause_pol = None;
                    }
                }
            }
        }
        s.mark(end);
    }
}

/// Removes year expressions (`到2012年`, `2015年底`, `在一九五二年`) from
/// both ends.
fn strip_years(mut s: &str) -> &str {
    for _ in 0..4 {
        let t = s.trim_start_matches(['到', '至', '在', '于']);
        if let Some(digits) = year_len(t.chars())
            && t.get(digits..).is_some_and(|r| r.starts_with('年'))
        {
            let r = t.get(digits + '年'.len_utf8()..).unwrap_or("");
            s = r.trim_start_matches(['底', '末', '前', '，', ',']);
            continue;
        }
        break;
    }
    for _ in 0..4 {
        let Some(t) = s.strip_suffix('年') else {
            break;
        };
        let Some(digits) = year_len(t.chars().rev()) else {
            break;
        };
        s = t
            .get(..t.len() - digits)
            .unwrap_or("")
            .trim_end_matches(['到', '至', '在', '于']);
    }
    s
}

/// The bytes of the year that `chars` starts with (read forwards or
/// backwards): four ASCII digits, or four Chinese ones (一九五二, 一九八○:
/// [`numeral::cn_digit`]), and no fifth digit of either kind.
fn year_len(chars: impl Iterator<Item = char>) -> Option<usize> {
    let mut ascii = 0;
    let mut han = 0;
    for c in chars.take(5) {
        if c.is_ascii_digit() {
            ascii += 1;
        } else if numeral::cn_digit(c).is_some() {
            han += 1;
        } else {
            break;
        }
    }
    match (ascii, han) {
        (4, 0) => Some(4),
        (0, 4) => Some(4 * '一'.len_utf8()),
        _ => None,
    }
}

/// The noun after a size class or a count: up to punctuation or a
/// conjunction, at most 16 chars. Returns its byte range.
fn level_noun(st: &str, from: usize) -> Option<(usize, usize)> {
    let rest = st.get(from..)?;
    let mut end = from;
    for (n, (k, c)) in rest.char_indices().enumerate() {
        if n >= 12
            || is_break(c)
            || matches!(
                c,
                '和' | '与'
                    | '及'
                    | '等'
                    | '的'
                    | '“'
                    | '‘'
                    | '《'
                    | '为'
                    | '是'
                    | '在'
                    | '将'
                    | '要'
                    | '已'
                    | '也'
                    | '把'
                    | '被'
                    | '向'
                    | '对'
                    | '从'
                    | '以'
                    | '于'
                    | '就'
                    | '都'
                    | '又'
                    | '还'
                    | '并'
            )
            || numeral::is_numeral_char(c) && n > 0
        {
            break;
        }
        end = from + k + c.len_utf8();
    }
    (end > from).then_some((from, end))
}

/// What makes two records the same: value, unit, and target or fact.
type DedupKey = (u64, &'static str, bool);

/// The records listed so far: their keys, each with the keys of their
/// indicators ([`indicator_key`]). Most documents have a few records: a
/// list searched from the start; past [`Seen::FEW`], a map (keyed by values
/// from the document: std's keyed SipHash, not Fx).
enum Seen<'t> {
    Few(Vec<(DedupKey, Option<Cow<'t, str>>)>),
    Many(HashMap<DedupKey, Vec<Option<Cow<'t, str>>>>),
}

impl<'t> Seen<'t> {
    /// Most records searched as a list.
    const FEW: usize = 64;

    /// For `n` records.
    fn new(n: usize) -> Seen<'t> {
        if n <= Seen::FEW {
            Seen::Few(Vec::with_capacity(n))
        } else {
            Seen::Many(HashMap::new())
        }
    }

    /// Adds a record unless it restates one listed (same key, and an
    /// indicator unknown on either side or the same): true when added.
    fn insert(&mut self, key: DedupKey, ind: Option<Cow<'t, str>>) -> bool {
        let restates = |p: &Option<Cow<'t, str>>| p.is_none() || ind.is_none() || *p == ind;
        match self {
            Seen::Few(v) => {
                if v.iter().any(|(k, p)| *k == key && restates(p)) {
                    return false;
                }
                v.push((key, ind));
            }
            Seen::Many(m) => {
                let prior = m.entry(key).or_default();
                if prior.iter().any(restates) {
                    return false;
                }
                prior.push(ind);
            }
        }
        true
    }
}

impl Extractor for TargetExtractor {
    fn extract(&self, cx: &Context<'_>, out: &mut Records) {
        let doc_year =
            year_of(cx.meta.date.as_deref()).or_else(|| report_year(cx.meta.title.as_deref()));
        let whole = [Span::new(0, cx.text.len())];
        let spans: &[Span] = if !cx.sentences.is_empty() {
            cx.sentences
        } else if !cx.paragraphs.is_empty() {
            cx.paragraphs
        } else {
            &whole
        };
        let mut found = Vec::new();
        let mut carry = Carry::default();
        let mut scratch = Scratch::default();
        for sp in spans {
            let Some(st) = sp.get(cx.text) else { continue };
            if is_blank(st) {
                continue;
            }
            self.sentence(st, sp.start, doc_year, &mut carry, &mut scratch, &mut found);
            if found.len() >= 2 * MAX_RECORDS {
                break;
            }
        }
        // a target (or fact) restated later is listed once
        let mut seen = Seen::new(found.len());
        // (at most one target per record found)
        out.targets.reserve(found.len());
        // The last record's end and indicator, when it names a quantity.
        let mut named: Option<(usize, &str)> = None;
        for f in found {
            // 完成投资186亿元，同比增长12.3%: a verb of change alone names
            // the change of the quantity just named in the same sentence
            let of = f
                .indicator
                .filter(|i| is_bare_verb(i))
                .and(named)
                .filter(|&(end, _)| {
                    cx.text
                        .get(end..f.span.start)
                        .is_some_and(|gap| !gap.contains(['。', '；', '！', '？', '\n']))
                })
                .map(|(_, n)| n);
            // (a name, not a change or a time: 比上年增长, 增加到, 1985年)
            named = f
                .indicator
                .filter(|i| {
                    !is_bare_verb(i)
                        && !CHANGE_VERBS.iter().any(|v| i.ends_with(v))
                        && !i.ends_with(['到', '至', '年', '月', '日'])
                        && i.chars().nth(1).is_some()
                })
                .map(|i| (f.span.end, i));
            let key = (f.value.to_bits(), f.unit, f.kind == TargetKind::Target);
            if !seen.insert(key, indicator_key(f.indicator)) {
                continue;
            }
            let text = f.span.get(cx.text).unwrap_or("").to_string();
            let indicator = f.indicator.map(|i| match f.kind {
                TargetKind::Target => self.without_inner_cue(i),
                TargetKind::Fact => Cow::Borrowed(i),
            });
            let indicator = match (of, indicator) {
                (Some(n), Some(i)) => Some(format!("{}{i}", self.without_inner_cue(n))),
                (_, i) => i.map(Cow::into_owned),
            };
            out.targets.push(Target {
                kind: f.kind,
                text,
                year: f.year,
                scope: f.scope.map(str::to_string),
                indicator,
                comparator: f.comparator,
                value: f.value,
                unit: f.unit.to_string(),
                span: f.span,
            });
        }
        out.targets.sort_by_key(|t| t.span.start);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Meta;

    fn targets(text: &str, date: Option<&str>) -> Vec<Target> {
        let meta = Meta {
            date: date.map(str::to_string),
            ..Meta::default()
        };
        targets_with(text, &meta)
    }

    /// The targets of `text` read with `meta` (its date, its title).
    fn targets_with(text: &str, meta: &Meta) -> Vec<Target> {
        let mut out = Records::default();
        Context::with_text(text, meta, |cx| {
            TargetExtractor::new().extract(cx, &mut out)
        });
        out.targets
    }

    #[test]
    fn cue_scan_is_a_leftmost_longest_find_iter() {
        use aho_corasick::{AhoCorasick, MatchKind};
        let ex = TargetExtractor::new();
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&ex.words)
            .unwrap();
        let mut texts = crate::extract::seed_texts();
        // every cue next to every other, overlapping at the seams
        let all: String = ex.words.iter().flat_map(|w| [*w, "了", *w, "x"]).collect();
        texts.push(all);
        let mut hits = Vec::new();
        for t in &texts {
            ex.cues.find_all(t, &mut hits);
            let want: Vec<Hit> = ac
                .find_iter(t.as_str())
                .map(|m| Hit {
                    start: m.start(),
                    end: m.end(),
                    pattern: m.pattern().as_usize(),
                })
                .collect();
            assert_eq!(hits, want);
        }
    }

    #[test]
    fn byte_helpers_agree_with_std() {
        let mut texts = crate::extract::seed_texts();
        texts.extend(
            [
                "",
                " ",
                "\u{3000}",
                " 目标：\u{3000}",
                "a:",
                "GDP 增长",
                "\n\t",
                "经济总量：",
            ]
            .map(String::from),
        );
        let words = ["目标", "生产总值", "GDP", "经济", "项目", "：", "了", "年"];
        for t in &texts {
            // every piece between two sentence marks or spaces
            for piece in t.split_inclusive(['。', '，', ' ', '\n']) {
                assert_eq!(is_blank(piece), piece.trim().is_empty(), "{piece:?}");
                let colon = piece.trim_end().ends_with(['：', ':']);
                assert_eq!(ends_with_colon(piece), colon, "{piece:?}");
                for w in words {
                    assert_eq!(contains_bytes(piece, w), piece.contains(w));
                    assert_eq!(find_bytes(piece, w), piece.find(w));
                    assert_eq!(starts_with_bytes(piece, w), piece.starts_with(w));
                    assert_eq!(ends_with_bytes(piece, w), piece.ends_with(w));
                }
            }
        }
    }

    #[test]
    fn cold_characters_change_nothing() {
        // A character `cold_len` skips is no numeral, no clause end, no
        // bracket or quotation mark the reading counts, and starts no cue
        // before the characters that may follow it.
        let ex = TargetExtractor::new();
        let nexts: Vec<char> = ex.words.iter().filter_map(|w| w.chars().nth(1)).collect();
        let nexts = nexts.iter().chain(&['丁', '。', 'x']);
        let mut skipped = 0;
        for c in ('\u{800}'..='\u{FFFF}').filter(|c| c.len_utf8() == 3) {
            for &n in nexts.clone() {
                let s = format!("{c}{n}");
                if ex.cold_len(s.as_bytes()) == 0 {
                    continue;
                }
                skipped += 1;
                assert!(!numeral::is_numeral_char(c) && !is_clause_end(c), "{c:?}");
                assert!(!matches!(c, '《' | '》' | '“' | '”'), "{c:?}");
                assert_eq!(ex.cues.longest_at(&s, 0, c), None, "{s:?}");
            }
        }
        assert!(skipped > 0);
    }

    #[test]
    fn word_lists_have_no_empty_words() {
        // The grouped lookups (`Cues`, `lead_by_first`, `trail_by_last`)
        // rely on it.
        let ex = TargetExtractor::new();
        for w in ex.words.iter().chain(&ex.lead).chain(&ex.trail) {
            assert!(!w.is_empty());
        }
        let (lead, trail): (usize, usize) = (
            ex.lead_by_first.iter().map(|g| g.1.len()).sum(),
            ex.trail_by_last.iter().map(|g| g.1.len()).sum(),
        );
        assert_eq!((lead, trail), (ex.lead.len(), ex.trail.len()));
    }

    #[test]
    fn years_are_stripped_from_indicators() {
        assert_eq!(strip_years("到2012年"), "");
        assert_eq!(strip_years("2015年底全市生产总值"), "全市生产总值");
        assert_eq!(strip_years("中韩双边贸易额2015年"), "中韩双边贸易额");
        assert_eq!(strip_years("粮食产量"), "粮食产量");
    }

    #[test]
    fn gdp_restatements_share_a_key() {
        assert_eq!(
            indicator_key(Some("国内生产总值增长")),
            indicator_key(Some("经济增长预期目标"))
        );
        assert_ne!(indicator_key(Some("人均GDP")), indicator_key(Some("GDP")));
        assert_eq!(year_of(Some("2025-03-05")), Some(2025));
        assert_eq!(year_of(Some("bad")), None);
        assert_eq!(report_year(Some("2025年政府工作报告")), Some(2025));
        assert_eq!(
            report_year(Some("1997年中华人民共和国国务院政府工作报告")),
            Some(1997)
        );
        assert_eq!(report_year(Some("2024年全市经济运行情况")), None);
        assert_eq!(report_year(Some("关于2024年政府工作报告")), None);
    }

    #[test]
    fn a_plan_period_does_not_redate_a_dated_sentence() {
        let year = |text: &str| {
            targets(text, Some("2024-02-20"))
                .first()
                .map(|t| t.year)
                .unwrap_or_else(|| panic!("no target in {text}"))
        };
        assert_eq!(
            year("今年是实施“十四五”规划的关键一年，全市地区生产总值要增长6.5%左右。"),
            Some(2024)
        );
        assert_eq!(
            year("今年，到“十四五”末全市经济总量要突破4000亿元。"),
            Some(2025)
        );
        assert_eq!(
            year("“十四五”期间，全市经济总量要突破4000亿元。"),
            Some(2025)
        );
    }

    #[test]
    fn a_plan_as_a_verbs_object_dates_nothing() {
        let year = |text: &str, date: Option<&str>| {
            targets(text, date)
                .first()
                .map(|t| t.year)
                .unwrap_or_else(|| panic!("no target in {text}"))
        };
        let item = "一要围绕“十四五”规划，谋划储备一批大项目；二要加快项目建设，确保6月底前新开工项目开工率达到80%以上。";
        assert_eq!(year(item, None), None);
        assert_eq!(
            year("落实“十四五”规划，全市经济总量要突破4000亿元。", None),
            None
        );
        // the plan as a time still dates what follows
        assert_eq!(
            year("“十四五”时期，全市经济总量要突破4000亿元。", None),
            Some(2025)
        );
        assert_eq!(
            year("按照“十四五”规划，全市经济总量要突破4000亿元。", None),
            Some(2025)
        );
    }

    #[test]
    fn a_size_class_before_a_noun_is_part_of_the_indicator() {
        let found = |text: &str| -> Vec<(TargetKind, String, f64)> {
            targets(text, Some("2024-02-20"))
                .into_iter()
                .map(|t| (t.kind, t.indicator.unwrap_or_default(), t.value))
                .collect()
        };
        assert_eq!(
            found("力争全年引进5亿元以上项目20个、10亿元以上项目5个。"),
            [
                (TargetKind::Target, "引进5亿元以上项目".to_string(), 20.0),
                (TargetKind::Target, "10亿元以上项目".to_string(), 5.0),
            ]
        );
        assert_eq!(
            found("确保全年新开工亿元以上项目150个。"),
            [(TargetKind::Target, "新开工亿元以上项目".to_string(), 150.0)]
        );
        assert_eq!(
            found("去年新增1平方公里以上湖泊60个。"),
            [(TargetKind::Fact, "新增1平方公里以上湖泊".to_string(), 60.0)]
        );
        // a share or a count before a noun is a value of its own
        let values = |text: &str| found(text).iter().map(|f| f.2).collect::<Vec<_>>();
        assert_eq!(values("去年全市粮食70%以上用于加工。"), [70.0]);
        assert_eq!(values("去年全市引进10个以上亿元项目。"), [10.0]);
    }

    #[test]
    fn a_goal_goes_on_after_a_comma_into_a_clause_led_by_a_goal_verb() {
        let goals = |text: &str| -> Vec<f64> {
            targets(text, Some("2024-02-20"))
                .into_iter()
                .filter(|t| t.kind == TargetKind::Target)
                .map(|t| t.value)
                .collect()
        };
        assert_eq!(
            goals("全年计划安排建设用地1.2万亩，新增专项债券资金80亿元以上。"),
            [12000.0, 8e9]
        );
        assert_eq!(goals("今年要新建学校5所，改造校舍10万平方米。"), [5.0, 1e5]);
        // a clause with a subject of its own, or after a past clause: no goal
        assert_eq!(goals("要新建学校5所，全县现有学校120所。"), [5.0]);
        assert!(goals("去年新建学校5所，改造校舍10万平方米。").is_empty());
    }

    #[test]
    fn so_far_this_year_is_reported_and_of_the_articles_year() {
        let t = targets("今年以来，全市完成投资186亿元。", Some("2023-04-12"));
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!((t[0].kind, t[0].year), (TargetKind::Fact, Some(2023)));
    }

    #[test]
    fn a_verb_of_change_alone_names_the_change_of_the_quantity_before_it() {
        let inds = |text: &str| -> Vec<Option<String>> {
            targets(text, Some("2023-04-12"))
                .into_iter()
                .map(|t| t.indicator)
                .collect()
        };
        assert_eq!(
            inds("今年以来，全市完成投资186亿元，同比增长12.3%。"),
            [Some("投资".into()), Some("投资增长".into())]
        );
        // not across a sentence, nor over a named quantity
        assert_eq!(
            inds("去年粮食产量1.3万亿斤。今年要增长2%。")[1].as_deref(),
            Some("增长")
        );
        assert_eq!(
            inds("去年粮食产量1.3万亿斤，棉花产量增长2%。")[1].as_deref(),
            Some("棉花产量增长")
        );
        // nor after a change or a time
        assert_eq!(
            inds("去年职工工资总额比上年增长200亿元，增长38%。")[1].as_deref(),
            Some("增长")
        );
    }

    #[test]
    fn an_indicator_loses_the_cue_inside_it() {
        let x = TargetExtractor::new();
        for (ind, want) in [
            ("固定资产投资要增长", "固定资产投资增长"),
            (
                "二氧化硫、氮氧化物排放量要分别下降",
                "二氧化硫、氮氧化物排放量分别下降",
            ),
            ("工业总产值每年要增长", "工业总产值每年增长"),
            ("能源生产计划增长", "能源生产增长"),
            ("粮食产量计划", "粮食产量"),
            // no cue: kept as it is
            ("主要污染物排放总量", "主要污染物排放总量"),
            ("需要增加的投资", "需要增加的投资"),
            ("要素市场", "要素市场"),
            ("超过原定的年度计划", "超过原定的年度计划"),
            ("六五”计划安排的项目", "六五”计划安排的项目"),
            ("六五计划把这个比例", "六五计划把这个比例"),
            ("原定计划", "原定计划"),
            ("培养计划", "培养计划"),
            ("计划", "计划"),
        ] {
            assert_eq!(x.without_inner_cue(ind), want, "{ind}");
        }
        // and in a record
        let t = targets("今年固定资产投资要增长8%。", Some("2024-03-05"));
        assert_eq!(t[0].indicator.as_deref(), Some("固定资产投资增长"));
    }

    #[test]
    fn a_plan_followed_by_a_verb_is_a_goal_and_a_plan_fulfilled_is_not() {
        // (text, the goals it sets: (what the indicator starts with, value))
        let cases: [(&str, &[(&str, f64)]); 11] = [
            ("今年全市计划新建保障房700万套。", &[("新建保障房", 7e6)]),
            ("今年计划完成投资1500亿元。", &[("投资", 1.5e11)]),
            ("明年能源生产计划增长0.9%。", &[("能源生产增长", 0.9)]),
            (
                "吉林计划今年实施重点项目300个。",
                &[("实施重点项目", 300.0)],
            ),
            // the plan's own size, a share of a plan fulfilled, a plan
            // exceeded: none sets a goal
            ("该项目计划总投资50亿元。", &[]),
            ("一至五月工业生产总值计划完成102.6%。", &[]),
            ("产品销售收入比年度计划增加了2%。", &[]),
            ("全国新开工项目计划总投资138188亿元。", &[]),
            ("全年产值比原计划超过4%。", &[]),
            ("截至11月底，已开工323万套，超过计划开工量6%。", &[]),
            ("截至3月，三县计划建设的2万4000户住宅，仅建成了56户。", &[]),
        ];
        for (text, want) in cases {
            let got: Vec<(String, f64)> = targets(text, Some("2024-03-05"))
                .into_iter()
                .filter(|t| t.kind == TargetKind::Target)
                .map(|t| (t.indicator.unwrap_or_default(), t.value))
                .collect();
            assert_eq!(got.len(), want.len(), "{text}: {got:?}");
            for ((ind, v), (w_ind, w_v)) in got.iter().zip(want.iter()) {
                assert!(ind.starts_with(w_ind), "{text}: {got:?}");
                assert!(
                    (v - w_v).abs() < 1e-6 * w_v.abs().max(1.0),
                    "{text}: {got:?}"
                );
            }
        }
    }

    #[test]
    fn a_change_from_a_base_is_one_record_at_the_level_reached() {
        // (text, indicator, value, comparator, kind)
        let cases = [
            (
                "今年城镇登记失业率要从4.5%下降到4%以内。",
                Some("城镇登记失业率"),
                4.0,
                Comparator::Le,
                TargetKind::Target,
            ),
            (
                "到2025年，常住人口城镇化率由60%提高到65%。",
                Some("常住人口城镇化率"),
                65.0,
                Comparator::Eq,
                TargetKind::Target,
            ),
            (
                "去年，人口自然增长率由上年的1.2%下降到1.17%。",
                Some("人口自然增长率"),
                1.17,
                Comparator::Eq,
                TargetKind::Fact,
            ),
            (
                "去年，关税总水平已由15.3%降到12%。",
                Some("关税总水平"),
                12.0,
                Comparator::Eq,
                TargetKind::Fact,
            ),
        ];
        for (text, indicator, value, comparator, kind) in cases {
            let t = targets(text, Some("2024-03-05"));
            assert_eq!(t.len(), 1, "{text}: {t:?}");
            assert_eq!(t[0].indicator.as_deref(), indicator, "{text}");
            assert!((t[0].value - value).abs() < 1e-9, "{text}: {t:?}");
            assert_eq!(t[0].comparator, comparator, "{text}");
            assert_eq!(t[0].kind, kind, "{text}");
            // the record's text runs from the indicator over the base
            assert!(t[0].text.contains(['从', '由']), "{text}: {t:?}");
        }
        // 由 as "by" (not before a change): the indicator keeps it
        let t = targets("由孔祥瑞主持完成的国家专利已达到12项。", None);
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!(
            t[0].indicator.as_deref(),
            Some("由孔祥瑞主持完成的国家专利")
        );
    }

    #[test]
    fn a_verb_of_change_alone_is_no_indicator() {
        let t = targets(
            "一季度，全市规上工业增加值同比增长6.5%。",
            Some("2024-04-20"),
        );
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!(t[0].indicator.as_deref(), Some("规上工业增加值同比增长"));
        // the verb stays when nothing before it names anything
        let t = targets("去年，同比增长6.5%。", Some("2024-04-20"));
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!(t[0].indicator.as_deref(), Some("增长"));
        assert!(is_bare_verb("比上年增长") && is_bare_verb("一季度增长"));
        assert!(!is_bare_verb("国内生产总值增长") && !is_bare_verb("人口"));
    }

    #[test]
    fn an_undated_work_report_takes_its_year_from_its_title() {
        let text = "今年发展的主要预期目标是：国内生产总值增长5%左右。";
        let year = |title: &str| {
            let meta = Meta {
                title: Some(title.to_string()),
                ..Meta::default()
            };
            let t = targets_with(text, &meta);
            assert_eq!(t.len(), 1, "{t:?}");
            t[0].year
        };
        assert_eq!(year("2025年政府工作报告"), Some(2025));
        assert_eq!(year("全市经济运行情况"), None);
    }

    #[test]
    fn lead_in_colon_carries_the_goal() {
        let t = targets(
            "今年经济社会发展的主要预期目标是：\n国内生产总值增长7.5％；城镇新增就业900万人以上。",
            Some("2012-03-05"),
        );
        assert_eq!(t.len(), 2);
        assert!(
            t.iter()
                .all(|t| t.kind == TargetKind::Target && t.year == Some(2012))
        );
        // without the lead-in the same figures are not goals
        assert!(
            targets(
                "国内生产总值增长7.5％；城镇新增就业900万人以上。",
                Some("2012-03-05")
            )
            .is_empty()
        );
    }

    #[test]
    fn quoted_and_titled_numbers_are_skipped() {
        assert!(targets("要着力解决好“三个1亿人”问题。", None).is_empty());
        assert!(targets("印发《到2025年全市生产总值达到5000亿元行动方案》。", None).is_empty());
    }

    #[test]
    fn spans_cover_text() {
        let text = "力争到2025年，全市地区生产总值突破5000亿元。";
        for t in targets(text, Some("2023-01-01")) {
            assert_eq!(t.span.get(text), Some(t.text.as_str()));
        }
    }
}
