"""How long `privacybot customers import` takes for 100,000 accounts, and a re-import that changes nothing.

    .venv/bin/python -m bench.customers_import [--rows 100000] [--database-url URL]

Runs the real command in a subprocess on a throwaway SQLite file (or the given database) and prints the wall time
of each run and the summary it printed.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def write_csv(path: Path, rows: int) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("customer_number,name,email,phone\n")
        for n in range(rows):
            second = f";faktura{n}@firma{n % 97}.dk" if n % 5 == 0 else ""
            phone = f"+45 {20000000 + n}" if n % 2 == 0 else ""
            handle.write(f"{100000 + n},Kunde Nummer {n},kunde{n}@example.dk{second},{phone}\n")


def run_import(env: dict[str, str], path: Path) -> tuple[float, dict[str, object]]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "bot", "customers", "import", str(path), "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(result.stderr)
    return elapsed, json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", help="default: a throwaway SQLite file")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="privacybot-import-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVACYBOT_")}
    env["PRIVACYBOT_HOME"] = str(home)
    if args.database_url:
        env["PRIVACYBOT_DATABASE_URL"] = args.database_url
    path = home / "customers.csv"
    write_csv(path, args.rows)
    for label in ("first import", "re-import"):
        elapsed, summary = run_import(env, path)
        counts = {k: summary[k] for k in ("created", "updated", "unchanged")}
        rate = args.rows / elapsed
        print(f"{label:<13} {args.rows} rows in {elapsed:.1f} s ({rate:,.0f} rows/s): {counts}")


if __name__ == "__main__":
    main()
