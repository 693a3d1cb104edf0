"""The network, as asyncio programs use it: `fetch` is a coroutine.

It stands in for an HTTP client such as `aiohttp`: awaiting it suspends the
task (not the thread) until the body has arrived. If the task is cancelled
meanwhile, the fetch stops, and the trace marks its wait `(cancelled)`.
"""

from .vloop import virtual_sleep
from .world import current, span

__all__ = ["fetch"]


async def fetch(url):
    """Fetches `url` and returns its body, as bytes."""
    body, error, takes = current().fetch(url)
    with span(f"fetch {url}"):
        await virtual_sleep(takes)
    if error is not None:
        raise error
    return body
