"""Chapter `sharing`, with threads: `k` threads crawl a site, sharing a
queue of URLs (a `queue.Queue`) and what they found (behind a `Lock`).

Twin of crates/blocking/src/chapters/sharing.rs.
"""

import threading

from threeways import FetchError, note, run
from threeways.crawl import Found
from threeways.scenario import SITE_START, page_name
from threeways.threads import Queue, Thread, fetch

CHAPTER, STYLE = "sharing", "threads"


# ANCHOR: crawl
def crawl(start, k):
    """Crawls the site from `start` with `k` threads, and says what each
    page gave."""
    urls = Queue()
    urls.put(start)
    found = Found(start)
    lock = threading.Lock()  # one thread at a time changes `found`

    def work():
        # `None` is the signal to stop: a `queue.Queue` cannot be closed.
        while (url := urls.get()) is not None:
            try:
                body, error = fetch(url), None
            except FetchError as failed:
                body, error = None, failed
            with lock:  # a short critical section: no wait inside
                new = found.record(url, body, error)
            note(f"{page_name(url)}: found {len(new)} new")
            for link in new:
                urls.put(link)
            urls.task_done()

    workers = [Thread(target=work, name=f"worker-{n}") for n in range(1, k + 1)]
    for worker in workers:
        worker.start()
    urls.join()  # every URL put has been done: nobody is working
    for _ in workers:
        urls.put(None)  # one stop for each worker
    for worker in workers:
        worker.join()
    return found.summary()
# ANCHOR_END: crawl


PROGRAMS = {
    "crawl": lambda scenario: crawl(SITE_START, scenario.limit),
}

if __name__ == "__main__":
    run(CHAPTER, STYLE, PROGRAMS)
