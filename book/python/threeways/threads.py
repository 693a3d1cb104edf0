"""Threads, as the thread-style programs use them: `Thread`, `sleep`,
`fetch` and `now`, on the simulated world's virtual clock.

`Thread` has the parts of `threading.Thread` the programs use (`target`,
`args`, `name`, `start`, `join`); `sleep` is `time.sleep`. Both are
simulated (`sched.py`): a thread that waits gives its turn to the next, and
the clock moves on to the earliest wake-up. The programs would read the
same with `threading.Thread` and `time.sleep`; only the clock would be
the wall clock.
"""

from .world import current, micros, now, span

__all__ = ["Thread", "sleep", "fetch", "now"]


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
