"""The simulated world the book's Python programs run in, and their trace.

The Python twin of the Rust workspace's plumbing: the programs in
`book/python/` call `fetch`, `write_file`, `note` and the rest from here, and
print the same trace as the Rust programs (`time  lane  text`, `[wait N
ms] label`, `result:`, `total:`), on the same virtual clock, so that the two
can be compared line by line.

- `runner`: `run_text`, a program run in a fresh world, as text.
- `world`: `note`, `now`, lanes, the simulated network and disk.
- `sched`: simulated threads that take turns in virtual-time order.
- `vloop`: asyncio's event loop on the virtual clock.
- `trace`: the recorder and the text it renders.
- `scenario`: each chapter's inputs, the same as Rust's.
- `threads`, `callbacks`, `aio`: `fetch` (and threads) for each style.
- `disk`, `cpu`: `write_file` and `count_primes`, for every style.

Standard library only; Python 3.10 or newer (`asyncio.timeout` needs 3.11).
"""

import sys

from .runner import run_text
from .world import FetchError, note, now

__all__ = ["FetchError", "note", "now", "run", "run_text"]


def run(chapter, style, programs):
    """The command line of a program file: runs the program named on it
    (`python3 fan_out_asyncio.py gather`), or every program of the file
    when none is named, and prints each trace.

    `programs` maps a variant's name to its `main(scenario)`; a file with
    one program maps `None` to it.
    """
    names = [name for name in programs if name is not None]
    wanted = sys.argv[1:]
    if not names:
        if wanted:
            sys.exit(f"{sys.argv[0]}: this file has one program and takes no argument")
        print(run_text(chapter, programs[None]), end="")
        return
    if len(wanted) > 1 or (wanted and wanted[0] not in programs):
        sys.exit(f"{sys.argv[0]}: expected one of: {', '.join(names)}")
    if wanted:
        print(run_text(chapter, programs[wanted[0]]), end="")
        return
    for name in names:
        print(f"== {chapter}, {style}, {name} ==")
        print(run_text(chapter, programs[name]))
