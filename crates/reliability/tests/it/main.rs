//! The reliability suites of `docs/reliability.md`: the fault matrix in real time against the
//! emulator and a hostile socket server, the timing proofs on tokio's paused clock, secret
//! hygiene under TRACE logging, a load check, and the proptest equivalents of the fuzz targets.
//! (The memory proof is `tests/memory`: its counting allocator must be alone in its process.)

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod fault_matrix;
mod load;
mod paused;
mod properties;
mod secrets;
mod support;
