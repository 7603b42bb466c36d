//! Any string → the numeral parser (`一千二百万`, `1.5万亿`, `百分之五十`,
//! `3000多`): no panic; a value, when there is one, is finite (the record
//! is JSON, which has no NaN or infinity); the consumed length lies on a
//! char boundary inside the input.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tifa::extract::numeral::{parse_number, parse_quantity};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(n) = parse_number(s) {
        let v = n.value.to_f64();
        assert!(v.is_finite(), "{s:?} parsed to {v}");
        assert!(n.len <= s.len() && s.is_char_boundary(n.len), "{s:?}: len {}", n.len);
    }
    if let Some(q) = parse_quantity(s) {
        assert!(q.value.is_finite(), "{s:?} parsed to {}", q.value);
        assert!(q.len <= s.len() && s.is_char_boundary(q.len), "{s:?}: len {}", q.len);
    }
});
