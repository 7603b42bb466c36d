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
    /// The date, in any common form (`2012-07-02`, `20120702`, `2012年7月2日`).
    pub date: Option<String>,
    /// The outlet.
    pub source: Option<String>,
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
        if let Some(d) = &hints.date {
            hint_meta.date = Some(d.clone());
        }
        if let Some(s) = &hints.source {
            hint_meta.source = Some(s.clone());
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
            date: cleaned
                .date
                .or_else(|| hint_meta.date.as_deref().and_then(compact_date)),
            source: cleaned.source.map(|s| inner.normalizer.normalize_str(&s)),
            ..Meta::default()
        };
        let mut map = acc.unwrap_or_else(|| OffsetMap::identity(text.len()));
        map.shrink_to_fit();
        (text, map, meta, q, format, script)
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
        let (text, map, mut meta, quality, format, script) = self.clean(&source, hints);
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
                let (records, bylines) = x.extract_all(&cx);
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

/// `20120702` → `2012-07-02`; other forms are read by the line cleaner.
fn compact_date(d: &str) -> Option<String> {
    let d = d.trim();
    let b = d.as_bytes();
    if b.len() == 8 && b.iter().all(u8::is_ascii_digit) {
        let (y, m, dd) = (&d[..4], &d[4..6], &d[6..]);
        let (mi, di): (u32, u32) = (m.parse().ok()?, dd.parse().ok()?);
        if (1..=12).contains(&mi) && (1..=31).contains(&di) {
            return Some(format!("{y}-{m}-{dd}"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_dates() {
        assert_eq!(strip_label("[视频]赵乐际出席会议"), "赵乐际出席会议");
        assert_eq!(strip_label("【图文】标题"), "标题");
        assert_eq!(strip_label("[一二三四五六]标题"), "[一二三四五六]标题");
        assert_eq!(compact_date("20120702").as_deref(), Some("2012-07-02"));
        assert_eq!(compact_date("20121302"), None);
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
