"""CPR numbers and payment card numbers are masked wherever text leaves the case record; other numbers are kept."""

import pytest

from handlers.masking import mask_personal_numbers


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mit CPR er 010203-1234, tak", "Mit CPR er ******-****, tak"),
        ("cpr 0102031234", "cpr ******-****"),
        ("CPR: 311299 5678.", "CPR: ******-****."),
        ("Card 4111 1111 1111 1111 was charged", "Card **** **** **** 1111 was charged"),
        ("kort 5500-0000-0000-0004", "kort **** **** **** 0004"),
        ("4111111111111111", "**** **** **** 1111"),
        ("both 010203-1234 and 4111111111111111", "both ******-**** and **** **** **** 1111"),
    ],
)
def test_cpr_and_card_numbers_are_masked(text, expected):
    assert mask_personal_numbers(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Sag PRV-2026-010123 har frist 2026-12-24",  # a case reference and a date are not CPR numbers
        "PRV-2026-010123 2026-12-24",
        "ring på +45 12 34 56 78",  # a phone number
        "kundenummer 123456",
        "bestilling 9999999999",  # ten digits but no valid day and month
        "faktura 2026-11-27 15:20",
    ],
)
def test_references_dates_phone_and_customer_numbers_are_kept(text):
    assert mask_personal_numbers(text) == text
