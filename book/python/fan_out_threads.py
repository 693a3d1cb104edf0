"""Chapter `fan-out`, with threads: fetch several pages one after another,
with a thread for each, or with a fixed pool of threads.

Twin of crates/blocking/src/chapters/fan_out.rs.
"""

import queue

from threeways import run
from threeways.scenario import page_name
from threeways.threads import Thread, fetch

CHAPTER, STYLE = "fan-out", "threads"


# ANCHOR: summary
def fetch_summary(url):
    """Fetches one page and says how big it was."""
    body = fetch(url)
    return f"{page_name(url)}: {len(body)} bytes"
# ANCHOR_END: summary


# ANCHOR: sequential
def sequential(urls):
    """One page after another: each fetch starts when the last has finished."""
    return [fetch_summary(url) for url in urls]
# ANCHOR_END: sequential


# ANCHOR: all_at_once
def thread_per_request(urls):
    """A thread for every page: all the waits overlap."""
    summaries = [None] * len(urls)

    def fetch_into(index, url):
        summaries[index] = fetch_summary(url)

    threads = [
        Thread(target=fetch_into, args=(index, url), name=page_name(url))
        for index, url in enumerate(urls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return summaries
# ANCHOR_END: all_at_once


# ANCHOR: at_most_k
def pool(urls, k):
    """`k` threads take pages from a shared queue until it is empty."""
    jobs = queue.Queue()
    for job in enumerate(urls):
        jobs.put(job)
    summaries = [None] * len(urls)

    def work():
        while True:
            # `get_nowait`: an empty queue means the work is done. (A
            # blocking `get` would wait for more, for ever.)
            try:
                index, url = jobs.get_nowait()
            except queue.Empty:
                return
            summaries[index] = fetch_summary(url)

    workers = [Thread(target=work, name=f"worker-{n}") for n in range(1, k + 1)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return summaries
# ANCHOR_END: at_most_k


PROGRAMS = {
    "sequential": lambda scenario: sequential(scenario.urls()),
    "thread-per-request": lambda scenario: thread_per_request(scenario.urls()),
    "pool": lambda scenario: pool(scenario.urls(), scenario.limit),
}

if __name__ == "__main__":
    run(CHAPTER, STYLE, PROGRAMS)
