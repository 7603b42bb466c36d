//! Markup → plain lines: YAML front matter, HTML (WHATWG tokenizer with
//! byte spans, so every kept character maps back), Markdown links.

use html5gum::{Emitter, ForwardingEmitter, Tokenizer};

use crate::offsets::MappedText;
use crate::span::Span;

/// What the source looked like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Plain text.
    #[default]
    Text,
    /// An HTML page or fragment.
    Html,
    /// Markdown, possibly with YAML front matter and HTML inside.
    Markdown,
}

impl Format {
    /// Lower-case name used in records.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Markdown => "markdown",
        }
    }
}

/// Metadata found in the markup itself (front matter, `<title>`, `<meta>`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MarkupMeta {
    /// Title from front matter, `<h1>` or `<title>`.
    pub title: Option<String>,
    /// Raw date string.
    pub date: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Author field.
    pub author: Option<String>,
}

/// Result of the markup stage: `None` text means the source is already
/// plain text.
#[derive(Debug, Default)]
pub struct Markup {
    /// Plain text with line breaks for blocks, or `None` when unchanged.
    pub text: Option<MappedText>,
    /// Detected format.
    pub format: Format,
    /// Metadata found in the markup.
    pub meta: MarkupMeta,
    /// Elements skipped as boilerplate (nav, footer, scripts …).
    pub skipped_blocks: usize,
}

/// Maximum depth of open elements tracked; deeper nesting is flattened.
pub const MAX_HTML_DEPTH: usize = 256;

/// Strips markup from `src`.
pub fn extract(src: &str) -> Markup {
    let mut m = Markup::default();
    let mut body_start = 0;
    if let Some((fm_end, meta)) = front_matter(src) {
        m.meta = meta;
        m.format = Format::Markdown;
        body_start = fm_end;
    }
    let body = &src[body_start..];
    if looks_html(body) {
        if m.format != Format::Markdown {
            m.format = Format::Html;
        }
        let mut out = MappedText::with_capacity(src.len(), body.len());
        let markdown = m.format == Format::Markdown;
        html_to_lines(body, body_start, markdown, &mut out, &mut m);
        m.text = Some(out);
    } else if m.format == Format::Markdown || has_markdown_links(body) {
        let mut out = MappedText::with_capacity(src.len(), body.len());
        markdown_lines(body, body_start, &mut out);
        m.text = Some(out);
    } else if body_start > 0 {
        let mut out = MappedText::with_capacity(src.len(), body.len());
        out.copy(body, body_start);
        m.text = Some(out);
    }
    m
}

/// `---` YAML front matter at the very top: returns where the body starts.
fn front_matter(src: &str) -> Option<(usize, MarkupMeta)> {
    let rest = src
        .strip_prefix("---\n")
        .or_else(|| src.strip_prefix("---\r\n"))?;
    let head = src.len() - rest.len();
    let mut pos = head;
    let mut meta = MarkupMeta::default();
    for (n, line) in rest.split_inclusive('\n').enumerate() {
        if n > 200 {
            return None;
        }
        pos += line.len();
        let l = line.trim_end();
        if l == "---" || l == "..." {
            return Some((pos, meta));
        }
        let Some((k, v)) = l.split_once(':') else {
            continue;
        };
        let v = v.trim().trim_matches(|c| c == '"' || c == '\'').trim();
        if v.is_empty() {
            continue;
        }
        let v = Some(v.to_string());
        match k.trim().to_ascii_lowercase().as_str() {
            "title" => meta.title = v,
            "date" | "published" | "pubdate" => meta.date = v,
            "source" | "outlet" | "publisher" => meta.source = v,
            "author" | "authors" => meta.author = v,
            _ => {}
        }
    }
    None
}

const HTML_TAGS: &[&[u8]] = &[
    b"<p",
    b"<div",
    b"<br",
    b"<html",
    b"<body",
    b"<span",
    b"<table",
    b"<td",
    b"<li",
    b"<h1",
    b"<h2",
    b"<h3",
    b"<a ",
    b"<!doctype",
    b"<meta",
    b"<section",
    b"<article",
    b"<font",
];

fn looks_html(s: &str) -> bool {
    let head = &s.as_bytes()[..s.len().min(64 * 1024)];
    let mut hits = 0;
    for pos in memchr::memchr_iter(b'<', head) {
        let tail = &head[pos..head.len().min(pos + 10)];
        // (lowered on the stack: a `Vec` here was two allocations per page)
        let mut buf = [0u8; 10];
        let lower = &mut buf[..tail.len()];
        lower.copy_from_slice(tail);
        lower.make_ascii_lowercase();
        let lower = &*lower;
        if HTML_TAGS.iter().any(|t| lower.starts_with(t)) || lower.starts_with(b"</") {
            hits += 1;
            if hits >= 2 {
                return true;
            }
        }
    }
    false
}

fn has_markdown_links(s: &str) -> bool {
    // (a searcher built once: building one costs more than most searches)
    static LINK: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"]("));
    LINK.find(s.as_bytes()).is_some()
}

fn is_block(name: &[u8]) -> bool {
    matches!(
        name,
        b"p" | b"div"
            | b"br"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"li"
            | b"ul"
            | b"ol"
            | b"tr"
            | b"table"
            | b"section"
            | b"article"
            | b"blockquote"
            | b"pre"
            | b"hr"
            | b"dd"
            | b"dt"
            | b"dl"
            | b"center"
            | b"main"
            | b"figure"
            | b"figcaption"
            | b"title"
            | b"header"
            | b"td"
            | b"th"
            | b"caption"
            | b"address"
    )
}

fn is_skipped(name: &[u8]) -> bool {
    matches!(
        name,
        b"script"
            | b"style"
            | b"noscript"
            | b"template"
            | b"svg"
            | b"iframe"
            | b"select"
            | b"button"
            | b"nav"
            | b"footer"
            | b"aside"
            | b"form"
            | b"textarea"
            | b"head"
            | b"object"
            | b"canvas"
            | b"video"
            | b"audio"
            | b"map"
    )
}

fn is_void(name: &[u8]) -> bool {
    matches!(
        name,
        b"br"
            | b"img"
            | b"hr"
            | b"meta"
            | b"link"
            | b"input"
            | b"area"
            | b"base"
            | b"col"
            | b"embed"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
    )
}

const BOILERPLATE_CLASSES: &[&str] = &[
    "nav",
    "menu",
    "footer",
    "breadcrumb",
    "crumb",
    "share",
    "related",
    "recommend",
    "copyright",
    "sidebar",
    "comment",
    "toolbar",
    "login",
    "advert",
    "banner",
    "topbar",
];

fn boilerplate_attr(v: &[u8]) -> bool {
    let v = String::from_utf8_lossy(v).to_ascii_lowercase();
    v.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| BOILERPLATE_CLASSES.iter().any(|b| w.starts_with(b)))
}

struct Open {
    /// The element's name: `names[name_at..]` up to the next element's.
    name_at: usize,
    skip: bool,
    title: bool,
    h1: bool,
}

/// html5gum's callback emitter without parse errors: they are never read,
/// and checking every character for them was a sixth of the HTML time.
struct Quiet<E>(E);

impl<E: Emitter> ForwardingEmitter for Quiet<E> {
    type Token = E::Token;

    fn inner(&mut self) -> &mut impl Emitter<Token = Self::Token> {
        &mut self.0
    }

    #[inline]
    fn should_emit_errors(&mut self) -> bool {
        false
    }
}

/// The attributes that are read: `class` and `id` (boilerplate), `name`,
/// `property` and `content` (`<meta>`).
const ATTRS: [&[u8]; 5] = [b"class", b"id", b"name", b"property", b"content"];

/// What the walk over the tokenizer's events keeps. Events are handled as
/// they come (html5gum's default emitter would copy every text and build a
/// map of attributes for every tag); tags and attributes are read as the
/// default emitter gives them: a start tag when it closes, an attribute's
/// first value when it is repeated.
struct Walk<'a> {
    body: &'a str,
    base: usize,
    markdown: bool,
    out: &'a mut MappedText,
    m: &'a mut Markup,
    stack: Vec<Open>,
    /// Names of the elements in `stack`, one after another.
    names: Vec<u8>,
    skip_depth: usize,
    in_title: usize,
    in_h1: usize,
    title_text: String,
    h1_text: String,
    /// The start tag being read: its name and where it starts.
    tag_name: Vec<u8>,
    tag_start: usize,
    /// Values of [`ATTRS`] seen in the current tag (`None`: not seen).
    attrs: [Option<Vec<u8>>; 5],
    /// The attribute whose value is being read, when one of [`ATTRS`].
    attr: Option<usize>,
    /// Scratch space for [`push_text`].
    folded: String,
}

impl Walk<'_> {
    fn newline(&mut self, at: usize) {
        if self.out.last_char().is_some_and(|c| c != '\n') {
            self.out.insert("\n", at);
        }
    }

    fn clear_attrs(&mut self) {
        self.attr = None;
        if self.attrs.iter().any(Option::is_some) {
            self.attrs = Default::default();
        }
    }

    fn start_tag(&mut self, self_closing: bool) {
        let mut name = std::mem::take(&mut self.tag_name);
        name.make_ascii_lowercase();
        let at = self.base + self.tag_start;
        self.start_tag_named(&name, at, self_closing);
        name.clear();
        self.tag_name = name;
        self.clear_attrs();
    }

    fn start_tag_named(&mut self, name: &[u8], at: usize, self_closing: bool) {
        if name == b"meta" {
            let attrs = &self.attrs;
            let get = |k: &str| {
                attr_in(attrs, k.as_bytes()).map(|v| String::from_utf8_lossy(v).trim().to_string())
            };
            meta_tag(get, &mut self.m.meta);
            return;
        }
        if is_block(name) && self.skip_depth == 0 {
            self.newline(at);
        }
        if is_void(name) || self_closing {
            return;
        }
        let skip = is_skipped(name)
            || [&b"class"[..], b"id"]
                .iter()
                .any(|k| attr_in(&self.attrs, k).is_some_and(boilerplate_attr));
        let title = name == b"title";
        let h1 = name == b"h1";
        if self.stack.len() < MAX_HTML_DEPTH {
            if skip {
                self.skip_depth += 1;
                if self.skip_depth == 1 {
                    self.m.skipped_blocks += 1;
                }
            }
            self.in_title += usize::from(title);
            self.in_h1 += usize::from(h1);
            self.stack.push(Open {
                name_at: self.names.len(),
                skip,
                title,
                h1,
            });
            self.names.extend_from_slice(name);
        }
    }

    fn end_tag(&mut self, raw: &[u8], end: usize) {
        self.clear_attrs();
        let mut buf = [0u8; 16];
        let long;
        let name: &[u8] = match buf.get_mut(..raw.len()) {
            Some(b) => {
                b.copy_from_slice(raw);
                b.make_ascii_lowercase();
                b
            }
            None => {
                long = raw.to_ascii_lowercase();
                &long
            }
        };
        let names = &self.names;
        let stack = &self.stack;
        let name_of = |i: usize| {
            let from = stack[i].name_at;
            let to = stack.get(i + 1).map_or(names.len(), |o| o.name_at);
            names.get(from..to).unwrap_or_default()
        };
        if let Some(pos) = (0..stack.len()).rposition(|i| name_of(i) == name) {
            let cut = stack[pos].name_at;
            for o in self.stack.drain(pos..) {
                self.skip_depth -= usize::from(o.skip);
                self.in_title -= usize::from(o.title);
                self.in_h1 -= usize::from(o.h1);
            }
            self.names.truncate(cut);
        }
        if is_block(name) && self.skip_depth == 0 {
            self.newline(self.base + end);
        }
    }

    fn text(&mut self, value: &[u8], span: html5gum::Span<usize>) {
        let body = self.body;
        let raw = body.get(span.start..span.end);
        // Text without entities equals its source: borrow it instead of
        // validating the bytes again.
        let text = match raw {
            Some(r) if r.as_bytes() == value => std::borrow::Cow::Borrowed(r),
            // (`from_utf8_lossy` made short texts such as a line break, CR
            // LF in the source, cost a few hundred instructions)
            _ => match std::str::from_utf8(value) {
                Ok(t) => std::borrow::Cow::Borrowed(t),
                Err(_) => String::from_utf8_lossy(value),
            },
        };
        if self.in_title > 0 {
            self.title_text.push_str(&text);
            return;
        }
        if self.skip_depth > 0 {
            return;
        }
        if self.in_h1 > 0 {
            self.h1_text.push_str(&text);
        }
        let sp = Span::new(self.base + span.start, self.base + span.end);
        if self.markdown && raw == Some(&*text) {
            // Markdown around HTML blocks: links and line breaks are Markdown's
            markdown_lines(&text, sp.start, self.out);
        } else {
            push_text(self.out, &text, sp, raw, &mut self.folded);
        }
    }
}

/// The value of attribute `k` (one of [`ATTRS`]) when the tag has it.
fn attr_in<'v>(attrs: &'v [Option<Vec<u8>>; 5], k: &[u8]) -> Option<&'v [u8]> {
    let i = ATTRS.iter().position(|a| *a == k)?;
    attrs.get(i)?.as_deref()
}

impl html5gum::emitters::callback::Callback<(), usize> for &mut Walk<'_> {
    fn handle_event(
        &mut self,
        event: html5gum::emitters::callback::CallbackEvent<'_>,
        span: html5gum::Span<usize>,
    ) -> Option<()> {
        use html5gum::emitters::callback::CallbackEvent as E;
        match event {
            E::OpenStartTag { name } => {
                self.tag_name.clear();
                self.tag_name.extend_from_slice(name);
                self.tag_start = span.start;
            }
            E::AttributeName { name } => {
                self.attr = None;
                if let Some(i) = ATTRS.iter().position(|a| *a == name)
                    && self.attrs[i].is_none()
                {
                    self.attrs[i] = Some(Vec::new());
                    self.attr = Some(i);
                }
            }
            E::AttributeValue { value } => {
                if let Some(v) = self.attr.and_then(|i| self.attrs[i].as_mut()) {
                    v.extend_from_slice(value);
                }
            }
            E::CloseStartTag { self_closing } => self.start_tag(self_closing),
            E::EndTag { name } => self.end_tag(name, span.end),
            E::String { value } => self.text(value, span),
            _ => {}
        }
        None
    }
}

/// The buffers of a [`Walk`] (open elements, their names, the tag being read,
/// the text fold) kept per thread from one page to the next.
type WalkBuffers = (Vec<Open>, Vec<u8>, Vec<u8>, String);

/// Largest buffer (in bytes) kept from one page to the next.
const KEEP_BUFFER: usize = 1 << 16;

thread_local! {
    static WALK_BUFFERS: std::cell::RefCell<WalkBuffers> = std::cell::RefCell::default();
}

fn html_to_lines(body: &str, base: usize, markdown: bool, out: &mut MappedText, m: &mut Markup) {
    // The walk's buffers of the last page on this thread (three or four
    // allocations per page otherwise), emptied.
    let (mut stack, mut names, mut tag_name, mut folded) = crate::scratch::take(&WALK_BUFFERS);
    stack.clear();
    names.clear();
    tag_name.clear();
    let mut w = Walk {
        body,
        base,
        markdown,
        out,
        m,
        stack,
        names,
        skip_depth: 0,
        in_title: 0,
        in_h1: 0,
        title_text: String::new(),
        h1_text: String::new(),
        tag_name,
        tag_start: 0,
        attrs: Default::default(),
        attr: None,
        folded,
    };
    {
        let mut emitter =
            html5gum::emitters::callback::CallbackEmitter::<_, (), usize>::new(&mut w);
        emitter.naively_switch_states(true);
        for _ in Tokenizer::new_with_emitter(body, Quiet(emitter)) {}
    }
    (stack, names, tag_name, folded) = (
        std::mem::take(&mut w.stack),
        std::mem::take(&mut w.names),
        std::mem::take(&mut w.tag_name),
        std::mem::take(&mut w.folded),
    );
    // (kept unless one page grew them large)
    if names
        .capacity()
        .max(tag_name.capacity())
        .max(folded.capacity())
        <= KEEP_BUFFER
    {
        crate::scratch::put_back(&WALK_BUFFERS, (stack, names, tag_name, folded));
    }
    let clean = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let h1 = clean(&w.h1_text);
    let title = clean(&w.title_text);
    if !h1.is_empty() {
        w.m.meta.title.get_or_insert(h1);
    } else if !title.is_empty() {
        w.m.meta
            .title
            .get_or_insert(site_suffix_removed(&title).to_string());
    }
}

/// `文章标题 - 某某网` / `标题_频道_网站` → `文章标题`.
fn site_suffix_removed(t: &str) -> &str {
    for sep in [" - ", "_", " | ", "｜", " — ", "--"] {
        if let Some((head, _)) = t.split_once(sep)
            && head.chars().count() >= 4
        {
            return head.trim();
        }
    }
    t
}

fn meta_tag(get: impl Fn(&str) -> Option<String>, meta: &mut MarkupMeta) {
    let key = get("name")
        .or_else(|| get("property"))
        .unwrap_or_default()
        .to_ascii_lowercase();
    let Some(content) = get("content").filter(|c| !c.is_empty()) else {
        return;
    };
    match key.as_str() {
        "publishdate"
        | "pubdate"
        | "publish_date"
        | "date"
        | "article:published_time"
        | "dc.date"
        | "created"
        | "firstpublishedtime" => {
            meta.date.get_or_insert(content);
        }
        "source" | "contentsource" | "og:site_name" => {
            meta.source.get_or_insert(content);
        }
        "og:title" | "articletitle" | "title" => {
            meta.title.get_or_insert(content);
        }
        "author" => {
            meta.author.get_or_insert(content);
        }
        _ => {}
    }
}

/// Appends decoded HTML text: exact where it equals its source, a whole
/// replacement where entities were decoded. Line breaks in HTML text are
/// spaces.
///
/// `folded` is scratch space for a text that differs from its source, kept
/// by the caller from one text to the next (a page whose texts hold
/// entities would otherwise allocate once per text).
fn push_text(out: &mut MappedText, text: &str, sp: Span, raw: Option<&str>, folded: &mut String) {
    if raw == Some(text) {
        let mut run = 0;
        // `\n\r\t` are ASCII: their byte offsets are char boundaries.
        for i in memchr::memchr3_iter(b'\n', b'\r', b'\t', text.as_bytes()) {
            out.copy(&text[run..i], sp.start + run);
            out.push_char_for(' ', sp.start + i, 1);
            run = i + 1;
        }
        out.copy(&text[run..], sp.start + run);
    } else {
        // the same fold, copied in runs (the three are ASCII: their byte
        // offsets are char boundaries)
        folded.clear();
        let mut run = 0;
        for i in memchr::memchr3_iter(b'\n', b'\r', b'\t', text.as_bytes()) {
            folded.push_str(text.get(run..i).unwrap_or(""));
            folded.push(' ');
            run = i + 1;
        }
        folded.push_str(text.get(run..).unwrap_or(""));
        out.push_replacement(folded, sp, false);
    }
}

/// Markdown body without HTML: `[text](url)` → text, `![alt](url)` and
/// `<http://…>` autolinks dropped, heading marks removed.
fn markdown_lines(body: &str, base: usize, out: &mut MappedText) {
    let mut i = 0;
    let b = body.as_bytes();
    let mut run = 0;
    while i < b.len() {
        match b[i] {
            b'[' | b'!' => {
                let img = b[i] == b'!';
                let open = if img { i + 1 } else { i };
                if b.get(open) == Some(&b'[')
                    && let Some((text_end, link_end)) = md_link(body, open)
                {
                    out.copy(&body[run..i], base + run);
                    if !img {
                        out.copy(&body[open + 1..text_end], base + open + 1);
                    }
                    i = link_end;
                    run = i;
                    continue;
                }
            }
            b'<' => {
                if let Some(end) = autolink(body, i) {
                    out.copy(&body[run..i], base + run);
                    i = end;
                    run = i;
                    continue;
                }
            }
            b'#' if i == 0 || b[i - 1] == b'\n' => {
                let mut j = i;
                while j < b.len() && b[j] == b'#' && j - i < 6 {
                    j += 1;
                }
                if b.get(j) == Some(&b' ') {
                    out.copy(&body[run..i], base + run);
                    i = j + 1;
                    run = i;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out.copy(&body[run..], base + run);
}

/// `[text](url)` starting at `open`: (end of text, end of link).
fn md_link(s: &str, open: usize) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let close = open + 1 + memchr::memchr(b']', &b[open + 1..b.len().min(open + 400)])?;
    if b.get(close + 1) != Some(&b'(') {
        return None;
    }
    let paren = close + 2 + memchr::memchr(b')', &b[close + 2..b.len().min(close + 2000)])?;
    if b[open + 1..close].contains(&b'\n') || b[close..paren].contains(&b'\n') {
        return None;
    }
    Some((close, paren + 1))
}

fn autolink(s: &str, at: usize) -> Option<usize> {
    let rest = s.get(at + 1..)?;
    if !(rest.starts_with("http://") || rest.starts_with("https://") || rest.starts_with("www.")) {
        return None;
    }
    let end = memchr::memchr2(b'>', b'\n', rest.as_bytes())?;
    (rest.as_bytes()[end] == b'>').then_some(at + 1 + end + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(src: &str) -> (String, Markup) {
        let mut m = extract(src);
        let t = m
            .text
            .take()
            .map(|t| t.finish().0)
            .unwrap_or_else(|| src.to_string());
        (t, m)
    }

    #[test]
    fn html_tags_are_lower_case() {
        // `looks_html` compares them with text it lowers
        for t in HTML_TAGS {
            assert_eq!(t.to_ascii_lowercase(), *t);
        }
        assert!(looks_html("<P>一</P>"));
        assert!(looks_html("<DIV class=a><SPAN>x"));
        assert!(!looks_html("a < b, c <d"));
    }

    #[test]
    fn front_matter_and_paragraphs() {
        let src = "---\ntitle: \"标题\"\ndate: 2022-02-08 10:34:53 +0800\n---\n<p>第一段。</p>\n <p>第二&amp;段。</p>";
        let (t, m) = run(src);
        assert_eq!(m.format, Format::Markdown);
        assert_eq!(m.meta.title.as_deref(), Some("标题"));
        assert_eq!(m.meta.date.as_deref(), Some("2022-02-08 10:34:53 +0800"));
        let lines: Vec<&str> = t.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        assert_eq!(lines, ["第一段。", "第二&段。"]);
    }

    #[test]
    fn html_skips_boilerplate_and_maps_back() {
        let src = "<html><head><title>新闻标题_某某网</title><script>var x='<p>';</script></head>\
                   <body><div class=\"nav-bar\">首页 新闻</div><p>正文一。</p><footer>版权</footer></body></html>";
        let mut m = extract(src);
        let (t, map) = m.text.take().unwrap().finish();
        assert_eq!(t.trim(), "正文一。");
        assert_eq!(m.meta.title.as_deref(), Some("新闻标题"));
        let at = t.find("正文").unwrap();
        let sp = map.to_source(Span::new(at, at + "正文一。".len()));
        assert_eq!(&src[sp.range()], "正文一。");
    }

    #[test]
    fn markdown_links() {
        let src =
            "---\ntitle: t\n---\n正文。\n\n<http://a.b/c>\n\n[返回首页](//x.com/)｜[返回](//y)";
        let (t, _) = run(src);
        assert_eq!(t, "正文。\n\n\n\n返回首页｜返回");
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let src = "<div>".repeat(10_000) + "深处的文字" + &"</div>".repeat(10_000);
        let (t, _) = run(&src);
        assert_eq!(t.trim(), "深处的文字");
    }
}
