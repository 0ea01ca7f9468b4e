"""Understand a message's new text: strip quoted history, detect the language, classify (pipeline step 3)."""

from dataclasses import dataclass
from typing import Any

from handlers.classify import Understanding, classify
from handlers.language import detect_language
from handlers.quoting import strip_quoted


@dataclass(frozen=True)
class Reading:
    language: str
    understanding: Understanding
    text: str = ""  # the new text the sender wrote (quoted history and signature cut): where dates are read


def understand(subject: str, body: str) -> Reading:
    text = strip_quoted(body)
    language = detect_language(f"{subject}\n{text}")
    return Reading(language, classify(subject, text, language), text)


def understand_json(item: dict[str, Any]) -> dict[str, Any]:
    """One `privacybot classify` answer for one input object (SPEC stable interfaces)."""
    reading = understand(str(item.get("subject") or ""), str(item.get("text") or ""))
    result = reading.understanding
    return {
        "id": item.get("id"),
        "labels": list(result.labels),
        "lang": reading.language,
        "confidence": round(result.confidence, 3),
        "triage": result.triage,
        "evidence": list(result.evidence),
    }
