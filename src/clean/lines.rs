//! Line-level cleaning of normalized text: what is not the article goes,
//! counted; what is left is one paragraph per line.
//!
//! Runs after normalization, so its word lists are simplified only.
//! Removed: navigation and breadcrumb lines, share prompts, footers,
//! copyright/ICP/licence lines, disclaimers, related-link lists, “返回…”
//! links, date/source header lines (their content goes to `meta`), a second
//! copy of the body, injected spam and paywall notices. Hard line wraps
//! inside a sentence are joined.

use std::collections::HashSet;

use regex::Regex;

use crate::normalize::t2s::T2s;
use crate::normalize::width::is_han;
use crate::offsets::MappedText;
use crate::record::{Quality, Truncation};
use crate::span::Span;

use super::markup::MarkupMeta;

/// Keyword classes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    /// Share prompts, navigation furniture, breadcrumbs.
    Nav,
    /// Footer: copyright, ICP, licences, disclaimers, contact.
    Footer,
    /// A related-links header.
    Related,
    /// Spam that is enough on its own.
    SpamStrong,
    /// Spam words that need company.
    SpamWeak,
    /// Paywall / truncation notice.
    Notice,
    /// Header metadata (publication time, views).
    MetaWord,
}

const KEYWORDS: &[(&str, Class)] = &[
    ("扫一扫", Class::Nav),
    ("二维码", Class::Nav),
    ("微信公众号", Class::Nav),
    ("分享到", Class::Nav),
    ("分享至", Class::Nav),
    ("手机打开", Class::Nav),
    ("手机看", Class::Nav),
    ("打印本页", Class::Nav),
    ("关闭窗口", Class::Nav),
    ("【打印】", Class::Nav),
    ("【关闭】", Class::Nav),
    ("加入收藏", Class::Nav),
    ("收藏本页", Class::Nav),
    ("收藏《", Class::Nav),
    ("设为首页", Class::Nav),
    ("网站首页", Class::Nav),
    ("网站地图", Class::Nav),
    ("当前位置", Class::Nav),
    ("现在的位置", Class::Nav),
    ("现在所在的位置", Class::Nav),
    ("您的位置", Class::Nav),
    ("所在位置", Class::Nav),
    ("字号：", Class::Nav),
    ("【字体", Class::Nav),
    ("上一篇", Class::Nav),
    ("下一篇", Class::Nav),
    ("目录/提纲", Class::Nav),
    ("点击进入", Class::Nav),
    ("版权所有", Class::Footer),
    ("版权声明", Class::Footer),
    ("Copyright", Class::Footer),
    ("copyright", Class::Footer),
    ("©", Class::Footer),
    ("ICP", Class::Footer),
    ("备案号", Class::Footer),
    ("网安备", Class::Footer),
    ("许可证", Class::Footer),
    ("举报电话", Class::Footer),
    ("举报邮箱", Class::Footer),
    ("举报中心", Class::Footer),
    ("违法和不良信息", Class::Footer),
    ("免责声明", Class::Footer),
    ("不得转载", Class::Footer),
    ("未经授权", Class::Footer),
    ("转载稿件", Class::Footer),
    ("转载请注明", Class::Footer),
    ("联系我们", Class::Footer),
    ("关于我们", Class::Footer),
    ("本网所有", Class::Footer),
    ("联系本网", Class::Footer),
    ("申领稿酬", Class::Footer),
    ("主办单位", Class::Footer),
    ("承办单位", Class::Footer),
    ("技术支持", Class::Footer),
    ("邮编：", Class::Footer),
    ("相关信息", Class::Related),
    ("相关新闻", Class::Related),
    ("相关阅读", Class::Related),
    ("相关链接", Class::Related),
    ("相关文章", Class::Related),
    ("相关报道", Class::Related),
    ("推荐阅读", Class::Related),
    ("延伸阅读", Class::Related),
    ("热点推荐", Class::Related),
    ("热门推荐", Class::Related),
    ("往期回顾", Class::Related),
    ("猜你喜欢", Class::Related),
    ("无码", Class::SpamStrong),
    ("人妻", Class::SpamStrong),
    ("毛片", Class::SpamStrong),
    ("三级片", Class::SpamStrong),
    ("百家乐", Class::SpamStrong),
    ("六合彩", Class::SpamStrong),
    ("时时彩", Class::SpamStrong),
    ("一本道", Class::SpamStrong),
    ("成人影院", Class::SpamStrong),
    ("偷拍", Class::SpamWeak),
    ("自拍", Class::SpamWeak),
    ("精品", Class::SpamWeak),
    ("国产", Class::SpamWeak),
    ("欧美", Class::SpamWeak),
    ("日韩", Class::SpamWeak),
    ("亚洲", Class::SpamWeak),
    ("系列", Class::SpamWeak),
    ("影院", Class::SpamWeak),
    ("色情", Class::SpamWeak),
    ("博彩", Class::SpamWeak),
    ("娱乐城", Class::SpamWeak),
    ("赌场", Class::SpamWeak),
    ("在线观看", Class::SpamWeak),
    ("免费观看", Class::SpamWeak),
    ("视频在线", Class::SpamWeak),
    ("一区二区", Class::SpamWeak),
    ("激情", Class::SpamWeak),
    ("丝袜", Class::SpamWeak),
    ("未完", Class::Notice),
    ("全文共", Class::Notice),
    ("仅显示", Class::Notice),
    ("正式会员", Class::Notice),
    ("完整阅读", Class::Notice),
    ("阅读全文", Class::Notice),
    ("余下全文", Class::Notice),
    ("开通会员", Class::Notice),
    ("发布时间", Class::MetaWord),
    ("更新时间", Class::MetaWord),
    ("发表时间", Class::MetaWord),
    ("浏览次数", Class::MetaWord),
    ("阅读次数", Class::MetaWord),
    ("点击数", Class::MetaWord),
    ("点击量", Class::MetaWord),
    ("访问量", Class::MetaWord),
    ("来源：", Class::MetaWord),
];

/// How many keywords of each class a line holds.
#[derive(Clone, Copy, Default, Debug)]
struct Classes([u16; 7]);

impl Classes {
    fn add(&mut self, c: Class) {
        let n = &mut self.0[c as usize];
        *n = n.saturating_add(1);
    }

    fn count(&self, c: Class) -> usize {
        usize::from(self.0[c as usize])
    }

    fn contains(&self, c: &Class) -> bool {
        self.0[*c as usize] > 0
    }
}

/// One keyword occurrence: its start, end and class.
#[derive(Clone, Copy, Debug)]
struct Hit {
    start: usize,
    end: usize,
    /// `None` for a word looked for on the side ([`SIDE_WORDS`]).
    class: Option<Class>,
}

/// Words whose places are wanted too, outside the keyword classes: they
/// take no part in choosing the keyword occurrences.
const SIDE_WORDS: &[&str] = &["省略"];

/// The keyword finder. Every keyword starts with a three-byte char (Han,
/// `【`), `©` or an ASCII letter, and the second char of one starting with a
/// three-byte char is a three-byte char too. Text is read a char at a time:
/// a three-byte char is looked up in one table of bit words (first char of a
/// keyword, second char of one), and only where a first char is followed
/// by a second char are the keywords of its group compared. The occurrences
/// are then chosen as an Aho-Corasick search with standard semantics
/// reports them: the one that ends first (the longest of those ending
/// there), the search going on after its end.
#[derive(Debug)]
struct Keywords {
    /// For each three-byte char `cp` (any BMP char from U+0800), at word
    /// `cp >> 6`, bit `cp & 63`: `[0]` set when it starts a keyword, `[1]`
    /// when it is the second char of one starting with a three-byte char.
    bits3: Box<[[u64; 2]; 1024]>,
    /// For each BMP char: 1 + the char's group in `groups` for a
    /// three-byte first char, 0 for none.
    group3: Box<[u8; 0x10000]>,
    /// For each first byte of a keyword that does not start with a
    /// three-byte char: 1 + its group, 0 for none.
    other: [u8; 256],
    /// Ranges of `list` with one first char (or first byte).
    groups: Vec<(usize, usize)>,
    /// For each group `g`, at `g` (1-based, 0 is none): bit `b & 63` set for
    /// the last byte `b` of the second char of each of its keywords (all
    /// ones when one is not three bytes).
    second: Box<[u64; 256]>,
    /// For each first byte in `other`: bits `b & 63` of the bytes one and
    /// two further on of its keywords (all ones where one is too short).
    other_masks: Box<[(u64, u64); 256]>,
    list: Vec<(&'static [u8], Option<Class>)>,
}

impl Keywords {
    fn new(words: &[(&'static str, Class)]) -> Keywords {
        let mut list: Vec<(&'static [u8], Option<Class>)> = words
            .iter()
            .map(|(k, c)| (k.as_bytes(), Some(*c)))
            .collect();
        list.extend(SIDE_WORDS.iter().map(|k| (k.as_bytes(), None)));
        // grouped by first char (its bytes), in list order within a group
        let first = |k: &[u8]| -> Vec<u8> {
            let n = std::str::from_utf8(k)
                .ok()
                .and_then(|s| s.chars().next())
                .map_or(1, char::len_utf8);
            k[..n].to_vec()
        };
        list.sort_by_key(|(k, _)| first(k));
        let mut bits3 = Box::new([[0u64; 2]; 1024]);
        let mut group3 = Box::new([0u8; 0x10000]);
        let mut other = [0u8; 256];
        let mut groups: Vec<(usize, usize)> = Vec::new();
        let mut second = Box::new([0u64; 256]);
        let mut other_masks = Box::new([(0u64, 0u64); 256]);
        let mut i = 0;
        while i < list.len() {
            let f = first(list[i].0);
            let mut j = i;
            while j < list.len() && first(list[j].0) == f {
                j += 1;
            }
            groups.push((i, j));
            let mut mask = 0u64;
            for (k, _) in &list[i..j] {
                let n = f.len();
                let c2 = std::str::from_utf8(k).ok().and_then(|s| s.chars().nth(1));
                match (c2.map(char::len_utf8), k.get(n + 2)) {
                    (Some(3), Some(&b)) => mask |= 1 << (b & 63),
                    _ => mask = u64::MAX,
                }
            }
            let g = u8::try_from(groups.len()).expect("fewer than 256 first chars");
            second[usize::from(g)] = mask;
            let cp = std::str::from_utf8(&f)
                .ok()
                .and_then(|s| s.chars().next())
                .map_or(0, |c| c as usize);
            if f.len() == 3 {
                group3[cp] = g;
                bits3[cp >> 6][0] |= 1 << (cp & 63);
                for (k, _) in &list[i..j] {
                    let c2 = std::str::from_utf8(k).ok().and_then(|s| s.chars().nth(1));
                    // the scan looks for a second char in the table of
                    // three-byte chars only
                    assert!(
                        c2.is_some_and(|c| c.len_utf8() == 3),
                        "a keyword starting with a three-byte char goes on with one"
                    );
                    let c2 = c2.map_or(0, |c| c as usize);
                    bits3[c2 >> 6][1] |= 1 << (c2 & 63);
                }
            } else {
                assert_eq!(other[usize::from(f[0])], 0, "one group per first byte");
                other[usize::from(f[0])] = g;
                let bit = |k: &[u8], at: usize| k.get(at).map_or(u64::MAX, |b| 1 << (b & 63));
                let m = &mut other_masks[usize::from(f[0])];
                for (k, _) in &list[i..j] {
                    m.0 |= bit(k, 1);
                    m.1 |= bit(k, 2);
                }
            }
            i = j;
        }
        Keywords {
            bits3,
            group3,
            other,
            groups,
            second,
            other_masks,
            list,
        }
    }

    /// Pushes the occurrences in group `g` (1-based) at `at`.
    #[inline(never)]
    fn verify(&self, g: u8, b: &[u8], at: usize, hits: &mut Vec<Hit>) {
        let Some(&(lo, hi)) = self.groups.get(usize::from(g).wrapping_sub(1)) else {
            return;
        };
        let rest = b.get(at..).unwrap_or_default();
        for &(k, class) in self.list.get(lo..hi).unwrap_or_default() {
            if rest.starts_with(k) {
                hits.push(Hit {
                    start: at,
                    end: at + k.len(),
                    class,
                });
            }
        }
    }

    /// The group of the three-byte char at `at`, tried on the char after it
    /// (whose last byte is `c2`).
    #[cold]
    #[inline(never)]
    fn verify3(&self, b: &[u8], at: usize, c2: u8, hits: &mut Vec<Hit>) {
        let Some(&[c0, c1, c2_first]) = b.get(at..at + 3) else {
            return;
        };
        let cp = (usize::from(c0 & 0x0F) << 12)
            | (usize::from(c1 & 0x3F) << 6)
            | usize::from(c2_first & 0x3F);
        let g = self.group3[cp];
        if g != 0 && self.second[usize::from(g)] >> (c2 & 63) & 1 == 1 {
            self.verify(g, b, at, hits);
        }
    }

    /// The keywords in `s` (start and class), in order, as Aho-Corasick's
    /// `find_iter` with standard match semantics reports them, and the
    /// starts of [`SIDE_WORDS`] in `side`. `hits` is scratch space.
    ///
    /// With `t2s`, also tells whether `s` has a char that only traditional
    /// text uses ([`T2s::needs_conversion`]), looking at every char.
    fn find(
        &self,
        s: &str,
        hits: &mut Vec<Hit>,
        out: &mut Vec<(usize, Class)>,
        side: &mut Vec<usize>,
        t2s: Option<&T2s>,
    ) -> bool {
        let mut trigger = 0u64; // not 0: a traditional-only char seen
        // its bits for the BMP chars, read without a branch
        static NONE: [u64; 1024] = [0; 1024];
        let trig = t2s.map_or(&NONE, |t| t.trigger_bits());
        hits.clear();
        out.clear();
        side.clear();
        let b = s.as_bytes();
        let (bits3, other, other_masks) = (&*self.bits3, &self.other, &*self.other_masks);
        let n = b.len();
        // all ones: the char before starts a keyword (a three-byte char)
        let mut after_first = 0u64;
        let mut i = 0;
        // one three-byte char: its trigger bit, and the group of the char
        // before tried when that one starts a keyword and this one goes on
        // with one
        macro_rules! char3 {
            ($at:expr, $c0:expr, $c1:expr, $c2:expr) => {{
                let w = (usize::from($c0 & 0x0F) << 6) | usize::from($c1 & 0x3F);
                // (one shift by a variable amount: several were slow)
                let m = 1u64 << ($c2 & 63);
                trigger |= trig[w] & m;
                let [f, sec] = bits3[w];
                // (no branch on `after_first`: a first char is common, and
                // which chars follow one is not predictable)
                if sec & m & after_first != 0 {
                    self.verify3(b, $at - 3, $c2, hits);
                }
                after_first = 0u64.wrapping_sub(u64::from(f & m != 0));
            }};
        }
        while i < n {
            // two three-byte chars at a time (valid UTF-8)
            while let Some(&[c0, c1, c2, d0, d1, d2]) = b.get(i..i + 6)
                && c0 & 0xF0 == 0xE0
            {
                char3!(i, c0, c1, c2);
                if d0 & 0xF0 != 0xE0 {
                    i += 3;
                    break;
                }
                char3!(i + 3, d0, d1, d2);
                i += 6;
            }
            let Some(&c0) = b.get(i) else { break };
            if c0 & 0xF0 == 0xE0 {
                let Some(&[_, c1, c2]) = b.get(i..i + 3) else {
                    break;
                };
                char3!(i, c0, c1, c2);
                i += 3;
                continue;
            }
            after_first = 0;
            if c0 >= 0xC0
                && let Some(t) = t2s
            {
                trigger |= u64::from(t.is_trigger_at(b, i));
            }
            let g = other[usize::from(c0)];
            if g != 0 {
                // the bytes one and two further on, tried first
                let (m1, m2) = other_masks[usize::from(c0)];
                let at = |j: usize| b.get(j).copied().unwrap_or(0);
                if (m1 >> (at(i + 1) & 63)) & (m2 >> (at(i + 2) & 63)) & 1 == 1 {
                    self.verify(g, b, i, hits);
                }
            }
            // a whole char: no keyword starts inside one
            i += match c0 {
                0xF0.. => 4,
                0xC0.. => 2,
                _ => 1,
            };
        }
        let trigger = trigger != 0;
        if hits.is_empty() {
            return trigger;
        }
        // standard semantics: the first to end (the longest of those), then
        // on from its end
        hits.sort_unstable_by_key(|h| (h.end, h.start));
        let mut from = 0;
        for h in hits.iter() {
            let Some(class) = h.class else {
                side.push(h.start);
                continue;
            };
            if h.start >= from {
                out.push((h.start, class));
                from = h.end;
            }
        }
        side.sort_unstable();
        trigger
    }
}

/// Lines longer than this are never boilerplate by keyword alone.
const MAX_BOILERPLATE_CHARS: usize = 90;

/// What a line is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Blank,
    Content,
    Boilerplate,
    Meta,
    Spam,
    Notice,
    Duplicate,
}

/// The most Han chars a line's rules look at (`han >= 4`).
const HAN_ENOUGH: usize = 4;

#[derive(Debug)]
struct Line {
    /// The line without its `\n`.
    span: Span,
    /// Kept part (a notice may cut the line short).
    keep: Span,
    kind: Kind,
    /// Han chars, up to [`HAN_ENOUGH`].
    han: usize,
    chars: usize,
}

/// What [`LineCleaner::scan`] found in a text.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    /// Keywords (start and class), in order.
    found: Vec<(usize, Class)>,
    /// Starts of the side words.
    omit_at: Vec<usize>,
    trigger: bool,
    /// Length of the text scanned.
    len: usize,
}

impl Scan {
    /// Whether the text has a char that only traditional text uses (when
    /// the scan was asked to look).
    pub(crate) fn traditional_chars(&self) -> bool {
        self.trigger
    }
}

/// Output of [`LineCleaner::clean`].
#[derive(Debug)]
pub struct CleanedLines {
    /// The article's text: one paragraph per line.
    pub text: MappedText,
    /// The title line's text, when one was recognised in the text.
    pub title: Option<String>,
    /// Date found in header lines, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Outlet named in a 来源 line.
    pub source: Option<String>,
    /// What was removed.
    pub quality: Quality,
}

/// The line cleaner, built once.
#[derive(Debug)]
pub struct LineCleaner {
    keywords: Keywords,
    date: Regex,
    source: Regex,
    report_source: Regex,
    /// A wire dateline: `新华社郑州3月2日电`, `人民网北京3月5日电`.
    wire_source: Regex,
    total: Regex,
    shown: Regex,
    omitted: Regex,
    notice_open: Regex,
    byline_only: Regex,
    list_marker: Regex,
}

impl Default for LineCleaner {
    fn default() -> Self {
        LineCleaner::new()
    }
}

impl LineCleaner {
    /// Compiles the word lists and patterns.
    pub fn new() -> LineCleaner {
        let keywords = Keywords::new(KEYWORDS);
        let re = |p: &str| Regex::new(p).expect("embedded pattern compiles");
        LineCleaner {
            keywords,
            date: re(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"),
            source: re(
                r"(?:信息来源|文章来源|稿件来源|新闻来源|来源)\s*[：:]\s*([^\s|｜，。；、）)\]】“”]{2,30})",
            ),
            report_source: re(
                r"^本报讯\s*[（(]\s*([^\s（()）]{2,12}?(?:日报|晚报|报|电视台|广播电视台|网))",
            ),
            wire_source: re(
                r"^[（(【]?((?:新华|中新|中国新闻)社|\p{Han}{1,8}(?:日报|晚报|网|电视台))\s*\p{Han}{0,10}?\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*电",
            ),
            total: re(r"全文共\s*(\d{1,9})\s*字"),
            shown: re(r"(?:当前)?仅显示\s*(\d{1,9})\s*字"),
            omitted: re(r"省略\s*\d{1,9}\s*字"),
            notice_open: re(
                r"[…\.\s]*[（(]\s*(?:未完|[^（()）\n]{0,60}?(?:省略\s*\d+\s*字|全文共\s*\d+\s*字|正式会员|完整阅读|余下全文))",
            ),
            byline_only: re(
                r"^(?:[□■◎●○◇◆]\s*\p{Han}{2,4}|(?:文|作者|撰文)\s*[/／：:]\s*\p{Han}{2,4}|(?:本报|本台)?(?:全媒体)?记者\s*[：:]?\s*\p{Han}{2,4}(?:\s+\p{Han}{2,4})*|(?:责任|文章)?编辑\s*[：:]\s*\p{Han}{2,4})$",
            ),
            list_marker: re(
                r"^(?:[一二三四五六七八九十]{1,3}(?:[、是要]|\s)|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}\s*[.、．]|第[一二三四五六七八九十]{1,3}[，、是]|首先|其次|再次|最后)",
            ),
        }
    }

    fn classes_in(&self, s: &str) -> Classes {
        let mut c = Classes::default();
        let (mut hits, mut found) = (Vec::new(), Vec::new());
        self.keywords
            .find(s, &mut hits, &mut found, &mut Vec::new(), None);
        for (_, class) in found {
            c.add(class);
        }
        c
    }

    /// Cleans normalized text `s`; `hints` are what the markup carried.
    pub fn clean(&self, s: &str, hints: &MarkupMeta) -> CleanedLines {
        let scan = self.scan(s, None);
        self.clean_scanned(s, hints, &scan)
    }

    /// The keyword scan of `s` that [`clean_scanned`](Self::clean_scanned)
    /// takes; with `t2s`, it also tells whether `s` has a traditional-only
    /// char ([`Scan::traditional_chars`]), in the same pass.
    pub(crate) fn scan(&self, s: &str, t2s: Option<&T2s>) -> Scan {
        let (mut found, mut omit_at) = (Vec::new(), Vec::new());
        let trigger = self
            .keywords
            .find(s, &mut Vec::new(), &mut found, &mut omit_at, t2s);
        Scan {
            found,
            omit_at,
            trigger: t2s.is_some() && trigger,
            len: s.len(),
        }
    }

    /// [`clean`](Self::clean) with the scan of `s` made already (a scan of
    /// another text is not used).
    pub(crate) fn clean_scanned(&self, s: &str, hints: &MarkupMeta, scan: &Scan) -> CleanedLines {
        if scan.len != s.len() {
            return self.clean(s, hints);
        }
        let mut q = Quality::default();
        let mut date = hints.date.as_deref().and_then(|d| self.parse_date(d));
        let mut source = hints.source.clone();
        let mut lines = self.classify(s, scan, &mut q, &mut date, &mut source);
        let title_idx = if hints.title.is_some() {
            self.find_hinted_title(s, &lines, hints)
        } else {
            self.find_title(s, &lines)
        };
        if let Some(t) = title_idx {
            self.drop_header_zone(s, &mut lines, t, &mut q);
            if date.is_none() {
                date = self.date_near(s, &lines, t);
            }
        }
        dedupe(s, &mut lines, &mut q);
        if source.is_none() {
            source = self.source_from_report(s, &lines);
        }
        let title = title_idx
            .and_then(|t| lines[t].keep.get(s))
            .map(str::to_string)
            .or_else(|| hints.title.clone());
        let text = self.assemble(s, &lines, title_idx);
        CleanedLines {
            text,
            title,
            date,
            source,
            quality: q,
        }
    }

    fn classify(
        &self,
        s: &str,
        scan: &Scan,
        q: &mut Quality,
        date: &mut Option<String>,
        source: &mut Option<String>,
    ) -> Vec<Line> {
        // about a line per 60 bytes (no regrowth for most documents)
        let mut lines = Vec::with_capacity(s.len() / 60 + 4);
        let mut start = 0;
        let mut in_related = false;
        // One keyword scan over the whole text instead of one per line: no
        // keyword holds a `\n`, so the search starts afresh after each one
        // and finds exactly the matches a per-line scan does.
        let (found, omit_at) = (&scan.found, &scan.omit_at);
        let (mut next_found, mut next_omit) = (0, 0);
        // lines as `split_inclusive('\n')` gives them, without the `\n`
        let mut breaks = memchr::memchr_iter(b'\n', s.as_bytes());
        while start < s.len() {
            let end = breaks.next().unwrap_or(s.len());
            let span = Span::new(start, end);
            start = (end + 1).min(s.len());
            let full = span.get(s).unwrap_or("");
            let (han, chars) = han_and_chars(full);
            let mut line = Line {
                span,
                keep: span,
                kind: Kind::Content,
                han,
                chars,
            };
            // (a line starting with a letter, digit or Han char is not blank:
            // no need to trim it)
            let starts_plain = full
                .as_bytes()
                .first()
                .is_some_and(|&c| c.is_ascii_alphanumeric() || (0xE4..=0xE9).contains(&c));
            if !starts_plain && full.trim().is_empty() {
                line.kind = Kind::Blank;
                lines.push(line);
                continue;
            }
            let mut full_classes = Classes::default();
            while let Some(&(at, c)) = found.get(next_found) {
                if at >= span.end {
                    break;
                }
                full_classes.add(c);
                next_found += 1;
            }
            // paywall numbers are read wherever they are
            // the notice patterns all hold a Notice keyword or 省略: look for
            // them only then (regexes on every line were a tenth of the time)
            let mut omit = false; // 省略 in the line
            while let Some(&at) = omit_at.get(next_omit) {
                if at >= span.end {
                    break;
                }
                omit |= at >= span.start;
                next_omit += 1;
            }
            let maybe_notice =
                full_classes.contains(&Class::Notice) || (omit && self.omitted.is_match(full));
            if maybe_notice {
                self.read_truncation(full, q);
            }
            // (a byline after the list is the article's: （责任编辑：赵敏）)
            let related_drop = in_related
                && chars <= MAX_BOILERPLATE_CHARS
                && !has_sentence_punct(full)
                && !full_classes.contains(&Class::Footer)
                && !self.is_byline(
                    full.trim()
                        .trim_matches(['（', '）', '(', ')', '【', '】', '[', ']']),
                );
            let spam = !related_drop && self.is_spam(&full_classes);
            // A paywall notice cuts the line; the part before it is then
            // classified as the line it becomes (as a second cleaning would).
            let mut text = full;
            let mut classes = full_classes;
            if !related_drop
                && !spam
                && maybe_notice
                && let Some(cut) = self.notice_start(full)
            {
                let before = &full[..cut];
                if han_upto(before, 2) >= 2 {
                    line.keep = Span::new(span.start, span.start + cut);
                    (line.han, line.chars) = han_and_chars(before);
                    text = before;
                    classes = self.classes_in(before);
                } else {
                    line.kind = Kind::Notice;
                }
            }
            let (han, chars) = (line.han, line.chars);
            let short = chars <= MAX_BOILERPLATE_CHARS;
            let has = |c: Class| classes.contains(&c);
            let sentence_punct = has_sentence_punct(text);
            if related_drop {
                line.kind = Kind::Boilerplate;
            } else if spam {
                line.kind = Kind::Spam;
                q.spam_removed += 1;
            } else if line.kind == Kind::Notice {
            } else if short && (has(Class::MetaWord) || self.is_source_line(text)) {
                line.kind = Kind::Meta;
                if date.is_none() {
                    *date = self.parse_date(text);
                }
                if source.is_none() {
                    *source = self.source_in(text);
                }
            } else if short && (has(Class::Nav) || has(Class::Footer)) {
                line.kind = Kind::Boilerplate;
            } else if short && has(Class::Related) && chars <= 12 {
                line.kind = Kind::Boilerplate;
                in_related = true;
            } else if (han == 0 && text.len() < 400)
                || is_nav_line(text, sentence_punct)
                || is_return_link(text)
            {
                line.kind = Kind::Boilerplate;
            }
            if line.kind != Kind::Boilerplate || !in_related {
                in_related = in_related && line.kind == Kind::Boilerplate;
            }
            if line.kind == Kind::Content && (sentence_punct || chars > 40) {
                in_related = false;
            }
            if matches!(line.kind, Kind::Boilerplate | Kind::Meta | Kind::Notice) {
                q.boilerplate_lines_removed += 1;
            }
            lines.push(line);
        }
        lines
    }

    /// Whether `t` is a byline on its own (`byline_only`); only text
    /// starting with a char that can start one is searched.
    fn is_byline(&self, t: &str) -> bool {
        t.chars().next().is_some_and(|c| {
            matches!(
                c,
                '□' | '■'
                    | '◎'
                    | '●'
                    | '○'
                    | '◇'
                    | '◆'
                    | '文'
                    | '作'
                    | '撰'
                    | '本'
                    | '全'
                    | '记'
                    | '责'
                    | '编'
            )
        }) && self.byline_only.is_match(t)
    }

    /// Whether `t` starts with a list marker (`list_marker`); only text
    /// starting with a char that can start one (a numeral, a digit, a
    /// bracket, 第首其再最) is searched.
    fn is_list_item(&self, t: &str) -> bool {
        t.chars().next().is_some_and(|c| {
            c.is_numeric()
                || matches!(
                    c,
                    '一' | '二'
                        | '三'
                        | '四'
                        | '五'
                        | '六'
                        | '七'
                        | '八'
                        | '九'
                        | '十'
                        | '（'
                        | '('
                        | '第'
                        | '首'
                        | '其'
                        | '再'
                        | '最'
                )
        }) && self.list_marker.is_match(t)
    }

    fn is_spam(&self, classes: &Classes) -> bool {
        let strong = classes.count(Class::SpamStrong);
        let weak = classes.count(Class::SpamWeak);
        strong >= 1 && strong + weak >= 2 || weak >= 4
    }

    fn read_truncation(&self, text: &str, q: &mut Quality) {
        let num = |re: &Regex| {
            re.captures(text)
                .and_then(|c| c.get(1))
                .and_then(|m| m.as_str().parse::<usize>().ok())
        };
        let total = num(&self.total);
        let shown = num(&self.shown);
        let t = q.truncated.get_or_insert(Truncation::default());
        t.total_chars = t.total_chars.or(total);
        t.shown_chars = t.shown_chars.or(shown);
    }

    /// Byte offset in `text` where a paywall notice starts.
    fn notice_start(&self, text: &str) -> Option<usize> {
        self.notice_open.find(text).map(|m| m.start())
    }

    fn is_source_line(&self, text: &str) -> bool {
        if !text.contains("来源") {
            return false;
        }
        let t =
            text.trim_matches(|c| matches!(c, '（' | '）' | '(' | ')' | '【' | '】' | '[' | ']'));
        self.source
            .find(t)
            .is_some_and(|m| m.start() <= 6 && t.len() - m.end() <= 30)
    }

    fn source_in(&self, text: &str) -> Option<String> {
        let c = self.source.captures(text)?;
        let v = c.get(1)?.as_str().trim_end_matches(['：', ':']);
        (!v.is_empty()).then(|| v.to_string())
    }

    /// `YYYY-MM-DD` from the first date in `text`.
    pub fn parse_date(&self, text: &str) -> Option<String> {
        // (already `YYYY-MM-DD`, as a read date hint is: no regex, whose
        // captures cost thousands of instructions a document)
        if let [y @ .., b'-', m1, m2, b'-', d1, d2] = text.as_bytes()
            && y.len() == 4
            && y.iter().chain([m1, m2, d1, d2]).all(u8::is_ascii_digit)
            && (b"19" == &y[..2] || b"20" == &y[..2])
        {
            let m = (m1 - b'0') * 10 + (m2 - b'0');
            let d = (d1 - b'0') * 10 + (d2 - b'0');
            return ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| text.to_string());
        }
        let c = self.date.captures(text)?;
        let y: u32 = c[1].parse().ok()?;
        let m: u32 = c[2].parse().ok()?;
        let d: u32 = c[3].parse().ok()?;
        ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
    }

    fn heading_like(&self, s: &str, l: &Line) -> bool {
        let Some(t) = l.keep.get(s) else { return false };
        l.kind == Kind::Content
            && l.han >= 4
            && l.chars <= 80
            && !t.ends_with([
                '。', '！', '？', '；', '：', '，', '、', '…', ':', '!', '?', ';',
            ])
            && !self.is_list_item(t)
            && !self.is_byline(t)
    }

    fn is_anchor(&self, s: &str, l: &Line) -> bool {
        l.kind == Kind::Meta
            || (l.kind == Kind::Content && l.keep.get(s).is_some_and(|t| self.is_byline(t)))
    }

    /// The title line: the heading-like line right before the first
    /// date/source or byline line; else the first heading-like line among
    /// the first few content lines.
    fn find_title(&self, s: &str, lines: &[Line]) -> Option<usize> {
        let first_anchor = lines.iter().take(80).position(|l| self.is_anchor(s, l));
        if let Some(a) = first_anchor {
            let cand = lines[..a].iter().rposition(|l| {
                l.kind == Kind::Content && !self.is_byline(l.keep.get(s).unwrap_or(""))
            });
            if let Some(c) = cand
                && self.heading_like(s, &lines[c])
            {
                return Some(c);
            }
        }
        let mut seen = 0;
        for (i, l) in lines.iter().enumerate() {
            if l.kind != Kind::Content {
                continue;
            }
            if self.heading_like(s, l) {
                let followed = lines[i + 1..].iter().find(|n| n.kind == Kind::Content);
                if followed.is_some() {
                    return Some(i);
                }
            }
            if !self.is_list_item(l.keep.get(s).unwrap_or("")) && l.chars > 15 {
                seen += 1;
            }
            if seen >= 3 {
                break;
            }
        }
        None
    }

    fn find_hinted_title(&self, s: &str, lines: &[Line], hints: &MarkupMeta) -> Option<usize> {
        let want: String = hints.title.as_deref()?.split_whitespace().collect();
        if want.is_empty() {
            return None;
        }
        // the title line itself compares as bytes; others char by char,
        // stopping at the first difference (no string built per line)
        // (`split_whitespace` would scan a whole line before its first word)
        let bare = |t: &str| t == want || t.chars().filter(|c| !c.is_whitespace()).eq(want.chars());
        lines
            .iter()
            .take(40)
            .position(|l| l.kind == Kind::Content && l.keep.get(s).is_some_and(bare))
    }

    /// Before the title, short unpunctuated lines are site furniture
    /// (section names, menus); list-marker lines (an outline) stay.
    fn drop_header_zone(&self, s: &str, lines: &mut [Line], title: usize, q: &mut Quality) {
        for l in &mut lines[..title] {
            let Some(t) = l.keep.get(s) else { continue };
            if l.kind == Kind::Content
                && l.chars < 20
                && !has_sentence_punct(t)
                && !self.is_list_item(t)
            {
                l.kind = Kind::Boilerplate;
                q.boilerplate_lines_removed += 1;
            }
        }
    }

    fn date_near(&self, s: &str, lines: &[Line], title: usize) -> Option<String> {
        lines[title..]
            .iter()
            .filter(|l| l.kind != Kind::Blank)
            .take(4)
            .filter(|l| l.chars <= 60)
            .find_map(|l| l.span.get(s).and_then(|t| self.parse_date(t)))
    }

    fn source_from_report(&self, s: &str, lines: &[Line]) -> Option<String> {
        lines
            .iter()
            .filter(|l| l.kind == Kind::Content)
            .take(5)
            .find_map(|l| {
                // (the patterns are anchored at 本报讯 and hold 日电: other
                // lines are not searched)
                let t = l.keep.get(s)?;
                let re = if t.starts_with("本报讯") {
                    &self.report_source
                } else if t[..crate::span::floor_char_boundary(t, 72)].contains("日电") {
                    &self.wire_source
                } else {
                    return None;
                };
                re.captures(t)?.get(1).map(|m| m.as_str().to_string())
            })
    }

    /// Whether line `b` reads as the continuation of the output paragraph
    /// `para` (`para_chars` chars long). Decided on the paragraph as
    /// written, not on its last line alone, so that cleaning cleaned text
    /// joins nothing more.
    fn joins(&self, s: &str, para: &str, para_chars: usize, b: &Line) -> bool {
        let Some(bt) = b.keep.get(s) else {
            return false;
        };
        para_chars >= 20
            && !para.ends_with([
                '。', '！', '？', '；', '：', '…', '”', '’', '）', '》', '!', '?', ':', ';', ')',
            ])
            // ASCII punctuation width folding left alone (its neighbours
            // were not CJK); joining would give it a CJK neighbour
            && !para.ends_with([',', '(', '"'])
            && bt.chars().next().is_some_and(is_han)
            && !self.is_list_item(bt)
            && !self.is_byline(para)
            && !ends_in_credit(para)
    }

    fn assemble(&self, s: &str, lines: &[Line], title: Option<usize>) -> MappedText {
        let mut out = MappedText::with_capacity(s.len(), s.len());
        let mut prev: Option<usize> = None; // previous kept line
        let (mut para_start, mut para_chars) = (0, 0); // current output paragraph
        for (i, l) in lines.iter().enumerate() {
            if l.kind != Kind::Content {
                continue;
            }
            let Some(t) = l.keep.get(s) else { continue };
            let t_start = t.trim_start();
            let t_trim = t_start.trim_end();
            if t_trim.is_empty() {
                continue;
            }
            let off = l.keep.start + (t.len() - t_start.len());
            if let Some(p) = prev {
                let adjacent = p + 1 == i;
                let para = out.as_str().get(para_start..).unwrap_or("");
                let joinable = self.joins(s, para, para_chars, l);
                let cut = lines[p].keep != lines[p].span; // by a paywall notice
                if !(adjacent && Some(p) != title && !cut && joinable) {
                    // A break the text alone would not explain (a blank or
                    // removed line between, the title, a notice cut) stays
                    // visible as a blank line, so cleaning the output joins
                    // nothing.
                    if joinable {
                        out.insert("\n\n", l.span.start);
                    } else if l.span.start > 0 && s.as_bytes()[l.span.start - 1] == b'\n' {
                        // the line break before the line: as a copy it
                        // extends the previous segment when nothing was
                        // removed, so clean text keeps a one-segment map
                        out.copy("\n", l.span.start - 1);
                    } else {
                        out.insert("\n", l.span.start);
                    }
                    para_start = out.len();
                    para_chars = 0;
                }
            }
            out.copy(t_trim, off);
            // the line's chars but the white space trimmed off its ends
            let trimmed = (
                off - l.keep.start,
                t.len() - (off - l.keep.start) - t_trim.len(),
            );
            para_chars += l
                .chars
                .saturating_sub(char_count(t.get(..trimmed.0).unwrap_or("")))
                .saturating_sub(char_count(t.get(t.len() - trimmed.1..).unwrap_or("")));
            prev = Some(i);
        }
        out
    }
}

/// Han characters (counted up to [`HAN_ENOUGH`]: no rule asks for more)
/// and all characters in `t`.
fn han_and_chars(t: &str) -> (usize, usize) {
    (han_upto(t, HAN_ENOUGH), char_count(t))
}

/// Han characters in `t`, counted up to `most`. U+4000..U+9FFF (lead bytes
/// E4–E9) are Han but for U+4DC0..U+4DFF (E4 B7 ..); other chars are decoded.
fn han_upto(t: &str, most: usize) -> usize {
    let b = t.as_bytes();
    let (mut n, mut i) = (0, 0);
    while n < most
        && let Some(&c0) = b.get(i)
    {
        if c0 < 0x80 {
            i += 1;
            continue;
        }
        if (0xE4..=0xE9).contains(&c0) {
            n += usize::from(c0 != 0xE4 || b.get(i + 1) != Some(&0xB7));
            i += 3;
            continue;
        }
        let Some(c) = t.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        n += usize::from(is_han(c));
        i += c.len_utf8();
    }
    n
}

/// Whether `t` holds one of `，。；！？` (a byte scan: each is three bytes,
/// `EF BC _` or `E3 80 82`).
fn has_sentence_punct(t: &str) -> bool {
    let b = t.as_bytes();
    memchr::memchr2_iter(0xEF, 0xE3, b).any(|i| match b.get(i..i + 3) {
        Some(&[0xEF, 0xBC, c]) => matches!(c, 0x8C | 0x9B | 0x81 | 0x9F),
        Some(&[0xE3, 0x80, c]) => c == 0x82,
        _ => false,
    })
}

/// The number of chars in `t`, counted as the bytes that are not UTF-8
/// continuation bytes (a loop the compiler vectorizes).
fn char_count(t: &str) -> usize {
    // byte-wide counters over blocks that cannot overflow them
    t.as_bytes()
        .chunks(255)
        .map(|c| {
            let n = c.iter().fold(0u8, |n, &b| n + u8::from((b as i8) >= -0x40));
            usize::from(n)
        })
        .sum()
}

/// Navigation rows: several short items separated by spaces or bars, with
/// no sentence punctuation (`sentence_punct`: whether `t` has any).
fn is_nav_line(t: &str, sentence_punct: bool) -> bool {
    if sentence_punct || t.ends_with(['!', '?']) {
        return false;
    }
    let bars = t.matches(['|', '｜', '·']).count();
    if bars >= 2 {
        return true;
    }
    // the items' number, total and longest length, in chars
    let (mut n, mut total, mut max) = (0usize, 0usize, 0usize);
    for w in t.split([' ', '|', '｜']).filter(|w| !w.is_empty()) {
        let c = w.chars().count();
        n += 1;
        total += c;
        max = max.max(c);
    }
    if n < 3 {
        return false;
    }
    max <= 8 && total * 2 <= n * 9
}

/// A line ending in a credit (`记者 王庆建 张 佩 摄`, `新华社发`) is complete
/// even without punctuation; so is one whose last clause has spaces in it
/// (names, captions), which a hard wrap inside a sentence does not.
fn ends_in_credit(t: &str) -> bool {
    let tail = t
        .rsplit(['，', '。', '；', '！', '？', '：'])
        .next()
        .unwrap_or(t);
    tail.trim().contains(' ') || t.ends_with(['摄', '发']) || t.ends_with("报道")
}

fn is_return_link(t: &str) -> bool {
    t.starts_with("返回") && t.chars().count() <= 30
}

/// Lines at least this long that repeat an earlier line are a second copy.
const DUPLICATE_MIN_CHARS: usize = 20;

/// Drops a body printed twice: a repeated line of at least
/// `DUPLICATE_MIN_CHARS` characters, and shorter repeated lines (a title, a
/// byline) that sit next to such a line. A short line a speech repeats on
/// its own (各位代表！) stays.
fn dedupe(s: &str, lines: &mut [Line], q: &mut Quality) {
    // Only a line whose length another line shares can repeat one: the
    // others are passed over without hashing their text (lengths are
    // sorted, not hashed, so crafted input cannot slow this down).
    let mut texts: Vec<(usize, usize)> = Vec::with_capacity(lines.len()); // (length, line)
    for (i, l) in lines.iter().enumerate() {
        if l.kind != Kind::Content || l.han < 2 {
            continue;
        }
        let Some(t) = l.keep.get(s) else { continue };
        texts.push((t.trim().len(), i));
    }
    texts.sort_unstable();
    // (most documents have no two lines of one length: nothing repeats,
    // and nothing more is allocated)
    if !texts.windows(2).any(|w| w[0].0 == w[1].0) {
        return;
    }
    let mut repeat = vec![false; lines.len()];
    let mut maybe = vec![false; lines.len()];
    for w in texts.windows(2) {
        if w[0].0 == w[1].0 {
            maybe[w[0].1] = true;
            maybe[w[1].1] = true;
        }
    }
    let mut seen: HashSet<&str> = HashSet::new();
    for (i, l) in lines.iter().enumerate() {
        if !maybe[i] {
            continue;
        }
        let Some(t) = l.keep.get(s) else { continue };
        repeat[i] = !seen.insert(t.trim());
    }
    if !repeat.contains(&true) {
        return;
    }
    let mut gone: Vec<bool> = lines
        .iter()
        .zip(&repeat)
        .map(|(l, r)| *r && l.chars >= DUPLICATE_MIN_CHARS)
        .collect();
    // a short repeat goes with its neighbouring removed copy; sweep both
    // ways so runs of short lines follow too (lines other than content —
    // blank, boilerplate, meta — are passed over)
    let content = |l: &Line| l.kind == Kind::Content;
    let mut last_gone = false;
    for i in 0..lines.len() {
        if !content(&lines[i]) {
            continue;
        }
        gone[i] |= repeat[i] && last_gone;
        last_gone = gone[i];
    }
    last_gone = false;
    for i in (0..lines.len()).rev() {
        if !content(&lines[i]) {
            continue;
        }
        gone[i] |= repeat[i] && last_gone;
        last_gone = gone[i];
    }
    for (l, g) in lines.iter_mut().zip(gone) {
        if g {
            l.kind = Kind::Duplicate;
            q.duplicate_blocks_removed += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(s: &str) -> (String, CleanedLines) {
        let c = LineCleaner::new().clean(s, &MarkupMeta::default());
        (c.text.as_str().to_string(), c)
    }

    #[test]
    fn a_date_already_in_form_reads_as_the_regex_reads_it() {
        let lc = LineCleaner::new();
        let by_regex = |t: &str| {
            let c = lc.date.captures(t)?;
            let (y, m, d): (u32, u32, u32) =
                (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
            ((1..=12).contains(&m) && (1..=31).contains(&d))
                .then(|| format!("{y:04}-{m:02}-{d:02}"))
        };
        let mut cases: Vec<String> = Vec::new();
        for y in [
            "1899", "1900", "1999", "2012", "2099", "2100", "3012", "20a2",
        ] {
            for m in ["00", "01", "07", "12", "13", "1a"] {
                for d in ["00", "01", "15", "31", "32", "x1"] {
                    cases.push(format!("{y}-{m}-{d}"));
                }
            }
        }
        cases.extend(
            [
                "2012-7-02",
                "2012-07-2",
                " 2012-07-02",
                "2012-07-02 ",
                "2012/07/02",
            ]
            .map(String::from),
        );
        for t in &cases {
            assert_eq!(lc.parse_date(t), by_regex(t), "{t}");
        }
    }

    #[test]
    fn navigation_rows() {
        for (t, nav) in [
            ("首页 新闻 体育 财经 娱乐", true),
            ("首页|新闻|体育", true),
            ("首页 · 新闻 · 体育", true),
            ("首页 新闻", false),
            ("国务院常务会议 部署 稳就业工作", false),
            ("习近平 李强 赵乐际 王沪宁", true),
            ("", false),
            ("首页 新闻 体育!", false),
        ] {
            assert_eq!(is_nav_line(t, false), nav, "{t}");
            assert!(!is_nav_line(t, true), "{t}");
        }
    }

    #[test]
    fn char_and_han_counts() {
        for t in [
            "",
            "a",
            "é",
            "中",
            "〇二三",
            "𠀀x丽",
            "ab 中文，。（１）\u{3000}𪚥",
            "一二三四五六",
        ] {
            let (han, chars) = han_and_chars(t);
            assert_eq!(chars, t.chars().count(), "{t}");
            assert_eq!(
                han,
                t.chars().filter(|c| is_han(*c)).count().min(HAN_ENOUGH),
                "{t}"
            );
        }
    }

    /// The keyword finder reports what Aho-Corasick's standard semantics
    /// do, on text made of keywords, their pieces and other chars.
    #[test]
    fn keywords_as_aho_corasick_finds_them() {
        use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(KEYWORDS.iter().map(|(k, _)| k))
            .unwrap();
        let kw = Keywords::new(KEYWORDS);
        let t2s = T2s::new();
        let mut pieces: Vec<String> = Vec::new();
        for (k, _) in KEYWORDS {
            let cs: Vec<char> = k.chars().collect();
            for a in 0..cs.len() {
                for b in a + 1..=cs.len() {
                    pieces.push(cs[a..b].iter().collect());
                }
            }
        }
        pieces.extend(
            [
                "的", "，", "a", "\n", "©", "【", "中国", "Cop", "省略", "省", "們", "這", "發",
                "於", "𠀀", "é", "「", "𤆬",
            ]
            .map(String::from),
        );
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let (mut hits, mut found, mut side) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..10_000 {
            let mut s = String::new();
            for _ in 0..(x % 24) {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                s.push_str(&pieces[(x >> 33) as usize % pieces.len()]);
            }
            let want: Vec<(usize, Class)> = ac
                .find_iter(&s)
                .map(|m| (m.start(), KEYWORDS[m.pattern().as_usize()].1))
                .collect();
            kw.find(&s, &mut hits, &mut found, &mut side, None);
            assert_eq!(found, want, "{s}");
            let omit: Vec<usize> = s.match_indices("省略").map(|(i, _)| i).collect();
            assert_eq!(side, omit, "{s}");
            let trig = kw.find(&s, &mut hits, &mut found, &mut side, Some(&t2s));
            assert_eq!(trig, s.chars().any(|c| t2s.needs_conversion(c)), "{s}");
            assert_eq!(found, want, "{s}");
        }
        kw.find(
            "视频在线观看成人影院，©Copyright",
            &mut hits,
            &mut found,
            &mut side,
            None,
        );
        assert_eq!(found.len(), 4, "{found:?}");
    }

    /// The first-char prechecks pass every text the patterns match.
    #[test]
    fn byline_and_list_prechecks() {
        let lc = LineCleaner::new();
        let tails = [
            "",
            "张三",
            "报记者 张三",
            "：张三",
            " 张三 李四",
            "/王五",
            "、",
            "是",
            " x",
            "）",
            ". a",
            "二三、",
            "（一）",
            "一三）",
            "、标题",
            "，",
            "先要",
            "任编辑：赵六",
        ];
        for c in (0..0x3_0000u32).filter_map(char::from_u32) {
            for tail in tails {
                let t = format!("{c}{tail}");
                if lc.byline_only.is_match(&t) {
                    assert!(lc.is_byline(&t), "{t}");
                }
                if lc.list_marker.is_match(&t) {
                    assert!(lc.is_list_item(&t), "{t}");
                }
            }
        }
        assert!(lc.is_byline("本报记者 张三") && lc.is_list_item("（三）标题"));
    }

    #[test]
    fn sentence_punct_by_bytes() {
        for t in [
            "",
            "abc",
            "中文",
            "（）“”、",
            "a，",
            "。",
            "；x",
            "！",
            "？",
            "：,.;",
        ] {
            let want = t.contains(['，', '。', '；', '！', '？']);
            assert_eq!(has_sentence_punct(t), want, "{t}");
        }
        for t in [
            "䷀䷁中文",
            "𠀀〇㐀",
            "\u{4DBF}\u{4DC0}\u{4DFF}\u{4E00}",
            "豈x",
        ] {
            let want = t.chars().filter(|c| is_han(*c)).count();
            assert_eq!(han_upto(t, 99), want, "{t}");
        }
    }

    #[test]
    fn repeated_short_lines_of_a_speech_stay() {
        let s = "各位代表！\n过去一年，我们坚持稳中求进工作总基调，经济社会发展取得新成就。\n各位代表！\n今年要着力扩大国内需求，推动经济实现质的有效提升和量的合理增长。";
        let (t, c) = clean(s);
        assert_eq!(t.matches("各位代表！").count(), 2, "{t}");
        assert_eq!(c.quality.duplicate_blocks_removed, 0);
        // a body printed twice goes, title and byline with it
        let body = "标题在此\n□张三\n第一段的正文很长很长，说明了很多很多的事情。\n第二段的正文也很长，说明了更多更多的事情。";
        let (t, c) = clean(&format!("{body}\n{body}"));
        assert_eq!(t, body);
        assert_eq!(c.quality.duplicate_blocks_removed, 4);
    }

    #[test]
    fn header_title_meta_footer() {
        let s = "网站首页 新闻 国内 国际 河南 焦作\n您现在的位置：焦作网 > 正文\n新闻专题\n坚持“项目为王”不动摇\n□赵国松\n更新时间:2022-5-13 8:39:03 来源:焦作日报\n正文第一段，很长的句子。\n版权所有：某某报社 未经授权，请勿转载。";
        let (t, c) = clean(s);
        assert_eq!(t, "坚持“项目为王”不动摇\n□赵国松\n正文第一段，很长的句子。");
        assert_eq!(c.title.as_deref(), Some("坚持“项目为王”不动摇"));
        assert_eq!(c.date.as_deref(), Some("2022-05-13"));
        assert_eq!(c.source.as_deref(), Some("焦作日报"));
        assert_eq!(c.quality.boilerplate_lines_removed, 5);
    }

    #[test]
    fn a_wire_dateline_names_the_source() {
        let source = |line: &str| clean(&format!("标题在此一二\n{line}")).1.source;
        let dated = "郑州3月2日电（记者王凯）3月1日，河南省政府召开全省重点项目建设工作会议。";
        assert_eq!(source(&format!("新华社{dated}")).as_deref(), Some("新华社"));
        assert_eq!(
            source(&format!("（新华社{dated}")).as_deref(),
            Some("新华社")
        );
        assert_eq!(source(&format!("人民网{dated}")).as_deref(), Some("人民网"));
        assert_eq!(
            source(&format!("河南日报{dated}")).as_deref(),
            Some("河南日报")
        );
        assert_eq!(
            source(&format!("中国网络电视台{dated}")).as_deref(),
            Some("中国网络电视台")
        );
        // 本报 names no outlet; a date in prose is no dateline
        assert_eq!(source(&format!("本报{dated}")), None);
        assert_eq!(source("今天3月5日电力公司召开会议，研究部署工作。"), None);
        // a 来源 line wins
        let both = format!("新华社{dated}\n来源：大河网");
        assert_eq!(
            clean(&format!("标题在此一二\n{both}")).1.source.as_deref(),
            Some("大河网")
        );
    }

    #[test]
    fn paywall_spam_duplicates_wraps() {
        let s = "标题在这里是一个标题\n正文说，通过这次会议我们进一步理清了思路、找准了关键，通过这次\n汇报，能看出工作。\n有\n……（新文秘网省略553字，正式会员可完整阅读）……\n实现协 ……（未完，全文共2444字，当前仅显示1554字，请阅读下面提示信息。\n正文说，通过这次会议我们进一步理清了思路、找准了关键，通过这次\n欧美系列亚洲系列国产系列，人妻无码专用影院";
        let (t, c) = clean(s);
        assert!(t.contains("通过这次汇报，能看出工作。"), "{t}");
        assert!(
            !t.contains("省略") && !t.contains("未完") && !t.contains("人妻"),
            "{t}"
        );
        assert!(t.ends_with("实现协"), "{t}");
        assert_eq!(
            c.quality.truncated,
            Some(Truncation {
                shown_chars: Some(1554),
                total_chars: Some(2444)
            })
        );
        assert_eq!(c.quality.spam_removed, 1);
        assert_eq!(c.quality.duplicate_blocks_removed, 1);
    }
}
