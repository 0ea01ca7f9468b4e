"""A reminder pass over many open cases: the first pass ever (every case looked at once), the first pass of the next
day (the stages that came due since) and a repeat pass (what every later pass of the day costs).

    .venv/bin/python -m bench.reminders [--cases 100000 1000000] [--database-url URL]

Each size gets a throwaway SQLite file (or the given empty database), filled by bench.open_cases; the passes run
in this process through the same `remind()` the service and `privacybot remind` call, timed with the clock.
"""

import argparse
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.open_cases import fill
from handlers.options import PipelineOptions
from handlers.reminder_sweep import remind
from handlers.staff_options import StaffOptions
from storage.store import Database
from storage.urls import sqlite_url

NOW = datetime(2026, 11, 24, 8, 30, tzinfo=UTC)  # a Tuesday morning in Copenhagen's working hours


def run(url: str, cases: int) -> None:
    db = Database(url)
    db.upgrade()
    started = time.perf_counter()
    fill(db, cases, NOW)
    print(f"{cases:>9,} open cases filled in {time.perf_counter() - started:.1f} s")
    options = PipelineOptions(mailboxes=("privacy@bench.example",), message_id_domain="bench.example")
    staff = StaffOptions(staff_emails=("dpo@bench.example",))
    yesterday = NOW - timedelta(days=1)
    passes = (
        ("first pass ever", yesterday),  # every case looked at once; the backlog of stages nobody was reminded of
        ("first pass of a day", NOW),  # the steady state: the stages that came due since yesterday
        ("repeat pass", NOW + timedelta(minutes=5)),  # what every later pass of the day costs
    )
    for label, at in passes:
        started = time.perf_counter()
        result = remind(db, at, options, staff)
        elapsed = time.perf_counter() - started
        print(f"{'':>9}  {label:<22} {elapsed:6.2f} s  ({len(result.reminders):,} new reminders)")
    db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--database-url", help="an empty database (default: a throwaway SQLite file per size)")
    args = parser.parse_args()
    for cases in args.cases:
        url = args.database_url or sqlite_url(Path(tempfile.mkdtemp(prefix="privacybot-remind-")) / "bench.db")
        run(url, cases)


if __name__ == "__main__":
    main()
