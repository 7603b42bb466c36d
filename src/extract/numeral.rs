//! Stub: Chinese and mixed numerals.
