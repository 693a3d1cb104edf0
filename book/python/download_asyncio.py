"""Chapter `download`, with asyncio: fetch a URL, then write it to a file.

Twin of crates/async/src/chapters/download.rs.
"""

import asyncio

from threeways import note, run
from threeways.aio import fetch
from threeways.disk import write_file
from threeways.scenario import file_name_for

CHAPTER, STYLE = "download", "asyncio"


# ANCHOR: download
async def download(url):
    """Downloads `url` into a file named after it; returns the file's name."""
    filename = file_name_for(url)
    note(f"saving {url} as {filename}")
    # The task pauses here; the loop runs other tasks meanwhile. The
    # coroutine keeps `filename` in its frame, so nothing is lost.
    body = await fetch(url)
    # Python has no asynchronous file API: the write goes to a thread of
    # the loop's executor, and the task waits for that thread.
    await asyncio.to_thread(write_file, filename, body)
    note(f"saved {len(body)} bytes to {filename}")
    return filename
# ANCHOR_END: download


def main(scenario):
    return [asyncio.run(download(scenario.pages[0].url))]


PROGRAMS = {None: main}

if __name__ == "__main__":
    run(CHAPTER, STYLE, PROGRAMS)
