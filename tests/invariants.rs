//! Invariants every [`Document`] keeps, whatever the input: checked by the
//! property tests, the adversarial suite, the regression tests and the fuzz
//! targets (`fuzz/fuzz_targets/*.rs` include this file with `#[path]`, so it
//! depends on nothing but `tifa` and `std`).
//!
//! Each check panics with a message naming the broken rule and the offending
//! span, so a fuzz crash or a proptest failure says what to fix.

#![allow(dead_code)]

use tifa::{Document, Span};

/// Every invariant below, in one call.
pub fn check_document(doc: &Document) {
    check_spans(doc);
    check_paragraphs_and_sentences(doc);
    check_directives(doc);
    check_record_texts(doc);
}

/// Every span a record or the segmentation holds, with a label saying where
/// it came from.
pub fn all_spans(doc: &Document) -> Vec<(String, Span)> {
    let mut v: Vec<(String, Span)> = Vec::new();
    for (i, p) in doc.paragraphs().iter().enumerate() {
        v.push((format!("paragraphs[{i}]"), *p));
    }
    for (i, s) in doc.sentences().iter().enumerate() {
        v.push((format!("sentences[{i}]"), *s));
    }
    let r = doc.records();
    for (i, o) in r.officials.iter().enumerate() {
        for (j, m) in o.mentions.iter().enumerate() {
            v.push((format!("officials[{i}].mentions[{j}]"), *m));
        }
    }
    for (i, d) in r.directives.iter().enumerate() {
        for (j, it) in d.items.iter().enumerate() {
            v.push((format!("directives[{i}].items[{j}].span"), it.span));
        }
    }
    for (i, s) in r.slogans.iter().enumerate() {
        for (j, sp) in s.spans.iter().enumerate() {
            v.push((format!("slogans[{i}].spans[{j}]"), *sp));
        }
    }
    for (i, t) in r.targets.iter().enumerate() {
        v.push((format!("targets[{i}].span"), t.span));
    }
    for (i, m) in r.meetings.iter().enumerate() {
        v.push((format!("meetings[{i}].span"), m.span));
    }
    for (i, d) in r.documents.iter().enumerate() {
        v.push((format!("documents[{i}].span"), d.span));
    }
    v
}

/// Every span lies inside `text` on char boundaries, and maps through
/// `to_source` to a span inside `source` on char boundaries.
pub fn check_spans(doc: &Document) {
    let text = doc.text();
    let source = doc.source();
    for (what, sp) in all_spans(doc) {
        assert!(
            sp.start <= sp.end && sp.end <= text.len(),
            "{what} = {sp:?} is not inside text (len {})",
            text.len()
        );
        assert!(
            text.is_char_boundary(sp.start) && text.is_char_boundary(sp.end),
            "{what} = {sp:?} is not on char boundaries of text"
        );
        let src = doc.to_source(sp);
        assert!(
            src.start <= src.end && src.end <= source.len(),
            "to_source({what} = {sp:?}) = {src:?} is not inside source (len {})",
            source.len()
        );
        assert!(
            source.is_char_boundary(src.start) && source.is_char_boundary(src.end),
            "to_source({what} = {sp:?}) = {src:?} is not on char boundaries of source"
        );
    }
}

/// Paragraphs are non-empty, in order and disjoint; sentences are in order
/// and tile each paragraph exactly (their concatenation is the paragraph);
/// every sentence belongs to a paragraph.
pub fn check_paragraphs_and_sentences(doc: &Document) {
    let text = doc.text();
    let sents = doc.sentences();
    let mut prev_end = 0;
    let mut k = 0; // next sentence
    for (i, p) in doc.paragraphs().iter().enumerate() {
        assert!(!p.is_empty(), "paragraphs[{i}] = {p:?} is empty");
        assert!(
            p.start >= prev_end,
            "paragraphs[{i}] = {p:?} overlaps or precedes the previous one (ending at {prev_end})"
        );
        prev_end = p.end;
        let Some(ptext) = p.get(text) else {
            panic!("paragraphs[{i}] = {p:?} is not a valid slice of text");
        };
        let first = k;
        let mut at = p.start;
        let mut joined = String::with_capacity(ptext.len());
        while at < p.end {
            let Some(s) = sents.get(k) else {
                panic!(
                    "paragraphs[{i}] = {p:?}: no sentence covers {at}..{}",
                    p.end
                );
            };
            assert!(!s.is_empty(), "sentences[{k}] is empty");
            assert_eq!(
                s.start, at,
                "sentences[{k}] = {s:?} does not start where the previous one ended \
                 (paragraphs[{i}] = {p:?})"
            );
            assert!(
                s.end <= p.end,
                "sentences[{k}] = {s:?} runs past the end of paragraphs[{i}] = {p:?}"
            );
            joined.push_str(s.get(text).unwrap_or("\u{0}<bad span>"));
            at = s.end;
            k += 1;
        }
        assert_eq!(
            joined, ptext,
            "sentences of paragraphs[{i}] do not concatenate to the paragraph"
        );
        assert_eq!(
            doc.sentences_in(*p),
            &sents[first..k],
            "sentences_in(paragraphs[{i}]) is not the paragraph's sentences"
        );
    }
    assert_eq!(
        k,
        sents.len(),
        "sentences[{k}..] lie outside every paragraph"
    );
}

/// Every directive list has items numbered 1, 2, 3 … in order.
pub fn check_directives(doc: &Document) {
    for (i, d) in doc.records().directives.iter().enumerate() {
        assert!(!d.items.is_empty(), "directives[{i}] has no items");
        for (j, it) in d.items.iter().enumerate() {
            assert_eq!(
                it.ordinal as usize,
                j + 1,
                "directives[{i}].items[{j}] has ordinal {}, expected {}",
                it.ordinal,
                j + 1
            );
        }
        // Items are in ordinal order, not always in text order: a list
        // merged with its outline at the top of the page keeps the items
        // only the outline has (seed 002: items 4 and 5 of a list whose body
        // was cut by a paywall), and those spans lie before the body's.
        // Within the part of a list that is not from an outline, text order
        // holds: items whose spans come later never have lower ordinals than
        // an earlier item of the same run, which the ordinal check covers.
    }
}

/// Record fields documented as "the text of `span`" are exactly that, and
/// numbers are finite (JSON has no NaN).
pub fn check_record_texts(doc: &Document) {
    let r = doc.records();
    for (i, d) in r.directives.iter().enumerate() {
        for (j, it) in d.items.iter().enumerate() {
            assert_eq!(
                it.text,
                doc.slice(it.span),
                "directives[{i}].items[{j}].text is not the text of its span {:?}",
                it.span
            );
        }
    }
    for (i, t) in r.targets.iter().enumerate() {
        assert_eq!(
            t.text,
            doc.slice(t.span),
            "targets[{i}].text is not the text of its span {:?}",
            t.span
        );
        assert!(t.value.is_finite(), "targets[{i}].value = {}", t.value);
    }
    for (i, m) in r.meetings.iter().enumerate() {
        assert_eq!(
            m.name,
            doc.slice(m.span),
            "meetings[{i}].name is not the text of its span {:?}",
            m.span
        );
    }
    for (i, d) in r.documents.iter().enumerate() {
        assert_eq!(
            d.title,
            doc.slice(d.span),
            "documents[{i}].title is not the text of its span {:?}",
            d.span
        );
    }
}

/// The accessors that take a caller's span never panic, whatever the span
/// (reversed, out of range, off a char boundary), and stay in bounds.
pub fn check_accessors_with(doc: &Document, sp: Span) {
    let _ = doc.slice(sp);
    let src = doc.to_source(sp);
    assert!(
        src.start <= src.end && src.end <= doc.source().len(),
        "to_source({sp:?}) = {src:?} out of source bounds (len {})",
        doc.source().len()
    );
    let _ = doc.sentences_in(sp);
    let _ = doc.offset_map().start_of(sp.start);
    let _ = doc.offset_map().end_of(sp.end);
}

/// One analyzer shared by all tests in the binary (building one compiles
/// every lexicon and automaton).
pub fn analyzer() -> &'static tifa::Analyzer {
    static A: std::sync::OnceLock<tifa::Analyzer> = std::sync::OnceLock::new();
    A.get_or_init(tifa::Analyzer::new)
}
