"""Chapter `ticker`, with callbacks: a producer of values over time is a
timer that re-arms itself, and calls `on_tick` each time.

Twin of crates/callbacks/src/chapters/ticker.rs.
"""

import asyncio

from threeways import note, run

CHAPTER, STYLE = "ticker", "callbacks"


# ANCHOR: producer
def start_ticker(loop, delay, to, on_tick, on_done):
    """Calls `on_tick(value)` with `0..to`, one every `delay` seconds, then
    `on_done()`. `on_tick` returns False to stop the ticker. Returns at once."""
    tick(loop, 0, delay, to, on_tick, on_done)


def tick(loop, value, delay, to, on_tick, on_done):
    if value == to:
        note(f"ticker: finished after {to} values")
        return on_done()

    def fire():
        note(f"ticker: {value}")
        if on_tick(value):
            tick(loop, value + 1, delay, to, on_tick, on_done)
        else:
            # The ticker pushes values until it is told to stop.
            note(f"ticker stopped after {value + 1} of {to} values")
            on_done()

    # The timer's callback sets the next timer: the ticker re-arms itself.
    loop.call_later(delay, fire)
# ANCHOR_END: producer


# ANCHOR: consumer
def first_values(loop, delay, to, take, done):
    """Takes the first `take` values, stops the ticker, and finishes `done`."""
    # Two callbacks share the values: `on_tick` adds them, `on_done` hands
    # them over. Nested functions share their enclosing function's locals.
    taken = []

    def on_tick(value):
        note(f"consumer: got {value}")
        taken.append(value)
        return len(taken) < take

    def on_done():
        note("consumer: done")
        done.set_result(taken)

    start_ticker(loop, delay, to, on_tick, on_done)
# ANCHOR_END: consumer


def main(scenario):
    loop = asyncio.new_event_loop()
    try:
        done = loop.create_future()
        first_values(loop, scenario.tick, scenario.ticks, scenario.take, done)
        return [str(value) for value in loop.run_until_complete(done)]
    finally:
        loop.close()


PROGRAMS = {None: main}

if __name__ == "__main__":
    run(CHAPTER, STYLE, PROGRAMS)
