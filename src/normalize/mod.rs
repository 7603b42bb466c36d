//! Text normalization stages.

pub mod t2s;
#[cfg(feature = "opencc")]
pub mod opencc_backend;
