"""Chapter `cpu-bound`, with asyncio: a task that computes keeps the loop,
and the other tasks starve; `asyncio.to_thread` moves the work to a
thread; `await asyncio.sleep(0)` between pieces of work shares the loop.

Twin of crates/async/src/chapters/cpu_bound.rs.
"""

import asyncio

from threeways import note, run
from threeways.cpu import count_primes
from threeways.scenario import tick_note

CHAPTER, STYLE = "cpu-bound", "asyncio"


# ANCHOR: ticker
async def keep_time(ticks, period):
    """Ticks `ticks` times, every `period` seconds on a fixed schedule, and
    notes each tick, late ones included."""
    loop = asyncio.get_running_loop()
    for number in range(1, ticks + 1):
        due = period * number
        await asyncio.sleep(max(0, due - loop.time()))
        note(tick_note(number, due, loop.time(), period))
# ANCHOR_END: ticker


# ANCHOR: work
async def work_and_tick(job, ticks, period):
    """Keeps time in one task and computes in another. `count_primes` is a
    plain call, with no `await` in it, so it keeps the loop until it is
    done: the ticker's timers fall due, and nobody runs them."""
    ticker = asyncio.create_task(keep_time(ticks, period), name="ticker")
    await asyncio.sleep(0.120)  # waiting for the input, say
    primes = count_primes(job)
    note(f"{primes} primes")
    await ticker
    return primes
# ANCHOR_END: work


# ANCHOR: spawn_blocking
async def work_on_thread(job, ticks, period):
    """The same, with the work on a thread of the loop's executor."""
    ticker = asyncio.create_task(keep_time(ticks, period), name="ticker")
    await asyncio.sleep(0.120)
    primes = await asyncio.to_thread(count_primes, job)
    note(f"{primes} primes")
    await ticker
    return primes
# ANCHOR_END: spawn_blocking


# ANCHOR: chunked
async def work_in_pieces(job, pieces, ticks, period):
    """The same work in pieces, letting go of the loop after each one, so
    that the ticker runs in between."""
    ticker = asyncio.create_task(keep_time(ticks, period), name="ticker")
    await asyncio.sleep(0.120)
    primes = 0
    for piece in job.split(pieces):
        primes += count_primes(piece)
        await asyncio.sleep(0)  # let the other tasks run
    note(f"{primes} primes")
    await ticker
    return primes
# ANCHOR_END: chunked


def program(work, *args):
    def main(scenario):
        more = [arg(scenario) for arg in args]
        primes = asyncio.run(work(scenario.job, *more, scenario.ticks, scenario.tick))
        return [f"{primes} primes", f"{scenario.ticks} ticks"]

    return main


PROGRAMS = {
    "inline": program(work_and_tick),
    "to-thread": program(work_on_thread),
    "chunked": program(work_in_pieces, lambda scenario: scenario.chunks),
}

if __name__ == "__main__":
    run(CHAPTER, STYLE, PROGRAMS)
