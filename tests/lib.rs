mod cli;
mod directives;
mod segment;
mod slogans;
mod t2s;
mod targets;
