//! Traditional → simplified Chinese, at OpenCC quality, in pure Rust.
//!
//! The tables are OpenCC's own dictionaries (Apache-2.0), folded by
//! `scripts/gen_t2s.py` from the `t2s`, `tw2s` and `hk2s` configs into one
//! character table (`data/t2s_chars.txt`) and one phrase table
//! (`data/t2s_phrases.txt`), plus tifa's corrections for mainland usage
//! (`data/t2s_overrides.txt`: 著 → 着 except in 著名/著作/顯著…, 「」 → “”,
//! 帳戶 → 账户, …).
//!
//! Conversion is one left-to-right pass: at each position the longest phrase
//! starting there wins (leftmost-longest, as OpenCC's maximum matching),
//! otherwise the character table applies, otherwise the text is copied.
//! Phrase keys also match with their characters in another regional form
//! (為/爲, 裡/裏, `data/t2s_variants.txt`).
//!
//! Each call first decides whether its text is traditional: it must contain
//! characters that are traditional and nothing else
//! ([`T2s::needs_conversion`]: 們, 這, 發), at least half as many as
//! characters that only simplified text uses (们, 这, 发), or six different
//! ones (a half-simplified text of the 1950s: 我們已經…这). A simplified text
//! comes back as `None` after one fast scan and without allocating, even when
//! it quotes a name written with a traditional character (王濛, 梁靖崑,
//! 杨闇公), which is then left alone. In a traditional text everything is
//! converted, including the characters that are also standard simplified
//! forms (著, 乾, 於: these alone never make a text traditional), while
//! simplified words already in it (显著) are protected. The decision is per
//! call: call per document, or per paragraph when documents mix scripts.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use crate::offsets::MappedText;
use crate::span::Span;

static CHARS: &str = include_str!("../../data/t2s_chars.txt");
static PHRASES: &str = include_str!("../../data/t2s_phrases.txt");
static VARIANTS: &str = include_str!("../../data/t2s_variants.txt");
static SIMPLIFIED: &str = include_str!("../../data/t2s_simplified.txt");
static OVERRIDES: &str = include_str!("../../data/t2s_overrides.txt");

/// 64-bit words covering the Basic Multilingual Plane.
const BMP_WORDS: usize = 0x10000 / 64;
/// Most keys one phrase may expand to over variant forms.
const MAX_VARIANT_KEYS: usize = 16;

/// The phrases starting with one char.
#[derive(Clone, Copy, Debug, Default)]
struct Starts {
    /// `phrases[first..first + len]`, longest first.
    first: u32,
    len: u32,
    /// Bit `c % 64` set for the second char `c` of each of those phrases: a
    /// quick filter before comparing keys.
    second: u64,
}

/// What to do at one char: its simplified form (`'\0'` when unchanged) and
/// the phrases starting with it.
#[derive(Clone, Copy, Debug, Default)]
struct Entry {
    to: char,
    starts: Starts,
}

#[derive(Clone, Copy, Debug)]
struct Phrase {
    key: u32,
    key_len: u32,
    out: u32,
    out_len: u32,
    /// Output has as many chars as the key, each of the same UTF-8 length.
    linear: bool,
    /// Output equals the key (a phrase that only protects its text).
    same: bool,
}

/// Traditional → simplified converter; build once with [`T2s::new`] and
/// share (it is `Send + Sync`).
pub struct T2s {
    /// BMP chars that are converted or start a phrase.
    cand: Box<[u64; BMP_WORDS]>,
    /// Set bits in `cand` before each word: with the bits below a char in its
    /// word, the char's index in `to` and `starts`.
    rank: Box<[u32; BMP_WORDS]>,
    /// BMP chars that start a phrase (a subset of `cand`).
    pstart: Box<[u64; BMP_WORDS]>,
    /// Simplified forms of the chars in `cand` (`'\0'`: unchanged).
    to: Vec<char>,
    /// Phrases of the chars in `cand`.
    starts: Vec<Starts>,
    /// Entries outside the BMP, sorted by code point.
    astral: Vec<(u32, Entry)>,
    /// BMP chars that are traditional only: their presence makes a text
    /// traditional.
    trig: Box<[u64; BMP_WORDS]>,
    /// Such chars outside the BMP, sorted.
    astral_trig: Vec<u32>,
    /// BMP chars that only simplified text uses (们, 这, 发).
    simp: Box<[u64; BMP_WORDS]>,
    phrases: Vec<Phrase>,
    /// Keys and outputs of `phrases`.
    pool: String,
    overrides: bool,
}

impl fmt::Debug for T2s {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("T2s")
            .field("entries", &(self.to.len() + self.astral.len()))
            .field("phrases", &self.phrases.len())
            .field("overrides", &self.overrides)
            .finish()
    }
}

impl Default for T2s {
    fn default() -> T2s {
        T2s::new()
    }
}

/// Distinct traditional-only chars that make a text one to convert however
/// many simplified-only chars it has: a half-simplified text (the 1950s'
/// reports: 們, 發, 經, 業 … beside 这, 会) has dozens, a simplified text
/// quoting names (王濛, 小骏億, 梁靖崑) one to four.
const DISTINCT_TRADITIONAL: usize = 6;

/// Running count that tells a traditional text from a simplified one: it is
/// traditional when it has traditional-only chars, at least half as many as
/// simplified-only ones (a simplified text quoting a name like 王濛 or 梁靖崑
/// has a hundred times more), or [`DISTINCT_TRADITIONAL`] different ones.
#[derive(Debug, Default)]
struct Tally {
    trad: usize,
    simp: usize,
    /// The first different traditional-only chars seen.
    distinct: [u32; DISTINCT_TRADITIONAL],
    n_distinct: usize,
    /// Traditional whatever follows.
    decided: bool,
}

impl Tally {
    /// Counts `cp`; `rest` is the number of bytes after it.
    #[inline(always)]
    fn see(&mut self, t2s: &T2s, cp: u32, rest: usize) {
        if t2s.is_trigger(cp) {
            self.see_traditional(cp, rest);
        } else if cp < 0x10000 && bit(&t2s.simp, cp) {
            self.simp += 1;
        }
    }

    /// Counts `cp`, a traditional-only char; `rest` is the number of bytes
    /// after it.
    #[inline(always)]
    fn see_traditional(&mut self, cp: u32, rest: usize) {
        self.trad += 1;
        if !self.distinct[..self.n_distinct].contains(&cp) {
            self.distinct[self.n_distinct] = cp;
            self.n_distinct += 1;
        }
        // every further simplified-only char takes 3 bytes or more
        self.decided =
            2 * self.trad >= self.simp + rest / 3 || self.n_distinct == DISTINCT_TRADITIONAL;
    }

    fn traditional(&self) -> bool {
        self.decided || (self.trad > 0 && 2 * self.trad >= self.simp)
    }
}

/// Non-empty, non-comment lines of a data file, split at tabs.
fn records(data: &str) -> impl Iterator<Item = Vec<&str>> {
    data.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

/// The only char of `s`, if it has exactly one.
fn single_char(s: &str) -> Option<char> {
    let mut it = s.chars();
    let c = it.next()?;
    it.next().is_none().then_some(c)
}

/// Code point and UTF-8 length of the char starting at `b[i]` (`b` is valid
/// UTF-8 and `i` a char boundary; anything else yields a harmless
/// `(0xFFFD, 1)`).
#[inline(always)]
fn decode(b: &[u8], i: usize) -> (u32, usize) {
    match b.get(i..) {
        Some(&[c0, ..]) if c0 < 0x80 => (c0 as u32, 1),
        Some(&[c0, c1, ..]) if c0 < 0xE0 => ((((c0 & 0x1F) as u32) << 6) | (c1 & 0x3F) as u32, 2),
        Some(&[c0, c1, c2, ..]) if c0 < 0xF0 => (
            (((c0 & 0x0F) as u32) << 12) | (((c1 & 0x3F) as u32) << 6) | (c2 & 0x3F) as u32,
            3,
        ),
        Some(&[c0, c1, c2, c3, ..]) => (
            (((c0 & 0x07) as u32) << 18)
                | (((c1 & 0x3F) as u32) << 12)
                | (((c2 & 0x3F) as u32) << 6)
                | (c3 & 0x3F) as u32,
            4,
        ),
        _ => (0xFFFD, 1),
    }
}

#[inline(always)]
fn bit(set: &[u64; BMP_WORDS], cp: u32) -> bool {
    let w = (cp as usize >> 6) & (BMP_WORDS - 1);
    set[w] >> (cp & 63) & 1 == 1
}

/// All spellings of `key` with its chars swapped for their variant forms
/// (at most [`MAX_VARIANT_KEYS`], the key itself first).
fn variant_keys(key: &str, variants: &HashMap<char, Vec<char>>) -> Vec<String> {
    let mut keys = vec![String::new()];
    for c in key.chars() {
        let alts = variants.get(&c);
        let n = alts.map_or(0, Vec::len);
        let mut next = Vec::with_capacity(keys.len() * (n + 1));
        for k in &keys {
            let mut s = k.clone();
            s.push(c);
            next.push(s);
        }
        if let Some(alts) = alts {
            for &a in alts {
                for k in &keys {
                    if next.len() >= MAX_VARIANT_KEYS {
                        break;
                    }
                    let mut s = k.clone();
                    s.push(a);
                    next.push(s);
                }
            }
        }
        keys = next;
    }
    keys
}

impl T2s {
    /// The converter with tifa's corrections for mainland usage (the one to
    /// use). Builds from the embedded tables in a few milliseconds.
    pub fn new() -> T2s {
        T2s::build(true)
    }

    /// OpenCC's data only, without tifa's corrections (no 著 rules, no quote
    /// conversion): a baseline for comparisons.
    pub fn plain() -> T2s {
        T2s::build(false)
    }

    fn build(overrides: bool) -> T2s {
        // char -> (simplified, also a simplified form itself)
        let mut chars: HashMap<char, (char, bool)> = HashMap::with_capacity(6000);
        let mut phrases: HashMap<String, String> = HashMap::with_capacity(2000);
        for r in records(CHARS) {
            if let (Some(k), Some(v)) = (
                r.first().and_then(|s| single_char(s)),
                r.get(1).and_then(|s| single_char(s)),
            ) {
                chars.insert(k, (v, r.get(2) == Some(&"a")));
            }
        }
        for r in records(PHRASES) {
            if let (Some(k), Some(v)) = (r.first(), r.get(1)) {
                phrases.insert((*k).to_owned(), (*v).to_owned());
            }
        }
        let mut simp = Box::new([0u64; BMP_WORDS]);
        for c in records(SIMPLIFIED).flat_map(|r| r.into_iter().flat_map(str::chars)) {
            let cp = c as u32;
            if cp < 0x10000 {
                simp[cp as usize >> 6] |= 1 << (cp & 63);
            }
        }
        if overrides {
            for r in records(OVERRIDES) {
                let (Some(k), Some(v)) = (r.first(), r.get(1)) else {
                    continue;
                };
                if *v == "-" {
                    phrases.remove(*k);
                } else if let (Some(kc), Some(vc)) = (single_char(k), single_char(v)) {
                    chars.insert(kc, (vc, r.get(2) == Some(&"a")));
                } else if k.chars().count() > 1 {
                    phrases.insert((*k).to_owned(), (*v).to_owned());
                }
            }
        }
        let mut variants: HashMap<char, Vec<char>> = HashMap::new();
        for r in records(VARIANTS) {
            let group: Vec<char> = r.first().map_or(Vec::new(), |s| s.chars().collect());
            for &c in &group {
                let others = group.iter().copied().filter(|&o| o != c);
                variants.entry(c).or_default().extend(others);
            }
        }
        // expand phrase keys over variant forms; explicit keys win
        let mut sorted: Vec<(&String, &String)> = phrases.iter().collect();
        sorted.sort();
        let mut all: HashMap<String, String> = phrases.clone();
        // an output holding a char that is converted but also simplified (显著, 著称)
        // protects itself where it occurs already simplified in a traditional text
        let ambiguous = |c: char| chars.get(&c).is_some_and(|&(v, a)| a && v != c);
        for (k, v) in &sorted {
            if k != v && v.chars().count() > 1 && v.chars().any(ambiguous) {
                all.entry((*v).clone()).or_insert_with(|| (*v).clone());
            }
        }
        for (k, v) in sorted {
            for alt in variant_keys(k, &variants).into_iter().skip(1) {
                all.entry(alt).or_insert_with(|| v.clone());
            }
        }
        // phrases grouped by first char, longest first
        let mut list: Vec<(char, String, String)> = all
            .into_iter()
            .filter_map(|(k, v)| k.chars().next().map(|c| (c, k, v)))
            .collect();
        list.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then(b.1.len().cmp(&a.1.len()))
                .then(a.1.cmp(&b.1))
        });
        let mut pool = String::new();
        let mut plist = Vec::with_capacity(list.len());
        let mut entries: BTreeMap<u32, Entry> = BTreeMap::new();
        for (i, (first, k, v)) in list.iter().enumerate() {
            let linear = k.chars().count() == v.chars().count()
                && k.chars()
                    .zip(v.chars())
                    .all(|(a, b)| a.len_utf8() == b.len_utf8());
            plist.push(Phrase {
                key: pool.len() as u32,
                key_len: k.len() as u32,
                out: (pool.len() + k.len()) as u32,
                out_len: v.len() as u32,
                linear,
                same: k == v,
            });
            pool.push_str(k);
            pool.push_str(v);
            let e = entries.entry(*first as u32).or_default();
            if e.starts.len == 0 {
                e.starts.first = i as u32;
            }
            e.starts.len += 1;
            if let Some(c2) = k.chars().nth(1) {
                e.starts.second |= 1 << (c2 as u32 & 63);
            }
        }
        let mut trig = Box::new([0u64; BMP_WORDS]);
        let mut astral_trig = Vec::new();
        for (&k, &(v, ambiguous)) in &chars {
            if k == v {
                continue;
            }
            entries.entry(k as u32).or_default().to = v;
            if !ambiguous {
                let cp = k as u32;
                if cp < 0x10000 {
                    trig[cp as usize >> 6] |= 1 << (cp & 63);
                } else {
                    astral_trig.push(cp);
                }
            }
        }
        astral_trig.sort_unstable();
        let mut cand = Box::new([0u64; BMP_WORDS]);
        let mut pstart = Box::new([0u64; BMP_WORDS]);
        let (mut to, mut starts, mut astral) = (Vec::new(), Vec::new(), Vec::new());
        for (cp, e) in entries {
            if cp < 0x10000 {
                cand[cp as usize >> 6] |= 1 << (cp & 63);
                if e.starts.len > 0 {
                    pstart[cp as usize >> 6] |= 1 << (cp & 63);
                }
                to.push(e.to);
                starts.push(e.starts);
            } else {
                astral.push((cp, e));
            }
        }
        let mut rank = Box::new([0u32; BMP_WORDS]);
        let mut acc = 0u32;
        for (r, w) in rank.iter_mut().zip(cand.iter()) {
            *r = acc;
            acc += w.count_ones();
        }
        T2s {
            cand,
            rank,
            pstart,
            to,
            starts,
            astral,
            trig,
            astral_trig,
            simp,
            phrases: plist,
            pool,
            overrides,
        }
    }

    /// True when `c` is a traditional character that has no place in
    /// simplified text (後, 髮, 們): what makes a text traditional. Characters
    /// that are also simplified forms (著, 乾, 於) are false.
    pub fn needs_conversion(&self, c: char) -> bool {
        self.is_trigger(c as u32)
    }

    #[inline(always)]
    fn is_trigger(&self, cp: u32) -> bool {
        if cp < 0x10000 {
            bit(&self.trig, cp)
        } else {
            self.astral_trig.binary_search(&cp).is_ok()
        }
    }

    /// The simplified form of `cp` (`'\0'`: unchanged) and the phrases
    /// starting with it, or `None` when `cp` is neither converted nor starts a
    /// phrase.
    #[inline(always)]
    fn entry(&self, cp: u32) -> Option<(char, Option<&Starts>)> {
        if cp < 0x10000 {
            let w = (cp as usize >> 6) & (BMP_WORDS - 1);
            let word = self.cand[w];
            let b = 1u64 << (cp & 63);
            if word & b == 0 {
                return None;
            }
            let idx = (self.rank[w] + (word & (b - 1)).count_ones()) as usize;
            let to = self.to.get(idx).copied().unwrap_or('\0');
            let starts = if self.pstart[w] & b != 0 {
                self.starts.get(idx)
            } else {
                None
            };
            Some((to, starts))
        } else {
            let i = self.astral.binary_search_by_key(&cp, |(c, _)| *c).ok()?;
            let (_, e) = self.astral.get(i)?;
            Some((e.to, (e.starts.len > 0).then_some(&e.starts)))
        }
    }

    /// True when `b` has a traditional-only char.
    fn has_trigger(&self, b: &[u8]) -> bool {
        let trig = &*self.trig;
        let n = b.len();
        let mut i = 0;
        while i < n {
            let c0 = b[i];
            if c0 < 0x80 {
                i += 1;
                continue;
            }
            // three-byte chars (all of CJK) read their bit straight from the
            // bytes: word `cp >> 6` is the low bits of the first two
            if c0 & 0xF0 == 0xE0 && i + 2 < n {
                let w = (usize::from(c0 & 0x0F) << 6) | usize::from(b[i + 1] & 0x3F);
                if trig[w] >> (b[i + 2] & 0x3F) & 1 == 1 {
                    return true;
                }
                i += 3;
                continue;
            }
            let (cp, len) = decode(b, i);
            if self.is_trigger(cp) {
                return true;
            }
            i += len;
        }
        false
    }

    /// Whether `b` is a traditional text: its [`Tally`] over every char, in
    /// order, until it is decided. One scan without converting, so that a
    /// simplified text quoting a traditional name costs no conversion.
    fn is_traditional(&self, b: &[u8]) -> bool {
        let mut tally = Tally::default();
        let n = b.len();
        let mut i = 0;
        while i < n && !tally.decided {
            if b[i] < 0x80 {
                i += 1;
                continue;
            }
            // three-byte chars (all of CJK) read their bits straight from
            // the bytes: word `cp >> 6` is the low bits of the first two
            if let Some(&[c0 @ 0xE0..=0xEF, c1, c2]) = b.get(i..i + 3) {
                let w = (usize::from(c0 & 0x0F) << 6) | usize::from(c1 & 0x3F);
                i += 3;
                if self.trig[w] >> (c2 & 0x3F) & 1 == 1 {
                    tally.see_traditional(((w as u32) << 6) | u32::from(c2 & 0x3F), n - i);
                } else if self.simp[w] >> (c2 & 0x3F) & 1 == 1 {
                    tally.simp += 1;
                }
                continue;
            }
            let (cp, len) = decode(b, i);
            i += len;
            tally.see(self, cp, n.saturating_sub(i));
        }
        tally.traditional()
    }

    /// The longest phrase of `e` that `rest` starts with; `first_len` is the
    /// UTF-8 length of its first char.
    #[inline]
    fn match_phrase(&self, e: &Starts, rest: &[u8], first_len: usize) -> Option<&Phrase> {
        let (c2, _) = decode(rest, first_len);
        if e.second >> (c2 & 63) & 1 == 0 {
            return None;
        }
        let from = e.first as usize;
        let ps = self.phrases.get(from..from + e.len as usize)?;
        let pool = self.pool.as_bytes();
        ps.iter().find(|p| {
            let k = p.key as usize;
            pool.get(k..k + p.key_len as usize)
                .is_some_and(|key| rest.starts_with(key))
        })
    }

    fn phrase_out(&self, p: &Phrase) -> &str {
        let o = p.out as usize;
        self.pool.get(o..o + p.out_len as usize).unwrap_or("")
    }

    /// Whether the three bytes `c0 c1 c2` (a char of lead byte E0–EF) are a
    /// traditional-only char: its bit read straight from the bytes (word
    /// `cp >> 6` is the low bits of the first two).
    #[inline(always)]
    pub(crate) fn is_trigger3(&self, c0: u8, c1: u8, c2: u8) -> bool {
        let w = (usize::from(c0 & 0x0F) << 6) | usize::from(c1 & 0x3F);
        self.trig[w] >> (c2 & 0x3F) & 1 == 1
    }

    /// Bit `cp & 63` of word `cp >> 6` set for each BMP char `cp` that is
    /// traditional-only.
    pub(crate) fn trigger_bits(&self) -> &[u64; BMP_WORDS] {
        &self.trig
    }

    /// Whether the char starting at `b[i]` (a char boundary of valid UTF-8)
    /// is a traditional-only char.
    pub(crate) fn is_trigger_at(&self, b: &[u8], i: usize) -> bool {
        match b.get(i..i + 3) {
            Some(&[c0 @ 0xE0..=0xEF, c1, c2]) => self.is_trigger3(c0, c1, c2),
            _ => self.is_trigger(decode(b, i).0),
        }
    }

    /// The simplified text of `s` with its offset map, or `None` when `s`
    /// needs no change (simplified text: one scan, no allocation).
    pub fn convert(&self, s: &str) -> Option<MappedText> {
        // most texts have no traditional-only char: found out with one look
        // at each char
        self.convert_checked(s, self.has_trigger(s.as_bytes()))
    }

    /// [`convert`](Self::convert) when whether `s` has a traditional-only
    /// char is known already (from a scan that looked at every char).
    pub(crate) fn convert_checked(&self, s: &str, has_trigger: bool) -> Option<MappedText> {
        let b = s.as_bytes();
        if !has_trigger || !self.is_traditional(b) {
            return None;
        }
        let mut out = MappedText::with_capacity(s.len(), s.len() + s.len() / 8 + 8);
        let mut run = 0; // start of the pending unchanged run
        let mut changed = false;
        let mut i = 0;
        while i < b.len() {
            if b[i] < 0x80 {
                i += 1;
                continue;
            }
            let (cp, len) = decode(b, i);
            let Some((to, starts)) = self.entry(cp) else {
                i += len;
                continue;
            };
            if let Some(st) = starts
                && let Some(p) = self.match_phrase(st, b.get(i..).unwrap_or_default(), len)
            {
                let end = i + p.key_len as usize;
                if !p.same {
                    if let Some(unchanged) = s.get(run..i) {
                        out.copy(unchanged, run);
                    }
                    out.push_replacement(self.phrase_out(p), Span::new(i, end), p.linear);
                    changed = true;
                    run = end;
                }
                i = end;
                continue;
            }
            if to != '\0' {
                if let Some(unchanged) = s.get(run..i) {
                    out.copy(unchanged, run);
                }
                out.push_char_for(to, i, len);
                changed = true;
                run = i + len;
            }
            i += len;
        }
        if let Some(unchanged) = s.get(run..) {
            out.copy(unchanged, run);
        }
        changed.then_some(out)
    }

    /// The simplified text of `s` (borrowed when unchanged).
    pub fn to_simplified<'a>(&self, s: &'a str) -> std::borrow::Cow<'a, str> {
        match self.convert(s) {
            Some(m) => std::borrow::Cow::Owned(m.finish().0),
            None => std::borrow::Cow::Borrowed(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conv(t: &T2s, s: &str) -> String {
        t.to_simplified(s).into_owned()
    }

    #[test]
    fn chars_phrases_and_noop() {
        let t = T2s::new();
        assert_eq!(conv(&t, "發展經濟"), "发展经济");
        assert_eq!(conv(&t, "頭髮發達"), "头发发达");
        assert_eq!(conv(&t, "乾隆皇帝的後宮"), "乾隆皇帝的后宫");
        assert!(t.convert("发展经济，著名学者").is_none());
        assert!(t.convert("").is_none());
        assert!(t.convert("plain ascii").is_none());
    }

    #[test]
    fn zhe_rules() {
        let t = T2s::new();
        assert_eq!(
            conv(&t, "隨著經濟發展，著名學者著力研究"),
            "随着经济发展，著名学者着力研究"
        );
        assert_eq!(conv(&t, "發揮著作用"), "发挥着作用");
        assert_eq!(conv(&t, "顯著成效與卓著功績"), "显著成效与卓著功绩");
        let p = T2s::plain();
        assert_eq!(conv(&p, "「發揮」"), "「发挥」");
        assert_eq!(conv(&t, "「發揮」"), "“发挥”");
    }

    #[test]
    fn variant_keys_expand() {
        let mut v = HashMap::new();
        v.insert('為', vec!['爲']);
        assert_eq!(
            variant_keys("為為", &v),
            vec!["為為", "爲為", "為爲", "爲爲"]
        );
        assert_eq!(variant_keys("ab", &v), vec!["ab"]);
    }

    #[test]
    fn debug_is_short() {
        let d = format!("{:?}", T2s::new());
        assert!(d.len() < 100, "{d}");
    }

    #[test]
    fn send_sync() {
        fn is<T: Send + Sync>() {}
        is::<T2s>();
    }
}
