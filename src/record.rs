//! The records tifa extracts, as plain owned data.
//!
//! Field names and meanings follow `SCHEMA.md`. Every `span` is a byte range
//! of the document's normalized text; the serialized record adds
//! `source_spans` through the document's [`OffsetMap`](crate::OffsetMap).

use crate::span::Span;

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// A person named with an office, or an office named without a person.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Official {
    /// The name, `None` when the text gives only the office or masks it.
    pub name: Option<String>,
    /// The office as written next to the name (市委书记, 市领导 …).
    pub title: Option<String>,
    /// True for a redacted name such as `**局长`.
    pub masked: bool,
    /// Every mention in the text.
    pub mentions: Vec<Span>,
}

/// Where a nested list sits: item `ordinal` of list `list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct ParentRef {
    /// `id` of the enclosing list.
    pub list: usize,
    /// 1-based ordinal of the enclosing item.
    pub ordinal: u32,
}

/// One item of a directive list.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct DirectiveItem {
    /// 1-based position in the list.
    pub ordinal: u32,
    /// The marker as written (一要, 其次, （三）, 坚持 …).
    pub marker: String,
    /// The first clause after the marker, up to the first ，。；：.
    pub headline: String,
    /// The whole item, up to the next marker or the end of the run.
    pub text: String,
    /// Span of `text`.
    pub span: Span,
}

/// An enumeration a speaker issues: 一要…二要…, 首先…其次…, 必须…必须….
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Directive {
    /// Index of this list in the document's `directives`.
    pub id: usize,
    /// Who issued it: a name, a title alone, or `None` (a meeting, a document).
    pub speaker: Option<String>,
    /// False for unnumbered parallel runs (必须…。必须…。).
    pub numbered: bool,
    /// The marker family (一要, 一是, 第一, （一）, 首先, 1. …) or the lead word.
    pub style: String,
    /// The enclosing list item, for nested lists.
    pub parent: Option<ParentRef>,
    /// The items, in order, with consecutive ordinals from 1.
    pub items: Vec<DirectiveItem>,
}

/// What kind of formulation a slogan is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum SloganKind {
    /// A formulation inside “…”.
    Quoted,
    /// A set phrase of short clauses with a repeated frame.
    Parallel,
    /// A number-led formulation: 三个一批, 1+8+N, 十四五.
    Numeric,
}

/// A formulation, once per document and kind, with all its occurrences.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Slogan {
    /// The formulation as written (without the quotes).
    pub text: String,
    /// Quoted, parallel or numeric.
    pub kind: SloganKind,
    /// Number of occurrences.
    pub count: usize,
    /// Every occurrence.
    pub spans: Vec<Span>,
}

/// Goal or reported fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum TargetKind {
    /// A goal: 到…年, 力争, 达到, 突破, 迈上, 打造…级.
    Target,
    /// A quantity reported as done.
    Fact,
}

/// How the value relates to the indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[non_exhaustive]
pub enum Comparator {
    /// 以上, 达到, 迈上, 力争, 不低于.
    #[cfg_attr(feature = "serde", serde(rename = ">="))]
    Ge,
    /// 超过, 突破, 高于.
    #[cfg_attr(feature = "serde", serde(rename = ">"))]
    Gt,
    /// 以内, 以下, 不超过, 控制在.
    #[cfg_attr(feature = "serde", serde(rename = "<="))]
    Le,
    /// 低于.
    #[cfg_attr(feature = "serde", serde(rename = "<"))]
    Lt,
    /// Exactly (为, 是, or no qualifier on a reported fact).
    #[cfg_attr(feature = "serde", serde(rename = "="))]
    Eq,
    /// A size class: 百亿级, 3000亿级.
    #[cfg_attr(feature = "serde", serde(rename = "level"))]
    Level,
    /// About: 左右, 约.
    #[cfg_attr(feature = "serde", serde(rename = "~"))]
    About,
}

/// A quantity with what it measures.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Target {
    /// Goal or fact.
    pub kind: TargetKind,
    /// The phrase the quantity was read from.
    pub text: String,
    /// The year it is set for (到2026年, 今年, 十四五 → 2025).
    pub year: Option<i32>,
    /// Whose quantity (全市, 全省, 漯河 …) when the text says.
    pub scope: Option<String>,
    /// What is measured (经济总量, 人均GDP …).
    pub indicator: Option<String>,
    /// How the value relates to the indicator.
    pub comparator: Comparator,
    /// The value in base units (3000亿元 → 3e11).
    pub value: f64,
    /// The unit (元, 美元, %, 人, 个 …).
    pub unit: String,
    /// Span of `text`.
    pub span: Span,
}

/// A named meeting held or cited.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Meeting {
    /// The meeting's name as written.
    pub name: String,
    /// The date when the text gives one (as written: 2月7日, 2022年2月7日).
    pub date: Option<String>,
    /// Span of the name.
    pub span: Span,
}

/// An official document cited in 《…》.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct CitedDocument {
    /// The title inside the brackets.
    pub title: String,
    /// Span of the title.
    pub span: Span,
}

/// What a byline credits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum BylineRole {
    /// The author (□赵国松, 文/…, 作者：…).
    Author,
    /// A reporter (记者X, 全媒体记者X).
    Reporter,
    /// An editor (编辑, 责任编辑, 文章编辑).
    Editor,
    /// A photographer (X 摄).
    Photographer,
}

/// A person credited for the article; not an official.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Byline {
    /// The name, stray spaces removed.
    pub name: String,
    /// What they did.
    pub role: BylineRole,
}

/// The article's own title, date and outlet.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Meta {
    /// The article's title (not the site's name, not a sub-headline).
    pub title: Option<String>,
    /// Publication date, `YYYY-MM-DD`; `YYYY` or `YYYY-MM` when a date
    /// hint (`--date-field`) gives no more and the text no date within it.
    pub date: Option<String>,
    /// The outlet named as source (焦作日报).
    pub source: Option<String>,
    /// The place the article is about, when the outlet or text names one.
    pub place: Option<String>,
    /// Reporters, editors, photographers, authors.
    pub bylines: Vec<Byline>,
}

/// Counts of what cleaning removed or found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Quality {
    /// Set when the page says part of the text is withheld.
    pub truncated: Option<Truncation>,
    /// Lines of injected spam removed.
    pub spam_removed: usize,
    /// Paragraphs removed as a second copy of the body.
    pub duplicate_blocks_removed: usize,
    /// Navigation, footer, share and related-link lines removed.
    pub boilerplate_lines_removed: usize,
    /// Pinyin glosses removed (領(lǐng) → 领).
    pub pinyin_glosses_removed: usize,
    /// U+FFFD characters in the decoded text.
    pub replacement_chars: usize,
}

/// A paywall notice's numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Truncation {
    /// Characters shown, when the notice says.
    pub shown_chars: Option<usize>,
    /// Characters in the whole text, when the notice says.
    pub total_chars: Option<usize>,
}

/// The script the source was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Script {
    /// Simplified (or no Han text at all).
    #[default]
    Simplified,
    /// Traditional.
    Traditional,
    /// Both in substantial amounts.
    Mixed,
}

/// Something that went wrong with one document without stopping the batch.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct DocError {
    /// A stable machine-readable kind: `decode`, `binary`, `too_large`,
    /// `io`, `json`, `truncated_input`, `limit`.
    pub kind: String,
    /// What happened, for people.
    pub message: String,
}

impl DocError {
    /// A new error record.
    pub fn new(kind: impl Into<String>, message: impl Into<String>) -> DocError {
        DocError {
            kind: kind.into(),
            message: message.into(),
        }
    }
}

/// Everything the extractors found, each list sorted by position.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Records {
    /// Officials, once per person (or per unnamed office).
    pub officials: Vec<Official>,
    /// Directive lists.
    pub directives: Vec<Directive>,
    /// Slogans, once per formulation and kind.
    pub slogans: Vec<Slogan>,
    /// Quantitative targets and facts.
    pub targets: Vec<Target>,
    /// Meetings.
    pub meetings: Vec<Meeting>,
    /// Cited official documents.
    pub documents: Vec<CitedDocument>,
}
