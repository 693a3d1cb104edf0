"""Chapter `first-await`, with asyncio: calling an `async def` runs none of
it. The coroutine runs when it is awaited, or when a task made from it
gets its turn; never awaited, it never runs at all.

Twin of crates/async/src/chapters/first_await.rs.
"""

import asyncio
import gc
import warnings

from threeways import note, run
from threeways.aio import fetch

CHAPTER, STYLE = "first-await", "asyncio"


# ANCHOR: report
async def fetch_report(url):
    """Fetches the day's report and returns its length."""
    note("fetch_report: first line")
    body = await fetch(url)
    note(f"fetch_report: got {len(body)} bytes")
    return len(body)
# ANCHOR_END: report


# ANCHOR: caller
async def await_it(url):
    """Makes the coroutine, works meanwhile, then awaits it."""
    note("main: calling fetch_report()")
    # This runs none of `fetch_report`: it makes a coroutine object.
    report = fetch_report(url)
    note("main: fetch_report() returned a coroutine; none of its body has run")
    await asyncio.sleep(0.050)  # other work
    note("main: awaiting the coroutine")
    # Only now does `fetch_report` start, inside this task.
    report = await report
    note("main: got the report")
    return report
# ANCHOR_END: caller


# ANCHOR: eager
async def create_task(url):
    """Makes a task of the coroutine, works meanwhile, then waits for it."""
    note("main: creating a task for fetch_report()")
    # The loop starts the task as soon as this task lets go of the thread.
    task = asyncio.create_task(fetch_report(url), name="report")
    note("main: create_task() returned; main goes on")
    await asyncio.sleep(0.050)  # other work
    note("main: waiting for the report")
    report = await task
    note("main: got the report")
    return report
# ANCHOR_END: eager


# ANCHOR: never_awaited
async def never_await(url):
    """Makes the coroutine, and drops it without awaiting it."""
    note("main: calling fetch_report()")
    report = fetch_report(url)
    await asyncio.sleep(0.050)  # other work
    note("main: dropping the coroutine without awaiting it")
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        del report
        gc.collect()  # CPython frees it at once; this makes sure
    # Python warns, at the moment the coroutine is freed, and never runs it.
    for warning in warned:
        note(f"{warning.category.__name__}: {warning.message}")
# ANCHOR_END: never_awaited


def program(coroutine_function):
    return lambda scenario: [str(asyncio.run(coroutine_function(scenario.pages[0].url)))]


PROGRAMS = {
    "await": program(await_it),
    "task": program(create_task),
    "never-awaited": program(never_await),
}

if __name__ == "__main__":
    run(CHAPTER, STYLE, PROGRAMS)
