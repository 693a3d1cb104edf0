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


# ANCHOR: restarts
async def restarts(url, every, most):
    """Fetches `url`, noting `still waiting` every `every` seconds, and
    gives up after `most` notes. `wait_for` cancels the fetch each time the
    time is up, with everything it had done, and the next turn starts over."""
    for _ in range(most):
        try:
            return [await describe_page_within(url, every)]
        except TimeoutError:
            note("still waiting")
    return [f"{page_name(url)}: gave up after {most} heartbeats"]
# ANCHOR_END: restarts


# ANCHOR: heartbeat
async def heartbeat(url, every):
    """The same, made safe: the fetch runs in a task of its own, made once,
    and `shield` keeps `wait_for`'s cancelling away from it. When the time
    is up, only the wait is cancelled; the fetch goes on."""
    fetching = asyncio.create_task(describe_page(url))
    while True:
        try:
            return [await asyncio.wait_for(asyncio.shield(fetching), every)]
        except TimeoutError:
            note("still waiting")
# ANCHOR_END: heartbeat


# ANCHOR: connection
# The far end of a connection: two lines, sent in pieces, as a socket
# delivers bytes. How long before each piece, and the piece.
PIECES = [(0.100, "rain, "), (0.300, "then sun\n"), (0.100, "a quiet "), (0.050, "week\n")]


async def connection(pieces):
    """Sends the pieces, each at its moment, then `None`: the end."""
    for after, piece in PIECES:
        await asyncio.sleep(after)
        note(f"sends {piece!r}")
        await pieces.put(piece)
    await pieces.put(None)
# ANCHOR_END: connection


# ANCHOR: half_line
async def half_lines(pieces, every):
    """Reads lines, with a heartbeat every `every` seconds. The line read so
    far lives in `read_line`'s coroutine: when `wait_for` cancels it, the
    half of the line it held is lost with it."""
    lines = []
    while True:
        try:
            line = await asyncio.wait_for(read_line(pieces), every)
        except TimeoutError:
            note("still waiting")
            continue
        if line is None:
            return lines
        lines.append(line)


async def read_line(pieces):
    """The next line, without its newline; `None` at the end."""
    line = ""
    while not line.endswith("\n"):
        piece = await pieces.get()
        if piece is None:
            return None
        line += piece
    return line[:-1]
# ANCHOR_END: half_line


# ANCHOR: whole_lines
async def whole_lines(pieces, every):
    """The same, made safe: the line read so far lives here, and only
    `get()` is cancelled, which takes nothing off the queue unless it
    returns."""
    lines, line = [], ""
    while True:
        try:
            piece = await asyncio.wait_for(pieces.get(), every)
        except TimeoutError:
            note("still waiting")
            continue
        if piece is None:
            return lines
        line += piece
        if line.endswith("\n"):
            lines.append(line[:-1])
            line = ""
# ANCHOR_END: whole_lines


async def read_from_connection(read, every):
    """Opens the connection (a task of its own) and reads it with `read`."""
    pieces = asyncio.Queue()
    sending = asyncio.create_task(connection(pieces), name="connection")
    lines = await read(pieces, every)
    await sending
    return lines


async def describe_page_within(url, limit):
    """`describe_page(url)`, cancelled after `limit` seconds."""
    return await asyncio.wait_for(describe_page(url), limit)


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
    "restarts": lambda s: asyncio.run(restarts(s.urls()[3], s.tick, s.ticks)),
    "shield": lambda s: asyncio.run(heartbeat(s.urls()[3], s.tick)),
    "half-line": lambda s: asyncio.run(read_from_connection(half_lines, s.tick)),
    "whole-lines": lambda s: asyncio.run(read_from_connection(whole_lines, s.tick)),
}

if __name__ == "__main__":
    run(CHAPTER, STYLE, PROGRAMS)
