"""Chapter `first-await`, with threads: when does the caller get control
back? Not before the call has finished, unless the work is put on a
thread of its own.

Twin of crates/blocking/src/chapters/first_await.rs.
"""

from threeways import note, run
from threeways.threads import Thread, fetch, sleep

CHAPTER, STYLE = "first-await", "threads"


# ANCHOR: report
def fetch_report(url):
    """Fetches the day's report and returns its length."""
    note("fetch_report: first line")
    body = fetch(url)
    note(f"fetch_report: got {len(body)} bytes")
    return len(body)
# ANCHOR_END: report


# ANCHOR: caller
def call(url):
    """Calls `fetch_report` the ordinary way."""
    note("main: calling fetch_report()")
    # The caller gets control back only when the report is here.
    report = fetch_report(url)
    note("main: fetch_report() returned")
    return report
# ANCHOR_END: caller


# ANCHOR: eager
def start_thread(url):
    """Starts `fetch_report` on a thread, works meanwhile, then waits."""
    note("main: starting fetch_report() on a thread")
    # A thread's target returns nothing to anyone: the report goes in a list.
    reports = []
    thread = Thread(target=lambda: reports.append(fetch_report(url)), name="report")
    # `start` returns at once, and the new thread starts work immediately.
    thread.start()
    note("main: start() returned; main goes on")
    sleep(0.050)  # other work
    note("main: waiting for the report")
    thread.join()
    note("main: got the report")
    return reports[0]
# ANCHOR_END: eager


PROGRAMS = {
    "call": lambda scenario: [str(call(scenario.pages[0].url))],
    "thread": lambda scenario: [str(start_thread(scenario.pages[0].url))],
}

if __name__ == "__main__":
    run(CHAPTER, STYLE, PROGRAMS)
