"""Chapter `cpu-bound`, with callbacks: CPU work in a callback freezes the
loop, and the ticker misses its ticks; in the loop's executor it does not.

Twin of crates/callbacks/src/chapters/cpu_bound.rs.
"""

import asyncio

from threeways import note, run
from threeways.callbacks import start_chain
from threeways.cpu import count_primes
from threeways.scenario import tick_note

CHAPTER, STYLE = "cpu-bound", "callbacks"


# ANCHOR: ticker
def keep_time(loop, number, ticks, period, finished):
    """Ticks `ticks` times, every `period` seconds on a fixed schedule, and
    notes each tick, late ones included. Each tick sets the timer for the
    next; the future `finished` is done after the last."""
    if number > ticks:
        return finished.set_result(None)
    due = period * number

    def tick():
        note(tick_note(number, due, loop.time(), period))
        keep_time(loop, number + 1, ticks, period, finished)

    loop.call_later(max(0, due - loop.time()), tick)
# ANCHOR_END: ticker


# ANCHOR: work
def work_and_tick(loop, job, ticks, period, done):
    """Keeps time, and computes in a callback. While `count_primes` runs,
    the loop runs nothing else: the ticker's timers fall due, and wait."""
    ticked = loop.create_future()
    start_chain("ticker", keep_time, loop, 1, ticks, period, ticked)

    def work():
        primes = count_primes(job)
        note(f"{primes} primes")
        ticked.add_done_callback(lambda _: done.set_result(primes))

    loop.call_later(0.120, work)  # waiting for the input, say
# ANCHOR_END: work


# ANCHOR: worker
def work_on_worker(loop, job, ticks, period, done):
    """The same, with the work in the loop's executor: the loop stays free."""
    ticked = loop.create_future()
    start_chain("ticker", keep_time, loop, 1, ticks, period, ticked)

    def counted(primes):
        note(f"{primes.result()} primes")
        ticked.add_done_callback(lambda _: done.set_result(primes.result()))

    def work():
        loop.run_in_executor(None, count_primes, job).add_done_callback(counted)

    loop.call_later(0.120, work)
# ANCHOR_END: worker


def program(start):
    def main(scenario):
        loop = asyncio.new_event_loop()
        try:
            done = loop.create_future()
            start(loop, scenario.job, scenario.ticks, scenario.tick, done)
            primes = loop.run_until_complete(done)
            return [f"{primes} primes", f"{scenario.ticks} ticks"]
        finally:
            loop.close()

    return main


PROGRAMS = {"inline": program(work_and_tick), "worker": program(work_on_worker)}

if __name__ == "__main__":
    run(CHAPTER, STYLE, PROGRAMS)
