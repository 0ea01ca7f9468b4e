"""The learned-combination experiment (tests/eval/combiner.py): its regression learns, and its answer rule keeps the
taxonomy's promises (`other` alone, the likeliest label on weak evidence, a right left out goes to staff)."""

import math

from handlers.labels import LABELS
from tests.eval.classifier import Answer
from tests.eval.combiner import combined, fit


def test_the_regression_learns_which_feature_says_which_label():
    rows = [[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.1, 0.8]] * 10
    truths = [[int(label == ("erasure" if row[0] > row[1] else "other")) for label in LABELS] for row in rows]
    models = fit(rows, truths, c=3.0, passes=20)
    shipped = Answer(("other",), False, "da", ())
    assert combined(models, [1.0, 0.0], shipped).labels == ("erasure",)
    assert combined(models, [0.0, 1.0], shipped).labels == ("other",)


def test_the_answer_rule_falls_back_to_the_likeliest_label_and_flags_a_right_left_out():
    def model_giving(**given: float) -> list[tuple[list[float], float]]:  # a constant probability per label
        return [([], _logit(given.get(label, 0.01))) for label in LABELS]

    shipped = Answer(("question",), False, "en", ())
    weak = combined(model_giving(complaint=0.3, access=0.12, other=0.2), [], shipped)
    assert weak.labels == ("complaint",) and weak.triage  # access at 0.12 is a right left out: staff look
    assert combined(model_giving(complaint=0.3, other=0.6), [], shipped).labels == ("other",)
    assert combined(model_giving(complaint=0.1, other=0.2), [], shipped).labels == ("other",)
    both = combined(model_giving(erasure=0.9, marketing_optout=0.7, other=0.9), [], shipped)
    assert both.labels == ("erasure", "marketing_optout") and not both.triage  # `other` never beside a label


def _logit(p: float) -> float:
    return math.log(p / (1 - p))
