//! Any bytes → `Analyzer::analyze_bytes`: no panic, and the document keeps
//! every invariant of `tests/invariants.rs` (spans on char boundaries
//! inside `text`, mapped spans inside `source`, sentences tiling
//! paragraphs, directive ordinals 1, 2, 3 …). The first bytes also make
//! spans for the accessors that take a caller's span, and choose a small
//! `max_bytes` now and then.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use tifa::{Analyzer, Span};

#[path = "../../tests/invariants.rs"]
mod invariants;

static SMALL: LazyLock<Analyzer> = LazyLock::new(|| Analyzer::builder().max_bytes(97).build());

fuzz_target!(|data: &[u8]| {
    let small = data.first() == Some(&b'~');
    let a = if small {
        &*SMALL
    } else {
        invariants::analyzer()
    };
    let doc = a.analyze_bytes(data);
    invariants::check_document(&doc);
    // the limit applies to the decoded text (binary input decodes to
    // nothing, UTF-16 shrinks)
    let limited = doc.errors().iter().any(|e| e.kind == "limit");
    if small {
        assert_eq!(limited, tifa::decode::decode(data).text.len() > 97);
        assert!(doc.source().len() <= 97);
    } else {
        assert!(!limited);
    }
    let word = |i: usize| {
        data.get(i..i + 2)
            .map_or(0, |b| usize::from(u16::from_le_bytes([b[0], b[1]])))
    };
    for k in 0..4 {
        let sp = Span {
            start: word(4 * k),
            end: word(4 * k + 2),
        };
        invariants::check_accessors_with(&doc, sp);
    }
    invariants::check_accessors_with(
        &doc,
        Span {
            start: usize::MAX,
            end: 0,
        },
    );
});
