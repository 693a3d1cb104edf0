"""Chapter `failures`, with callbacks: every callback receives the error of
the step before; a timeout is a race against a timer; a chain is stopped by
a flag that its next callback checks.

Twin of crates/callbacks/src/chapters/failures.rs.
"""

import asyncio

from threeways import FetchError, note, run
from threeways.callbacks import fetch, start_chain
from threeways.scenario import page_name

CHAPTER, STYLE = "failures", "callbacks"


# ANCHOR: error
def both(loop, report, missing, done):
    """Fetches the report, then the missing page. Each callback gets the
    previous step's future and must pass an error on to `done` itself."""

    def got_report(first):
        if first.exception() is not None:
            return done.set_exception(first.exception())
        note("got the report")

        def got_missing(second):
            if second.exception() is not None:
                return done.set_exception(second.exception())
            note("got the missing page")  # never runs: the fetch failed
            done.set_result(len(first.result()) + len(second.result()))

        fetch(loop, missing).add_done_callback(got_missing)

    fetch(loop, report).add_done_callback(got_report)
# ANCHOR_END: error


# ANCHOR: timeout
def with_timeout(loop, slow, limit, done):
    """Races the fetch against a timer. Whichever calls back first answers;
    the other must find out that it lost, by hand."""
    fetching = fetch(loop, slow)

    def give_up():
        note(f"{round(limit * 1000)} ms are up: giving up")
        # An asyncio future can be cancelled: the fetch stops, and its
        # callback hears of it.
        fetching.cancel()
        done.set_exception(TimeoutError(f"{slow} did not finish within {round(limit * 1000)} ms"))

    timer = loop.call_later(limit, give_up)

    def fetched(body):
        if body.cancelled():
            return  # the timer won, and has answered
        timer.cancel()  # the fetch won: the timer must not fire
        if body.exception() is not None:
            return done.set_exception(body.exception())
        done.set_result(len(body.result()))

    fetching.add_done_callback(fetched)
# ANCHOR_END: timeout


# ANCHOR: cancel
def cancel(loop, urls, deadline, done):
    """Fetches the pages in turn, and asks the chain to stop after
    `deadline`. The flag is looked at only when a callback decides whether
    to start the next fetch."""
    stop = False

    def ask_to_stop():
        nonlocal stop
        note("asking the chain to stop")
        stop = True

    start_chain("canceller", loop.call_later, deadline, ask_to_stop)
    fetched = []

    def fetch_from(next_index):
        if next_index == len(urls):
            return done.set_result(fetched)
        url = urls[next_index]
        if stop:
            note(f"asked to stop: not starting {url}")
            return done.set_result(fetched)

        def got(body):
            if body.exception() is not None:
                fetched.append(f"{page_name(url)}: error: {body.exception()}")
            else:
                fetched.append(f"{page_name(url)}: {len(body.result())} bytes")
            fetch_from(next_index + 1)

        fetch(loop, url).add_done_callback(got)

    fetch_from(0)
# ANCHOR_END: cancel


def program(start, pages, values):
    def main(scenario):
        loop = asyncio.new_event_loop()
        try:
            done = loop.create_future()
            start(loop, *pages(scenario), done)
            try:
                return values(loop.run_until_complete(done))
            except (FetchError, TimeoutError) as error:
                return [f"error: {error}"]
        finally:
            loop.close()

    return main


PROGRAMS = {
    "error": program(both, lambda s: (s.urls()[0], s.urls()[1]), lambda size: [str(size)]),
    "timeout": program(with_timeout, lambda s: (s.urls()[2], s.deadline), lambda size: [str(size)]),
    "cancel": program(
        cancel, lambda s: ([s.urls()[0], s.urls()[3], s.urls()[4]], s.deadline), lambda pages: pages
    ),
}

if __name__ == "__main__":
    run(CHAPTER, STYLE, PROGRAMS)
