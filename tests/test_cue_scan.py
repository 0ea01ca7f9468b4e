"""Scanning for cue patterns (handlers/cue_scan.py): trying a pattern only at its candidate word starts must find what
`re.finditer` / `re.search` over the whole text find, and the word model's exact sums (handlers/second_opinion.py)
must equal math.fsum."""

import json
import math
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from handlers import cue_scan
from handlers.cue_scan import STARTS_FILE, Scanner, ScanText, fold
from handlers.second_opinion import MODEL, _label_sums, _model

TEXTS = [
    "Slet min konto. SLET MIN KONTO! slet mine data, slet dem nu",
    "Please delete my account and delete my data; DELETE it all",
    "Jeg vil gerne have slettet mine oplysninger - jeg vil ud",
    "Jeg oensker ikke flere nyhedsbreve, afmeld mig. Jeg ØNSKER IKKE FLERE",
    "i want out, I WANT OUT of it all. i want outright",
    "ab ab ab abab ab",
    "",
]
SOURCES = [
    r"\bslet\w*(?:\s+\w+){0,2}",
    r"\b(?:delete|slet)\s+(?:my|min|mine)\s+\w+",
    fold(r"\bjeg\s+(?:ønsker|vil)\s+(?:gerne\s+|ikke\s+)?\w+"),
    r"\bi\s+want\s+out\b",
    r"\bab(?:\s+ab)?",  # overlapping candidates: "ab ab" at 0 hides the match that would begin at 3
    r"\bafmeld\w*|\bnyhedsbrev\w*",
]


def _spans(matches) -> list[tuple[int, int]]:
    return [match.span() for match in matches]


@pytest.mark.parametrize("source", SOURCES)
def test_matches_at_candidates_are_those_finditer_finds_in_any_case_and_without_the_danish_letters(source):
    plain = re.compile(source, re.IGNORECASE | re.MULTILINE)
    scanner = Scanner(source)
    for text in TEXTS:
        scan = ScanText(text)
        assert _spans(scanner.finditer(scan)) == _spans(m for m in plain.finditer(text) if m.end() > m.start())
        first = plain.search(text)
        assert _spans([scanner.search(scan)] if first else []) == _spans([first] if first else [])


def test_an_overlapping_match_is_dropped_as_finditer_drops_it():
    scan = ScanText("ab ab ab")
    assert _spans(Scanner(r"\bab(?:\s+ab)?").finditer(scan)) == [(0, 5), (6, 8)]


def test_search_before_an_offset_only_finds_a_match_that_begins_there():
    scan = ScanText("nothing here. Slet min konto")
    scanner = Scanner(r"\bslet\s+min\s+konto")
    assert scanner.search(scan, before=10) is None
    assert scanner.search(scan, before=20).span() == (14, 28)


def test_scanners_with_the_same_beginnings_share_one_list_of_positions():
    one, two = Scanner(r"\bzyxwv\s+one"), Scanner(r"\bzyxwv\s+two")
    assert one.ident == two.ident >= 0
    scan = ScanText("zyxwv two, zyxwv one")
    assert _spans(one.finditer(scan)) == [(11, 20)] and _spans(two.finditer(scan)) == [(0, 9)]


def test_the_shipped_starts_and_gates_are_those_every_cue_pattern_gives_now():
    """A stale file would try a changed cue at the wrong word starts (missing matches), so it must fail here."""
    assert len(json.loads(STARTS_FILE.read_text(encoding="utf-8"))) > 300
    root = Path(__file__).resolve().parents[1]  # the code under test, wherever pytest was started
    check = subprocess.run(  # a process of its own: it must see the understanding step's patterns only
        [sys.executable, "-m", "handlers.cue_starts", "--check"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.parametrize(
    "damaged", ['{"10:x": "ab"}', '{"10:x": [["ab"]]}', "[1]", '{"10:x": 5}', '{"10:x": [["ab", ""], null]}', "{"]
)
def test_a_damaged_starts_file_is_ignored_whole_and_the_patterns_are_read_afresh(tmp_path, monkeypatch, damaged):
    """A string where a list belongs would become single letters, and a scanner tried only at them misses matches."""
    bad = tmp_path / "cue_starts.json"
    bad.write_text(damaged, encoding="utf-8")
    monkeypatch.setattr(cue_scan, "STARTS_FILE", bad)
    assert cue_scan._shipped() == {}


def test_the_models_label_sums_are_the_correctly_rounded_sums_of_math_fsum():
    model = _model()
    weights = json.loads(MODEL.read_text(encoding="utf-8"))["weights"]
    rng = random.Random(3)
    for size in (0, 1, 2, 7, 100, 3000, len(weights)):
        chosen = rng.sample(sorted(weights), size)
        columns = list(zip(*(weights[f] for f in chosen), strict=True)) or [[0.0]] * len(model.labels)
        assert _label_sums(model, [model.packed[f] for f in chosen]) == [math.fsum(c) for c in columns]
