"""Writing a file, as every style does it in Python: a blocking call.

The standard library has no asynchronous file API, so asyncio programs
hand the write to a thread (`asyncio.to_thread`, `loop.run_in_executor`),
which is also what `aiofiles` does underneath.
"""

from .world import current, micros, span

__all__ = ["write_file"]


def write_file(name, body):
    """Writes `body` to the file `name`. The calling thread is blocked
    until the disk is done."""
    world = current()
    with span(f"write {name} ({len(body)} bytes)"):
        world.sched.sleep(micros(world.scenario.disk_latency))
    world.write(name, body)
