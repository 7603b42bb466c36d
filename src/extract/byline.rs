//! Bylines: the reporters, editors, photographers and authors an article
//! credits.
//!
//! Bylines are read line by line from keywords and the names that follow
//! them:
//!
//! | written as | role |
//! |---|---|
//! | `（新乡日报全媒体记者焦亮）`, `（记者 张军亚）`, `本报记者 X Y`, `记者X报道`, `通讯员X` | reporter |
//! | `编辑：X`, `责任编辑：X`, `（视频编辑：X 文字编辑：Y）` | editor |
//! | `记者 王庆建 张 佩 摄`, `X/摄`, `摄影：X`, `图/X` | photographer |
//! | `□赵国松` on its own line, `文/X`, `作者：X` | author |
//!
//! A name is a run of 2–4 Han characters (more with `·`); single characters
//! separated by a stray space pair up (`张 佩` → `张佩`). After `记者` with no
//! separator (`记者焦亮`) the name must start with a known surname and the run
//! must end where the byline ends (`）`, end of line, `报道`, `摄`, another
//! keyword), so body text such as `记者从市发改委获悉` or `记者王强在现场看到`
//! gives nothing.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::Context;
use super::official::{Names, is_han};
use crate::record::{Byline, BylineRole};
use crate::span::Span;

/// Most names one byline group may list.
const MAX_NAMES_PER_GROUP: usize = 12;
/// Most bylines one document may report.
const MAX_BYLINES: usize = 64;

/// How a keyword must be followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    /// Reporter words: names may follow directly (`记者焦亮`).
    Glued,
    /// `编辑：X`, `作者：X`: a colon, or white space.
    ColonOrSpace,
    /// `文/X`, `图/X`: a slash, and the keyword starts a token.
    Slash,
}

/// One byline keyword.
#[derive(Debug, Clone, Copy)]
struct Keyword {
    role: BylineRole,
    sep: Sep,
}

const KEYWORDS: &[(&str, BylineRole, Sep)] = &[
    ("记者", BylineRole::Reporter, Sep::Glued),
    ("通讯员", BylineRole::Reporter, Sep::Glued),
    ("实习生", BylineRole::Reporter, Sep::Glued),
    ("特约记者", BylineRole::Reporter, Sep::Glued),
    ("编辑", BylineRole::Editor, Sep::ColonOrSpace),
    ("责任编辑", BylineRole::Editor, Sep::ColonOrSpace),
    ("文章编辑", BylineRole::Editor, Sep::ColonOrSpace),
    ("视频编辑", BylineRole::Editor, Sep::ColonOrSpace),
    ("文字编辑", BylineRole::Editor, Sep::ColonOrSpace),
    ("网络编辑", BylineRole::Editor, Sep::ColonOrSpace),
    ("值班编辑", BylineRole::Editor, Sep::ColonOrSpace),
    ("本期编辑", BylineRole::Editor, Sep::ColonOrSpace),
    ("新媒体编辑", BylineRole::Editor, Sep::ColonOrSpace),
    ("责编", BylineRole::Editor, Sep::ColonOrSpace),
    ("编审", BylineRole::Editor, Sep::ColonOrSpace),
    ("审核", BylineRole::Editor, Sep::ColonOrSpace),
    ("审校", BylineRole::Editor, Sep::ColonOrSpace),
    ("校对", BylineRole::Editor, Sep::ColonOrSpace),
    ("初审", BylineRole::Editor, Sep::ColonOrSpace),
    ("复审", BylineRole::Editor, Sep::ColonOrSpace),
    ("终审", BylineRole::Editor, Sep::ColonOrSpace),
    ("摄影", BylineRole::Photographer, Sep::ColonOrSpace),
    ("摄像", BylineRole::Photographer, Sep::ColonOrSpace),
    ("作者", BylineRole::Author, Sep::ColonOrSpace),
    ("撰文", BylineRole::Author, Sep::ColonOrSpace),
    ("撰稿", BylineRole::Author, Sep::ColonOrSpace),
    ("文", BylineRole::Author, Sep::Slash),
    ("图", BylineRole::Photographer, Sep::Slash),
    ("图文", BylineRole::Author, Sep::Slash),
];

/// Words that end a name list and may be glued to the last name.
const TRAILERS: &[(&str, Option<BylineRole>)] = &[
    ("报道", None),
    ("摄影", Some(BylineRole::Photographer)),
    ("摄", Some(BylineRole::Photographer)),
    ("供图", Some(BylineRole::Photographer)),
];

/// Marks put before an author's name on its own line.
const AUTHOR_MARKS: &[char] = &['□', '■', '◎'];

/// What may follow a keyword that needs a separator, within a line: white
/// space other than a newline, colons, slashes.
fn is_sep(c: char) -> bool {
    c != '\n' && (c.is_whitespace() || matches!(c, ':' | '：' | '/' | '／'))
}

thread_local! {
    /// The chars of the line `scan_line` reads, kept per thread.
    static CHARS: std::cell::RefCell<Vec<(usize, char)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Largest [`CHARS`] buffer (in chars) kept between lines.
const KEEP_CHARS: usize = 1 << 16;

/// The byline tests of a line other than keywords: an author mark first on
/// the line, or a final 摄.
fn may_hold_byline(line: &str) -> bool {
    line.trim_start()
        .starts_with(|c: char| AUTHOR_MARKS.contains(&c))
        || line
            .trim_end_matches(|c: char| c.is_whitespace() || c == ')' || c == '）')
            .ends_with('摄')
}

/// Keeps the first hit of each (name, role), in order: a few hits per
/// document, so comparing beats hashing cloned names.
fn dedup_bylines(out: &mut Vec<BylineHit>) {
    let mut kept = 0;
    for i in 0..out.len() {
        let dup = out[..kept]
            .iter()
            .any(|k| k.byline.role == out[i].byline.role && k.byline.name == out[i].byline.name);
        if !dup {
            out.swap(kept, i);
            kept += 1;
        }
    }
    out.truncate(kept);
}

/// A byline with where its name is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BylineHit {
    /// The credit.
    pub byline: Byline,
    /// Span of the name in the text (from its first to its last character).
    pub span: Span,
}

/// Finds bylines; built once, then shared.
#[derive(Debug)]
pub struct BylineExtractor {
    keywords: AhoCorasick,
    kinds: Vec<Keyword>,
    names: Names,
    /// Last chars of the keywords that need a separator after them.
    sep_last: Vec<char>,
    /// The keywords names may follow directly (记者).
    glued: Vec<&'static str>,
    /// Their first two chars (`None` for a keyword of one char).
    glued_pairs: Vec<Option<(char, char)>>,
    /// First chars of the keywords [`Self::is_keyword_start`] looks for.
    start_firsts: Vec<char>,
}

impl Default for BylineExtractor {
    fn default() -> Self {
        BylineExtractor::new()
    }
}

impl BylineExtractor {
    /// Builds the extractor from the embedded surname and stop lists.
    pub fn new() -> BylineExtractor {
        BylineExtractor::with_names(Names::embedded())
    }

    pub(crate) fn with_names(names: Names) -> BylineExtractor {
        let keywords = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(KEYWORDS.iter().map(|k| k.0))
            .expect("byline keywords compile");
        let kinds = KEYWORDS
            .iter()
            .map(|&(_, role, sep)| Keyword { role, sep })
            .collect();
        let mut sep_last: Vec<char> = KEYWORDS
            .iter()
            .filter(|k| k.2 != Sep::Glued)
            .filter_map(|k| k.0.chars().next_back())
            .collect();
        sep_last.sort_unstable();
        sep_last.dedup();
        let glued: Vec<&'static str> = KEYWORDS
            .iter()
            .filter(|k| k.2 == Sep::Glued)
            .map(|k| k.0)
            .collect();
        let glued_pairs = glued
            .iter()
            .map(|g| {
                let mut cs = g.chars();
                Some((cs.next()?, cs.next()?))
            })
            .collect();
        let mut start_firsts: Vec<char> = KEYWORDS
            .iter()
            .filter(|k| k.2 != Sep::Slash)
            .filter_map(|k| k.0.chars().next())
            .collect();
        start_firsts.sort_unstable();
        start_firsts.dedup();
        BylineExtractor {
            keywords,
            kinds,
            names,
            sep_last,
            glued,
            glued_pairs,
            start_firsts,
        }
    }

    /// The bylines of `cx.text`, in order of appearance, each (name, role)
    /// once.
    pub fn extract(&self, cx: &Context<'_>) -> Vec<Byline> {
        self.scan(cx.text).into_iter().map(|h| h.byline).collect()
    }

    /// The people an author field names (front matter `author:`, HTML
    /// `<meta name="author">`), read as `作者：…` would be in the text but
    /// stricter: a field often holds a site or an office (`新华社`, `本站`),
    /// so each name must start with a listed surname.
    pub fn from_author_field(&self, value: &str) -> Vec<Byline> {
        let value: String = value
            .chars()
            .take(80)
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        self.scan(&format!("作者：{value}"))
            .into_iter()
            .map(|h| h.byline)
            .filter(|b| {
                b.role == BylineRole::Author
                    && self.names.starts_with_surname(&b.name)
                    && !self.names.is_stop(&b.name)
            })
            .collect()
    }

    /// The bylines of `text` with the spans of their names.
    pub(crate) fn scan(&self, text: &str) -> Vec<BylineHit> {
        // Where usable keywords are: a line with none is skipped unless it
        // starts with an author mark or ends in 摄 (running the keyword
        // automaton line by line cost ~10% of the officials).
        self.scan_hot(text, &self.hot_positions(text))
    }

    /// [`Self::scan`] given non-decreasing byte offsets `hot` such that
    /// every line holding a usable keyword holds one of them (more do no
    /// harm: such lines are read in full).
    pub(crate) fn scan_hot(&self, text: &str, hot: &[usize]) -> Vec<BylineHit> {
        let mut out: Vec<BylineHit> = Vec::new();
        let mut h = 0;
        let mut start = 0;
        let newlines = memchr::memchr_iter(b'\n', text.as_bytes());
        for end in newlines.chain(std::iter::once(text.len())) {
            if out.len() >= MAX_BYLINES {
                break;
            }
            let Some(line) = text.get(start..end) else {
                break;
            };
            while hot.get(h).is_some_and(|&x| x < start) {
                h += 1;
            }
            if hot.get(h).is_some_and(|&x| x < end) || may_hold_byline(line) {
                self.scan_line(line, start, &mut out);
            }
            start = end + 1;
        }
        dedup_bylines(&mut out);
        out.truncate(MAX_BYLINES);
        out
    }

    /// Sorted byte offsets of the keywords [`Self::any_usable_keyword`]
    /// accepts, found in one pass over the whole text: no keyword holds a
    /// newline, so the leftmost-longest matches are those of a pass per line;
    /// a keyword at the end of its line is followed by nothing.
    fn hot_positions(&self, text: &str) -> Vec<usize> {
        let mut hot = Vec::new();
        for m in self.keywords.find_iter(text) {
            let next = text
                .get(m.end()..)
                .and_then(|r| r.chars().next())
                .filter(|&c| c != '\n');
            if self.usable(m.pattern().as_usize(), next) {
                hot.push(m.start());
            }
        }
        hot
    }

    /// The char pairs where [`Self::sep_hot`] or [`Self::glued_hot`] may
    /// hold (a caller scanning pairs of chars looks closer only at these),
    /// or `None` when some glued keyword is shorter than two chars.
    pub(crate) fn spot_pairs(&self) -> Option<Vec<(char, char)>> {
        let mut pairs = Vec::new();
        for g in &self.glued {
            let mut cs = g.chars();
            pairs.push((cs.next()?, cs.next()?));
        }
        let seps: Vec<char> = (0..=0x3000u32)
            .filter_map(char::from_u32)
            .filter(|&c| is_sep(c))
            .chain(['：', '／'])
            .collect();
        for &x in &self.sep_last {
            pairs.extend(seps.iter().map(|&c| (x, c)));
        }
        Some(pairs)
    }

    /// True when `c` after `prev` may be the separator after a usable
    /// keyword (编辑：, 文/): a place [`Self::scan_hot`] must look at.
    pub(crate) fn sep_hot(&self, prev: char, c: char) -> bool {
        is_sep(c) && self.sep_last.binary_search(&prev).is_ok()
    }

    /// True when a keyword names may follow directly (记者) starts at byte
    /// `at` of `text`.
    /// `c0, c1` are the chars at `at` (a cheap test before the strings').
    pub(crate) fn glued_hot(&self, text: &str, at: usize, c0: char, c1: char) -> bool {
        self.glued_pairs
            .iter()
            .any(|g| g.is_none_or(|(g0, g1)| g0 == c0 && g1 == c1))
            && text
                .get(at..)
                .is_some_and(|r| self.glued.iter().any(|g| r.starts_with(g)))
    }

    /// True when keyword `k` followed by `next` may start a byline.
    fn usable(&self, k: usize, next: Option<char>) -> bool {
        match self.kinds[k].sep {
            Sep::Glued => true,
            Sep::ColonOrSpace => next.is_some_and(|c| c.is_whitespace() || c == ':' || c == '：'),
            Sep::Slash => matches!(next, Some('/' | '／')),
        }
    }

    /// True when a keyword in `line` is followed as its kind needs (the
    /// checks `scan_line` makes first): `文化` or `编辑部` are not bylines.
    fn any_usable_keyword(&self, line: &str, matches: &[aho_corasick::Match]) -> bool {
        matches.iter().any(|m| {
            let next = line.get(m.end()..).and_then(|r| r.chars().next());
            self.usable(m.pattern().as_usize(), next)
        })
    }

    fn scan_line(&self, line: &str, base: usize, out: &mut Vec<BylineHit>) {
        // (`scan` skips the lines this check would reject for certain.)
        // Cheap reject: a byline needs a keyword, an author mark first on the
        // line, or a final 摄 (most lines have none: skip the char table).
        // The keyword matches, found once for the check and the reading.
        let matches: Vec<aho_corasick::Match> = self.keywords.find_iter(line).collect();
        if !self.any_usable_keyword(line, &matches)
            && !line
                .trim_start()
                .starts_with(|c: char| AUTHOR_MARKS.contains(&c))
            && !line
                .trim_end_matches(|c: char| c.is_whitespace() || c == ')' || c == '）')
                .ends_with('摄')
        {
            return;
        }
        // The line's chars in a buffer kept per thread (collected anew, a
        // line of Han text grew a vector by a copy: `char_indices` hints a
        // quarter of the bytes).
        let mut chars = crate::scratch::take(&CHARS);
        chars.clear();
        chars.extend(line.char_indices());
        self.read_line(line, base, &matches, &chars, out);
        if chars.capacity() <= KEEP_CHARS {
            crate::scratch::put_back(&CHARS, chars);
        }
    }

    /// The bylines of `line` (`scan_line` past its cheap reject), from its
    /// keyword matches and its chars.
    fn read_line(
        &self,
        line: &str,
        base: usize,
        matches: &[aho_corasick::Match],
        chars: &[(usize, char)],
        out: &mut Vec<BylineHit>,
    ) {
        let mut claimed_until = 0usize; // char index up to which names were taken
        // □赵国松 on its own line.
        let first = chars.iter().position(|&(_, c)| !c.is_whitespace());
        if let Some(f) = first
            && AUTHOR_MARKS.contains(&chars[f].1)
            && !line.contains("记者")
            && !line.contains("通讯员")
        {
            let group = self.names_from(line, chars, f + 1, false, false);
            if group.ok && group.end >= chars.len() && !group.names.is_empty() {
                for (name, s, e) in group.names {
                    push(out, name, BylineRole::Author, base, chars, line, s, e);
                }
                return;
            }
        }
        for &m in matches {
            let kw = self.kinds[m.pattern().as_usize()];
            // chars are sorted by byte offset: binary search keeps this linear
            let at = |b: usize| chars.binary_search_by_key(&b, |&(o, _)| o).ok();
            let Some(ki) = at(m.start()) else {
                continue;
            };
            let Some(ke) = at(m.end()).or((m.end() == line.len()).then_some(chars.len())) else {
                continue;
            };
            if ki < claimed_until {
                continue;
            }
            let prev = if ki == 0 { None } else { Some(chars[ki - 1].1) };
            let mut j = ke;
            let glued;
            match kw.sep {
                Sep::Glued => {
                    // 记者会, 记者招待会, 记者站 are not bylines, nor 小记者
                    // (a children's club) or 跟随记者 (a verb's object).
                    let next = chars.get(j).map(|c| c.1);
                    if matches!(next, Some('会' | '站' | '节' | '证' | '们' | '团'))
                        || prev == Some('小')
                    {
                        continue;
                    }
                    let mut skipped = false;
                    while let Some(&(_, c)) = chars.get(j) {
                        if c.is_whitespace() || c == ':' || c == '：' {
                            j += 1;
                            skipped = true;
                        } else {
                            break;
                        }
                    }
                    glued = !skipped;
                }
                Sep::ColonOrSpace => {
                    let mut skipped = false;
                    while let Some(&(_, c)) = chars.get(j) {
                        if c.is_whitespace() || c == ':' || c == '：' {
                            j += 1;
                            skipped = true;
                        } else {
                            break;
                        }
                    }
                    if !skipped {
                        continue;
                    }
                    // "编辑 X" without a colon only where the keyword starts a token.
                    let colon = chars[ke..j].iter().any(|&(_, c)| c == ':' || c == '：');
                    if !colon && prev.is_some_and(is_han) {
                        continue;
                    }
                    glued = false;
                }
                Sep::Slash => {
                    if prev.is_some_and(|p| is_han(p) || p.is_ascii_alphanumeric()) {
                        continue;
                    }
                    match chars.get(j) {
                        Some(&(_, '/' | '／')) => j += 1,
                        _ => continue,
                    }
                    while chars.get(j).is_some_and(|c| c.1.is_whitespace()) {
                        j += 1;
                    }
                    glued = false;
                }
            }
            let group = self.names_from(line, chars, j, glued, kw.sep == Sep::Glued);
            if !group.ok || group.names.is_empty() {
                continue;
            }
            let role = group.trailer_role.unwrap_or(kw.role);
            claimed_until = group.end;
            for (name, s, e) in group.names {
                push(out, name, role, base, chars, line, s, e);
            }
        }
        // "X 摄" / "X/摄" with no keyword before the names.
        if claimed_until == 0 {
            self.photo_suffix(chars, line, base, out);
        }
    }

    /// `张三 摄`, `（张三/摄）`: names read backwards from a final 摄.
    fn photo_suffix(
        &self,
        chars: &[(usize, char)],
        line: &str,
        base: usize,
        out: &mut Vec<BylineHit>,
    ) {
        let mut end = chars.len();
        while end > 0
            && (chars[end - 1].1.is_whitespace() || matches!(chars[end - 1].1, ')' | '）'))
        {
            end -= 1;
        }
        if end == 0 || chars[end - 1].1 != '摄' {
            return;
        }
        let mut k = end - 1;
        while k > 0 && (chars[k - 1].1.is_whitespace() || matches!(chars[k - 1].1, '/' | '／')) {
            k -= 1;
        }
        if k == end - 1 && k > 0 && is_han(chars[k - 1].1) {
            // Glued "张三摄" is too ambiguous (拍摄, 航拍摄).
            return;
        }
        let mut s = k;
        while s > 0 {
            let c = chars[s - 1].1;
            if is_han(c) || c == '·' || c == ' ' || c == '\u{3000}' || c == '、' {
                s -= 1;
            } else {
                break;
            }
        }
        let group = self.names_from(line, chars, s, false, false);
        if group.ok && group.end >= k && !group.names.is_empty() {
            for (name, a, b) in group.names {
                push(out, name, BylineRole::Photographer, base, chars, line, a, b);
            }
        }
    }

    /// Reads a list of names starting at char `j` (`chars` are the
    /// char_indices of `line`).
    fn names_from(
        &self,
        line: &str,
        chars: &[(usize, char)],
        mut j: usize,
        glued: bool,
        surname_needed: bool,
    ) -> Group {
        let mut g = Group {
            names: Vec::new(),
            end: j,
            ok: false,
            trailer_role: None,
        };
        let mut pending_single: Option<(char, usize)> = None;
        let mut first = true;
        loop {
            if g.names.len() >= MAX_NAMES_PER_GROUP {
                g.ok = false;
                return g;
            }
            // Separators between names.
            while let Some(&(_, c)) = chars.get(j) {
                if c.is_whitespace() || c == '、' || c == '，' || c == ',' {
                    j += 1;
                } else {
                    break;
                }
            }
            let Some(&(_, c)) = chars.get(j) else {
                g.ok = pending_single.is_none() && !g.names.is_empty();
                g.end = j;
                return g;
            };
            if !(is_han(c) || c == '·') {
                // The list ends at a closing bracket, a colon, a slash before 摄, or
                // other punctuation.
                if c == '/' || c == '／' {
                    let mut k = j + 1;
                    while chars.get(k).is_some_and(|c| c.1.is_whitespace()) {
                        k += 1;
                    }
                    if chars.get(k).is_some_and(|c| c.1 == '摄') {
                        g.trailer_role = Some(BylineRole::Photographer);
                        j = k + 1;
                    }
                }
                g.ok = pending_single.is_none() && !g.names.is_empty();
                g.end = j;
                return g;
            }
            // A run of Han characters.
            let run_start = j;
            while chars.get(j).is_some_and(|c| is_han(c.1) || c.1 == '·') {
                j += 1;
            }
            // The run as written (`chars` are the line's char_indices).
            let run_bytes = chars[run_start].0..chars.get(j).map_or(line.len(), |c| c.0);
            let run: &str = line.get(run_bytes).unwrap_or("");
            // Another keyword or a trailer ends the list.
            if let Some((_, role)) = TRAILERS.iter().find(|(t, _)| run == *t) {
                if role.is_some() {
                    g.trailer_role = *role;
                }
                g.ok = pending_single.is_none() && !g.names.is_empty();
                g.end = j;
                return g;
            }
            // 文/李明 图/王五: the next slash keyword ends the list.
            if matches!(run, "文" | "图" | "图文")
                && chars.get(j).is_some_and(|c| c.1 == '/' || c.1 == '／')
            {
                g.ok = pending_single.is_none() && !g.names.is_empty();
                g.end = run_start;
                return g;
            }
            if !g.names.is_empty() && self.is_keyword_start(run) {
                g.ok = pending_single.is_none();
                g.end = run_start;
                return g;
            }
            let n = run.chars().count();
            // The name glued to a trailer: 焦亮报道, 张三摄.
            let mut name_len = n;
            let mut trailer = None;
            for (t, role) in TRAILERS {
                if let Some(stripped) = run.strip_suffix(t) {
                    let k = stripped.chars().count();
                    if (2..=4).contains(&k) {
                        name_len = k;
                        trailer = Some(*role);
                        break;
                    }
                }
            }
            if n == 1 {
                // Single characters pair up: 张 佩 → 张佩.
                match pending_single.take() {
                    None => pending_single = Some((c, run_start)),
                    Some((p, ps)) => {
                        let name: String = [p, c].iter().collect();
                        if !self.names.is_stop(&name) {
                            g.names.push((name, ps, run_start + 1));
                        }
                    }
                }
                first = false;
                continue;
            }
            if pending_single.is_some() {
                g.ok = false;
                g.end = run_start;
                return g;
            }
            let has_dot = run.contains('·');
            let max = if has_dot { 12 } else { 4 };
            if !(2..=max).contains(&name_len) {
                // A long run: valid only after a complete list (记者张三 在…).
                g.ok = false;
                g.end = run_start;
                return g;
            }
            let name: String = chars[run_start..run_start + name_len]
                .iter()
                .map(|c| c.1)
                .collect();
            if self.names.is_stop(&name) || self.is_keyword_start(&name) {
                g.ok = false;
                g.end = run_start;
                return g;
            }
            // Reporters' names start with a surname; a name glued to 记者 is at
            // most three characters unless the surname has two.
            if surname_needed && !self.names.starts_with_surname(&name) {
                g.ok = false;
                g.end = run_start;
                return g;
            }
            if first && glued && name_len == 4 && self.names.surname_len(&name) < 2 {
                g.ok = false;
                g.end = run_start;
                return g;
            }
            g.names.push((name, run_start, run_start + name_len));
            first = false;
            if let Some(role) = trailer {
                if role.is_some() {
                    g.trailer_role = role;
                }
                g.ok = true;
                g.end = j;
                return g;
            }
        }
    }

    fn is_keyword_start(&self, s: &str) -> bool {
        s.chars()
            .next()
            .is_some_and(|c| self.start_firsts.binary_search(&c).is_ok())
            && KEYWORDS
                .iter()
                .any(|(k, _, sep)| *sep != Sep::Slash && s.starts_with(k) && s.chars().count() <= 6)
    }
}

/// Names read after a keyword.
#[derive(Debug)]
struct Group {
    /// (name, first char, one past last char).
    names: Vec<(String, usize, usize)>,
    /// Char index where reading stopped.
    end: usize,
    /// True when the list ended where a byline may end.
    ok: bool,
    /// A role given by a trailer (摄 → photographer).
    trailer_role: Option<BylineRole>,
}

#[allow(clippy::too_many_arguments)]
fn push(
    out: &mut Vec<BylineHit>,
    name: String,
    role: BylineRole,
    base: usize,
    chars: &[(usize, char)],
    line: &str,
    s: usize,
    e: usize,
) {
    let Some(&(bs, _)) = chars.get(s) else { return };
    let be = chars.get(e).map_or(line.len(), |c| c.0);
    out.push(BylineHit {
        byline: Byline { name, role },
        span: Span::new(base + bs, base + be),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<(String, BylineRole)> {
        let b = BylineExtractor::new();
        b.scan(text)
            .into_iter()
            .map(|h| (h.byline.name, h.byline.role))
            .collect()
    }

    fn names(v: &[(String, BylineRole)]) -> Vec<&str> {
        v.iter().map(|x| x.0.as_str()).collect()
    }

    #[test]
    fn reporter_in_brackets() {
        let v = run("本报讯 （新乡日报全媒体记者焦亮）2月7日，我市召开会议。");
        assert_eq!(v, vec![("焦亮".to_string(), BylineRole::Reporter)]);
        let v = run("(记者 张军亚)8月31日至9月2日");
        assert_eq!(v, vec![("张军亚".to_string(), BylineRole::Reporter)]);
    }

    #[test]
    fn photographers_with_stray_space() {
        let v = run("企业代表颁奖。记者 王庆建 张 佩 摄");
        assert_eq!(
            v,
            vec![
                ("王庆建".to_string(), BylineRole::Photographer),
                ("张佩".to_string(), BylineRole::Photographer)
            ]
        );
    }

    #[test]
    fn editors_pair() {
        let v = run("(视频编辑：张贝龙 文字编辑：温凤浩)");
        assert_eq!(names(&v), ["张贝龙", "温凤浩"]);
        assert!(v.iter().all(|x| x.1 == BylineRole::Editor));
        assert_eq!(
            run("文章编辑:刘鸣捷 "),
            vec![("刘鸣捷".to_string(), BylineRole::Editor)]
        );
    }

    #[test]
    fn author_field() {
        let b = BylineExtractor::new();
        let names = |v: &str| -> Vec<String> {
            b.from_author_field(v).into_iter().map(|b| b.name).collect()
        };
        assert_eq!(names("李华"), ["李华"]);
        assert_eq!(names("李华、王明"), ["李华", "王明"]);
        assert_eq!(names("李 华"), ["李华"]);
        assert!(names("新华社").is_empty());
        assert!(names("本站").is_empty());
        assert!(names("中国政府网").is_empty());
        assert!(names("admin").is_empty());
        assert!(names("").is_empty());
        assert!(
            b.from_author_field("李华")
                .iter()
                .all(|b| b.role == BylineRole::Author)
        );
    }

    #[test]
    fn author_mark_line() {
        assert_eq!(
            run("坚持不动摇\n□赵国松\n更新时间"),
            vec![("赵国松".to_string(), BylineRole::Author)]
        );
    }

    #[test]
    fn body_text_is_not_a_byline() {
        assert!(run("记者从市发改委获悉，今年一季度").is_empty());
        assert!(run("本台记者刘晨正在警务直升机上").is_empty());
        assert!(run("共同会见记者 强调进一步打造中英共").is_empty());
        assert!(run("《红旗文摘》总编辑田百春，刚结束").is_empty());
        assert!(run("编辑出版了一大批优秀图书").is_empty());
        assert!(run("(作者单位:中共焦作市委党校)").is_empty());
        assert!(run("举行记者会。").is_empty());
    }

    #[test]
    fn reporter_and_correspondent() {
        let v = run("本报讯（记者 张三 通讯员 李四）近日");
        assert_eq!(names(&v), ["张三", "李四"]);
        let v = run("记者王强报道");
        assert_eq!(v, vec![("王强".to_string(), BylineRole::Reporter)]);
        let v = run("本台记者 闫乃之：里约奥运会");
        assert_eq!(names(&v), ["闫乃之"]);
    }

    #[test]
    fn slash_forms() {
        assert_eq!(
            run("文/李明"),
            vec![("李明".to_string(), BylineRole::Author)]
        );
        assert_eq!(
            run("（王五/摄）"),
            vec![("王五".to_string(), BylineRole::Photographer)]
        );
        assert!(run("中文/英文").is_empty());
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "记者",
            "记者 ",
            "编辑：",
            "□",
            "文/",
            "摄",
            " 摄",
            "记者 张",
            "/摄",
            "、摄",
        ] {
            let _ = run(s);
        }
    }
}
