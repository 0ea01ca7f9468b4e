"""A small progress bar on stderr for long commands (no dependency); plain lines when stderr is not a terminal."""

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, total: int, label: str, stream: TextIO = sys.stderr) -> None:
        self.total, self.label, self.stream = max(total, 1), label, stream
        self.tty = stream.isatty()
        self.started = time.monotonic()
        self.last_shown = -1.0
        self.done = 0

    def advance(self, count: int) -> None:
        self.done += count
        now = time.monotonic()
        if now - self.last_shown >= (0.1 if self.tty else 5.0) or self.done >= self.total:
            self.last_shown = now
            self.show()

    def show(self) -> None:
        share = min(self.done / self.total, 1.0)
        bar = "#" * int(share * 30)
        line = f"{self.label} [{bar:<30}] {share:6.1%} {self.done}/{self.total} rows"
        if self.tty:
            self.stream.write(f"\r{line}")
        else:
            self.stream.write(f"{line}\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()
