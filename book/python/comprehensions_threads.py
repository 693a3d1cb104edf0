"""Chapter `comprehensions`, with a thread: a comprehension over values
that arrive over time is an ordinary comprehension over a generator that
sleeps; a call that waits, inside a comprehension, is a blocking call.

Twin of crates/blocking/src/chapters/comprehensions.rs.
"""

from threeways import run
from threeways.scenario import user_url
from threeways.threads import fetch
from ticker_threads import ticker

CHAPTER, STYLE = "comprehensions", "threads"


# ANCHOR: odd_ticks
def odd_ticks(delay, to):
    """Python's `[i async for i in ticker() if i % 2]`, with a thread."""
    return [i for i in ticker(delay, to) if i % 2]
# ANCHOR_END: odd_ticks


# ANCHOR: is_free
def is_free(name):
    """Asks the server whether a user name is free."""
    return fetch(user_url(name)) == b"free"
# ANCHOR_END: is_free


# ANCHOR: free_names
def free_names(names):
    """Python's `[name for name in names if await is_free(name)]`, with a
    thread: one check at a time, and the thread waits for each."""
    return [name for name in names if is_free(name)]
# ANCHOR_END: free_names


def main(scenario):
    odd = odd_ticks(scenario.tick, scenario.ticks)
    free = free_names(scenario.names)
    return [f"odd ticks: {odd}", f"free names: {free}"]


PROGRAMS = {None: main}

if __name__ == "__main__":
    run(CHAPTER, STYLE, PROGRAMS)
