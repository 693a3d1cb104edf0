"""asyncio on a virtual clock: the loop jumps to its next timer instead of
sleeping.

The loop is asyncio's own `SelectorEventLoop`, with three things changed
through the hooks asyncio offers for it:

- `time()` reads the world's virtual clock (`sched.py`), and `call_at`
  rounds each timer to a whole microsecond, so two timers meant for the
  same moment are due at the same moment;
- its selector, instead of sleeping until the next timer, parks the loop's
  thread in the scheduler until then: the clock jumps there at once, or
  earlier if another simulated thread hands the loop a callback with
  `call_soon_threadsafe`;
- its default executor (what `asyncio.to_thread` and `run_in_executor(None,
  ...)` use) runs its jobs on simulated threads, named `asyncio_0`,
  `asyncio_1`, ... as Python names the real ones.

Everything else is asyncio as it ships: tasks, futures, `gather`,
`Semaphore`, `wait_for`, `timeout`, async generators and their clean-up.
While a world runs, `asyncio.new_event_loop()` and `asyncio.run()` make such
a loop, and `asyncio.sleep` also records each wait in the trace (a
`sleep(0)` sets no timer, and records nothing).
"""

import asyncio
import collections
import concurrent.futures
import contextlib
import contextvars
import functools
import selectors

from . import world as worlds
from .sched import Deadlock
from .world import micros, span


class VirtualSelector(selectors.DefaultSelector):
    """Waits in virtual time: a `select` that would block parks the loop's
    simulated thread until the timeout has passed on the virtual clock, or
    until `call_soon_threadsafe` wakes it."""

    def __init__(self, loop):
        super().__init__()
        self._loop = loop

    def select(self, timeout=None):
        ready = super().select(0)
        if ready or (timeout is not None and timeout <= 0):
            return ready
        sched = self._loop.world.sched
        self._loop.thread = sched.current()
        sched.park(None if timeout is None else micros(timeout))
        return super().select(0)


class VirtualLoop(asyncio.SelectorEventLoop):
    """An asyncio event loop whose clock is the world's virtual clock."""

    def __init__(self, world):
        self.world = world
        # The simulated thread that runs the loop, once it has waited.
        self.thread = None
        super().__init__(VirtualSelector(self))
        self._executor = VirtualExecutor(world)
        world.executors.append(self._executor)
        self.set_default_executor(self._executor)

    def time(self):
        return self.world.sched.now / 1_000_000

    def create_task(self, coro, *, name=None, context=None, **kwargs):
        """asyncio's `Task`, with the lane of whoever made it, for the
        trace to show if the task is not given a name of its own. (A method
        rather than a task factory: Python 3.13.0 names a factory's task
        "None" when it is given no name.)"""
        made_in = (contextvars.copy_context() if context is None else context).copy()
        made_in.run(worlds.set_lane, worlds.lane())
        return asyncio.Task(coro, loop=self, name=name, context=made_in, **kwargs)

    def call_at(self, when, callback, *args, context=None):
        return super().call_at(micros(when) / 1_000_000, callback, *args, context=context)

    def call_later(self, delay, callback, *args, context=None):
        # Inside a task, `call_later` is asyncio's own business (a sleep, a
        # timeout), and the trace shows the task's wait where it has one.
        # Outside any task it is a callback program's timer: its wait, on
        # the chain that set it, until it fires or is cancelled.
        if asyncio.current_task(self) is not None:
            return super().call_later(delay, callback, *args, context=context)
        recorder, sched = self.world.recorder, self.world.sched
        opened = recorder.begin(sched.now, worlds.lane(), f"call_later {micros(delay) // 1000} ms")
        timer = TracedTimer(lambda: recorder.end(opened, sched.now, cancelled=True))

        def fire(*args):
            timer.fired = True
            recorder.end(opened, sched.now)
            callback(*args)

        timer.handle = super().call_later(delay, fire, *args, context=context)
        return timer

    def call_soon_threadsafe(self, callback, *args, context=None):
        handle = super().call_soon_threadsafe(callback, *args, context=context)
        if self.thread is not None:
            self.world.sched.unpark(self.thread)
        return handle

    async def shutdown_default_executor(self, timeout=None):
        # asyncio shuts its executor down from a new, real thread, which
        # the scheduler knows nothing about; the loop's thread does it here.
        self._executor.shutdown(wait=True)


class TracedTimer:
    """The `TimerHandle` that `call_later` returns, which also ends its
    span in the trace when it is cancelled before it fires."""

    def __init__(self, on_cancel):
        self.handle = None
        self.fired = False
        self._on_cancel = on_cancel

    def cancel(self):
        if not self.fired and not self.handle.cancelled():
            self._on_cancel()
        self.handle.cancel()

    def cancelled(self):
        return self.handle.cancelled()

    def when(self):
        return self.handle.when()


class VirtualExecutor(concurrent.futures.ThreadPoolExecutor):
    """A thread pool whose workers are simulated threads. Like Python's, it
    starts a worker when a job finds none idle, and keeps it for the next."""

    def __init__(self, world):
        super().__init__(thread_name_prefix="asyncio")
        self._world = world
        self._jobs = collections.deque()
        self._idle = []
        self._workers = []
        self._closing = False

    def submit(self, fn, /, *args, **kwargs):
        if self._closing:
            raise RuntimeError("cannot schedule new futures after shutdown")
        future = concurrent.futures.Future()
        self._jobs.append((future, functools.partial(fn, *args, **kwargs)))
        sched = self._world.sched
        if self._idle:
            sched.unpark(self._idle.pop(0))
        else:
            name = f"asyncio_{len(self._workers)}"
            self._workers.append(sched.spawn(name, self._work))
        return future

    def _work(self):
        sched = self._world.sched
        while True:
            if self._jobs:
                future, job = self._jobs.popleft()
                if future.set_running_or_notify_cancel():
                    try:
                        future.set_result(job())
                    except BaseException as error:  # the future carries it
                        future.set_exception(error)
            elif self._closing:
                return
            else:
                self._idle.append(sched.current())
                sched.park()

    def shutdown(self, wait=True, *, cancel_futures=False):
        self._closing = True
        sched = self._world.sched
        while self._idle:
            sched.unpark(self._idle.pop())
        if wait:
            for worker in self._workers:
                worker.join()


_asyncio_sleep = asyncio.sleep
# What `asyncio.new_event_loop()` and `asyncio.run()` call to make a loop:
# replaced while a world runs, as `asyncio.sleep` is. (Not an event-loop
# policy: policies are deprecated from Python 3.14 and go in 3.16.)
_new_event_loop = asyncio.events.new_event_loop


@functools.wraps(_asyncio_sleep)
async def _traced_sleep(delay, result=None):
    if delay <= 0:
        return await _asyncio_sleep(delay, result)
    with span(f"sleep {micros(delay) // 1000} ms"):
        return await _asyncio_sleep(delay, result)


async def virtual_sleep(seconds):
    """`asyncio.sleep`, without recording a span: for the world's own waits."""
    await _asyncio_sleep(seconds)


@contextlib.contextmanager
def installed(world):
    """Makes asyncio use `world`'s loops, and trace its sleeps, for the
    duration of the `with` block: every new event loop is a `VirtualLoop`
    of the world, whether a program asks for one
    (`asyncio.new_event_loop()`) or `asyncio.run()` does
    (`asyncio.events.new_event_loop()`)."""

    def new_event_loop():
        return VirtualLoop(world)

    asyncio.new_event_loop = asyncio.events.new_event_loop = new_event_loop
    asyncio.sleep = _traced_sleep
    try:
        yield
    finally:
        asyncio.sleep = _asyncio_sleep
        asyncio.new_event_loop = asyncio.events.new_event_loop = _new_event_loop


__all__ = ["Deadlock", "VirtualLoop", "VirtualExecutor", "installed", "virtual_sleep"]
