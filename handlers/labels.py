"""The SPEC taxonomy's label strings, in one place (cheap to import: the CLI uses them for --help choices)."""

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
