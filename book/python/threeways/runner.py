"""Runs a program in a fresh simulated world: `run_text(chapter, main)` is
how every program runs (`threeways.run` is its command line). It makes a
world for the chapter's scenario (`world.py`), installs asyncio's loop on
its virtual clock (`vloop.py`), runs `main(scenario)` in it as the main
thread, waits for every thread the program started (as a process does
before it exits), and returns the trace as text, ending with the program's
`result:` and the `total:` line.

It stands above both the world and the loop, so that neither needs the
other: the loop is built on the world, and this module on both.
"""

import gc

from . import scenario as scenarios
from . import vloop
from .sched import Deadlock
from .world import FetchError, World, entered


def run_text(chapter, main):
    """Runs `main(scenario)` in a fresh world for `chapter`, and returns the
    trace as text. `main` returns the program's values, a list of strings;
    an exception it raises from a fetch is its result, as `error: ...`."""
    world = World(scenarios.for_chapter(chapter))
    with entered(world):
        with vloop.installed(world):
            try:
                result = "; ".join(main(world.scenario))
            except (FetchError, TimeoutError, Deadlock) as error:
                result = f"error: {error}"
            if not world.sched.deadlocked:
                # Like a process, the run ends when its threads have ended.
                for executor in world.executors:
                    executor.shutdown(wait=False)
                world.sched.join_all()
            # Whatever the program left behind is finalized in its world.
            gc.collect()
        return world.recorder.render(result, world.sched.now, world.sched.thread_count())
