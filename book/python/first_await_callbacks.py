"""Chapter `first-await`, with callbacks: `begin_fetch_report` starts the
work and returns at once; its callback runs later, from the loop.

Twin of crates/callbacks/src/chapters/first_await.rs.
"""

import asyncio

from threeways import note, run
from threeways.callbacks import fetch

CHAPTER, STYLE = "first-await", "callbacks"


# ANCHOR: report
def begin_fetch_report(loop, url, then):
    """Starts fetching the day's report; `then` gets a future of its length."""
    note("begin_fetch_report: first line")
    report = loop.create_future()

    def fetched(body):
        if body.exception() is not None:
            return report.set_exception(body.exception())
        note(f"begin_fetch_report's callback: got {len(body.result())} bytes")
        report.set_result(len(body.result()))

    fetch(loop, url).add_done_callback(fetched)
    report.add_done_callback(then)
    note("begin_fetch_report: returns")
# ANCHOR_END: report


# ANCHOR: caller
def begin(loop, url, done):
    """Starts the report and goes on; the rest happens in the callback."""
    note("main: calling begin_fetch_report()")

    def got(report):
        if report.exception() is not None:
            return done.set_exception(report.exception())
        note("main's callback: got the report")
        done.set_result(report.result())

    begin_fetch_report(loop, url, got)
    # Control is back before any of the work is done.
    note("main: begin_fetch_report() returned; main goes on")
# ANCHOR_END: caller


def main(scenario):
    loop = asyncio.new_event_loop()
    try:
        done = loop.create_future()
        begin(loop, scenario.pages[0].url, done)
        return [str(loop.run_until_complete(done))]
    finally:
        loop.close()


PROGRAMS = {None: main}

if __name__ == "__main__":
    run(CHAPTER, STYLE, PROGRAMS)
