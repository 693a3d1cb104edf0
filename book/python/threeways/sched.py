"""Simulated threads that take turns in virtual-time order.

The Python twin of `crates/blocking/src/sched.rs`. Every simulated thread is
a real `threading.Thread`, but only the one holding the *turn* runs. A thread
gives the turn away when it blocks (sleeps, computes, joins a thread that
has not finished, or parks until something wakes it), and the turn goes to
the ready thread with the earliest wake-up time; ties go to the thread that
became ready first. The virtual clock jumps to that wake-up time. Whatever
the operating system does, the threads therefore run in one order only, and
what they record is the same on every run, under any load.

A spawned thread starts at its parent's time and runs when the parent next
blocks; `join` moves the joiner on to the time the child finished.

`park` and `unpark` are what the asyncio loop and the executor's workers
wait with: the loop parks until its next timer is due or another thread
hands it a callback (`call_soon_threadsafe`), whichever comes first.

A thread must not block on anything the scheduler does not know about (a
`threading.Lock` held across a simulated wait, a blocking `queue.get`): the
thread holding the turn would wait for ever. Programs take a lock only
between waits, and take from a queue with `get_nowait`.
"""

import heapq
import threading

MAIN = 0


class Deadlock(Exception):
    """Every simulated thread waits for another: nothing can ever run."""


class _Thread:
    def __init__(self, name):
        self.name = name
        self.finished = False
        self.joiners = []
        # Entries in the ready heap carry the token they were queued with;
        # taking the turn changes it, so stale entries are skipped.
        self.token = 0
        self.parked = False
        self.permit = False


class Handle:
    """A simulated thread that `Scheduler.spawn` started."""

    def __init__(self, sched, tid, thread):
        self._sched, self.tid, self._thread = sched, tid, thread

    def join(self):
        """Blocks the calling simulated thread until this one has finished."""
        self._sched.join(self.tid)
        # It has given the turn away for good: all that is left of it is
        # the OS thread returning.
        self._thread.join()


class Scheduler:
    """The turn, the virtual clock and the simulated threads of one run."""

    def __init__(self):
        self._cond = threading.Condition()
        self._now = 0  # microseconds
        self._running = MAIN
        self._ready = []  # heap of (time, order queued, tid, token)
        self._queued = 0
        self._threads = [_Thread("main")]
        self._deadlock = None
        self._local = threading.local()
        self._local.tid = MAIN

    # -- reading -------------------------------------------------------

    @property
    def now(self):
        """The virtual time, in microseconds."""
        return self._now

    @property
    def deadlocked(self):
        """Whether the run has found every thread waiting for another."""
        return self._deadlock is not None

    def thread_count(self):
        """How many simulated threads the run has had, main included."""
        return len(self._threads)

    def current(self):
        """The simulated thread the calling OS thread runs, or None."""
        return getattr(self._local, "tid", None)

    def name(self, tid):
        return self._threads[tid].name

    # -- threads -------------------------------------------------------

    def add_thread(self, name):
        """Registers a new thread, ready at the current time. The caller
        keeps the turn; the new OS thread must call `enter` first."""
        with self._cond:
            tid = len(self._threads)
            self._threads.append(_Thread(name))
            self._make_ready(tid, self._now)
            return tid

    def enter(self, tid):
        """Makes the calling OS thread simulated thread `tid`, and waits
        for its first turn."""
        self._local.tid = tid
        with self._cond:
            self._wait_for(tid)

    def finish(self):
        """Ends the calling thread: wakes its joiners, gives the turn away
        for good."""
        me = self.current()
        with self._cond:
            state = self._threads[me]
            state.finished = True
            for joiner in state.joiners:
                self._make_ready(joiner, self._now)
            state.joiners.clear()
            self._hand_off()
            self._cond.notify_all()

    def spawn(self, name, target):
        """Starts `target()` on a new simulated thread called `name`, and
        returns its handle at once. The thread runs when the caller next
        blocks."""
        tid = self.add_thread(name)

        def body():
            try:
                self.enter(tid)
                target()
            except Deadlock:
                return  # the run is over: the main thread reports it
            except BaseException:
                self.finish()
                raise  # to `threading.excepthook`, as any thread's would
            self.finish()

        thread = threading.Thread(target=body, name=name, daemon=True)
        thread.start()
        return Handle(self, tid, thread)

    # -- blocking ------------------------------------------------------

    def sleep(self, micros):
        """Blocks the calling thread for `micros` of virtual time."""
        me = self.current()
        with self._cond:
            self._make_ready(me, self._now + micros)
            self._pass_turn(me)

    def join(self, child):
        """Blocks the calling thread until `child` has finished."""
        me = self.current()
        with self._cond:
            if self._threads[child].finished:
                return
            self._threads[child].joiners.append(me)
            self._pass_turn(me)

    def join_all(self):
        """Blocks the calling thread until every other thread has finished,
        those started while it waits included."""
        me = self.current()
        tid = 0
        # `len` is read again each time round: a thread that another
        # started while this one waited has joined the list by then.
        while tid < len(self._threads):
            if tid != me:
                self.join(tid)
            tid += 1

    def park(self, micros=None):
        """Blocks the calling thread until `unpark` or, if `micros` is not
        None, until that much virtual time has passed. Returns at once if
        an `unpark` came while it was not parked."""
        me = self.current()
        with self._cond:
            state = self._threads[me]
            if state.permit:
                state.permit = False
                return
            state.parked = True
            if micros is not None:
                self._make_ready(me, self._now + micros)
            try:
                self._pass_turn(me)
            finally:
                state.parked = False

    def unpark(self, tid):
        """Wakes `tid` now if it is parked; otherwise its next `park`
        returns at once."""
        with self._cond:
            state = self._threads[tid]
            if state.parked:
                state.parked = False
                self._queue(tid, self._now, state.token)
            else:
                state.permit = True

    # -- the turn ------------------------------------------------------

    def _queue(self, tid, at, token):
        heapq.heappush(self._ready, (at, self._queued, tid, token))
        self._queued += 1

    def _make_ready(self, tid, at):
        self._queue(tid, at, self._threads[tid].token)

    def _hand_off(self):
        self._running = None
        while self._ready:
            at, _, tid, token = heapq.heappop(self._ready)
            state = self._threads[tid]
            if token != state.token or state.finished:
                continue  # woken some other way already
            state.token += 1
            self._now = max(self._now, at)
            self._running = tid
            break
        self._cond.notify_all()

    def _pass_turn(self, me):
        self._hand_off()
        if self._running is None:
            self._deadlock = "simulated deadlock: every thread is waiting for another"
            self._cond.notify_all()
        self._wait_for(me)

    def _wait_for(self, me):
        while True:
            if self._deadlock is not None:
                raise Deadlock(self._deadlock)
            if self._running == me:
                return
            self._cond.wait()
