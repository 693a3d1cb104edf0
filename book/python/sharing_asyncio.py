"""Chapter `sharing`, with asyncio: `k` tasks crawl a site, sharing an
`asyncio.Queue` of URLs and what they found; and readers of a cache,
without a lock and with an `asyncio.Lock` held across the fetch.

Twin of crates/async/src/chapters/sharing.rs.
"""

import asyncio

from threeways import FetchError, note, run
from threeways.aio import fetch
from threeways.crawl import Found
from threeways.scenario import SITE_START, page_name

CHAPTER, STYLE = "sharing", "asyncio"


# ANCHOR: crawl
async def crawl(start, k):
    """Crawls the site from `start` with `k` tasks on the loop's thread."""
    urls = asyncio.Queue()
    urls.put_nowait(start)
    found = Found(start)

    async def work():
        while True:
            url = await urls.get()
            try:
                body, error = await fetch(url), None
            except FetchError as failed:
                body, error = None, failed
            # No lock: between two `await`s a task runs alone on the loop.
            new = found.record(url, body, error)
            note(f"{page_name(url)}: found {len(new)} new")
            for link in new:
                urls.put_nowait(link)
            urls.task_done()

    workers = [asyncio.create_task(work(), name=f"worker-{n}") for n in range(1, k + 1)]
    await urls.join()  # every URL put has been done: nobody is working
    for worker in workers:
        worker.cancel()  # each waits in `get` for a URL that will not come
    await asyncio.gather(*workers, return_exceptions=True)
    return found.summary()
# ANCHOR_END: crawl


# ANCHOR: std_mutex
async def readers(urls):
    """Readers of a cache of pages, with no lock: a reader looks and stores
    between two `await`s, where no other task runs. Two readers that miss
    the same page at once both fetch it."""
    cache = {}

    async def read(url):
        if url in cache:
            note(f"{page_name(url)}: from the cache")
        else:
            cache[url] = await fetch(url)
        return f"{page_name(url)}: {len(cache[url])} bytes"

    tasks = [
        asyncio.create_task(read(url), name=f"reader-{n}") for n, url in enumerate(urls, 1)
    ]
    return [await task for task in tasks]
# ANCHOR_END: std_mutex


# ANCHOR: tokio_mutex
async def readers_locked(urls):
    """The same readers, holding an `asyncio.Lock` across the fetch: each
    page is fetched once, and every other reader waits for that fetch."""
    cache, lock = {}, asyncio.Lock()

    async def read(url):
        async with lock:
            if url in cache:
                note(f"{page_name(url)}: from the cache")
            else:
                cache[url] = await fetch(url)  # still holding the lock
            return f"{page_name(url)}: {len(cache[url])} bytes"

    tasks = [
        asyncio.create_task(read(url), name=f"reader-{n}") for n, url in enumerate(urls, 1)
    ]
    return [await task for task in tasks]
# ANCHOR_END: tokio_mutex


def readers_of(scenario):
    return [f"http://example.com/{name}" for name in scenario.names]


PROGRAMS = {
    "crawl": lambda scenario: asyncio.run(crawl(SITE_START, scenario.limit)),
    "cache": lambda scenario: asyncio.run(readers(readers_of(scenario))),
    "cache-locked": lambda scenario: asyncio.run(readers_locked(readers_of(scenario))),
}

if __name__ == "__main__":
    run(CHAPTER, STYLE, PROGRAMS)
