mod cli;
mod directives;
mod officials;
mod segment;
mod slogans;
mod t2s;
mod targets;
