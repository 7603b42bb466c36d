mod cli;
mod segment;
mod targets;
