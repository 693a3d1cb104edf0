"""The crawl that never ends, with Python's threads, run for real, and
how to see where each thread is stuck: `faulthandler`.

Every worker waits in `urls.get()` for a URL that nobody will send, and
`main` waits in `join` for the workers: the same hang as the sharing
chapter's, with a site of eight pages that take 20 ms each to fetch.
The book's page *Hunting a hang* shows what this prints; a test runs it
(`tests/it/hangs.rs`).
"""

import faulthandler
import queue
import threading
import time

# What each page links to.
SITE = {
    "index": ["about", "news", "blog"],
    "about": ["team"],
    "news": ["archive"],
    "blog": ["old"],
    "team": ["jobs"],
    "archive": [],
    "old": [],
    "jobs": [],
}


def fetch(page):
    time.sleep(0.02)  # the network, for real: the thread waits
    return SITE[page]


# ANCHOR: crawl
def crawl_that_never_ends(start, k):
    urls = queue.Queue()
    urls.put(start)
    found = {start}
    lock = threading.Lock()

    def work():
        while True:
            page = urls.get()  # waits for ever once every page is done
            links = fetch(page)
            with lock:
                new = [link for link in links if link not in found]
                found.update(new)
            for link in new:
                urls.put(link)
            print(f"{page}: found {len(new)} new", flush=True)

    workers = [threading.Thread(target=work, name=f"worker-{i + 1}") for i in range(k)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()  # waits for the workers, which wait for ever
# ANCHOR_END: crawl


# ANCHOR: deadline
# If the program is still running in 1 s, print every thread's stack to
# standard error, and exit: a deadline that also says where it was stuck.
faulthandler.dump_traceback_later(1, exit=True)
crawl_that_never_ends("index", 2)
# ANCHOR_END: deadline
