"""Threads, as the thread-style programs use them: `Thread`, `sleep`,
`fetch` and `now`, on the simulated world's virtual clock.

`Thread` has the parts of `threading.Thread` the programs use (`target`,
`args`, `name`, `start`, `join`); `sleep` is `time.sleep`; `Queue` is
`queue.Queue`'s `put`, `get`, `task_done` and `join`. All are simulated
(`sched.py`): a thread that waits gives its turn to the next, and the clock
moves on to the earliest wake-up. The programs would read the same with
`threading.Thread`, `time.sleep` and `queue.Queue`; only the clock would be
the wall clock.
"""

from collections import deque

from .world import current, micros, now, span

__all__ = ["Thread", "Queue", "sleep", "fetch", "now"]


class Thread:
    """`threading.Thread`, simulated."""

    def __init__(self, target, name, args=(), kwargs=None):
        self.name = name
        self._run = lambda: target(*args, **(kwargs or {}))
        self._handle = None

    def start(self):
        """Starts the thread; it runs from the caller's time, as soon as
        the caller waits."""
        self._handle = current().sched.spawn(self.name, self._run)

    def join(self):
        """Blocks until the thread has finished."""
        self._handle.join()


class Queue:
    """`queue.Queue`, simulated: `get` waits (the thread parks) while it is
    empty; `join` waits until every item `put` has been marked
    `task_done`."""

    def __init__(self):
        self._items = deque()
        self._unfinished = 0
        self._getters = deque()  # the threads waiting in `get`
        self._joiners = []  # the threads waiting in `join`

    def put(self, item):
        """Adds `item`, and wakes a thread waiting in `get`."""
        self._items.append(item)
        self._unfinished += 1
        if self._getters:
            current().sched.unpark(self._getters.popleft())

    def get(self):
        """Takes the oldest item, waiting while there is none."""
        sched = current().sched
        while not self._items:
            self._getters.append(sched.current())
            sched.park()
        return self._items.popleft()

    def task_done(self):
        """Says that an item taken with `get` is done with."""
        self._unfinished -= 1
        if self._unfinished == 0:
            sched = current().sched
            for joiner in self._joiners:
                sched.unpark(joiner)
            self._joiners.clear()

    def join(self):
        """Waits until every item put has been marked done."""
        sched = current().sched
        while self._unfinished:
            self._joiners.append(sched.current())
            sched.park()


def sleep(seconds):
    """Blocks the calling thread for `seconds`."""
    with span(f"sleep {micros(seconds) // 1000} ms"):
        current().sched.sleep(micros(seconds))


def fetch(url, timeout=None):
    """Fetches `url` and returns its body, as bytes. The calling thread is
    blocked until the last byte has arrived. With `timeout` (seconds), a
    server that keeps it waiting longer raises `TimeoutError`, as a socket
    timeout does."""
    world = current()
    body, error, takes = world.fetch(url)
    if timeout is not None and takes > timeout:
        takes = timeout
        error = TimeoutError(f"{url} did not finish within {micros(timeout) // 1000} ms")
    with span(f"fetch {url}"):
        world.sched.sleep(micros(takes))
    if error is not None:
        raise error
    return body
