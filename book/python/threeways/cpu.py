"""CPU work for the `cpu-bound` chapter: counting primes.

`count_primes(job)` keeps the calling thread busy for the job's cost in
virtual time, as computing would: on a thread of its own, the others go on
meanwhile (as on another core); on the asyncio loop's thread, the loop runs
nothing else until it returns.

The count itself is real, and equals Rust's. It is made with a sieve,
once per process: the simulated cost is what the chapter is about, and
trial division in pure Python would take seconds of real time for it.
"""

import math

from .world import current, micros, span

__all__ = ["count_primes"]

_sieve = bytearray()  # _sieve[n] is 1 if n is prime; grown as needed


def _primes_below(stop):
    global _sieve
    if len(_sieve) < stop:
        sieve = bytearray([1]) * stop
        sieve[: min(2, stop)] = bytes(min(2, stop))
        for n in range(2, math.isqrt(max(stop - 1, 0)) + 1):
            if sieve[n]:
                sieve[n * n :: n] = bytes(len(range(n * n, stop, n)))
        _sieve = sieve
    return _sieve


def count_primes(job):
    """How many primes there are in `range(job.start, job.stop)`. Takes
    `job.cost` seconds of the calling thread's time."""
    world = current()
    with span(job.label(), kind="cpu"):
        world.sched.sleep(micros(job.cost))
    return _primes_below(job.stop).count(1, job.start, job.stop)
