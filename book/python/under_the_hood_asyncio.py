"""Chapter `under-the-hood`, with asyncio: the coroutine of `download`,
driven by hand, as an asyncio Task drives it.

Twin of crates/async/src/chapters/under_the_hood.rs (a future written by
hand) and crates/event-loop/src/executor.rs (an executor on an event loop).

A coroutine is a generator underneath: `send(None)` runs it up to its next
`await` of something unfinished, and it hands back the asyncio Future it
waits for. A Task asks that future to call it back when it is done
(`add_done_callback`, Rust's waker), and sends again then.
"""

import asyncio

from download_asyncio import download
from threeways import note, run

CHAPTER, STYLE = "under-the-hood", "asyncio"


# ANCHOR: step
def step(coroutine, done):
    """One turn of an asyncio Task: run `coroutine` to its next wait."""
    note("send(None)")
    try:
        waiting = coroutine.send(None)
    except StopIteration as returned:
        note("StopIteration: it returned")
        done.set_result(returned.value)
        return
    note("it yielded a future it waits for")
    # When that future is done, the loop calls this back: step again.
    waiting.add_done_callback(lambda _: step(coroutine, done))
# ANCHOR_END: step


def main(scenario):
    loop = asyncio.new_event_loop()
    try:
        done = loop.create_future()
        loop.call_soon(step, download(scenario.pages[0].url), done)
        return [loop.run_until_complete(done)]
    finally:
        loop.close()


PROGRAMS = {None: main}

if __name__ == "__main__":
    run(CHAPTER, STYLE, PROGRAMS)
