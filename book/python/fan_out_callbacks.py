"""Chapter `fan-out`, with callbacks: fetch several pages one after
another, all at once with a shared counter, or at most `k` at a time.

Twin of crates/callbacks/src/chapters/fan_out.rs.
"""

import asyncio

from threeways import run
from threeways.callbacks import fetch, start_chain
from threeways.scenario import page_name

CHAPTER, STYLE = "fan-out", "callbacks"


# ANCHOR: summary
def fetch_summary(loop, url, then):
    """Starts fetching one page; `then` gets how big it was, or the error."""

    def fetched(body):
        if body.exception() is not None:
            return then(body.exception(), None)
        then(None, f"{page_name(url)}: {len(body.result())} bytes")

    fetch(loop, url).add_done_callback(fetched)
# ANCHOR_END: summary


# ANCHOR: sequential
def sequential(loop, urls, done):
    """One page after another. A loop cannot wait, so the loop becomes a
    function that the callback calls again for the next page."""
    fetch_from(loop, urls, 0, [], done)


def fetch_from(loop, urls, next_index, summaries, done):
    if next_index == len(urls):
        return done.set_result(summaries)

    # Everything the next step needs rides along in the closure.
    def fetched(error, summary):
        if error is not None:
            return done.set_exception(error)
        summaries.append(summary)
        fetch_from(loop, urls, next_index + 1, summaries, done)

    fetch_summary(loop, urls[next_index], fetched)
# ANCHOR_END: sequential


# ANCHOR: all_at_once
class Progress:
    """What the callbacks of one fan-out share. Every callback runs on the
    loop's one thread, so they need no lock."""

    def __init__(self, count, done):
        self.summaries = [None] * count
        self.remaining = count
        self.done = done

    def record(self, index, error, summary):
        """Stores one result, and finishes `done` at the last, or an error."""
        if self.done.done():
            return  # an earlier error has finished it
        if error is not None:
            return self.done.set_exception(error)
        self.summaries[index] = summary
        self.remaining -= 1
        if self.remaining == 0:
            self.done.set_result(self.summaries)


def counter(loop, urls, done):
    """Starts every fetch at once; a shared counter finishes `done` when
    the last one has come back."""
    if not urls:
        return done.set_result([])  # no callback would ever do it
    progress = Progress(len(urls), done)
    for index, url in enumerate(urls):
        start_chain(
            page_name(url),
            fetch_summary,
            loop,
            url,
            lambda error, summary, index=index: progress.record(index, error, summary),
        )
# ANCHOR_END: all_at_once


# ANCHOR: at_most_k
def limited(loop, urls, k, done):
    """Starts `k` fetches; each callback starts the next page, until none
    is left. Like a pool of `k` threads, with chains in place of threads."""
    if not urls:
        return done.set_result([])
    progress = Progress(len(urls), done)
    pages = iter(enumerate(urls))  # shared: each chain takes the next page

    def fetch_next():
        if done.done():
            return  # finished, or failed: start nothing more
        index, url = next(pages, (None, None))
        if url is None:
            return

        def fetched(error, summary):
            progress.record(index, error, summary)
            fetch_next()

        fetch_summary(loop, url, fetched)

    for n in range(1, k + 1):
        start_chain(f"chain-{n}", fetch_next)
# ANCHOR_END: at_most_k


def program(start, *args):
    def main(scenario):
        loop = asyncio.new_event_loop()
        try:
            done = loop.create_future()
            start(loop, scenario.urls(), *[arg(scenario) for arg in args], done)
            return loop.run_until_complete(done)
        finally:
            loop.close()

    return main


PROGRAMS = {
    "sequential": program(sequential),
    "counter": program(counter),
    "limited": program(limited, lambda scenario: scenario.limit),
}

if __name__ == "__main__":
    run(CHAPTER, STYLE, PROGRAMS)
