"""Chapter `failures`, with asyncio: an error is an exception that passes
up through `await`; a timeout is `asyncio.wait_for` or `asyncio.timeout`;
a task is cancelled with `Task.cancel`, which raises `CancelledError` at
the `await` it is waiting in.

Twin of crates/async/src/chapters/failures.rs.
"""

import asyncio

from threeways import FetchError, note, run
from threeways.aio import fetch
from threeways.scenario import page_name

CHAPTER, STYLE = "failures", "asyncio"


# ANCHOR: error
async def both(report, missing):
    """Fetches the report, then the missing page. The first exception goes
    up to the caller, and the rest of the coroutine is skipped."""
    first = await fetch(report)
    note("got the report")
    second = await fetch(missing)
    note("got the missing page")  # never runs: the fetch above raised
    return len(first) + len(second)
# ANCHOR_END: error


# ANCHOR: timeout
async def with_wait_for(slow, limit):
    """Gives the slow page `limit` seconds to answer. When the time is up,
    `wait_for` cancels the fetch, and waits until it has stopped."""
    try:
        return len(await asyncio.wait_for(fetch(slow), limit))
    except asyncio.TimeoutError:  # the built-in TimeoutError since 3.11
        raise TimeoutError(f"{slow} did not finish within {round(limit * 1000)} ms") from None


async def with_timeout(slow, limit):
    """The same with `asyncio.timeout` (Python 3.11): a block, not a call."""
    try:
        async with asyncio.timeout(limit):
            return len(await fetch(slow))
    except TimeoutError:
        raise TimeoutError(f"{slow} did not finish within {round(limit * 1000)} ms") from None
# ANCHOR_END: timeout


# ANCHOR: cancel
async def cancel(urls, deadline):
    """Fetches the pages in turn in a task, and cancels it after `deadline`.
    The task's `await` raises `CancelledError`: a fetch in progress stops."""
    fetched = []

    async def fetch_in_turn():
        for url in urls:
            fetched.append(await describe_page(url))

    task = asyncio.create_task(fetch_in_turn(), name="fetches")
    await asyncio.sleep(deadline)
    note("deadline: cancelling the fetches")
    task.cancel()
    try:
        # A coroutine may catch `CancelledError` and go on (or clean up
        # first, in `finally`); this one lets it end the task.
        await task
    except asyncio.CancelledError:
        note("the task has stopped")
    return fetched
# ANCHOR_END: cancel


async def describe_page(url):
    """`news: 14 bytes`, or `news: error: ...`: what became of one page."""
    try:
        return f"{page_name(url)}: {len(await fetch(url))} bytes"
    except (FetchError, TimeoutError) as error:
        return f"{page_name(url)}: error: {error}"


def value_or_error(coroutine):
    try:
        return [str(asyncio.run(coroutine))]
    except (FetchError, TimeoutError) as error:
        return [f"error: {error}"]


PROGRAMS = {
    "error": lambda s: value_or_error(both(s.urls()[0], s.urls()[1])),
    "wait-for": lambda s: value_or_error(with_wait_for(s.urls()[2], s.deadline)),
    "timeout": lambda s: value_or_error(with_timeout(s.urls()[2], s.deadline)),
    "cancel": lambda s: asyncio.run(cancel([s.urls()[0], s.urls()[3], s.urls()[4]], s.deadline)),
}

if __name__ == "__main__":
    run(CHAPTER, STYLE, PROGRAMS)
