//! Cleaning: markup → the article's lines, minus what is not the article.

pub mod lines;
pub mod markup;
pub mod pinyin;
