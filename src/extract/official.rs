//! Officials: people named as holding office, with the title written next to
//! them, and offices acting as a person when no name is given.
//!
//! # What is found
//!
//! - **Title and name**, either order: `市委书记李卫东`, `国务院总理李强`,
//!   `县委常委、常务副县长李四` (title 常务副县长), `习近平总书记`. In a chain
//!   `中共中央总书记、国家主席、中央军委主席习近平` the title is the one written
//!   next to the name (中央军委主席); the earlier ones are remembered so a later
//!   `总书记强调` joins him. A title before a 、-list covers the list
//!   (`国务委员杨晶、常万全、杨洁篪`) until the next title.
//! - **Lists under a heading**: `市领导王乐新、王新军……等出席` gives each name
//!   the title 市领导; `出席会议的还有…` gives the names no title (a title
//!   written inside the list still counts: `出席会议的还有副市长张三`).
//! - **Names without a title** where the text treats them as officials: at the
//!   start of a clause, a name (or a 、-list of names) followed by an
//!   official's act: `刘尚进对重点工作作具体安排`, `贾宏宇、李思杰等…出席会议`,
//!   `李强主持会议`; and a name before 同志 in its political uses
//!   (`以习近平同志为核心`, `吴英杰同志任…`, not `学习张富清同志先进事迹`).
//! - **Masked names**: `**局长`, `××书记`, `局长王某` → name `None`, masked.
//! - **A title acting as a person** at the start of a clause and followed by
//!   speech: `县长在…座谈会上的讲话`, `市长强调`, `外交部发言人表示`. A title
//!   in prose (`各分管副市长要…`, `我和原市长在这里急`) is not a record: such
//!   titles do not start a clause. When exactly one named official was written
//!   with that title, the mention is added to that person instead.
//! - **Foreign officials**: a transliterated name after a title
//!   (`俄罗斯总统普京`, `丹麦女王玛格丽特二世`, `外长拉夫罗夫`).
//!
//! Each person is reported once with every mention; later bare mentions of a
//! known name are added. The title kept is the most specific one seen next
//! to the name: an office beats a list heading (市委书记 over 市领导), the
//! adjacent title beats the rest of a chain, a longer title beats a shorter
//! one, then the first one written. Former officials keep their title as
//! written (`原市长张三` → 原市长). Bylines (reporters, editors, photographers,
//! authors) are never officials.
//!
//! # How
//!
//! Titles are found with one Aho–Corasick automaton over the lexicon
//! `data/titles.txt`, then extended to the left over organization prefixes and
//! modifiers (市委 + 书记, 常务 + 副 + 县长, 市 + 人大常委会 + 主任). A name is
//! a surname from `data/surnames.txt` plus one or two given characters; its
//! length is chosen by what follows it (punctuation, a title, a verb such as
//! 强调 or 主持), so `李强强调` gives 李强 and `魏建平分别讲话` gives 魏建平. A
//! name before a title must start after punctuation or a word that takes a
//! person (`符合|习近平总书记`; not `担任德国总理`). Words that look like names
//! (`项目为王`, `高度`, `安排`, `班子`) are listed in `data/name_stop.txt`.
//! After a title, a three-character name whose surname is not listed is
//! accepted when the document also writes it at a clause start before a verb
//! (`市委书记蒿慧杰` … `蒿慧杰强调`).
//!
//! # Limits
//!
//! Everything is local: no dictionary segmentation, so a name glued to a
//! verb that is not in the follow list can be missed, and a listed surname
//! before a common word not in the stop list can still slip through. Titles
//! are not tied to places (`河南省委书记` gives 省委书记). Minority and
//! Japanese names with no listed surname are read only after a title and only
//! when they look transliterated.

use std::hash::{BuildHasher, Hasher};

use aho_corasick::{AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::byline::{BylineExtractor, BylineHit};
use super::{Context, Extractor};
use crate::record::{Byline, Official, Records};
use crate::span::Span;

const TITLES: &str = include_str!("../../data/titles.txt");
const SURNAMES: &str = include_str!("../../data/surnames.txt");
const NAME_STOP: &str = include_str!("../../data/name_stop.txt");

/// A fast non-cryptographic hasher (FxHash) for the lexicon sets: SipHash
/// cost ~5% of the extractor. Keys are lexicon words or names from one
/// bounded document.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Fast;

/// The hasher [`Fast`] builds.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl FxHasher {
    #[inline]
    fn add(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in chunks.by_ref() {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

impl BuildHasher for Fast {
    type Hasher = FxHasher;
    #[inline]
    fn build_hasher(&self) -> FxHasher {
        FxHasher(0)
    }
}

type HashSet<T> = std::collections::HashSet<T, Fast>;

/// A set of chars: a bitmap over the Basic Multilingual Plane (where the
/// lexicons' characters are) and a sorted list for the rest. A bit test
/// instead of a hash lookup for every character read.
#[derive(Clone)]
pub(crate) struct CharSet {
    bmp: Box<[u64; 1024]>,
    astral: Vec<char>,
}

impl std::fmt::Debug for CharSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n: u32 = self.bmp.iter().map(|w| w.count_ones()).sum();
        f.debug_struct("CharSet")
            .field("len", &(n as usize + self.astral.len()))
            .finish()
    }
}

impl Default for CharSet {
    fn default() -> Self {
        CharSet {
            bmp: Box::new([0; 1024]),
            astral: Vec::new(),
        }
    }
}

impl CharSet {
    #[inline]
    pub(crate) fn contains(&self, c: &char) -> bool {
        let u = *c as u32;
        if u < 0x10000 {
            self.bmp[(u >> 6) as usize] & (1u64 << (u & 63)) != 0
        } else {
            self.astral.binary_search(c).is_ok()
        }
    }

    fn insert(&mut self, c: char) {
        let u = c as u32;
        if u < 0x10000 {
            self.bmp[(u >> 6) as usize] |= 1u64 << (u & 63);
        } else if let Err(k) = self.astral.binary_search(&c) {
            self.astral.insert(k, c);
        }
    }
}

impl Extend<char> for CharSet {
    fn extend<I: IntoIterator<Item = char>>(&mut self, iter: I) {
        for c in iter {
            self.insert(c);
        }
    }
}

impl FromIterator<char> for CharSet {
    fn from_iter<I: IntoIterator<Item = char>>(iter: I) -> Self {
        let mut s = CharSet::default();
        s.extend(iter);
        s
    }
}
type HashMap<K, V> = std::collections::HashMap<K, V, Fast>;

/// Most officials reported per document.
const MAX_OFFICIALS: usize = 500;
/// Most mentions kept per official.
const MAX_MENTIONS: usize = 500;
/// Most names read from one list.
const MAX_LIST: usize = 60;
/// Unlisted-surname lookups per document (each scans the document).
const MAX_RELAXED: u32 = 64;
/// Characters looked at after a name for an official's act.
const ACT_WINDOW: usize = 40;

/// The code point of the 3-byte UTF-8 sequence `x y z` (from a `str`).
#[inline]
fn utf8_3(x: u8, y: u8, z: u8) -> u32 {
    (u32::from(x) & 0x0F) << 12 | (u32::from(y) & 0x3F) << 6 | (u32::from(z) & 0x3F)
}

/// The char of code point `u` (one read from a `str`).
#[inline]
fn as_char(u: u32) -> char {
    char::from_u32(u).unwrap_or('\u{FFFD}')
}

/// [`is_han`] of the code points below U+10000, one bit per 64 (the
/// blocks' bounds are multiples of 64).
static HAN_BMP: [u64; 16] = {
    let mut t = [0u64; 16];
    let mut k = 0u32;
    while k < 1024 {
        let u = k * 64;
        if (u >= 0x4E00 && u <= 0x9FFF)
            || (u >= 0x3400 && u <= 0x4DBF)
            || (u >= 0xF900 && u <= 0xFAFF)
        {
            t[(k / 64) as usize] |= 1 << (k % 64);
        }
        k += 1;
    }
    t
};

/// [`is_han`] of `u < 0x10000`, without a branch.
#[inline]
fn is_han_bmp(u: u32) -> bool {
    (HAN_BMP[(u >> 12) as usize & 15] >> ((u >> 6) & 63)) & 1 != 0
}

/// True for a CJK ideograph (the characters names and titles are made of).
#[inline]
pub(crate) fn is_han(c: char) -> bool {
    // The common block first, as one compare.
    if (c as u32).wrapping_sub(0x4E00) <= 0x9FFF - 0x4E00 {
        return true;
    }
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}')
}

/// `c.is_alphanumeric()`, with the punctuation of Chinese text answered
/// without Unicode's table lookup (its slow path cost ~3%).
#[inline]
fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    match c {
        '\u{2010}'..='\u{2027}'
        | '\u{3000}'..='\u{3004}'
        | '\u{3008}'..='\u{3020}'
        | '\u{FF01}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}' => false,
        _ => c.is_alphanumeric(),
    }
}

/// Lines of a lexicon file as (section, entry), comments and blanks dropped.
fn lexicon_entries(text: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    let mut section = "";
    text.lines().filter_map(move |line| {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            return None;
        }
        if let Some(s) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = s;
            return None;
        }
        Some((section, line))
    })
}

/// Surnames and the stop list: what makes a string a plausible name.
#[derive(Debug, Clone)]
pub(crate) struct Names {
    single: CharSet,
    /// First chars of compound surnames and of stop words (fast rejects).
    multi_first: CharSet,
    stop_first: CharSet,
    multi: HashSet<&'static str>,
    /// First two chars of the compound surnames and of the stop words of two
    /// chars or more (fast rejects).
    multi_pairs: PairSet,
    stop_pairs: PairSet,
    max_multi: usize,
    stop: HashSet<&'static str>,
}

impl Names {
    /// From the embedded `data/surnames.txt` and `data/name_stop.txt`.
    pub(crate) fn embedded() -> Names {
        let mut single = CharSet::default();
        let mut multi = HashSet::default();
        let mut max_multi = 0;
        for (_, s) in lexicon_entries(SURNAMES) {
            let n = s.chars().count();
            if n == 1 {
                single.extend(s.chars());
            } else {
                max_multi = max_multi.max(n);
                multi.insert(s);
            }
        }
        let stop: HashSet<&'static str> = lexicon_entries(NAME_STOP).map(|(_, s)| s).collect();
        let multi_first = multi
            .iter()
            .filter_map(|m: &&str| m.chars().next())
            .collect();
        let stop_first = stop.iter().filter_map(|m| m.chars().next()).collect();
        let multi_pairs = PairSet::of_heads(multi.iter().copied());
        let stop_pairs = PairSet::of_heads(stop.iter().copied());
        Names {
            single,
            multi_first,
            stop_first,
            multi_pairs,
            stop_pairs,
            multi,
            max_multi,
            stop,
        }
    }

    /// True when `s` is listed as not a name.
    pub(crate) fn is_stop(&self, s: &str) -> bool {
        let mut cs = s.chars();
        let Some(c0) = cs.next() else {
            return false;
        };
        if !self.stop_first.contains(&c0) {
            return false;
        }
        // (A stop word of two chars or more starts with a listed pair.)
        if let Some(c1) = cs.next()
            && !self.stop_pairs.may_hold(c0, c1)
        {
            return false;
        }
        self.stop.contains(s)
    }

    /// Length in chars of the surname `s` starts with (the longest), 0 if none.
    pub(crate) fn surname_len(&self, s: &str) -> usize {
        let Some(first) = s.chars().next() else {
            return 0;
        };
        if !self.multi_first.contains(&first) {
            return usize::from(self.single.contains(&first));
        }
        // Compound surnames have two chars or more.
        if !s
            .chars()
            .nth(1)
            .is_some_and(|second| self.multi_pairs.may_hold(first, second))
        {
            return usize::from(self.single.contains(&first));
        }
        // Byte ends of the first chars (no allocation: this runs per char).
        let mut ends = [0usize; 8];
        let mut n = 0;
        for (i, c) in s.char_indices().take(self.max_multi.clamp(1, 8)) {
            ends[n] = i + c.len_utf8();
            n += 1;
        }
        for k in (2..=n).rev() {
            if let Some(prefix) = s.get(..ends[k - 1])
                && self.multi.contains(prefix)
            {
                return k;
            }
        }
        match s.chars().next() {
            Some(c) if self.single.contains(&c) => 1,
            _ => 0,
        }
    }

    /// False when no surname starts with `c` (then `surname_len` is 0).
    #[inline]
    pub(crate) fn may_start(&self, c: char) -> bool {
        self.single.contains(&c) || self.multi_first.contains(&c)
    }

    /// True when `s` starts with a known surname.
    pub(crate) fn starts_with_surname(&self, s: &str) -> bool {
        self.surname_len(s) > 0
    }
}

// --- What may follow a name ---------------------------------------------

/// Words that end a name: verbs and adverbs an official's name is followed by.
const FOLLOW_WORDS: &[&str] = &[
    "同志",
    "强调",
    "指出",
    "要求",
    "主持",
    "出席",
    "参加",
    "讲话",
    "致辞",
    "表示",
    "指示",
    "批示",
    "分别",
    "首先",
    "先后",
    "带队",
    "一行",
    "会见",
    "会晤",
    "会谈",
    "通话",
    "接见",
    "看望",
    "慰问",
    "考察",
    "调研",
    "视察",
    "检查",
    "督导",
    "听取",
    "宣布",
    "宣读",
    "签署",
    "发表",
    "前往",
    "来到",
    "抵达",
    "离开",
    "深入",
    "专程",
    "亲切",
    "一同",
    "陪同",
    "随后",
    "今天",
    "昨天",
    "日前",
    "近日",
    "当天",
    "当日",
    "上午",
    "下午",
    "晚上",
    "充分",
    "高度",
    "回答",
    "介绍",
    "希望",
    "认为",
    "提出",
    "说道",
    "代表",
    "率领",
    "带领",
    "等人",
    "再次",
    "曾经",
    "曾任",
    "担任",
    "现任",
    "兼任",
    "作为",
    "主张",
    "称赞",
    "祝贺",
    "致信",
    "致电",
    "通报",
    "部署",
    "寄语",
    "勉励",
    "点评",
    "讲评",
    "总结",
    "传达",
    "作出",
    "作了",
    "作重要",
    "共同",
    "转达",
    "当地",
    "将于",
    "邀请",
    "应邀",
    "欢迎",
    "走进",
    "乘车",
    "乘坐",
    "乘专机",
    "积极",
    "认真",
    "十分",
    "详细",
    "察看",
    "参观",
    "感谢",
    "仔细",
    "赞赏",
    "检阅",
    "举行",
    "当选",
    "访问",
    "不时",
    "致贺",
    "复信",
    "应约",
    "到访",
    "结束",
    "阐述",
    "批准",
    "通过",
    "登上",
    "了解",
    "观看",
    "回到",
    "立即",
    "叮嘱",
    "祝愿",
    "肯定",
    "鼓励",
    "重申",
    "出访",
    "委托",
    "授予",
    "询问",
    "特别",
    "走到",
    "边听",
    "圆满",
    "即将",
    "互致",
    "发来",
    "发出",
    "开始",
    "出发",
    "此前",
    "今年",
    "去年",
    "夫妇",
    "夫人",
    "一起",
    "一道",
    "主动",
    "亲自",
    "多次",
    "一直",
    "始终",
    "坚持",
    "指导",
    "和夫人",
    "关于",
    "重要",
    "主讲",
    "出任",
    "就任",
    "辞去",
    "逝世",
    "去世",
    "因病",
    "会同",
    "牵头",
    "签发",
    "颁发",
    "任命",
    "免去",
    "连任",
    "书面",
    "实地",
    "乘机",
    "步入",
    "走访",
    "接受",
    "回应",
    "谈到",
    "提到",
    "透露",
    "宣称",
    "声称",
    "赞扬",
    "谴责",
    "呼吁",
    "敦促",
    "警告",
    "批评",
    "否认",
    "确认",
    "证实",
    "承认",
    "题词",
    "题写",
    "亲笔",
    "不再",
];

/// Single characters that end a name (weaker than [`FOLLOW_WORDS`]).
const FOLLOW_CHARS: &[char] = &[
    '在', '对', '等', '和', '与', '及', '同', '向', '就', '为', '率', '作', '说', '到', '赴', '将',
    '以', '从', '是', '曾', '也', '还', '又', '则', '已', '均', '被', '让', '给', '请', '并', '称',
    '致', '于', '一', '首', '今', '来', '去', '却', '便', '要', '乘',
];

/// Characters never in a given name.
const BAN_ANY: &[char] = &[
    '的', '了', '是', '在', '与', '及', '等', '对', '把', '被', '这', '那', '们', '个', '之', '其',
    '或', '而', '并', '不', '没', '都', '也', '还', '又', '就', '已', '要', '会', '说', '将', '从',
    '给', '让', '使', '吗', '呢', '吧', '啊', '么', '着', '过', '该', '此', '每', '各', '很', '最',
    '所', '某', '*', '＊',
];

/// Characters that do not end a name: function words, the first character of
/// common verbs, organization and place suffixes.
const BAN_FINAL: &[char] = &[
    '向', '同', '为', '率', '作', '到', '赴', '任', '兼', '曾', '则', '首', '分', '先', '一', '代',
    '出', '参', '讲', '指', '表', '致', '带', '宣', '签', '前', '深', '专', '亲', '陪', '看', '慰',
    '考', '调', '视', '检', '督', '听', '回', '介', '希', '认', '提', '今', '昨', '近', '当', '随',
    '充', '党', '市', '省', '县', '区', '镇', '乡', '村', '部', '委', '局', '厅', '院', '办', '处',
    '所', '站', '队', '组', '社', '司', '校', '馆', '港', '庄', '州', '届', '次', '年', '月', '日',
    '号', '时', '长', '员', '记', '席', '理', '官', '以', '于', '再', '共', '通', '传', '总', '通',
];

/// Characters that do not start a name when the surname is not in the list
/// (the relaxed reading after a title).
const NOT_FIRST: &[char] = &[
    '亲', '要', '带', '主', '分', '率', '首', '先', '一', '二', '三', '四', '五', '六', '七', '八',
    '九', '十', '各', '每', '本', '该', '其', '这', '那', '此', '我', '你', '他', '她', '们', '因',
    '所', '而', '但', '即', '如', '若', '虽', '只', '才', '更', '最', '很', '太', '再', '又', '正',
    '已', '将', '把', '被', '从', '向', '对', '和', '与', '及', '在', '是', '的', '等', '也', '都',
    '还', '就', '会', '能', '可', '应', '必', '须', '抓', '做', '推', '加', '强', '提', '深', '全',
    '大', '小', '新', '多', '高', '好', '坚', '着', '重', '第', '表', '讲', '指', '出', '参', '致',
    '到', '前', '后', '上', '下', '中', '内', '外', '年', '月', '日', '时', '市', '县', '区', '省',
    '镇', '乡', '村', '党', '国', '政', '人', '工', '经', '发', '建', '项', '企', '社', '文', '部',
    '局', '委', '热', '信', '办', '助', '挂', '统', '协', '牵', '督', '听', '看', '带', '作', '率',
    '领', '导', '应', '按', '照', '根', '据', '通', '为', '关', '同', '陪', '进', '几',
];

/// Acts that mark a bare name at the start of a clause as an official's,
/// written right after the name.
const DIRECT_ACTS: &[&str] = &[
    "强调",
    "指出",
    "要求",
    "主持",
    "出席",
    "讲话",
    "致辞",
    "批示",
    "指示",
    "会见",
    "会晤",
    "会谈",
    "陪同",
    "视察",
    "部署",
    "宣读",
    "签署",
    "接见",
    "通话",
    "调研",
    "考察",
    "看望",
    "慰问",
    "带队",
    "率团",
    "参加会见",
    "参加会议",
    "参加会谈",
    "参加活动",
    "参加观摩",
    "作重要",
    "作出重要",
    "发表重要",
    "寄语",
    "勉励",
    "致信",
    "致电",
];

/// Acts found later in the clause (`刘尚进对重点工作作具体安排`,
/// `贾宏宇、李思杰等在…出席会议`).
const WINDOW_ACTS: &[&str] = &[
    "讲话",
    "致辞",
    "主持",
    "出席",
    "强调",
    "指出",
    "要求",
    "部署",
    "安排",
    "讲评",
    "总结",
    "批示",
    "指示",
    "会见",
    "会谈",
    "会晤",
    "陪同",
    "调研",
    "视察",
    "考察",
    "看望",
    "慰问",
    "参加观摩",
    "参加会议",
    "参加会见",
    "参加会谈",
    "参加活动",
    "参加仪式",
    "参加座谈",
    "宣读",
    "作报告",
    "参加上述",
    "出席上述",
    "参加有关",
    "出席有关",
];

/// Acts after a title at a clause start and a preposition (`县长在…讲话`).
const SPEAK_THEN: &[&str] = &[
    "讲话",
    "致辞",
    "主持",
    "强调",
    "指出",
    "表示",
    "要求",
    "部署",
    "发言",
    "作报告",
    "批示",
];

/// First chars of `words`.
fn first_chars(words: &[&str]) -> CharSet {
    words.iter().filter_map(|w| w.chars().next()).collect()
}

/// Chars after which [`OfficialExtractor::acts`] looks for an act further
/// on (在…, 对…, 等…).
const ACT_LEADS: &[char] = &[
    '在', '对', '就', '向', '等', '同', '与', '率', '代', '于', '分', '首', '先', '一', '也', '还',
    '亲', '专', '深', '前', '到', '赴', '随', '今', '近', '日', '当',
];

/// Surnames that are also prepositions or adverbs (于, 向, 任 …).
const PREP_SURNAMES: &[char] = &[
    '于', '向', '任', '应', '曾', '和', '同', '对', '为', '以', '由', '从', '全', '时', '常', '党',
];

/// Characters after which a two-character name may start (向王毅部长).
const LEFT_OK: &[char] = &[
    '向', '对', '和', '与', '同', '由', '在', '以', '是', '请', '了', '将', '把', '被', '给', '为',
    '从', '及', '等', '见', '的', '按', '照', '据', '陪', '随', '即', '经', '问', '谢', '祝', '贺',
    '致', '派', '任', '命', '称', '让', '使', '接', '到',
    // the last character of verbs that take a person: 符合, 贯彻, 落实, 学习,
    // 遵循, 看望, 关于, 来自, 代表, 纪念, 瞻仰, 欢迎, 拜访, 悼念, 感谢
    '电', '函', '信', '合', '彻', '实', '习', '循', '望', '于', '自', '表', '念', '仰', '迎', '送',
    '访', '悼', '忆',
];

/// Characters that may stand for a redacted name before a title.
fn is_mask(c: char) -> bool {
    matches!(
        c,
        '*' | '＊' | '×' | 'Ｘ' | '○' | '某' | 'X' | 'x' | '✕' | '╳'
    )
}

/// Characters of transliterated foreign names (普京, 马克龙, 古特雷斯).
const TRANSLIT: &str = "尔茨楚措迭哥瓜果季嘉简捷津久居孔黎理力良留柳龙陆美默契恰钦琴屈瑟申舒素陶廷卫席肖徐延于祖黛娅霍鲍豪侬仁京阿埃艾爱安昂奥巴拜班邦宝保贝本比彼毕宾波伯博布查察达戴丹道德迪蒂丁东杜顿多厄恩法范菲费芬丰佛夫弗福富盖甘冈高戈格根贡古圭哈海汉豪赫黑亨洪胡华怀霍基吉加贾杰金卡凯坎康考柯科克肯库夸奎昆拉莱赖兰朗劳勒雷蕾里丽利莉连列林琳隆卢鲁路伦罗洛吕马玛迈麦曼芒毛梅门蒙孟米密敏明姆莫穆纳娜奈南内尼妮涅宁纽努诺欧帕潘庞佩彭皮平珀普齐奇乔切琼丘让热茹瑞若萨塞赛桑森沙莎山善尚舍绍圣施什史斯松苏索塔泰坦汤唐特提汀通图托瓦万旺威韦维温文翁沃乌伍武西希锡夏谢辛休许雅亚扬杨耶叶伊因尤约泽扎詹兹佐·";

// --- Titles -------------------------------------------------------------

const OFFICE: u16 = 1;
const FOREIGN: u16 = 2;
const COLLECTIVE: u16 = 4;
const BLOCK: u16 = 8;
const POST: u16 = 16;
/// A level title (市长, 县长): follows a name only when the name is known.
const LEVEL_POST: u16 = 32;
/// A collective heading that gives no title (出席会议的还有).
const HEADER: u16 = 64;
/// A title that does not act as a person on its own (委员, 常委).
const NO_ALONE: u16 = 128;
/// A foreign-only title (总统, 首相): a name before it must be known
/// (俄罗斯总统 is a country and a title).
const FOREIGN_ONLY: u16 = 256;
/// 同志 after a name: a party member named as such (以习近平同志为核心).
const COMRADE: u16 = 512;

/// Titles that never stand for a person without a name.
const NOT_ALONE: &[&str] = &[
    "常委",
    "委员",
    "政治局委员",
    "政治局常委",
    "中央委员",
    "候补中央委员",
    "候补委员",
    "纪委委员",
    "常务委员",
    "党组成员",
    "党委委员",
    "调研员",
    "巡视员",
    "一级巡视员",
    "二级巡视员",
    "副巡视员",
    "领队",
    "组长",
    "副组长",
    "专员",
    "特使",
    "特别代表",
    "首席代表",
    "参赞",
    "领事",
    "指导员",
    "教导员",
    "王子",
    "亲王",
    "大法官",
    "大检察官",
    "审判长",
];

const LEVEL_TITLES: &[&str] = &[
    "市长", "县长", "区长", "州长", "镇长", "乡长", "村长", "旗长",
];

/// Patterns as a trie over chars, for a leftmost-longest scan over decoded
/// chars: the same matches as an Aho–Corasick automaton with
/// `MatchKind::LeftmostLongest`, but most chars cost one bit test (first
/// chars) and a second one on the pair of the first two chars, instead of a
/// DFA step per byte (the automaton was ~25% of the extractor).
#[derive(Debug)]
struct CharTrie {
    /// First chars of the patterns.
    first: CharSet,
    /// Hashed (first, second) char pairs of the patterns, as bits.
    pairs: Box<[u64; PAIR_WORDS]>,
    /// (node, char) → child node; node 0 is the root.
    next: Edges,
    /// Pattern ending at each node, if any.
    term: Vec<Option<u32>>,
    /// Patterns of one char: (char, pattern), sorted by char.
    singles: Vec<(char, u32)>,
}

/// The edges of a [`CharTrie`], (node, char) → child, in one open-addressed
/// table (linear probing, at most half full): a multiply and usually one
/// probe per lookup instead of a `HashMap`'s hashing and group probe (the
/// walk was ~13% of the extractor's time). Each slot packs the node (bits
/// 0–20), the char (21–41) and the child (42–62); `u64::MAX` is empty.
#[derive(Debug)]
struct Edges {
    slots: Vec<u64>,
    /// `slots.len() - 1` (a power of two less one).
    mask: usize,
    /// 64 − log2(`slots.len()`).
    shift: u32,
}

/// Nodes and chars of [`Edges`] fit in 21 bits.
const EDGE_BITS: u32 = 21;
const EDGE_MASK: u64 = (1 << EDGE_BITS) - 1;

impl Edges {
    /// The table of `edges` ((node, char, child), keys distinct); `None`
    /// when a node or child does not fit in 21 bits.
    fn new(edges: &[(u32, char, u32)]) -> Option<Edges> {
        let size = (edges.len() * 2).next_power_of_two().max(2);
        let mut t = Edges {
            slots: vec![u64::MAX; size],
            mask: size - 1,
            shift: 64 - size.trailing_zeros(),
        };
        for &(node, c, child) in edges {
            if u64::from(node) > EDGE_MASK || u64::from(child) > EDGE_MASK {
                return None;
            }
            let key = Edges::key(node, c as u32);
            let mut h = t.home(key);
            while t.slots[h] != u64::MAX {
                h = (h + 1) & t.mask;
            }
            t.slots[h] = key | u64::from(child) << (2 * EDGE_BITS);
        }
        Some(t)
    }

    #[inline]
    fn key(node: u32, c: u32) -> u64 {
        u64::from(node) | u64::from(c) << EDGE_BITS
    }

    #[inline]
    fn home(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// The child of `node` by char `c` (a code point).
    #[inline]
    fn get(&self, node: u32, c: u32) -> Option<u32> {
        let key = Edges::key(node, c);
        let mut h = self.home(key);
        // (Bounded: the table has an empty slot.)
        for _ in 0..=self.mask {
            let x = *self.slots.get(h)?;
            if x & (EDGE_MASK << EDGE_BITS | EDGE_MASK) == key {
                return Some((x >> (2 * EDGE_BITS)) as u32);
            }
            if x == u64::MAX {
                return None;
            }
            h = (h + 1) & self.mask;
        }
        None
    }
}

/// Words of [`CharTrie::pairs`] (2^16 bits).
const PAIR_WORDS: usize = 1024;

/// Hashed char pairs as bits: a fast reject before a string lookup (no
/// false negatives; a set bit may be a collision).
#[derive(Clone)]
struct PairSet(Box<[u64; PAIR_WORDS]>);

impl std::fmt::Debug for PairSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n: u32 = self.0.iter().map(|w| w.count_ones()).sum();
        f.debug_struct("PairSet").field("bits", &n).finish()
    }
}

impl PairSet {
    /// The pairs of the first two chars of `words` (words of one char have
    /// none).
    fn of_heads<'w>(words: impl IntoIterator<Item = &'w str>) -> PairSet {
        let mut bits = Box::new([0u64; PAIR_WORDS]);
        for w in words {
            let mut cs = w.chars();
            if let (Some(a), Some(b)) = (cs.next(), cs.next()) {
                let (k, bit) = pair_bit(a, b);
                bits[k] |= bit;
            }
        }
        PairSet(bits)
    }

    #[inline]
    fn may_hold(&self, a: char, b: char) -> bool {
        let (k, bit) = pair_bit(a, b);
        self.0[k] & bit != 0
    }
}

#[inline]
fn pair_bit(a: char, b: char) -> (usize, u64) {
    pair_bit_u(a as u32, b as u32)
}

/// [`pair_bit`] of two code points.
#[inline]
fn pair_bit_u(a: u32, b: u32) -> (usize, u64) {
    pair_bit_h(pair_head(a), b)
}

/// The part of a pair's hash that depends on its first code point `a`
/// only: `decode` computes it once per char, for the pair the char starts.
#[inline]
fn pair_head(a: u32) -> u64 {
    u64::from(a).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// [`pair_bit_u`] from [`pair_head`] of the first code point: its top 16
/// bits xor the second's low 16 (no multiply on the second: a filter, any
/// 16 bits will do as long as building and testing agree).
#[inline]
fn pair_bit_h(head: u64, b: u32) -> (usize, u64) {
    let k = ((head >> 48) as usize ^ b as usize) & 0xFFFF;
    (k >> 6, 1u64 << (k & 63))
}

impl CharTrie {
    fn new(patterns: &[&str]) -> CharTrie {
        let mut next: HashMap<(u32, char), u32> = HashMap::default();
        let mut t = CharTrie {
            first: CharSet::default(),
            pairs: Box::new([0; PAIR_WORDS]),
            next: Edges {
                slots: Vec::new(),
                mask: 0,
                shift: 64,
            },
            term: vec![None],
            singles: Vec::new(),
        };
        for (pi, pat) in patterns.iter().enumerate() {
            let cs: Vec<char> = pat.chars().collect();
            let Some(&c0) = cs.first() else { continue };
            t.first.insert(c0);
            if let Some(&c1) = cs.get(1) {
                let (w, bit) = pair_bit(c0, c1);
                t.pairs[w] |= bit;
            } else {
                t.singles.push((c0, pi as u32));
            }
            let mut node = 0u32;
            for &c in &cs {
                let n = t.term.len() as u32;
                node = *next.entry((node, c)).or_insert_with(|| n);
                if node == n {
                    t.term.push(None);
                }
            }
            // A repeated pattern keeps its first index, as the automaton does.
            let slot = &mut t.term[node as usize];
            if slot.is_none() {
                *slot = Some(pi as u32);
            }
        }
        t.singles.sort_unstable();
        let edges: Vec<(u32, char, u32)> = next.iter().map(|(&(a, c), &b)| (a, c, b)).collect();
        t.next = Edges::new(&edges).expect("the title lexicon has fewer than 2^21 trie nodes");
        t
    }

    /// The longest pattern starting at `chars[i]`: (pattern, end char index).
    #[inline]
    /// (`cells` as [`Para::cells`]: the char in the low 32 bits.)
    fn longest_at(&self, cells: &[u64], i: usize) -> Option<(u32, usize)> {
        let u0 = *cells.get(i)? as u32;
        let c0 = as_char(u0);
        // The pair test first: it rejects ~98% of positions, a branch that
        // is rarely taken (the first-char test alone passes ~15%).
        let pair = cells.get(i + 1).is_some_and(|&x1| {
            let (w, bit) = pair_bit_u(u0, x1 as u32);
            self.pairs[w] & bit != 0
        }) && self.first.contains(&c0);
        if !pair {
            // Only a one-char pattern can match.
            if self.singles.is_empty() || !self.first.contains(&c0) {
                return None;
            }
            return self
                .singles
                .binary_search_by_key(&c0, |s| s.0)
                .ok()
                .map(|k| (self.singles[k].1, i + 1));
        }
        let mut node = 0u32;
        let mut best = None;
        for (k, &x) in cells.iter().enumerate().skip(i) {
            match self.next.get(node, x as u32) {
                Some(n) => node = n,
                None => break,
            }
            if let Some(pi) = self.term[node as usize] {
                best = Some((pi, k + 1));
            }
        }
        best
    }
}

/// The title lexicon, compiled.
#[derive(Debug)]
struct Titles {
    /// Every title pattern, matched leftmost-longest over a paragraph's chars.
    trie: CharTrie,
    flags: Vec<u16>,
    /// Office and foreign titles, for "does a title start here".
    words: HashSet<&'static str>,
    max_word: usize,
    prefixes: HashSet<&'static str>,
    modifiers: HashSet<&'static str>,
    max_prefix: usize,
    /// Last chars of the prefixes and modifiers (a fast reject).
    affix_last: CharSet,
    /// (length, first char) of the prefixes and modifiers (see
    /// [`affix_key`]): a fast reject before each lookup.
    affix_heads: PairSet,
    levels: CharSet,
}

/// The [`PairSet`] key of an affix of `len` chars starting with `first`.
#[inline]
fn affix_key(len: usize) -> char {
    char::from(len.min(255) as u8)
}

impl Titles {
    fn embedded() -> Titles {
        let mut patterns: Vec<&'static str> = Vec::new();
        let mut flags: Vec<u16> = Vec::new();
        let mut index: HashMap<&'static str, usize> = HashMap::default();
        let mut add = |w: &'static str, f: u16, patterns: &mut Vec<&'static str>| {
            let i = *index.entry(w).or_insert_with(|| {
                patterns.push(w);
                flags.push(0);
                patterns.len() - 1
            });
            flags[i] |= f;
        };
        let mut prefixes = HashSet::default();
        let mut modifiers = HashSet::default();
        let mut levels = CharSet::default();
        let mut words = HashSet::default();
        for (section, w) in lexicon_entries(TITLES) {
            match section {
                "office" => {
                    add(w, OFFICE, &mut patterns);
                    words.insert(w);
                }
                "foreign" => {
                    add(w, OFFICE | FOREIGN, &mut patterns);
                    words.insert(w);
                }
                "post" => {
                    let lv = if LEVEL_TITLES.contains(&w) {
                        LEVEL_POST
                    } else {
                        0
                    };
                    add(w, OFFICE | POST | lv, &mut patterns);
                    words.insert(w);
                }
                "collective" => {
                    let h = if w.ends_with('有') { HEADER } else { 0 };
                    add(w, COLLECTIVE | h, &mut patterns);
                }
                "block" => add(w, BLOCK, &mut patterns),
                "prefix" => {
                    prefixes.insert(w);
                }
                "modifier" => {
                    modifiers.insert(w);
                }
                "level" => levels.extend(w.chars()),
                _ => {}
            }
        }
        for w in NOT_ALONE {
            add(w, NO_ALONE, &mut patterns);
        }
        add("同志", COMRADE, &mut patterns);
        add("同志们", BLOCK, &mut patterns);
        let office: HashSet<&str> = lexicon_entries(TITLES)
            .filter(|(s, _)| *s == "office")
            .map(|(_, w)| w)
            .collect();
        for (section, w) in lexicon_entries(TITLES) {
            if section == "foreign" && !office.contains(w) {
                add(w, FOREIGN_ONLY, &mut patterns);
            }
        }
        let max_prefix = prefixes
            .iter()
            .chain(modifiers.iter())
            .map(|p| p.chars().count())
            .max()
            .unwrap_or(1);
        let affix_last: CharSet = prefixes
            .iter()
            .chain(modifiers.iter())
            .filter_map(|p| p.chars().next_back())
            .collect();
        let mut affix_heads = PairSet::of_heads(std::iter::empty());
        for a in prefixes.iter().chain(modifiers.iter()) {
            if let Some(first) = a.chars().next() {
                let (k, bit) = pair_bit(affix_key(a.chars().count()), first);
                affix_heads.0[k] |= bit;
            }
        }
        let max_word = words.iter().map(|p| p.chars().count()).max().unwrap_or(1);
        let trie = CharTrie::new(&patterns);
        Titles {
            trie,
            flags,
            words,
            max_word,
            prefixes,
            modifiers,
            max_prefix,
            affix_last,
            affix_heads,
            levels,
        }
    }
}

/// Decodes `text` into `cells` (a buffer at least `text.len() + 1` long:
/// see [`Para::cells`]) and returns the number of chars `n`, of pair spots
/// and of clause starts; `cells[n]` holds the offset `text.len()`. Writes
/// to `pair_spots` the char indices `i` where chars `i, i + 1` are a pair of
/// `spots` (the first may be `u32::MAX`, no pair), and to `starts` those of
/// the Han chars that start the text or follow a char that is not Han (past
/// [`MARK_ROOM`], they are counted, not written). Every buffer is
/// written by index and the counts advance without a branch: a branch per
/// clause start or Han/non-Han change was mispredicted at each punctuation
/// mark. A text of 4 GiB or more (no offset in 32 bits) gets no chars.
#[inline(never)]
fn decode(
    text: &str,
    spots: &[u64; PAIR_WORDS],
    cells: &mut [u64],
    pair_spots: &mut [u32; MARK_ROOM],
    starts: &mut [u32; MARK_ROOM],
) -> (usize, usize, usize) {
    let bytes = text.as_bytes();
    let len = bytes.len();
    // Every buffer cut to the text's length: one bound for all (a char
    // per byte at most).
    let (true, Some(cells)) = (u32::try_from(len).is_ok(), cells.get_mut(..=len)) else {
        return (0, 0, 0);
    };
    let mut n = 0usize;
    let mut n_spots = 0;
    let mut n_starts = 0;
    // The previous char (its `pair_head`) and whether it is Han; at the start, a
    // Han char starts a clause, and the pair (0, first char) is tested
    // like any other (one test less per char): when it holds, the first
    // spot is `u32::MAX`, which `load` skips.
    let mut prev_head = pair_head(0);
    let mut prev_han = false;
    let mut b = 0;
    // (`cells[len]` is written after the loop: inside, the bound is `len`.)
    let (cells_in, _) = cells.split_at_mut(len);
    while b < len && n < len {
        // UTF-8 decoded by hand (`text` is valid UTF-8).
        let x = bytes[b];
        // (3-byte chars first: nearly all chars of Chinese text are.)
        let (u, w, han) = if x & 0xF0 == 0xE0 && b + 2 < len {
            let u = utf8_3(x, bytes[b + 1], bytes[b + 2]);
            (u, 3, is_han_bmp(u))
        } else if x < 0x80 {
            (u32::from(x), 1, false)
        } else {
            match text.get(b..).and_then(|r| r.chars().next()) {
                Some(c) => (c as u32, c.len_utf8(), is_han(c)),
                None => break,
            }
        };
        let (wd, bit) = pair_bit_h(prev_head, u);
        let spot = spots[wd] & bit != 0;
        if n_spots < MARK_ROOM {
            pair_spots[n_spots] = (n as u32).wrapping_sub(1);
        }
        n_spots += usize::from(spot);
        if n_starts < MARK_ROOM {
            starts[n_starts] = n as u32;
        }
        n_starts += usize::from(han & !prev_han);
        prev_han = han;
        prev_head = pair_head(u);
        // (`b < len < 2^32`.)
        cells_in[n] = u64::from(u) | (b as u64) << 32;
        n += 1;
        b += w;
    }
    if let Some(end) = cells.get_mut(n) {
        *end = (len as u64) << 32;
    }
    (n, n_spots, n_starts)
}

// --- Per-paragraph view -------------------------------------------------

/// A paragraph as characters with byte offsets.
struct Para<'a> {
    text: &'a str,
    base: usize,
    /// Number of chars in the paragraph.
    n: usize,
    /// Each char (as a code point, which `decode` need not check) in the
    /// low 32 bits and its byte offset (in `text`) in the high ones, in
    /// `cells[..n]`, and `text.len()` as the offset of `cells[n]` (one store
    /// per char for both). The buffer may be longer: it is sized to the
    /// longest paragraph seen, and never cleared, so no paragraph pays to
    /// zero it.
    cells: Vec<u64>,
    /// Title hits, in order.
    hits: Vec<Hit>,
    /// `title_at[i]`: an office title (or its prefix) starts at char `i`.
    title_at: Vec<bool>,
    /// The char indices `i` where chars `i, i + 1` are a spot pair (filled
    /// and used by `load` only), in `pair_spots[..n_spots]` when `n_spots`
    /// is at most [`MARK_ROOM`] (the buffer's size; it is not cleared).
    pair_spots: Vec<u32>,
    n_spots: usize,
    /// The char indices of the Han chars that start the paragraph or follow
    /// a char that is not Han, in order: where a clause may start (see
    /// [`Para::clause_start`]), so where `scan_lists` looks for names; in
    /// `starts[..n_starts]` (a buffer of [`MARK_ROOM`] or more, not
    /// cleared).
    starts: Vec<u32>,
    n_starts: usize,
    /// Document-wide searches left for unlisted surnames (each scans the
    /// document, so they are bounded per document).
    relaxed_budget: std::cell::Cell<u32>,
}

impl<'a> Para<'a> {
    fn len(&self) -> usize {
        self.n
    }

    /// The paragraph's chars and offsets (see [`Para::cells`]).
    fn cells(&self) -> &[u64] {
        self.cells.get(..self.n).unwrap_or(&[])
    }

    /// The clause starts (see [`Para::starts`]).
    fn starts(&self) -> &[u32] {
        self.starts.get(..self.n_starts).unwrap_or(&[])
    }

    fn c(&self, i: usize) -> Option<char> {
        self.cells().get(i).map(|&x| as_char(x as u32))
    }

    /// Byte offset of char `i` (`i <= n`).
    fn off(&self, i: usize) -> Option<usize> {
        if i <= self.n {
            self.cells.get(i).map(|&x| (x >> 32) as usize)
        } else {
            None
        }
    }

    fn slice(&self, a: usize, b: usize) -> &'a str {
        match (self.off(a), self.off(b)) {
            (Some(x), Some(y)) if x <= y => self.text.get(x..y).unwrap_or(""),
            _ => "",
        }
    }

    fn span(&self, a: usize, b: usize) -> Span {
        let x = self.off(a).unwrap_or(self.text.len());
        let y = self.off(b).unwrap_or(self.text.len());
        Span::new(self.base + x, self.base + y)
    }

    fn starts_with_at(&self, i: usize, w: &str) -> bool {
        self.off(i)
            .and_then(|b| self.text.get(b..))
            .is_some_and(|s| s.starts_with(w))
    }

    /// True at a clause start: the paragraph start or after punctuation.
    fn clause_start(&self, i: usize) -> bool {
        i == 0
            || self
                .c(i - 1)
                .is_some_and(|p| !is_han(p) && p != '·' && !is_alnum(p))
    }

    /// The office or foreign title that ends right before `sep`, which
    /// stands right before char `i` (国务委员 in 国务委员兼秘书长 for `兼`,
    /// 国家主席 in 国家主席、军委主席 for `、`).
    fn office_before(&self, i: usize, sep: char) -> Option<&Hit> {
        if i == 0 || self.c(i - 1) != Some(sep) {
            return None;
        }
        self.hits
            .iter()
            .rev()
            .find(|x| x.e + 1 == i && x.flags & (OFFICE | FOREIGN) != 0)
    }

    /// The hit whose (extended) title starts at `i`.
    fn hit_at(&self, i: usize) -> Option<&Hit> {
        // Such a hit marks `title_at[i]` (`load`): one load rejects nearly
        // every char before the binary search.
        if !self.title_at.get(i).copied().unwrap_or(false) {
            return None;
        }
        let k = self.hits.partition_point(|h| h.s < i);
        self.hits
            .get(k)
            .filter(|h| h.s == i && h.flags & (OFFICE | FOREIGN) != 0)
    }
}

/// Paragraph buffers (chars with offsets, hits, title starts, pair spots)
/// reused per thread.
type Buffers = (Vec<u64>, Vec<Hit>, Vec<bool>, Vec<u32>, Vec<u32>);

/// Room for the pair spots, and for the clause starts, that `decode`
/// writes (a fixed size: its bound checks compare with a constant, and the
/// buffers do not grow with the paragraph). A paragraph with more is read
/// another way (see `load`).
const MARK_ROOM: usize = 1 << 14;

/// Largest buffer (in chars) kept between documents.
const KEEP_BUFFER: usize = 1 << 20;

thread_local! {
    static BUFFERS: std::cell::RefCell<Buffers> = std::cell::RefCell::default();
}

/// A title found in a paragraph (char indices).
#[derive(Debug, Clone, Copy)]
struct Hit {
    /// Start including prefixes and modifiers.
    s: usize,
    /// Start of the lexicon word.
    core: usize,
    e: usize,
    flags: u16,
    /// An organization prefix was taken (市委 + 书记).
    has_org: bool,
}

/// A name read at a position.
#[derive(Debug, Clone, Copy)]
struct NameAt {
    s: usize,
    e: usize,
    masked: bool,
}

/// How a name is being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Right after a title: a 3-char name with an unknown surname is allowed
    /// if it occurs twice in the document.
    AfterTitle,
    /// In a list or at a clause start: the surname must be known.
    Strict,
}

/// Candidate record before merging (its strings are slices of the
/// document: no allocation per candidate).
#[derive(Debug, Clone)]
struct Cand<'a> {
    name: Option<&'a str>,
    title: Option<&'a str>,
    /// 3: office title; 1: list heading; 0: none.
    rank: u8,
    masked: bool,
    span: Span,
    /// Keep only if the name is found by another rule (张家口市长).
    needs_known: bool,
    /// A title standing for a person.
    alone: bool,
}

/// A title with no name read after it.
#[derive(Debug, Clone)]
struct Pending<'a> {
    title: &'a str,
    /// Byte where the title starts.
    title_at: usize,
    /// Byte after the title, where a name may start.
    at: usize,
}

/// Finds officials; built once, then shared across threads.
#[derive(Debug)]
pub struct OfficialExtractor {
    titles: Titles,
    names: Names,
    follow_words: HashSet<&'static str>,
    /// First chars of the follow words, and their first two (fast rejects).
    follow_first: CharSet,
    follow_pairs: PairSet,
    follow_chars: CharSet,
    ban_any: CharSet,
    ban_final: CharSet,
    not_first: CharSet,
    translit: CharSet,
    /// First chars of [`DIRECT_ACTS`], [`WINDOW_ACTS`], [`SPEAK_THEN`].
    direct_first: CharSet,
    window_first: CharSet,
    /// The chars a bare name must be followed by for `scan_lists` to record
    /// it: a list goes on (、和及以), 等, 同志, or an act starts.
    bare_end: CharSet,
    then_first: CharSet,
    /// Char pairs worth a closer look: where a title starts (its first two
    /// chars) or a byline keyword may be ([`BylineExtractor::spot_pairs`]);
    /// `None` when the byline keywords do not allow that test.
    spots: Option<Box<[u64; PAIR_WORDS]>>,
    bylines: BylineExtractor,
}

impl Default for OfficialExtractor {
    fn default() -> Self {
        OfficialExtractor::new()
    }
}

impl OfficialExtractor {
    /// Builds the extractor from the embedded lexicons.
    pub fn new() -> OfficialExtractor {
        let names = Names::embedded();
        let titles = Titles::embedded();
        let bylines = BylineExtractor::with_names(names.clone());
        let spots = bylines.spot_pairs().map(|pairs| {
            let mut bits = titles.trie.pairs.clone();
            for (a, b) in pairs {
                let (w, bit) = pair_bit(a, b);
                bits[w] |= bit;
            }
            bits
        });
        OfficialExtractor {
            titles,
            spots,
            bylines,
            names,
            follow_words: FOLLOW_WORDS.iter().copied().collect(),
            follow_first: FOLLOW_WORDS
                .iter()
                .filter_map(|w| w.chars().next())
                .collect(),
            follow_pairs: PairSet::of_heads(FOLLOW_WORDS.iter().copied()),
            follow_chars: FOLLOW_CHARS.iter().copied().collect(),
            ban_any: BAN_ANY.iter().copied().collect(),
            ban_final: BAN_FINAL.iter().copied().collect(),
            not_first: NOT_FIRST.iter().copied().collect(),
            translit: TRANSLIT.chars().collect(),
            direct_first: first_chars(DIRECT_ACTS),
            window_first: first_chars(WINDOW_ACTS),
            bare_end: {
                let mut set = first_chars(DIRECT_ACTS);
                set.extend(ACT_LEADS.iter().copied());
                set.extend(['同', '等', '、', '和', '及', '以']);
                set
            },
            then_first: first_chars(SPEAK_THEN),
        }
    }

    /// The byline extractor this extractor uses to leave bylines out, for
    /// callers that also want `meta.bylines` without building a second one.
    pub fn byline_extractor(&self) -> &BylineExtractor {
        &self.bylines
    }

    /// The officials of a document, sorted by first mention.
    pub fn officials(&self, cx: &Context<'_>) -> Vec<Official> {
        self.officials_and_bylines(cx).0
    }

    /// The officials and the bylines of a document from one byline scan
    /// (the bylines are needed anyway, to leave their names out).
    pub fn officials_and_bylines(&self, cx: &Context<'_>) -> (Vec<Official>, Vec<Byline>) {
        let text = cx.text;
        // The paragraph scan also notes where byline keywords may be, so the
        // byline scan needs no pass of its own over the text when the
        // paragraphs cover it.
        let mut hot = Vec::new();
        let (cands, pending, covered) = self.scan_paragraphs(cx, &mut hot);
        let hits = if covered {
            self.bylines.scan_hot(text, &hot)
        } else {
            self.bylines.scan(text)
        };
        let officials = self.finish(text, cands, &pending, &hits);
        (officials, hits.into_iter().map(|h| h.byline).collect())
    }

    /// Candidates and pending titles of every paragraph, and whether `hot`
    /// marks every line with a usable byline keyword: the paragraphs were
    /// all read, in order, with only white space between them.
    fn scan_paragraphs<'t>(
        &self,
        cx: &Context<'t>,
        hot: &mut Vec<usize>,
    ) -> (Vec<Cand<'t>>, Vec<Pending<'t>>, bool) {
        let text = cx.text;
        let mut covered = self.spots.is_some();
        let mut prev_end = 0;
        let whole = [Span::new(0, text.len())];
        let paragraphs = if cx.paragraphs.is_empty() {
            &whole[..]
        } else {
            cx.paragraphs
        };
        let mut cands = Vec::new();
        let mut pending = Vec::new();
        // The paragraph buffers of the last document on this thread: no
        // allocation per document.
        let (cells, hits, title_at, pair_spots, starts) = crate::scratch::take(&BUFFERS);
        let mut para = Para {
            text: "",
            base: 0,
            n: 0,
            cells,
            hits,
            title_at,
            pair_spots,
            n_spots: 0,
            starts,
            n_starts: 0,
            relaxed_budget: std::cell::Cell::new(MAX_RELAXED),
        };
        for p in paragraphs {
            let Some(ptext) = p.get(text) else {
                covered = false;
                continue;
            };
            covered &= p.start >= prev_end
                && text
                    .get(prev_end..p.start)
                    .is_some_and(|g| g.trim_start().is_empty());
            prev_end = p.end;
            self.load(&mut para, ptext, p.start, covered.then_some(&mut *hot));
            if covered
                && let (Some(last), Some(after)) = (
                    para.n.checked_sub(1).and_then(|k| para.c(k)),
                    text.get(p.end..).and_then(|r| r.chars().next()),
                )
                && self.bylines.sep_hot(last, after)
            {
                hot.push(p.end);
            }
            self.scan_titles(&para, text, &mut cands, &mut pending);
            self.scan_lists(&para, &mut cands);
            if cands.len() > MAX_OFFICIALS * 8 {
                covered = false;
                break;
            }
        }
        covered &= text
            .get(prev_end..)
            .is_some_and(|g| g.trim_start().is_empty());
        let Para {
            cells,
            mut hits,
            mut title_at,
            pair_spots,
            starts,
            ..
        } = para;
        // Keep them for the next document unless one huge paragraph grew them.
        if cells.capacity() <= KEEP_BUFFER {
            // (`cells`, `pair_spots` and `starts` are sized, not cleared:
            // see `Para::cells`.)
            hits.clear();
            title_at.clear();
            crate::scratch::put_back(&BUFFERS, (cells, hits, title_at, pair_spots, starts));
        }
        (cands, pending, covered)
    }

    /// The officials from the candidates, bylines left out.
    fn finish<'t>(
        &self,
        text: &str,
        mut cands: Vec<Cand<'t>>,
        pending: &[Pending<'t>],
        bylines: &[BylineHit],
    ) -> Vec<Official> {
        self.resolve_pending(text, pending, &mut cands);
        self.merge(text, cands, bylines)
    }

    /// Titles followed by a name found by another rule.
    fn resolve_pending<'t>(&self, text: &str, pending: &[Pending<'t>], cands: &mut Vec<Cand<'t>>) {
        if pending.is_empty() {
            return;
        }
        let mut known: Vec<&str> = cands
            .iter()
            .filter(|c| !c.needs_known && !c.masked)
            .filter_map(|c| c.name)
            .collect();
        known.sort_by_key(|n| std::cmp::Reverse(n.len()));
        known.dedup();
        let mut add = Vec::new();
        for pd in pending {
            let rest = text.get(pd.at..).unwrap_or("");
            if let Some(n) = known.iter().find(|n| rest.starts_with(**n)) {
                add.push(Cand {
                    name: Some(*n),
                    title: Some(pd.title),
                    rank: 3,
                    masked: false,
                    span: Span::new(pd.title_at, pd.at + n.len()),
                    needs_known: false,
                    alone: false,
                });
            }
        }
        cands.extend(add);
    }

    /// Fills the per-paragraph view; with `hot`, also adds the byte offsets
    /// where a byline keyword may be (see [`BylineExtractor::scan_hot`]).
    fn load<'a>(
        &self,
        p: &mut Para<'a>,
        text: &'a str,
        base: usize,
        mut hot: Option<&mut Vec<usize>>,
    ) {
        p.text = text;
        p.base = base;
        let bytes = text.as_bytes();
        // At most one char per byte: the buffers are written by index
        // (cheaper than a push per char); they only grow.
        if p.cells.len() < bytes.len() + 1 {
            p.cells.resize(bytes.len() + 1, 0);
        }
        if p.pair_spots.len() < MARK_ROOM {
            p.pair_spots.resize(MARK_ROOM, 0);
        }
        if p.starts.len() < MARK_ROOM {
            p.starts.resize(MARK_ROOM, 0);
        }
        let trie = &self.titles.trie;
        let spots = self.spots.as_deref().unwrap_or(&trie.pairs);
        // The spot pairs are found while decoding: with no one-char title,
        // only their first chars are looked at below.
        let (Some(spot_room), Some(start_room)) = (
            p.pair_spots.first_chunk_mut::<MARK_ROOM>(),
            p.starts.first_chunk_mut::<MARK_ROOM>(),
        ) else {
            return;
        };
        let (n, n_spots, n_starts) = decode(text, spots, &mut p.cells, spot_room, start_room);
        p.n = n;
        p.n_spots = n_spots;
        p.n_starts = n_starts;
        if n_starts > MARK_ROOM {
            // More clause starts than `decode` had room for: all again.
            p.starts.clear();
            let mut prev_han = false;
            for (k, &x) in p.cells.get(..n).unwrap_or(&[]).iter().enumerate() {
                let han = is_han(as_char(x as u32));
                if han && !prev_han {
                    p.starts.push(k as u32);
                }
                prev_han = han;
            }
            p.n_starts = p.starts.len();
        }
        let pair_spots = std::mem::take(&mut p.pair_spots);
        p.hits.clear();
        p.title_at.clear();
        p.title_at.resize(n + 1, false);
        let cells = p.cells.get(..n).unwrap_or(&[]);
        // (With more spots than `decode` had room for, every pair is
        // tested here: the same test.)
        let every = !trie.singles.is_empty() || n_spots > MARK_ROOM;
        // Titles may start from `from` on (leftmost-longest: not inside the
        // last one); byline spots are looked for at every pair.
        let mut from = 0;
        let mut k = 0;
        // (A first spot `u32::MAX` is no pair: see `decode`.)
        let mut next_spot = usize::from(n_spots > 0 && pair_spots.first() == Some(&u32::MAX));
        loop {
            let i = if every {
                k
            } else {
                match pair_spots.get(..n_spots).and_then(|s| s.get(next_spot)) {
                    Some(&i) => i as usize,
                    None => break,
                }
            };
            if i >= n {
                break;
            }
            k = i + 1;
            let spot = if every {
                cells.get(i + 1).is_some_and(|&x1| {
                    let (w, bit) = pair_bit_u(cells[i] as u32, x1 as u32);
                    spots[w] & bit != 0
                })
            } else {
                next_spot += 1;
                true
            };
            if spot && let Some(hot) = hot.as_deref_mut() {
                let (x0, x1) = (cells[i], cells[i + 1]);
                let (c0, c1) = (as_char(x0 as u32), as_char(x1 as u32));
                let at = (x0 >> 32) as usize;
                if self.bylines.glued_hot(text, at, c0, c1) {
                    hot.push(base + at);
                }
                if self.bylines.sep_hot(c0, c1) {
                    hot.push(base + (x1 >> 32) as usize);
                }
            }
            if i < from {
                continue;
            }
            let Some((pat, e)) = trie.longest_at(cells, i) else {
                continue;
            };
            let core = i;
            from = e;
            let flags = self.titles.flags[pat as usize];
            if flags & BLOCK != 0 {
                continue;
            }
            let (s, has_org) = if flags & (OFFICE | FOREIGN) != 0 {
                self.extend_left(p, core)
            } else {
                (core, false)
            };
            if flags & (OFFICE | FOREIGN) != 0 {
                p.title_at[s] = true;
                p.title_at[core] = true;
            }
            p.hits.push(Hit {
                s,
                core,
                e,
                flags,
                has_org,
            });
        }
        p.pair_spots = pair_spots;
        // Extension can move a start before an earlier hit's start; keep order.
        p.hits.sort_by_key(|h| (h.s, h.e));
    }

    /// Extends a title left over modifiers and organization prefixes.
    fn extend_left(&self, p: &Para<'_>, core: usize) -> (usize, bool) {
        let t = &self.titles;
        let mut s = core;
        let mut has_org = false;
        for _ in 0..6 {
            if s == 0 || !p.c(s - 1).is_some_and(|c| t.affix_last.contains(&c)) {
                break;
            }
            let mut found = None;
            for k in (1..=t.max_prefix.min(s)).rev() {
                if !p
                    .c(s - k)
                    .is_some_and(|c| t.affix_heads.may_hold(affix_key(k), c))
                {
                    continue;
                }
                let w = p.slice(s - k, s);
                if t.modifiers.contains(w) {
                    found = Some((k, false));
                    break;
                }
                if t.prefixes.contains(w) {
                    found = Some((k, true));
                    break;
                }
            }
            let Some((k, org)) = found else { break };
            s -= k;
            if org {
                has_org = true;
                // 市 + 人大常委会 + 主任 (but 高新区 + 管委会 + 主任: a
                // longer prefix ending there is taken by the next round)
                if s > 0
                    && p.c(s - 1).is_some_and(|c| t.levels.contains(&c))
                    && !p.c(s).is_some_and(|c| t.levels.contains(&c))
                    && !(2..=t.max_prefix.min(s)).any(|k| t.prefixes.contains(p.slice(s - k, s)))
                {
                    s -= 1;
                }
            }
        }
        (s, has_org)
    }

    /// False when no follow word of two chars or more starts at char `i`.
    #[inline]
    fn may_follow_at(&self, p: &Para<'_>, i: usize) -> bool {
        match (p.c(i), p.c(i + 1)) {
            (Some(a), Some(b)) => {
                self.follow_first.contains(&a) && self.follow_pairs.may_hold(a, b)
            }
            _ => false,
        }
    }

    /// How strongly what follows char `i` ends a name: 3 strong, 1 weak, 0 no.
    fn follow(&self, p: &Para<'_>, i: usize) -> u8 {
        let Some(c) = p.c(i) else { return 3 };
        if !is_han(c) && c != '·' && !is_mask(c) {
            return 3;
        }
        if p.title_at.get(i).copied().unwrap_or(false) {
            return 3;
        }
        if self.may_follow_at(p, i) {
            for k in 2..=4 {
                if i + k <= p.len() && self.follow_words.contains(p.slice(i, i + k)) {
                    return 3;
                }
            }
        }
        if self.follow_chars.contains(&c) {
            return 1;
        }
        0
    }

    /// True when a follow word or a title starts at char `i`.
    fn word_at(&self, p: &Para<'_>, i: usize) -> bool {
        p.title_at.get(i).copied().unwrap_or(false)
            || (self.may_follow_at(p, i)
                && (2..=4)
                    .any(|k| i + k <= p.len() && self.follow_words.contains(p.slice(i, i + k))))
    }

    /// True when chars `s..e` may be a name (given-name characters checked).
    fn plausible(&self, p: &Para<'_>, s: usize, e: usize, sl: usize) -> bool {
        if e <= s + sl || e > p.len() {
            return false;
        }
        for i in s + sl..e {
            let Some(c) = p.c(i) else { return false };
            if !is_han(c) || self.ban_any.contains(&c) {
                return false;
            }
        }
        let last = p.c(e - 1).unwrap_or('的');
        if self.ban_final.contains(&last) || self.names.is_stop(p.slice(s, e)) {
            return false;
        }
        // 班子主|要负责同志: a listed word and one more character.
        if sl == 1 && e == s + 3 && self.names.is_stop(p.slice(s, s + 2)) {
            return false;
        }
        // 应邀, 曾经: the whole candidate is a verb of the follow list; 时|表示:
        // a two-character given name is one.
        let given = p.slice(s + sl, e);
        // (Both strings have two chars or more.)
        if (self.may_follow_at(p, s) && self.follow_words.contains(p.slice(s, e)))
            || (e - s - sl == 2
                && self.may_follow_at(p, s + sl)
                && self.follow_words.contains(given))
        {
            return false;
        }
        // 向|大家, 任|德国, 党|联合: a surname that is also a preposition or a
        // common word, before a listed word.
        let lead = p.c(s).unwrap_or(' ');
        !(e - s - sl == 2
            && (PREP_SURNAMES.contains(&lead) || lead == '党')
            && self.names.is_stop(given))
    }

    /// Reads a name starting at char `i`.
    fn name_after(&self, p: &Para<'_>, doc: &str, i: usize, mode: Mode) -> Option<NameAt> {
        let first = p.c(i)?;
        if !is_han(first) {
            return None;
        }
        let head = p.slice(i, (i + 4).min(p.len()));
        let sl = self.names.surname_len(head);
        if sl > 0 {
            // 王某 / 王某某: a masked name.
            let m = (i + sl..(i + sl + 2).min(p.len()))
                .take_while(|&k| p.c(k) == Some('某'))
                .count();
            if m > 0 && self.follow(p, i + sl + m) > 0 {
                return Some(NameAt {
                    s: i,
                    e: i + sl + m,
                    masked: true,
                });
            }
            // The longer name wins unless the shorter one is followed by a
            // stronger end, or by a word (罗利|互致贺电 over 罗利互|致贺电).
            let mut best: Option<(u8, usize)> = None;
            for gl in [2usize, 1] {
                let e = i + sl + gl;
                if !self.plausible(p, i, e, sl) {
                    continue;
                }
                let f = self.follow(p, e);
                if f == 0 {
                    continue;
                }
                // 汪洋和|国务委员杨洁篪: 和 before a title or a name joins two
                // people (but 魏凤和同…, 郑义和。 end in 和).
                if gl == 2
                    && matches!(p.c(e - 1), Some('和' | '及'))
                    && (p.title_at.get(e).copied().unwrap_or(false)
                        || self
                            .names
                            .starts_with_surname(p.slice(e, (e + 2).min(p.len()))))
                {
                    continue;
                }
                let better = match best {
                    None => true,
                    Some((bf, _)) => f > bf || (f == 3 && bf == 3 && self.word_at(p, e)),
                };
                if better {
                    best = Some((f, e));
                }
            }
            // A single surname may also be the first of a compound one that the
            // list lacks; nothing more to try then.
            if let Some((_, e)) = best {
                return Some(NameAt {
                    s: i,
                    e,
                    masked: false,
                });
            }
            if sl > 1 {
                // 欧阳 may be 欧 + 阳X: try the single surname too.
                if self.names.single.contains(&first) {
                    for gl in [2usize, 1] {
                        let e = i + 1 + gl;
                        if self.plausible(p, i, e, 1) && self.follow(p, e) > 0 {
                            return Some(NameAt {
                                s: i,
                                e,
                                masked: false,
                            });
                        }
                    }
                }
            }
            return None;
        }
        if mode == Mode::AfterTitle && !self.not_first.contains(&first) {
            // An unlisted surname (蒿慧杰): three characters, a strong end, and
            // the same name written again elsewhere in the document.
            let e = i + 3;
            let budget = p.relaxed_budget.get();
            if budget > 0 && self.plausible(p, i, e, 1) && self.follow(p, e) == 3 {
                p.relaxed_budget.set(budget - 1);
                let name = p.slice(i, e);
                if self.acts_elsewhere(doc, name) {
                    return Some(NameAt {
                        s: i,
                        e,
                        masked: false,
                    });
                }
            }
        }
        None
    }

    /// True when `name` occurs at least twice in `doc` and once is followed by
    /// a verb or title of the follow lists (蒿慧杰强调).
    fn acts_elsewhere(&self, doc: &str, name: &str) -> bool {
        if name.is_empty() || doc.match_indices(name).nth(1).is_none() {
            return false;
        }
        doc.match_indices(name).take(64).any(|(b, _)| {
            // At a clause start: 。蒿慧杰强调 (not 毛主席进一步提出).
            let prev = doc.get(..b).and_then(|h| h.chars().next_back());
            if prev.is_some_and(|c| is_han(c) || c == '·') {
                return false;
            }
            let rest = doc.get(b + name.len()..).unwrap_or("");
            rest.char_indices()
                .skip(1)
                .take(self.titles.max_word)
                .any(|(k, _)| {
                    rest.get(..k).is_some_and(|w| {
                        self.follow_words.contains(w) || self.titles.words.contains(w)
                    })
                })
        })
    }

    /// Reads a name ending just before char `e` (习近平|总书记). The name
    /// must start after punctuation, a function word or the end of a verb
    /// that takes a person (符合|习近平总书记, 会见|普京总统).
    fn name_before(&self, p: &Para<'_>, e: usize) -> Option<NameAt> {
        let mut cands: Vec<usize> = Vec::new();
        for len in [4usize, 3, 2] {
            if len > e {
                continue;
            }
            let s = e - len;
            let sl = self.names.surname_len(p.slice(s, e));
            if sl == 0 || sl >= len || len - sl > 2 {
                continue;
            }
            // A two-character name must start after punctuation or a
            // function word (俄罗斯|总统 is no name).
            if s > 0
                && p.c(s - 1)
                    .is_some_and(|c| is_han(c) && !LEFT_OK.contains(&c))
            {
                continue;
            }
            // 梅德|韦杰夫总理: the tail of a foreign name.
            if s > 0
                && p.c(s - 1)
                    .is_some_and(|c| self.translit.contains(&c) && !LEFT_OK.contains(&c))
            {
                continue;
            }
            // 于习主席, 对李总理: a preposition before surname + title.
            if len == 2 && PREP_SURNAMES.contains(&p.c(s).unwrap_or(' ')) {
                continue;
            }
            // 学习贯彻|总书记: a given name that is a listed word.
            if len - sl == 2 && self.names.is_stop(p.slice(s + sl, e)) {
                continue;
            }
            if self.plausible(p, s, e, sl) {
                cands.push(s);
            }
        }
        // Prefer the longer name unless it starts with a function word that is
        // also a surname (向王毅部长 → 王毅).
        let s = match cands.as_slice() {
            [] => return None,
            [one] => *one,
            [long, short, ..] => {
                let lead = p.c(*long).unwrap_or(' ');
                if matches!(
                    lead,
                    '向' | '于' | '和' | '同' | '为' | '对' | '以' | '与' | '及' | '由'
                ) || (p.clause_start(*short) && !p.clause_start(*long))
                {
                    *short
                } else {
                    *long
                }
            }
        };
        Some(NameAt {
            s,
            e,
            masked: false,
        })
    }

    /// A transliterated foreign name after a foreign title (总统普京).
    fn foreign_after(&self, p: &Para<'_>, i: usize) -> Option<NameAt> {
        let mut e = i;
        while e < p.len() && e - i < 16 && p.c(e).is_some_and(|c| self.translit.contains(&c)) {
            e += 1;
        }
        // 玛格丽特二世
        for regnal in ["一世", "二世", "三世", "四世", "五世", "六世", "十世"] {
            if e > i + 1 && p.starts_with_at(e, regnal) {
                e += 2;
                break;
            }
        }
        // Give back characters until what follows ends a name.
        while e > i + 1 {
            if p.c(e - 1) != Some('·') && self.follow(p, e) > 0 {
                let name = p.slice(i, e);
                if !self.names.is_stop(name) && p.c(i) != Some('·') {
                    return Some(NameAt {
                        s: i,
                        e,
                        masked: false,
                    });
                }
                return None;
            }
            e -= 1;
        }
        None
    }

    /// Title-based records: title + name, name + title, masked, title alone.
    /// A title followed by Han text that gave no name is kept in `pending`:
    /// a name found elsewhere may start there (国家主席习近平结束访问).
    fn scan_titles<'t>(
        &self,
        p: &Para<'t>,
        doc: &str,
        out: &mut Vec<Cand<'t>>,
        pending: &mut Vec<Pending<'t>>,
    ) {
        for h in &p.hits {
            // 以习近平同志为核心: a name before 同志, with no title.
            if h.flags & COMRADE != 0 {
                // Only in the political uses (以…同志为核心, …同志指出, …同志任…):
                // 学习张富清同志先进事迹 names a model, not an official.
                const POLITICAL: &[&str] = &[
                    "为核心",
                    "为总书记",
                    "为首",
                    "为代表",
                    "为主要代表",
                    "的重要",
                    "的讲话",
                    "任",
                    "不再",
                    "兼任",
                    "担任",
                    "代表",
                    "同时",
                    "逝世",
                    "遗体",
                    "骨灰",
                    "因病",
                    "生平",
                ];
                let political =
                    POLITICAL.iter().any(|w| p.starts_with_at(h.e, w)) || self.acts(p, h.e);
                if political && let Some(n) = self.name_before(p, h.s) {
                    out.push(Cand {
                        name: Some(p.slice(n.s, n.e)),
                        title: None,
                        rank: 0,
                        masked: false,
                        span: p.span(n.s, n.e),
                        needs_known: false,
                        alone: false,
                    });
                }
                continue;
            }
            if h.flags & (OFFICE | FOREIGN) == 0 {
                continue;
            }
            // 国务委员兼国务院秘书长, 副委员长兼秘书长: the offices held together
            // are one title, as written
            let mut ts = h.s;
            for _ in 0..4 {
                let Some(prev) = p.office_before(ts, '兼') else {
                    break;
                };
                ts = prev.s;
            }
            let title = p.slice(ts, h.e);
            // **局长, ××书记
            let mut m = h.s;
            while m > 0 && p.c(m - 1).is_some_and(is_mask) {
                m -= 1;
            }
            let latin_only = (m..h.s).all(|k| matches!(p.c(k), Some('X' | 'x')));
            if m < h.s && !(latin_only && h.s - m < 2) {
                out.push(Cand {
                    name: None,
                    title: Some(title),
                    rank: 3,
                    masked: true,
                    span: p.span(m, h.e),
                    needs_known: false,
                    alone: false,
                });
                continue;
            }
            let mut j = h.e;
            if matches!(p.c(j), Some(' ' | '\u{3000}')) {
                j += 1;
            }
            // A listed surname first, then a foreign name, then an unlisted
            // surname.
            let strict = self.name_after(p, doc, j, Mode::Strict);
            // Foreign names follow foreign titles (总统普京); after other
            // offices (外长拉夫罗夫, 市长卢蒙巴) they need three characters.
            let foreign = if strict.is_none() {
                self.foreign_after(p, j)
                    .filter(|n| h.flags & FOREIGN != 0 || n.e >= n.s + 3)
            } else {
                None
            };
            let found = strict
                .or(foreign)
                .or_else(|| self.name_after(p, doc, j, Mode::AfterTitle));
            if let Some(n) = found {
                // 国务委员杨晶、常万全、杨洁篪: the title covers the list.
                if !n.masked && p.c(n.e) == Some('、') {
                    for m in self.read_list(p, n.e + 1, false, true).names {
                        out.push(Cand {
                            name: Some(p.slice(m.s, m.e)),
                            title: Some(title),
                            rank: 2,
                            masked: false,
                            span: p.span(m.s, m.e),
                            needs_known: false,
                            alone: false,
                        });
                    }
                }
                // 中共中央总书记、国家主席、中央军委主席习近平: the earlier
                // titles of the chain are held too (a later 总书记 alone is
                // him); rank 2 keeps the adjacent one as the title.
                if !n.masked {
                    let mut start = h.s;
                    for _ in 0..8 {
                        let Some(prev) = p.office_before(start, '、') else {
                            break;
                        };
                        out.push(Cand {
                            name: Some(p.slice(n.s, n.e)),
                            title: Some(p.slice(prev.s, prev.e)),
                            rank: 2,
                            masked: false,
                            span: p.span(h.s, n.e),
                            needs_known: false,
                            alone: false,
                        });
                        start = prev.s;
                    }
                }
                out.push(Cand {
                    name: if n.masked {
                        None
                    } else {
                        Some(p.slice(n.s, n.e))
                    },
                    title: Some(title),
                    rank: 3,
                    masked: n.masked,
                    span: p.span(h.s, n.e),
                    needs_known: false,
                    alone: false,
                });
                continue;
            }
            // 习近平总书记的, 李强总理表示: a title after a name is followed by
            // what may follow a name.
            if h.flags & POST != 0
                && !h.has_org
                && (self.follow(p, h.e) > 0 || p.c(h.e) == Some('的'))
                && let Some(n) = self.name_before(p, h.s)
            {
                out.push(Cand {
                    name: Some(p.slice(n.s, n.e)),
                    title: Some(title),
                    rank: 3,
                    masked: false,
                    span: p.span(n.s, h.e),
                    needs_known: (h.flags & LEVEL_POST != 0 && h.s == h.core)
                        || h.flags & FOREIGN_ONLY != 0,
                    alone: false,
                });
                continue;
            }
            if h.flags & NO_ALONE == 0 && p.clause_start(h.s) && self.speaks(p, h.e) {
                out.push(Cand {
                    name: None,
                    title: Some(title),
                    rank: 3,
                    masked: false,
                    span: p.span(h.s, h.e),
                    needs_known: false,
                    alone: true,
                });
                continue;
            }
            if p.c(j).is_some_and(is_han) && pending.len() < MAX_OFFICIALS {
                pending.push(Pending {
                    title,
                    title_at: p.span(h.s, h.e).start,
                    at: p.span(j, j).start,
                });
            }
        }
    }

    /// True when a title at a clause start is followed by speech
    /// (`县长在…上的讲话`, `市长强调`).
    fn speaks(&self, p: &Para<'_>, e: usize) -> bool {
        const NOW: &[&str] = &[
            "强调", "指出", "要求", "表示", "主持", "讲话", "致辞", "宣布", "部署", "说",
        ];
        if NOW.iter().any(|w| p.starts_with_at(e, w)) {
            return true;
        }
        if !matches!(p.c(e), Some('在' | '对' | '就' | '于' | '分' | '首'))
            && !p.starts_with_at(e, "代表")
        {
            return false;
        }
        self.window_has(p, e, SPEAK_THEN, |c| self.then_first.contains(&c))
    }

    /// True when one of `words` occurs between char `e` and the clause end;
    /// `first` is true for the words' first chars (a fast reject: comparing
    /// every word at every char cost ~10% of the extractor).
    fn window_has(
        &self,
        p: &Para<'_>,
        e: usize,
        words: &[&str],
        first: impl Fn(char) -> bool,
    ) -> bool {
        let mut k = e;
        while k < p.len() && k - e < ACT_WINDOW {
            let c = p.c(k).unwrap_or('。');
            if matches!(
                c,
                '。' | '，' | '；' | '！' | '？' | ',' | ';' | '!' | '?' | '：' | ':'
            ) {
                break;
            }
            if first(c)
                && words
                    .iter()
                    .any(|w| w.starts_with(c) && p.starts_with_at(k, w))
            {
                return true;
            }
            k += 1;
        }
        false
    }

    /// Lists: under a heading (市领导A、B、C等), and bare names at a clause start
    /// followed by an official's act.
    fn scan_lists<'t>(&self, p: &Para<'t>, out: &mut Vec<Cand<'t>>) {
        // Headings.
        for h in &p.hits {
            if h.flags & COLLECTIVE == 0 {
                continue;
            }
            let mut j = h.e;
            while matches!(p.c(j), Some(':' | '：' | ' ' | '\u{3000}')) {
                j += 1;
            }
            let title = if h.flags & HEADER != 0 {
                None
            } else {
                Some(p.slice(h.s, h.e))
            };
            let items = self.read_list(p, j, true, false);
            for n in items.names {
                out.push(Cand {
                    name: Some(p.slice(n.s, n.e)),
                    title,
                    rank: if title.is_some() { 1 } else { 0 },
                    masked: false,
                    span: p.span(n.s, n.e),
                    needs_known: false,
                    alone: false,
                });
            }
        }
        // Bare names at clause starts (Han chars after what `clause_start`
        // calls punctuation, among those `load` noted), from where the last
        // list read ended on.
        let mut floor = 0;
        for i in p.starts().iter().map(|&i| i as usize) {
            if i < floor {
                continue;
            }
            let Some(c) = p.c(i) else { break };
            // A list read here starts with a listed surname or a title: with
            // neither, `read_list` finds nothing (most clause starts).
            let titled = p.hit_at(i).is_some();
            if !titled && !self.names.may_start(c) {
                continue;
            }
            // A name read here ends 2 to 6 chars on (`name_after`): unless
            // a title starts the list, nothing is recorded when none of the
            // chars that may follow it there continues the list or acts.
            if !titled
                && (i + 2..=i + 6).all(|k| p.c(k).is_none_or(|c| !self.bare_end.contains(&c)))
            {
                continue;
            }
            // (`clause_start`, knowing the char before is not Han.)
            if i > 0 && p.c(i - 1).is_none_or(|q| q == '·' || is_alnum(q)) {
                continue;
            }
            let items = self.read_list(p, i, false, false);
            let mut next = i + 1;
            // 应|伊朗要求: with no title, a given name that is a listed word
            // (a country, 全国) is a preposition and a noun.
            let wordlike = items.names.iter().any(|n| {
                let sl = self.names.surname_len(p.slice(n.s, n.e)).max(1);
                n.e >= n.s + sl + 2 && self.names.is_stop(p.slice(n.s + sl, n.e))
            });
            if !items.names.is_empty() && !wordlike && self.acts(p, items.end) {
                for n in &items.names {
                    out.push(Cand {
                        name: Some(p.slice(n.s, n.e)),
                        title: None,
                        rank: 0,
                        masked: false,
                        span: p.span(n.s, n.e),
                        needs_known: false,
                        alone: false,
                    });
                }
                next = items.end.max(i + 1);
            }
            floor = next;
        }
    }

    /// True when an official's act follows char `e` (after an optional 同志).
    fn acts(&self, p: &Para<'_>, e: usize) -> bool {
        let mut k = e;
        if p.starts_with_at(k, "同志") {
            k += 2;
        }
        if p.c(k).is_some_and(|c| self.direct_first.contains(&c))
            && DIRECT_ACTS.iter().any(|w| p.starts_with_at(k, w))
        {
            return true;
        }
        if !p.c(k).is_some_and(|c| ACT_LEADS.contains(&c)) {
            return false;
        }
        self.window_has(p, k, WINDOW_ACTS, |c| self.window_first.contains(&c))
            && !self.window_has(p, k, &["记者"], |c| c == '记')
    }

    /// Reads names separated by 、 (and 和/及 before the last) from char `j`.
    /// Titles inside the list are skipped (their names are found with them).
    /// With `heading`, the list may also use ，. With `untitled`, the list
    /// ends at the first title (市委书记李卫东、市长魏建平).
    fn read_list(&self, p: &Para<'_>, mut j: usize, heading: bool, untitled: bool) -> List {
        let mut list = List {
            names: Vec::new(),
            end: j,
        };
        let start = j;
        let mut joined_by_and = false;
        let empty = "";
        for _ in 0..MAX_LIST {
            // Titles written inside the list: 、副市长张三
            let mut titled = false;
            if untitled && p.hit_at(j).is_some() {
                break;
            }
            for _ in 0..6 {
                match p.hit_at(j) {
                    Some(h) => {
                        j = h.e;
                        titled = true;
                        if p.c(j) == Some('、') && p.hit_at(j + 1).is_some() {
                            j += 1;
                        }
                    }
                    None => break,
                }
            }
            let Some(n) = self.name_after(p, empty, j, Mode::Strict) else {
                break;
            };
            // 、安提瓜和巴布达总理斯潘塞: a place or body before a new title;
            // the name joined to it by 和 goes too.
            if n.masked || (!titled && p.title_at.get(n.e).copied().unwrap_or(false)) {
                if joined_by_and {
                    list.names.pop();
                    list.end = list.names.last().map_or(start, |m| m.e);
                }
                break;
            }
            if !titled {
                list.names.push(n);
            }
            j = n.e;
            list.end = j;
            let sep = p.c(j);
            let more = match sep {
                Some('、') => 1,
                Some('，' | ',') if heading => 1,
                Some('和' | '及') => 1,
                _ if p.starts_with_at(j, "以及") => 2,
                _ => 0,
            };
            if more == 0 {
                break;
            }
            // A list only goes on if another name (or title) follows.
            let k = j + more;
            if p.hit_at(k).is_none() && self.name_after(p, empty, k, Mode::Strict).is_none() {
                break;
            }
            joined_by_and = sep != Some('、') && sep != Some('，') && sep != Some(',');
            j = k;
        }
        if !list.names.is_empty() && p.c(list.end) == Some('等') {
            list.end += 1;
        }
        list
    }

    /// Groups candidates per person, adds bare mentions of known names, drops
    /// bylines.
    fn merge(
        &self,
        text: &str,
        cands: Vec<Cand<'_>>,
        bylines: &[super::byline::BylineHit],
    ) -> Vec<Official> {
        // Sets and maps keyed by names from the document use std's keyed
        // SipHash, not Fx: crafted colliding names must not make them
        // quadratic (Fx stays for the lexicon sets, whose keys are fixed).
        // (At most `MAX_BYLINES` bylines: a scan beats hashing.)
        let byline_name = |name: &str| bylines.iter().any(|b| b.byline.name == name);
        let in_byline = |s: Span| {
            bylines
                .iter()
                .any(|b| b.span.start < s.end && s.start < b.span.end)
        };
        // Only asked for candidates that need a known name (few documents
        // have one).
        let known: std::collections::HashSet<&str> = if cands.iter().any(|c| c.needs_known) {
            cands
                .iter()
                .filter(|c| !c.needs_known)
                .filter_map(|c| c.name)
                .collect()
        } else {
            std::collections::HashSet::new()
        };
        // Officials are gathered with their strings borrowed from the
        // document, and own them only once kept (no allocation per
        // candidate).
        let mut named: Vec<Acc<'_>> = Vec::new();
        let mut best: Vec<(u8, usize)> = Vec::new();
        let mut by_name: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let mut unnamed: Vec<Acc<'_>> = Vec::new();
        let mut alone: Vec<(&str, Span)> = Vec::new();
        // (official, title) for every office title written next to a name.
        let mut held: Vec<(usize, &str)> = Vec::new();
        for c in cands {
            if in_byline(c.span) {
                continue;
            }
            match c.name {
                Some(name) => {
                    if byline_name(name) || (c.needs_known && !known.contains(name)) {
                        continue;
                    }
                    let tlen = c.title.map_or(0, |t| t.chars().count());
                    let idx = match by_name.get(name) {
                        Some(&k) => k,
                        None => {
                            if named.len() >= MAX_OFFICIALS {
                                continue;
                            }
                            named.push(Acc {
                                name: Some(name),
                                title: None,
                                masked: false,
                                mentions: Vec::new(),
                            });
                            best.push((0, 0));
                            by_name.insert(name, named.len() - 1);
                            named.len() - 1
                        }
                    };
                    if let Some(t) = c.title
                        && c.rank >= 2
                        && held.len() < MAX_OFFICIALS * 4
                    {
                        held.push((idx, t));
                    }
                    if c.title.is_some() && (c.rank, tlen) > best[idx] {
                        best[idx] = (c.rank, tlen);
                        named[idx].title = c.title;
                    }
                    named[idx].mentions.push(c.span);
                }
                None if c.alone => {
                    if let Some(t) = c.title {
                        alone.push((t, c.span));
                    }
                }
                None => {
                    let k = unnamed
                        .iter()
                        .position(|o| o.title == c.title && o.masked == c.masked);
                    match k {
                        Some(k) => unnamed[k].mentions.push(c.span),
                        None => unnamed.push(Acc {
                            name: None,
                            title: c.title,
                            masked: c.masked,
                            mentions: vec![c.span],
                        }),
                    }
                }
            }
        }
        // A title alone goes to the one named official holding it.
        for (t, span) in alone {
            // Holders: officials written with this title (or one ending in it:
            // 总书记 for 中共中央总书记).
            let mut holders: Vec<usize> = held
                .iter()
                .filter(|(_, h)| h.ends_with(t))
                .map(|(k, _)| *k)
                .collect();
            holders.sort_unstable();
            holders.dedup();
            if let [k] = holders.as_slice() {
                named[*k].mentions.push(span);
                continue;
            }
            match unnamed.iter().position(|o| !o.masked && o.title == Some(t)) {
                Some(k) => unnamed[k].mentions.push(span),
                None => unnamed.push(Acc {
                    name: None,
                    title: Some(t),
                    masked: false,
                    mentions: vec![span],
                }),
            }
        }
        self.add_bare_mentions(text, &mut named, bylines);
        let mut all: Vec<Acc<'_>> = named.into_iter().chain(unnamed).collect();
        for o in &mut all {
            o.mentions
                .sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
            // A mention inside the last one kept goes (in place).
            o.mentions.dedup_by(|s, kept| kept.contains(*s));
            o.mentions.truncate(MAX_MENTIONS);
        }
        all.retain(|o| !o.mentions.is_empty());
        all.sort_by_key(|o| o.mentions.first().map_or(usize::MAX, |s| s.start));
        all.truncate(MAX_OFFICIALS);
        all.into_iter()
            .map(|o| Official {
                name: o.name.map(str::to_owned),
                title: o.title.map(str::to_owned),
                masked: o.masked,
                mentions: o.mentions,
            })
            .collect()
    }

    /// Adds every further occurrence of a known name as a mention.
    fn add_bare_mentions(
        &self,
        text: &str,
        named: &mut [Acc<'_>],
        bylines: &[super::byline::BylineHit],
    ) {
        let pats: Vec<&str> = named.iter().filter_map(|o| o.name).collect();
        if pats.is_empty() {
            return;
        }
        let mut taken: Vec<Span> = named
            .iter()
            .flat_map(|o| o.mentions.iter().copied())
            .collect();
        taken.extend(bylines.iter().map(|b| b.span));
        taken.sort();
        let mut extra: Vec<(usize, Span)> = Vec::new();
        for (pi, s) in leftmost_longest(text, &pats) {
            let k = taken.partition_point(|t| t.end <= s.start);
            if taken.get(k).is_some_and(|t| t.start < s.end) {
                continue;
            }
            // A two-character name must not run on into a longer one (张涛然).
            let name = pats[pi];
            if name.chars().count() == 2 && !self.ends_name(text, s.end) {
                continue;
            }
            extra.push((pi, s));
        }
        let idx: Vec<usize> = named
            .iter()
            .enumerate()
            .filter(|(_, o)| o.name.is_some())
            .map(|(i, _)| i)
            .collect();
        for (pi, s) in extra {
            if let Some(&k) = idx.get(pi)
                && named[k].mentions.len() < MAX_MENTIONS
            {
                named[k].mentions.push(s);
            }
        }
    }

    /// True when the text at byte `b` can follow a name.
    fn ends_name(&self, text: &str, b: usize) -> bool {
        let Some(rest) = text.get(b..) else {
            return true;
        };
        let mut it = rest.char_indices();
        let Some((_, c)) = it.next() else { return true };
        if !is_han(c) || self.follow_chars.contains(&c) {
            return true;
        }
        // (The prefixes of up to `max_word` chars, none collected.)
        rest.char_indices()
            .take(self.titles.max_word.max(4))
            .any(|(i, c)| {
                rest.get(..i + c.len_utf8())
                    .is_some_and(|w| self.follow_words.contains(w) || self.titles.words.contains(w))
            })
    }
}

/// Non-overlapping leftmost-longest matches of `pats` in `text` as
/// (pattern index, span), the same as an Aho–Corasick automaton with
/// `MatchKind::LeftmostLongest` finds, without building one per document
/// (its build cost ~5%): a few names are searched one by one with memmem.
fn leftmost_longest(text: &str, pats: &[&str]) -> Vec<(usize, Span)> {
    /// Above this many names one automaton beats a scan per name.
    const MAX_SCANS: usize = 24;
    let mut out = Vec::new();
    if pats.len() > MAX_SCANS {
        let Ok(ac) = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::NoncontiguousNFA))
            .build(pats)
        else {
            return out;
        };
        for m in ac.find_iter(text) {
            out.push((m.pattern().as_usize(), Span::new(m.start(), m.end())));
        }
        return out;
    }
    // Every occurrence (overlapping ones too), then the leftmost-longest sweep.
    let bytes = text.as_bytes();
    let mut all: Vec<(usize, usize, usize)> = Vec::new(); // (start, end, pattern)
    for (pi, pat) in pats.iter().enumerate() {
        if pat.is_empty() {
            continue;
        }
        let finder = memchr::memmem::Finder::new(pat.as_bytes());
        let mut pos = 0;
        while let Some(i) = bytes.get(pos..).and_then(|b| finder.find(b)) {
            all.push((pos + i, pos + i + pat.len(), pi));
            pos += i + 1;
        }
    }
    all.sort_unstable_by_key(|&(s, e, pi)| (s, std::cmp::Reverse(e), pi));
    let mut at = 0;
    for (s, e, pi) in all {
        if s < at {
            continue;
        }
        out.push((pi, Span::new(s, e)));
        at = e;
    }
    out
}

/// An official being gathered by `merge`, its strings borrowed from the
/// document.
#[derive(Debug)]
struct Acc<'a> {
    name: Option<&'a str>,
    title: Option<&'a str>,
    masked: bool,
    mentions: Vec<Span>,
}

/// Names read from a list.
#[derive(Debug)]
struct List {
    names: Vec<NameAt>,
    /// Char index after the last name (and a following 等).
    end: usize,
}

impl Extractor for OfficialExtractor {
    fn extract(&self, cx: &Context<'_>, out: &mut Records) {
        out.officials = self.officials(cx);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Meta;

    fn run(text: &str) -> Vec<(Option<String>, Option<String>, bool)> {
        let (paragraphs, sentences) = crate::segment::spans_of(text);
        let meta = Meta::default();
        let cx = Context {
            text,
            paragraphs: &paragraphs,
            sentences: &sentences,
            meta: &meta,
        };
        let x = OfficialExtractor::new();
        x.officials(&cx)
            .into_iter()
            .map(|o| (o.name, o.title, o.masked))
            .collect()
    }

    fn named(text: &str) -> Vec<(String, Option<String>)> {
        run(text)
            .into_iter()
            .filter_map(|(n, t, _)| n.map(|n| (n, t)))
            .collect()
    }

    fn pair(n: &str, t: Option<&str>) -> (String, Option<String>) {
        (n.to_string(), t.map(str::to_string))
    }

    /// The bylines `officials_and_bylines` finds from the paragraph scan's
    /// spots are those of the byline extractor's own pass, whatever the
    /// paragraphs are.
    #[test]
    fn bylines_from_spots_match_the_full_scan() {
        let x = OfficialExtractor::new();
        let meta = Meta::default();
        let texts = [
            "（记者 张军亚）市委书记李卫东主持会议。\n编辑：王五\n责任编辑 赵六",
            "本报记者焦亮报道\n文/李明 图/王五\n摄影：刘七\n作者：孙八",
            "编辑\n王五\n文\n/李明\n图文／张三",
            "文章编辑\u{3000}陈九　校对:周十\t审核\u{a0}吴一\r\n视频编辑\u{2003}郑二",
            "复审核：钱三\n特约记者冯四\n通讯员 卫五 实习生蒋六",
            "□赵国松\n张三 摄\n（李四/摄）",
            "",
            "编辑：",
        ];
        for text in texts {
            let (auto_p, auto_s) = crate::segment::spans_of(text);
            let n = text.len();
            // The segmenter's paragraphs, none, one per line with the
            // newline left out, and adjacent halves cut at a char boundary.
            let mut lines = Vec::new();
            let mut at = 0;
            for l in text.split('\n') {
                lines.push(Span::new(at, at + l.len()));
                at += l.len() + 1;
            }
            let mid = (0..=n / 2)
                .rev()
                .find(|&k| text.is_char_boundary(k))
                .unwrap_or(0);
            let halves = vec![Span::new(0, mid), Span::new(mid, n)];
            for paras in [auto_p.clone(), Vec::new(), lines, halves] {
                let cx = Context {
                    text,
                    paragraphs: &paras,
                    sentences: &auto_s,
                    meta: &meta,
                };
                let (_, got) = x.officials_and_bylines(&cx);
                assert_eq!(got, x.byline_extractor().extract(&cx), "{text:?} {paras:?}");
            }
        }
    }

    #[test]
    fn title_then_name() {
        assert_eq!(
            named("市委书记李卫东、市长魏建平分别讲话。"),
            vec![
                pair("李卫东", Some("市委书记")),
                pair("魏建平", Some("市长"))
            ]
        );
        assert_eq!(
            named("国务院总理李强主持会议。"),
            vec![pair("李强", Some("国务院总理"))]
        );
        assert_eq!(named("李强强调，要稳增长。"), vec![pair("李强", None)]);
    }

    #[test]
    fn name_then_title() {
        assert_eq!(
            named("按照习近平总书记的要求"),
            vec![pair("习近平", Some("总书记"))]
        );
        assert_eq!(
            named("会见时，向王毅部长转达问候"),
            vec![pair("王毅", Some("部长"))]
        );
    }

    #[test]
    fn offices_held_together_are_one_title() {
        assert_eq!(
            named("国务委员兼国务院秘书长马凯出席会议。"),
            [pair("马凯", Some("国务委员兼国务院秘书长"))]
        );
        assert_eq!(
            named("全国人大常委会副委员长兼秘书长李建国作报告。"),
            [pair("李建国", Some("全国人大常委会副委员长兼秘书长"))]
        );
    }

    #[test]
    fn chain_takes_adjacent_title() {
        assert_eq!(
            named("中共中央总书记、国家主席、中央军委主席习近平出席。"),
            vec![pair("习近平", Some("中央军委主席"))]
        );
        assert_eq!(
            named("县委常委、常务副县长李四讲话。"),
            vec![pair("李四", Some("常务副县长"))]
        );
    }

    #[test]
    fn heading_list() {
        let v = named("市领导王乐新、王新军、孙栋、周勇等出席会议。");
        let names: Vec<&str> = v.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(names, ["王乐新", "王新军", "孙栋", "周勇"]);
        assert!(v.iter().all(|x| x.1.as_deref() == Some("市领导")));
    }

    #[test]
    fn masked_and_alone() {
        let v = run(
            "县长在重点项目座谈会上的讲话\n刚才，**局长分别就机制进行了汇报，**副县长作了强调。",
        );
        assert_eq!(
            v,
            vec![
                (None, Some("县长".to_string()), false),
                (None, Some("局长".to_string()), true),
                (None, Some("副县长".to_string()), true)
            ]
        );
        assert!(run("各分管副市长要按照工作分工，带头走下去。").is_empty());
        assert!(run("不能老是我和原市长在这里急。").is_empty());
    }

    #[test]
    fn bare_names_acting() {
        let v = named(
            "会议召开。刘尚进对重点工作作具体安排。贾宏宇、李思杰等在漯市厅级领导干部参加观摩或出席会议。",
        );
        assert_eq!(
            v,
            vec![
                pair("刘尚进", None),
                pair("贾宏宇", None),
                pair("李思杰", None)
            ]
        );
    }

    #[test]
    fn not_names() {
        assert!(named("要坚持“项目为王”不动摇。").is_empty());
        assert!(named("张家口市召开会议。李家村村民说。").is_empty());
        assert!(named("严格要求，明确指出，安排部署。").is_empty());
    }

    #[test]
    fn bylines_are_not_officials() {
        assert!(named("(记者 张军亚)8月31日，会议召开。").is_empty());
        assert_eq!(named("(记者 张三)市长张三出席。"), vec![]);
    }

    #[test]
    fn later_mentions_join() {
        let text = "市委书记李卫东出席。李卫东强调，要抓项目。";
        let (paragraphs, sentences) = crate::segment::spans_of(text);
        let meta = Meta::default();
        let cx = Context {
            text,
            paragraphs: &paragraphs,
            sentences: &sentences,
            meta: &meta,
        };
        let v = OfficialExtractor::new().officials(&cx);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].mentions.len(), 2);
        assert_eq!(v[0].mentions[0].get(text), Some("市委书记李卫东"));
        assert_eq!(v[0].mentions[1].get(text), Some("李卫东"));
    }

    #[test]
    fn foreign_leader() {
        assert_eq!(
            named("俄罗斯总统普京表示，"),
            vec![pair("普京", Some("总统"))]
        );
    }

    /// A paragraph with more pair spots, or more clause starts, than
    /// `decode` has room for is read in full all the same.
    #[test]
    fn paragraphs_past_the_mark_room_are_read_in_full() {
        let tail = "，市长王小明说，赵小刚指出，要抓好落实。";
        let want = named(tail);
        assert!(
            want.iter()
                .any(|(n, t)| n == "王小明" && t.as_deref() == Some("市长"))
        );
        assert!(want.iter().any(|(n, _)| n == "赵小刚"));
        // Fillers with a spot and a clause start each, finding no one.
        for filler in ["，市长", "，大家"] {
            let text = filler.repeat(MARK_ROOM + 10) + tail;
            let got = named(&text);
            for w in &want {
                assert!(got.contains(w), "{filler}: {w:?} not in {got:?}");
            }
        }
    }

    #[test]
    fn hit_at_matches_the_unguarded_search() {
        // `hit_at`'s `title_at` test against the binary search alone, at
        // every char of the seeds' paragraphs and of texts dense in titles.
        let x = OfficialExtractor::new();
        let mut texts: Vec<String> = Vec::new();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/seeds");
        for e in std::fs::read_dir(dir).expect("seeds").flatten() {
            texts.push(std::fs::read_to_string(e.path()).expect("seed"));
        }
        let words = [
            "市委书记",
            "市长",
            "副省长",
            "总理",
            "国务院总理",
            "王小明",
            "、",
            "，",
            "和",
            "常务副市长",
            "省委常委",
            "总统",
            "记者",
            "市领导",
            "同志",
            "书记",
        ];
        let mut r = crate::extract::XorShift(0x2545_F491_4F6C_DD1Du64);
        for _ in 0..300 {
            let n = (r.0 % 40) as usize;
            texts.push(r.text(&words, n));
        }
        let mut para = Para {
            text: "",
            base: 0,
            n: 0,
            cells: Vec::new(),
            hits: Vec::new(),
            title_at: Vec::new(),
            pair_spots: Vec::new(),
            n_spots: 0,
            starts: Vec::new(),
            n_starts: 0,
            relaxed_budget: std::cell::Cell::new(MAX_RELAXED),
        };
        let mut found = 0;
        for text in &texts {
            let (paragraphs, _) = crate::segment::spans_of(text);
            for sp in &paragraphs {
                let Some(pt) = sp.get(text) else { continue };
                x.load(&mut para, pt, sp.start, None);
                for i in 0..=para.len() + 1 {
                    let k = para.hits.partition_point(|h| h.s < i);
                    let slow = para
                        .hits
                        .get(k)
                        .filter(|h| h.s == i && h.flags & (OFFICE | FOREIGN) != 0);
                    let fast = para.hit_at(i);
                    assert_eq!(fast.map(|h| (h.s, h.e)), slow.map(|h| (h.s, h.e)), "{pt}");
                    found += usize::from(fast.is_some());
                }
            }
        }
        assert!(found > 100, "{found}");
    }

    #[test]
    fn han_table_matches_is_han() {
        for u in 0..0x1_0000u32 {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(is_han_bmp(u), is_han(c), "{c:?}");
            }
        }
    }

    #[test]
    fn decode_matches_char_indices() {
        let ex = OfficialExtractor::new();
        let spots = ex.spots.as_deref().unwrap_or(&ex.titles.trie.pairs);
        let mut texts: Vec<String> = [
            "",
            "a",
            "市长王小明说，",
            "ab\u{20001}é市委书记 x\u{3000}省长。",
            "é",
            "aé",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        // The seeds, and random texts from a palette of title, name,
        // punctuation, ASCII, 2- and 4-byte chars.
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/seeds");
        for e in std::fs::read_dir(dir).expect("seeds").flatten() {
            texts.push(std::fs::read_to_string(e.path()).expect("seed"));
        }
        let palette: Vec<char> =
            "市委书记长省副总理王李张小明说，。、：记者编辑/ \n1a\u{3000}é\u{20001}·"
                .chars()
                .collect();
        let mut x = crate::extract::XorShift(0x9E37_79B9_7F4A_7C15u64);
        for _ in 0..500 {
            x.next();
            let n = (x.0 % 80) as usize;
            texts.push(
                (0..n)
                    .map(|k| palette[((x.0 >> (k % 48)) as usize + k * 7) % palette.len()])
                    .collect(),
            );
        }
        for text in texts.iter().map(String::as_str) {
            let len = text.len();
            let mut cells = vec![0; len + 1];
            let (mut ps, mut st) = (vec![0; MARK_ROOM], vec![0; MARK_ROOM]);
            let (Some(psa), Some(sta)) = (ps.first_chunk_mut(), st.first_chunk_mut()) else {
                unreachable!()
            };
            let (n, n_spots, n_starts) = decode(text, spots, &mut cells, psa, sta);
            let chars: Vec<u32> = cells.iter().map(|&x| x as u32).collect();
            let offs: Vec<usize> = cells.iter().map(|&x| (x >> 32) as usize).collect();
            let want: Vec<(usize, char)> = text.char_indices().collect();
            assert_eq!(n, want.len());
            for (k, &(b, c)) in want.iter().enumerate() {
                assert_eq!((offs[k], chars[k]), (b, c as u32), "{text:?}");
            }
            assert_eq!(offs[n], len);
            let starts: Vec<u32> = (0..n)
                .filter(|&k| {
                    is_han(as_char(chars[k])) && (k == 0 || !is_han(as_char(chars[k - 1])))
                })
                .map(|k| k as u32)
                .collect();
            if n_starts <= MARK_ROOM {
                assert_eq!(&st[..n_starts], &starts[..]);
            }
            let pairs: Vec<u32> = (1..n)
                .filter(|&k| {
                    let (w, bit) = pair_bit_u(chars[k - 1], chars[k]);
                    spots[w] & bit != 0
                })
                .map(|k| k as u32 - 1)
                .collect();
            if n_spots <= MARK_ROOM {
                let got = &ps[..n_spots];
                let got = got.strip_prefix(&[u32::MAX]).unwrap_or(got);
                assert_eq!(got, &pairs[..]);
            }
        }
    }

    #[test]
    fn edges_match_a_hash_map() {
        // The trie's edge table against a map of the same edges, for every
        // node and every char of the lexicon (present and absent keys), and
        // for random ones.
        let mut map: std::collections::HashMap<(u32, u32), u32> = Default::default();
        let mut edges = Vec::new();
        let mut chars: Vec<u32> = vec![0, 0x10_FFFF, 0x4E00];
        let mut next_node = 1u32;
        for w in [
            "市委书记",
            "市长",
            "副市长",
            "书记",
            "省委书记",
            "委员长",
            "长",
        ] {
            let mut node = 0;
            for c in w.chars() {
                chars.push(c as u32);
                node = *map.entry((node, c as u32)).or_insert_with(|| {
                    edges.push((node, c, next_node));
                    next_node += 1;
                    next_node - 1
                });
            }
        }
        let t = Edges::new(&edges).expect("small");
        let real = &OfficialExtractor::new().titles.trie.next;
        let mut x = crate::extract::XorShift(0x2545_F491_4F6C_DD1Du64);
        for _ in 0..20_000 {
            x.next();
            chars.push((x.0 % 0x11_0000) as u32);
        }
        for node in 0..next_node + 3 {
            for &c in &chars {
                assert_eq!(t.get(node, c), map.get(&(node, c)).copied(), "{node} {c:x}");
            }
        }
        // The lexicon's table: nothing from a node past the last.
        let n_nodes = OfficialExtractor::new().titles.trie.term.len() as u32;
        for &c in chars.iter().take(2_000) {
            assert_eq!(real.get(n_nodes, c), None);
        }
    }

    #[test]
    fn alnum_fast_path_matches_std() {
        for u in 0..0x11_0000u32 {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(is_alnum(c), c.is_alphanumeric(), "{c:?}");
            }
        }
    }

    #[test]
    fn char_set_matches_hash_set() {
        let chars: Vec<char> = "王李张欧阳\u{20001}\u{2A6D6}a·".chars().collect();
        let set: CharSet = chars.iter().copied().collect();
        let std: std::collections::HashSet<char> = chars.iter().copied().collect();
        for c in "王李张欧阳\u{20001}\u{20002}\u{2A6D6}ab·赵\u{10FFFF}\0".chars() {
            assert_eq!(set.contains(&c), std.contains(&c), "{c:?}");
        }
    }

    #[test]
    fn surname_len_within_buffer() {
        // surname_len reads at most 8 chars: the lexicon must not need more.
        let names = Names::embedded();
        assert!(names.max_multi <= 8);
        assert_eq!(names.surname_len("欧阳修"), 2);
        assert_eq!(names.surname_len("王毅"), 1);
        assert_eq!(names.surname_len("的"), 0);
        assert_eq!(names.surname_len(""), 0);
    }

    /// The memmem sweep finds what a leftmost-longest automaton finds,
    /// overlapping and self-overlapping names included.
    #[test]
    fn leftmost_longest_matches_automaton() {
        let pats_sets: &[&[&str]] = &[
            &["王小王", "李王"],
            &["张三", "张三丰", "三丰"],
            &["李强", "强李", "李强强"],
            &["甲乙甲", "乙甲乙", "甲"],
        ];
        let alphabet: Vec<char> = "王小李张三丰强甲乙，".chars().collect();
        let mut seed = 7u64;
        for pats in pats_sets {
            let ac = AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .build(*pats)
                .unwrap();
            for _ in 0..400 {
                let mut text = String::new();
                for _ in 0..(seed % 23) {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    text.push(alphabet[(seed >> 33) as usize % alphabet.len()]);
                }
                let want: Vec<(usize, Span)> = ac
                    .find_iter(&text)
                    .map(|m| (m.pattern().as_usize(), Span::new(m.start(), m.end())))
                    .collect();
                assert_eq!(leftmost_longest(&text, pats), want, "{text}");
            }
        }
    }

    #[test]
    fn never_panics() {
        for s in [
            "",
            "市长",
            "**",
            "县长在",
            "市领导",
            "市领导王",
            "、、、",
            "习近平总书记",
            "X局长",
            "·总统",
        ] {
            let _ = run(s);
        }
    }
}
