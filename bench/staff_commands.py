"""How fast the staff and operator commands answer over a large register (the brief: within half a second).

    .venv/bin/python -m bench.staff_commands [--cases 100000] [--database-url URL]

Fills a throwaway SQLite file (or the given empty database) with open cases (bench.open_cases), then runs each
command as a user would, a fresh `privacybot` process each time, and prints the best and the median of 5 runs
(wall time from start to exit, output to /dev/null).
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.open_cases import fill
from storage.store import Database
from storage.urls import sqlite_url

COMMANDS = (
    ("--help",),
    ("cases", "list"),
    ("cases", "list", "--json"),
    ("cases", "list", "--overdue"),
    ("cases", "show", "PRV-2026-0050000"),
    ("status", "--json"),
)


def timed(env: dict[str, str], command: tuple[str, ...]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bot", *command], env=env, stdout=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--database-url", help="an empty database (default: a throwaway SQLite file)")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="privacybot-staff-"))
    url = args.database_url or sqlite_url(home / "privacybot.sqlite3")
    db = Database(url)
    db.upgrade()
    fill(db, args.cases, datetime.now(UTC))
    db.dispose()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVACYBOT_")}
    env.update(PRIVACYBOT_HOME=str(home), PRIVACYBOT_DATABASE_URL=url)
    print(f"{args.cases:,} open cases; best and median of 5 runs")
    for command in COMMANDS:
        runs = [timed(env, command) for _ in range(5)]
        print(f"  privacybot {' '.join(command):<32} best {min(runs):5.2f} s  median {statistics.median(runs):5.2f} s")


if __name__ == "__main__":
    main()
