//! The system OpenCC through `opencc-rust` (feature `opencc`): a second
//! traditional → simplified backend for parity checks against [`T2s`].
//!
//! Building needs the OpenCC C++ library and headers (Debian:
//! `libopencc-dev`). opencc-rust 2.x asks pkg-config for OpenCC 1.4–1.5;
//! with an older system OpenCC (Debian 12 ships 1.1.6) point it at the
//! library directly, which skips pkg-config:
//! `OPENCC_LIB_DIRS=/usr/lib/x86_64-linux-gnu OPENCC_INCLUDE_DIRS=/usr/include/opencc
//! OPENCC_LIBS=opencc`.
//!
//! [`T2s`]: super::t2s::T2s

use opencc_rust::{DefaultConfig, OpenCC};

/// OpenCC's `t2s` config, loaded from the system's OpenCC data.
pub struct OpenccT2s {
    inner: OpenCC,
}

impl std::fmt::Debug for OpenccT2s {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OpenccT2s")
    }
}

impl OpenccT2s {
    /// Opens OpenCC's `t2s.json`; the error says why OpenCC refused.
    pub fn new() -> Result<OpenccT2s, String> {
        OpenccT2s::with_config(DefaultConfig::T2S)
    }

    /// Opens another of OpenCC's default configs (`TW2S`, `HK2S`, …).
    pub fn with_config(config: DefaultConfig) -> Result<OpenccT2s, String> {
        OpenCC::new(config)
            .map(|inner| OpenccT2s { inner })
            .map_err(|e| e.to_string())
    }

    /// The converted text. Text OpenCC cannot take (it stops at NUL bytes)
    /// is converted piecewise around them; on any other error the input
    /// comes back unchanged.
    pub fn convert(&self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for (i, piece) in s.split('\0').enumerate() {
            if i > 0 {
                out.push('\0');
            }
            match self.inner.convert(piece) {
                Ok(c) => out.push_str(&c),
                Err(_) => out.push_str(piece),
            }
        }
        out
    }
}
