"""Write handlers/cue_starts.json: the word starts and gates of every cue pattern, read once here instead of at every
start-up (seconds of pure Python). Run it after changing a cue; tests/test_cue_scan.py fails while the file is stale.

    python -m handlers.cue_starts [--check]
"""

import argparse
import json
import sys

from handlers import classify  # noqa: F401 (importing it makes every cue's scanner, its own and handlers.cues')
from handlers.cue_scan import ANALYSED, STARTS_FILE, Analysis, analyse, pattern_key


def current() -> dict[str, Analysis]:
    """Every pattern the understanding step scans with, its starts and gate read afresh."""
    return {pattern_key(source, flags): analyse(source, flags) for source, flags in sorted(ANALYSED)}


def render(found: dict[str, Analysis]) -> str:
    lines = (f"{json.dumps(key, ensure_ascii=False)}: {json.dumps(value)}" for key, value in found.items())
    return "{\n" + ",\n".join(lines) + "\n}\n"  # a line a pattern, so a change to a cue reads as one in a diff


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m handlers.cue_starts", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only say whether the file is current (exit 1 if not)")
    args = parser.parse_args()
    found = current()
    text = render(found)
    if args.check:
        stale = not STARTS_FILE.exists() or STARTS_FILE.read_text(encoding="utf-8") != text
        print(f"{STARTS_FILE} is {'stale: run python -m handlers.cue_starts' if stale else 'current'}")
        sys.exit(1 if stale else 0)
    STARTS_FILE.write_text(text, encoding="utf-8")
    print(f"{STARTS_FILE}: {len(found)} patterns")


if __name__ == "__main__":
    main()
