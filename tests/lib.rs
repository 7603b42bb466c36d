//! The integration test binary.

mod adversarial;
mod invariants;
mod properties;
mod regressions;
