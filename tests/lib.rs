mod cli;
mod segment;
