"""Chapter `comprehensions`, with asyncio: an async comprehension over an
async generator; `await` inside a comprehension, one check at a time; and
the checks all at once (`gather`), or `k` at a time (a `Semaphore`).

Twin of crates/async/src/chapters/comprehensions.rs.
"""

import asyncio

from threeways import run
from threeways.aio import fetch
from threeways.scenario import user_url
from ticker_asyncio import ticker

CHAPTER, STYLE = "comprehensions", "asyncio"


# ANCHOR: odd_ticks
async def odd_ticks(delay, to):
    """An async comprehension: the values arrive over time."""
    return [i async for i in ticker(delay, to) if i % 2]
# ANCHOR_END: odd_ticks


# ANCHOR: is_free
async def is_free(name):
    """Asks the server whether a user name is free."""
    return await fetch(user_url(name)) == b"free"
# ANCHOR_END: is_free


# ANCHOR: free_names
async def free_names(names):
    """`await` inside a comprehension: each check is awaited before the
    next one starts, as in a `for` loop."""
    return [name for name in names if await is_free(name)]
# ANCHOR_END: free_names


# ANCHOR: streams
async def free_names_gather(names):
    """Every check at once; `gather` keeps the order of `names`."""
    answers = await asyncio.gather(*(is_free(name) for name in names))
    return [name for name, free in zip(names, answers) if free]


async def free_names_semaphore(names, k):
    """At most `k` checks at a time."""
    slots = asyncio.Semaphore(k)

    async def check(name):
        async with slots:
            return await is_free(name)

    answers = await asyncio.gather(*(check(name) for name in names))
    return [name for name, free in zip(names, answers) if free]
# ANCHOR_END: streams


# ANCHOR: seed
async def seed(funcs, condition):
    """The comprehension of the question, word for word."""
    return [await fun() for fun in funcs if await condition()]


async def seed_at_once(funcs, condition):
    """The same, all at once: each item's two waits in a coroutine of its
    own, and `gather` to run them all. Results in order."""

    async def item(fun):
        return [await fun()] if await condition() else []

    return [result for results in await asyncio.gather(*map(item, funcs)) for result in results]
# ANCHOR_END: seed


# ANCHOR: seed_parts
SERVICE = "http://example.com/open"


async def is_open():
    """The condition: is the service still taking checks?"""
    return await fetch(SERVICE) == b"open"


def if_free(name):
    """One of the functions: `name`, if it is free."""

    async def fun():
        return name if await is_free(name) else None

    return fun
# ANCHOR_END: seed_parts


def seed_program(comprehension):
    async def check_names(names):
        funcs = [if_free(name) for name in names]
        return [name for name in await comprehension(funcs, is_open) if name is not None]

    return program(check_names)


def program(check_names, *args):
    async def both(scenario):
        odd = await odd_ticks(scenario.tick, scenario.ticks)
        free = await check_names(scenario.names, *[arg(scenario) for arg in args])
        return [f"odd ticks: {odd}", f"free names: {free}"]

    return lambda scenario: asyncio.run(both(scenario))


PROGRAMS = {
    "comprehension": program(free_names),
    "gather": program(free_names_gather),
    "semaphore": program(free_names_semaphore, lambda scenario: scenario.limit),
    "seed": seed_program(seed),
    "seed-gather": seed_program(seed_at_once),
}

if __name__ == "__main__":
    run(CHAPTER, STYLE, PROGRAMS)
