"""A second opinion from a small word model trained on the team's corpus, beside the cue rules.

Why: the rules are fitted to the phrasings they were written from; on messages written by people who never saw them,
about a quarter of the privacy messages they miss come out as `other` (issue 3: `other` precision ~0.72 on fresh
sets), and a complaint or a question they read is often a support mail in privacy words ("our shop was hacked"). A
one-vs-rest logistic regression over words, word pairs and 4-letter pieces of words (trained by
tests/eval/train_second_opinion.py, shipped as second_opinion.json) reads phrasings no cue names. It serves four ways:
- Where the rules would answer `other`, it decides only when it is all but sure the message is not `other` and fairly
  sure what it is, and only for the labels in MAY_DECIDE; then the message gets the model's label and always goes to
  staff triage (a right kept on doubt is the cheap error, SPEC).
- The safety net: where it holds a right possible beside the rules' `other` (RIGHT_POSSIBLE), question or complaint
  (RIGHT_BESIDE), the message keeps the rules' labels and goes to staff triage (the statutory clock until someone has
  looked).
- Where the rules read only a question that it is sure is no privacy matter (NOT_PRIVACY: "where is your data
  processing agreement?"), the question yields to `other`, so it is not answered from the privacy policy.
- The veto: a complaint or a question the rules read on modest evidence that it all but rules out (VETO_BELOW) is
  dropped. Never a right.
The limits were chosen by 3-fold cross-validation over dev4, dev7 and dev8 (each left out of training in turn), and
checked again by 7-fold over dev4, dev7, dev8 and dev10-dev13 once those were written; then the model was trained on
every development message but dev9. Measured on dev9 (400 fresh messages, never tuned on; macro-F1, rights-request
recall, `other` precision): the eighth session's code 0.812, 0.964, 0.643 -> 0.854, 0.989, 0.783; held-out 0.883,
1.000, 0.825 -> 0.891, 1.000, 0.846 (rules alone 0.861, 0.986, 0.738).
"""

import json
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import repeat
from operator import lshift
from pathlib import Path

from handlers.labels import RIGHTS

MODEL = Path(__file__).with_name("second_opinion.json")
OTHER_DOUBT = 0.2  # the model must give `other` below this before it may overrule the rules' `other`
OPINION_SURE = 0.4  # ... and its own label at least this (a message it cannot place at all stays `other`)
# What it may decide on its own word, always with staff triage: the rights and complaints. The stops among them take
# effect at once: that is what the law asks of an opt-out, and a missed one breaks markedsføringsloven §10 while a
# wrong one costs a newsletter; a consent withdrawal read wrongly ("I withdraw my order") stops a use of data until
# staff lift it. On dev4, dev7 and dev8 (before it was trained on them) its stops were right 11 times in 12, and
# the wrong one was an erasure. Its `question` it keeps to itself: it fires on support questions ("Do you support
# IPv6?"), and a case with a statutory deadline for each would bury staff; a missed question is the cheap error.
MAY_DECIDE = frozenset(RIGHTS | {"complaint"})
RIGHT_POSSIBLE = 0.2  # a right it gives at least this beside the rules' `other` sends the message to staff triage
RIGHT_BESIDE = 0.3  # ... and beside the rules' question or complaint (0.5 missed more rights: "do you use cookies?"
# is flagged, a false alarm staff clear, where a right behind a question would otherwise go unseen)
NOT_PRIVACY = 0.7  # `other` at least this, its question below QUESTION_DOUBT and no right possible: not about privacy
QUESTION_DOUBT = 0.3  # (by 5-fold cross-validation on dev5+dev6: 0.6-0.7 best, 0.8-0.9 a little less; 0.2 or 0.3 alike)
# A complaint or a question the rules read that the model gives less than this is dropped ("my WordPress site was
# hacked, restore the backup" is support, not a complaint about us). Never a right: a right is kept on doubt.
MAY_VETO = frozenset({"complaint", "question"})
VETO_BELOW = 0.08
MAX_CHARS = 20_000  # what the rules read too: a 25 MB mail must not cost seconds here

_FOLD = (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("é", "e"))
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def features(subject: str, text: str) -> set[str]:
    """Words, word pairs ("slet_min") and 4-letter pieces of words ("#<sle"), with æ/ø/å folded as people type them."""
    combined = unicodedata.normalize("NFC", f"{subject}\n{text}"[:MAX_CHARS]).replace("\u2019", "'")
    words = _WORD.findall(_folded(combined.lower()))
    found = set(words)
    found.update(map("_".join, zip(words, words[1:], strict=False)))
    for word in set(words):
        found.update(_pieces(word))
    return found


def _folded(text: str) -> str:
    """æ -> ae and the like. One str.replace per letter is a C-level scan; str.translate with two-letter
    replacements looks up every character (the letters and their replacements never overlap: same result)."""
    if text.isascii():
        return text
    for letter, replacement in _FOLD:
        text = text.replace(letter, replacement)
    return text


@lru_cache(maxsize=1 << 14)
def _pieces(word: str) -> tuple[str, ...]:
    """A word's 4-letter pieces ("#<sle", "#slet", "#let>"), remembered: the same words recur in many messages."""
    marked = f"<{word}>"
    return tuple(f"#{marked[i : i + 4]}" for i in range(len(marked) - 3))


@dataclass(frozen=True)
class _Model:
    labels: tuple[str, ...]
    bias: tuple[float, ...]
    packed: dict[str, int]  # feature -> its weights as whole numbers, one bit field per label (see `_packed`)
    scale: int  # each weight times this is a whole number
    offset: int  # added to each field so that no field is negative
    width: int  # bits per field: the sum of every feature's fields still fits


@cache
def _model() -> _Model:
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    labels, rows = tuple(data["labels"]), data["weights"]
    flat = [weight for row in rows.values() for weight in row]
    # Scaled by 2**k, k from the smallest weight's exponent, every weight is a whole number (its last mantissa bit
    # is worth at least 1); scaling by a power of two is exact.
    smallest = min(map(abs, filter(None, flat)), default=1.0)
    shift = max(0, 53 - math.frexp(smallest)[1])
    wholes = list(map(int, map(math.ldexp, flat, repeat(shift))))
    offset = max(map(abs, wholes), default=0)
    width = (2 * offset * max(len(rows), 1)).bit_length() + 1
    shifts = [k * width for k in range(len(labels))]
    fields = [wholes[i : i + len(labels)] for i in range(0, len(wholes), len(labels))]
    packed = {feature: _packed(row, offset, shifts) for feature, row in zip(rows, fields, strict=True)}
    return _Model(labels, tuple(data["bias"]), packed, 1 << shift, offset, width)


def _packed(wholes: list[int], offset: int, shifts: list[int]) -> int:
    """One feature's weights in one integer, a field per label: adding the integers of a message's features adds
    every label's weights at once, exactly (each field stays non-negative and below 2**width)."""
    return sum(map(lshift, map(offset.__add__, wholes), shifts))


def warm_up() -> None:
    """Load the weights (~0.2 s: read, then packed for exact sums) before the first message needs them."""
    _model()


@dataclass(frozen=True)
class Opinion:
    probabilities: dict[str, float]  # per label, each on its own (one-vs-rest: they need not add up to 1)

    @property
    def other(self) -> float:
        return self.probabilities["other"]

    def sure(self) -> tuple[str, ...]:
        """The labels it would give: none unless `other` is all but ruled out, then those of MAY_DECIDE it is fairly
        sure of."""
        if self.other >= OTHER_DOUBT:
            return ()
        return tuple(label for label, p in self.probabilities.items() if label in MAY_DECIDE and p >= OPINION_SURE)

    def vetoed(self, labels: tuple[str, ...]) -> tuple[str, ...]:
        """The rules' complaints and questions it all but rules out (MAY_VETO, below VETO_BELOW)."""
        return tuple(label for label in labels if label in MAY_VETO and self.probabilities[label] < VETO_BELOW)

    def possible_rights(self, at_least: float = RIGHT_POSSIBLE) -> tuple[str, ...]:
        """Rights it holds possible, however sure it is of `other`: a reason for staff to look, never a label."""
        return tuple(label for label, p in self.probabilities.items() if label in RIGHTS and p >= at_least)

    def not_a_privacy_question(self) -> bool:
        """A question the rules read ("where is your data processing agreement?") that it is fairly sure is no privacy
        matter at all: the rules' `question` yields to `other` (a support or sales question must not get an answer
        from the privacy policy)."""
        return (
            self.other >= NOT_PRIVACY and self.probabilities["question"] < QUESTION_DOUBT and not self.possible_rights()
        )

    def notes(self, labels: tuple[str, ...], hedge: str = "") -> tuple[str, ...]:
        """Evidence lines for staff: "second opinion: erasure (0.83)", or with a hedge "second opinion: maybe ..."."""
        return tuple(f"second opinion: {hedge}{label} ({self.probabilities[label]:.2f})" for label in labels)


def second_opinion(subject: str, text: str) -> Opinion:
    model = _model()
    # one dict lookup per feature (not `in` and then `[]`)
    present = [packed for packed in map(model.packed.get, features(subject, text)) if packed is not None]
    norm = 1.0 / math.sqrt(len(present)) if present else 0.0  # each message's features have unit length
    sums = [total * norm for total in _label_sums(model, present)]
    return Opinion({label: _sigmoid(b + s) for label, b, s in zip(model.labels, model.bias, sums, strict=True)})


def _label_sums(model: _Model, present: list[int]) -> list[float]:
    """Each label's sum of the present weights, correctly rounded (as math.fsum gives it): the exact sum is a whole
    number over `model.scale`, and int / int rounds once. So the result does not depend on the (hash-seeded) order of
    the set of features, and costs one addition per feature rather than one per feature and label."""
    total, mask, bias = sum(present), (1 << model.width) - 1, len(present) * model.offset
    return [(((total >> (k * model.width)) & mask) - bias) / model.scale for k in range(len(model.labels))]


def _sigmoid(score: float) -> float:
    return 1.0 / (1.0 + math.exp(-score)) if score > -30.0 else 0.0
