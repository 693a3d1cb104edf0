"""Chapter `fan-out`, with asyncio: fetch several pages one after another,
all at once (`gather`, or a task each and `as_completed`), or at most `k`
at a time (a `Semaphore`, or `k` workers and a `Queue`).

Twin of crates/async/src/chapters/fan_out.rs.
"""

import asyncio

from threeways import run
from threeways.aio import fetch
from threeways.scenario import page_name

CHAPTER, STYLE = "fan-out", "asyncio"


# ANCHOR: summary
async def fetch_summary(url):
    """Fetches one page and says how big it was."""
    body = await fetch(url)
    return f"{page_name(url)}: {len(body)} bytes"
# ANCHOR_END: summary


# ANCHOR: sequential
async def sequential(urls):
    """One page after another: each `await` finishes before the next starts."""
    return [await fetch_summary(url) for url in urls]
# ANCHOR_END: sequential


# ANCHOR: all_at_once
async def gather(urls):
    """Every page at once. `gather` wraps each coroutine in a task of its
    own, and returns their results in the order asked for."""
    return await asyncio.gather(*(fetch_summary(url) for url in urls))
# ANCHOR_END: all_at_once


# ANCHOR: join_set
async def as_completed(urls):
    """Every page at once, in a named task each, taken as they finish."""

    async def numbered(index, url):
        return index, await fetch_summary(url)

    tasks = [
        asyncio.create_task(numbered(index, url), name=page_name(url))
        for index, url in enumerate(urls)
    ]
    summaries = []
    # Tasks finish in any order; `as_completed` hands them over as they do.
    for next_done in asyncio.as_completed(tasks):
        summaries.append(await next_done)
    summaries.sort()  # back in the order asked for
    return [summary for _, summary in summaries]
# ANCHOR_END: join_set


# ANCHOR: at_most_k
async def semaphore(urls, k):
    """At most `k` pages at a time: a task waits at the semaphore until one
    of the `k` fetches under way has finished."""
    slots = asyncio.Semaphore(k)

    async def limited(url):
        async with slots:
            return await fetch_summary(url)

    return await asyncio.gather(*(limited(url) for url in urls))


async def queue(urls, k):
    """At most `k` pages at a time, the way the thread pool does it: `k`
    worker tasks take pages from a shared queue until it is empty."""
    jobs = asyncio.Queue()
    for job in enumerate(urls):
        jobs.put_nowait(job)
    summaries = [None] * len(urls)

    async def work():
        # No lock: between two `await`s a task runs alone on the loop.
        while not jobs.empty():
            index, url = jobs.get_nowait()
            summaries[index] = await fetch_summary(url)

    workers = [asyncio.create_task(work(), name=f"worker-{n}") for n in range(1, k + 1)]
    await asyncio.gather(*workers)
    return summaries
# ANCHOR_END: at_most_k


PROGRAMS = {
    "sequential": lambda scenario: asyncio.run(sequential(scenario.urls())),
    "gather": lambda scenario: asyncio.run(gather(scenario.urls())),
    "as-completed": lambda scenario: asyncio.run(as_completed(scenario.urls())),
    "semaphore": lambda scenario: asyncio.run(semaphore(scenario.urls(), scenario.limit)),
    "queue": lambda scenario: asyncio.run(queue(scenario.urls(), scenario.limit)),
}

if __name__ == "__main__":
    run(CHAPTER, STYLE, PROGRAMS)
