"""Chapter `under-the-hood`, with callbacks: a callback program becomes
something a coroutine can await.

Twin of crates/callbacks/src/chapters/under_the_hood.rs. The callback
`download` of chapter `download` runs unchanged; its last continuation
completes a Future (`done.set_result`), and a coroutine awaiting that
future is woken by it, through the future's done-callbacks.
"""

import asyncio

from download_callbacks import download
from threeways import run

CHAPTER, STYLE = "under-the-hood", "callbacks"


async def download_as_a_future(url):
    """The callback `download`, awaited."""
    loop = asyncio.get_running_loop()
    done = loop.create_future()  # what the last continuation completes
    download(loop, url, done)
    return await done


def main(scenario):
    return [asyncio.run(download_as_a_future(scenario.pages[0].url))]


PROGRAMS = {None: main}

if __name__ == "__main__":
    run(CHAPTER, STYLE, PROGRAMS)
