"""Chapter `cpu-bound`, with threads: CPU work next to a ticker, each on a
thread of its own.

Twin of crates/blocking/src/chapters/cpu_bound.rs.
"""

from threeways import note, now, run
from threeways.cpu import count_primes
from threeways.scenario import tick_note
from threeways.threads import Thread, sleep

CHAPTER, STYLE = "cpu-bound", "threads"


# ANCHOR: ticker
def keep_time(ticks, period):
    """Ticks `ticks` times, every `period` seconds on a fixed schedule, and
    notes each tick, late ones included."""
    for number in range(1, ticks + 1):
        due = period * number
        sleep(max(0, due - now()))
        note(tick_note(number, due, now(), period))
# ANCHOR_END: ticker


# ANCHOR: work
def work_and_tick(job, ticks, period):
    """Keeps time on one thread and computes on another. The operating
    system gives the ticker's thread its turn, and so does Python's GIL,
    which makes a computing thread let go of the interpreter every 5 ms
    (`sys.getswitchinterval()`) when another thread wants it: for real, a
    tick may come up to 5 ms late. (The simulation does not model the GIL.)"""
    ticker = Thread(target=keep_time, args=(ticks, period), name="ticker")
    ticker.start()
    sleep(0.120)  # waiting for the input, say
    primes = count_primes(job)
    note(f"{primes} primes")
    ticker.join()
    return primes
# ANCHOR_END: work


def main(scenario):
    primes = work_and_tick(scenario.job, scenario.ticks, scenario.tick)
    return [f"{primes} primes", f"{scenario.ticks} ticks"]


PROGRAMS = {None: main}

if __name__ == "__main__":
    run(CHAPTER, STYLE, PROGRAMS)
