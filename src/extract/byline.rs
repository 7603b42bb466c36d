//! Stub: bylines (reporters, editors, photographers, authors).
