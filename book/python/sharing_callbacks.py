"""Chapter `sharing`, with callbacks: `k` chains crawl a site, sharing a
queue of URLs and what they found, with no lock at all.

Twin of crates/callbacks/src/chapters/sharing.rs.
"""

import asyncio
from collections import deque

from threeways import note, run
from threeways.callbacks import fetch, start_chain
from threeways.crawl import Found
from threeways.scenario import SITE_START, page_name
from threeways.world import lane

CHAPTER, STYLE = "sharing", "callbacks"


# ANCHOR: shared
class Crawl:
    """What the chains share. Every callback runs on the loop's one
    thread, to its end, so nothing changes this between two of its lines:
    no lock."""

    def __init__(self, start, done):
        self.found = Found(start)
        self.queue = deque([start])
        self.idle = []  # the chains with nothing to fetch
        self.done = done  # finished once, when the crawl is over
# ANCHOR_END: shared


# ANCHOR: crawl
def crawl(loop, start, k, done):
    """Crawls the site from `start` with `k` chains."""
    shared = Crawl(start, done)
    for n in range(1, k + 1):
        start_chain(f"worker-{n}", work, loop, shared)


def work(loop, shared):
    """One chain's next step: fetch the next URL, or, with none queued,
    stop and wait to be restarted."""
    if not shared.queue:
        shared.idle.append(lane())
        return
    url = shared.queue.popleft()

    def fetched(body):
        error = body.exception()
        new = shared.found.record(url, None if error else body.result(), error)
        note(f"{page_name(url)}: found {len(new)} new")
        restart = [shared.idle.pop() for _ in range(min(len(new), len(shared.idle)))]
        shared.queue.extend(new)
        if shared.found.is_done():
            return shared.done.set_result(shared.found.summary())
        for chain in restart:
            start_chain(chain, work, loop, shared)
        work(loop, shared)

    fetch(loop, url).add_done_callback(fetched)
# ANCHOR_END: crawl


def main(scenario):
    loop = asyncio.new_event_loop()
    try:
        done = loop.create_future()
        crawl(loop, SITE_START, scenario.limit, done)
        return loop.run_until_complete(done)
    finally:
        loop.close()


PROGRAMS = {"crawl": main}

if __name__ == "__main__":
    run(CHAPTER, STYLE, PROGRAMS)
