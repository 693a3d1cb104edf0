"""A chapter's inputs: the pages it fetches, how long each takes, how long
the disk takes, the counts and delays of its loops.

The Python twin of `crates/model/src/scenario.rs`, with the same numbers, so
a Python program and its Rust twin run the same scenario. (A test in
`tests/it/python.rs` compares this file's scenarios with Rust's.) Times are
in seconds, as Python's `time` and `asyncio` count them.
"""

from dataclasses import dataclass, field


@dataclass
class Page:
    """A page the simulated server holds."""

    url: str
    body: bytes
    latency: float
    # What goes wrong when it is fetched: None, "silent", or a status code.
    fault: object = None


@dataclass
class CpuJob:
    """Count the primes in range(start, stop); charged `cost` seconds of CPU."""

    start: int
    stop: int
    cost: float

    def split(self, parts):
        """The same work in `parts` jobs over consecutive ranges, each
        costing its share (as Rust's `CpuJob::split`)."""
        width = -(-(self.stop - self.start) // parts)  # rounded up
        return [
            CpuJob(
                min(self.start + i * width, self.stop),
                min(self.start + (i + 1) * width, self.stop),
                self.cost / parts,
            )
            for i in range(parts)
        ]

    def label(self):
        return f"count primes in {self.start}..{self.stop}"


@dataclass
class Timeouts:
    """How long the network waits, as Rust's `Timeouts`: to connect, for a
    silent server's next byte (idle), and for the whole fetch (deadline)."""

    connect: float = 5.0
    idle: float = 10.0
    deadline: float = 60.0


@dataclass
class Scenario:
    """The inputs of one chapter; a chapter reads only the fields it needs."""

    pages: list = field(default_factory=list)
    disk_latency: float = 0.0
    limit: int = 1
    ticks: int = 0
    tick: float = 0.0
    take: int = 0
    names: list = field(default_factory=list)
    timeouts: Timeouts = field(default_factory=Timeouts)
    deadline: float = 1.0
    body_limit: int = 100 << 20
    job: CpuJob = field(default_factory=lambda: CpuJob(0, 0, 0.0))
    chunks: int = 1
    capacity: int = 1

    def urls(self):
        return [page.url for page in self.pages]

    def page(self, url):
        return next((page for page in self.pages if page.url == url), None)


def page_name(url):
    """The last segment of a URL's path: `http://example.com/news` is `news`."""
    return url.rsplit("/", 1)[-1]


def user_url(name):
    """Where the `comprehensions` chapter asks whether a user name is free."""
    return f"http://example.com/users/{name}"


def file_name_for(url):
    """The file name to save `url` under, as Rust's `file_name_for`: the
    last path segment, cut down to `A-Z a-z 0-9 . _ -`, no leading dots."""
    rest = url.split("://", 1)[-1]
    path = rest.split("?", 1)[0].split("#", 1)[0]
    segments = [s for s in path.split("/")[1:] if s]
    last = segments[-1] if segments else ""
    cleaned = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in last)
    return cleaned.lstrip(".") or "index.html"


def tick_note(number, due, at, period):
    """`tick 3`, or `tick 3: 170 ms late (missed)` when more than half a
    period late (as Rust's `tick_note`)."""
    late = max(0, round(at * 1_000_000) - round(due * 1_000_000))
    if late > round(period * 1_000_000) / 2:
        return f"tick {number}: {late // 1000} ms late (missed)"
    if late >= 1000:
        return f"tick {number}: {late // 1000} ms late"
    return f"tick {number}"


THE_TYGER = (
    b"Tyger Tyger, burning bright,\n"
    b"In the forests of the night;\n"
    b"What immortal hand or eye,\n"
    b"Could frame thy fearful symmetry?\n"
)


def for_chapter(chapter):
    """The scenario chapter `chapter` (a slug, such as `fan-out`) runs."""
    if chapter == "download":
        return Scenario(
            pages=[Page("http://example.com/poems/the-tyger.txt", THE_TYGER, 0.120)],
            disk_latency=0.005,
        )
    if chapter == "first-await":
        return Scenario(pages=[Page("http://example.com/report", b"all systems go", 0.120)])
    if chapter == "fan-out":
        topics = [("news", 120), ("weather", 40), ("sports", 200), ("markets", 80), ("travel", 60)]
        pages = []
        for topic, ms in topics:
            body = f"today's {topic}\n".encode() * (ms // 20)
            pages.append(Page(f"http://example.com/{topic}", body, ms / 1000))
        return Scenario(pages=pages, limit=2)
    if chapter == "ticker":
        return Scenario(ticks=10, tick=0.100, take=3)
    if chapter == "failures":
        return Scenario(
            pages=[
                Page("http://example.com/report", b"all systems go", 0.100),
                Page("http://example.com/missing", b"", 0.050, fault=404),
                Page("http://example.com/slow", b"", 0.0, fault="silent"),
                Page("http://example.com/forecast", b"rain, then sun", 0.600),
                Page("http://example.com/weekly", b"a quiet week", 0.100),
            ],
            timeouts=Timeouts(idle=2.000),
            deadline=0.300,
        )
    if chapter == "cpu-bound":
        return Scenario(ticks=8, tick=0.100, job=CpuJob(0, 4_000_000, 0.450), chunks=15)
    if chapter == "comprehensions":
        users = [
            ("ada", b"taken", 80),
            ("grace", b"free", 150),
            ("alan", b"taken", 60),
            ("edsger", b"free", 120),
            ("barbara", b"free", 90),
        ]
        return Scenario(
            pages=[Page(user_url(name), answer, ms / 1000) for name, answer, ms in users],
            names=[name for name, _, _ in users],
            ticks=6,
            tick=0.100,
            take=6,
            limit=2,
        )
    if chapter == "under-the-hood":
        # `download`'s page first, then two more for `gather`.
        return Scenario(
            pages=[
                Page("http://example.com/poems/the-tyger.txt", THE_TYGER, 0.120),
                Page("http://example.com/weather", b"sunny\n", 0.040),
                Page("http://example.com/markets", b"calm\n", 0.080),
            ],
            disk_latency=0.005,
        )
    if chapter == "sharing":
        # A site whose pages link to each other (`old` is a dead link); a
        # feed fetched faster than it is written; readers of a cache.
        pages = [site_page(name, ms, links) for name, ms, links in SITE]
        pages.append(Page("http://example.com/old", b"", 0.010, fault=404))
        for n in range(1, 9):
            body = f"item {n} of the feed\n".encode() * n
            pages.append(Page(f"http://example.com/feed/{n}.txt", body, 0.010))
        return Scenario(
            pages=pages,
            disk_latency=0.030,
            limit=2,
            capacity=2,
            names=["news", "about", "news"],
        )
    raise ValueError(f"no chapter {chapter!r}")


SITE_START = "http://example.com/index"

# The `sharing` chapter's site: each page's name, its latency in ms, and the
# pages it links to (as Rust's `SITE`).
SITE = [
    ("index", 40, ["about", "news", "blog"]),
    ("about", 30, ["team", "index"]),
    ("news", 60, ["archive", "index"]),
    ("blog", 50, ["archive", "old", "about"]),
    ("team", 20, ["jobs"]),
    ("archive", 80, ["news", "blog"]),
    ("jobs", 30, ["index"]),
]


def site_page(name, ms, links):
    """A page of the site, with its links as HTML anchors."""
    body = f"<h1>{name}</h1>\n"
    for link in links:
        body += f'<a href="http://example.com/{link}">{link}</a>\n'
    return Page(f"http://example.com/{name}", body.encode(), ms / 1000)


def links_in(body):
    """The links in a page of the site: the address in each `href="..."`."""
    text = body.decode("utf-8", "replace")
    return [rest.split('"', 1)[0] for rest in text.split('href="')[1:] if '"' in rest]


CHAPTERS = [
    "download",
    "first-await",
    "fan-out",
    "ticker",
    "comprehensions",
    "failures",
    "cpu-bound",
    "under-the-hood",
    "sharing",
]


def describe(scenario):
    """The scenario as lines of text, in the form the Rust test writes
    Rust's scenario in, so the two can be compared."""
    from .trace import format_ms

    def ms(seconds):
        return format_ms(round(seconds * 1_000_000))

    lines = []
    for page in scenario.pages:
        fault = "none" if page.fault is None else str(page.fault)
        latency = ms(page.latency)
        lines.append(f"page {page.url} {latency} ms fault {fault} body {page.body.hex()}")
    lines.append(f"disk {ms(scenario.disk_latency)} ms")
    lines.append(
        f"limit {scenario.limit} ticks {scenario.ticks} tick {ms(scenario.tick)} ms"
        f" take {scenario.take}"
    )
    lines.append(f"names {' '.join(scenario.names)}")
    lines.append(
        f"timeouts connect {ms(scenario.timeouts.connect)} ms"
        f" idle {ms(scenario.timeouts.idle)} ms"
        f" deadline {ms(scenario.timeouts.deadline)} ms"
        f" deadline {ms(scenario.deadline)} ms"
        f" body_limit {scenario.body_limit}"
    )
    job = scenario.job
    lines.append(f"job {job.start}..{job.stop} cost {ms(job.cost)} ms chunks {scenario.chunks}")
    lines.append(f"capacity {scenario.capacity}")
    return "\n".join(lines) + "\n"
