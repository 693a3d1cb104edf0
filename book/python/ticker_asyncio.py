"""Chapter `ticker`, with asyncio: a producer of values over time is an
async generator, or a class with `__anext__` written by hand.

Twin of crates/async/src/chapters/ticker.rs.
"""

import asyncio
from contextlib import aclosing

from threeways import note, run

CHAPTER, STYLE = "ticker", "asyncio"


# ANCHOR: producer
async def ticker(delay, to):
    """The numbers `0..to`, one every `delay` seconds."""
    produced = 0
    try:
        for value in range(to):
            # PEP 525's ticker yields first and sleeps after; this one
            # sleeps first, as the Rust tickers do, so the values come at
            # the same moments.
            await asyncio.sleep(delay)
            note(f"ticker: {value}")
            produced += 1
            yield value
    finally:
        # Runs when the generator ends, or when it is closed early.
        note(f"ticker closed after {produced} of {to} values")
# ANCHOR_END: producer


# ANCHOR: poll_next
class Ticker:
    """The same ticker written by hand: what `async def` with `yield` does
    for us. `async for` calls `__anext__` for each value."""

    def __init__(self, delay, to):
        self.delay, self.to, self.produced = delay, to, 0

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.produced == self.to:
            raise StopAsyncIteration
        await asyncio.sleep(self.delay)
        value = self.produced
        self.produced += 1
        note(f"ticker: {value}")
        return value

    async def aclose(self):
        """What `aclosing` calls when the consumer is done."""
        note(f"ticker closed after {self.produced} of {self.to} values")
# ANCHOR_END: poll_next


# ANCHOR: consumer
async def first_values(ticks, take):
    """Takes the first `take` values and stops."""
    taken = []
    # Leaving an `async for` early does not close the generator: the loop
    # would close it later, in a task of its own. `aclosing` closes it here.
    async with aclosing(ticks):
        async for value in ticks:
            note(f"consumer: got {value}")
            taken.append(value)
            if len(taken) == take:
                break
    note("consumer: done")
    return taken
# ANCHOR_END: consumer


# ANCHOR: unclosed
async def first_values_unclosed(ticks, take):
    """The same without `aclosing`: the generator is closed only after the
    consumer is done, when asyncio finds it unfinished."""
    taken = []
    async for value in ticks:
        note(f"consumer: got {value}")
        taken.append(value)
        if len(taken) == take:
            break
    note("consumer: done")
    return taken
# ANCHOR_END: unclosed


def program(make_ticker, consume=first_values):
    def main(scenario):
        ticks = make_ticker(scenario.tick, scenario.ticks)
        return [str(value) for value in asyncio.run(consume(ticks, scenario.take))]

    return main


PROGRAMS = {
    "async-generator": program(ticker),
    "anext": program(Ticker),
    "unclosed": program(ticker, first_values_unclosed),
}

if __name__ == "__main__":
    run(CHAPTER, STYLE, PROGRAMS)
