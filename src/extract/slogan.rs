//! Slogans (提法): formulations in quotes, parallel set phrases and
//! number-led formulations.
//!
//! Three detectors read the normalized text; each formulation is reported
//! once per document and kind, with every occurrence the detector saw.
//!
//! - **quoted**: the content of “…” (also 「…」, nested ‘…’ and 『…』) when
//!   it reads as a formulation: 2 to [`MAX_QUOTE_CHARS`] characters, closed
//!   within the same sentence, no sentence-final or colon punctuation inside,
//!   no comma-separated piece over 12 characters (reported speech), not a bare
//!   list label (“1”即…), a single character of emphasis (“稳”) or the name
//!   of an organization or award (“…公司”, “…金奖”). An opening mark whose
//!   closing mark does not follow in the same sentence (broken scraping:
//!   `走过场”“过度拆分甚至…。`) yields nothing. Only quoted occurrences count.
//! - **parallel**: two or more clauses separated by 、 or ， that share a
//!   frame, found by aligning the clauses position by position: 所有资源跟着
//!   项目走、所有要素围着项目转…, 亲不逾矩、清不远疏, 抓谋划、抓储备、抓进度、
//!   抓保障. The first clause may carry a lead-in (坚持|亲不逾矩) and the last a
//!   tail after 的/之/地 (清而有为|的政商关系); both are trimmed to the frame's
//!   length, except that one character before the frame that is no function
//!   word and starts the clause or follows 的 stays with it (的|基础比过去更加
//!   牢固，利益联系更加紧密), and a clause ending in 之 alone is an idiom, not a
//!   tail (大而化之). Couplets have lines of 3–7 Han characters, longer runs of up to
//!   9; a frame must be more than a shared head noun (好项目、新项目), a shared
//!   lead word on a short list (主动研究、主动衔接) or a repeated content word
//!   (加强项目谋划、做实项目前期): see `frame_accepts`. Crossed pairs
//!   (宁让要素等项目，决不让项目等要素) are found as chiasmus. Runs made of
//!   quoted formulations are reported as quoted only (gold does the same), and
//!   a curated list (`data/slogans.txt`) adds well-known pairs.
//! - **numeric**: a formulation led by a numeral (两…十, or 1–2 ASCII digits
//!   up to 20): numeral + classifier + short head (七大目标, 四个不介绍,
//!   三篇大文章, 12条产业链, 三个一批), numeral-slot pairs (两新一重, 四比四看,
//!   三去一降一补), five-year plans (十四五), `+` formulas (1+8+N), a quoted
//!   string led by a numeral (“四高”, “三起来”), and the curated list (一带一路,
//!   四风). Except after 大, the head must be led by a numeral or 不 or end
//!   with a formulation head from `data/numeric_heads.txt` (意识, 规定, 平台,
//!   打通 …). Not: counts (24个项目, 七个方面, 两个菜), 一-led phrases (一大批,
//!   一把手), ordinals (第一), congresses (二十大, 党的十大), rankings (“十强”),
//!   dates (“七一”), numeral idioms (三番五次), places (长三角, 四川).

use std::collections::HashMap;

use super::{Context, Extractor};
use crate::record::{Records, Slogan, SloganKind};
use crate::span::Span;

/// The curated lexicon of known formulations.
const LEXICON: &str = include_str!("../../data/slogans.txt");
/// Heads that make a counted phrase a formulation.
const NUMERIC_HEADS: &str = include_str!("../../data/numeric_heads.txt");

/// Endings of organization and award names, which quotes also enclose.
const ORG_SUFFIXES: &[&str] = &[
    "公司",
    "集团",
    "委员会",
    "协会",
    "学会",
    "银行",
    "大学",
    "学院",
    "医院",
    "基金会",
    "研究院",
    "研究所",
    "工作室",
    "金奖",
    "大奖",
    "奖章",
    "勋章",
    "中心",
    "部",
    "局",
    "厅",
    "院",
    "署",
    "办",
];

/// The last characters of [`ORG_SUFFIXES`] (checked by a test).
static ORG_LAST_SET: HanSet = HanSet::new("司团会行学院所室奖章心部局厅署办");

/// Whether `s` ends with one of [`ORG_SUFFIXES`] (most strings end with
/// none of their last characters).
fn ends_with_org_suffix(s: &str) -> bool {
    s.chars()
        .next_back()
        .is_some_and(|c| ORG_LAST_SET.contains(c))
        && ORG_SUFFIXES.iter().any(|x| s.ends_with(x))
}

/// Longest quoted content, in characters, taken as a formulation.
pub const MAX_QUOTE_CHARS: usize = 25;
/// How far (in characters) a closing quote mark is looked for.
const QUOTE_SCAN_CHARS: usize = 80;
/// Longest quoted content, in characters, read as a numeric formulation.
const MAX_NUMERIC_QUOTE_CHARS: usize = 8;
/// Shortest and longest clause of a parallel run, in characters.
const MIN_CLAUSE: usize = 3;
const MAX_CLAUSE: usize = 12;
/// Longest clause of a two-clause couplet, and of a longer run.
const MAX_COUPLET: usize = 7;
const MAX_CLAUSE_RUN: usize = 9;
/// Most clauses in one parallel run.
const MAX_RUN_CLAUSES: usize = 12;
/// Most distinct slogans kept per document, and spans kept per slogan.
const MAX_SLOGANS: usize = 4096;
const MAX_SPANS: usize = 4096;

/// Characters that may carry a parallel frame alone (不 in 亲不逾矩、清不远疏,
/// 好 in 开好局、起好步): function morphemes, not content words.
const FRAME_CHARS: &str = "不而则再好快无必实真是要为以让更最都也又之于得";

/// Prepositions and localizers, which frame clauses only next to a shared
/// lead or tail (从增绿到增收，从治沙到治穷; 在内忧外患中诞生、在磨难挫折中成长);
/// alone they are everyday grammar (来到这儿，看到村民).
const RELATIONAL_CHARS: &str = "从到在中向对把被给";

/// First characters of clauses linked by a conjunction (既…又…, 也…) or
/// pointing back (这是…).
const LINKED_OPENERS: &str = "既又也还而并却但且才或这那";

/// Two-character time words that open narrative contrasts.
const TIME_OPENERS: &[&str] = &[
    "过去", "现在", "将来", "以前", "以后", "如今", "当年", "昨天", "从前", "后来",
];

/// Numeral idioms of the X一Y二 shape that are not formulations.
const NUMERAL_IDIOMS: &[&str] = &[
    "三番五次",
    "三令五申",
    "三心二意",
    "三言两语",
    "三长两短",
    "三从四德",
    "三头六臂",
    "三教九流",
    "三姑六婆",
    "三天两头",
    "三年五载",
    "三五成群",
    "两面三刀",
    "四面八方",
    "四通八达",
    "四平八稳",
    "四分五裂",
    "五湖四海",
    "五花八门",
    "五颜六色",
    "五光十色",
    "五脏六腑",
    "五马分尸",
    "六神无主",
    "七上八下",
    "七嘴八舌",
    "七手八脚",
    "七零八落",
    "七拼八凑",
    "七情六欲",
    "七老八十",
    "九死一生",
    "九牛一毛",
    "十全十美",
    "十拿九稳",
    "十室九空",
    "十有八九",
    "三回九转",
    "八面玲珑",
    "七窍生烟",
    "四体不勤",
    "五谷不分",
    "三思而行",
    "三生有幸",
    "四海为家",
    "五体投地",
    "六亲不认",
    "七步之才",
    "八仙过海",
    "九霄云外",
    "十万火急",
    "两全其美",
    "三顾茅庐",
    "三足鼎立",
    "五彩缤纷",
    "四季如春",
];

/// Heads that make numeral + classifier a plain quantity (24个项目, 七个方面).
const GENERIC_HEADS: &[&str] = &[
    "方面",
    "项目",
    "问题",
    "单位",
    "部门",
    "企业",
    "公司",
    "人",
    "名",
    "家",
    "户",
    "年",
    "月",
    "日",
    "天",
    "周",
    "小时",
    "分钟",
    "百分点",
    "批",
    "次",
    "字",
    "元",
    "亿",
    "万",
    "千",
    "百",
    "多",
    "余",
    "以上",
    "左右",
    "地方",
    "国家",
    "城市",
    "地区",
    "省",
    "市",
    "县",
    "区",
    "乡",
    "镇",
    "村",
    "重点",
    "环节",
    "层次",
    "阶段",
    "季度",
    "工作",
    "样",
    "遍",
    "倍",
    "些",
    "点",
    "级",
    "同志",
    "领导",
    "干部",
    "代表",
    "委员",
    "成员",
    "国",
    "座",
    "台",
    "辆",
    "架",
    "艘",
    "头",
    "只",
    "所",
    "处",
    "间",
    "栋",
    "层",
    "米",
    "公里",
    "吨",
    "亩",
    "小组",
    "组",
    "队",
    "班",
    "轮",
    "期",
    "届",
    "版",
    "部",
    "集",
    "首",
    "本",
    "份",
    "笔",
    "例",
    "起",
    "片",
    "块",
    "堆",
    "早",
    "群",
    "半",
    "把",
    "口",
    "量",
    "幅",
    "月份",
    "星期",
    "孩子",
    "学生",
    "男",
    "女",
    "子",
    "儿",
    "位",
    "种",
    "类",
];

/// Characters that end the head of a numeral + classifier formulation.
const HEAD_STOPS: &str = "的得之和与及或等是为在了着以对把被从到向给让将就还并而又既则也都很更最再这那其各每该此均由于如几第可";

/// Characters after a numeral that make a quoted string a quantity, date or
/// ranking rather than a formulation (“十强”, “三年”).
const NOT_FORMULATION_AFTER_NUM: &str =
    "强年月日届次号岁点时分秒倍成位名人万亿千百元家户天周期批级连";

/// Measure words a numeral formulation may use (七大, 四个, 12条, 三篇).
const CLASSIFIERS: &str = "个大条篇项张支件类种道步场化链";
/// The subset allowed after ASCII digits (12条产业链; not 24个项目).
const ASCII_CLASSIFIERS: &str = "大条篇项张件支";

/// A set of characters of the CJK Unified Ideographs block, one bit each,
/// built at compile time from a string of them: `SET.contains(c)` is
/// `STRING.contains(c)` without the search.
struct HanSet([u64; HAN_WORDS]);

/// U+4E00 to U+9FFF, in 64-bit words.
const HAN_WORDS: usize = (0xA000 - 0x4E00) / 64;

impl HanSet {
    /// The set of the characters of `s`, which must all be in the block
    /// (checked at compile time).
    const fn new(s: &str) -> HanSet {
        let b = s.as_bytes();
        let mut bits = [0u64; HAN_WORDS];
        let mut i = 0;
        while i < b.len() {
            assert!(b[i] & 0xF0 == 0xE0 && i + 2 < b.len());
            let u = ((b[i] as u32 & 0x0F) << 12)
                | ((b[i + 1] as u32 & 0x3F) << 6)
                | (b[i + 2] as u32 & 0x3F);
            assert!(u >= 0x4E00 && u < 0xA000);
            let k = (u - 0x4E00) as usize;
            bits[k / 64] |= 1 << (k % 64);
            i += 3;
        }
        HanSet(bits)
    }

    #[inline]
    fn contains(&self, c: char) -> bool {
        let k = (c as u32).wrapping_sub(0x4E00) as usize;
        self.0.get(k / 64).is_some_and(|w| w >> (k % 64) & 1 == 1)
    }
}

static HEAD_STOP_SET: HanSet = HanSet::new(HEAD_STOPS);
static CLASSIFIER_SET: HanSet = HanSet::new(CLASSIFIERS);
static ASCII_CLASSIFIER_SET: HanSet = HanSet::new(ASCII_CLASSIFIERS);
static FRAME_SET: HanSet = HanSet::new(FRAME_CHARS);
static RELATIONAL_SET: HanSet = HanSet::new(RELATIONAL_CHARS);
static LINKED_OPENER_SET: HanSet = HanSet::new(LINKED_OPENERS);
/// Characters that are no slot of a numeral-slot pair (see `is_slot`).
static NOT_SLOT_SET: HanSet =
    HanSet::new("年月日天周时分秒号岁次届倍成位名人点个角大项枚件张条种块场支川");
/// Last slots that make a numeral-slot pair a name (三中, 五院).
static NAME_SLOT_SET: HanSet = HanSet::new("中小院厂路街村组队班连营团师号");
/// Heads led by a numeral that end with a classifier (三个一批).
static NUMERAL_HEAD_END_SET: HanSet = HanSet::new("批张条个体线单区网");
/// One-character lead-ins: function words and pronouns before a parallel
/// run (把|…, 要|…, 她|…).
static LEAD_WORD_SET: HanSet = HanSet::new(
    "把将在以让使对从向到和与并又也都就才还既更要而即为被由于当及再是给跟同令但必其她他它这那我你咱",
);
/// Characters a lead-in cannot leave first (…的|不断深化).
static PARTICLE_SET: HanSet = HanSet::new("的了着之地得们");
/// Sentence particles.
static SENTENCE_PARTICLE_SET: HanSet = HanSet::new("了吗呢吧啊呀");

/// Most characters or clauses a thread keeps room for between documents.
const MAX_SCRATCH: usize = 1 << 14;

/// Characters and clauses of [`SloganExtractor::read`].
type Scratch = (Vec<(usize, char)>, Vec<(usize, usize)>);

thread_local! {
    /// Buffers for [`SloganExtractor::read`]: characters and clauses.
    static SCRATCH: std::cell::RefCell<Scratch> =
        const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
}

/// Extracts quoted, parallel and numeric slogans.
#[derive(Debug)]
pub struct SloganExtractor {
    /// Numeric lexicon entries.
    numeric_lex: Lexicon,
    /// Parallel lexicon entries, each in its separator variants.
    parallel_lex: Lexicon,
    /// Heads that make numeral + classifier a formulation
    /// (`data/numeric_heads.txt`) or a count (`GENERIC_HEADS`).
    numeric_heads: Heads,
    /// Characters where the numeric scan looks: numeral starts and the
    /// first characters of numeric lexicon entries.
    numeric_starts: CharSet,
    /// `numeric_starts` and the first characters of parallel entries.
    starts: CharSet,
    /// `starts` over U+0000 to U+FFFF, one bit per character, and every
    /// character of U+4000 to U+4DFF (outside the Han block): `cold_han`
    /// looks at three-byte characters led by E4–E9 through it.
    han_hot: Box<[u64; 1024]>,
    /// The [`class`] of each character of U+0000 to U+FFFF, with
    /// [`START`] and [`NUMERIC_START`] for the members of `starts` and
    /// `numeric_starts`.
    classes: Box<[u8]>,
}

impl Default for SloganExtractor {
    fn default() -> Self {
        SloganExtractor::new()
    }
}

impl SloganExtractor {
    /// Builds the extractor from the embedded lexicon.
    pub fn new() -> SloganExtractor {
        SloganExtractor::with_lexicon(LEXICON)
    }

    /// Builds the extractor from a lexicon in the `data/slogans.txt` format
    /// (`numeric<TAB>…` / `parallel<TAB>…` lines, `#` comments). Lines of
    /// another kind are ignored.
    pub fn with_lexicon(lexicon: &str) -> SloganExtractor {
        let mut numeric = Vec::new();
        let mut parallel = Vec::new();
        for line in lexicon.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((kind, text)) = line.split_once('\t') else {
                continue;
            };
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            match kind.trim() {
                "numeric" => numeric.push(text.to_string()),
                "parallel" => {
                    for sep in ['、', '，', ','] {
                        parallel.push(text.replace('、', sep.encode_utf8(&mut [0; 4])));
                    }
                }
                _ => {}
            }
        }
        parallel.sort();
        parallel.dedup();
        let numeric_starts = CharSet::new(
            numeric
                .iter()
                .filter_map(|p| p.chars().next())
                .chain('0'..='9')
                .chain("二两三四五六七八九十".chars()),
        );
        let numeric_heads = Heads::new(
            NUMERIC_HEADS
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#')),
        );
        let parallel_lex = Lexicon::new(&parallel);
        let starts = numeric_starts.union(&parallel_lex.first);
        let mut han_hot = Box::new([0u64; 1024]);
        for (k, w) in han_hot.iter_mut().enumerate() {
            *w = starts.bmp.get(k).copied().unwrap_or(0);
            if (0x4000 / 64..0x4E00 / 64).contains(&k) {
                *w = u64::MAX;
            }
        }
        let classes = classes(&starts, &numeric_starts);
        SloganExtractor {
            classes,
            han_hot,
            starts,
            numeric_heads,
            numeric_starts,
            numeric_lex: Lexicon::new(&numeric),
            parallel_lex,
        }
    }

    /// The [`class`] of `c` with [`START`] and [`NUMERIC_START`] if it is in
    /// `starts` and `numeric_starts`.
    #[inline(always)]
    fn class_of(&self, c: char) -> u8 {
        match self.classes.get(c as usize) {
            Some(&k) => k,
            None => {
                class(c)
                    | if self.starts.contains(c) { START } else { 0 }
                    | if self.numeric_starts.contains(c) {
                        NUMERIC_START
                    } else {
                        0
                    }
            }
        }
    }

    /// All slogans in `text`, sorted by first occurrence.
    pub fn slogans(&self, text: &str) -> Vec<Slogan> {
        let mut found = Found::default();
        let (scan, accepted, runs) = self.read(text);
        for &q in &accepted {
            if let Some(s) = q.get(text) {
                found.add(SloganKind::Quoted, s, q);
            }
        }
        self.numeric(text, scan, &accepted, &mut found);
        parallel(text, runs, &accepted, &mut found);
        found.finish()
    }

    /// One pass over `text`, character by character, for all three
    /// detectors: quotations (at their opening marks; those that read as
    /// formulations are returned), numeric formulations and lexicon entries
    /// (at numerals and first characters), and parallel runs (clause by
    /// clause within each sentence piece; returned unfiltered).
    fn read(&self, text: &str) -> (Scan, Vec<Span>, Vec<Span>) {
        // The buffers of the parallel detector are kept from one document to
        // the next (per thread): allocating them costs more than most
        // documents' scan.
        crate::scratch::with_kept(
            &SCRATCH,
            // (a document of one endless sentence leaves no large buffer)
            |(chars, clauses)| chars.capacity().max(clauses.capacity()) <= MAX_SCRATCH,
            |(chars, clauses)| {
                clauses.clear();
                self.read_with(text, chars, clauses)
            },
        )
    }

    /// [`Self::read`] with buffers for characters and clauses (empty).
    fn read_with(
        &self,
        text: &str,
        chars: &mut Vec<(usize, char)>,
        clauses: &mut Vec<(usize, usize)>,
    ) -> (Scan, Vec<Span>, Vec<Span>) {
        let mut scan = Scan::default();
        // Quotations: every balanced one (as `find_quotes`), in order.
        let mut n_quotes = 0;
        let mut accepted: Vec<Span> = Vec::new();
        // Numeric formulations; lexicon entries are taken leftmost-longest
        // without overlap, as a find_iter would: each `lex_from` is where
        // the next may start.
        let mut skip_until = 0;
        let mut scanning = true;
        let mut num_lex_from = 0;
        let mut par_lex_from = 0;
        // Parallel runs.
        // (Room for a long sentence: growing it costs more than the scan.)
        // `chars` is a buffer, kept at its size between documents: its
        // first `n` entries are the piece's characters. (Written by index,
        // the count in a register: a push per character stores and reloads
        // the vector's length.)
        let mut n = 0;
        let want = text.len().min(768);
        if chars.len() < want {
            chars.resize(want, (0, '\0'));
        }
        clauses.reserve(64);
        let mut clause_start = 0;
        let mut q = 0;
        let mut runs: Vec<Span> = Vec::new();
        let mut rest = text.as_bytes();
        loop {
            // Most characters are Han and start no numeral and no lexicon
            // entry: `cold_han` writes those.
            if n == chars.len() {
                grow(chars);
            }
            (rest, n) = cold_han(&self.han_hot, rest, text.len(), chars, n);
            if n == chars.len() {
                continue; // (full: grown above)
            }
            let i = text.len() - rest.len();
            let c = match rest {
                // (three bytes: decoded in place)
                [x @ 0xE0..=0xEF, y, z, ..] => char::from_u32(
                    u32::from(x & 0x0F) << 12 | u32::from(y & 0x3F) << 6 | u32::from(z & 0x3F),
                ),
                _ => text.get(i..).and_then(|r| r.chars().next()),
            };
            let Some(c) = c else {
                break;
            };
            rest = rest.get(c.len_utf8()..).unwrap_or_default();
            let class = self.class_of(c);
            if class & START != 0 {
                if class & NUMERIC_START != 0 {
                    if scanning && i >= skip_until && is_num_start(c) {
                        let prev = text
                            .get(..i)
                            .and_then(|r| r.chars().next_back())
                            .unwrap_or('\n');
                        if !blocks_numeral(prev)
                            && let Some(end) = numeric_at(text, i, &self.numeric_heads)
                        {
                            scan.numeric.push(Span::new(i, end));
                            skip_until = end;
                            if scan.numeric.len() >= MAX_SLOGANS {
                                scanning = false;
                            }
                        }
                    }
                    if i >= num_lex_from
                        && let Some(m) = self.numeric_lex.longest_at(text, i, c)
                    {
                        num_lex_from = m.end;
                        scan.lexicon.push(m);
                    }
                }
                if i >= par_lex_from
                    && let Some(m) = self.parallel_lex.longest_at(text, i, c)
                {
                    par_lex_from = m.end;
                    runs.push(m);
                }
            }
            // Marks and separators, told apart by one jump on the class.
            match class & KIND {
                // Most characters are Han: never a mark or a space (the
                // quote cursor below only catches up, so it may skip them).
                HAN | OTHER => put(chars, &mut n, (i, c)),
                OPENER => {
                    // An opening mark: its quotation is known before any
                    // separator inside it is read.
                    if n_quotes < MAX_SLOGANS * 4
                        && let Some(sp) = quote_at(text, i, c)
                    {
                        n_quotes += 1;
                        if quoted_formulation(text, sp) {
                            accepted.push(sp);
                        }
                    }
                }
                HARD => {
                    if n > clause_start {
                        clauses.push((clause_start, n));
                    }
                    // (A run needs two clauses: most pieces have fewer.)
                    if clauses.len() >= 2 {
                        find_runs(text, &chars[..n], clauses, &mut runs);
                    }
                    n = 0;
                    clauses.clear();
                    clause_start = 0;
                }
                SOFT => {
                    // (The cursor only catches up: it may skip other
                    // characters.)
                    while q < accepted.len() && accepted[q].end <= i {
                        q += 1;
                    }
                    if q < accepted.len() && accepted[q].start <= i {
                        // (A separator inside a quotation is read as a
                        // character of its clause.)
                        put(chars, &mut n, (i, c));
                    } else {
                        if n > clause_start {
                            clauses.push((clause_start, n));
                        }
                        clause_start = n;
                    }
                }
                // Closing marks and spaces.
                _ => {}
            }
        }
        if n > clause_start {
            clauses.push((clause_start, n));
        }
        find_runs(text, &chars[..n], clauses, &mut runs);
        (scan, accepted, runs)
    }

    /// Numeric formulations: patterns, quoted numeral-led strings, lexicon.
    fn numeric<'a>(&self, text: &'a str, scan: Scan, quotes: &[Span], found: &mut Found<'a>) {
        let mut cands = scan.numeric;
        for &q in quotes {
            if quoted_numeric(text, q, &self.numeric_heads) {
                cands.push(q);
            }
        }
        for m in scan.lexicon {
            let before = text.get(..m.start).and_then(|s| s.chars().next_back());
            let after = text.get(m.end..).and_then(|s| s.chars().next());
            if before.is_some_and(|b| blocks_numeral(b) || b.is_ascii_alphanumeric()) {
                continue;
            }
            if m.len() <= 6 && after.is_some_and(|a| "里斤顷尺寸分吨亩".contains(a)) {
                continue;
            }
            cands.push(m);
        }
        // Keep the longest of overlapping candidates.
        cands.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut last_end = 0;
        for sp in cands {
            if sp.start < last_end {
                continue;
            }
            last_end = sp.end;
            if let Some(s) = sp.get(text) {
                found.add(SloganKind::Numeric, s, sp);
            }
        }
    }
}

/// Parallel set phrases from the runs found by [`SloganExtractor::read`]:
/// the longest of overlapping runs, not made of quoted formulations.
fn parallel<'a>(text: &'a str, mut runs: Vec<Span>, quotes: &[Span], found: &mut Found<'a>) {
    runs.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut last_end = 0;
    for sp in runs {
        if sp.start < last_end {
            continue;
        }
        // A run made of quoted formulations is reported as quoted
        // (“开门红、全年红”; “爱国者治港”、“爱国者治澳”).
        if all_quoted(text, sp, quotes) {
            continue;
        }
        last_end = sp.end;
        if let Some(s) = sp.get(text) {
            found.add(SloganKind::Parallel, s, sp);
        }
    }
}

impl Extractor for SloganExtractor {
    fn extract(&self, cx: &Context<'_>, out: &mut Records) {
        let found = self.slogans(cx.text);
        // (Taken whole when there is nothing before: no copy.)
        if out.slogans.is_empty() {
            out.slogans = found;
        } else {
            out.slogans.extend(found);
        }
        out.slogans
            .sort_by_key(|s| s.spans.first().map(|sp| sp.start).unwrap_or(usize::MAX));
    }
}

/// Slogans gathered so far, keyed by kind and text.
#[derive(Default)]
struct Found<'a> {
    /// (Keyed by slices of the document: no key is allocated. The keys are
    /// the document's text, so the hasher is std's keyed SipHash, not Fx:
    /// crafted colliding quotations must not make lookups quadratic. Built
    /// only past SMALL_FOUND slogans: below, a linear search of `keys` is
    /// faster than hashing.)
    index: [HashMap<&'a str, usize>; 3],
    /// Whether `index` is built.
    indexed: bool,
    /// The text of each slogan of `list`, borrowed from the document.
    keys: Vec<(&'a str, usize)>,
    list: Vec<Slogan>,
}

/// Most slogans [`Found`] looks up without its hash maps.
const SMALL_FOUND: usize = 32;

impl<'a> Found<'a> {
    fn add(&mut self, kind: SloganKind, text: &'a str, span: Span) {
        let k = match kind {
            SloganKind::Quoted => 0,
            SloganKind::Parallel => 1,
            _ => 2,
        };
        if !self.indexed && self.keys.len() > SMALL_FOUND {
            for (i, &(t, k)) in self.keys.iter().enumerate() {
                self.index[k].insert(t, i);
            }
            self.indexed = true;
        }
        let at = if self.indexed {
            self.index[k].get(text).copied()
        } else {
            self.keys.iter().position(|&(t, tk)| tk == k && t == text)
        };
        if let Some(i) = at {
            if let Some(s) = self.list.get_mut(i)
                && s.spans.len() < MAX_SPANS
            {
                s.spans.push(span);
            }
            return;
        }
        if self.list.len() >= MAX_SLOGANS {
            return;
        }
        if self.indexed {
            self.index[k].insert(text, self.list.len());
        }
        self.keys.push((text, k));
        self.list.push(Slogan {
            text: text.to_string(),
            kind,
            count: 0,
            spans: vec![span],
        });
    }

    fn finish(mut self) -> Vec<Slogan> {
        for s in &mut self.list {
            s.spans.sort();
            s.spans.dedup();
            s.count = s.spans.len();
        }
        self.list
            .sort_by_key(|s| (s.spans.first().map(|sp| sp.start).unwrap_or(0), s.kind));
        self.list
    }
}

// ---------------------------------------------------------------- scanning

/// A set of characters: a bitmap over the Basic Multilingual Plane, a
/// sorted list for the rest.
#[derive(Debug, Clone)]
struct CharSet {
    /// One bit per BMP character.
    bmp: Box<[u64]>,
    /// Members outside the BMP, sorted.
    astral: Vec<char>,
}

impl CharSet {
    fn new(chars: impl IntoIterator<Item = char>) -> CharSet {
        let mut set = CharSet {
            bmp: vec![0u64; 1024].into_boxed_slice(),
            astral: Vec::new(),
        };
        for c in chars {
            let u = c as usize;
            if u < 0x10000 {
                set.bmp[u / 64] |= 1 << (u % 64);
            } else {
                set.astral.push(c);
            }
        }
        set.astral.sort_unstable();
        set.astral.dedup();
        set
    }

    /// The characters of `self` and of `other`.
    fn union(&self, other: &CharSet) -> CharSet {
        let mut set = self.clone();
        for (w, o) in set.bmp.iter_mut().zip(other.bmp.iter()) {
            *w |= o;
        }
        set.astral.extend_from_slice(&other.astral);
        set.astral.sort_unstable();
        set.astral.dedup();
        set
    }

    #[inline(always)]
    fn contains(&self, c: char) -> bool {
        let u = c as usize;
        if u < 0x10000 {
            return self.bmp.get(u / 64).is_some_and(|w| w >> (u % 64) & 1 == 1);
        }
        self.astral.binary_search(&c).is_ok()
    }
}

/// What [`SloganExtractor::read`] finds of numeric formulations.
#[derive(Debug, Default)]
struct Scan {
    /// Numeric formulations read at numerals, in text order.
    numeric: Vec<Span>,
    /// Numeric lexicon entries, leftmost-longest, in text order.
    lexicon: Vec<Span>,
}

/// Lexicon entries, looked up where an entry may start: the character
/// there is the first character of an entry and, with the next one, the
/// first two of an entry (or it is a one-character entry). Compared
/// directly: the entries that share two first characters are few.
#[derive(Debug)]
struct Lexicon {
    first: CharSet,
    /// Hashed pairs of first and second characters (a filter: collisions
    /// only cost a lookup).
    pairs: Box<[u64]>,
    /// Entries of two characters or more by their first two (`pair_key`),
    /// each list longest first.
    by_pair: Vec<(u64, Vec<String>)>,
    /// One-character entries, sorted.
    single: Vec<char>,
}

fn pair_key(a: char, b: char) -> u64 {
    u64::from(a as u32) << 32 | u64::from(b as u32)
}

/// A bit index for a pair key in [`Lexicon::pairs`].
#[inline(always)]
fn pair_bit(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48) as usize
}

impl Lexicon {
    fn new(entries: &[String]) -> Lexicon {
        let mut lex = Lexicon {
            first: CharSet::new(entries.iter().filter_map(|e| e.chars().next())),
            pairs: vec![0u64; 1024].into_boxed_slice(),
            by_pair: Vec::new(),
            single: Vec::new(),
        };
        for e in entries {
            let mut cs = e.chars();
            match (cs.next(), cs.next()) {
                (Some(a), Some(b)) => {
                    let key = pair_key(a, b);
                    match lex.by_pair.iter_mut().find(|g| g.0 == key) {
                        Some(g) => g.1.push(e.clone()),
                        None => lex.by_pair.push((key, vec![e.clone()])),
                    }
                    let k = pair_bit(key);
                    lex.pairs[k / 64] |= 1 << (k % 64);
                }
                (Some(a), None) => lex.single.push(a),
                _ => {}
            }
        }
        lex.by_pair.sort_by_key(|g| g.0);
        for g in &mut lex.by_pair {
            g.1.sort_by_key(|e| std::cmp::Reverse(e.len()));
        }
        lex.single.sort_unstable();
        lex
    }

    /// The longest entry starting at byte `at`, where `c` is. Taking these
    /// greedily from the left, each search starting where the last entry
    /// ends, gives what a leftmost-longest `find_iter` gives over the text.
    #[inline(always)]
    fn longest_at(&self, text: &str, at: usize, c: char) -> Option<Span> {
        if !self.first.contains(c) {
            return None;
        }
        self.longest_after_first(text, at, c)
    }

    #[inline(never)]
    fn longest_after_first(&self, text: &str, at: usize, c: char) -> Option<Span> {
        let rest = text.get(at..)?;
        if let Some(n) = rest.get(c.len_utf8()..).and_then(|r| r.chars().next()) {
            let key = pair_key(c, n);
            let k = pair_bit(key);
            if self
                .pairs
                .get(k / 64)
                .is_some_and(|w| w >> (k % 64) & 1 == 1)
                && let Ok(g) = self.by_pair.binary_search_by_key(&key, |g| g.0)
                && let Some(e) = self.by_pair[g].1.iter().find(|e| {
                    // (a byte loop: entries are a few bytes, shorter
                    // than a call to memcmp)
                    e.len() <= rest.len() && e.bytes().zip(rest.bytes()).all(|(a, b)| a == b)
                })
            {
                return Some(Span::new(at, at + e.len()));
            }
        }
        self.single
            .binary_search(&c)
            .is_ok()
            .then(|| Span::new(at, at + c.len_utf8()))
    }
}

/// Writes the characters of U+4E00 to U+9FFF at the start of `rest` (the
/// end of a text of `text_len` bytes) that are not in `hot`, with their
/// offsets, into `buf` from index `n` on, as long as there is room, and
/// returns what follows them and the new count. (Inlined: almost half of
/// the calls stop at the first character, and out of line the result came
/// back through memory; 1% faster than in a frame of its own.)
#[inline(always)]
fn cold_han<'a>(
    hot: &[u64; 1024],
    mut rest: &'a [u8],
    text_len: usize,
    buf: &mut [(usize, char)],
    mut n: usize,
) -> (&'a [u8], usize) {
    while let [x @ 0xE4..=0xE9, y, z, tail @ ..] = rest {
        // (`hot` has a word for each 64 characters: the lead's low bits and
        // the second byte's six.)
        let hi = usize::from(x & 0x0F) << 6 | usize::from(y & 0x3F);
        if hot[hi] >> (z & 0x3F) & 1 != 0 {
            break;
        }
        let Some(slot) = buf.get_mut(n) else {
            break;
        };
        // (At most U+9FFF: always a character.)
        let u = (hi as u32) << 6 | u32::from(z & 0x3F);
        *slot = (text_len - rest.len(), char::from_u32(u).unwrap_or('\0'));
        n += 1;
        rest = tail;
    }
    (rest, n)
}

/// The bits of a [`class`] that tell the kind of character.
const KIND: u8 = 7;
/// A Han character (U+4E00 to U+9FFF): one of its clause.
const HAN: u8 = 0;
/// An opening quotation mark.
const OPENER: u8 = 1;
/// A closing quotation mark: nothing.
const CLOSER: u8 = 2;
/// A mark that ends a sentence piece.
const HARD: u8 = 3;
/// A mark that ends a clause outside quotations.
const SOFT: u8 = 4;
/// Whitespace outside the CJK blocks: nothing.
const SPACE: u8 = 5;
/// Any other character: one of its clause.
const OTHER: u8 = 6;
/// A character where a numeral or a lexicon entry may start.
const START: u8 = 8;
/// A character where a numeral or a numeric lexicon entry may start.
const NUMERIC_START: u8 = 16;

/// What [`SloganExtractor::read_with`] does at `c`, as one of [`HAN`] …
/// [`OTHER`].
fn class(c: char) -> u8 {
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return HAN;
    }
    match c {
        '“' | '‘' | '「' | '『' => OPENER,
        '”' | '’' | '」' | '』' => CLOSER,
        '。' | '！' | '？' | '!' | '?' | '；' | ';' | '：' | ':' | '\n' | '…' | '—' => {
            HARD
        }
        '、' | '，' | ',' => SOFT,
        _ if !is_cjk(c) && c.is_whitespace() => SPACE,
        _ => OTHER,
    }
}

/// Characters of U+0000 to U+FFFF outside the Han block whose [`class`]
/// is not [`OTHER`]: the marks and the whitespace (a test checks the list).
const NOT_OTHER: &str = "“‘「『”’」』。！？!?；;：:\n…—、，,\t\u{B}\u{C}\r \u{85}\u{A0}\u{1680}\
    \u{2000}\u{2001}\u{2002}\u{2003}\u{2004}\u{2005}\u{2006}\u{2007}\u{2008}\u{2009}\u{200A}\
    \u{2028}\u{2029}\u{202F}\u{205F}\u{3000}";

/// The table of [`SloganExtractor::class_of`]: [`class`] of each character
/// of U+0000 to U+FFFF, with the bits of `starts` and `numeric_starts`.
/// (Set by ranges and lists: calling `class` on each costs a millisecond.)
fn classes(starts: &CharSet, numeric_starts: &CharSet) -> Box<[u8]> {
    let mut t = vec![OTHER; 0x10000];
    if let Some(han) = t.get_mut(0x4E00..0xA000) {
        han.fill(HAN);
    }
    for c in NOT_OTHER.chars() {
        if let Some(k) = t.get_mut(c as usize) {
            *k = class(c);
        }
    }
    for (set, bit) in [(starts, START), (numeric_starts, NUMERIC_START)] {
        for (w, &word) in set.bmp.iter().enumerate() {
            let mut word = word;
            while word != 0 {
                let u = w * 64 + word.trailing_zeros() as usize;
                word &= word - 1;
                if let Some(k) = t.get_mut(u) {
                    *k |= bit;
                }
            }
        }
    }
    t.into_boxed_slice()
}

/// Doubles the room of a buffer of [`SloganExtractor::read_with`].
#[cold]
fn grow(buf: &mut Vec<(usize, char)>) {
    buf.resize((buf.len() * 2).max(64), (0, '\0'));
}

/// Writes `x` at index `*n` of `buf` (grown when full) and counts it.
#[inline(always)]
fn put(buf: &mut Vec<(usize, char)>, n: &mut usize, x: (usize, char)) {
    if *n >= buf.len() {
        grow(buf);
    }
    if let Some(slot) = buf.get_mut(*n) {
        *slot = x;
        *n += 1;
    }
}

// ---------------------------------------------------------------- quotes

fn closer_of(c: char) -> Option<char> {
    Some(match c {
        '“' => '”',
        '‘' => '’',
        '「' => '」',
        '『' => '』',
        _ => return None,
    })
}

/// Content spans of every balanced quotation closed within the same
/// sentence and within 80 characters; nested quotations
/// are found on their own as well.
pub fn find_quotes(text: &str) -> Vec<Span> {
    // Opening marks “‘ start with byte 0xE2, 「『 with 0xE3.
    let openers: Vec<usize> = memchr::memchr2_iter(0xE2, 0xE3, text.as_bytes()).collect();
    quotes_at(text, &openers)
}

/// [`find_quotes`] given the byte offsets where opening marks may be (all
/// of them, in order; others are skipped).
fn quotes_at(text: &str, openers: &[usize]) -> Vec<Span> {
    let mut out = Vec::new();
    for &i in openers {
        let Some(c) = text.get(i..).and_then(|r| r.chars().next()) else {
            continue;
        };
        if let Some(sp) = quote_at(text, i, c) {
            out.push(sp);
        }
        if out.len() >= MAX_SLOGANS * 4 {
            break;
        }
    }
    out.sort();
    out
}

/// The content of the quotation opened by `c` at byte `i`, if `c` is an
/// opening mark closed within the same sentence and 80 characters.
fn quote_at(text: &str, i: usize, c: char) -> Option<Span> {
    let close = closer_of(c)?;
    let start = i + c.len_utf8();
    let rest = text.get(start..)?;
    for (n, (j, d)) in rest.char_indices().enumerate() {
        if n >= QUOTE_SCAN_CHARS || d == c || matches!(d, '。' | '！' | '？' | '\n') {
            return None;
        }
        if d == close {
            return Some(Span::new(start, start + j));
        }
    }
    None
}

/// Whether the quoted content `q` reads as a formulation.
fn quoted_formulation(text: &str, q: Span) -> bool {
    let Some(s) = q.get(text) else { return false };
    if s.trim() != s || s.is_empty() {
        return false;
    }
    let n = s.chars().count();
    if !(2..=MAX_QUOTE_CHARS).contains(&n) {
        return false;
    }
    if s.chars().any(|c| {
        matches!(
            c,
            '。' | '！' | '？' | '!' | '?' | '；' | ';' | '：' | ':' | '\n' | '…'
        )
    }) {
        return false;
    }
    // Bare labels: “1”, “N”, “A1”.
    if n <= 3 && s.chars().all(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    // A label explained by what follows: “东”即…, “8”是指….
    let after = text.get(q.end..).unwrap_or("");
    let after = after.strip_prefix(['”', '」', '’', '』']).unwrap_or(after);
    if n <= 3
        && (after.starts_with('即') || after.starts_with("是指") || after.starts_with("指的是"))
    {
        return false;
    }
    // Names of organizations and awards are not formulations (“梅利塔石油天然气
    // 公司”, “世界知识产权组织版权金奖”).
    if ends_with_org_suffix(s) {
        return false;
    }
    // Reported speech has longer pieces between its commas.
    !s.contains(['，', ','])
        || s.split(['，', ','])
            .all(|piece| piece.chars().count() <= 12)
}

// ---------------------------------------------------------------- numerals

/// The value of a CJK digit 一…十 (两 = 2).
fn cjk_digit(c: char) -> Option<u32> {
    Some(match c {
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        '十' => 10,
        _ => return None,
    })
}

fn is_big_num(c: char) -> bool {
    matches!(c, '百' | '千' | '万' | '亿' | '零' | '〇' | '廿')
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// A character that may start a numeric formulation (not 一).
fn is_num_start(c: char) -> bool {
    c.is_ascii_digit() || cjk_digit(c).is_some_and(|v| v >= 2)
}

/// A preceding character that makes a numeral an ordinal, an estimate or a
/// part of a longer number.
fn blocks_numeral(prev: char) -> bool {
    cjk_digit(prev).is_some()
        || is_big_num(prev)
        || prev.is_ascii_digit()
        || matches!(
            prev,
            '.' | '．'
                | '第'
                | '近'
                | '约'
                | '共'
                | '达'
                | '超'
                | '逾'
                | '每'
                | '余'
                | '数'
                | '几'
                | '+'
                | '＋'
                | '-'
                | '—'
                | '/'
        )
}

/// Up to 16 characters of `text` from byte `i`, with their offsets.
fn window(text: &str, i: usize) -> ([(usize, char); 16], usize) {
    let mut w = [(0usize, '\0'); 16];
    let mut n = 0;
    if let Some(rest) = text.get(i..) {
        for (j, c) in rest.char_indices().take(16) {
            w[n] = (i + j, c);
            n += 1;
        }
    }
    (w, n)
}

/// The value of the CJK numeral `w[..len]` in standard form (十二 = 12,
/// 二十三 = 23), or 0 for a digit string such as 九二.
fn numeral_value(digits: &[char]) -> u32 {
    // (The digits' values, without allocating: four or more are no numeral
    // of standard form.)
    let mut v = [0u32; 4];
    let mut n = 0;
    for d in digits.iter().filter_map(|&c| cjk_digit(c)) {
        if let Some(slot) = v.get_mut(n) {
            *slot = d;
        }
        n += 1;
    }
    match &v[..n.min(4)] {
        [a] => *a,
        [10, b] => 10 + b,
        [a, 10] => a * 10,
        [a, 10, b] => a * 10 + b,
        _ => 0,
    }
}

/// A slot of a numeral-slot pair (新 in 两新一重): a CJK character that is
/// not a numeral, a time or counting unit, or a function word.
fn is_slot(c: char) -> bool {
    is_cjk(c) && !is_numeral(c) && !NOT_SLOT_SET.contains(c) && !HEAD_STOP_SET.contains(c)
}

/// The heads a counted phrase is judged by, grouped by a character for
/// lookup: formulation heads (`data/numeric_heads.txt`) by their last
/// character, [`GENERIC_HEADS`] by their first.
#[derive(Debug)]
struct Heads {
    by_last: Vec<(char, Vec<String>)>,
    generic_by_first: Vec<(char, Vec<&'static str>)>,
}

/// Groups `words` by the character `key` picks (sorted by it).
fn group_by<S: AsRef<str>>(
    words: impl IntoIterator<Item = S>,
    key: fn(&str) -> Option<char>,
) -> Vec<(char, Vec<S>)> {
    let mut groups: Vec<(char, Vec<S>)> = Vec::new();
    for w in words {
        let Some(c) = key(w.as_ref()) else { continue };
        match groups.iter_mut().find(|g| g.0 == c) {
            Some(g) => g.1.push(w),
            None => groups.push((c, vec![w])),
        }
    }
    groups.sort_by_key(|g| g.0);
    groups
}

impl Heads {
    fn new<'a>(formulation: impl IntoIterator<Item = &'a str>) -> Heads {
        Heads {
            by_last: group_by(formulation.into_iter().map(String::from), |w| {
                w.chars().next_back()
            }),
            generic_by_first: group_by(GENERIC_HEADS.iter().copied(), |w| w.chars().next()),
        }
    }

    /// Whether a formulation head ends `part` (`heads.iter().any(|h| part.ends_with(h))`).
    fn ends(&self, part: &str) -> bool {
        let Some(c) = part.chars().next_back() else {
            return false;
        };
        self.by_last
            .binary_search_by_key(&c, |g| g.0)
            .is_ok_and(|k| self.by_last[k].1.iter().any(|h| part.ends_with(h.as_str())))
    }

    /// Whether a generic head starts `head` (a plain quantity: 24个项目).
    fn generic(&self, head: &str) -> bool {
        let Some(c) = head.chars().next() else {
            return false;
        };
        self.generic_by_first
            .binary_search_by_key(&c, |g| g.0)
            .is_ok_and(|k| {
                self.generic_by_first[k]
                    .1
                    .iter()
                    .any(|g| head.starts_with(g))
            })
    }
}

/// The end of a numeric formulation starting at byte `i`, if one does;
/// `heads` are the formulation heads of `data/numeric_heads.txt`.
fn numeric_at(text: &str, i: usize, heads: &Heads) -> Option<usize> {
    if !numeric_may_start(text, i) {
        return None;
    }
    numeric_in_window(text, i, heads)
}

/// [`numeric_at`] without the quick check of the first characters.
fn numeric_in_window(text: &str, i: usize, heads: &Heads) -> Option<usize> {
    let (w, n) = window(text, i);
    let ch = |k: usize| if k < n { w[k].1 } else { '\0' };
    let end_of = |k: usize| {
        if k < n {
            w[k].0 + w[k].1.len_utf8()
        } else {
            text.len()
        }
    };
    let c0 = ch(0);
    // Five-year plans: 十三五, 十四五.
    if c0 == '十'
        && matches!(ch(1), '一' | '二' | '三' | '四' | '五' | '六')
        && ch(2) == '五'
        && cjk_digit(ch(3)).is_none()
        && !is_big_num(ch(3))
    {
        return Some(end_of(2));
    }
    if c0.is_ascii_digit() {
        if let Some(end) = formula_at(&w[..n]) {
            return Some(end);
        }
        // 1–2 ASCII digits, then a classifier.
        let mut k = 0;
        while k < n && w[k].1.is_ascii_digit() {
            k += 1;
        }
        if k > 2 {
            return None;
        }
        // Formulations count few things (12条产业链); 51项工程 is a tally.
        let value = w[..k]
            .iter()
            .fold(0, |v, p| v * 10 + p.1.to_digit(10).unwrap_or(0));
        if value > 20 || !ASCII_CLASSIFIER_SET.contains(ch(k)) || ch(k) == '\0' {
            return None;
        }
        let (last, head) = head_after(&w[..n], k + 1, ch(k), heads)?;
        return counted_formulation(ch(k), last, &head, heads).map(end_of);
    }
    // CJK numeral: 2 to 3 digits at most, never a large unit.
    let mut k = 0;
    while k < n && k < 4 && cjk_digit(w[k].1).is_some() {
        k += 1;
    }
    if k == 0 || k > 3 || is_big_num(ch(k)) {
        return None;
    }
    // (k ≤ 3: no allocation.)
    let mut digits = ['\0'; 3];
    for (d, p) in digits.iter_mut().zip(&w[..k]) {
        *d = p.1;
    }
    let value = numeral_value(&digits[..k]);
    // Numeral-slot pairs: 两新一重, 四比四看, 三去一降一补.
    if k == 1 && is_slot(ch(1)) {
        let mut pairs = 0;
        while pairs < 2 && cjk_digit(ch(2 + 2 * pairs)).is_some() && is_slot(ch(3 + 2 * pairs)) {
            pairs += 1;
        }
        let last = 1 + 2 * pairs;
        let after = ch(last + 1);
        if pairs >= 1
            && cjk_digit(after).is_none()
            && !is_big_num(after)
            && !NAME_SLOT_SET.contains(ch(last))
        {
            let idiom: String = w[..4].iter().map(|p| p.1).collect();
            if !NUMERAL_IDIOMS.contains(&idiom.as_str()) {
                return Some(end_of(last));
            }
        }
    }
    let clf = ch(k);
    if clf == '\0' || !CLASSIFIER_SET.contains(clf) {
        return None;
    }
    // 十八大, 二十大, 党的十大: congresses, not formulations.
    if clf == '大'
        && ((11..=30).contains(&value) || text.get(..i).is_some_and(|b| b.ends_with("党的")))
    {
        return None;
    }
    // Formulations count few things; 四十八个主要工程 is a tally.
    if clf != '大' && value > 20 {
        return None;
    }
    let (last, head) = head_after(&w[..n], k + 1, clf, heads)?;
    // 中国科协十大会议代表: a congress again.
    if clf == '大'
        && [
            "会议", "代表", "精神", "以来", "以后", "后", "报告", "召开", "期间", "开幕", "闭幕",
            "胜利", "提出", "通过", "确定", "决定", "制定", "强调", "指出",
        ]
        .iter()
        .any(|h| head.starts_with(h))
    {
        return None;
    }
    counted_formulation(clf, last, &head, heads).map(end_of)
}

/// False when [`numeric_at`] cannot find a formulation at byte `i`, from
/// its first five characters: the early exits of `numeric_at`, without the
/// 16-character window (most numerals are plain counts and amounts).
fn numeric_may_start(text: &str, i: usize) -> bool {
    // Most numerals are one digit: decided by the next character (and the
    // one after a slot).
    let mut it = text.get(i..).unwrap_or("").chars();
    let c0 = it.next().unwrap_or('\0');
    let c1 = it.next().unwrap_or('\0');
    if c0 != '十' && cjk_digit(c0).is_some() && cjk_digit(c1).is_none() {
        // (k = 1 below: a classifier, or a numeral-slot pair, whose second
        // numeral follows the slot.)
        return !is_big_num(c1)
            && (CLASSIFIER_SET.contains(c1)
                || (is_slot(c1) && cjk_digit(it.next().unwrap_or('\0')).is_some()));
    }
    if c0.is_ascii_digit() && !c1.is_ascii_alphanumeric() {
        // (j = 1 and k = 1 below, and a digit is at most 20)
        return matches!(c1, '+' | '＋') || ASCII_CLASSIFIER_SET.contains(c1);
    }
    numeric_may_start_5(text, i)
}

/// [`numeric_may_start`] from the first five characters.
fn numeric_may_start_5(text: &str, i: usize) -> bool {
    let mut c = ['\0'; 5];
    if let Some(rest) = text.get(i..) {
        for (slot, ch) in c.iter_mut().zip(rest.chars()) {
            *slot = ch;
        }
    }
    // Five-year plans: 十三五.
    if c[0] == '十' && matches!(c[1], '一' | '二' | '三' | '四' | '五' | '六') && c[2] == '五'
    {
        return true;
    }
    if c[0].is_ascii_digit() {
        // A `+` formula: a first part of 1–3 letters or digits, then `+`.
        let j = c.iter().take_while(|x| x.is_ascii_alphanumeric()).count();
        if j <= 3 && matches!(c[j], '+' | '＋') {
            return true;
        }
        // 1–2 digits up to 20, then a classifier.
        let k = c.iter().take_while(|x| x.is_ascii_digit()).count();
        if k > 2 {
            return false;
        }
        let value = c[..k]
            .iter()
            .fold(0, |v, d| v * 10 + d.to_digit(10).unwrap_or(0));
        return value <= 20 && ASCII_CLASSIFIER_SET.contains(c[k]);
    }
    if cjk_digit(c[0]).is_none() {
        return true;
    }
    let k = c[..4]
        .iter()
        .take_while(|&&x| cjk_digit(x).is_some())
        .count();
    if k > 3 || is_big_num(c[k]) {
        return false;
    }
    // (A numeral-slot pair needs a second numeral after its slot.)
    (k == 1 && is_slot(c[1]) && cjk_digit(c[2]).is_some()) || CLASSIFIER_SET.contains(c[k])
}

/// The end (as a character index of the window) of a formulation made of a
/// numeral, a classifier and `head` (whose last character is at `last`), or
/// `None` for a count of things. 三大… always names one (三大攻坚战, 五大安全,
/// 四大产业基地); otherwise the head must be led by a numeral or 不 (三个一批,
/// 四个不介绍), or end with a formulation head (四个意识, 六个打通, 12条产业链),
/// and is cut after the first such ending (八项规定|精神). Counts of things
/// (两个菜, 6张车票, 三个城镇) have none of these.
fn counted_formulation(clf: char, last: usize, head: &str, heads: &Heads) -> Option<usize> {
    let negated = head.starts_with('不')
        && !["不同", "不少", "不断", "不仅", "不足", "不再", "不一"]
            .iter()
            .any(|x| head.starts_with(x));
    if clf == '大' || negated || head.starts_with(|c: char| cjk_digit(c).is_some()) {
        return Some(last);
    }
    let n = head.chars().count();
    (1..=n).find_map(|k| {
        let end = head
            .char_indices()
            .nth(k)
            .map(|(b, _)| b)
            .unwrap_or(head.len());
        let part = &head[..end];
        heads.ends(part).then(|| last + k - n)
    })
}

/// A `+` formula such as 1+8+N or 2+26: the byte end, if `w` starts with one.
fn formula_at(w: &[(usize, char)]) -> Option<usize> {
    let mut k = 0;
    let mut parts = 0;
    let mut plus = 0;
    let mut digit = false;
    let mut end;
    loop {
        let start = k;
        while k < w.len() && w[k].1.is_ascii_alphanumeric() {
            digit |= w[k].1.is_ascii_digit();
            k += 1;
        }
        if k == start || k - start > 3 {
            return None;
        }
        parts += 1;
        end = Some(w[k - 1].0 + 1);
        if k < w.len() && matches!(w[k].1, '+' | '＋') && plus < 4 {
            plus += 1;
            k += 1;
        } else {
            break;
        }
    }
    let next = w.get(k).map(|p| p.1).unwrap_or('\0');
    if parts < 2 || plus + 1 != parts || !digit || matches!(next, '.' | '=' | '%' | '％' | '＝') {
        return None;
    }
    end
}

/// The index of the last character of the head that follows a classifier at
/// `w[start - 1]`, and the head, unless the head shows a plain quantity
/// (24个项目, 七个方面, 一大批) or runs on past four characters.
fn head_after(
    w: &[(usize, char)],
    start: usize,
    clf: char,
    heads: &Heads,
) -> Option<(usize, String)> {
    let ch = |k: usize| w.get(k).map(|p| p.1).unwrap_or('\0');
    // Numeral-led heads: 三个一批, 五个一.
    if cjk_digit(ch(start)).is_some() {
        let mut k = start;
        while cjk_digit(ch(k)).is_some() && k < start + 2 {
            k += 1;
        }
        if is_big_num(ch(k)) || cjk_digit(ch(k)).is_some() {
            return None;
        }
        if NUMERAL_HEAD_END_SET.contains(ch(k)) && ch(k) != '\0' {
            k += 1;
        } else if is_cjk(ch(k)) && !HEAD_STOP_SET.contains(ch(k)) {
            // 五项四枚: the inner numeral counts something else.
            return None;
        }
        let head: String = w[start..k].iter().map(|p| p.1).collect();
        return Some((k - 1, head));
    }
    let mut k = start;
    while k < w.len() && k < start + 4 {
        let c = ch(k);
        if !is_cjk(c) || cjk_digit(c).is_some() || is_big_num(c) || HEAD_STOP_SET.contains(c) {
            break;
        }
        if k > start && c == '特' && ch(k + 1) == '别' {
            break;
        }
        k += 1;
    }
    let len = k - start;
    if len == 0 {
        return None;
    }
    // Truncated: the noun phrase runs on (八个细分领域百亿级…), so the numeral
    // counts something rather than naming a formulation.
    let next = ch(k);
    if len == 4 && is_cjk(next) && !HEAD_STOPS.contains(next) {
        return None;
    }
    let head: String = w[start..k].iter().map(|p| p.1).collect();
    if heads.generic(&head) {
        return None;
    }
    if clf == '大' && head.starts_with(['批', '片', '块', '堆', '早', '群', '多', '半', '把'])
    {
        return None;
    }
    Some((k - 1, head))
}

/// Whether a quoted formulation `q` is led by a numeral (“四高”, “三起来”).
fn quoted_numeric(text: &str, q: Span, heads: &Heads) -> bool {
    let Some(s) = q.get(text) else { return false };
    let n = s.chars().count();
    if !(2..=MAX_NUMERIC_QUOTE_CHARS).contains(&n) {
        return false;
    }
    let first = s.chars().next().unwrap_or('\0');
    if !is_num_start(first) {
        return false;
    }
    if numeric_at(text, q.start, heads) == Some(q.end) {
        return true;
    }
    let digits: Vec<char> = s.chars().take_while(|&c| cjk_digit(c).is_some()).collect();
    if digits.is_empty() || digits.len() > 2 || NUMERAL_IDIOMS.contains(&s) {
        return false;
    }
    // Two digits that are not a number are a date (七一勋章, 五四).
    if digits.len() == 2 && numeral_value(&digits) == 0 {
        return false;
    }
    let rest: Vec<char> = s.chars().skip(digits.len()).collect();
    let Some(&r0) = rest.first() else {
        return false;
    };
    let value = numeral_value(&digits);
    if r0 == '大' && (11..=30).contains(&value) {
        return false;
    }
    rest.iter().all(|&c| is_cjk(c) && !is_big_num(c))
        && !NOT_FORMULATION_AFTER_NUM.contains(r0)
        && !rest.contains(&'的')
}

// ---------------------------------------------------------------- parallel

/// Appends the byte spans of the parallel runs among `clauses` (ranges of
/// `chars`, the comparable characters of one sentence piece).
fn find_runs<'a>(
    text: &str,
    chars: &'a [(usize, char)],
    clauses: &[(usize, usize)],
    out: &mut Vec<Span>,
) {
    let n = clauses.len();
    let len = |k: usize| clauses[k].1 - clauses[k].0;
    let prefix = |k: usize, l: usize| &chars[clauses[k].0..clauses[k].0 + l];
    let suffix = |k: usize, l: usize| &chars[clauses[k].1 - l..clauses[k].1];
    let mut i = 0;
    // A lead-in, at most MAX_RUN_CLAUSES core clauses and a last clause.
    let mut list: [&'a [(usize, char)]; MAX_RUN_CLAUSES + 4] = [&[]; MAX_RUN_CLAUSES + 4];
    while i + 1 < n {
        let mut found: Option<(usize, Span)> = None;
        // A run with an exact clause c[i+1]: lead-in clause c[i] trimmed to
        // its tail, then clauses of the same length, then a last clause
        // trimmed to its head.
        let l = len(i + 1);
        // (`frame_accepts` takes no clause over MAX_CLAUSE_RUN characters.)
        if (MIN_CLAUSE..=MAX_CLAUSE_RUN).contains(&l) {
            let f = lead_in_ok(&chars[clauses[i].0..clauses[i].1], l).then(|| suffix(i, l));
            let mut k = i + 1;
            while k < n && len(k) == l && k - i <= MAX_RUN_CLAUSES {
                k += 1;
            }
            let core = i + 1..k;
            // The last clause may run on only past a modifier mark: 清而有为的政商关系.
            let e = (k < n && len(k) > l && is_tail_mark(chars[clauses[k].0 + l].1))
                .then(|| prefix(k, l));
            'outer: for t in (1..=core.len()).rev() {
                for (use_f, use_e) in [(true, true), (true, false), (false, true), (false, false)] {
                    if (use_f && f.is_none()) || (use_e && (e.is_none() || t < core.len())) {
                        continue;
                    }
                    let mut m = 0;
                    let mut push = |c: &'a [(usize, char)]| {
                        if let Some(slot) = list.get_mut(m) {
                            *slot = c;
                            m += 1;
                        }
                    };
                    if use_f && let Some(f) = f {
                        push(f);
                    }
                    for c in core.start..core.start + t {
                        push(prefix(c, l));
                    }
                    if use_e && let Some(e) = e {
                        push(e);
                    }
                    let list = &list[..m];
                    if list.len() >= 2 && frame_accepts(list) {
                        let first = if use_f {
                            frame_start(chars, clauses[i], l)
                        } else {
                            list[0].first().map(|p| p.0).unwrap_or(0)
                        };
                        let last = list[list.len() - 1].last().map(|p| p.0 + p.1.len_utf8());
                        let last_clause = core.start + t - 1 + usize::from(use_e);
                        found = Some((
                            last_clause,
                            close_quotes(text, first, last.unwrap_or(first)),
                        ));
                        break 'outer;
                    }
                }
            }
        }
        // Two clauses, the second with a tail after 的/之/地: 着力构建亲而有度、
        // 清而有为的政商关系. (地 may also end the frame: 铺天盖地的.)
        if found.is_none() {
            let b = &chars[clauses[i + 1].0..clauses[i + 1].1];
            // (`frame_accepts` takes two clauses of MAX_COUPLET characters at
            // most.) The positions of the tail marks as bits, read without a
            // branch per character: which ones are marks is unpredictable,
            // and most clauses have none.
            let mut tails = 0u32;
            for (q, p) in b.iter().enumerate().take(MAX_COUPLET + 1).skip(MIN_CLAUSE) {
                tails |= u32::from(is_tail_mark(p.1)) << q;
            }
            while tails != 0 {
                let q = tails.trailing_zeros() as usize;
                tails &= tails - 1;
                // A clause ending in 之 alone is an idiom (大而化之), not a
                // frame with a tail.
                if q + 1 == b.len() && b[q].1 == '之' {
                    continue;
                }
                if lead_in_ok(&chars[clauses[i].0..clauses[i].1], q)
                    && frame_accepts(&[suffix(i, q), prefix(i + 1, q)])
                {
                    let first = frame_start(chars, clauses[i], q);
                    let last = b[q - 1].0 + b[q - 1].1.len_utf8();
                    found = Some((i + 1, close_quotes(text, first, last)));
                    break;
                }
            }
        }
        // Crossed pairs: 宁让要素等项目，决不让项目等要素.
        if found.is_none() {
            let a = &chars[clauses[i].0..clauses[i].1];
            let b = &chars[clauses[i + 1].0..clauses[i + 1].1];
            if chiasmus(a, b) {
                let a = &a[a.len().saturating_sub(b.len())..];
                let last = b[b.len() - 1];
                found = Some((i + 1, Span::new(a[0].0, last.0 + last.1.len_utf8())));
            }
        }
        match found {
            Some((last_clause, span)) => {
                out.push(span);
                i = last_clause + 1;
            }
            None => i += 1,
        }
    }
}

/// The byte where a run starting with the last `l` characters of `clause`
/// begins: at those characters, or one before them when that one is no
/// function word and starts the clause or follows 的 — it belongs to the
/// frame's first word (基础比过去更加牢固，利益联系更加紧密, not 础比过去…).
fn frame_start(chars: &[(usize, char)], clause: (usize, usize), l: usize) -> usize {
    let (start, end) = clause;
    let at = |k: usize| chars.get(k).map_or(0, |p| p.0);
    if end < start + l + 1 {
        return at(end.saturating_sub(l));
    }
    let j = end - l - 1;
    let own = chars.get(j).is_some_and(|p| !LEAD_WORD_SET.contains(p.1));
    let after_word = j == start || chars.get(j - 1).is_some_and(|p| p.1 == '的');
    at(if own && after_word { j } else { j + 1 })
}

/// Whether every Han character of `sp` lies inside one of `quotes` (sorted).
fn all_quoted(text: &str, sp: Span, quotes: &[Span]) -> bool {
    let Some(s) = sp.get(text) else { return false };
    // Accepted quotes are at most MAX_QUOTE_CHARS long, so only those starting
    // shortly before `sp` can cover part of it.
    let from = sp.start.saturating_sub(4 * MAX_QUOTE_CHARS + 4);
    let first = quotes.partition_point(|q| q.start < from);
    let near = quotes.get(first..).unwrap_or(&[]);
    let near = &near[..near.partition_point(|q| q.start < sp.end)];
    s.char_indices().filter(|&(_, c)| is_cjk(c)).all(|(k, _)| {
        near.iter()
            .any(|q| q.start <= sp.start + k && sp.start + k < q.end)
    })
}

/// The numerals of [`cjk_digit`] and [`is_big_num`] but 〇 (outside the
/// Han block).
static NUMERAL_SET: HanSet = HanSet::new("一二两三四五六七八九十百千万亿零廿");

/// `cjk_digit(c).is_some() || is_big_num(c)`, by one bit (numerals grade the
/// clauses of a run: 千亿、百亿; they are no slot of 两新一重).
fn is_numeral(c: char) -> bool {
    NUMERAL_SET.contains(c) || c == '〇'
}

/// Whether the last `l` characters of `clause` can open a parallel run. A
/// lead-in is cut off before the frame (坚持|亲不逾矩); the cut cannot leave a
/// particle first (…的|不断深化) nor a 的 inside, which shows the lead-in's
/// modifier running into the frame (规模最大的|教育体系).
fn lead_in_ok(clause: &[(usize, char)], l: usize) -> bool {
    if clause.len() < l {
        return false;
    }
    if clause.len() == l {
        return true;
    }
    let part = &clause[clause.len() - l..];
    !PARTICLE_SET.contains(part[0].1) && !part.iter().fold(false, |a, p| a | (p.1 == '的'))
}

/// A character after which a parallel run's last clause may go on (的政商关系).
fn is_tail_mark(c: char) -> bool {
    matches!(c, '的' | '之' | '地')
}

/// Extends `[start, end)` over closing quote marks left open inside it.
fn close_quotes(text: &str, start: usize, mut end: usize) -> Span {
    let Some(s) = text.get(start..end) else {
        return Span::new(start, end);
    };
    let mut open = 0i32;
    for c in s.chars() {
        match c {
            '“' | '‘' | '「' | '『' => open += 1,
            '”' | '’' | '」' | '』' => open -= 1,
            _ => {}
        }
    }
    while open > 0 {
        match text.get(end..).and_then(|r| r.chars().next()) {
            Some(c @ ('”' | '’' | '」' | '』')) => {
                end += c.len_utf8();
                open -= 1;
            }
            _ => break,
        }
    }
    Span::new(start, end)
}

/// Whether aligned clauses of equal length share a frame that makes them a
/// set phrase rather than an enumeration.
///
/// Positions where every clause has the same character (or, for numerals,
/// a numeral: 千亿、百亿、十亿) are the frame. Let `P` be the frame's leading
/// block, `S` its trailing block and `inner` the frame positions between.
/// Accepted: two inner positions (所有…项目, 兴则…兴); one inner position next to
/// a leading or trailing block (以月保季、以季保年) or holding a function
/// morpheme (亲不逾矩、清不远疏; 开好局、起好步); a leading and a trailing block
/// together covering two characters; a leading word alone on four or more
/// clauses (抓谋划、抓储备、抓进度、抓保障) or covering all but two characters
/// of long clauses (一切围绕项目转，一切围绕项目干); a trailing block alone of
/// three characters or more with two or more free (认清形势抓招商…). Rejected:
/// a shared head noun (好项目、新项目; 履约率、开工率), a shared lead word on a
/// short list (主动研究、主动衔接), identical clauses.
pub(crate) fn frame_accepts(list: &[&[(usize, char)]]) -> bool {
    let m = list.len();
    let Some(first) = list.first() else {
        return false;
    };
    let l = first.len();
    if m < 2 || !(MIN_CLAUSE..=MAX_CLAUSE).contains(&l) || list.iter().any(|c| c.len() != l) {
        return false;
    }
    // A couplet's lines are short (4–7 characters); longer clauses pair up as
    // coordinated sentences unless the frame repeats over three or more.
    if l > if m == 2 { MAX_COUPLET } else { MAX_CLAUSE_RUN } {
        return false;
    }
    // (Most lists are two clauses sharing nothing: told in one pass, as
    // below, without the general loop.)
    if let [a, b] = list {
        let shared = a
            .iter()
            .zip(b.iter())
            .fold(false, |s, (x, y)| s | (x.1 == y.1));
        let graded = is_numeral(a[0].1) && is_numeral(b[0].1);
        if !(shared || graded) {
            return false;
        }
    }
    let mut ident = [false; MAX_CLAUSE];
    let mut class = [false; MAX_CLAUSE];
    let mut shared = false;
    for (p, (id, f)) in ident.iter_mut().zip(first.iter()).enumerate() {
        let c0 = f.1;
        // (Without a branch per clause: which positions match is
        // unpredictable.)
        *id = list[1..]
            .iter()
            .fold(true, |a, c| a & c.get(p).is_some_and(|x| x.1 == c0));
        shared |= *id;
    }
    // Graded numerals lead a clause (千亿领航、百亿带动); inside one they count.
    class[0] = !ident[0] && list.iter().all(|c| is_numeral(c[0].1));
    // (No shared position and no numerals: no frame, as `frame_shape_accepts`
    // would find.)
    if !shared && !class[0] {
        return false;
    }
    if ident[..l].iter().all(|&x| x) {
        return false;
    }
    // The frame's shape decides first (cheap); the vetoes below only run on
    // lists whose frame would accept.
    if !frame_shape_accepts(first, &ident, &class, l, m) {
        return false;
    }
    // Set phrases are written in Han characters; figures make statistics
    // (台湾占70.4%，欧洲占3.5%).
    if list.iter().any(|c| c.iter().any(|p| !is_cjk(p.1))) {
        return false;
    }
    // Clauses linked by a conjunction (既要…，又要…) are not a set phrase.
    if list.iter().any(|c| LINKED_OPENER_SET.contains(c[0].1)) {
        return false;
    }
    // Amounts written in Chinese numerals are statistics too (建房补贴一万元、
    // 无息贷款一万元).
    const UNITS: [[char; 2]; 6] = [
        ['万', '元'],
        ['亿', '元'],
        ['万', '人'],
        ['万', '吨'],
        ['万', '亩'],
        ['公', '里'],
    ];
    if list.iter().any(|c| {
        c.windows(2)
            .any(|w| UNITS.iter().any(|u| w[0].1 == u[0] && w[1].1 == u[1]))
    }) {
        return false;
    }
    // Clauses opened by time words contrast then and now (过去靠工业起家，
    // 现在靠工业发家): narrative, not a set phrase.
    if list.iter().any(|c| {
        TIME_OPENERS.iter().any(|t| {
            let mut tc = t.chars();
            c.len() >= 2 && tc.next() == Some(c[0].1) && tc.next() == Some(c[1].1)
        })
    }) {
        return false;
    }
    // A clause closed by a sentence particle is a remark (真是糟透了).
    if list.iter().any(|c| {
        c.last()
            .is_some_and(|p| SENTENCE_PARTICLE_SET.contains(p.1))
    }) {
        return false;
    }
    // A shared organization ending names bodies (人大民族委员会、内务司法委员会).
    if ident[l - 1]
        && ORG_LAST_SET.contains(first[l - 1].1)
        && ORG_SUFFIXES.iter().any(|x| {
            let xl = x.chars().count();
            xl <= l
                && x.chars()
                    .enumerate()
                    .all(|(j, ch)| ident[l - xl + j] && first[l - xl + j].1 == ch)
        })
    {
        return false;
    }
    // A frame holding 的 makes descriptions (更加饱满的精神状态、更加务实的
    // 工作作风), noun phrases rather than the predications of a set phrase.
    if (0..l).any(|p| ident[p] && first[p].1 == '的') {
        return false;
    }
    true
}

/// The frame-shape part of [`frame_accepts`]: whether the identical
/// (`ident`) and numeral-class (`class`) positions of `m` clauses of length
/// `l` form an accepted frame.
fn frame_shape_accepts(
    first: &[(usize, char)],
    ident: &[bool; MAX_CLAUSE],
    class: &[bool; MAX_CLAUSE],
    l: usize,
    m: usize,
) -> bool {
    let p_len = ident[..l].iter().take_while(|&&x| x).count();
    let s_len = ident[..l].iter().rev().take_while(|&&x| x).count();
    let mut inner = [0usize; MAX_CLAUSE];
    let mut n_inner = 0;
    for p in p_len..l - s_len {
        if ident[p] || class[p] {
            inner[n_inner] = p;
            n_inner += 1;
        }
    }
    let inner = &inner[..n_inner];
    match inner.len() {
        0 => {
            if p_len > 0 && s_len > 0 {
                // 发展为了人民、发展依靠人民; a one-character lead is too weak on
                // two clauses (国家开发银行、国进出口银行).
                p_len + s_len >= 2 && (p_len >= 2 || m >= 3)
            } else if p_len > 0 {
                // 抓谋划、抓储备、抓进度、抓保障; 一切围绕项目转，一切围绕项目干;
                // 无愧于时代、无愧于人民、无愧于历史 (not 中央军委委托，中央军委委员).
                m >= 4 || (l >= 5 && p_len + 2 >= l && (m >= 3 || l >= 7))
            } else if s_len > 0 {
                // A shared tail repeated three times or more after a free part
                // of a phrase's length, at least as long as the tail
                // (认清形势抓招商、突出重点抓招商、…); not kinds of one thing
                // (教育扶贫、健康扶贫、安居扶贫; 马克思主义人权观、当代中国人权观)
                // nor one object after different verbs (谋划一大批项目、储备一大批项目).
                m >= 3 && s_len >= 2 && l - s_len >= 4.max(s_len)
            } else {
                false
            }
        }
        1 => {
            // One shared character: a function morpheme on short clauses or a
            // longer run (亲不逾矩、清不远疏; 工作不务实不扎实、脱贫结果不真实、
            // 发现问题不整改), a preposition over three clauses or more (希望在
            // 人民，基础在民间，未来在青年), or next to a shared lead (以月保季、以季保年).
            let p = inner[0];
            let frame = ident[p] && FRAME_SET.contains(first[p].1);
            let relational = ident[p] && RELATIONAL_SET.contains(first[p].1);
            match p_len + s_len {
                0 => (frame && (l <= 5 || m >= 3)) || (relational && m >= 3),
                1 => l <= 5 || ((frame || relational) && (m >= 3 || l <= 7)),
                _ => true,
            }
        }
        _ => {
            // Two clauses repeating only a content word (加强项目谋划、做实项目
            // 前期) are coordinated clauses, not a set phrase.
            p_len + s_len >= 1
                || inner
                    .iter()
                    .any(|&p| class[p] || FRAME_SET.contains(first[p].1))
        }
    }
}

/// Whether two clauses swap two shared words: 宁让要素等项目，决不让项目等要素.
fn chiasmus(a: &[(usize, char)], b: &[(usize, char)]) -> bool {
    // The first clause may carry a lead-in (坚持|在发展中保护、在保护中发展).
    let a = &a[a.len().saturating_sub(b.len())..];
    let (la, lb) = (a.len(), b.len());
    if !(4..=10).contains(&la) || !(4..=10).contains(&lb) || la.abs_diff(lb) > 2 {
        return false;
    }
    // The position of a bigram that occurs exactly once.
    let bigram_at = |s: &[(usize, char)], x: (char, char)| {
        let mut hits = s
            .windows(2)
            .enumerate()
            .filter(|(_, w)| (w[0].1, w[1].1) == x);
        let first = hits.next().map(|(k, _)| k);
        if hits.next().is_some() { None } else { first }
    };
    // Most of the shorter clause is made of the other's characters.
    let (short, long) = if la <= lb { (a, b) } else { (b, a) };
    // (Two 64-bit masks of the longer clause's characters, counted without
    // a branch, bound the shared characters from above and rule most out.)
    let bit = |c: char| 1u64 << (c as u32 % 64);
    let bit2 = |c: char| 1u64 << (c as u32 / 64 % 64);
    let (mask, mask2) = long
        .iter()
        .fold((0, 0), |(m, m2), q| (m | bit(q.1), m2 | bit2(q.1)));
    let at_most: usize = short
        .iter()
        .map(|p| usize::from(mask & bit(p.1) != 0) & usize::from(mask2 & bit2(p.1) != 0))
        .sum();
    if at_most * 3 < short.len() * 2 {
        return false;
    }
    let shared = short
        .iter()
        .filter(|p| mask & bit(p.1) != 0 && long.iter().any(|q| q.1 == p.1))
        .count();
    if shared * 3 < short.len() * 2 {
        return false;
    }
    // (Tested after the shared characters, which rule out most pairs.)
    if a.iter().chain(b).any(|p| !is_cjk(p.1)) {
        return false;
    }
    for i in 0..la - 1 {
        let x = (a[i].1, a[i + 1].1);
        if bigram_at(a, x).is_none() {
            continue;
        }
        let Some(jx) = bigram_at(b, x) else { continue };
        for i2 in i + 2..la - 1 {
            let y = (a[i2].1, a[i2 + 1].1);
            if y == x {
                continue;
            }
            if bigram_at(a, y).is_some()
                && let Some(jy) = bigram_at(b, y)
                && jy + 2 <= jx
            {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_may_start_decides_one_digit_numerals_from_two_characters() {
        let starts = ('0'..='9').chain("一二两三四五六七八九十百零".chars());
        for d in starts {
            for n in (0..=0xFFFFu32).filter_map(char::from_u32) {
                for s in [
                    format!("{d}{n}"),
                    format!("{d}{n}项工作"),
                    format!("{d}{n}5+2"),
                ] {
                    assert_eq!(
                        numeric_may_start(&s, 0),
                        numeric_may_start_5(&s, 0),
                        "{s:?}"
                    );
                }
            }
        }
    }

    fn run(text: &str, kind: SloganKind) -> Vec<String> {
        SloganExtractor::new()
            .slogans(text)
            .into_iter()
            .filter(|s| s.kind == kind)
            .map(|s| s.text)
            .collect()
    }

    #[test]
    fn quoted_basic_and_labels() {
        let t = "坚持“项目为王”不动摇，培育“1+8+N”体系。“1”即打造食品产业链，“8”即培育八个集群。";
        assert_eq!(run(t, SloganKind::Quoted), ["项目为王", "1+8+N"]);
    }

    #[test]
    fn quoted_broken_scrape() {
        let t = "存在著走过场”“过度拆分甚至假签约现象，这不仅说明问题。";
        assert!(run(t, SloganKind::Quoted).is_empty());
    }

    #[test]
    fn quoted_speech_rejected() {
        let t = "他说：“我们一定要把这件事情办好，让人民群众满意。”";
        assert!(run(t, SloganKind::Quoted).is_empty());
    }

    #[test]
    fn numeric_basic() {
        let t = "聚焦五大安全，围绕三篇大文章，做强12条产业链特别是三大产业链，观摩24个项目。";
        assert_eq!(
            run(t, SloganKind::Numeric),
            ["五大安全", "三篇大文章", "12条产业链", "三大产业链"]
        );
    }

    #[test]
    fn numeric_negatives() {
        let t = "党的二十大精神，一大批项目，第一要务，七个方面工作，八个细分领域百亿级产业集群，千方百计，三番五次。";
        assert!(
            run(t, SloganKind::Numeric).is_empty(),
            "{:?}",
            run(t, SloganKind::Numeric)
        );
    }

    #[test]
    fn numeric_slots_and_plans() {
        let t = "聚焦“两新一重”，深入推进“四比四看”，编制十四五规划，落实三去一降一补。";
        assert_eq!(
            run(t, SloganKind::Numeric),
            ["两新一重", "四比四看", "十四五", "三去一降一补"]
        );
    }

    #[test]
    fn parallel_frames() {
        let t = "事实证明：项目兴则产业兴，产业兴则经济兴，经济兴则焦作兴。";
        assert_eq!(
            run(t, SloganKind::Parallel),
            ["项目兴则产业兴，产业兴则经济兴，经济兴则焦作兴"]
        );
        let t = "在服务企业过程中坚持亲不逾矩、清不远疏，着力构建亲而有度、清而有为的政商关系。";
        assert_eq!(
            run(t, SloganKind::Parallel),
            ["亲不逾矩、清不远疏", "亲而有度、清而有为"]
        );
    }

    #[test]
    fn parallel_rejects_enumerations() {
        let t = "如果没有好项目、新项目、强项目作支撑，要主动研究、主动衔接，提高履约率、开工率。";
        assert!(
            run(t, SloganKind::Parallel).is_empty(),
            "{:?}",
            run(t, SloganKind::Parallel)
        );
    }

    #[test]
    fn chiasmus_found() {
        let t = "做好充足准备，宁让要素等项目，决不让项目等要素，以实际作风结出果实。";
        assert_eq!(
            run(t, SloganKind::Parallel),
            ["宁让要素等项目，决不让项目等要素"]
        );
    }

    /// Texts for the equivalence checks below: the seeds, a few numeral
    /// runs and every lexicon entry in context.
    fn sample_texts() -> Vec<String> {
        let mut texts = crate::extract::seed_texts();
        for e in LEXICON
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .map(|(_, t)| t.trim())
        {
            texts.push(format!("一{e}一带{e}、{e}，三{e}十四五{e}"));
        }
        texts.push(
            "十三五十四五十五五 三个一批 五个一 12条产业链 1+8+N 2+26 3.5 12,000 \
             四比四看 两新一重 三去一降一补 三番五次 七一勋章 二十大 党的十大 \
             四十八个主要工程 51项工程 六个打通 八项规定精神 三大攻坚战 两个菜 \
             五项四枚 八个细分领域百亿级 20大 21条 1+ +1 十 二 九十九 99条"
                .to_string(),
        );
        texts
    }

    #[test]
    fn quick_check_never_rejects_a_formulation() {
        let heads = SloganExtractor::new().numeric_heads;
        for t in sample_texts() {
            for (i, _) in t.char_indices() {
                if numeric_in_window(&t, i, &heads).is_some() {
                    assert!(numeric_may_start(&t, i), "{:?}", t.get(i..));
                }
            }
        }
    }

    #[test]
    fn lexicon_scan_is_find_iter() {
        let mut entries: Vec<String> = LEXICON
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .map(|(_, t)| t.trim().to_string())
            .collect();
        entries.extend(["一", "一带", "带一", "a", "ab", "b"].map(String::from));
        let lex = Lexicon::new(&entries);
        let ac = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(&entries)
            .unwrap();
        let mut texts = sample_texts();
        texts.push("aab一带一路一带一带一b一国两制abab".to_string());
        for t in texts {
            let want: Vec<Span> = ac
                .find_iter(&t)
                .map(|m| Span::new(m.start(), m.end()))
                .collect();
            let mut got = Vec::new();
            let mut from = 0;
            for (i, c) in t.char_indices() {
                if i >= from
                    && let Some(m) = lex.longest_at(&t, i, c)
                {
                    from = m.end;
                    got.push(m);
                }
            }
            assert_eq!(got, want, "{t}");
        }
    }

    #[test]
    fn org_last_set_is_the_last_characters_of_org_suffixes() {
        let last: std::collections::BTreeSet<char> = ORG_SUFFIXES
            .iter()
            .filter_map(|x| x.chars().next_back())
            .collect();
        for c in '\u{4E00}'..='\u{9FFF}' {
            assert_eq!(ORG_LAST_SET.contains(c), last.contains(&c), "{c}");
        }
    }

    #[test]
    fn is_numeral_is_a_digit_or_a_big_numeral() {
        for c in (0..=0xFFFFu32).filter_map(char::from_u32) {
            assert_eq!(
                is_numeral(c),
                cjk_digit(c).is_some() || is_big_num(c),
                "{c}"
            );
        }
    }

    #[test]
    fn char_sets_match_their_strings() {
        let sets: [(&HanSet, &str); 5] = [
            (&HEAD_STOP_SET, HEAD_STOPS),
            (&CLASSIFIER_SET, CLASSIFIERS),
            (&ASCII_CLASSIFIER_SET, ASCII_CLASSIFIERS),
            (&FRAME_SET, FRAME_CHARS),
            (&LINKED_OPENER_SET, LINKED_OPENERS),
        ];
        for (set, s) in sets {
            for c in ('\0'..='\u{FFFF}').chain(['\u{10000}', '\u{10FFFF}']) {
                assert_eq!(set.contains(c), s.contains(c), "{c:?}");
            }
        }
        let cs = CharSet::new("0一二两十a€\u{10000}".chars());
        for t in ["0一二两十a€\u{10000}", "x一y€z\u{10001}é"] {
            for c in t.chars() {
                assert_eq!(cs.contains(c), "0一二两十a€\u{10000}".contains(c));
            }
        }
    }

    #[test]
    fn head_lookups_match_linear_search() {
        let heads = SloganExtractor::new().numeric_heads;
        let list: Vec<&str> = NUMERIC_HEADS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        for t in sample_texts() {
            let cs: Vec<(usize, char)> = t.char_indices().collect();
            for w in cs.windows(4) {
                let (a, b) = (w[0].0, w[3].0 + w[3].1.len_utf8());
                let part = &t[a..b];
                for p in [part, &t[a..w[2].0], &t[w[1].0..b]] {
                    assert_eq!(heads.ends(p), list.iter().any(|h| p.ends_with(h)), "{p}");
                    assert_eq!(
                        heads.generic(p),
                        GENERIC_HEADS.iter().any(|g| p.starts_with(g)),
                        "{p}"
                    );
                }
            }
        }
    }

    /// [`SloganExtractor::read_with`] as it was before [`class`]: the
    /// same tests one after another (kept to test the table against).
    fn read_by_match(
        ex: &SloganExtractor,
        text: &str,
        chars: &mut Vec<(usize, char)>,
        clauses: &mut Vec<(usize, usize)>,
    ) -> (Scan, Vec<Span>, Vec<Span>) {
        clauses.clear();
        let mut scan = Scan::default();
        // Quotations: every balanced one (as `find_quotes`), in order.
        let mut n_quotes = 0;
        let mut accepted: Vec<Span> = Vec::new();
        // Numeric formulations; lexicon entries are taken leftmost-longest
        // without overlap, as a find_iter would: each `lex_from` is where
        // the next may start.
        let mut skip_until = 0;
        let mut scanning = true;
        let mut num_lex_from = 0;
        let mut par_lex_from = 0;
        // Parallel runs.
        // (Room for a long sentence: growing it costs more than the scan.)
        // `chars` is a buffer, kept at its size between documents: its
        // first `n` entries are the piece's characters. (Written by index,
        // the count in a register: a push per character stores and reloads
        // the vector's length.)
        let mut n = 0;
        let want = text.len().min(768);
        if chars.len() < want {
            chars.resize(want, (0, '\0'));
        }
        clauses.reserve(64);
        let mut clause_start = 0;
        let mut q = 0;
        let mut runs: Vec<Span> = Vec::new();
        let mut rest = text.as_bytes();
        loop {
            // Most characters are Han and start no numeral and no lexicon
            // entry: `cold_han` writes those.
            if n == chars.len() {
                grow(chars);
            }
            (rest, n) = cold_han(&ex.han_hot, rest, text.len(), chars, n);
            if n == chars.len() {
                continue; // (full: grown above)
            }
            let i = text.len() - rest.len();
            let c = match rest {
                // (three bytes: decoded in place)
                [x @ 0xE0..=0xEF, y, z, ..] => char::from_u32(
                    u32::from(x & 0x0F) << 12 | u32::from(y & 0x3F) << 6 | u32::from(z & 0x3F),
                ),
                _ => text.get(i..).and_then(|r| r.chars().next()),
            };
            let Some(c) = c else {
                break;
            };
            rest = rest.get(c.len_utf8()..).unwrap_or_default();
            if ex.starts.contains(c) {
                if ex.numeric_starts.contains(c) {
                    if scanning && i >= skip_until && is_num_start(c) {
                        let prev = text
                            .get(..i)
                            .and_then(|r| r.chars().next_back())
                            .unwrap_or('\n');
                        if !blocks_numeral(prev)
                            && let Some(end) = numeric_at(text, i, &ex.numeric_heads)
                        {
                            scan.numeric.push(Span::new(i, end));
                            skip_until = end;
                            if scan.numeric.len() >= MAX_SLOGANS {
                                scanning = false;
                            }
                        }
                    }
                    if i >= num_lex_from
                        && let Some(m) = ex.numeric_lex.longest_at(text, i, c)
                    {
                        num_lex_from = m.end;
                        scan.lexicon.push(m);
                    }
                }
                if i >= par_lex_from
                    && let Some(m) = ex.parallel_lex.longest_at(text, i, c)
                {
                    par_lex_from = m.end;
                    runs.push(m);
                }
            }
            // Most characters are Han: never a mark or a space (the quote
            // cursor below only catches up, so it may skip them).
            if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
                put(chars, &mut n, (i, c));
                continue;
            }
            // Marks and separators, told apart by one match.
            let (hard, soft) = match c {
                '“' | '‘' | '「' | '『' => {
                    // An opening mark: its quotation is known before any
                    // separator inside it is read.
                    if n_quotes < MAX_SLOGANS * 4
                        && let Some(sp) = quote_at(text, i, c)
                    {
                        n_quotes += 1;
                        if quoted_formulation(text, sp) {
                            accepted.push(sp);
                        }
                    }
                    continue;
                }
                '”' | '’' | '」' | '』' => continue,
                '。' | '！' | '？' | '!' | '?' | '；' | ';' | '：' | ':' | '\n' | '…' | '—' => {
                    (true, false)
                }
                '、' | '，' | ',' => (false, true),
                _ => (false, false),
            };
            if soft {
                // (The cursor only catches up: it may skip other characters.)
                while q < accepted.len() && accepted[q].end <= i {
                    q += 1;
                }
            }
            let in_quote = q < accepted.len() && accepted[q].start <= i;
            if hard || (soft && !in_quote) {
                if n > clause_start {
                    clauses.push((clause_start, n));
                }
                clause_start = n;
                if hard {
                    // (A run needs two clauses: most pieces have fewer.)
                    if clauses.len() >= 2 {
                        find_runs(text, &chars[..n], clauses, &mut runs);
                    }
                    n = 0;
                    clauses.clear();
                    clause_start = 0;
                }
                continue;
            }
            if !is_cjk(c) && c.is_whitespace() {
                continue;
            }
            put(chars, &mut n, (i, c));
        }
        if n > clause_start {
            clauses.push((clause_start, n));
        }
        find_runs(text, &chars[..n], clauses, &mut runs);
        (scan, accepted, runs)
    }

    #[test]
    fn class_table_is_class() {
        let ex = SloganExtractor::new();
        for u in 0..0x11000u32 {
            let Some(c) = char::from_u32(u) else {
                continue;
            };
            let want = class(c)
                | if ex.starts.contains(c) { START } else { 0 }
                | if ex.numeric_starts.contains(c) {
                    NUMERIC_START
                } else {
                    0
                };
            assert_eq!(ex.class_of(c), want, "{c:?}");
        }
    }

    #[test]
    fn read_is_read_by_match() {
        let ex = SloganExtractor::new();
        let mut texts = sample_texts();
        // Random text over chars of every class.
        let alphabet: Vec<char> =
            "中文发展建设一二三十两四五有不1a “‘「『”’」』。！？!?；;：:\n…—、，,\t\u{3000}（）😀㐀豈"
                .chars()
                .collect();
        let mut seed = crate::extract::XorShift(0x2545_F491_4F6C_DD1Du64);
        let mut next = || seed.next();
        for _ in 0..2000 {
            let len = (next() % 120) as usize;
            let mut s = String::new();
            for _ in 0..len {
                let k = (next() >> 32) as usize % (alphabet.len() * 2);
                s.push(alphabet.get(k).copied().unwrap_or('文'));
            }
            texts.push(s);
        }
        let (mut c1, mut k1, mut c2, mut k2) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for t in &texts {
            // From every seventh char boundary (the buffers reused, as per
            // thread).
            for (i, _) in t.char_indices().step_by(7) {
                let t = &t[i..];
                k1.clear();
                let (s1, a1, r1) = ex.read_with(t, &mut c1, &mut k1);
                let (s2, a2, r2) = read_by_match(&ex, t, &mut c2, &mut k2);
                assert_eq!(
                    (s1.numeric, s1.lexicon, a1, r1),
                    (s2.numeric, s2.lexicon, a2, r2),
                    "{t:?}"
                );
            }
        }
    }

    #[test]
    fn no_panic_on_odd_input() {
        let ex = SloganExtractor::new();
        for t in [
            "",
            "“",
            "”",
            "“”",
            "十",
            "十四",
            "1+",
            "+1",
            "三个",
            "、、，，",
            "“a、b”，“c、d”",
        ] {
            let _ = ex.slogans(t);
        }
    }
}
