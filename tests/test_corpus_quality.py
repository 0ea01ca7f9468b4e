"""How well privacybot understands the team's labelled corpus (tests/data/corpus), so a regression fails `make test`.

The issue's targets are macro-F1 >= 0.95, rights-request recall >= 0.99 and `other` precision >= 0.97 on the held-out
part. The development part (the only one tuned on) meets them. The held-out part does not yet: its figures at hand-over
are pinned below as floors, so that nothing gets worse unnoticed, and `make eval` prints how far they are from the
targets. Raise the floors as the figures improve; never tune on the held-out texts.
"""

import pytest

from handlers.classify import LABELS
from tests.eval.classifier import TARGETS, Item, evaluate, load_corpus

# Held-out figures measured after the dev2 round (macro-F1 0.863, rights recall 0.986, other precision 0.721; at
# hand-over 0.853, 0.978, 0.674), less a little.
HELDOUT_FLOORS = {"macro_f1": 0.85, "rights_recall": 0.98, "other_precision": 0.70}


@pytest.fixture(scope="module")
def corpus() -> list[Item]:
    return load_corpus()


def test_the_corpus_is_the_size_and_mix_the_issue_asks_for(corpus: list[Item]) -> None:
    team = [item for item in corpus if not item.id.startswith("ex-")]
    assert len(team) >= 600
    danish = sum(item.lang == "da" for item in team)
    assert 0.4 <= danish / len(team) <= 0.6
    assert sum(item.hard for item in team) >= 150
    for label in LABELS:
        assert sum(label in item.labels for item in team) >= 30, label
    assert {item.split for item in corpus} == {"dev", "heldout"}
    assert all(item.split == "dev" for item in corpus if item.id.startswith("ex-")), "our own cases are for tuning"


def test_the_development_split_meets_the_issue_targets(corpus: list[Item]) -> None:
    figures = evaluate(corpus, "dev").figures()
    for name, target in TARGETS.items():
        assert figures[name] >= target, (name, figures[name])


def test_the_heldout_split_does_not_fall_below_its_measured_floors(corpus: list[Item]) -> None:
    report = evaluate(corpus, "heldout")
    assert report.total >= 200
    for name, floor in HELDOUT_FLOORS.items():
        assert report.figures()[name] >= floor, (name, report.figures()[name])


def test_every_heldout_rights_request_that_is_missed_is_at_least_not_silent(corpus: list[Item]) -> None:
    """A right caught neither as a right nor as triage is the costly error; it must stay rare."""
    report = evaluate(corpus, "heldout")
    missed = report.rights_total - report.rights_caught
    assert missed <= 3, missed
