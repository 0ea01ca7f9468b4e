"""The SPEC taxonomy's label strings, in one place (cheap to import: the CLI uses them for --help choices)."""

from collections.abc import Iterable

LABELS = (
    "access",
    "rectification",
    "erasure",
    "restriction",
    "portability",
    "objection",
    "marketing_optout",
    "consent_withdrawal",
    "complaint",
    "question",
    "other",
)
RIGHTS = frozenset(LABELS[:8])


def chosen_labels(given: Iterable[str]) -> list[str]:
    """Labels as staff name them (any case, any order) in the taxonomy's order; ValueError says what is wrong."""
    names = {label.strip().lower() for label in given if label.strip()}
    unknown = sorted(names - set(LABELS))
    if unknown or not names:
        raise ValueError(f"unknown label {', '.join(unknown) or '(none given)'}; choose from {', '.join(LABELS)}")
    if "other" in names and len(names) > 1:
        raise ValueError("`other` stands alone: it means no privacy label applies")
    return [label for label in LABELS if label in names]
