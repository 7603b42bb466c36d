//! Meetings held or cited, and official documents cited in 《…》.
//!
//! **Meetings.** A meeting's name ends with a head word (`data/meeting_heads.txt`:
//! 会议, 大会, 全会, 座谈会, 推进会, 常委会, 党代会 …). The name starts after
//! the nearest word before the head that cannot belong to a name: a verb
//! that takes the meeting as object (召开, 举行, 主持, 出席, 贯彻, 传达 …), a
//! preposition or particle (在, 和, 的 — but not the 的 of 党的), or any
//! punctuation other than 、, brackets and quotes, within 40 characters. Leading
//! time words and dates (近日, 2月7日, 3点) are dropped; a trigger inside a
//! closed quote is part of the name (召开“打击新闻敲诈、加强行业自律”座谈会),
//! and an opening quote the name does not close starts it (举办了两届“中国海外
//! 投资年会”). At a 、 the name keeps only the part after it when the part
//! before is a bare scope (中央、省委经济工作会议 → 省委经济工作会议), the
//! part after starts with one (…、中央经济工作会议),
//! or the part after starts with a session and the part before does not
//! (选举法、十一届全国人大五次会议; 党的十八大、十八届三中全会);
//! otherwise the 、 belongs to the name (全市重点项目建设、县区经济高质量发展暨
//! …讲评大会). A name joined by 暨 or carrying a parenthesis (市委常委会（扩大）
//! 会议) is one meeting. Rejected: a head with nothing before it (会议强调), or
//! only determiners and generic words (此次会议, 本次会议, 专题会议), plural
//! references (市、县两级党代会), 例会, a standing committee that is an organ
//! (全国人大常委会), a 代表大会 with no session (届, 次) that is not said to be
//! held (同级人民代表大会及其常委会, 完善职工代表大会制度: the body, not a
//! meeting), rooms and halls (会议室, 人民大会堂), and a name that is only
//! the tail of another one in the document (项目推进会 after 全市“三个一批”暨
//! 项目推进会). Each meeting is reported once, with the date (as written) when
//! the sentence says when it was held: `2月7日，我市召开…`.
//!
//! **Documents.** A title in 《…》 is an official document when it ends with
//! a document kind (`data/document_kinds.txt`: 决定, 通知, 意见, 方案, 规划,
//! 条例, 报告, 法 …, a trailing （试行） or （2021年版） set aside). Newspapers,
//! programmes, books and songs end otherwise and are left out. Speeches
//! (《在…上的讲话》, …致辞) are not documents: they are what a meeting heard,
//! not what an office issued. A bare kind (《意见》, 《通知》) refers back to a
//! full title and is left out. Each title is reported once.

use std::collections::HashSet;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex::Regex;

use super::{Context, Extractor};
use crate::record::{CitedDocument, Meeting, Records};
use crate::span::Span;

const MEETING_HEADS: &str = include_str!("../../data/meeting_heads.txt");
const DOCUMENT_KINDS: &str = include_str!("../../data/document_kinds.txt");

/// Most characters looked at before a head word.
const NAME_WINDOW: usize = 40;
/// Most characters inside 《…》.
const MAX_TITLE_CHARS: usize = 150;
/// Most meetings and documents kept per document.
const MAX_ITEMS: usize = 1000;

/// Words before a meeting name that end the search for its start: verbs
/// taking the meeting as object, and prepositions.
const TRIGGERS: &[&str] = &[
    "召开", "举行", "举办", "主持", "出席", "参加", "列席", "贯彻", "落实", "传达", "学习", "领会",
    "按照", "根据", "依据", "通过", "审议", "筹备", "开好", "围绕", "关于", "迎接", "部署", "欢迎",
    "希望", "相信", "期待", "预祝", "提交", "提请", "审定", "认识", "推动", "主办", "承办", "作为",
    "紧扣", "评价", "会见", "委托", "采取", "决定", "建议", "宣布", "通报", "介绍", "感谢", "实现",
    "热议", "精神", "当选", "选举", "瞻仰", "开辟", "致辞", "祝贺", "参观", "筹办", "讨论", "听取",
    "结束", "支持", "关注", "会晤", "接见", "出访", "届时", "如果", "任何", "他们", "我们", "你们",
    "召集", "交付", "完善", "播送", "呈现", "报道", "严格", "收入", "象征", "维护", "丰富", "坚持",
    "加强", "发挥", "自", "在", "于", "和", "与", "及", "的", "了", "是", "将", "对", "向", "把",
    "即", "并", "又", "也", "都", "同", "跟", "被", "就", "由", "好", "到", "从", "受", "为", "离",
    "他", "她", "赴",
];

/// Triggers that are not triggers when followed by these characters
/// (对外开放, 和平, 共和国, 就业; 党的 is handled apart).
const TRIGGER_EXCEPTIONS: &[(&str, &str)] = &[
    ("对", "外口标话称应比策"),
    ("和", "平谐美国解"),
    ("自", "治贸然主己由动发身"),
    ("同", "志步"),
    ("与", "会"),
    ("就", "业"),
    ("到", "位"),
    ("好", "处"),
    ("为", "期"),
    ("离", "退"),
];

/// Determiners after which a meeting's name starts (期待这次|中非合作论坛…).
const DETERMINERS: &[&str] = &[
    "这次", "本次", "此次", "该次", "上述", "所谓", "这届", "本届",
];

/// The last chars of the [`DETERMINERS`].
const DETERMINER_LASTS: &[char] = &['次', '述', '谓', '届'];

/// Scope words a meeting name often starts with.
const SCOPES: &[&str] = &[
    "中央",
    "中共中央",
    "国务院",
    "全国",
    "全省",
    "全市",
    "全县",
    "全区",
    "全州",
    "省委",
    "市委",
    "县委",
    "区委",
    "州委",
    "省政府",
    "市政府",
    "县政府",
    "区政府",
    "省",
    "市",
    "县",
    "党的",
];

/// Time words and subjects dropped from the start of a name.
const LEADING_JUNK: &[&str] = &[
    "近日", "日前", "今天", "昨天", "今日", "昨日", "上午", "下午", "晚上", "当天", "同日", "近期",
    "此前", "随后", "目前", "今年", "去年", "明年", "本周", "上周", "我市", "我省", "我县", "我区",
    "我国",
];

/// Words that cannot make a meeting's name alone (此次会议, 专题会议).
const GENERIC: &[&str] = &[
    "此次",
    "本次",
    "这次",
    "那次",
    "上次",
    "下次",
    "首次",
    "每次",
    "一次",
    "多次",
    "历次",
    "该",
    "上述",
    "各类",
    "各种",
    "有关",
    "相关",
    "重要",
    "专题",
    "专门",
    "紧急",
    "全体",
    "这些",
    "那些",
    "各",
    "此",
    "本",
    "这",
    "那",
    "次",
    "系列",
    "一系列",
    "视频",
    "电视电话",
    "线上",
    "线下",
    "现场",
    "工作",
    "例行",
    "定期",
    "大型",
    "分组",
    "首次",
    "论坛",
];

/// Plural or repeated references: not one meeting.
const PLURAL: &[&str] = &[
    "两级", "三级", "各级", "历届", "每届", "各届", "两届", "多届", "两次", "多次", "历次",
];

/// The last chars of the [`PLURAL`] words.
const PLURAL_LASTS: &[char] = &['级', '届', '次'];

/// What makes a head word not a meeting (会议室, 人民大会堂, 大会战, 国会议长,
/// 中共一大会址).
const NOT_AFTER_HEAD: &str = "室厅堂战场馆桌费长员址";

/// The character every head word holds once (`会议`, `座谈会`, `峰会`).
const HUI: &str = "会";

/// The head words in the text, leftmost-longest and not overlapping, as an
/// Aho-Corasick automaton finds them. When every head holds 会 once (the
/// shipped list), the search jumps from 会 to 会 (a SIMD substring search)
/// and compares the few heads around each, instead of running an automaton
/// over every byte; any other list takes the automaton.
#[derive(Debug)]
enum Heads {
    /// Each head as the bytes before and after its 会.
    Hui {
        around: Vec<Around>,
        /// Indices into `around` by the last char of the part before 会
        /// (`None` for heads that start with 会), sorted by char.
        by_last: Vec<(Option<char>, Vec<usize>)>,
        finder: Box<memchr::memmem::Finder<'static>>,
    },
    Automaton(AhoCorasick),
}

/// A head word's bytes before and after its 会.
type Around = (Box<[u8]>, Box<[u8]>);

impl Heads {
    fn new(heads: &[&str]) -> Heads {
        let split: Option<Vec<Around>> = heads
            .iter()
            .map(|h| {
                let (pre, suf) = h.split_once(HUI)?;
                (!pre.contains(HUI) && !suf.contains(HUI))
                    .then(|| (pre.as_bytes().into(), suf.as_bytes().into()))
            })
            .collect();
        match split {
            Some(around) if !around.is_empty() => {
                let mut by_last: Vec<(Option<char>, Vec<usize>)> = Vec::new();
                for (k, (pre, _)) in around.iter().enumerate() {
                    let last = std::str::from_utf8(pre)
                        .ok()
                        .and_then(|p| p.chars().next_back());
                    match by_last.iter_mut().find(|(c, _)| *c == last) {
                        Some((_, ks)) => ks.push(k),
                        None => by_last.push((last, vec![k])),
                    }
                }
                by_last.sort_by_key(|(c, _)| *c);
                Heads::Hui {
                    around,
                    by_last,
                    finder: Box::new(memchr::memmem::Finder::new(HUI.as_bytes())),
                }
            }
            _ => Heads::Automaton(
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .kind(Some(AhoCorasickKind::DFA))
                    .prefilter(false)
                    .build(heads)
                    .expect("meeting heads are plain strings"),
            ),
        }
    }

    /// Calls `f` with the span of each head found, in order, until it
    /// returns `false`.
    fn each(&self, text: &str, mut f: impl FnMut(usize, usize) -> bool) {
        match self {
            Heads::Automaton(ac) => {
                for m in ac.find_iter(text) {
                    if !f(m.start(), m.end()) {
                        return;
                    }
                }
            }
            Heads::Hui {
                around,
                by_last,
                finder,
            } => {
                let b = text.as_bytes();
                // `pos`: where the next match may start; `from`: where to look
                // for the next 会. A head's part before 会 holds no 会, so every
                // match around a 会 starts before any match around a later one:
                // the first 会 with a match gives the leftmost match.
                let (mut pos, mut from) = (0, 0);
                while let Some(k) = b.get(from..).and_then(|r| finder.find(r)) {
                    let h = from + k;
                    let after = h + HUI.len();
                    let mut best: Option<(usize, usize)> = None;
                    // Only the heads whose part before 会 ends in the char
                    // before this 会 (or is empty) can match here.
                    let prev = text.get(..h).and_then(|t| t.chars().next_back());
                    let groups = [None, prev].map(|c| {
                        by_last
                            .binary_search_by_key(&c, |(k, _)| *k)
                            .ok()
                            .map_or(&[][..], |g| &by_last[g].1[..])
                    });
                    let candidates = if prev.is_none() {
                        &groups[..1]
                    } else {
                        &groups[..]
                    };
                    for &k in candidates.iter().flat_map(|g| g.iter()) {
                        let (pre, suf) = &around[k];
                        let Some(start) = h.checked_sub(pre.len()) else {
                            continue;
                        };
                        let end = after + suf.len();
                        // (Compared inline, not through `memcmp` calls.)
                        if start < pos
                            || !b.get(start..h).is_some_and(|x| bytes_eq_rev(x, pre))
                            || !b.get(after..end).is_some_and(|x| bytes_eq_rev(x, suf))
                        {
                            continue;
                        }
                        if best.is_none_or(|(s, e)| start < s || (start == s && end > e)) {
                            best = Some((start, end));
                        }
                    }
                    match best {
                        Some((start, end)) => {
                            if !f(start, end) {
                                return;
                            }
                            (pos, from) = (end, end);
                        }
                        None => from = after,
                    }
                }
            }
        }
    }
}

/// [`TRIGGERS`] (one or two chars each) by their last char, for a scan
/// from the right that stops at the first one: the last trigger in a window
/// without running an automaton over all of it.
#[derive(Debug)]
struct Triggers {
    /// Sorted by last char: whether that char alone is a trigger (and the
    /// chars after it that make it none), and the first chars of the
    /// two-char triggers ending in it, with whether each is a verb of
    /// holding.
    by_last: Vec<TriggerEnd>,
    /// A bit per `c % 1024` for the chars in `by_last`: most chars are
    /// ruled out by one test before the binary search.
    last_bits: [u64; 16],
}

/// The triggers ending in one char: that char, whether it is a trigger
/// alone (with the chars after it that make it none), and the first chars
/// of the two-char ones, each with whether it is a verb of holding.
type TriggerEnd = (char, Option<&'static str>, Vec<(char, bool)>);

/// Whether the meeting named up to byte `end` is said to be held right
/// after its name: 推进会召开, 全会在京举行, 大会在县行政中心隆重召开, 论坛
/// 今天开幕 (not 全会精神宣讲会在京举行, 部长会议主席…举行会谈, 会议中心
/// 开幕: there the name is not the subject).
fn held_after(text: &str, end: usize) -> bool {
    const VERBS: &[&str] = &["召开", "举行", "举办", "开幕", "闭幕"];
    const MANNER: &[&str] = &["隆重", "胜利", "正式", "今天", "今日", "昨天", "日前"];
    let Some(mut rest) = text.get(end..) else {
        return false;
    };
    // (a day first: 大会30号在坦帕闭幕)
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0
        && let Some(r) = rest[digits..].strip_prefix(['号', '日'])
    {
        rest = r;
    }
    let verb = |r: &str| {
        let r = MANNER.iter().find_map(|m| r.strip_prefix(m)).unwrap_or(r);
        let r = MANNER.iter().find_map(|m| r.strip_prefix(m)).unwrap_or(r);
        VERBS.iter().any(|v| r.starts_with(v))
    };
    if verb(rest) {
        return true;
    }
    // 在/于 + a place or time, then the verb, in the same clause
    let Some(place) = rest.strip_prefix('在').or_else(|| rest.strip_prefix('于')) else {
        return false;
    };
    rest = place;
    for (n, (i, c)) in rest.char_indices().enumerate() {
        if n >= 20 || matches!(c, '，' | '。' | '；' | '：' | '！' | '？' | '\n' | '、') {
            break;
        }
        if rest.get(i..).is_some_and(verb) {
            return true;
        }
    }
    false
}

/// Verbs of holding: a meeting after them was held (its date is looked for).
const HOLDING: &[&str] = &["召开", "举行", "举办", "主持", "出席", "参加", "列席"];

impl Triggers {
    fn new() -> Triggers {
        let mut by_last: Vec<TriggerEnd> = Vec::new();
        for &t in TRIGGERS {
            let cs: Vec<char> = t.chars().collect();
            let (first, last) = match cs[..] {
                [c] => (None, c),
                [a, c] => (Some(a), c),
                _ => panic!("a trigger is one or two chars: {t}"),
            };
            let k = match by_last.iter().position(|e| e.0 == last) {
                Some(k) => k,
                None => {
                    by_last.push((last, None, Vec::new()));
                    by_last.len() - 1
                }
            };
            let ex = TRIGGER_EXCEPTIONS
                .iter()
                .find(|(w, _)| *w == t)
                .map_or("", |(_, ex)| ex);
            match first {
                None => by_last[k].1 = Some(ex),
                Some(a) => {
                    assert!(ex.is_empty(), "no exceptions for two-char triggers: {t}");
                    by_last[k].2.push((a, HOLDING.contains(&t)));
                }
            }
        }
        by_last.sort_by_key(|e| e.0);
        let mut last_bits = [0u64; 16];
        for e in &by_last {
            let k = e.0 as usize % 1024;
            last_bits[k / 64] |= 1 << (k % 64);
        }
        Triggers { by_last, last_bits }
    }

    /// The end of the last trigger in `window` (0 if none) and whether it
    /// is a verb of holding: a trigger followed by a char that makes it
    /// none (对外, 和平) does not count, nor 的 after 党 or 和 after 共
    /// (共和党).
    fn last(&self, window: &str) -> (usize, bool) {
        let mut next = '\0';
        let mut it = window.char_indices().rev().peekable();
        while let Some((i, c)) = it.next() {
            let bit = c as usize % 1024;
            if self.last_bits[bit / 64] >> (bit % 64) & 1 == 1
                && let Ok(k) = self.by_last.binary_search_by_key(&c, |e| e.0)
            {
                let (_, single, pairs) = &self.by_last[k];
                let prev = it.peek().map(|&(_, p)| p);
                let end = i + c.len_utf8();
                // (No verb of holding ends in a one-char trigger: which of
                // the two matched decides nothing.)
                if let Some(p) = prev
                    && let Some(&(_, held)) = pairs.iter().find(|(a, _)| *a == p)
                {
                    return (end, held);
                }
                if let Some(ex) = single
                    && !ex.contains(next)
                    && !(c == '的' && prev == Some('党'))
                    && !(c == '和' && prev == Some('共'))
                {
                    return (end, false);
                }
            }
            next = c;
        }
        (0, false)
    }
}

/// Extracts meetings and cited documents.
#[derive(Debug)]
pub struct MeetingExtractor {
    heads: Heads,
    /// [`TRIGGERS`], looked up by their last char.
    triggers: Triggers,
    head_words: Vec<String>,
    kinds: Vec<String>,
    date: Regex,
    /// 《, searched for by [`MeetingExtractor::documents`] (built once: a
    /// searcher costs more to build than most documents take to search).
    open_title: memchr::memmem::Finder<'static>,
}

impl Default for MeetingExtractor {
    fn default() -> Self {
        MeetingExtractor::new()
    }
}

fn data_lines(s: &str) -> impl Iterator<Item = &str> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl MeetingExtractor {
    /// Builds the extractor from the embedded head-word and document-kind lists.
    pub fn new() -> MeetingExtractor {
        let heads: Vec<&str> = data_lines(MEETING_HEADS).collect();
        let mut kinds: Vec<String> = data_lines(DOCUMENT_KINDS).map(String::from).collect();
        kinds.sort_by_key(|k| std::cmp::Reverse(k.len()));
        MeetingExtractor {
            head_words: heads.iter().map(|h| h.to_string()).collect(),
            triggers: Triggers::new(),
            heads: Heads::new(&heads),
            kinds,
            date: Regex::new(
                r"(?:(?:\d{4}年)?\d{1,2}月)?\d{1,2}日(?:(?:至|到|—|-|－)(?:\d{1,2}月)?\d{1,2}日)?",
            )
            .expect("date regex compiles"),
            open_title: memchr::memmem::Finder::new("《".as_bytes()),
        }
    }

    /// Named meetings in `text`, in order of first mention.
    pub fn meetings(&self, text: &str) -> Vec<Meeting> {
        let mut cands: Vec<(Span, Option<String>)> = Vec::new();
        self.heads.each(text, |m_start, m_end| {
            let mut end = m_end;
            let after = text.get(end..).unwrap_or("");
            let mut after_chars = after.chars();
            let next = after_chars.next().unwrap_or('\0');
            let head = text.get(m_start..m_end).unwrap_or("");
            if head.ends_with('会') && next == '议' {
                end += '议'.len_utf8();
            }
            let next = text
                .get(end..)
                .and_then(|s| s.chars().next())
                .unwrap_or('\0');
            if NOT_AFTER_HEAD.contains(next) || (head == "会议" && next == '纪') {
                return true;
            }
            if head == "常委会"
                && [
                    "委员",
                    "副",
                    "主任",
                    "秘书",
                    "党组",
                    "组成",
                    "办公",
                    "工作报告",
                ]
                .iter()
                .any(|w| text.get(end..).is_some_and(|s| s.starts_with(w)))
            {
                return true;
            }
            // A head followed by 暨 or by more of a name (（扩大）会议) is part of
            // a longer name found at the later head.
            if next == '暨' {
                return true;
            }
            let Some((start, held)) = self.name_start(text, m_start) else {
                return true;
            };
            let span = Span::new(start, end);
            let Some(name) = span.get(text) else {
                return true;
            };
            if !self.plausible(name, head) {
                return true;
            }
            // 代表大会 with no session named is the body, not a meeting
            // (完善人民代表大会制度, 同级人民代表大会及其常委会), unless held.
            if !held
                && name.ends_with("代表大会")
                && !name.contains(['届', '次'])
                && !name.bytes().any(|b| b.is_ascii_digit())
                && !held_after(text, end)
            {
                return true;
            }
            // (祝贺…大会召开: the date is the greeting's)
            let greeted = text.get(..start).is_some_and(|b| b.ends_with("祝贺"));
            let date = if held || !greeted && held_after(text, end) {
                self.date_before(text, start)
            } else {
                None
            };
            cands.push((span, date));
            cands.len() < MAX_ITEMS
        });
        // Drop names inside longer ones (常委会 in 常委会（扩大）会议).
        let all: Vec<Span> = cands.iter().map(|c| c.0).collect();
        cands.retain(|(sp, _)| !all.iter().any(|o| o != sp && o.contains(*sp)));
        let names: Vec<&str> = cands.iter().filter_map(|c| c.0.get(text)).collect();
        // (Each name once: compared with those kept, like the loops above,
        // rather than hashed — a document names a few meetings.)
        let mut out: Vec<Meeting> = Vec::new();
        for (sp, date) in &cands {
            let Some(name) = sp.get(text) else { continue };
            // A back-reference to a longer name: 项目推进会 after 全市…暨项目推进会.
            if names
                .iter()
                .any(|o| o.len() > name.len() && o.ends_with(name))
            {
                continue;
            }
            match out.iter_mut().find(|m| m.name == name) {
                // (named first undated, in the title, say, then dated)
                Some(m) => {
                    if m.date.is_none() {
                        m.date.clone_from(date);
                    }
                }
                None => out.push(Meeting {
                    name: name.to_string(),
                    date: date.clone(),
                    span: *sp,
                }),
            }
        }
        out
    }

    /// Where the name ending at a head word starting at byte `head` begins,
    /// and whether a verb of holding (召开, 举行, 主持 …) precedes it.
    fn name_start(&self, text: &str, head: usize) -> Option<(usize, bool)> {
        let before = text.get(..head)?;
        // Characters a name may hold, scanning left.
        let mut start = head;
        let mut prev = '\0';
        for (n, (i, c)) in before.char_indices().rev().enumerate() {
            // A single dash joins names (中国—东盟); a double one is punctuation.
            let dash = matches!(c, '—' | '－') && prev != c;
            let ok = is_cjk(c)
                || c.is_ascii_alphanumeric()
                || dash
                || matches!(
                    c,
                    '（' | '）' | '(' | ')' | '“' | '”' | '‘' | '’' | '、' | '·'
                );
            if !ok || n >= NAME_WINDOW || (matches!(prev, '—' | '－') && prev == c) {
                if prev == c && matches!(c, '—' | '－') {
                    start += c.len_utf8();
                }
                break;
            }
            start = i;
            prev = c;
        }
        let window = text.get(start..head)?;
        // Cut after the last trigger.
        let (mut cut, mut held) = self.triggers.last(window);
        // A trigger inside a quoted part of the name does not end it
        // (召开“打击新闻敲诈、加强行业自律”座谈会): look again before the quote.
        while cut > 0
            && let Some(open) = window[..cut].rfind('“')
            && !window[open..cut].contains('”')
            && window[cut..].contains('”')
        {
            (cut, held) = self.triggers.last(&window[..open]);
        }
        let mut name = window.get(cut..)?;
        // (、 is E3 80 81, the quotes E2 80 xx: a name without these bytes,
        // the usual one, skips the steps that look for them.)
        let has_e3 = memchr::memchr(0xE3, name.as_bytes()).is_some();
        // Enumerations and shared scopes at 、.
        if has_e3 && let Some(k) = name.rfind('、') {
            let (left, right) = (&name[..k], &name[k + '、'.len_utf8()..]);
            let left = strip_junk(left);
            let left_is_meeting = self.head_words.iter().any(|h| left.ends_with(h.as_str()))
                || left.ends_with("会议");
            if left_is_meeting
                || right.is_empty()
                || starts_with_ordinal(right) && !starts_with_ordinal(left)
                || SCOPES.contains(&left)
                || SCOPES
                    .iter()
                    .any(|s| s.chars().count() > 1 && right.starts_with(s))
            {
                name = right;
            }
        }
        // A list of people or things before it: keep the last item.
        if has_e3
            && name.matches('、').count() >= 2
            && let Some(k) = name.rfind('、')
        {
            name = &name[k + '、'.len_utf8()..];
        }
        // A determiner inside: 期待这次|中非合作论坛北京峰会.
        // (Each ends in one of DETERMINER_LASTS: a name holding none of these
        // holds no determiner.)
        if DETERMINER_LASTS.iter().any(|&c| name.contains(c)) {
            for d in DETERMINERS {
                if let Some(k) = rfind_short(name, d) {
                    name = &name[k + d.len()..];
                }
            }
        }
        if memchr::memchr(0xE2, name.as_bytes()).is_some() {
            // Quoted items in a row: the name is the last (“精品案例”“世界互联网大会).
            if let Some(k) = name.rfind("”“") {
                name = &name[k + '”'.len_utf8()..];
            }
            // A closing quote left open by the cut (体精品案例”世界互联网大会).
            let mut depth = 0i32;
            for (k, c) in name.char_indices() {
                match c {
                    '“' | '‘' => depth += 1,
                    '”' | '’' if depth == 0 => {
                        name = &name[k + c.len_utf8()..];
                        break;
                    }
                    '”' | '’' => depth -= 1,
                    _ => {}
                }
            }
        }
        // An opening quote the name does not close: the name starts inside
        // it (举办了两届“中国海外投资年会”).
        if memchr::memchr(0xE2, name.as_bytes()).is_some()
            && let Some(k) = name.rfind('“')
            && !name[k..].contains('”')
        {
            name = &name[k + '“'.len_utf8()..];
        }
        let mut name = strip_junk(name).trim_start_matches(['、', '）', ')', '”', '’']);
        if let Some(rest) = name.strip_prefix(['“', '‘'])
            && !rest.contains(['”', '’'])
        {
            name = rest;
        }
        let offset = head - name.len();
        Some((offset, held))
    }

    /// Whether `name` (ending with `head`) names one particular meeting.
    fn plausible(&self, name: &str, head: &str) -> bool {
        let Some(mut prefix) = name
            .strip_suffix(head)
            .or_else(|| name.strip_suffix('议').and_then(|n| n.strip_suffix(head)))
        else {
            return false;
        };
        // (At most one char per byte: a short name needs no count.)
        if name.len() > 50 && name.chars().count() > 50
            || PLURAL_LASTS.iter().any(|&c| name.contains(c))
                && PLURAL.iter().any(|p| rfind_short(name, p).is_some())
        {
            return false;
        }
        if head == "常委会" && !prefix.ends_with('委') {
            return false;
        }
        if prefix.ends_with('例') || name.contains("例会") {
            return false;
        }
        // A session with no body named: 充分认识全会; 每年会 (every year, will).
        if head == "全会" && !prefix.contains(['届', '中', '次']) {
            return false;
        }
        if head == "年会"
            && prefix.ends_with([
                '每', '今', '明', '去', '当', '同', '前', '后', '半', '多', '几', '一',
            ])
        {
            return false;
        }
        // A kind of meeting, not one: 欧盟相关会议, 数百场重要会议, 13场专题会议.
        if [
            "相关", "有关", "各类", "各种", "系列", "重要", "多场", "各国",
        ]
        .iter()
        .any(|g| ends_with_short(prefix, g))
            || prefix.contains('场')
                && prefix.starts_with(|c: char| {
                    c.is_ascii_digit() || "数几多一二三四五六七八九十百".contains(c)
                })
        {
            return false;
        }
        // Only generic words before the head: 此次会议, 专题会议, 第二次全体会议.
        // (Prefixes only shrink: an unchanged length is an unchanged prefix.)
        loop {
            let before = prefix.len();
            for g in GENERIC {
                if starts_with_short(prefix, g) {
                    prefix = &prefix[g.len()..];
                }
                if ends_with_short(prefix, g) {
                    prefix = &prefix[..prefix.len() - g.len()];
                }
            }
            if prefix.len() == before {
                break;
            }
        }
        // Only an ordinal left: 第二次全体会议, 第五次会议.
        let ordinal = prefix.strip_prefix('第').unwrap_or(prefix);
        let digits = ordinal.trim_start_matches(|c: char| {
            c.is_ascii_digit() || "一二三四五六七八九十百".contains(c)
        });
        if digits.len() < ordinal.len() && ["次", "届", ""].contains(&digits) {
            return false;
        }
        prefix
            .chars()
            .filter(|&c| is_cjk(c) || c.is_ascii_alphanumeric())
            .nth(1)
            .is_some()
    }

    /// The date written in the same sentence before byte `start`, if any.
    fn date_before(&self, text: &str, start: usize) -> Option<String> {
        // Every date holds 日, and the 80 chars looked at lie in the 320
        // bytes before `start`: without a 日 there, there is no date.
        let near = text.as_bytes().get(start.saturating_sub(80 * 4)..start)?;
        // A digit (`\d`, a Unicode Nd char, is numeric) comes just before
        // its 日. (日 is E6 97 A5: a memchr for its last byte, then the two
        // before.)
        let digit_ri = memchr::memchr_iter(0xA5, near).any(|k| {
            k >= 2
                && near[k - 2..k] == [0xE6, 0x97]
                && text
                    .get(..start - near.len() + k - 2)
                    .and_then(|t| t.chars().next_back())
                    .is_some_and(char::is_numeric)
        });
        if !digit_ri {
            return None;
        }
        let before = text.get(..start)?;
        let mut from = start;
        for (n, (i, c)) in before.char_indices().rev().enumerate() {
            if n >= 80 || matches!(c, '。' | '！' | '？' | '\n') {
                break;
            }
            from = i;
        }
        let piece = text.get(from..start)?;
        self.date
            .find_iter(piece)
            .last()
            .map(|m| m.as_str().to_string())
    }

    /// Official documents cited in 《…》, in order of first mention.
    pub fn documents(&self, text: &str) -> Vec<CitedDocument> {
        let mut out: Vec<CitedDocument> = Vec::new();
        let mut seen = HashSet::new();
        // 《 found with a SIMD substring search, not by decoding every char
        for i in self.open_title.find_iter(text.as_bytes()) {
            let start = i + '《'.len_utf8();
            let Some(rest) = text.get(start..) else {
                continue;
            };
            let Some(end) = title_end(rest).map(|j| start + j) else {
                continue;
            };
            let span = Span::new(start, end);
            let Some(title) = span.get(text) else {
                continue;
            };
            if self.is_document(title) && seen.insert(title) {
                out.push(CitedDocument {
                    title: title.to_string(),
                    span,
                });
                if out.len() >= MAX_ITEMS {
                    break;
                }
            }
        }
        out
    }

    /// Whether a title in 《…》 names an official document.
    pub fn is_document(&self, title: &str) -> bool {
        let t = title.trim();
        // Set a trailing parenthetical aside: （试行）, （2021年版）.
        let core = match t.strip_suffix(['）', ')']) {
            Some(inner) => match inner.rfind(['（', '(']) {
                Some(k) => inner[..k].trim_end(),
                None => t,
            },
            None => t,
        };
        if [
            "讲话",
            "致辞",
            "发言",
            "演讲",
            "答记者问",
            "访谈",
            "贺信",
            "贺电",
        ]
        .iter()
        .any(|s| ends_with_short(core, s))
        {
            return false;
        }
        let Some(kind) = self.kinds.iter().find(|k| ends_with_short(core, k)) else {
            return false;
        };
        let stem = &core[..core.len() - kind.len()];
        if kind == "法" && NOT_LAWS.iter().any(|w| core.ends_with(w)) {
            return false;
        }
        // A bare kind refers back to a full title: 《意见》, 《行动方案》.
        let generic = [
            "行动", "实施", "工作", "总体", "若干", "有关", "相关", "具体", "暂行", "试行",
        ];
        !generic.contains(&stem)
            && stem
                .chars()
                .filter(|&c| is_cjk(c) || c.is_ascii_alphanumeric())
                .nth(1)
                .is_some()
    }
}

/// Where the 》 closing a title that starts `rest` is: the first 》 among
/// the first [`MAX_TITLE_CHARS`] + 1 chars, unless a 《 or a newline comes
/// first. Found with a memchr for the bytes that end 《 (E3 80 8A), 》 (E3
/// 80 8B) and a newline, not by decoding each char.
fn title_end(rest: &str) -> Option<usize> {
    let b = rest.as_bytes();
    // 》 at char index MAX_TITLE_CHARS or before ends by this byte.
    let window = b.get(..b.len().min(MAX_TITLE_CHARS * 4 + 3))?;
    for k in memchr::memchr3_iter(b'\n', 0x8A, 0x8B, window) {
        if window[k] == b'\n' {
            return None;
        }
        let Some(j) = k.checked_sub(2) else { continue };
        if window[j..k] != [0xE3, 0x80] {
            continue;
        }
        if window[k] == 0x8A {
            return None;
        }
        // The index of the char at `j`: the chars that start before it.
        let n = if j <= MAX_TITLE_CHARS {
            0
        } else {
            window[..j].iter().filter(|&&x| x & 0xC0 != 0x80).count()
        };
        return (n <= MAX_TITLE_CHARS).then_some(j);
    }
    None
}

/// Words ending in 法 that are not laws.
const NOT_LAWS: &[&str] = &[
    "方法", "看法", "想法", "说法", "做法", "兵法", "书法", "写法", "用法", "手法", "疗法", "算法",
    "魔法", "戏法", "语法", "笔法", "画法", "技法", "章法", "刀法", "拳法", "剑法", "心法", "功法",
    "大法", "活法", "打法", "玩法", "吃法", "干法",
];

/// `hay.rfind(needle)` for the short names looked at here, without the
/// set-up of a substring searcher (which cost more than the search).
fn rfind_short(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let (&first, rest) = n.split_first()?;
    let last_start = h.len().checked_sub(n.len())?;
    (0..=last_start)
        .rev()
        .find(|&i| h[i] == first && bytes_eq_rev(&h[i + 1..i + n.len()], rest))
}

/// `a == b`, compared from the end (the last byte of a CJK word, a
/// continuation byte, tells words apart better than the first), inline
/// rather than through a `memcmp` call for these few bytes.
#[inline]
fn bytes_eq_rev(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().rev().zip(b.iter().rev()).all(|(x, y)| x == y)
}

/// `s.starts_with(w)` for the short words looked at here.
#[inline]
fn starts_with_short(s: &str, w: &str) -> bool {
    s.as_bytes()
        .get(..w.len())
        .is_some_and(|h| bytes_eq_rev(h, w.as_bytes()))
}

/// `s.ends_with(w)` for the short words looked at here.
#[inline]
fn ends_with_short(s: &str, w: &str) -> bool {
    s.len() >= w.len() && bytes_eq_rev(&s.as_bytes()[s.len() - w.len()..], w.as_bytes())
}

/// Drops leading time words, dates and subjects (近日, 2月7日, 我市).
fn strip_junk(mut s: &str) -> &str {
    loop {
        let before = s;
        for j in LEADING_JUNK {
            if starts_with_short(s, j) {
                s = &s[j.len()..];
            }
        }
        // A leading date or year: 2月7日, 2022年.
        let digits = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        if digits > 0 {
            let r = &s[digits..];
            if let Some(r) = r.strip_prefix(['年', '月', '日', '号', '点', '时']) {
                s = r;
            }
        }
        s = s.trim_start_matches(['、', '，', ',', '（', '(', '—', '－']);
        if s == before {
            return s;
        }
    }
}

/// Whether `s` starts with an ordinal of sessions: 第…, 十一届…, 3次….
fn starts_with_ordinal(s: &str) -> bool {
    if s.starts_with('第') {
        return true;
    }
    let rest =
        s.trim_start_matches(|c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c));
    rest.len() < s.len() && rest.starts_with(['届', '次'])
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

impl Extractor for MeetingExtractor {
    fn extract(&self, cx: &Context<'_>, out: &mut Records) {
        out.meetings.extend(self.meetings(cx.text));
        out.meetings.sort_by_key(|m| m.span.start);
        out.documents.extend(self.documents(cx.text));
        out.documents.sort_by_key(|d| d.span.start);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(h: &Heads, text: &str) -> Vec<(usize, usize)> {
        let mut v = Vec::new();
        h.each(text, |s, e| {
            v.push((s, e));
            true
        });
        v
    }

    proptest::proptest! {
        /// The 会-anchored search finds what the leftmost-longest automaton
        /// finds, on text made of the heads' own characters.
        #[test]
        fn hui_heads_match_the_automaton(picks in proptest::collection::vec(0usize..64, 0..60)) {
            let heads: Vec<&str> = data_lines(MEETING_HEADS).collect();
            let fast = Heads::new(&heads);
            assert!(matches!(fast, Heads::Hui { .. }));
            let slow = Heads::Automaton(
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&heads)
                    .unwrap(),
            );
            let alphabet: Vec<char> = "会议大全座谈协商推进常委党代人工作现场电视话表彰年峰。a ".chars().collect();
            let mut text = String::new();
            for p in picks {
                match alphabet.get(p) {
                    Some(c) => text.push(*c),
                    None => text.push_str(heads[p % heads.len()]),
                }
            }
            proptest::prop_assert_eq!(spans(&fast, &text), spans(&slow, &text));
        }

        /// `rfind_short` is `str::rfind` for non-empty needles.
        #[test]
        fn rfind_short_is_rfind(hay in "[这次届本a会]{0,12}", needle in "[这次届本a会]{1,3}") {
            proptest::prop_assert_eq!(rfind_short(&hay, &needle), hay.rfind(needle.as_str()));
        }
    }

    /// The last trigger as the overlapping automaton over the whole window
    /// found it (the code before [`Triggers`]).
    fn last_trigger_by_automaton(ac: &AhoCorasick, window: &str) -> (usize, bool) {
        let mut cut = 0;
        let mut held = false;
        for m in ac.find_overlapping_iter(window) {
            let t = TRIGGERS[m.pattern().as_usize()];
            let next = window[m.end()..].chars().next().unwrap_or('\0');
            if TRIGGER_EXCEPTIONS
                .iter()
                .any(|(w, ex)| *w == t && ex.contains(next))
            {
                continue;
            }
            if t == "的" && window[..m.start()].ends_with('党')
                || t == "和" && window[..m.start()].ends_with('共')
            {
                continue;
            }
            if m.end() > cut {
                cut = m.end();
                held = HOLDING.contains(&t);
            }
        }
        (cut, held)
    }

    /// Text made of trigger chars, exception chars and others.
    fn trigger_soup(picks: &[usize]) -> String {
        let mut alphabet: Vec<char> = TRIGGERS.iter().flat_map(|t| t.chars()).collect();
        alphabet.extend(TRIGGER_EXCEPTIONS.iter().flat_map(|(_, ex)| ex.chars()));
        alphabet.extend("党共市委会议a1、“”".chars());
        picks
            .iter()
            .map(|&p| alphabet[p % alphabet.len()])
            .collect()
    }

    proptest::proptest! {
        /// The scan from the right finds the trigger the automaton found.
        #[test]
        fn last_trigger_is_the_automatons(picks in proptest::collection::vec(0usize..1000, 0..30)) {
            let t = Triggers::new();
            let ac = AhoCorasick::new(TRIGGERS).unwrap();
            let w = trigger_soup(&picks);
            proptest::prop_assert_eq!(t.last(&w), last_trigger_by_automaton(&ac, &w));
        }
    }

    #[test]
    fn last_trigger_on_every_pair() {
        // Every pair of trigger and exception chars, and each between two
        // chars that may end or void a trigger.
        let t = Triggers::new();
        let ac = AhoCorasick::new(TRIGGERS).unwrap();
        let mut chars: Vec<char> = TRIGGERS.iter().flat_map(|t| t.chars()).collect();
        chars.extend(TRIGGER_EXCEPTIONS.iter().flat_map(|(_, ex)| ex.chars()));
        chars.extend("党x".chars());
        chars.sort_unstable();
        chars.dedup();
        for a in &chars {
            for b in &chars {
                let w: String = [*a, *b].iter().collect();
                assert_eq!(t.last(&w), last_trigger_by_automaton(&ac, &w), "{w}");
                for c in "党x外平会业".chars() {
                    let w: String = [c, *a, *b].iter().collect();
                    assert_eq!(t.last(&w), last_trigger_by_automaton(&ac, &w), "{w}");
                    let w: String = [*a, *b, c].iter().collect();
                    assert_eq!(t.last(&w), last_trigger_by_automaton(&ac, &w), "{w}");
                }
            }
        }
    }

    /// The char walk `title_end` replaced.
    fn title_end_by_chars(rest: &str) -> Option<usize> {
        for (n, (j, d)) in rest.char_indices().enumerate() {
            if n > MAX_TITLE_CHARS || matches!(d, '《' | '\n') {
                break;
            }
            if d == '》' {
                return Some(j);
            }
        }
        None
    }

    proptest::proptest! {
        /// `title_end` is the char walk, on text of brackets, newlines,
        /// chars sharing their last bytes (銊 is E9 8A 8A) and runs long
        /// enough to pass the char limit.
        #[test]
        fn title_end_is_the_char_walk(picks in proptest::collection::vec((0usize..9, 0usize..80), 0..12)) {
            let parts = ["《", "》", "\n", "a", "会议", "銊", "苋", "x》", "中"];
            let mut s = String::new();
            for (p, n) in picks {
                for _ in 0..(if p >= 3 { n } else { 1 }) {
                    s.push_str(parts[p]);
                }
            }
            proptest::prop_assert_eq!(title_end(&s), title_end_by_chars(&s));
        }
    }

    #[test]
    fn last_char_lists_cover_their_words() {
        for d in DETERMINERS {
            assert!(
                DETERMINER_LASTS.contains(&d.chars().next_back().unwrap()),
                "{d}"
            );
        }
        for p in PLURAL {
            assert!(
                PLURAL_LASTS.contains(&p.chars().next_back().unwrap()),
                "{p}"
            );
        }
        // `date_before` looks only at a digit before a 日: a regex match has one.
        let ex = MeetingExtractor::new();
        for s in [
            "7日",
            "2022年2月7日",
            "１２日",
            "٣日",
            "7日至9日",
            "十日",
            "日",
        ] {
            let m = ex.date.find(s).map(|m| m.as_str());
            let has = s.char_indices().any(|(i, c)| {
                c == '日' && s[..i].chars().next_back().is_some_and(char::is_numeric)
            });
            assert!(m.is_none() || has, "{s}");
        }
    }

    #[test]
    fn short_compares_are_the_std_ones() {
        let words: Vec<&str> = GENERIC
            .iter()
            .chain(LEADING_JUNK)
            .chain(PLURAL)
            .copied()
            .chain(["", "a", "会议", "工作会议"])
            .collect();
        for s in &words {
            for w in &words {
                for h in [s.to_string(), format!("{s}{w}"), format!("{w}{s}x")] {
                    assert_eq!(starts_with_short(&h, w), h.starts_with(w), "{h} {w}");
                    assert_eq!(ends_with_short(&h, w), h.ends_with(w), "{h} {w}");
                }
            }
        }
    }

    #[test]
    fn heads_without_one_hui_take_the_automaton() {
        assert!(matches!(Heads::new(&["会议", "论坛"]), Heads::Automaton(_)));
        assert!(matches!(Heads::new(&["会会"]), Heads::Automaton(_)));
        let h = Heads::new(&["会议", "大会", "会"]);
        assert_eq!(spans(&h, "大会会议"), [(0, 6), (6, 12)]);
    }

    fn names(text: &str) -> Vec<String> {
        MeetingExtractor::new()
            .meetings(text)
            .into_iter()
            .map(|m| m.name)
            .collect()
    }

    #[test]
    fn held_meeting_with_date() {
        let ex = MeetingExtractor::new();
        let m = ex.meetings("2月7日，我市召开全市“三个一批”暨项目推进会，深入贯彻会议精神。");
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].name, "全市“三个一批”暨项目推进会");
        assert_eq!(m[0].date.as_deref(), Some("2月7日"));
    }

    #[test]
    fn a_meeting_held_after_its_name_is_dated_and_a_title_takes_no_date_from_it() {
        let ex = MeetingExtractor::new();
        let text =
            "全县重点项目建设推进会召开\n3月15日上午，全县重点项目建设推进会在县行政中心召开。";
        let m = ex.meetings(text);
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(m[0].name, "全县重点项目建设推进会");
        assert_eq!(m[0].date.as_deref(), Some("3月15日"));
        let m = ex.meetings("11月9日，十八届三中全会在京开幕。");
        assert_eq!(m[0].date.as_deref(), Some("11月9日"));
        let m = ex.meetings("9日上午，纪念大会在北京人民大会堂隆重举行。");
        assert_eq!(m[0].date.as_deref(), Some("9日"));
        // not held, or not the subject of the holding: no date
        for text in [
            "3月15日，全县贯彻落实全县重点项目建设推进会精神。",
            "22日，党的十八届三中全会精神中央宣讲团首场报告会在北京举行。",
            "8日致电，祝贺中国共产党第十八次全国代表大会召开。",
        ] {
            let m = ex.meetings(text);
            let plenum = m.iter().find(|m| {
                ["推进会", "全会", "大会"]
                    .iter()
                    .any(|w| m.name.ends_with(w))
            });
            assert!(plenum.is_some_and(|m| m.date.is_none()), "{text}: {m:?}");
        }
    }

    #[test]
    fn joined_and_parenthesised() {
        assert_eq!(
            names("全面落实市委十二届二次全会暨市委经济工作会议部署。"),
            ["市委十二届二次全会暨市委经济工作会议"]
        );
        assert_eq!(
            names("近日召开的市委常委会（扩大）会议强调"),
            ["市委常委会（扩大）会议"]
        );
    }

    #[test]
    fn generic_mentions_rejected() {
        assert!(names("会议强调，此次会议、本次会议和这次会议都很重要。开好周例会。").is_empty());
        assert!(names("落实市、县两级党代会部署要求。").is_empty());
    }

    #[test]
    fn documents() {
        let ex = MeetingExtractor::new();
        let d = ex.documents("通报了《中共漯河市委 漯河市人民政府关于表彰的决定》《漯河市人民政府关于表彰的通报》，见《人民日报》《新闻联播》《在全市大会上的讲话》《意见》。");
        let t: Vec<&str> = d.iter().map(|x| x.title.as_str()).collect();
        assert_eq!(
            t,
            [
                "中共漯河市委 漯河市人民政府关于表彰的决定",
                "漯河市人民政府关于表彰的通报"
            ]
        );
    }
}
