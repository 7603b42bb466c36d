mod cli;
mod directives;
mod segment;
mod targets;
