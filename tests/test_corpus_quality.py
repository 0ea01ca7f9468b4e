"""How well privacybot understands the team's labelled corpus (tests/data/corpus), so a regression fails `make test`.

The issue's targets are macro-F1 >= 0.95, rights-request recall >= 0.99 and `other` precision >= 0.97 on the held-out
part. The development files the rules grew on meet them. Eleven fresh development sets were written later by people
who never saw the rules (ids d3- to d13-): they measure how the rules meet new writing, which the held-out part says
too, and they sit well below the targets. Their figures, like the held-out ones, are pinned below as floors, so
that nothing gets worse unnoticed; `make eval` prints how far each is from the targets. Raise the floors as the
figures improve; never tune on the held-out texts.
"""

import pytest

from handlers.classify import LABELS
from tests.eval.classifier import FRESH_SETS, TARGETS, Item, evaluate, load_corpus

# Held-out figures with the word model deciding stops too, vetoing complaints and questions it all but rules out, and
# trained on dev4, dev7, dev8 and dev10-dev13 as well (ninth session: macro-F1 0.891, rights recall 1.000, other
# precision 0.846; 0.892 before dev10-dev13, 0.889 after, a message either way; at the session's start 0.883, 1.000,
# 0.825; rules alone 0.861, 0.986, 0.738; at hand-over 0.853, 0.978, 0.674), less a little.
HELDOUT_FLOORS = {"macro_f1": 0.88, "rights_recall": 0.99, "other_precision": 0.835}
# The fresh development sets, by id prefix (the keys are tests.eval.classifier.FRESH_SETS), as measured in the ninth
# session. dev3: rules were written for its odd-numbered half and the word model trained on it (as written 0.827,
# 0.962, 0.722); dev5 and dev6: the word model trained on them (as written, rules alone, 0.760, 0.904, 0.622 and
# 0.816, 0.960, 0.768); dev4, dev7, dev8: never tuned on until the ninth session (as written 0.838, 0.967, 0.766;
# 0.811, 0.946, 0.695; 0.835, 0.969, 0.865), then the word model's limits were chosen by cross-validation over the
# three and it was trained on them; dev9: never tuned on, written in the ninth session, measured as written with the
# eighth session's code (0.812, 0.964, 0.643), then with the ninth's: 0.844, 0.986, 0.701 with the safety net at 0.15
# everywhere (it flagged plain questions such as "do you use cookies?"), 0.844, 0.975, 0.692 with it at 0.2 and 0.3,
# after a review's mends (a message whose every label is vetoed is read as the rules' `other` is) 0.849, 0.978,
# 0.720, and with the model trained on dev10-dev13 too 0.854, 0.989, 0.783. dev10-dev13: written in the ninth session,
# measured as written with the eighth session's code and the ninth's before training on them (dev10 0.787, 0.974,
# 0.559 -> 0.840, 0.996, 0.716; dev11 0.742, 0.956, 0.558 -> 0.783, 0.960, 0.689; dev12 0.740, 0.957, 0.533 -> 0.785,
# 0.961, 0.637; dev13, mostly one-line replies whose meaning is in the quoted mail we strip, 0.663, 0.975, 0.431 ->
# 0.711, 0.985, 0.509), then the word model trained on them. Less a little.
FRESH_FLOORS = {
    "d3-": {"macro_f1": 0.92, "rights_recall": 0.99, "other_precision": 0.95},
    "d4-": {"macro_f1": 0.865, "rights_recall": 0.99, "other_precision": 0.935},
    "d5-": {"macro_f1": 0.84, "rights_recall": 0.99, "other_precision": 0.97},
    "d6-": {"macro_f1": 0.855, "rights_recall": 0.99, "other_precision": 0.91},
    "d7-": {"macro_f1": 0.87, "rights_recall": 0.99, "other_precision": 0.95},
    "d8-": {"macro_f1": 0.86, "rights_recall": 0.99, "other_precision": 0.955},
    "d9-": {"macro_f1": 0.845, "rights_recall": 0.98, "other_precision": 0.77},
    "d10-": {"macro_f1": 0.865, "rights_recall": 0.99, "other_precision": 0.89},
    "d11-": {"macro_f1": 0.82, "rights_recall": 0.99, "other_precision": 0.86},
    "d12-": {"macro_f1": 0.825, "rights_recall": 0.99, "other_precision": 0.885},
    "d13-": {"macro_f1": 0.765, "rights_recall": 0.99, "other_precision": 0.69},
}


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


def test_the_development_files_the_rules_grew_on_meet_the_issue_targets(corpus: list[Item]) -> None:
    assert set(FRESH_FLOORS) == set(FRESH_SETS)
    grown_on = [item for item in corpus if not item.id.startswith(tuple(FRESH_SETS))]
    figures = evaluate(grown_on, "dev").figures()
    for name, target in TARGETS.items():
        assert figures[name] >= target, (name, figures[name])


@pytest.mark.parametrize("prefix", sorted(FRESH_FLOORS))
def test_the_fresh_development_sets_do_not_fall_below_their_measured_floors(corpus: list[Item], prefix: str) -> None:
    fresh = [item for item in corpus if item.id.startswith(prefix)]
    assert len(fresh) >= 300
    figures = evaluate(fresh, "dev").figures()
    for name, floor in FRESH_FLOORS[prefix].items():
        assert figures[name] >= floor, (name, figures[name])


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
