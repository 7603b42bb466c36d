//! Word segmentation: jieba-rs with a policy lexicon and two repair rules.
//!
//! [`WordSegmenter::new`] loads jieba's default dictionary plus
//! `data/policy_dict.txt` (formulations such as 项目为王, 三个一批, 放管服;
//! office titles such as 市委书记, 常务副市长, 市领导; policy vocabulary such
//! as 营商环境, 专精特新), then repairs jieba's output with two rules:
//!
//! 1. **Quoted formulations.** A string of at most [`MAX_QUOTED_CHARS`]
//!    characters (Chinese characters, ASCII letters and digits, `+`) between
//!    `“` and `”` (or `「」`, `『』`, `‘’`) is one word: `“两新一重”` gives
//!    `“` `两新一重` `”`, not `两新` `一重`. This is what keeps coined slogans
//!    whole in documents the lexicon has never seen. Quoted speech
//!    fragments with a particle (`“可能参加过”`: 过, 的, 了, 吗 …) are left
//!    alone.
//! 2. **Names after titles.** A title word (one ending in 书记, 市长, 主任,
//!    局长, 部长, 主席, 总理, 委员, 常委, 领导 …, see [`is_title`]) followed by
//!    one to three short tokens that together read as a personal name — a
//!    known surname (one or two characters) and one or two more characters,
//!    with no function word or verb among them — has those tokens merged
//!    into one word tagged `nr`: `市长` `魏` `建平` becomes `市长` `魏建平`.
//!    Lists after a title are followed through `、`, `和`, `及`, `与` and
//!    `，` as long as another name follows: `市领导王乐新、王新军……等出席`. The title stays a word of its own
//!    (`市委书记` `李卫东`). A name found this way is then merged wherever
//!    else it occurs, torn, in the same span (`李卫东首先代表…`).
//!
//! [`WordSegmenter::plain`] is jieba with its default dictionary and no
//! rules, the baseline the SIGHAN evaluation (`examples/sighan_eval.rs`)
//! compares against.
//!
//! # HMM
//!
//! jieba's HMM guesses words its dictionary lacks. It is **on** by default
//! because it is what joins personal names that no title precedes (刘尚进
//! in `刘尚进对重点工作作具体安排`, `贾宏宇、李思杰等`): with it off, three
//! officials' names in the seed documents come out torn. It costs word F1
//! on SIGHAN 2005 PKU (measured with `examples/sighan_eval.rs`: plain jieba
//! 81.8 with HMM, 83.6 without; tifa 81.5 and 83.2), largely because the
//! PKU standard splits names into surname and given name (`江 泽民`,
//! `李 新文`), the opposite of what tifa wants, and some speed (about 20%).
//! [`WordSegmenter::with_hmm`] turns it off. The same PKU standard is why
//! the lexicon and rules cost tifa about 0.3–0.4 F1 points against plain
//! jieba: PKU splits titles (`省委 书记`), names and quoted coinages
//! (`“ 西电 东送 ”`) that tifa keeps whole on purpose.
//!
//! Words tile the span they are computed for: concatenated, they give back
//! its text. Nothing here panics on any input.

use std::fmt;
use std::sync::Arc;

use jieba_rs::Jieba;

use crate::span::Span;

/// The embedded policy lexicon (jieba user-dictionary format).
const POLICY_DICT: &str = include_str!("../../data/policy_dict.txt");

/// The longest quoted string (in characters) kept as one word.
pub const MAX_QUOTED_CHARS: usize = 6;

/// Most names merged after one title (a list such as 市领导王乐新、王新军…).
const MAX_LIST_NAMES: usize = 64;

/// Most distinct names remembered per span for merging elsewhere.
const MAX_KNOWN_NAMES: usize = 64;

/// A word: its span in the text and its part-of-speech tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Word {
    /// Bytes of the text the word covers.
    pub span: Span,
    /// jieba's tag (`n`, `v`, `nr`, `ns`, `x` for punctuation …).
    pub tag: &'static str,
}

/// Segments text into words. Built once (loading the dictionaries takes a
/// few hundred milliseconds); cheap to clone and share between threads.
#[derive(Clone)]
pub struct WordSegmenter {
    jieba: Arc<Jieba>,
    hmm: bool,
    rules: bool,
}

impl fmt::Debug for WordSegmenter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WordSegmenter")
            .field("jieba", &self.jieba)
            .field("hmm", &self.hmm)
            .field("rules", &self.rules)
            .finish()
    }
}

impl Default for WordSegmenter {
    fn default() -> Self {
        WordSegmenter::new()
    }
}

impl WordSegmenter {
    /// jieba's default dictionary plus the policy lexicon, with the quoted
    /// formulation and name-after-title rules; HMM on.
    pub fn new() -> WordSegmenter {
        let mut jieba = Jieba::new();
        for (word, freq, tag) in policy_entries() {
            // At least the frequency that keeps the word whole on its own.
            let freq = freq.max(jieba.suggest_freq(word));
            jieba.add_word(word, Some(freq), Some(tag));
        }
        WordSegmenter {
            jieba: Arc::new(jieba),
            hmm: true,
            rules: true,
        }
    }

    /// jieba's default dictionary only, no rules; HMM on. The baseline.
    pub fn plain() -> WordSegmenter {
        WordSegmenter {
            jieba: Arc::new(Jieba::new()),
            hmm: true,
            rules: false,
        }
    }

    /// The same segmenter with jieba's HMM for unknown words on or off.
    pub fn with_hmm(mut self, hmm: bool) -> WordSegmenter {
        self.hmm = hmm;
        self
    }

    /// Whether jieba's HMM is used.
    pub fn hmm(&self) -> bool {
        self.hmm
    }

    /// Words of `text[span]`, as spans of `text`, with their tags. They
    /// tile the span. An out-of-bounds span or one off a char boundary
    /// gives no words.
    pub fn words(&self, text: &str, span: Span) -> Vec<Word> {
        let Some(s) = span.get(text) else {
            return Vec::new();
        };
        let mut words: Vec<Word> = Vec::with_capacity(s.len() / 4 + 1);
        words.extend(self.jieba.tag(s, self.hmm).into_iter().map(|t| Word {
            span: Span::new(span.start + t.byte_start, span.start + t.byte_end),
            tag: static_tag(t.tag),
        }));
        if self.rules {
            merge_quoted(text, &mut words);
            self.merge_names(text, &mut words);
        }
        words
    }

    /// Words of the whole text, as spans.
    pub fn cut(&self, text: &str) -> Vec<Span> {
        self.words(text, Span::new(0, text.len()))
            .into_iter()
            .map(|w| w.span)
            .collect()
    }

    /// Merges personal names after titles (and their lists), then other
    /// torn occurrences of the names found.
    fn merge_names(&self, text: &str, words: &mut Vec<Word>) {
        let mut merges: Vec<(usize, usize)> = Vec::new();
        let n = words.len();
        let mut i = 0;
        while i < n {
            if !is_title(word_text(text, &words[i])) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            let mut found = 0;
            while let Some(k) = self.name_at(text, words, j) {
                merges.push((j, j + k));
                j += k;
                found += 1;
                if found >= MAX_LIST_NAMES {
                    break;
                }
                let sep = words.get(j).is_some_and(|w| {
                    matches!(word_text(text, w), "、" | "和" | "及" | "与" | "，" | ",")
                });
                // A comma continues a list only when a name follows.
                if sep && self.name_at(text, words, j + 1).is_some() {
                    j += 1;
                } else {
                    break;
                }
            }
            i = j.max(i + 1);
        }
        // Names found, for merging their other torn occurrences.
        let mut known: Vec<&str> = Vec::new();
        for &(a, b) in &merges {
            let s = Span::new(words[a].span.start, words[b - 1].span.end);
            if let Some(name) = s.get(text)
                && !known.contains(&name)
                && known.len() < MAX_KNOWN_NAMES
            {
                known.push(name);
            }
        }
        apply_merges(words, &merges, "nr");
        if known.is_empty() {
            return;
        }
        merges.clear();
        let n = words.len();
        let mut i = 0;
        while i < n {
            let first = word_text(text, &words[i]).chars().next();
            let candidate =
                first.is_some_and(is_han) && known.iter().any(|name| name.chars().next() == first);
            let mut step = 1;
            if candidate {
                for k in 1..=3.min(n - i) {
                    let s = Span::new(words[i].span.start, words[i + k - 1].span.end);
                    if s.get(text).is_some_and(|t| known.contains(&t)) {
                        merges.push((i, i + k));
                        step = k;
                        break;
                    }
                }
            }
            i += step;
        }
        apply_merges(words, &merges, "nr");
    }

    /// How many tokens from `at` form a personal name, if any: the longest
    /// of 1–3 tokens that passes [`Self::name_tokens_ok`] and is not
    /// followed by what looks like more of a name.
    fn name_at(&self, text: &str, words: &[Word], at: usize) -> Option<usize> {
        let mut best = None;
        for k in 1..=3 {
            let Some(toks) = words.get(at..at + k) else {
                break;
            };
            if self.name_tokens_ok(text, toks) && !self.name_continues(text, words.get(at + k)) {
                best = Some(k);
            }
        }
        best
    }

    /// Whether the token after a candidate name suggests the name goes on
    /// (a foreign name longer than three characters: 斯凯里|特, 托尔库|诺夫,
    /// 奥姆兰|·): a name-joining dot, a single character that is no
    /// function word, or a short word jieba does not know (an HMM guess).
    fn name_continues(&self, text: &str, next: Option<&Word>) -> bool {
        let Some(next) = next else { return false };
        let t = word_text(text, next);
        if matches!(t, "·" | "•" | "・" | "‧") {
            return true;
        }
        let mut chars = t.chars();
        match (chars.next(), chars.next(), chars.next()) {
            (Some(c), None, _) => is_han(c) && !NAME_STOP.contains(c) && !FOLLOWERS.contains(c),
            (Some(_), Some(_), _) => {
                t.chars().count() <= 4 && t.chars().all(is_han) && !self.jieba.has_word(t)
            }
            _ => false,
        }
    }

    /// Whether `toks` read as one personal name.
    fn name_tokens_ok(&self, text: &str, toks: &[Word]) -> bool {
        let Some((first, rest)) = toks.split_first() else {
            return false;
        };
        let ft = word_text(text, first);
        let fchars = ft.chars().count();
        if ft.is_empty() || !ft.chars().all(is_han) {
            return false;
        }
        let compound = COMPOUND_SURNAMES.iter().any(|s| ft.starts_with(s));
        let mut total = fchars;
        if fchars == 1 {
            let c = ft.chars().next().unwrap_or(' ');
            if !SURNAMES.contains(c) || FIRST_STOP.contains(c) {
                return false;
            }
            // Surnames that are also prepositions or adverbs (于 当地时间,
            // 曾 多次): the given name must be plain characters or a name.
            if AMBIGUOUS_SURNAMES.contains(c)
                && rest
                    .iter()
                    .any(|t| t.span.len() > 3 && !t.tag.starts_with("nr"))
            {
                return false;
            }
        } else if !compound {
            let named = first.tag.starts_with("nr");
            let surname = ft.chars().next().is_some_and(|c| SURNAMES.contains(c));
            // A multi-character first token is a name (or part of one) when
            // jieba says so, or when it is no dictionary word but starts
            // with a surname (an HMM guess such as 王乐).
            if !(named || (surname && !self.jieba.has_word(ft))) || fchars > 3 {
                return false;
            }
        }
        for t in rest {
            let s = word_text(text, t);
            let len = s.chars().count();
            if len == 0 || len > 2 || !s.chars().all(is_han) {
                return false;
            }
            if len == 1 && s.chars().next().is_some_and(|c| NAME_STOP.contains(c)) {
                return false;
            }
            if len == 2 && (non_name_tag(t.tag) || NON_NAME_WORDS.contains(&s) || is_title(s)) {
                return false;
            }
            total += len;
        }
        if rest.is_empty() && fchars > 1 && !compound && NON_NAME_WORDS.contains(&ft) {
            return false;
        }
        if compound {
            (3..=4).contains(&total)
        } else {
            (2..=3).contains(&total)
        }
    }
}

/// Whether `word` is an office title: Chinese characters ending in one of
/// the title suffixes (书记, 市长, 主任, 局长, 部长, 主席, 总理, 委员, 常委,
/// 领导 …). Bare suffixes count (`书记`, `主任`).
pub fn is_title(word: &str) -> bool {
    // Cheap test on the last character first: most words are not titles.
    let last = word.chars().next_back();
    if !matches!(
        last,
        Some('记' | '长' | '任' | '席' | '理' | '员' | '委' | '导' | '人' | '志')
    ) {
        return false;
    }
    word.len() >= 6
        && word.chars().all(is_han)
        && TITLE_SUFFIXES.iter().any(|s| word.ends_with(s))
        && !NOT_TITLES.contains(&word)
}

/// Title suffixes for [`is_title`].
const TITLE_SUFFIXES: &[&str] = &[
    "书记",
    "省长",
    "市长",
    "县长",
    "区长",
    "镇长",
    "乡长",
    "州长",
    "旗长",
    "盟长",
    "村长",
    "主任",
    "局长",
    "厅长",
    "处长",
    "科长",
    "部长",
    "司长",
    "署长",
    "主席",
    "总理",
    "委员",
    "常委",
    "领导",
    "秘书长",
    "院长",
    "校长",
    "行长",
    "检察长",
    "董事长",
    "总经理",
    "组长",
    "队长",
    "所长",
    "会长",
    "司令员",
    "政委",
    "巡视员",
    "调研员",
    "负责人",
    "负责同志",
];

/// Words that end like titles but are not followed by names.
const NOT_TITLES: &[&str] = &["领导小组", "委员会"];

/// The text of a word (empty if its span is foreign).
#[inline]
fn word_text<'a>(text: &'a str, w: &Word) -> &'a str {
    w.span.get(text).unwrap_or("")
}

/// Chinese characters (CJK unified ideographs and extensions, compatibility
/// ideographs, 〇).
#[inline]
fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2FFFF | 0xF900..=0xFAFF | 0x3007)
}

/// Characters allowed in a quoted formulation kept as one word.
#[inline]
fn is_formulation_char(c: char) -> bool {
    is_han(c) || c.is_ascii_alphanumeric() || c == '+' || c == '＋'
}

/// Opening and closing quote tokens.
#[inline]
fn closing_quote(open: &str) -> Option<&'static str> {
    Some(match open {
        "“" => "”",
        "「" => "」",
        "『" => "』",
        "‘" => "’",
        _ => return None,
    })
}

/// Merges the tokens of a short quoted string into one word.
fn merge_quoted(text: &str, words: &mut Vec<Word>) {
    let mut merges: Vec<(usize, usize)> = Vec::new();
    let n = words.len();
    let mut i = 0;
    while i < n {
        let Some(close) = closing_quote(word_text(text, &words[i])) else {
            i += 1;
            continue;
        };
        let mut chars = 0;
        let mut end = None;
        for (j, w) in words.iter().enumerate().skip(i + 1) {
            let t = word_text(text, w);
            if t == close {
                end = Some(j);
                break;
            }
            chars += t.chars().count();
            if chars > MAX_QUOTED_CHARS
                || !t.chars().all(is_formulation_char)
                || w.tag.starts_with('u')
                || matches!(w.tag, "y" | "e")
            {
                break;
            }
        }
        match end {
            Some(j) if j > i + 2 => {
                merges.push((i + 1, j));
                i = j + 1;
            }
            Some(j) => i = j + 1,
            None => i += 1,
        }
    }
    apply_merges(words, &merges, "nz");
}

/// Replaces each run `words[a..b]` (sorted, disjoint) by one word tagged
/// `tag`; a run of one word only gets the tag.
fn apply_merges(words: &mut Vec<Word>, merges: &[(usize, usize)], tag: &'static str) {
    if merges.is_empty() {
        return;
    }
    let mut out = 0;
    let mut read = 0;
    for &(a, b) in merges {
        if a < read || b <= a || b > words.len() {
            continue; // not sorted or disjoint: skip rather than corrupt
        }
        while read < a {
            words[out] = words[read];
            out += 1;
            read += 1;
        }
        words[out] = Word {
            span: Span::new(words[a].span.start, words[b - 1].span.end),
            tag,
        };
        out += 1;
        read = b;
    }
    while read < words.len() {
        words[out] = words[read];
        out += 1;
        read += 1;
    }
    words.truncate(out);
}

/// Tags that a name's given-name part never carries (verbs, adverbs,
/// prepositions, conjunctions, particles, pronouns, numerals, measure,
/// time, direction and place words).
fn non_name_tag(tag: &str) -> bool {
    matches!(
        tag.as_bytes().first(),
        Some(b'v' | b'd' | b'p' | b'c' | b'u' | b'r' | b'm' | b'q')
    ) || matches!(tag, "t" | "tg" | "f" | "s" | "y" | "e" | "o" | "ad")
}

/// Surnames that also work as prepositions or adverbs.
const AMBIGUOUS_SURNAMES: &str = "于曾";

/// Single characters that commonly follow a name and so do not suggest
/// that the name goes on.
const FOLLOWERS: &str = "很更亲均皆仍总便才最乃系曾";

/// Two-character words that are never (part of) a name after a title.
const NON_NAME_WORDS: &[&str] = &[
    "同志", "先生", "女士", "一行", "等人", "等等", "首先", "分别", "一起", "一同", "亲自", "带队",
    "主持", "出席", "参加", "讲话", "强调", "指出", "表示", "要求", "会见", "会上", "同时", "还有",
    "领导", "干部", "班子", "项目", "高度", "全市", "全省", "全县", "全区",
];

/// Single characters that cannot start a name after a title even though
/// some are rare surnames (和, 向, 将 …).
const FIRST_STOP: &str = "在和与及对向为是也都就还又并同率带陪等将把被让给以从到说讲";

/// Single characters that cannot be part of a given name after a title:
/// function words and verbs that follow names in news text.
const NAME_STOP: &str = "在和与及对向为是说讲等的了将也都就又还并同率带陪赴到从于被把让给以称致\
看听问谈代主出会作做表指要已正再先后前上下时今日月年号个各该此其之而或即则且但却所由经因来去进回共\
分参任兼暨书记长副常委县市省区镇乡村党政府局部厅处科院办们很更最亲曾仍均皆";

/// Two-character surnames.
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "长孙",
    "宇文",
    "司徒",
    "夏侯",
    "轩辕",
    "令狐",
    "钟离",
    "端木",
    "南宫",
    "西门",
    "独孤",
    "呼延",
    "申屠",
    "澹台",
    "太史",
    "闻人",
    "万俟",
    "百里",
    "东郭",
    "公羊",
    "拓跋",
    "完颜",
    "爱新觉罗",
];

/// Common one-character surnames (about 400, covering nearly all of the
/// population).
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖\
田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷\
侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧\
耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房\
滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦卢麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟\
邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚\
鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门\
云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾\
戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由蒿郦储眭訾逄笪";

/// jieba's tag set (its dictionary's and its POS model's), for turning a
/// tag borrowed from the segmenter into a `'static` one. Sorted.
const TAGS: &[&str] = &[
    "a", "ad", "ag", "an", "b", "bg", "c", "d", "df", "dg", "e", "en", "eng", "f", "g", "h", "i",
    "in", "j", "jn", "k", "l", "ln", "m", "mg", "mq", "n", "ng", "nr", "nrfg", "nrt", "ns", "nt",
    "nz", "o", "p", "q", "qe", "qg", "r", "rg", "rr", "rz", "s", "t", "tg", "u", "ud", "ug", "uj",
    "ul", "uv", "uz", "v", "vd", "vg", "vi", "vn", "vq", "w", "x", "y", "yg", "z", "zg",
];

/// A tag of at most four bytes packed big-endian into a `u32` (zero
/// padded), which orders like the string; longer tags give `u32::MAX`.
const fn pack_tag(tag: &str) -> u32 {
    let b = tag.as_bytes();
    if b.len() > 4 {
        return u32::MAX;
    }
    let mut key = 0u32;
    let mut i = 0;
    while i < 4 {
        key <<= 8;
        if i < b.len() {
            key |= b[i] as u32;
        }
        i += 1;
    }
    key
}

/// [`TAGS`] packed by [`pack_tag`], same order.
const TAG_KEYS: [u32; TAGS.len()] = {
    let mut keys = [0u32; TAGS.len()];
    let mut i = 0;
    while i < TAGS.len() {
        keys[i] = pack_tag(TAGS[i]);
        i += 1;
    }
    keys
};

/// The `'static` form of a jieba tag (`x` if unknown).
fn static_tag(tag: &str) -> &'static str {
    match TAG_KEYS.binary_search(&pack_tag(tag)) {
        Ok(i) => TAGS[i],
        Err(_) => "x",
    }
}

/// The entries of the embedded policy lexicon: (word, frequency, tag).
fn policy_entries() -> impl Iterator<Item = (&'static str, usize, &'static str)> {
    POLICY_DICT.lines().filter_map(|line| {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        let mut it = line.split_whitespace();
        let word = it.next()?;
        let freq = it.next().and_then(|f| f.parse().ok()).unwrap_or(1000);
        let tag = it.next().map_or("n", static_tag);
        Some((word, freq, tag))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;

    static SEG: LazyLock<WordSegmenter> = LazyLock::new(WordSegmenter::new);

    fn cut(s: &str) -> Vec<&str> {
        SEG.cut(s).into_iter().map(|sp| &s[sp]).collect()
    }

    #[test]
    fn send_sync() {
        fn check<T: Send + Sync>() {}
        check::<WordSegmenter>();
    }

    #[test]
    fn tags_sorted() {
        assert!(TAGS.windows(2).all(|w| w[0] < w[1]));
        assert!(TAG_KEYS.windows(2).all(|w| w[0] < w[1]));
        for t in TAGS {
            assert_eq!(static_tag(t), *t);
        }
        assert_eq!(static_tag("nr"), "nr");
        assert_eq!(static_tag("??"), "x");
    }

    #[test]
    fn lexicon_parses() {
        let n = POLICY_DICT
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .count();
        let entries: Vec<_> = policy_entries().collect();
        assert_eq!(entries.len(), n);
        assert!(n >= 300, "{n} entries");
        for (w, f, t) in entries {
            assert!(f > 0 && TAGS.contains(&t), "{w} {f} {t}");
        }
    }

    #[test]
    fn titles() {
        for t in TITLE_SUFFIXES {
            assert!(is_title(t), "{t}");
        }
        for t in ["市委书记", "常务副市长", "市领导", "总书记", "县委常委"] {
            assert!(is_title(t), "{t}");
        }
        for t in ["书", "委员会", "领导小组", "项目", "长", "市长a"] {
            assert!(!is_title(t), "{t}");
        }
    }

    #[test]
    fn title_then_name() {
        let w = cut("市委书记李卫东、市长魏建平分别讲话。");
        assert!(w.contains(&"市委书记") && w.contains(&"李卫东"), "{w:?}");
        assert!(w.contains(&"市长") && w.contains(&"魏建平"), "{w:?}");
        assert!(w.contains(&"分别"), "{w:?}");
    }

    #[test]
    fn title_not_followed_by_name() {
        for s in [
            "市委书记强调，要抓项目。",
            "市领导干部要带头。",
            "书记项目要落实。",
        ] {
            let w = SEG.words(s, Span::new(0, s.len()));
            assert!(w.iter().all(|w| w.tag != "nr"), "{s}: {w:?}");
        }
    }

    #[test]
    fn quoted() {
        assert!(cut("实现“两新一重”目标").contains(&"两新一重"));
        assert!(cut("构建“1+8+N”体系").contains(&"1+8+N"));
        // Longer than six characters: left alone.
        assert!(!cut("“抓项目就是抓发展”").contains(&"抓项目就是抓发展"));
    }

    #[test]
    fn tiles_and_no_panic() {
        for s in [
            "",
            "“",
            "”",
            "“”",
            "市长",
            "市长“",
            "市长王",
            "a\u{0}b",
            "。。。",
            "市长 王",
        ] {
            let w = SEG.cut(s);
            let joined: String = w.iter().map(|sp| &s[*sp]).collect();
            assert_eq!(joined, s);
        }
        assert!(SEG.words("abc", Span::new(1, 9)).is_empty());
        assert!(SEG.words("项目", Span::new(1, 3)).is_empty());
    }
}
