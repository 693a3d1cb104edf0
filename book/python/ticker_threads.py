"""Chapter `ticker`, with a thread: a producer of values over time is a
generator whose `next` sleeps.

Twin of crates/blocking/src/chapters/ticker.rs.
"""

from itertools import islice

from threeways import note, run
from threeways.threads import sleep

CHAPTER, STYLE = "ticker", "threads"


# ANCHOR: producer
def ticker(delay, to):
    """The numbers `0..to`, one every `delay` seconds."""
    produced = 0
    try:
        for value in range(to):
            # The consumer's thread sleeps here: the generator has no
            # thread of its own, and runs only when asked for a value.
            sleep(delay)
            note(f"ticker: {value}")
            produced += 1
            yield value
    finally:
        # Runs when the generator ends, or when it is closed early.
        note(f"ticker closed after {produced} of {to} values")
# ANCHOR_END: producer


# ANCHOR: consumer
def first_values(delay, to, take):
    """Takes the first `take` values and stops."""
    taken = []
    for value in islice(ticker(delay, to), take):
        note(f"consumer: got {value}")
        taken.append(value)
    # The loop has let go of the generator, and CPython has closed it.
    note("consumer: done")
    return taken
# ANCHOR_END: consumer


def main(scenario):
    return [str(value) for value in first_values(scenario.tick, scenario.ticks, scenario.take)]


PROGRAMS = {None: main}

if __name__ == "__main__":
    run(CHAPTER, STYLE, PROGRAMS)
