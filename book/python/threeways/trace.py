"""The trace: what a run did, when, and on which lane.

The Python twin of `crates/model/src/trace.rs`, line for line where it
matters: the same text for the same events, so a Python run and a Rust run
can be read (and diffed) side by side.

Times are whole microseconds of virtual time. A *note* is a line that
program code wrote at a moment; a *span* is a wait or a computation from one
moment to another. Events are listed by time, and events at the same time in
the order they were recorded in; a span takes its place in that order when
it begins, so a wait is listed before what other lanes did while it lasted.
"""

import threading


def format_ms(micros):
    """Milliseconds as the trace shows them: `125`, or `1.500` when not whole."""
    if micros % 1000 == 0:
        return str(micros // 1000)
    return f"{micros / 1000:.3f}"


class Span:
    """A wait or a computation that has begun and not yet ended."""

    def __init__(self, seq, start, lane, label, kind):
        self.seq, self.start, self.lane, self.label, self.kind = seq, start, lane, label, kind


class Recorder:
    """Collects the events of every lane of one run. Threads record into it
    too, so it keeps its own lock."""

    def __init__(self):
        self._lock = threading.Lock()
        self._events = []  # (seq, at, lane, text)
        self._next_seq = 0

    def _take_seq(self):
        with self._lock:
            self._next_seq += 1
            return self._next_seq - 1

    def note(self, at, lane, text):
        """Records the note `text` at `at` on `lane`."""
        seq = self._take_seq()
        with self._lock:
            self._events.append((seq, at, lane, text))

    def begin(self, start, lane, label, kind="wait"):
        """Begins a span; it is recorded when it ends."""
        return Span(self._take_seq(), start, lane, label, kind)

    def end(self, span, end, cancelled=False):
        """Ends `span` at `end`. A cancelled span says so in its label."""
        label = span.label + (" (cancelled)" if cancelled else "")
        took = format_ms(max(0, end - span.start))
        text = f"[{span.kind} {took} ms] {label}"
        with self._lock:
            self._events.append((span.seq, span.start, span.lane, text))

    def render(self, result, total, threads):
        """The text a run prints: one line per event, `result:`, `total:`.

        Padding as in Rust's `Trace::render_events`: times right-aligned to
        the widest, lanes left-aligned to the longest.
        """
        with self._lock:
            events = sorted(self._events, key=lambda e: (e[1], e[0]))
        times = [format_ms(at) for _, at, _, _ in events]
        time_width = max(map(len, times), default=0)
        lane_width = max((len(lane) for _, _, lane, _ in events), default=0)
        lines = [
            f"{time:>{time_width}} ms  {lane:<{lane_width}}  {text}"
            for time, (_, _, lane, text) in zip(times, events)
        ]
        lines.append(f"result: {result}")
        plural = "1 thread" if threads == 1 else f"{threads} threads"
        lines.append(f"total: {format_ms(total)} ms (virtual), {plural}")
        return "\n".join(lines) + "\n"
