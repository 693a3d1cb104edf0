"""The network, as callback programs use it: `fetch` returns a future at
once, and the loop completes it later.

This is asyncio's low-level, callback half: `loop.call_later`, futures and
`add_done_callback`, the way Twisted's Deferreds and Tornado's callbacks
worked before `async def`. A chain of callbacks is named in the trace
with `start_chain`.
"""

import contextvars

from .world import current, lane, micros, set_lane

__all__ = ["fetch", "start_chain"]


def fetch(loop, url):
    """Starts fetching `url` and returns a future of its body at once.
    Cancelling the future stops the fetch."""
    world = current()
    body, error, takes = world.fetch(url)
    fetched = loop.create_future()

    span = world.recorder.begin(world.sched.now, lane(), f"fetch {url}")

    def arrive():
        world.recorder.end(span, world.sched.now)
        if error is not None:
            fetched.set_exception(error)
        else:
            fetched.set_result(body)

    # `call_at`: the trace shows this wait as the fetch's, not as a timer's.
    timer = loop.call_at(loop.time() + micros(takes) / 1_000_000, arrive)

    def cancelled(future):
        if future.cancelled():
            timer.cancel()
            world.recorder.end(span, world.sched.now, cancelled=True)

    fetched.add_done_callback(cancelled)
    return fetched


def start_chain(name, callback, *args):
    """Calls `callback(*args)` now, as the start of a chain called `name`:
    the trace shows it, and every callback it schedules, on that lane."""
    chain = contextvars.copy_context()
    chain.run(set_lane, name)
    return chain.run(callback, *args)
