//! The chapters in the blocking style, one module each. The same path in
//! `threeways-callbacks` and `threeways-async` holds the same program.

pub mod comprehensions;
pub mod cpu_bound;
pub mod download;
pub mod failures;
pub mod fan_out;
pub mod first_await;
pub mod sharing;
pub mod ticker;
