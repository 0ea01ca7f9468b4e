"""Measure a learned combination of the cue rules and the word model against the shipped hand-set one.

    python -m tests.eval.combiner [--passes 20] [--c 3]

An experiment for issue 3, nothing here runs in the product. Where the rules are out of sample (the fresh sets below:
no rule was written from them), each message gets what the cues read per label (handlers.classify.cue_reading), the
probabilities of a word model trained without its set (and without dev9 and the held-out part), and the shipped
answer (with that word model too). One logistic regression per label learns from the other sets and answers for
the one left out. Answer: every label but `other` at 0.5 or more; with none, the likeliest if at least FALLBACK and
`other` is below 0.5, else `other`. Triage: the shipped triage, or a right at TRIAGE or more that is not in the
answer. Prints both readings' figures, pooled over the sets. The regression's settings and the two limits were
picked by looking at these same figures (ninth session): the learned reading's are a little optimistic. Takes ~5 min
(a word model per set, ~25 s each).
"""

import argparse
import json
import math
import random
import tempfile
from collections.abc import Sequence
from pathlib import Path

import handlers.second_opinion as second_opinion
from handlers.classify import cue_reading
from handlers.labels import LABELS, RIGHTS
from handlers.understanding import understand
from tests.eval.classifier import Answer, Item, Report, _count, load_corpus
from tests.eval.train_second_opinion import _sigmoid, train

SETS = ("d4-", "d7-", "d8-", "d10-", "d11-", "d12-", "d13-")
UNSEEN = "d9-"
FALLBACK = 0.15
TRIAGE = 0.1


def rows_for(items: Sequence[Item], model: Path) -> list[tuple[Item, list[float], Answer]]:
    """Each message's features, read with the word model in `model`, and the shipped answer. Points the word model
    at `model`: the caller puts the shipped one back."""
    second_opinion.MODEL = model
    second_opinion._model.cache_clear()
    rows = []
    for item in items:
        reading = understand(item.subject, item.text)
        shipped = Answer(reading.understanding.labels, reading.understanding.triage, reading.language, ())
        cues = cue_reading(item.subject, reading.text, reading.language)
        opinion = second_opinion.second_opinion(item.subject, reading.text).probabilities
        probabilities = [opinion[label] for label in LABELS]
        features = [
            *(
                table.get(label, 0.0)
                for table in (cues.score, cues.contra, cues.technical, cues.references)
                for label in LABELS
            ),
            *probabilities,
            *(math.log(max(p, 1e-6) / max(1 - p, 1e-6)) for p in probabilities),
            *(float(label in shipped.labels) for label in LABELS),
            float(shipped.triage),
            float(cues.asked_about_right),
            float(cues.gdpr_cited),
            float(reading.language == "da"),
            float(reading.language == "en"),
        ]
        rows.append((item, features, shipped))
    return rows


def fit(rows: list[list[float]], truths: list[list[int]], c: float, passes: int) -> list[tuple[list[float], float]]:
    """One L2 logistic regression per label on standardised features, by seeded stochastic gradient descent."""
    width = len(rows[0])
    means = [sum(row[k] for row in rows) / len(rows) for k in range(width)]
    scales = [math.sqrt(sum((row[k] - means[k]) ** 2 for row in rows) / len(rows)) or 1.0 for k in range(width)]
    scaled = [[(row[k] - means[k]) / scales[k] for k in range(width)] for row in rows]
    decay = 1.0 / (c * len(rows))
    models = []
    for label_number in range(len(LABELS)):
        weights, bias, step = [0.0] * width, 0.0, 0
        order = list(range(len(rows)))
        rng = random.Random(label_number)
        for _ in range(passes):
            rng.shuffle(order)
            for index in order:
                step += 1
                rate = 0.1 / (1 + 0.1 * decay * step)
                x = scaled[index]
                error = (
                    _sigmoid(bias + sum(w * v for w, v in zip(weights, x, strict=True))) - truths[index][label_number]
                )
                weights = [w - rate * (error * v + decay * w) for w, v in zip(weights, x, strict=True)]
                bias -= rate * error
        # folded back to the raw features, so that predicting needs no scaling
        raw = [w / s for w, s in zip(weights, scales, strict=True)]
        models.append((raw, bias - sum(w * m for w, m in zip(raw, means, strict=True))))
    return models


def combined(models: list[tuple[list[float], float]], features: list[float], shipped: Answer) -> Answer:
    """The learned reading of one message (the rule in the module's docstring)."""
    p = {
        label: _sigmoid(b + sum(w * v for w, v in zip(ws, features, strict=True)))
        for label, (ws, b) in zip(LABELS, models, strict=True)
    }
    labels = [label for label, q in p.items() if label != "other" and q >= 0.5]
    if not labels:
        best = max((label for label in LABELS if label != "other"), key=p.__getitem__)
        labels = [best] if p[best] >= FALLBACK and p["other"] < 0.5 else ["other"]
    triage = shipped.triage or any(q >= TRIAGE and label in RIGHTS and label not in labels for label, q in p.items())
    return Answer(tuple(labels), triage, shipped.lang, ())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--passes", type=int, default=20)
    parser.add_argument("--c", type=float, default=3.0)
    args = parser.parse_args(argv)
    dev = [item for item in load_corpus() if item.split == "dev"]
    shipped_model = second_opinion.MODEL
    rows: dict[str, list[tuple[Item, list[float], Answer]]] = {}
    try:
        with tempfile.TemporaryDirectory() as folder:
            for prefix in SETS:
                training = [item for item in dev if not item.id.startswith((prefix, UNSEEN))]
                path = Path(folder) / f"{prefix}model.json"
                path.write_text(json.dumps(train(training)), encoding="utf-8")
                rows[prefix] = rows_for([item for item in dev if item.id.startswith(prefix)], path)
                print(f"{prefix} read ({len(rows[prefix])} messages)", flush=True)
    finally:
        second_opinion.MODEL = shipped_model
        second_opinion._model.cache_clear()
    shipped_report, combined_report = Report("dev"), Report("dev")
    for prefix in SETS:
        learn = [row for other in SETS if other != prefix for row in rows[other]]
        truths = [[int(label in item.labels) for label in LABELS] for item, _, _ in learn]
        models = fit([features for _, features, _ in learn], truths, args.c, args.passes)
        for item, features, shipped in rows[prefix]:
            _count(shipped_report, item, shipped)
            _count(combined_report, item, combined(models, features, shipped))
    for name, report in (("shipped", shipped_report), ("learned", combined_report)):
        figures = report.figures()
        print(
            f"{name:<8} macro-F1 {figures['macro_f1']:.3f}  rights recall {figures['rights_recall']:.3f}  "
            f"other precision {figures['other_precision']:.3f}  triage rate {report.triaged / report.total:.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
