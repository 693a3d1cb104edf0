"""The crawl that never ends, with asyncio, run for real, and how to see
where each task is stuck: `asyncio.all_tasks()` and each task's stack,
with asyncio's debug mode on, which records where each task was created.

Every worker waits in `urls.get()` for a URL that nobody will send, and
`crawl_that_never_ends` waits in `gather` for the workers: the same hang
as the sharing chapter's. The book's page *Hunting a hang* shows what this
prints; a test runs it (`tests/it/hangs.rs`).
"""

import asyncio
import sys

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


async def fetch(page):
    await asyncio.sleep(0.02)  # the network, for real: the task waits
    return SITE[page]


# ANCHOR: crawl
async def crawl_that_never_ends(start, k):
    urls = asyncio.Queue()
    urls.put_nowait(start)
    found = {start}

    async def work():
        while True:
            page = await urls.get()  # waits for ever once every page is done
            links = await fetch(page)
            new = [link for link in links if link not in found]
            found.update(new)
            for link in new:
                urls.put_nowait(link)
            print(f"{page}: found {len(new)} new", flush=True)

    workers = [asyncio.create_task(work(), name=f"worker-{i + 1}") for i in range(k)]
    await asyncio.gather(*workers)  # waits for the workers, which wait for ever
# ANCHOR_END: crawl


# ANCHOR: deadline
async def main():
    crawl = asyncio.create_task(crawl_that_never_ends("index", 2), name="crawl")
    # A deadline: if the crawl is still running in 1 s, say where every
    # task waits, and end.
    done, _ = await asyncio.wait([crawl], timeout=1)
    if not done:
        print("still running after 1 s; where each task waits:")
        others = asyncio.all_tasks() - {asyncio.current_task()}
        for task in sorted(others, key=lambda task: task.get_name()):
            task.print_stack(file=sys.stdout)


asyncio.run(main(), debug=True)
# ANCHOR_END: deadline
