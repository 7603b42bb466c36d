//! Quote-aware sentence splitting. (First version; to be refined.)

use crate::span::Span;

/// How sentences end.
#[derive(Debug, Clone, Default)]
pub struct SentenceOptions {
    /// Also end a sentence at `；`.
    pub semicolon: bool,
}

/// Sentence spans for each paragraph; they tile each paragraph.
pub fn split_sentences(text: &str, paragraphs: &[Span], opts: &SentenceOptions) -> Vec<Span> {
    let mut out = Vec::new();
    for p in paragraphs {
        let Some(ptext) = p.get(text) else { continue };
        let mut start = 0;
        let mut depth: i32 = 0;
        let mut iter = ptext.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            match c {
                '“' | '‘' | '（' | '(' | '《' | '「' | '『' => depth += 1,
                '”' | '’' | '）' | ')' | '》' | '」' | '』' => depth = (depth - 1).max(0),
                _ => {}
            }
            let ends = matches!(c, '。' | '！' | '？' | '!' | '?')
                || (c == '；' && opts.semicolon)
                || (c == '…' && iter.peek().map(|&(_, n)| n != '…').unwrap_or(false));
            if ends && depth == 0 {
                let mut end = i + c.len_utf8();
                while let Some(&(j, n)) = iter.peek() {
                    if matches!(n, '”' | '’' | '）' | ')' | '」' | '』' | '。' | '！' | '？')
                    {
                        end = j + n.len_utf8();
                        iter.next();
                    } else {
                        break;
                    }
                }
                out.push(Span::new(p.start + start, p.start + end));
                start = end;
            }
        }
        if start < ptext.len() {
            out.push(Span::new(p.start + start, p.end));
        }
    }
    out
}
