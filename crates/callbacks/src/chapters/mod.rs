//! The chapters in the callback style, one module each. The same path in
//! `threeways-blocking` and `threeways-async` holds the same program.

pub mod comprehensions;
pub mod cpu_bound;
pub mod download;
pub mod failures;
pub mod fan_out;
pub mod first_await;
pub mod sharing;
pub mod ticker;
pub mod under_the_hood;
