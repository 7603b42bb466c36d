//! Any string → the numeral parser (`一千二百万`, `1.5万亿`, `百分之五十`,
//! `3000多`): no panic, and a value, when there is one, is finite (the
//! record is JSON, which has no NaN or infinity).
//!
//! Written against `tifa::extract::numeral::parse_number(&str) ->
//! Option<f64>`; listed in fuzz/Cargo.toml once the numeral parser is
//! merged (see the commented `[[bin]]` there).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(v) = tifa::extract::numeral::parse_number(s) {
        assert!(v.is_finite(), "{s:?} parsed to {v}");
    }
});
