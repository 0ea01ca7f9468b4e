"""detect_language picks the reply language: Danish, English, or "other" (staff must read it)."""

import time

import pytest

from handlers.language import detect_language


@pytest.mark.parametrize(
    "text",
    [
        "Hej, jeg vil gerne have slettet min konto hos jer.",
        "Kan I fortælle mig, hvilke oplysninger I gemmer om mig?",
        "Jeg ønsker ikke at modtage flere nyhedsbreve.",
        "Min adresse er forkert i jeres system, jeg er flyttet til Horsens.",
        "Hvorfor har jeg ikke fået svar på min anmodning om indsigt?",
        "Jeg trækker mit samtykke tilbage.",
    ],
)
def test_ordinary_danish_messages_are_danish(text: str) -> None:
    assert detect_language(text) == "da"


@pytest.mark.parametrize(
    "text",
    [
        "Jeg oensker at faa slettet alle mine oplysninger",
        "Hvornaar faar jeg svar paa min klage?",
        "Jeg vil gerne vaere fri for jeres mails, tak",
    ],
)
def test_danish_typed_without_ae_oe_aa_is_still_danish(text: str) -> None:
    assert detect_language(text) == "da"


@pytest.mark.parametrize(
    "text",
    [
        "Please delete my account and all the data you have about me.",
        "What personal data do you hold on me?",
        "I have not had an answer to my request from last month.",
        "Could you correct the spelling of my name?",
    ],
)
def test_ordinary_english_messages_are_english(text: str) -> None:
    assert detect_language(text) == "en"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("slet mig", "da"),
        ("afmeld", "da"),
        ("Tak", "da"),
        ("Hej", "da"),
        ("delete me", "en"),
        ("stop mails", "en"),
        ("Unsubscribe", "en"),
        ("STOP", "en"),
        ("hi", "en"),
    ],
)
def test_one_and_two_word_chat_messages(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Sehr geehrte Damen und Herren, bitte löschen Sie meine Daten.",
        "Bonjour, je voudrais supprimer mon compte et mes données.",
        "Hola, quiero eliminar mis datos personales de su sistema.",
        "Goedendag, ik wil graag dat u mijn gegevens verwijdert.",
        "Dzień dobry, proszę o usunięcie moich danych osobowych.",
        "Hej, jag vill att ni tar bort mina personuppgifter.",
    ],
)
def test_other_european_languages_are_other(text: str) -> None:
    assert detect_language(text) == "other"


def test_norwegian_bokmaal_is_read_as_danish() -> None:
    assert detect_language("Hei, vennligst slett kontoen min og alle opplysninger om meg.") == "da"


def test_a_foreign_request_citing_the_gdpr_is_other_not_english() -> None:
    assert detect_language("Ich beantrage Auskunft nach Art. 15 DSGVO über meine gespeicherten Daten.") == "other"


def test_empty_text_falls_back_to_english() -> None:
    assert detect_language("") == "en"
    assert detect_language("   \n") == "en"


def test_undecidable_text_with_danish_letters_falls_back_to_danish() -> None:
    assert detect_language("Ærø Å") == "da"


def test_undecidable_text_without_danish_letters_falls_back_to_english() -> None:
    assert detect_language("12345 / 2026-03-03") == "en"
    assert detect_language("Jens Hansen") == "en"


def test_addresses_and_links_do_not_vote() -> None:
    text = "Slet venligst min konto: jens.the.best@example.com https://www.example.com/the/and/of"
    assert detect_language(text) == "da"


def test_danish_text_with_an_english_word_or_two_stays_danish() -> None:
    assert detect_language("Hej, jeg vil gerne unsubscribe fra jeres newsletter, tak.") == "da"


def test_english_text_with_a_danish_name_and_town_stays_english() -> None:
    assert detect_language("Please send the copy to Søren Ørsted, Åbenrå, I moved there last year.") == "en"


def test_long_runs_of_one_character_stay_fast() -> None:
    for text in ("a" * 50_000, " " * 50_000, "x@" * 20_000, "www." * 10_000):
        start = time.perf_counter()
        detect_language(text)
        assert time.perf_counter() - start < 0.5


def test_links_in_parentheses_do_not_vote() -> None:
    assert detect_language("Slet min konto (https://example.com/the/and/of/you/please)") == "da"
