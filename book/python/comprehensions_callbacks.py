"""Chapter `comprehensions`, with callbacks: a comprehension over values
that arrive over time collects in `on_tick`; a check that waits, inside a
comprehension, becomes recursion through callbacks.

Twin of crates/callbacks/src/chapters/comprehensions.rs.
"""

import asyncio

from threeways import run
from threeways.callbacks import fetch
from threeways.scenario import user_url
from ticker_callbacks import start_ticker

CHAPTER, STYLE = "comprehensions", "callbacks"


# ANCHOR: odd_ticks
def odd_ticks(loop, delay, to, done):
    """Python's `[i async for i in ticker() if i % 2]`, with callbacks."""
    odd = []

    def on_tick(i):
        if i % 2:
            odd.append(i)
        return True  # go on

    start_ticker(loop, delay, to, on_tick, lambda: done.set_result(odd))
# ANCHOR_END: odd_ticks


# ANCHOR: is_free
def is_free(loop, name, then):
    """Asks the server whether a user name is free; `then` gets the error
    or the answer."""

    def answered(answer):
        if answer.exception() is not None:
            return then(answer.exception(), None)
        then(None, answer.result() == b"free")

    fetch(loop, user_url(name)).add_done_callback(answered)
# ANCHOR_END: is_free


# ANCHOR: free_names
def free_names(loop, names, done):
    """Python's `[name for name in names if await is_free(name)]`. The
    comprehension becomes a function that the callback calls again for the
    next name, carrying the position and the results so far."""
    check_from(loop, names, 0, [], done)


def check_from(loop, names, next_index, free, done):
    if next_index == len(names):
        return done.set_result(free)
    name = names[next_index]

    def answered(error, answer):
        if error is not None:
            return done.set_exception(error)
        if answer:
            free.append(name)
        check_from(loop, names, next_index + 1, free, done)

    is_free(loop, name, answered)
# ANCHOR_END: free_names


def main(scenario):
    loop = asyncio.new_event_loop()
    try:
        odd, free = loop.create_future(), loop.create_future()
        # The names are checked once the ticks are in: a chain of two steps.
        odd.add_done_callback(lambda _: free_names(loop, scenario.names, free))
        odd_ticks(loop, scenario.tick, scenario.ticks, odd)
        free = loop.run_until_complete(free)
        return [f"odd ticks: {odd.result()}", f"free names: {free}"]
    finally:
        loop.close()


PROGRAMS = {None: main}

if __name__ == "__main__":
    run(CHAPTER, STYLE, PROGRAMS)
