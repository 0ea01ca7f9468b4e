"""Mask Danish CPR numbers and payment card numbers in text that leaves the case record (SPEC: personal data inside
the bot): staff digests, chat notifications, exports, the calendar feed.

Masking errs on the side of hiding: any DDMMYY-XXXX shape with a plausible day and month is a CPR number, and any run
of 13-19 digits (spaces or dashes between groups allowed) is a card number, Luhn-valid or not. The last four digits
of a card stay visible, as on a receipt, so staff can still tell two cards apart.
"""

import re

CPR_MASK = "******-****"

# Day 01-31, month 01-12, year 00-99, then four digits; dash, space or nothing between. Not inside a longer number or
# a dashed code (a case reference like PRV-2026-010123 is not a CPR number).
_CPR = re.compile(r"(?<![\d-])(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}[- ]?\d{4}(?![\d-])")
_CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")


def _mask_card(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group())
    return "**** **** **** " + digits[-4:]


def mask_personal_numbers(text: str) -> str:
    """`text` with every CPR number and card number masked; everything else unchanged."""
    return _CPR.sub(CPR_MASK, _CARD.sub(_mask_card, text))
