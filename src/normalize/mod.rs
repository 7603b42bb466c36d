//! Text normalization stages.

#[cfg(feature = "opencc")]
pub mod opencc_backend;
pub mod t2s;
