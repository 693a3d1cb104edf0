//! The `cpu-bound` chapter's prime counter: the one loop of the workspace
//! whose speed a reader sees.
//!
//! It lives alone so that the root `Cargo.toml` can compile it at
//! `opt-level = 3` in the dev profile, and nothing else: a `--real` run of
//! `cpu-bound` then takes about as long from `cargo run` as from a release
//! build, while every other crate keeps a quick debug build. The model's
//! `CpuJob` is what the chapters use; this is its arithmetic.

#![forbid(unsafe_code)]

/// How many primes there are in `from..to`.
pub fn count_primes(from: u64, to: u64) -> u64 {
    (from..to).filter(|n| is_prime(*n)).count() as u64
}

/// Trial division by odd numbers: slow on purpose, and easy to check.
pub fn is_prime(n: u64) -> bool {
    if n < 2 {
        return false;
    }
    if n.is_multiple_of(2) {
        return n == 2;
    }
    (3..)
        .step_by(2)
        .take_while(|d| d * d <= n)
        .all(|d| !n.is_multiple_of(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_the_primes_below_a_hundred_and_a_range_past_them() {
        assert_eq!(count_primes(0, 100), 25);
        assert_eq!(count_primes(90, 100), 1);
        assert_eq!(count_primes(100, 100), 0);
        let small: Vec<u64> = (0..20).filter(|n| is_prime(*n)).collect();
        assert_eq!(small, [2, 3, 5, 7, 11, 13, 17, 19]);
    }
}
