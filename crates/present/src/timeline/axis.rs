//! The time axis of a timeline: a few round ticks, labelled in
//! milliseconds with just enough decimals, computed in whole nanoseconds so
//! that the labels are the same on every platform.

/// What the time axis is labelled with, once.
pub(super) const UNIT: &str = "ms";
/// At most this many ticks on the time axis; the step rule gives at least 4.
const MAX_TICKS: u128 = 8;
/// Nanoseconds in a millisecond, the axis's unit.
const NANOS_PER_MS: u128 = 1_000_000;

/// A labelled mark on the time axis.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Tick {
    /// Where, in nanoseconds after the start.
    pub(super) nanos: u128,
    /// The time in milliseconds, such as `150` or `0.25`.
    pub(super) label: String,
}

/// The ticks from zero to `extent` nanoseconds, every multiple of a round
/// step: the smallest of 1, 2 or 5 times a power of ten that gives no more
/// than [`MAX_TICKS`]. The next smaller step would give more than that, and
/// steps grow by at most 2.5 times, so there are at least 4 (unless the
/// extent is a few nanoseconds).
pub(super) fn ticks(extent: u128) -> Vec<Tick> {
    let step = round_steps()
        .find(|step| extent / step < MAX_TICKS)
        // Unreachable: the steps go up to 10^38 ns, and a `Duration` is under
        // 10^29 ns. Should it happen, a single tick at zero is still an axis.
        .unwrap_or(u128::MAX);
    let decimals = decimals_for(step);
    (0..=extent / step)
        .map(|i| Tick {
            nanos: i * step,
            label: format_tick(i * step, decimals),
        })
        .collect()
}

/// 1, 2, 5, 10, 20, 50, … nanoseconds, as far as `u128` goes.
fn round_steps() -> impl Iterator<Item = u128> {
    std::iter::successors(Some(1u128), |power| power.checked_mul(10))
        .flat_map(|power| [1, 2, 5].map(|factor| power.checked_mul(factor)))
        .map_while(|step| step)
}

/// How many decimals of a millisecond tick labels need to tell ticks `step`
/// nanoseconds apart: none for 50 ms, one for 0.5 ms, three for 2 µs. At most
/// six, since a step is a whole number of nanoseconds.
fn decimals_for(step: u128) -> usize {
    let mut decimals = 6;
    let mut rest = step;
    while decimals > 0 && rest.is_multiple_of(10) {
        rest /= 10;
        decimals -= 1;
    }
    decimals
}

/// `nanos` in milliseconds with `decimals` decimals (at most six), except
/// for the origin, which is plain `0`. Computed in integers, so a tick is
/// labelled `0.3`, never `0.30000000000000004`.
fn format_tick(nanos: u128, decimals: usize) -> String {
    let whole = nanos / NANOS_PER_MS;
    if decimals == 0 || nanos == 0 {
        return whole.to_string();
    }
    let fraction = format!("{:06}", nanos % NANOS_PER_MS);
    format!("{whole}.{}", &fraction[..decimals.min(6)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn tick_labels(extent: Duration) -> Vec<String> {
        ticks(extent.as_nanos())
            .into_iter()
            .map(|tick| tick.label)
            .collect()
    }

    #[test]
    fn ticks_of_260_ms_are_every_50_ms() {
        assert_eq!(
            tick_labels(Duration::from_millis(260)),
            ["0", "50", "100", "150", "200", "250"]
        );
    }

    #[test]
    fn ticks_below_a_millisecond_have_just_enough_decimals() {
        assert_eq!(
            tick_labels(Duration::from_micros(300)),
            ["0", "0.05", "0.10", "0.15", "0.20", "0.25", "0.30"]
        );
        assert_eq!(
            tick_labels(Duration::from_micros(1500)),
            ["0", "0.2", "0.4", "0.6", "0.8", "1.0", "1.2", "1.4"]
        );
    }

    #[test]
    fn ticks_are_few_and_round_at_every_scale() {
        let mut extent = 10u128;
        while extent < 1_000_000_000_000_000 {
            for extent in [extent, extent * 3, extent * 7 + 1] {
                let ticks = ticks(extent);
                assert!((4..=8).contains(&ticks.len()), "{extent} ns: {ticks:?}");
                let step = ticks[1].nanos;
                let power = 10u128.pow(step.ilog10());
                assert!(
                    [1, 2, 5].contains(&(step / power)) && step.is_multiple_of(power),
                    "{step}"
                );
                assert!(ticks.last().is_some_and(|t| t.nanos <= extent));
            }
            extent *= 10;
        }
    }
}
