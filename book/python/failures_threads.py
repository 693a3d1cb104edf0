"""Chapter `failures`, with threads: an error is an exception that passes
up the stack; a timeout is the socket's; a thread cannot be cancelled,
only asked to stop.

Twin of crates/blocking/src/chapters/failures.rs.
"""

import threading

from threeways import FetchError, note, run
from threeways.scenario import page_name
from threeways.threads import Thread, fetch, sleep

CHAPTER, STYLE = "failures", "threads"


# ANCHOR: error
def both(report, missing):
    """Fetches the report, then the missing page. The first exception goes
    up to the caller, and the rest of the function is skipped."""
    first = fetch(report)
    note("got the report")
    second = fetch(missing)
    note("got the missing page")  # never runs: the fetch above raised
    return len(first) + len(second)
# ANCHOR_END: error


# ANCHOR: timeout
def with_timeout(slow, limit):
    """Gives the slow page `limit` seconds to answer. A blocked thread
    cannot watch a clock; the socket's timeout ends the wait for it."""
    return len(fetch(slow, timeout=limit))
# ANCHOR_END: timeout


# ANCHOR: cancel
def cancel(urls, deadline):
    """Fetches the pages in turn on a worker thread, and asks it to stop
    after `deadline`. Python has no way to stop a thread from outside: it
    can only be asked, and it looks at the request between two fetches."""
    stop = threading.Event()
    fetched = []

    def work():
        for url in urls:
            if stop.is_set():
                note(f"asked to stop: not starting {url}")
                return
            fetched.append(describe_page(url))

    worker = Thread(target=work, name="worker")
    worker.start()
    sleep(deadline)
    note("main: asking the worker to stop")
    stop.set()
    worker.join()  # waits for the fetch in progress to end
    note("main: the worker has stopped")
    return fetched
# ANCHOR_END: cancel


def describe_page(url):
    """`news: 14 bytes`, or `news: error: ...`: what became of one page."""
    try:
        return f"{page_name(url)}: {len(fetch(url))} bytes"
    except (FetchError, TimeoutError) as error:
        return f"{page_name(url)}: error: {error}"


def value_or_error(function, *args):
    try:
        return str(function(*args))
    except (FetchError, TimeoutError) as error:
        return f"error: {error}"


PROGRAMS = {
    "error": lambda s: [value_or_error(both, s.urls()[0], s.urls()[1])],
    "timeout": lambda s: [value_or_error(with_timeout, s.urls()[2], s.deadline)],
    "cancel": lambda s: cancel([s.urls()[0], s.urls()[3], s.urls()[4]], s.deadline),
}

if __name__ == "__main__":
    run(CHAPTER, STYLE, PROGRAMS)
