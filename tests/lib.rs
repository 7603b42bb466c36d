mod cli;
mod directives;
mod segment;
mod t2s;
mod targets;
