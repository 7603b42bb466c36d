//! Chinese, Arabic and mixed numerals, read exactly.
//!
//! [`parse_number`] reads the numeral at the start of a string — `12000`,
//! `1,200`, `3541.07万`, `1.3万亿`, `三千亿`, `一千二百万`, `两千五`,
//! `零点五`, `7亿6千多万`, `二〇二六` — into an exact [`Decimal`]
//! (`mantissa × 10^exponent`), so `1.3万亿` is `13 × 10^11` and converts to
//! exactly `1300000000000.0`. [`parse_quantity`] adds what follows the
//! numeral: the unit (`元`, `美元`, `人`, `%`, `千瓦` …, from
//! `data/target_units.txt`), the percentage forms `百分之十二点五`,
//! `千分之三` and `三成`, and a size class `…亿级`. Scales are folded into the
//! value: `3000亿元` is `3e11` with unit `元`, `100000万美元` is `1e9` `美元`.
//!
//! A run of numeral characters that is not one numeral, such as the plan
//! period `十四五` or the approximation `三五`, is rejected as a whole.
//!
//! No function here panics on any input.
//!
//! ```
//! use tifa::extract::numeral::{parse_number, parse_quantity};
//! let q = parse_quantity("3000亿元台阶").unwrap();
//! assert_eq!((q.value, q.unit, q.len), (3e11, "元", "3000亿元".len()));
//! assert_eq!(parse_number("1.3万亿").unwrap().value.to_f64(), 1.3e12);
//! assert!(parse_number("十四五").is_none());
//! ```

use std::collections::HashMap;
use std::sync::OnceLock;

/// An exact decimal number: `mantissa × 10^exponent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Decimal {
    /// The digits.
    pub mantissa: u128,
    /// The power of ten they are scaled by.
    pub exponent: i32,
}

/// Powers of ten that are exact in `f64`.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

impl Decimal {
    /// Zero.
    pub const ZERO: Decimal = Decimal {
        mantissa: 0,
        exponent: 0,
    };
    /// One.
    pub const ONE: Decimal = Decimal {
        mantissa: 1,
        exponent: 0,
    };

    /// `mantissa × 10^exponent`.
    pub const fn new(mantissa: u128, exponent: i32) -> Decimal {
        Decimal { mantissa, exponent }
    }

    /// True for zero.
    pub const fn is_zero(self) -> bool {
        self.mantissa == 0
    }

    /// The same value with trailing zeros moved into the exponent.
    pub fn normalized(self) -> Decimal {
        if self.mantissa == 0 {
            return Decimal::ZERO;
        }
        let mut d = self;
        // (64-bit division when the mantissa fits: u128 division is a
        // library call.)
        if let Ok(mut m) = u64::try_from(d.mantissa) {
            while m.is_multiple_of(10) {
                m /= 10;
                d.exponent = d.exponent.saturating_add(1);
            }
            d.mantissa = u128::from(m);
            return d;
        }
        while d.mantissa.is_multiple_of(10) {
            d.mantissa /= 10;
            d.exponent = d.exponent.saturating_add(1);
        }
        d
    }

    /// The value times `10^k`.
    pub fn scaled(self, k: i32) -> Decimal {
        Decimal {
            mantissa: self.mantissa,
            exponent: self.exponent.saturating_add(k),
        }
    }

    /// The sum, or `None` on overflow.
    pub fn checked_add(self, other: Decimal) -> Option<Decimal> {
        if self.is_zero() {
            return Some(other);
        }
        if other.is_zero() {
            return Some(self);
        }
        let e = self.exponent.min(other.exponent);
        let a = widen(self, e)?;
        let b = widen(other, e)?;
        Some(Decimal {
            mantissa: a.checked_add(b)?,
            exponent: e,
        })
    }

    /// The product, or `None` on overflow.
    pub fn checked_mul(self, other: Decimal) -> Option<Decimal> {
        let (a, b) = (self.normalized(), other.normalized());
        Some(Decimal {
            mantissa: a.mantissa.checked_mul(b.mantissa)?,
            exponent: a.exponent.checked_add(b.exponent)?,
        })
    }

    /// The nearest `f64` (correctly rounded).
    pub fn to_f64(self) -> f64 {
        let d = self.normalized();
        if let Ok(m) = u64::try_from(d.mantissa)
            && m < (1u64 << 53)
        {
            // (exact either way; the u64 conversion is one instruction)
            let m = m as f64;
            if (0..=22).contains(&d.exponent) {
                return m * POW10[d.exponent as usize];
            }
            if (-22..0).contains(&d.exponent) {
                return m / POW10[d.exponent.unsigned_abs() as usize];
            }
        }
        format!("{}e{}", d.mantissa, d.exponent)
            .parse()
            .unwrap_or(f64::NAN)
    }
}

/// The mantissa of `d` written with exponent `e` (`e <= d.exponent`).
fn widen(d: Decimal, e: i32) -> Option<u128> {
    let k = u32::try_from(d.exponent.checked_sub(e)?).ok()?;
    d.mantissa.checked_mul(10u128.checked_pow(k)?)
}

/// A numeral read from the start of a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Number {
    /// The exact value.
    pub value: Decimal,
    /// Bytes consumed.
    pub len: usize,
    /// Contains Arabic digits.
    pub arabic: bool,
    /// Contains an explicit digit (`3`, `三`, `十`); false for bare scales
    /// such as `百亿`, `千亿`, `万`.
    pub has_digit: bool,
    /// Contains `万` or `亿`.
    pub scaled: bool,
    /// Read digit by digit, like a year: `二〇二六`.
    pub digit_string: bool,
    /// Followed by `多` or `余` (`300多万`, `3000余`): the value is a lower bound.
    pub more: bool,
    /// Written with Chinese digits only, as a single digit without any unit
    /// (`一`, `三`, `两`): a count word, not a measurement.
    pub single_digit: bool,
}

fn is_arabic_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn arabic_value(c: char) -> u32 {
    if c.is_ascii_digit() {
        c as u32 - '0' as u32
    } else {
        c as u32 - '０' as u32
    }
}

/// Chinese digit value (`零〇一二两三…九` and the financial forms).
pub fn cn_digit(c: char) -> Option<u8> {
    Some(match c {
        '零' | '〇' | '○' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' | '兩' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

fn small_unit(c: char) -> Option<u32> {
    match c {
        '十' | '拾' => Some(1),
        '百' | '佰' => Some(2),
        '千' | '仟' => Some(3),
        _ => None,
    }
}

fn big_unit(c: char) -> Option<u32> {
    match c {
        '万' | '萬' => Some(4),
        '亿' | '億' => Some(8),
        _ => None,
    }
}

/// True for a character that can be part of a numeral (digits, `十百千万亿`,
/// the decimal point `.`/`．`, `点`, `多`, `余` are not included: they only
/// continue a numeral).
///
/// Called on every character of every sentence, so it is an ASCII test, a
/// bit lookup for the CJK block and a `match` for the rest (the union of
/// [`cn_digit`], `small_unit`, `big_unit` and the Arabic digits, checked
/// against them in the tests).
#[inline]
pub fn is_numeral_char(c: char) -> bool {
    let u = c as u32;
    if u < 0x80 {
        return c.is_ascii_digit();
    }
    if (CJK_FIRST..CJK_END).contains(&u) {
        let k = (u - CJK_FIRST) as usize;
        return NUMERAL_CJK
            .get(k / 64)
            .is_some_and(|w| w >> (k % 64) & 1 == 1);
    }
    matches!(c, '０'..='９' | '〇' | '○')
}

/// The byte offset of the last place in `s` where a numeral may start that
/// can be an amount (a value the target extractor may record): the last
/// character that is an Arabic digit (ASCII or full-width), `〇`, `○`, `十`
/// or `拾`, or any other numeral character ([`is_numeral_char`]) that
/// another numeral character or one of `成多余点分` follows; but no ASCII
/// digit of a run that a unit of time or a number follows (`年`, `月`,
/// `日` but not `日元`, `号`, `天`, `时`, `届` …: [`unit_at`] of class time or
/// skip).
///
/// A numeral of one character but these (`一`, `三`, `百`, `万`, `亿`) is a
/// single digit or a bare scale below 10^9, which is never an amount, and
/// ASCII digits before such a unit are a time or a number, never one;
/// every numeral that can be one starts at such a place. A reverse scan
/// over the bytes: numeral characters are ASCII digits or three bytes
/// long, and a three-byte character is decoded only when the low 12 bits
/// of its code point (its last two bytes) are some numeral's.
pub(crate) fn last_amount_start(s: &str) -> Option<usize> {
    // (`rest` always ends at a character boundary; slice patterns need no
    // bounds checks.)
    let all = s.as_bytes();
    let mut rest = all;
    let low12 = |mid: u8, x: u8| usize::from(mid & 0x3F) << 6 | usize::from(x & 0x3F);
    loop {
        match rest {
            // Four three-byte characters, none of whose low bits are a
            // numeral's (most of the text): skipped together, with one
            // branch.
            [before @ .., l1, m1, x1, l2, m2, x2, l3, m3, x3, l4, m4, x4]
                if (l1 & l2 & l3 & l4) & 0xF0 == 0xE0
                    && (l1 | l2 | l3 | l4) & 0xF0 == 0xE0
                    && !(NUMERAL_LOW12[low12(*m1, *x1)]
                        | NUMERAL_LOW12[low12(*m2, *x2)]
                        | NUMERAL_LOW12[low12(*m3, *x3)]
                        | NUMERAL_LOW12[low12(*m4, *x4)]) =>
            {
                rest = before;
            }
            // Two three-byte characters, neither of whose low bits are a
            // numeral's: skipped together.
            [before @ .., l1, m1, x1, l2, m2, x2]
                if l1 & 0xF0 == 0xE0
                    && l2 & 0xF0 == 0xE0
                    && !(NUMERAL_LOW12[low12(*m1, *x1)] | NUMERAL_LOW12[low12(*m2, *x2)]) =>
            {
                rest = before;
            }
            [before @ .., lead, mid, x] if lead & 0xF0 == 0xE0 => {
                // A three-byte character.
                let low = low12(*mid, *x);
                if NUMERAL_LOW12[low] {
                    let u = u32::from(lead & 0x0F) << 12 | low as u32;
                    if let Some(c) = char::from_u32(u).filter(|&c| is_numeral_char(c)) {
                        let k = before.len();
                        if amount_start(c, all.get(k + 3..).unwrap_or_default()) {
                            return Some(k);
                        }
                    }
                }
                rest = before;
            }
            [head @ .., x] if *x < 0x80 => {
                rest = head;
                if x.is_ascii_digit() {
                    if !dated(s.get(head.len() + 1..).unwrap_or_default()) {
                        return Some(head.len());
                    }
                    // (the digits before it in the run are no amount either)
                    while let [h @ .., d] = rest
                        && d.is_ascii_digit()
                    {
                        rest = h;
                    }
                }
            }
            [head @ .., _] => {
                // Two or four bytes: never a numeral; past the first byte.
                rest = head;
                while let [h @ .., c] = rest
                    && c & 0xC0 == 0x80
                {
                    rest = h;
                }
                rest = rest.split_last().map_or(rest, |(_, h)| h);
            }
            [] => return None,
        }
    }
}

/// Whether `after`, what follows a run of ASCII digits, makes them a time
/// or a number that is no quantity (`2026年`, `3月`, `8日` but not `8日元`,
/// `5号`, `3天`, `10时`): the unit written there ([`unit_at`], as the
/// quantity reads it: the numeral ends at the run) is of class time or
/// skip, never an amount.
#[inline]
fn dated(after: &str) -> bool {
    unit_at(after).is_some_and(|u| matches!(u.1, UnitClass::Time | UnitClass::Skip))
}

/// Whether the numeral character `c` of three bytes, followed by `after`,
/// starts a numeral that may be an amount (as [`last_amount_start`] says).
#[inline]
fn amount_start(c: char, after: &[u8]) -> bool {
    if matches!(c, '十' | '拾' | '〇' | '○' | '０'..='９') {
        return true;
    }
    let next = match after {
        [x @ 0xE0..=0xEF, y, z, ..] => char::from_u32(
            u32::from(x & 0x0F) << 12 | u32::from(y & 0x3F) << 6 | u32::from(z & 0x3F),
        ),
        [x, ..] if x.is_ascii_digit() => return true,
        _ => None,
    };
    next.is_some_and(|n| is_numeral_char(n) || matches!(n, '成' | '多' | '余' | '点' | '分'))
}

/// For each value of the low 12 bits of a code point: whether it is that
/// of a non-ASCII numeral character.
static NUMERAL_LOW12: [bool; 4096] = numeral_low12();

const fn numeral_low12() -> [bool; 4096] {
    let bits = numeral_low12_bits();
    let mut t = [false; 4096];
    let mut k = 0;
    while k < 4096 {
        t[k] = bits[k / 64] >> (k % 64) & 1 == 1;
        k += 1;
    }
    t
}

const fn numeral_low12_bits() -> [u64; 64] {
    const OTHERS: [char; 12] = [
        '〇', '○', '０', '１', '２', '３', '４', '５', '６', '７', '８', '９',
    ];
    let mut t = [0u64; 64];
    let mut i = 0;
    while i < NUMERAL_CJK_CHARS.len() {
        let k = (NUMERAL_CJK_CHARS[i] as u32 & 0xFFF) as usize;
        t[k / 64] |= 1 << (k % 64);
        i += 1;
    }
    let mut i = 0;
    while i < OTHERS.len() {
        let k = (OTHERS[i] as u32 & 0xFFF) as usize;
        t[k / 64] |= 1 << (k % 64);
        i += 1;
    }
    t
}

/// The CJK Unified Ideographs block, where most numeral characters are.
const CJK_FIRST: u32 = 0x4E00;
const CJK_END: u32 = 0xA000;

/// One bit per character of the CJK block: set for numeral characters.
static NUMERAL_CJK: [u64; ((CJK_END - CJK_FIRST) / 64) as usize] = numeral_cjk_bits();

/// The numeral characters of the CJK block.
const NUMERAL_CJK_CHARS: [char; 31] = [
    '零', '一', '壹', '二', '两', '贰', '兩', '三', '叁', '四', '肆', '五', '伍', '六', '陆', '七',
    '柒', '八', '捌', '九', '玖', '十', '拾', '百', '佰', '千', '仟', '万', '萬', '亿', '億',
];

const fn numeral_cjk_bits() -> [u64; ((CJK_END - CJK_FIRST) / 64) as usize] {
    const CHARS: [char; 31] = NUMERAL_CJK_CHARS;
    let mut t = [0u64; ((CJK_END - CJK_FIRST) / 64) as usize];
    let mut i = 0;
    while i < CHARS.len() {
        let k = (CHARS[i] as u32 - CJK_FIRST) as usize;
        t[k / 64] |= 1 << (k % 64);
        i += 1;
    }
    t
}

/// Most digits a numeral may have; longer runs (phone and ID numbers) are
/// rejected.
const MAX_DIGITS: usize = 24;

/// Reads Arabic digits with optional `,` thousands groups and a decimal part.
fn parse_arabic(s: &str) -> Option<(Decimal, usize)> {
    let mut mantissa: u128 = 0;
    let mut digits = 0usize;
    let mut pos = 0usize;
    let mut push = |d: u32, digits: &mut usize| -> Option<()> {
        *digits += 1;
        if *digits > MAX_DIGITS {
            return None;
        }
        mantissa = mantissa.checked_mul(10)?.checked_add(u128::from(d))?;
        Some(())
    };
    for c in s.chars() {
        if !is_arabic_digit(c) {
            break;
        }
        push(arabic_value(c), &mut digits)?;
        pos += c.len_utf8();
    }
    if digits == 0 {
        return None;
    }
    // thousands groups: 1,200 / 12,000,000 (ASCII comma, exactly three digits)
    if digits <= 3 {
        loop {
            let b = s.as_bytes();
            let group = b.get(pos) == Some(&b',')
                && b.get(pos + 1..pos + 4)
                    .is_some_and(|g| g.iter().all(u8::is_ascii_digit))
                && !b.get(pos + 4).is_some_and(u8::is_ascii_digit);
            if !group {
                break;
            }
            for &d in b.get(pos + 1..pos + 4).unwrap_or(&[]) {
                push(u32::from(d - b'0'), &mut digits)?;
            }
            pos += 4;
        }
    }
    let mut exponent = 0i32;
    let rest = s.get(pos..).unwrap_or("");
    let mut it = rest.chars();
    if let Some(p @ ('.' | '．')) = it.next()
        && it.next().is_some_and(is_arabic_digit)
    {
        pos += p.len_utf8();
        for c in s.get(pos..).unwrap_or("").chars() {
            if !is_arabic_digit(c) {
                break;
            }
            push(arabic_value(c), &mut digits)?;
            exponent -= 1;
            pos += c.len_utf8();
        }
    }
    Some((Decimal::new(mantissa, exponent), pos))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Last {
    Start,
    Num,
    CnDigit,
    Zero,
    Small(u32),
    Big(u32),
    Frac,
    More,
}

/// Units that start with 千 or 百 and so end a numeral before them
/// (`10千瓦`, `60万千瓦`, `百分点`).
fn unit_after_small(p: u32, next: Option<char>) -> bool {
    match p {
        3 => matches!(
            next,
            Some('瓦' | '克' | '米' | '伏' | '卡' | '帕' | '焦' | '赫')
        ),
        2 => matches!(next, Some('分' | '公')),
        _ => false,
    }
}

/// Reads the numeral at the start of `s`: Arabic (`12000`, `1,200`, `3.5`),
/// Chinese (`三千亿`, `一千二百万`, `两千五`, `零点五`, `十二点五`), mixed
/// (`1.3万亿`, `3541.07万`, `7亿6千多万`) or a digit string (`二〇二六`).
///
/// Returns `None` when `s` does not start with a numeral or when the run of
/// numeral characters is not a well-formed numeral (`十四五`, `三五`, a
/// digit string of more than 24 digits). Bare scales such as `百亿` are
/// returned with `has_digit == false`.
#[inline]
pub fn parse_number(s: &str) -> Option<Number> {
    // Values past any real quantity (a chain of scale characters such as
    // 余億余億余億…, found by the numeral fuzz target, overflowed to
    // infinity) are not numbers; a record holds finite values only.
    if let Some(n) = lone_digit(s) {
        return Some(n);
    }
    if let Some(n) = ascii_integer(s) {
        return Some(n);
    }
    parse_number_unchecked(s).filter(|n| n.value.to_f64().abs() < MAX_VALUE)
}

/// What [`parse_number_unchecked`] reads from up to 18 ASCII digits that
/// no other numeral character, digit group, decimal point, `点`, `多` or
/// `余` follows (2024年, 30个): read without the general loop.
fn ascii_integer(s: &str) -> Option<Number> {
    let b = s.as_bytes();
    let n = b.iter().take(19).take_while(|d| d.is_ascii_digit()).count();
    if n == 0 || n > 18 {
        return None;
    }
    let next = s.get(n..).and_then(|r| r.chars().next());
    if next.is_some_and(|c| {
        matches!(c, ',' | '.' | '．' | '点' | '多' | '余')
            || is_arabic_digit(c)
            || cn_digit(c).is_some()
            || small_unit(c).is_some()
            || big_unit(c).is_some()
    }) {
        return None;
    }
    let m = b[..n]
        .iter()
        .fold(0u64, |m, d| m * 10 + u64::from(d - b'0'));
    Some(Number {
        value: Decimal::new(u128::from(m), 0).normalized(),
        len: n,
        arabic: true,
        has_digit: true,
        ..Number::default()
    })
}

/// What [`parse_number_unchecked`] reads from a Chinese digit 一…九 that no
/// numeral character, `点`, `多` or `余` follows (一些, 两国, 三方面): the
/// commonest numeral, read without the general loop.
fn lone_digit(s: &str) -> Option<Number> {
    let mut it = s.chars();
    let c = it.next()?;
    let d = cn_digit(c)?;
    if d == 0 {
        return None;
    }
    if it.next().is_some_and(|n| {
        cn_digit(n).is_some()
            || small_unit(n).is_some()
            || big_unit(n).is_some()
            || is_arabic_digit(n)
            || matches!(n, '点' | '多' | '余')
    }) {
        return None;
    }
    Some(Number {
        value: Decimal::new(u128::from(d), 0),
        len: c.len_utf8(),
        has_digit: true,
        single_digit: true,
        ..Number::default()
    })
}

/// Largest magnitude read as a number: 10^24, far beyond any quantity in
/// the genre (a country's GDP is ~10^14 元).
const MAX_VALUE: f64 = 1e24;

fn parse_number_unchecked(s: &str) -> Option<Number> {
    if let Some(n) = digit_string(s) {
        return n;
    }
    let mut n = Number::default();
    let mut total = Decimal::ZERO;
    let mut section = Decimal::ZERO;
    let mut pending: Option<Decimal> = None;
    let mut pending_arabic = false;
    let mut unit_before_digit: Option<u32> = None;
    let mut last_small = 4u32;
    let mut last = Last::Start;
    let mut zero_seen = false;
    let mut pos = 0usize;
    let mut end = 0usize;
    let mut cn_units = 0usize;
    while let Some(rest) = s.get(pos..) {
        let Some(c) = rest.chars().next() else { break };
        if last == Last::More && big_unit(c).is_none() {
            break;
        }
        if last == Last::Frac && big_unit(c).is_none() && c != '多' && c != '余' {
            break;
        }
        if is_arabic_digit(c) {
            if pending.is_some() || matches!(last, Last::CnDigit | Last::Num) {
                return None;
            }
            let (d, len) = parse_arabic(rest)?;
            pending = Some(d);
            pending_arabic = true;
            n.arabic = true;
            n.has_digit = true;
            pos += len;
            end = pos;
            last = Last::Num;
            continue;
        }
        if let Some(d) = cn_digit(c) {
            if d == 0 && last != Last::Start {
                if pending.is_some() {
                    return None;
                }
                zero_seen = true;
                last = Last::Zero;
                pos += c.len_utf8();
                continue;
            }
            if pending.is_some() {
                return None;
            }
            pending = Some(Decimal::new(u128::from(d), 0));
            pending_arabic = false;
            unit_before_digit = match last {
                Last::Small(p) | Last::Big(p) => Some(p),
                _ => None,
            };
            n.has_digit = true;
            pos += c.len_utf8();
            end = pos;
            last = Last::CnDigit;
            continue;
        }
        if let Some(p) = small_unit(c) {
            let next = rest.get(c.len_utf8()..).and_then(|r| r.chars().next());
            if unit_after_small(p, next) {
                break;
            }
            if p >= last_small {
                return None;
            }
            let v = match pending.take() {
                Some(v) => v,
                None if matches!(last, Last::Start | Last::Big(_) | Last::Zero) => {
                    if p == 1 {
                        n.has_digit = true;
                    }
                    Decimal::ONE
                }
                None => return None,
            };
            section = section.checked_add(v.scaled(p as i32))?;
            last_small = p;
            cn_units += 1;
            pos += c.len_utf8();
            end = pos;
            last = Last::Small(p);
            continue;
        }
        if let Some(q) = big_unit(c) {
            let mut v = section.checked_add(pending.take().unwrap_or(Decimal::ZERO))?;
            if q == 4 {
                if v.is_zero() {
                    if last == Last::Start {
                        v = Decimal::ONE;
                    } else {
                        break;
                    }
                }
                total = total.checked_add(v.scaled(4))?;
            } else {
                let mut t = total.checked_add(v)?;
                if t.is_zero() {
                    if last == Last::Start {
                        t = Decimal::ONE;
                    } else {
                        break;
                    }
                }
                total = t.scaled(8);
            }
            section = Decimal::ZERO;
            last_small = 4;
            n.scaled = true;
            cn_units += 1;
            pos += c.len_utf8();
            end = pos;
            last = Last::Big(q);
            continue;
        }
        if c == '点' {
            if pending_arabic || !matches!(last, Last::CnDigit | Last::Small(_)) {
                break;
            }
            let Some(after) = rest.get(c.len_utf8()..) else {
                break;
            };
            let mut frac = 0u128;
            let mut k = 0i32;
            let mut flen = 0usize;
            for fc in after.chars() {
                let Some(d) = cn_digit(fc) else { break };
                if fc == '两' || k >= 12 {
                    break;
                }
                frac = frac * 10 + u128::from(d);
                k += 1;
                flen += fc.len_utf8();
            }
            if k == 0 {
                break;
            }
            let int = section.checked_add(pending.take().unwrap_or(Decimal::ZERO))?;
            pending = Some(int.checked_add(Decimal::new(frac, -k))?);
            pending_arabic = false;
            unit_before_digit = None;
            section = Decimal::ZERO;
            last_small = 0;
            pos += c.len_utf8() + flen;
            end = pos;
            last = Last::Frac;
            continue;
        }
        if (c == '多' || c == '余') && !matches!(last, Last::Start | Last::Zero | Last::More) {
            n.more = true;
            pos += c.len_utf8();
            end = pos;
            last = Last::More;
            continue;
        }
        break;
    }
    if end == 0 {
        return None;
    }
    let mut tail = pending.unwrap_or(Decimal::ZERO);
    // 两千五 = 2500, 一万五 = 15000: a last digit right after 百/千/万/亿
    // counts in units of the next lower place.
    if last == Last::CnDigit
        && !zero_seen
        && let Some(u) = unit_before_digit.filter(|&u| u >= 2)
    {
        tail = tail.scaled(u as i32 - 1);
    }
    n.value = total.checked_add(section)?.checked_add(tail)?.normalized();
    n.len = end;
    n.single_digit = !n.arabic && cn_units == 0 && !n.digit_string && last == Last::CnDigit;
    Some(n)
}

/// `二〇二六`, `一九九八`: Chinese digits read one by one. `Some(None)` when
/// the string starts with two Chinese digits that are not a digit string
/// (`三五`); `None` when it does not start with two Chinese digits.
fn digit_string(s: &str) -> Option<Option<Number>> {
    let mut it = s.chars();
    let a = it.next()?;
    let b = it.next()?;
    if a == '两' || b == '两' || cn_digit(a).is_none() || cn_digit(b).is_none() {
        return None;
    }
    let mut m: u128 = 0;
    let mut count = 0usize;
    let mut zero = false;
    let mut len = 0usize;
    let mut next = None;
    for c in s.chars() {
        match cn_digit(c) {
            Some(d) if c != '两' => {
                zero |= d == 0;
                count += 1;
                if count > MAX_DIGITS {
                    return Some(None);
                }
                m = m * 10 + u128::from(d);
                len += c.len_utf8();
            }
            _ => {
                next = Some(c);
                break;
            }
        }
    }
    let continues = next.is_some_and(|c| {
        small_unit(c).is_some() || big_unit(c).is_some() || c == '点' || is_arabic_digit(c)
    });
    if continues || !(zero || count == 4) {
        return Some(None);
    }
    Some(Some(Number {
        value: Decimal::new(m, 0),
        len,
        digit_string: true,
        has_digit: true,
        ..Number::default()
    }))
}

/// What kind of unit follows a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum UnitClass {
    /// No unit.
    #[default]
    None,
    /// A currency: 元, 美元 ….
    Money,
    /// A share: `%` (also `百分之…`, `千分之…`, `…成`, `‰`, all given in `%`).
    Percent,
    /// Percentage points.
    Point,
    /// A multiple: 倍.
    Multiple,
    /// A physical measure: 吨, 亩, 千瓦, 人次 ….
    Measure,
    /// A count classifier: 人, 个, 家, 项 ….
    Count,
    /// A duration or date part: 年, 月, 日, 天 ….
    Time,
    /// Not a unit but a word that marks the number as no quantity (号, 届, 级 …).
    Skip,
}

/// Units of the same first character, longest first.
type UnitGroup = Vec<(&'static str, UnitClass, &'static str)>;

struct UnitTable {
    /// Open-addressed hash slots: (first character, index in `groups`);
    /// `EMPTY` marks a free slot. Twice as many slots as characters at
    /// least, so a lookup ends after a probe or two.
    slots: Vec<(u32, u32)>,
    /// The units of each first character.
    groups: Vec<UnitGroup>,
    /// One bit per BMP character: the first character of some unit (most
    /// characters after a number are none: no probe).
    first: Box<[u64; 1024]>,
}

const EMPTY: u32 = u32::MAX;

/// The home slot of `c` in a table of `mask + 1` slots.
fn slot_of(c: u32, mask: usize) -> usize {
    (u64::from(c).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize & mask
}

impl UnitTable {
    fn new(groups: Vec<(char, UnitGroup)>) -> UnitTable {
        let n = (groups.len() * 2).next_power_of_two().max(16);
        let mut slots = vec![(EMPTY, 0u32); n];
        for (k, (c, _)) in groups.iter().enumerate() {
            let mut h = slot_of(*c as u32, n - 1);
            while slots[h].0 != EMPTY {
                h = (h + 1) & (n - 1);
            }
            slots[h] = (*c as u32, k as u32);
        }
        let mut first = Box::new([0u64; 1024]);
        for (c, _) in &groups {
            let u = *c as usize;
            if u < 0x10000 {
                first[u / 64] |= 1 << (u % 64);
            }
        }
        UnitTable {
            first,
            slots,
            groups: groups.into_iter().map(|g| g.1).collect(),
        }
    }

    fn group(&self, c: char) -> Option<&UnitGroup> {
        let u = c as usize;
        if u < 0x10000 && self.first[u / 64] >> (u % 64) & 1 == 0 {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut h = slot_of(c as u32, mask);
        // (at most every slot once; there is always a free one)
        for _ in 0..self.slots.len() {
            let (k, g) = *self.slots.get(h)?;
            if k == c as u32 {
                return self.groups.get(g as usize);
            }
            if k == EMPTY {
                return None;
            }
            h = (h + 1) & mask;
        }
        None
    }
}

fn units() -> &'static UnitTable {
    static TABLE: OnceLock<UnitTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut by_first: HashMap<char, Vec<(&'static str, UnitClass, &'static str)>> =
            HashMap::new();
        for line in include_str!("../../data/target_units.txt").lines() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut f = line.split('\t');
            let (Some(unit), Some(class)) = (f.next(), f.next()) else {
                continue;
            };
            let canonical = f.next().unwrap_or(unit);
            let class = match class {
                "money" => UnitClass::Money,
                "percent" => UnitClass::Percent,
                "point" => UnitClass::Point,
                "multiple" => UnitClass::Multiple,
                "measure" => UnitClass::Measure,
                "count" => UnitClass::Count,
                "time" => UnitClass::Time,
                _ => UnitClass::Skip,
            };
            if let Some(c) = unit.chars().next() {
                by_first
                    .entry(c)
                    .or_default()
                    .push((unit, class, canonical));
            }
        }
        let mut by_first: Vec<(char, UnitGroup)> = by_first.into_iter().collect();
        by_first.sort_by_key(|g| g.0);
        for (_, v) in &mut by_first {
            v.sort_by_key(|e| std::cmp::Reverse(e.0.len()));
        }
        UnitTable::new(by_first)
    })
}

/// The unit written at the start of `s`: `(as written, class, canonical)`.
pub fn unit_at(s: &str) -> Option<(&'static str, UnitClass, &'static str)> {
    unit_after(s, s.chars().next()?)
}

/// [`unit_at`] given the first character `c` of `s`.
#[inline]
fn unit_after(s: &str, c: char) -> Option<(&'static str, UnitClass, &'static str)> {
    let group = units().group(c)?;
    // (The units of the group start with `c`: the rest is compared, by a
    // byte loop, the units being a few bytes, shorter than a memcmp call.)
    let k = c.len_utf8();
    let rest = s.as_bytes().get(k..).unwrap_or_default();
    let starts = |u: &str| {
        u.len() <= s.len()
            && u.as_bytes()
                .get(k..)
                .is_some_and(|u| u.iter().zip(rest).all(|(a, b)| a == b))
    };
    group.iter().find(|e| starts(e.0)).copied()
}

/// A number with its unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quantity {
    /// The value in base units (`3000亿元` → `3e11`, `三成` → `30`).
    pub value: f64,
    /// The same value, exact.
    pub exact: Decimal,
    /// The unit (`元`, `%`, `人` …), `""` when none follows.
    pub unit: &'static str,
    /// What kind of unit.
    pub class: UnitClass,
    /// A size class: `3000亿级`, `百亿级` (the `级` is consumed).
    pub level: bool,
    /// A percentage written out: `百分之八`, `千分之三`, `三成`.
    pub percent_words: bool,
    /// Bytes consumed, unit and `级` included.
    pub len: usize,
    /// Bytes of the numeral alone (with a `百分之` prefix).
    pub number_len: usize,
    /// The numeral.
    pub number: Number,
}

/// What follows a percent sign after one space (`8 ％`, a stray space
/// before it), if `rest` starts so.
fn spaced_percent(rest: &str) -> Option<&str> {
    if !(rest.starts_with(' ') || rest.starts_with('\u{3000}')) {
        return None;
    }
    ["%", "％"].iter().find_map(|p| {
        rest.strip_prefix([' ', '\u{3000}'])
            .and_then(|r| r.strip_prefix(p))
    })
}

/// Reads a quantity at the start of `s`: a numeral and the unit after it.
///
/// `3000亿元` → `(3e11, "元")`; `百分之十二点五` → `(12.5, "%")`;
/// `千分之三` → `(0.3, "%")`; `三成` → `(30, "%")`; `3‰` → `(0.3, "%")`;
/// `1200万人` → `(1.2e7, "人")`; `3000亿级` → `(3e11, "")` with `level`.
/// Returns `None` when `s` does not start with a numeral.
#[inline]
pub fn parse_quantity(s: &str) -> Option<Quantity> {
    let percent_words = s.starts_with(['百', '千', '万']);
    for (prefix, k) in [("百分之", 0), ("千分之", -1), ("万分之", -2)] {
        if percent_words && let Some(rest) = s.strip_prefix(prefix) {
            let n = parse_number(rest)?;
            let exact = n.value.scaled(k).normalized();
            let len = prefix.len() + n.len;
            return Some(Quantity {
                value: exact.to_f64(),
                exact,
                unit: "%",
                class: UnitClass::Percent,
                level: false,
                percent_words: true,
                len,
                number_len: len,
                number: n,
            });
        }
    }
    let n = parse_number(s)?;
    let rest = s.get(n.len..).unwrap_or("");
    let mut q = Quantity {
        value: 0.0,
        exact: n.value,
        unit: "",
        class: UnitClass::None,
        level: false,
        percent_words: false,
        len: n.len,
        number_len: n.len,
        number: n,
    };
    if rest.starts_with('成') && !n.scaled && !n.more && n.value.to_f64() <= 10.0 {
        q.exact = n.value.scaled(1).normalized();
        q.unit = "%";
        q.class = UnitClass::Percent;
        q.percent_words = true;
        q.len += '成'.len_utf8();
    } else if let Some(pct) = spaced_percent(rest) {
        // 8 ％: a stray space before the percent sign
        q.unit = "%";
        q.class = UnitClass::Percent;
        q.len = s.len() - pct.len();
    } else if let Some((written, class, canonical)) = unit_at(rest) {
        q.unit = canonical;
        q.class = class;
        q.len += written.len();
        if written == "‰" {
            q.exact = n.value.scaled(-1).normalized();
        }
    }
    if n.scaled {
        if q.class == UnitClass::Skip {
            q.unit = "";
            q.class = UnitClass::None;
            q.len = n.len;
        }
        let after = s.get(q.len..).unwrap_or("");
        if matches!(q.class, UnitClass::None | UnitClass::Money) && after.starts_with('级') {
            q.level = true;
            q.len += '级'.len_utf8();
        }
    }
    q.value = q.exact.to_f64();
    Some(q)
}

/// The flags of a [`Number`] that the target extractor reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct NumFlags {
    /// [`Number::arabic`].
    pub arabic: bool,
    /// [`Number::has_digit`].
    pub has_digit: bool,
    /// [`Number::scaled`].
    pub scaled: bool,
    /// [`Number::digit_string`].
    pub digit_string: bool,
    /// [`Number::more`].
    pub more: bool,
    /// [`Number::single_digit`].
    pub single_digit: bool,
}

/// A [`Quantity`] without its exact values: what the target extractor
/// reads, a third of the size (cheap to return and to pass on).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Qty {
    /// [`Quantity::value`].
    pub value: f64,
    /// [`Quantity::unit`].
    pub unit: &'static str,
    /// [`Quantity::class`].
    pub class: UnitClass,
    /// [`Quantity::level`].
    pub level: bool,
    /// [`Quantity::percent_words`].
    pub percent_words: bool,
    /// [`Quantity::len`].
    pub len: usize,
    /// The flags of [`Quantity::number`].
    pub number: NumFlags,
}

impl From<&Quantity> for Qty {
    fn from(q: &Quantity) -> Qty {
        let n = &q.number;
        Qty {
            value: q.value,
            unit: q.unit,
            class: q.class,
            level: q.level,
            percent_words: q.percent_words,
            len: q.len,
            number: NumFlags {
                arabic: n.arabic,
                has_digit: n.has_digit,
                scaled: n.scaled,
                digit_string: n.digit_string,
                more: n.more,
                single_digit: n.single_digit,
            },
        }
    }
}

/// [`parse_quantity`] as a [`Qty`]. The commonest numerals are read here,
/// exactly as the general loop of `parse_number` reads them: a Chinese
/// digit 一…九 or a place 十百千 alone (一些, 三个, 百姓), or up to 15 ASCII
/// digits with an ASCII decimal part (2024年, 30个, 5.2%); then a scale
/// 万/亿 (3000亿元, 1.5万, 十万) and `多`/`余` (300多名, 十多年). Their
/// values are `m × 10^k` with `m` below 10^15, read through [`Decimal`] as
/// `parse_quantity` reads them (an integer below 2^53 is exact in `f64`).
/// Any other numeral character, digit group or decimal point after them,
/// and the rarer numerals, go to [`parse_quantity`].
#[inline]
pub(crate) fn quantity(s: &str) -> Option<Qty> {
    let mut q = Qty::default();
    quantity_into(s, &mut q).then_some(q)
}

/// [`quantity`] written into `q` (its fields stored where the caller reads
/// them: a returned copy was read back across the callee's stores, which
/// the processor does not forward), true when there is one.
#[inline(never)]
pub(crate) fn quantity_into(s: &str, q: &mut Qty) -> bool {
    let b = s.as_bytes();
    // (digits, bytes, Arabic, has a digit, a single digit)
    let (mut m, mut len, arabic, has_digit, mut single_digit) = match b {
        [b'0'..=b'9', ..] => {
            let n = b.iter().take(16).take_while(|d| d.is_ascii_digit()).count();
            if n > 15 {
                return slow_quantity_into(s, q);
            }
            let m = b
                .get(..n)
                .unwrap_or_default()
                .iter()
                .fold(0u64, |m, d| m * 10 + u64::from(d - b'0'));
            (m, n, true, true, false)
        }
        [x @ 0xE4..=0xE9, y, z, ..] => {
            let u = u32::from(x & 0x0F) << 12 | u32::from(y & 0x3F) << 6 | u32::from(z & 0x3F);
            let Some(c) = char::from_u32(u) else {
                return slow_quantity_into(s, q);
            };
            if let Some(d) = cn_digit(c).filter(|&d| d > 0) {
                (u64::from(d), 3, false, true, true)
            } else if let Some(p) = small_unit(c) {
                // 十分, 百姓, 千方百计: a place alone (1 × 10^p); not
                // 百分之, nor 千瓦 and the like (no numeral).
                let next = s.get(3..).and_then(|r| r.chars().next());
                if next == Some('分') && p >= 2 || unit_after_small(p, next) {
                    return slow_quantity_into(s, q);
                }
                (10u64.pow(p), 3, false, p == 1, false)
            } else {
                return slow_quantity_into(s, q);
            }
        }
        _ => return slow_quantity_into(s, q),
    };
    // 5.2: `m` counts tenths (`places` = 1)
    let mut places = 0i32;
    if arabic && b.get(len) == Some(&b'.') {
        let frac = b.get(len + 1..).unwrap_or_default();
        let f = frac
            .iter()
            .take(16)
            .take_while(|d| d.is_ascii_digit())
            .count();
        if f == 0 || len + f > 15 {
            return slow_quantity_into(s, q);
        }
        m = frac
            .get(..f)
            .unwrap_or_default()
            .iter()
            .fold(m, |m, d| m * 10 + u64::from(d - b'0'));
        places = f as i32;
        len += 1 + f;
    }
    let mut rest = s.get(len..).unwrap_or("");
    let mut next = rest.chars().next();
    // 3000亿, 十万: scaled (the general loop goes on after a scale with
    // any numeral character)
    let mut scale = 0i32;
    if let Some(k) = next.and_then(big_unit) {
        // (0万: the general loop ends the numeral before the scale)
        if m == 0 {
            return slow_quantity_into(s, q);
        }
        scale = k as i32;
        single_digit = false;
        len += 3;
        rest = s.get(len..).unwrap_or("");
        next = rest.chars().next();
        if next.is_some_and(is_numeral_char) {
            return slow_quantity_into(s, q);
        }
    }
    // 300多, 两万余: a lower bound (only a scale goes on after it)
    let mut more = false;
    if let Some(c @ ('多' | '余')) = next {
        more = true;
        single_digit = false;
        len += c.len_utf8();
        rest = s.get(len..).unwrap_or("");
        next = rest.chars().next();
        if next.and_then(big_unit).is_some() {
            return slow_quantity_into(s, q);
        }
    } else if scale == 0
        && let Some(c) = next
        && (is_numeral_char(c) || c == '点' && !arabic || arabic && matches!(c, ',' | '.' | '．'))
    {
        // (after Arabic digits `点` ends the numeral: 8点)
        return slow_quantity_into(s, q);
    }
    let exact = Decimal::new(u128::from(m), scale - places);
    let plain = scale == 0 && places == 0;
    *q = Qty {
        value: 0.0,
        unit: "",
        class: UnitClass::None,
        level: false,
        percent_words: false,
        len,
        number: NumFlags {
            arabic,
            has_digit,
            scaled: scale > 0,
            more,
            single_digit,
            ..NumFlags::default()
        },
    };
    // (as in `parse_quantity`)
    let mut value = exact;
    if next == Some('成')
        && scale == 0
        && !more
        && (if plain {
            m <= 10
        } else {
            exact.to_f64() <= 10.0
        })
    {
        value = exact.scaled(1);
        q.unit = "%";
        q.class = UnitClass::Percent;
        q.percent_words = true;
        q.len += '成'.len_utf8();
    } else if let Some(pct) = matches!(next, Some(' ' | '\u{3000}'))
        .then(|| spaced_percent(rest))
        .flatten()
    {
        q.unit = "%";
        q.class = UnitClass::Percent;
        q.len = s.len() - pct.len();
    } else if let Some(c) = next
        && let Some((written, class, canonical)) = unit_after(rest, c)
    {
        q.unit = canonical;
        q.class = class;
        q.len += written.len();
        if written == "‰" {
            value = exact.scaled(-1);
        }
    }
    if scale > 0 {
        if q.class == UnitClass::Skip {
            q.unit = "";
            q.class = UnitClass::None;
            q.len = len;
        }
        let after = s.get(q.len..).unwrap_or("");
        if matches!(q.class, UnitClass::None | UnitClass::Money) && after.starts_with('级') {
            q.level = true;
            q.len += '级'.len_utf8();
        }
    }
    q.value = if value == exact && plain {
        m as f64
    } else {
        value.to_f64()
    };
    true
}

/// [`parse_quantity`] as a [`Qty`] (out of line: the rarer numerals).
#[inline(never)]
fn slow_quantity_into(s: &str, q: &mut Qty) -> bool {
    match parse_quantity(s) {
        Some(p) => {
            *q = Qty::from(&p);
            true
        }
        None => false,
    }
}

/// The value of a string that is entirely one quantity (`"3000亿元"`,
/// `"百分之八"`, `"1,200"`), or `None`.
pub fn parse_value(s: &str) -> Option<f64> {
    let q = parse_quantity(s.trim())?;
    (q.len == s.trim().len()).then_some(q.value)
}

#[cfg(test)]
mod tests {

    #[test]
    fn is_numeral_char_is_the_union_of_its_parts() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let slow = is_arabic_digit(c)
                || cn_digit(c).is_some()
                || small_unit(c).is_some()
                || big_unit(c).is_some();
            assert_eq!(is_numeral_char(c), slow, "{c:?}");
        }
    }

    /// Whether the character at byte `k` of `s` is one where
    /// [`last_amount_start`] stops, by characters.
    fn slow_amount_start(s: &str, k: usize) -> bool {
        let mut cs = s[k..].chars();
        let Some(c) = cs.next() else { return false };
        let next = cs.next();
        if c.is_ascii_digit() {
            let run = s[k..].trim_start_matches(|d: char| d.is_ascii_digit());
            // (whether that is never an amount: `amounts_start_at_amount_starts`)
            let unit = unit_at(run).map(|u| u.1);
            return !matches!(unit, Some(UnitClass::Time | UnitClass::Skip));
        }
        is_arabic_digit(c)
            || matches!(c, '〇' | '○' | '十' | '拾')
            || is_numeral_char(c)
                && next.is_some_and(|n| {
                    is_numeral_char(n) || matches!(n, '成' | '多' | '余' | '点' | '分')
                })
    }

    /// [`last_amount_start`] by characters.
    fn slow_last_amount_start(s: &str) -> Option<usize> {
        let starts: Vec<usize> = s.char_indices().map(|(k, _)| k).collect();
        starts.into_iter().rev().find(|&k| slow_amount_start(s, k))
    }

    #[test]
    fn last_amount_start_is_a_reverse_char_search() {
        // Every BMP character (and some astral ones) next to numeral
        // characters and to characters of each length.
        let chars = (0..=0xFFFFu32)
            .chain((0x10000..=0x10FFFF).step_by(97))
            .filter_map(char::from_u32);
        for c in chars {
            for s in [
                format!("{c}"),
                format!("{c}一é"),
                format!("一{c}"),
                format!("万{c}中"),
                format!("９{c}"),
                format!("〇😀{c}a"),
                format!("{c}五{c}中"),
                format!("{c}中国人民共和国"),
                format!("中国{c}人民共和国a"),
                format!("三中国{c}{c}人民共和"),
                format!("é{c}中国人民共和"),
            ] {
                assert_eq!(last_amount_start(&s), slow_last_amount_start(&s), "{s:?}");
            }
        }
        for s in [
            "",
            "一",
            "一个",
            "三成",
            "二〇二六年",
            "增长3.5%，达到",
            "第十四个五年规划😀",
            "é1é",
            "百分之八",
            "亿元",
            "万亿元",
            "2026年",
            "到2026年增长5%",
            "3月5日",
            "5日元",
            "12号",
            "1.5年",
            "1,200年",
        ] {
            assert_eq!(last_amount_start(s), slow_last_amount_start(s), "{s:?}");
        }
    }

    /// Every quantity the target extractor may take for an amount (it
    /// drops a time or a number (the unit's class), and a numeral of
    /// Chinese characters that is a single digit without `成`, or that has
    /// no digit and is no size class or money of 10^10 or more; here any
    /// value of 10^10 or more) starts where [`last_amount_start`] looks.
    #[test]
    fn amounts_start_at_amount_starts() {
        let may_be_amount = |q: &Qty| {
            let amount = q.number.arabic
                || (!q.number.single_digit || q.percent_words)
                    && (q.number.has_digit || q.level && q.value >= 1e9 || q.value >= 1e10);
            amount && !matches!(q.class, UnitClass::Time | UnitClass::Skip)
        };
        let bmp = || (0..=0xFFFFu32).filter_map(char::from_u32);
        let numerals: Vec<char> = bmp().filter(|&c| is_numeral_char(c)).collect();
        // (After a character that does not go on with the numeral, what
        // follows it changes no flag: one tail.)
        let goes_on = |n: char| is_numeral_char(n) || "成多余点分.,．".contains(n);
        let mut amounts = 0;
        for &c in &numerals {
            for n in bmp() {
                let tails: &[&str] = if goes_on(n) {
                    &[
                        "",
                        "元",
                        "亿元",
                        "级",
                        "%",
                        "五",
                        "分之三",
                        "亿级",
                        "年",
                        "3年",
                        "日",
                        "日元",
                        "3日元",
                        "3月",
                        "号",
                        "时",
                        "3小时",
                        "3个月",
                        "3个",
                        "3点",
                        "3届",
                        "3天",
                    ]
                } else {
                    &["元"]
                };
                for tail in tails {
                    let s = format!("{c}{n}{tail}");
                    let Some(q) = quantity(&s) else { continue };
                    if may_be_amount(&q) {
                        amounts += 1;
                        assert!(slow_amount_start(&s, 0), "{s:?}");
                        assert!(last_amount_start(&s).is_some(), "{s:?}");
                    }
                }
            }
        }
        assert!(amounts > 10_000, "{amounts}");
    }

    /// Every char of the BMP (and two astral ones) after each head, with
    /// `tails` after it: `fast` must agree with the general loop wherever it
    /// answers, and `parse_number` everywhere; `fast` must answer somewhere.
    fn fast_path_agrees(
        heads: impl Iterator<Item = String>,
        tails: &[&str],
        fast: fn(&str) -> Option<Number>,
    ) {
        let mut answered = 0;
        for d in heads {
            let nexts = (0..=0xFFFFu32)
                .chain([0x1F600, 0x2000A])
                .filter_map(char::from_u32);
            let with_tails = |n: char| {
                tails
                    .iter()
                    .map(|t| format!("{d}{n}{t}"))
                    .collect::<Vec<_>>()
            };
            let strings = std::iter::once(d.clone()).chain(nexts.flat_map(with_tails));
            for s in strings {
                let slow =
                    parse_number_unchecked(&s).filter(|n| n.value.to_f64().abs() < MAX_VALUE);
                if let Some(n) = fast(&s) {
                    answered += 1;
                    assert_eq!(Some(n), slow, "{s:?}");
                }
                assert_eq!(parse_number(&s), slow, "{s:?}");
            }
        }
        assert!(answered > 0);
    }

    #[test]
    fn lone_digits_read_as_the_general_loop_reads_them() {
        let digits = (0..=0xFFFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| cn_digit(c).is_some())
            .map(String::from);
        fast_path_agrees(digits, &["5"], lone_digit);
    }

    #[test]
    fn ascii_integers_read_as_the_general_loop_reads_them() {
        let heads = [
            "0",
            "1",
            "20",
            "100",
            "000",
            "2024",
            "1200",
            "123456789012345678",
            "1234567890123456789",
        ];
        fast_path_agrees(
            heads.iter().map(|h| h.to_string()),
            &["5", "500"],
            ascii_integer,
        );
    }

    /// `quantity` (fast paths included) reads each head, then every BMP char
    /// (and two astral ones) before or after each tail, as `parse_quantity`.
    fn quantity_agrees(heads: &[&str], tails: &[&str]) {
        let nexts = (0..=0xFFFFu32)
            .chain([0x1F600, 0x2000A])
            .filter_map(char::from_u32);
        for n in nexts {
            for h in heads {
                for t in tails {
                    for s in [format!("{h}{n}{t}"), format!("{h}{t}{n}")] {
                        let slow = parse_quantity(&s).as_ref().map(Qty::from);
                        assert_eq!(quantity(&s), slow, "{s:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn quick_scaled_and_decimal_quantities_read_as_parse_quantity_reads_them() {
        let heads = [
            "1.5",
            "0.0",
            "0",
            "3.25",
            "12345678901.234",
            "123456789012.345",
            "十",
            "百",
            "三",
            "两",
        ];
        let tails = [
            "",
            "万",
            "亿元",
            "多",
            "余万",
            "万多人",
            "万级",
            "亿级",
            "点",
            "分之",
            "成",
            "‰",
        ];
        quantity_agrees(&heads, &tails);
    }

    #[test]
    fn quick_quantities_read_as_parse_quantity_reads_them() {
        let heads = [
            "一",
            "两",
            "九",
            "零",
            "十",
            "百",
            "千",
            "拾",
            "佰",
            "仟",
            "万",
            "壹",
            "0",
            "1",
            "10",
            "11",
            "2024",
            "000",
            "123456789012345",
            "1234567890123456",
            "9007199254740993",
        ];
        let tails = [
            "",
            "5",
            "成",
            "%",
            " %",
            "\u{3000}％",
            "‰",
            "年",
            "个",
            "亿级",
            "分之三",
            "瓦",
        ];
        quantity_agrees(&heads, &tails);
    }

    use super::*;

    fn num(s: &str) -> Option<f64> {
        parse_number(s).map(|n| n.value.to_f64())
    }

    #[test]
    fn chinese() {
        assert_eq!(num("三千亿"), Some(3e11));
        assert_eq!(num("两千"), Some(2000.0));
        assert_eq!(num("两"), Some(2.0));
        assert_eq!(num("一千二百万"), Some(1.2e7));
        assert_eq!(num("十二"), Some(12.0));
        assert_eq!(num("二十"), Some(20.0));
        assert_eq!(num("一百零五"), Some(105.0));
        assert_eq!(num("两千五"), Some(2500.0));
        assert_eq!(num("一万五"), Some(15000.0));
        assert_eq!(num("零点五"), Some(0.5));
        assert_eq!(num("十二点五"), Some(12.5));
        assert_eq!(num("三万五千亿"), Some(3.5e12));
        assert_eq!(num("十二亿三千万"), Some(1.23e9));
        assert_eq!(num("二〇二六"), Some(2026.0));
        assert_eq!(num("十四五"), None);
        assert_eq!(num("三五"), None);
    }

    #[test]
    fn arabic_and_mixed() {
        assert_eq!(num("12000"), Some(12000.0));
        assert_eq!(num("1,200"), Some(1200.0));
        assert_eq!(num("1.3万亿"), Some(1.3e12));
        assert_eq!(num("3541.07万"), Some(35410700.0));
        assert_eq!(num("100000万"), Some(1e9));
        assert_eq!(num("7亿6千多万"), Some(7.6e8));
        assert_eq!(num("5千万"), Some(5e7));
        assert_eq!(parse_number("2019,2020").map(|n| n.len), Some(4));
        assert_eq!(num("12345678901234567890123456"), None);
    }

    #[test]
    fn quantities() {
        let q = |s: &str| parse_quantity(s).map(|q| (q.value, q.unit));
        assert_eq!(q("3000亿元"), Some((3e11, "元")));
        assert_eq!(q("100000万美元"), Some((1e9, "美元")));
        assert_eq!(q("百分之十二点五"), Some((12.5, "%")));
        assert_eq!(q("千分之三"), Some((0.3, "%")));
        assert_eq!(q("三成"), Some((30.0, "%")));
        assert_eq!(q("60万千瓦"), Some((6e5, "千瓦")));
        assert_eq!(q("1个百分点"), Some((1.0, "百分点")));
        assert!(parse_quantity("百亿级").unwrap().level);
    }

    #[test]
    fn exact_decimals() {
        for (s, want) in [
            ("1.3万亿", "1300000000000"),
            ("0.1", "0.1"),
            ("3541.07万", "35410700"),
        ] {
            let v = num(s).unwrap();
            assert_eq!(v, want.parse::<f64>().unwrap(), "{s}");
        }
    }

    #[test]
    fn unit_lookup_is_a_linear_search() {
        let all: Vec<&str> = include_str!("../../data/target_units.txt")
            .lines()
            .map(str::trim_end)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split('\t').next())
            .collect();
        let mut probes: Vec<String> = all.iter().map(|u| format!("{u}以上")).collect();
        probes.extend(["", "x", "的", "万", "\u{10000}"].map(String::from));
        for p in &probes {
            // the longest unit the string starts with (the first listed of
            // equal length)
            let mut want: Option<&str> = None;
            for u in &all {
                if p.starts_with(u) && want.is_none_or(|w| u.len() > w.len()) {
                    want = Some(u);
                }
            }
            assert_eq!(unit_at(p).map(|u| u.0), want, "{p}");
        }
    }

    #[test]
    fn no_panic_on_odd_input() {
        for s in [
            "",
            "点",
            "多",
            "万",
            "亿亿亿亿亿亿亿亿",
            "0.",
            "1,",
            "1,2",
            "．",
            "百分之",
            "零零",
        ] {
            let _ = parse_quantity(s);
        }
        let long = "九".repeat(200);
        assert!(parse_number(&long).is_none());
        let long = "亿".repeat(200);
        let _ = parse_number(&long);
    }
}
