"""How well privacybot answers from the policy, on the team's question set (tests/data/policy_questions.jsonl).

Per split (dev: tune on it; held_out: only measure), two figures the issue sets:
- right facts: in-scope questions answered, in the asker's language, with every fact the item names (regexes);
- wrongly answered: out-of-scope questions answered instead of handed to staff.
Then the misses, with what the matcher saw, so a miss can be understood without a debugger.

Run: `python -m tests.eval.policy [--split dev|held_out] [--quiet]` (also part of `make eval`).
"""

import argparse
import json
import re
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handlers.policy import PolicyAnswer, PolicyKnowledge, load_policy

QUESTIONS = Path(__file__).resolve().parent.parent / "data" / "policy_questions.jsonl"
SPLITS = ("dev", "held_out")


def load_questions(path: Path = QUESTIONS) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def missing_facts(item: dict[str, Any], result: PolicyAnswer) -> list[str]:
    return [fact for fact in item["facts"] if not re.search(fact, result.answer, re.IGNORECASE)]


def is_right(item: dict[str, Any], result: PolicyAnswer) -> bool:
    """An in-scope question is right when answered, in the asker's language, carrying every fact it needs."""
    reply_lang = "da" if result.lang == "da" else "en"
    return result.answered and reply_lang == item["lang"] and not missing_facts(item, result)


@dataclass
class Report:
    split: str
    in_scope: int
    right: int
    out_of_scope: int
    wrongly_answered: int
    section_hits: int
    misses: list[str]
    mean_ms: float

    @property
    def right_share(self) -> float:
        return self.right / self.in_scope if self.in_scope else 1.0

    @property
    def wrong_share(self) -> float:
        return self.wrongly_answered / self.out_of_scope if self.out_of_scope else 0.0


def evaluate(items: Iterable[dict[str, Any]], split: str, knowledge: PolicyKnowledge) -> Report:
    chosen = [item for item in items if item["split"] == split]
    report = Report(split, 0, 0, 0, 0, 0, [], 0.0)
    started = time.perf_counter()
    results = [(item, knowledge.answer(item["text"])) for item in chosen]
    report.mean_ms = (time.perf_counter() - started) * 1000 / max(len(chosen), 1)
    for item, result in results:
        if item["in_scope"]:
            report.in_scope += 1
            report.section_hits += item["section"] in result.sections
            if is_right(item, result):
                report.right += 1
                continue
            why = "not answered" if not result.answered else f"missing {missing_facts(item, result)}"
            if result.answered and ("da" if result.lang == "da" else "en") != item["lang"]:
                why = f"answered in the wrong language ({result.lang})"
            report.misses.append(_miss(item, result, why, knowledge))
        else:
            report.out_of_scope += 1
            if result.answered:
                report.wrongly_answered += 1
                report.misses.append(_miss(item, result, "out of scope but answered", knowledge))
    return report


def _miss(item: dict[str, Any], result: PolicyAnswer, why: str, knowledge: PolicyKnowledge) -> str:
    seen = "; ".join(
        f"{clause['scores']} unknown={clause['unknown']}"
        for clause in knowledge.explain(item["text"])
        if clause["scores"] or clause["unknown"]
    )
    text = " ".join(item["text"].split())
    return f"  {item['id']:<22} {why}: expected {item['section']}, got {list(result.sections)} | {text} | {seen}"


def print_report(report: Report, quiet: bool = False) -> None:
    print(f"== {report.split} ==")
    print(
        f"in scope answered with the right facts: {report.right}/{report.in_scope} = {report.right_share:.1%}"
        f"  (expected section among those quoted: {report.section_hits}/{report.in_scope})"
    )
    print(
        f"out of scope wrongly answered:          {report.wrongly_answered}/{report.out_of_scope}"
        f" = {report.wrong_share:.1%}"
    )
    print(f"mean time per question:                 {report.mean_ms:.3f} ms")
    if report.misses and not quiet:
        print("misses:")
        print("\n".join(report.misses))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=SPLITS, action="append", help="only this split (repeatable)")
    parser.add_argument("--quiet", action="store_true", help="figures only, no misses")
    args = parser.parse_args(argv)
    knowledge = load_policy()
    items = load_questions()
    for split in args.split or SPLITS:
        print_report(evaluate(items, split, knowledge), args.quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
