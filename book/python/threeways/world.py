"""The simulated world a program runs in: its clock, its threads, its
network and disk, and its trace.

A program runs in one through `runner.run_text` (`threeways.run` is its
command line), which makes the world, enters it here (`entered`), and
installs the asyncio loop of `vloop.py` on it. Nothing here imports the
loop: the loop is built on this module, not the other way round.

Inside a world:

- `note(text)` records a line on the current lane: the current thread's
  name; or, on the asyncio loop, the name of the current task if it was
  given one, else the lane of whoever made the task (so the task that
  `asyncio.run` makes is `main`); in a callback, the chain it belongs to.
- Threads are simulated (`sched.py`): the program's waits advance a virtual
  clock, and the threads take turns in virtual-time order.
- The asyncio loop is asyncio's own selector loop with a virtual clock
  (`vloop.py`): `asyncio.new_event_loop()` and `asyncio.run()` make one.
- The network is the scenario's table of pages, and the disk is memory.
"""

import asyncio
import contextlib
import contextvars
import re

from .sched import Scheduler
from .trace import Recorder


class FetchError(Exception):
    """A fetch that failed: the server answered with an error status."""


# The lane of a callback chain, or of a task that was not given a name:
# (the simulated thread it belongs to, its name).
LANE = contextvars.ContextVar("lane")

# Python names a task it was not given a name for `Task-<n>`.
_UNNAMED_TASK = re.compile(r"Task-\d+")

_current = None


def current():
    """The world of the run in progress."""
    if _current is None:
        raise RuntimeError("this runs inside threeways.run(), which sets up the simulated world")
    return _current


def micros(seconds):
    """Seconds as whole microseconds of virtual time."""
    return round(seconds * 1_000_000)


def lane():
    """The name the trace gives to whoever runs this line."""
    world = current()
    thread = world.sched.current()
    try:
        asyncio.get_running_loop()
        task = asyncio.current_task()
    except RuntimeError:
        task = None
    if task is not None and not _UNNAMED_TASK.fullmatch(task.get_name()):
        return task.get_name()
    # A chain's or an unnamed task's lane, if it was set on this thread: a
    # job that `asyncio.to_thread` runs carries its caller's context to a
    # thread of its own, and is that thread's.
    chain = LANE.get(None)
    if chain is not None and chain[0] == thread:
        return chain[1]
    return world.sched.name(thread)


def set_lane(name):
    """Makes `name` the lane of the current context, on this thread."""
    LANE.set((current().sched.current(), name))


def note(text):
    """Records `text` at the current virtual time on the current lane."""
    world = current()
    world.recorder.note(world.sched.now, lane(), text)


def now():
    """The virtual time since the program started, in seconds."""
    return current().sched.now / 1_000_000


@contextlib.contextmanager
def span(label, kind="wait"):
    """Records the time the `with` block takes as a span of the current
    lane. If the block is cancelled (asyncio's `CancelledError`), the span
    says so."""
    world = current()
    opened = world.recorder.begin(world.sched.now, lane(), label, kind)
    try:
        yield
    except asyncio.CancelledError:
        world.recorder.end(opened, world.sched.now, cancelled=True)
        raise
    except BaseException:
        world.recorder.end(opened, world.sched.now)
        raise
    world.recorder.end(opened, world.sched.now)


class World:
    """Everything one run shares."""

    def __init__(self, scenario):
        self.scenario = scenario
        self.sched = Scheduler()
        self.recorder = Recorder()
        self.files = {}
        self.executors = []

    def fetch(self, url):
        """What fetching `url` gives, and how long (in seconds) it takes to
        find out: `(body, None, latency)` or `(None, error, latency)`."""
        page = self.scenario.page(url)
        if page is None:
            return None, FetchError(f"{url} answered with status 404"), 0.0
        if page.fault == "silent":
            # The server never answers: the network gives up when the first
            # of its limits runs out, the idle one or the whole fetch's.
            timeouts = self.scenario.timeouts
            if timeouts.idle < timeouts.deadline:
                after = timeouts.idle
                error = TimeoutError(f"{url} sent nothing for {micros(after) // 1000} ms")
            else:
                after = timeouts.deadline
                error = TimeoutError(f"{url} did not finish within {micros(after) // 1000} ms")
            return None, error, after
        if page.fault is not None:
            return None, FetchError(f"{url} answered with status {page.fault}"), page.latency
        return page.body, None, page.latency

    def write(self, name, body):
        """Stores a file; the whole file appears at once."""
        self.files[name] = bytes(body)


@contextlib.contextmanager
def entered(world):
    """Makes `world` the world of the run in progress (`current()`) for the
    duration of the `with` block; one at a time."""
    global _current
    if _current is not None:
        raise RuntimeError("a simulated world is already running")
    _current = world
    try:
        yield world
    finally:
        _current = None
