//! [`AnalyzerBuilder`] → [`Analyzer`]: everything compiled once, then
//! `analyze` any number of documents from any number of threads.

use std::borrow::Cow;
use std::sync::Arc;

use crate::clean::lines::LineCleaner;
use crate::clean::markup::{self, Format};
use crate::clean::pinyin;
use crate::decode;
use crate::document::Document;
use crate::extract::{Context, Extractors};
use crate::normalize::Normalizer;
use crate::offsets::OffsetMap;
use crate::record::{DocError, Meta, Quality};
use crate::segment::{self, SentenceOptions, Word, WordSegmenter};
use crate::span::floor_char_boundary;

/// Default limit on the bytes of one document that are analysed.
pub const DEFAULT_MAX_BYTES: usize = 64 << 20;

/// Metadata known from outside the text (a JSONL record's fields, say).
/// Given values win over what the text says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hints {
    /// The title.
    pub title: Option<String>,
    /// The date, in any common form (`2012-07-02`, `20120702`, `2012年7月2日`,
    /// a Unix time in seconds or milliseconds), or a year or month alone
    /// (`2025`, `2025-03`).
    pub date: Option<String>,
    /// The outlet.
    pub source: Option<String>,
    /// An author field (a JSONL record's `author`): the people it names (a
    /// listed surname first) become bylines of role `author`, as a front
    /// matter `author:` does.
    pub author: Option<String>,
    /// Treat the text as this format instead of detecting it.
    pub format: Option<Format>,
    /// Decode bytes with this encoding label instead of detecting it.
    pub encoding: Option<String>,
}

/// Configures and builds an [`Analyzer`].
#[derive(Debug, Clone)]
pub struct AnalyzerBuilder {
    sentence: SentenceOptions,
    extract: bool,
    max_bytes: usize,
}

impl Default for AnalyzerBuilder {
    fn default() -> Self {
        AnalyzerBuilder {
            sentence: SentenceOptions::default(),
            extract: true,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

impl AnalyzerBuilder {
    /// A builder with default settings.
    pub fn new() -> AnalyzerBuilder {
        AnalyzerBuilder::default()
    }

    /// End sentences at `；` too (default: off).
    pub fn semicolon_splits(&mut self, yes: bool) -> &mut Self {
        self.sentence.semicolon = yes;
        self
    }

    /// Run the extractors (default: on). Off gives cleaning, normalization
    /// and segmentation only.
    pub fn extract(&mut self, yes: bool) -> &mut Self {
        self.extract = yes;
        self
    }

    /// Analyse at most this many bytes of a document (default 64 MiB); the
    /// rest is cut off at a char boundary and the record says so.
    pub fn max_bytes(&mut self, n: usize) -> &mut Self {
        self.max_bytes = n.max(1);
        self
    }

    /// Compiles dictionaries, automata and patterns.
    pub fn build(&self) -> Analyzer {
        Analyzer {
            inner: Arc::new(Inner {
                words: std::sync::OnceLock::new(),
                normalizer: Normalizer::new(),
                lines: LineCleaner::new(),
                extractors: self.extract.then(Extractors::new),
                sentence: self.sentence.clone(),
                max_bytes: self.max_bytes,
            }),
        }
    }
}

#[derive(Debug)]
struct Inner {
    words: std::sync::OnceLock<WordSegmenter>,
    normalizer: Normalizer,
    lines: LineCleaner,
    extractors: Option<Extractors>,
    sentence: SentenceOptions,
    max_bytes: usize,
}

/// The analysis pipeline, built once; cheap to clone, `Send + Sync`.
///
/// `analyze*` never panics and never fails: problems with a document are
/// reported in [`Document::errors`].
#[derive(Debug, Clone)]
pub struct Analyzer {
    inner: Arc<Inner>,
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer::new()
    }
}

fn chain(acc: Option<OffsetMap>, next: OffsetMap) -> Option<OffsetMap> {
    Some(match acc {
        None => next,
        Some(a) => a.compose(&next),
    })
}

impl Analyzer {
    /// An analyzer with default settings.
    pub fn new() -> Analyzer {
        AnalyzerBuilder::new().build()
    }

    /// A builder.
    pub fn builder() -> AnalyzerBuilder {
        AnalyzerBuilder::new()
    }

    /// Analyses text.
    pub fn analyze(&self, text: &str) -> Document {
        self.run(
            text.to_string(),
            "UTF-8",
            text.len(),
            Vec::new(),
            &Hints::default(),
        )
    }

    /// Analyses bytes in any encoding (detected).
    pub fn analyze_bytes(&self, bytes: &[u8]) -> Document {
        self.analyze_bytes_with(bytes, &Hints::default())
    }

    /// Analyses text with metadata known from outside it.
    pub fn analyze_with(&self, text: &str, hints: &Hints) -> Document {
        self.run(text.to_string(), "UTF-8", text.len(), Vec::new(), hints)
    }

    /// Analyses bytes with metadata known from outside them.
    pub fn analyze_bytes_with(&self, bytes: &[u8], hints: &Hints) -> Document {
        let d = decode::decode_with(bytes, hints.encoding.as_deref());
        let mut errors = d.errors;
        if bytes.is_empty() {
            errors.push(DocError::new("empty", "the document is empty"));
        }
        let mut doc = self.run(d.text, d.encoding, bytes.len(), errors, hints);
        doc.quality.replacement_chars = d.replacement_chars;
        doc
    }

    /// The word segmenter (jieba-rs with the policy lexicon), built on
    /// first use so that analysis without words does not pay for it.
    pub fn word_segmenter(&self) -> &WordSegmenter {
        self.inner.words.get_or_init(WordSegmenter::new)
    }

    /// Words of every sentence of `doc`, in order, with POS tags. Computed
    /// on demand: `analyze` does not segment words.
    pub fn words(&self, doc: &Document) -> Vec<Word> {
        let seg = self.word_segmenter();
        doc.sentences()
            .iter()
            .flat_map(|s| seg.words(doc.text(), *s))
            .collect()
    }

    /// Normalized text of `text` with its map to the source: the cleaning
    /// and normalization stages without segmentation or extraction.
    pub fn normalize(&self, text: &str) -> (String, OffsetMap) {
        let (t, m, ..) = self.clean(text, &Hints::default());
        (t, m)
    }

    /// The cleaning and normalization stages.
    fn clean(
        &self,
        src: &str,
        hints: &Hints,
    ) -> (
        String,
        OffsetMap,
        Meta,
        Quality,
        Format,
        crate::record::Script,
        Option<String>,
    ) {
        let inner = &*self.inner;
        let mut acc: Option<OffsetMap> = None;
        let mut q = Quality::default();
        // 1. markup
        let mut mk = if hints.format == Some(Format::Text) {
            markup::Markup::default()
        } else {
            markup::extract(src)
        };
        let format = mk.format;
        let mut cur: Cow<'_, str> = Cow::Borrowed(src);
        if let Some(t) = mk.text.take() {
            let (s, m) = t.finish();
            acc = chain(acc, m);
            cur = Cow::Owned(s);
        }
        // 2. pinyin glosses
        if let Some((t, n)) = pinyin::remove_glosses(&cur) {
            q.pinyin_glosses_removed = n;
            let (s, m) = t.finish();
            acc = chain(acc, m);
            cur = Cow::Owned(s);
        }
        // 3. width, punctuation, white space, traditional → simplified (as
        // Normalizer::normalize does it; the lines' keyword scan looks for
        // traditional-only chars on the way, so simplified text is read once)
        if let Some(t) = crate::normalize::width::normalize(&cur) {
            let (s, m) = t.finish();
            acc = chain(acc, m);
            cur = Cow::Owned(s);
        }
        let t2s = inner.normalizer.t2s();
        let mut scan = inner.lines.scan(&cur, Some(t2s));
        let mut script = crate::record::Script::Simplified;
        if let Some(t) = t2s.convert_checked(&cur, scan.traditional_chars()) {
            script = inner.normalizer.script_of(&cur);
            let (s, m) = t.finish();
            acc = chain(acc, m);
            cur = Cow::Owned(s);
            scan = inner.lines.scan(&cur, None);
        }
        // 4. lines: boilerplate, duplicates, spam, notices, meta
        let mut hint_meta = mk.meta;
        if let Some(t) = &hints.title {
            hint_meta.title = Some(t.clone());
        }
        // A date the line cleaner cannot read (20120702, a Unix time, a
        // year alone) is read here; a year or a month alone does not hide a
        // fuller date in the text that agrees with it.
        let hint_date = hints.date.as_deref().and_then(read_hint_date);
        if let Some(d) = &hints.date {
            hint_meta.date = match &hint_date {
                Some(HintDate::Full(f)) => Some(f.clone()),
                Some(HintDate::Partial(_)) => None,
                None => Some(d.clone()),
            };
        }
        if let Some(s) = &hints.source {
            hint_meta.source = Some(s.clone());
        }
        if let Some(a) = &hints.author {
            hint_meta.author = Some(a.clone());
        }
        hint_meta.title = hint_meta.title.map(|t| {
            let t = match pinyin::remove_glosses(&t) {
                Some((m, _)) => m.finish().0,
                None => t,
            };
            strip_label(inner.normalizer.normalize_str(&t).trim()).to_string()
        });
        let cleaned = inner.lines.clean_scanned(&cur, &hint_meta, &scan);
        let c_q = cleaned.quality;
        q.truncated = c_q.truncated;
        q.spam_removed = c_q.spam_removed;
        q.duplicate_blocks_removed = c_q.duplicate_blocks_removed;
        q.boilerplate_lines_removed = c_q.boilerplate_lines_removed + mk.skipped_blocks;
        let (text, m) = cleaned.text.finish();
        acc = chain(acc, m);
        let meta = Meta {
            title: cleaned.title.filter(|t| !t.is_empty()),
            date: match hint_date {
                Some(HintDate::Partial(p)) => match cleaned.date {
                    Some(d) if d.starts_with(&p) => Some(d),
                    _ => Some(p),
                },
                _ => cleaned.date,
            },
            source: cleaned.source.map(|s| inner.normalizer.normalize_str(&s)),
            ..Meta::default()
        };
        let mut map = acc.unwrap_or_else(|| OffsetMap::identity(text.len()));
        map.shrink_to_fit();
        // (front matter `author:`, `<meta name="author">`; read for bylines)
        let author = hint_meta.author.map(|a| inner.normalizer.normalize_str(&a));
        (text, map, meta, q, format, script, author)
    }

    fn run(
        &self,
        mut source: String,
        encoding: &'static str,
        source_bytes: usize,
        mut errors: Vec<DocError>,
        hints: &Hints,
    ) -> Document {
        let inner = &*self.inner;
        if source.len() > inner.max_bytes {
            let cut = floor_char_boundary(&source, inner.max_bytes);
            errors.push(DocError::new(
                "limit",
                format!(
                    "document has {} bytes; only the first {} were analysed",
                    source.len(),
                    cut
                ),
            ));
            source.truncate(cut);
        }
        let (text, map, mut meta, quality, format, script, author) = self.clean(&source, hints);
        let paragraphs = segment::split_paragraphs(&text);
        let sentences = segment::split_sentences(&text, &paragraphs, &inner.sentence);
        let records = match &inner.extractors {
            Some(x) => {
                let cx = Context {
                    text: &text,
                    paragraphs: &paragraphs,
                    sentences: &sentences,
                    meta: &meta,
                };
                let (records, mut bylines) = x.extract_all(&cx);
                if let Some(a) = &author {
                    x.add_author_field(&mut bylines, a);
                }
                meta.bylines = bylines;
                records
            }
            None => Default::default(),
        };
        Document {
            source,
            text,
            map,
            encoding,
            format,
            script,
            meta,
            quality,
            paragraphs,
            sentences,
            records,
            errors,
            source_bytes,
        }
    }
}

/// `[视频]标题` / `【图文】标题` → `标题`: a site's label is not the title.
fn strip_label(t: &str) -> &str {
    for (open, close) in [('[', ']'), ('【', '】')] {
        if let Some(rest) = t.strip_prefix(open)
            && let Some(end) = rest.find(close)
            && rest[..end].chars().count() <= 4
        {
            return rest[end + close.len_utf8()..].trim_start();
        }
    }
    t
}

/// A date hint the line cleaner cannot read as a date.
#[derive(Debug, PartialEq)]
enum HintDate {
    /// `YYYY-MM-DD`.
    Full(String),
    /// `YYYY` or `YYYY-MM`: all the hint says.
    Partial(String),
}

/// `20120702` → `2012-07-02`; a Unix time in seconds (10 digits) or
/// milliseconds (13) → its date in China Standard Time (UTC+8, where the
/// documents are published); `2025`, `2025年` → `2025`; `2025-03`,
/// `2025年3月`, `2025/3` → `2025-03`. Years outside 1900–2100 are no date.
fn read_hint_date(d: &str) -> Option<HintDate> {
    let d = d.trim();
    let b = d.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let year_ok = |y: i64| (1900..=2100).contains(&y);
    if digits == b.len() && (digits == 10 || digits == 13) {
        let t: i64 = d.parse().ok()?;
        let secs = if digits == 13 { t / 1000 } else { t };
        let (y, m, dd) = civil_from_days((secs + 8 * 3600).div_euclid(86_400));
        return year_ok(y).then(|| HintDate::Full(format!("{y:04}-{m:02}-{dd:02}")));
    }
    if digits == 8 && b.len() == 8 {
        let (y, m, dd): (i64, u32, u32) = (
            d[..4].parse().ok()?,
            d[4..6].parse().ok()?,
            d[6..].parse().ok()?,
        );
        return (year_ok(y) && (1..=12).contains(&m) && (1..=31).contains(&dd))
            .then(|| HintDate::Full(format!("{y:04}-{m:02}-{dd:02}")));
    }
    if digits != 4 {
        return None;
    }
    let y: i64 = d[..4].parse().ok()?;
    if !year_ok(y) {
        return None;
    }
    // (a fuller date, 2012-07-02 or 2012年7月2日, is the line cleaner's to read)
    let rest = d[4..].trim_start_matches(['年', '-', '/', '.', ' ']);
    let m_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    let month = (1..=2)
        .contains(&m_len)
        .then(|| rest[..m_len].parse::<u32>().ok())
        .flatten()
        .filter(|m| (1..=12).contains(m));
    let after = if month.is_some() {
        &rest[m_len..]
    } else {
        rest
    };
    if !after.trim_start_matches(['月', ' ']).is_empty() {
        return None;
    }
    Some(HintDate::Partial(match month {
        Some(m) => format!("{y:04}-{m:02}"),
        None => format!("{y:04}"),
    }))
}

/// The proleptic Gregorian date of a day count from 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::BylineRole;

    #[test]
    fn labels_and_dates() {
        assert_eq!(strip_label("[视频]赵乐际出席会议"), "赵乐际出席会议");
        assert_eq!(strip_label("【图文】标题"), "标题");
        assert_eq!(strip_label("[一二三四五六]标题"), "[一二三四五六]标题");
    }

    #[test]
    fn date_hints_the_line_cleaner_cannot_read() {
        use HintDate::{Full, Partial};
        let full = |s: &str| Some(Full(s.to_string()));
        let part = |s: &str| Some(Partial(s.to_string()));
        assert_eq!(read_hint_date("20120702"), full("2012-07-02"));
        assert_eq!(read_hint_date("20121302"), None);
        // 2012-03-08 16:02:47 UTC is 2012-03-09 00:02:47 in Beijing
        assert_eq!(read_hint_date("1331222567"), full("2012-03-09"));
        assert_eq!(read_hint_date("1331222567000"), full("2012-03-09"));
        assert_eq!(read_hint_date("0"), None);
        assert_eq!(read_hint_date(" 2025 "), part("2025"));
        assert_eq!(read_hint_date("2025年"), part("2025"));
        assert_eq!(read_hint_date("2025-03"), part("2025-03"));
        assert_eq!(read_hint_date("2025年3月"), part("2025-03"));
        assert_eq!(read_hint_date("2025/13"), None);
        // full dates are the line cleaner's (its date regex)
        assert_eq!(read_hint_date("2012-07-02"), None);
        assert_eq!(read_hint_date("2012年7月2日"), None);
        assert_eq!(read_hint_date("None"), None);
        assert_eq!(read_hint_date("12025"), None);
        assert_eq!(read_hint_date("3025"), None);
        // every day of four centuries comes back to its day count
        let days_from_civil = |y: i64, m: u32, d: u32| {
            let y = if m <= 2 { y - 1 } else { y };
            let era = y.div_euclid(400);
            let yoe = y.rem_euclid(400);
            let mp = i64::from((m + 9) % 12);
            let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
            let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
            era * 146_097 + doe - 719_468
        };
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-25_567), (1900, 1, 1));
        let mut prev = civil_from_days(-25_568);
        assert_eq!(prev, (1899, 12, 31));
        for z in -25_567..120_000 {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
            assert!((1..=12).contains(&m) && (1..=31).contains(&d));
            assert!((y, m, d) > prev);
            prev = (y, m, d);
        }
    }

    #[test]
    fn a_date_hint_wins_and_a_year_alone_gives_the_year() {
        let a = Analyzer::new();
        let date = |text: &str, hint: &str| {
            let h = Hints {
                date: Some(hint.to_string()),
                ..Hints::default()
            };
            a.analyze_with(text, &h).meta().date.clone()
        };
        let dated = "2024年3月5日 新华社\n\n今年城镇新增就业要达到1200万人以上。";
        let undated = "今年城镇新增就业要达到1200万人以上。";
        assert_eq!(date(undated, "20250305").as_deref(), Some("2025-03-05"));
        assert_eq!(date(dated, "20250305").as_deref(), Some("2025-03-05"));
        assert_eq!(date(undated, "2025").as_deref(), Some("2025"));
        // a year alone: the text's date in that year is more precise
        assert_eq!(date(dated, "2024").as_deref(), Some("2024-03-05"));
        assert_eq!(date(dated, "2025").as_deref(), Some("2025"));
        assert_eq!(date(undated, "None"), None);
        // the year reaches the targets (今年)
        let h = Hints {
            date: Some("2025".into()),
            ..Hints::default()
        };
        let d = a.analyze_with(undated, &h);
        assert_eq!(d.records().targets.len(), 1);
        assert_eq!(d.records().targets[0].year, Some(2025));
    }

    #[test]
    fn an_author_field_gives_author_bylines() {
        let a = Analyzer::new();
        let bylines = |text: &str, hint: Option<&str>| -> Vec<(String, BylineRole)> {
            let h = Hints {
                author: hint.map(str::to_string),
                ..Hints::default()
            };
            a.analyze_with(text, &h)
                .meta()
                .bylines
                .iter()
                .map(|b| (b.name.clone(), b.role))
                .collect()
        };
        let author = |n: &str| (n.to_string(), BylineRole::Author);
        let editor = |n: &str| (n.to_string(), BylineRole::Editor);
        let md = "---\ntitle: 市长调研\nauthor: 李華\n---\n\n市长张明深入重点项目现场调研。\n\n责任编辑：赵敏\n";
        // (traditional in the field is simplified like the text)
        assert_eq!(bylines(md, None), [author("李华"), editor("赵敏")]);
        let html = "<html><head><meta name=\"author\" content=\"王小明\"></head><body><p>市长张明深入重点项目现场调研。</p></body></html>";
        assert_eq!(bylines(html, None), [author("王小明")]);
        let text = "市长张明深入重点项目现场调研。\n\n责任编辑：赵敏";
        assert_eq!(
            bylines(text, Some("李华、王明")),
            [author("李华"), author("王明"), editor("赵敏")]
        );
        // a site or an office is no author; a name the text credits stays once
        assert_eq!(bylines(text, Some("新华网")), [editor("赵敏")]);
        assert_eq!(bylines(text, Some("赵敏")), [editor("赵敏")]);
    }

    #[test]
    fn analyzer_is_send_sync_and_never_fails_on_odd_input() {
        fn f<T: Send + Sync + Clone>() {}
        f::<Analyzer>();
        let a = Analyzer::builder().max_bytes(10).build();
        let d = a.analyze("项目为王项目为王");
        assert_eq!(d.errors()[0].kind, "limit");
        assert!(d.source().len() <= 10);
        assert!(a.analyze("").text().is_empty());
    }
}
