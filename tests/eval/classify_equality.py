"""Does a change to the classifier keep every answer the same? Record the answers once, then compare after a change.

Why: speed work on handlers/classify.py, cue_scan.py and cues.py must not change a single result (labels,
confidence, triage, evidence). The inputs are every corpus message (full text and the new text after stripping
quoted history, with the detected language, and once more as a foreign language), the same texts in capitals and
typed without æ/ø/å, the unit-test cases of tests/test_classify.py, and the benchmark's generated messages.

    python -m tests.eval.classify_equality record /tmp/classify-before.json
    python -m tests.eval.classify_equality compare /tmp/classify-before.json
"""

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from bench.understanding import build_messages
from handlers.classify import classify
from handlers.language import detect_language
from handlers.quoting import strip_quoted
from tests.eval.classifier import load_corpus
from tests.test_classify import CASES


def _unfolded(text: str) -> str:
    return text.replace("æ", "ae").replace("ø", "oe").replace("å", "aa").replace("Æ", "Ae").replace("Ø", "Oe")


def inputs() -> Iterator[tuple[str, str, str]]:
    """(subject, text, language) triples, in a fixed order."""
    for item in load_corpus():
        for text in (item.text, strip_quoted(item.text)):
            lang = detect_language(f"{item.subject}\n{text}")
            for subject, body in ((item.subject, text), (item.subject.upper(), text.upper())):
                yield subject, body, lang
            yield _unfolded(item.subject), _unfolded(text), lang
            yield item.subject, text, "de"
    for _, subject, text, lang, _, _ in CASES:
        yield subject, text, lang
    for quoted_share, seed in ((0.0, 7), (0.5, 11)):
        for subject, body, new_text in build_messages(2000, quoted_share, seed):
            stripped = strip_quoted(body)
            yield subject, stripped, detect_language(f"{subject}\n{stripped}")
            yield subject, new_text, detect_language(f"{subject}\n{new_text}")


def answers() -> list[list]:
    out = []
    for subject, text, lang in inputs():
        result = classify(subject, text, lang)
        out.append([subject, text, lang, list(result.labels), result.confidence, result.triage, list(result.evidence)])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("action", choices=("record", "compare"))
    parser.add_argument("path", type=Path)
    args = parser.parse_args(argv)
    current = answers()
    if args.action == "record":
        args.path.write_text(json.dumps(current, ensure_ascii=False), encoding="utf-8")
        print(f"recorded {len(current)} answers in {args.path}")
        return 0
    recorded = json.loads(args.path.read_text(encoding="utf-8"))
    if len(recorded) != len(current):
        print(f"different inputs: {len(recorded)} recorded, {len(current)} now")
        return 1
    differ = [(old, new) for old, new in zip(recorded, current, strict=True) if old != new]
    for old, new in differ[:10]:
        print(f"DIFFERENT for {old[0]!r} / {old[1][:100]!r} ({old[2]}):\n  before {old[3:]}\n  now    {new[3:]}")
    print(f"{len(current) - len(differ)} of {len(current)} answers identical")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
