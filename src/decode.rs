//! Bytes in any encoding an archive holds → text.
//!
//! A BOM wins; then valid UTF-8; then UTF-16 recognised by its zero bytes;
//! otherwise [chardetng] guesses among the legacy encodings (GBK/GB18030,
//! Big5 incl. HKSCS, …) and [encoding_rs] decodes. Malformed sequences
//! become U+FFFD and are reported, never a panic and never a lost document.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

use crate::record::DocError;

/// Text decoded from bytes, with what was learned on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The decoded text (BOM removed).
    pub text: String,
    /// The encoding's WHATWG name (`UTF-8`, `GBK`, `Big5`, `UTF-16LE` …).
    pub encoding: &'static str,
    /// Number of U+FFFD characters in `text`.
    pub replacement_chars: usize,
    /// Problems met (malformed sequences, binary content).
    pub errors: Vec<DocError>,
}

/// Share of NUL or control bytes above which input is called binary.
const BINARY_CONTROL_SHARE: f64 = 0.10;

/// Decodes `bytes`, detecting the encoding.
pub fn decode(bytes: &[u8]) -> Decoded {
    decode_with(bytes, None)
}

/// Decodes `bytes` as `label` (a WHATWG label such as `gbk`, `big5`), or
/// detects the encoding when `label` is `None` or unknown.
pub fn decode_with(bytes: &[u8], label: Option<&str>) -> Decoded {
    let mut errors = Vec::new();
    let forced = label.and_then(|l| Encoding::for_label(l.trim().as_bytes()));
    if label.is_some() && forced.is_none() {
        errors.push(DocError::new(
            "decode",
            format!(
                "unknown encoding label {:?}; detecting instead",
                label.unwrap_or("")
            ),
        ));
    }
    // UTF-8 validation, the one full pass over valid input, is done once
    // and its answer reused (detection, the mixed-line check, decoding)
    let (enc, body, utf8) = match (forced, Encoding::for_bom(bytes)) {
        (Some(e), _) => (e, bytes, None),
        (None, Some((e, bom_len))) => (e, &bytes[bom_len..], None),
        (None, None) => {
            let utf8 = validate_utf8(bytes);
            (detect(bytes, utf8), bytes, Some(utf8))
        }
    };
    let utf8 = || utf8.unwrap_or_else(|| validate_utf8(body));
    if enc != UTF_16LE && enc != UTF_16BE && looks_binary(body) {
        errors.push(DocError::new(
            "binary",
            "input looks like binary data (many NUL/control bytes); not analysed",
        ));
        return Decoded {
            text: String::new(),
            encoding: enc.name(),
            replacement_chars: 0,
            errors,
        };
    }
    let detected = forced.is_none() && body.len() == bytes.len();
    if detected
        && enc != UTF_16LE
        && enc != UTF_16BE
        && utf8().is_err()
        && let Some(mut d) = decode_mixed(body)
    {
        errors.append(&mut d.errors);
        d.errors = errors;
        return d;
    }
    let (cow, had_errors) = if enc == UTF_8 {
        match utf8() {
            Ok(s) => (std::borrow::Cow::Borrowed(s), false),
            Err(_) => (String::from_utf8_lossy(body), true),
        }
    } else {
        enc.decode_without_bom_handling(body)
    };
    let replacement_chars = count_replacements(&cow);
    if had_errors {
        errors.push(DocError::new(
            "decode",
            format!(
                "malformed {} byte sequences replaced by U+FFFD ({} in text)",
                enc.name(),
                replacement_chars
            ),
        ));
    }
    Decoded {
        text: cow.into_owned(),
        encoding: enc.name(),
        replacement_chars,
        errors,
    }
}

/// `std::str::from_utf8`, by simdutf8 while the input is valid: std's check
/// reads Chinese text a char at a time (3% of a whole analysis), simdutf8's
/// a vector at a time; std's runs only on invalid input, for the error's
/// position.
fn validate_utf8(b: &[u8]) -> Result<&str, std::str::Utf8Error> {
    simdutf8::basic::from_utf8(b).or_else(|_| std::str::from_utf8(b))
}

/// Least bytes of non-ASCII lines in each encoding for input to be read as
/// mixed.
const MIXED_MIN_BYTES: usize = 256;

/// Input whose lines are partly UTF-8 and partly a legacy encoding (a UTF-8
/// page template around GBK content, two files concatenated): each line is
/// decoded in its own encoding. `None` unless both kinds of line hold at
/// least [`MIXED_MIN_BYTES`] and a fiftieth of the non-ASCII bytes.
fn decode_mixed(bytes: &[u8]) -> Option<Decoded> {
    let is_utf8 = |l: &[u8]| std::str::from_utf8(l).is_ok() || mostly_utf8(l);
    let lines = || {
        bytes
            .split_inclusive(|b| *b == b'\n')
            .filter(|l| !l.is_ascii())
    };
    let (mut utf8, mut legacy) = (0usize, 0usize);
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let mut fed = 0;
    for l in lines() {
        if is_utf8(l) {
            utf8 += l.len();
        } else {
            legacy += l.len();
            if fed < 64 * 1024 {
                det.feed(l, false);
                fed += l.len();
            }
        }
    }
    let total = utf8 + legacy;
    if utf8 < MIXED_MIN_BYTES.max(total / 50) || legacy < MIXED_MIN_BYTES.max(total / 50) {
        return None;
    }
    det.feed(b"", true);
    let enc = det.guess(None, chardetng::Utf8Detection::Deny);
    if enc == UTF_8 || enc == UTF_16LE || enc == UTF_16BE {
        return None;
    }
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut malformed = false;
    for l in bytes.split_inclusive(|b| *b == b'\n') {
        if l.is_ascii() || is_utf8(l) {
            let s = String::from_utf8_lossy(l);
            malformed |= matches!(s, std::borrow::Cow::Owned(_));
            text.push_str(&s);
        } else {
            let (s, bad) = enc.decode_without_bom_handling(l);
            malformed |= bad;
            text.push_str(&s);
        }
    }
    let replacement_chars = count_replacements(&text);
    let mut msg = format!(
        "mixed encodings: {utf8} bytes of UTF-8 lines and {legacy} bytes of {} lines, decoded line by line",
        enc.name()
    );
    if malformed {
        msg.push_str(&format!(
            "; malformed sequences replaced by U+FFFD ({replacement_chars} in text)"
        ));
    }
    Some(Decoded {
        text,
        encoding: mixed_name(enc),
        replacement_chars,
        errors: vec![DocError::new("decode", msg)],
    })
}

/// `UTF-8+GBK` and the like, for [`Decoded::encoding`].
fn mixed_name(enc: &'static Encoding) -> &'static str {
    match enc.name() {
        "GBK" => "UTF-8+GBK",
        "gb18030" => "UTF-8+gb18030",
        "Big5" => "UTF-8+Big5",
        "Shift_JIS" => "UTF-8+Shift_JIS",
        "EUC-KR" => "UTF-8+EUC-KR",
        "windows-1252" => "UTF-8+windows-1252",
        _ => "UTF-8+legacy",
    }
}

fn count_replacements(s: &str) -> usize {
    // U+FFFD is EF BF BD in UTF-8, found by a SIMD substring search built
    // once (building one took more instructions than searching most
    // documents).
    static FFFD: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("\u{FFFD}".as_bytes()));
    FFFD.find_iter(s.as_bytes()).count()
}

/// Picks an encoding for BOM-less `bytes`, given their UTF-8 validation.
fn detect(bytes: &[u8], utf8: Result<&str, std::str::Utf8Error>) -> &'static Encoding {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    match utf8 {
        Ok(_) => return UTF_8,
        Err(e) => {
            // A file cut off mid-character is still UTF-8.
            if e.error_len().is_none() && e.valid_up_to() + 4 > bytes.len() {
                return UTF_8;
            }
        }
    }
    if let Some(e) = utf16_by_zeros(head) {
        return e;
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(head, head.len() == bytes.len());
    let guess = det.guess(None, chardetng::Utf8Detection::Allow);
    // Mostly-valid UTF-8 with a few bad bytes (a spliced or damaged file)
    // reads better as lossy UTF-8 than as a legacy encoding.
    if guess != UTF_8 && mostly_utf8(head) {
        return UTF_8;
    }
    guess
}

/// UTF-16 without a BOM shows as zero bytes in every other position for
/// ASCII, or a skew of zeros for CJK-heavy text; look for the ASCII case.
fn utf16_by_zeros(head: &[u8]) -> Option<&'static Encoding> {
    if head.len() < 4 {
        return None;
    }
    let pairs = head.len() / 2;
    let (mut even, mut odd) = (0usize, 0usize);
    for ch in head.chunks_exact(2) {
        even += usize::from(ch[0] == 0);
        odd += usize::from(ch[1] == 0);
    }
    if odd * 4 > pairs && even * 20 < pairs {
        Some(UTF_16LE)
    } else if even * 4 > pairs && odd * 20 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn mostly_utf8(head: &[u8]) -> bool {
    let bad: usize = head.utf8_chunks().map(|c| c.invalid().len()).sum();
    let non_ascii_good = head
        .iter()
        .filter(|b| **b >= 0x80)
        .count()
        .saturating_sub(bad);
    non_ascii_good > 0 && non_ascii_good >= bad * 6
}

/// Signatures of binary formats that turn up renamed in web archives
/// (images, PDF, archives, executables); their bytes can be random enough
/// to pass the control-byte test.
const BINARY_MAGIC: &[&[u8]] = &[
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"\xFF\xD8\xFF",
    b"%PDF-",
    b"PK\x03\x04",
    b"\x1F\x8B",
    b"\x7FELF",
    b"RIFF",
    b"\0\0\0\x18ftyp",
    b"\0\0\0\x20ftyp",
    b"OggS",
    b"7z\xBC\xAF\x27\x1C",
    b"Rar!\x1A\x07",
    b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
];

fn looks_binary(b: &[u8]) -> bool {
    let head = &b[..b.len().min(8 * 1024)];
    if head.is_empty() {
        return false;
    }
    if BINARY_MAGIC.iter().any(|m| head.starts_with(m)) {
        return true;
    }
    // NUL and the other C0 controls but \n \r \t \f ESC. Bytes below 0x20
    // are counted first, in a loop that vectorizes (u8 sums over 255-byte
    // chunks); when they are too few to matter, so are the controls.
    let low: usize = head
        .chunks(255)
        .map(|ch| usize::from(ch.iter().map(|&c| u8::from(c < 0x20)).sum::<u8>()))
        .sum();
    if low as f64 / head.len() as f64 <= BINARY_CONTROL_SHARE {
        return false;
    }
    let ctrl = head
        .iter()
        .filter(|&&c| c == 0 || (c < 0x20 && !matches!(c, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b)))
        .count();
    ctrl as f64 / head.len() as f64 > BINARY_CONTROL_SHARE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_and_bom() {
        let d = decode("项目为王".as_bytes());
        assert_eq!((d.text.as_str(), d.encoding), ("项目为王", "UTF-8"));
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("领导".as_bytes());
        assert_eq!(decode(&b).text, "领导");
    }

    #[test]
    fn gbk_and_big5() {
        let text = "市委书记李卫东强调，要坚持项目为王，推动经济高质量发展。";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let d = decode(&gbk);
        assert_eq!(d.text, text);
        assert!(
            d.encoding == "GBK" || d.encoding == "gb18030",
            "{}",
            d.encoding
        );
        let trad = "市委書記李衛東強調，要堅持項目為王，推動經濟高質量發展。";
        let (big5, _, _) = encoding_rs::BIG5.encode(trad);
        let d = decode(&big5);
        assert_eq!((d.text.as_str(), d.encoding), (trad, "Big5"));
    }

    #[test]
    fn utf16_without_bom() {
        let mut b = Vec::new();
        for u in "hello world, 项目 test".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&b).text, "hello world, 项目 test");
    }

    #[test]
    fn malformed_and_binary() {
        let mut b = "项目为王".as_bytes().to_vec();
        b.insert(3, 0xFF);
        let d = decode(&b);
        assert_eq!(d.replacement_chars, 1);
        assert_eq!(d.errors[0].kind, "decode");
        let bin: Vec<u8> = (0..2000u32).map(|i| (i % 7) as u8).collect();
        let d = decode(&bin);
        assert_eq!(d.errors[0].kind, "binary");
        assert!(d.text.is_empty());
    }

    #[test]
    fn truncated_utf8_tail_stays_utf8() {
        let b = "项目为王".as_bytes();
        let d = decode(&b[..b.len() - 1]);
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.starts_with("项目为"));
        assert_eq!(d.replacement_chars, 1);
    }
}
