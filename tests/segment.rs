//! Sentences and words: data-driven cases (`tests/data/sentences.json`,
//! `tests/data/words.json`), the seed documents, and properties (tiling,
//! no panics) on arbitrary input.

use std::sync::LazyLock;

use proptest::prelude::*;
use serde_json::Value;
use tifa::Span;
use tifa::segment::{SentenceOptions, WordSegmenter, split_paragraphs, split_sentences};

static SEG: LazyLock<WordSegmenter> = LazyLock::new(WordSegmenter::new);
static ANALYZER: LazyLock<tifa::Analyzer> = LazyLock::new(tifa::Analyzer::new);

fn strings(v: &Value) -> Vec<&str> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// Sentences of `text` (split into paragraphs at `\n`), as strings.
fn sentences<'a>(text: &'a str, opts: &SentenceOptions) -> Vec<&'a str> {
    let paras = split_paragraphs(text);
    let sents = split_sentences(text, &paras, opts);
    assert_tiles(text, &paras, &sents);
    sents.iter().map(|s| &text[*s]).collect()
}

/// Sentences tile each paragraph: in order, non-empty, no gaps.
fn assert_tiles(text: &str, paras: &[Span], sents: &[Span]) {
    let mut it = sents.iter().peekable();
    for p in paras {
        let mut pos = p.start;
        while let Some(s) = it.next_if(|s| s.start < p.end) {
            assert_eq!(s.start, pos, "gap or overlap before {s:?} in {text:?}");
            assert!(
                s.end > s.start && s.end <= p.end,
                "bad sentence {s:?} in {p:?}"
            );
            assert!(s.get(text).is_some(), "sentence {s:?} off a char boundary");
            pos = s.end;
        }
        assert_eq!(pos, p.end, "paragraph {p:?} not covered in {text:?}");
    }
    assert!(it.next().is_none(), "sentence outside every paragraph");
}

#[test]
fn sentence_cases() {
    let cases: Value = serde_json::from_str(include_str!("data/sentences.json")).unwrap();
    let cases = cases.as_array().unwrap();
    assert!(cases.len() >= 30);
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let input = case["input"].as_str().unwrap();
        let opts = SentenceOptions {
            semicolon: case["semicolon"].as_bool().unwrap_or(false),
        };
        let want = strings(&case["expected"]);
        let got = sentences(input, &opts);
        if got != want {
            failures.push(format!("{name}:\n  want {want:?}\n  got  {got:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Words of `text` as strings, after checking they tile it.
fn words(text: &str) -> Vec<(&str, &'static str)> {
    let ws = SEG.words(text, Span::new(0, text.len()));
    let mut pos = 0;
    for w in &ws {
        assert_eq!(w.span.start, pos, "words do not tile {text:?}");
        pos = w.span.end;
    }
    assert_eq!(pos, text.len(), "words do not cover {text:?}");
    ws.iter().map(|w| (&text[w.span], w.tag)).collect()
}

#[test]
fn word_cases() {
    let data: Value = serde_json::from_str(include_str!("data/words.json")).unwrap();
    let mut failures = Vec::new();
    for case in data["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let input = case["input"].as_str().unwrap();
        let got = words(input);
        let has = |w: &str| got.iter().any(|(g, _)| *g == w);
        let shown: Vec<String> = got.iter().map(|(w, t)| format!("{w}/{t}")).collect();
        for w in strings(&case["words"]) {
            if !has(w) {
                failures.push(format!(
                    "{name}: missing word {w}\n  got {}",
                    shown.join(" ")
                ));
            }
        }
        for w in strings(&case["not_words"]) {
            if has(w) {
                failures.push(format!(
                    "{name}: unwanted word {w}\n  got {}",
                    shown.join(" ")
                ));
            }
        }
        if let Some(tags) = case["tags"].as_object() {
            for (w, t) in tags {
                if !got.iter().any(|(g, gt)| g == w && Some(*gt) == t.as_str()) {
                    failures.push(format!(
                        "{name}: {w} not tagged {t}\n  got {}",
                        shown.join(" ")
                    ));
                }
            }
        }
        if let Some(t) = case["no_tag"].as_str()
            && got.iter().any(|(_, gt)| *gt == t)
        {
            failures.push(format!(
                "{name}: unwanted tag {t}\n  got {}",
                shown.join(" ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// On the seed documents, every official's name (wherever it occurs) and
/// every quoted slogan of up to six characters (inside its quotes) is one
/// word.
#[test]
fn seed_names_and_slogans_are_words() {
    let data: Value = serde_json::from_str(include_str!("data/words.json")).unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    for seed in data["seeds"].as_array().unwrap() {
        let file = seed["file"].as_str().unwrap();
        let path = format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR"));
        // the real pipeline: decode, clean, normalize (traditional seeds too)
        let text = ANALYZER
            .analyze_bytes(&std::fs::read(&path).unwrap())
            .text()
            .to_string();
        let spans = SEG.cut(&text);
        let is_word = |s: usize, e: usize| spans.binary_search(&Span::new(s, e)).is_ok();
        let context = |s: usize, e: usize| {
            let near: Vec<&str> = spans
                .iter()
                .filter(|w| w.end + 9 > s && w.start < e + 9)
                .map(|w| &text.as_str()[*w])
                .collect();
            near.join("/")
        };
        for (list, quoted) in [("officials", false), ("quoted_slogans", true)] {
            for item in strings(&seed[list]) {
                let pat = if quoted {
                    format!("“{item}”")
                } else {
                    item.to_string()
                };
                let skip = if quoted { "“".len() } else { 0 };
                let mut seen = 0;
                for (i, _) in text.match_indices(&pat) {
                    seen += 1;
                    let (s, e) = (i + skip, i + skip + item.len());
                    if !is_word(s, e) {
                        failures.push(format!("{file}: {item} torn: {}", context(s, e)));
                    }
                }
                if seen == 0 {
                    failures.push(format!("{file}: {pat} does not occur"));
                }
                checked += seen;
            }
        }
    }
    assert!(checked >= 60, "only {checked} occurrences checked");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Characters that exercise the splitter and the word rules.
fn tricky() -> impl Strategy<Value = String> {
    let chars: Vec<char> = "。！？!?；;…．.“”‘’「」『』（）()《》【】\"' \n\u{3000}，、：\
        市长书记李王魏建平项目为王一要二要他说强调等的a1"
        .chars()
        .collect();
    prop::collection::vec(prop::sample::select(chars), 0..80).prop_map(|v| v.into_iter().collect())
}

/// The obvious splitter for text without quotes, brackets or ellipses: a
/// sentence ends after a run of `。！？` and the spaces after it, unless a
/// comma follows the run.
fn naive_sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for para in text.split('\n').filter(|p| !p.is_empty()) {
        let chars: Vec<(usize, char)> = para.char_indices().collect();
        let mut start = 0;
        let mut k = 0;
        while k < chars.len() {
            if !"。！？".contains(chars[k].1) {
                k += 1;
                continue;
            }
            while k < chars.len() && "。！？".contains(chars[k].1) {
                k += 1;
            }
            if k < chars.len() && "，、".contains(chars[k].1) {
                continue;
            }
            while k < chars.len() && chars[k].1 == ' ' {
                k += 1;
            }
            let end = chars.get(k).map_or(para.len(), |c| c.0);
            out.push(&para[start..end]);
            start = end;
        }
        if start < para.len() {
            out.push(&para[start..]);
        }
    }
    out
}

fn plain_text() -> impl Strategy<Value = String> {
    let chars: Vec<char> = "。！？，、 \n项目为王发展".chars().collect();
    prop::collection::vec(prop::sample::select(chars), 0..60).prop_map(|v| v.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn sentences_match_naive_oracle_on_plain_text(text in plain_text()) {
        let got = sentences(&text, &SentenceOptions::default());
        prop_assert_eq!(got, naive_sentences(&text));
    }

    /// A short quotation without end marks inside is never split.
    #[test]
    fn short_quotes_stay_whole(
        before in "[项目。！]{0,8}",
        inner in "[项目发展，、]{0,20}",
        after in "[项目。]{0,8}",
    ) {
        let quoted = format!("“{inner}”");
        let text = format!("{before}{quoted}{after}");
        let got = sentences(&text, &SentenceOptions::default());
        prop_assert!(got.iter().any(|s| s.contains(&quoted)), "{:?}", got);
    }

    #[test]
    fn sentences_tile_any_text(text in tricky(), semicolon in any::<bool>()) {
        sentences(&text, &SentenceOptions { semicolon });
    }

    #[test]
    fn sentences_tile_arbitrary_strings(text in any::<String>()) {
        sentences(&text, &SentenceOptions::default());
    }

    #[test]
    fn words_tile_any_text(text in tricky()) {
        words(&text);
    }

    #[test]
    fn words_of_any_span_never_panic(text in tricky(), a in 0usize..200, b in 0usize..200) {
        let ws = SEG.words(&text, Span::new(a, b));
        for w in ws {
            prop_assert!(w.span.get(&text).is_some());
        }
    }
}

#[test]
fn sentences_skip_foreign_paragraph_spans() {
    let text = "项目。发展。";
    let sents = split_sentences(
        text,
        &[Span::new(1, 4), Span::new(0, 99)],
        &Default::default(),
    );
    assert!(sents.is_empty());
}
