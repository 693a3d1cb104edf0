"""The bookkeeping of the `sharing` chapter's crawler, the same in every
style: which pages have been seen, what each one gave, and how many are
still queued or being fetched.

The Python twin of `crates/model/src/crawl.rs`: the chapter is about
sharing this between workers, not about what is in it.
"""

from .scenario import links_in, page_name

__all__ = ["Found"]


class Found:
    """What a crawl has found so far."""

    def __init__(self, start):
        self.seen = {start}  # every page queued so far
        self.pages = {}  # what each page gave, by name: `about: 2 links`
        self.pending = 1  # pages queued or being fetched: over at zero

    def record(self, url, body, error):
        """Records what fetching `url` gave (its `body`, or the `error`),
        and returns the links in it that nobody has seen yet, in the page's
        order: they count as queued from now on."""
        links = [] if error is not None else links_in(body)
        if error is not None:
            self.pages[page_name(url)] = f"error: {error}"
        else:
            self.pages[page_name(url)] = "1 link" if len(links) == 1 else f"{len(links)} links"
        new = []
        for link in links:
            if link not in self.seen:
                self.seen.add(link)
                new.append(link)
        self.pending += len(new) - 1  # `url` is done
        return new

    def is_done(self):
        """Whether the crawl is over: nothing queued, nobody fetching."""
        return self.pending == 0

    def summary(self):
        """What each page gave, by name, and how many pages were fetched."""
        lines = [f"{name}: {what}" for name, what in sorted(self.pages.items())]
        return lines + [f"{len(self.pages)} pages"]
