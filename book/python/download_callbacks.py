"""Chapter `download`, with callbacks: fetch a URL, then write it to a file.

Twin of crates/callbacks/src/chapters/download.rs.
"""

import asyncio
import functools

from threeways import note, run
from threeways.callbacks import fetch
from threeways.disk import write_file
from threeways.scenario import file_name_for

CHAPTER, STYLE = "download", "callbacks"


# ANCHOR: download
def download(loop, url, done):
    """Starts downloading `url` into a file named after it, and returns at
    once. The future `done` gets the file's name when the file is written."""
    filename = file_name_for(url)
    note(f"saving {url} as {filename}")
    # `fetch` returns a future at once. The rest of the work goes into a
    # function that the loop calls later, and `filename` must be handed to
    # it by hand: by then `download` has returned, and its locals are gone.
    fetch(loop, url).add_done_callback(functools.partial(write_body, loop, filename, done))
    # We get here at once, long before the page arrives.
    note("download() returns; the fetch goes on without it")


def write_body(loop, filename, done, fetched):
    # Every continuation receives the outcome of the step before it, and
    # must pass an error on by hand.
    if fetched.exception() is not None:
        return done.set_exception(fetched.exception())
    body = fetched.result()
    # Files have no callback API: the write goes to the loop's executor.
    written = loop.run_in_executor(None, write_file, filename, body)
    written.add_done_callback(functools.partial(report, filename, len(body), done))


def report(filename, size, done, written):
    if written.exception() is not None:
        return done.set_exception(written.exception())
    note(f"saved {size} bytes to {filename}")
    done.set_result(filename)
# ANCHOR_END: download


def main(scenario):
    loop = asyncio.new_event_loop()
    try:
        done = loop.create_future()
        download(loop, scenario.pages[0].url, done)
        return [loop.run_until_complete(done)]
    finally:
        loop.close()


PROGRAMS = {None: main}

if __name__ == "__main__":
    run(CHAPTER, STYLE, PROGRAMS)
