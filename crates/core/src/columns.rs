//! Traces side by side in a terminal, aligned on time.
