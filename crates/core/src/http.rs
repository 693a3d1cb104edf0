//! HTTP/1.1 for the real clients: URLs, requests, and responses read without I/O.

/// The reason given when a status line is not HTTP/1.x.
pub const BAD_STATUS_LINE: &str = "the status line is not HTTP/1.x";
