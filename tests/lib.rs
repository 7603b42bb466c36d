//! The integration test binary (one, as in regex): each module is a stage.

mod adversarial;
mod cli;
mod directives;
mod invariants;
mod officials;
mod properties;
mod regressions;
mod segment;
mod slogans;
mod t2s;
mod targets;
