"""The word model's second opinion on what the cue rules would call `other` (handlers/second_opinion.py)."""

import json

from handlers.classify import classify
from handlers.second_opinion import MODEL, features, second_opinion
from handlers.understanding import understand
from tests.eval.train_second_opinion import digest, training_items


def test_a_request_no_cue_names_gets_the_models_label_and_goes_to_staff():
    reading = understand("Navn", "I har mit gamle efternavn, jeg hedder Berg nu")
    assert reading.understanding.labels == ("rectification",)
    assert reading.understanding.triage
    assert reading.understanding.evidence[0].startswith("second opinion: rectification (")


def test_a_stop_no_cue_names_takes_effect_and_goes_to_staff_and_a_support_question_is_left_alone():
    # An opt-out is honoured at once by law: a missed one is the costly error, a wrong one costs a newsletter
    optout = understand("", "slut med jeres kampagnemails til mig").understanding
    assert optout.labels == ("marketing_optout",) and optout.triage
    assert optout.evidence[0].startswith("second opinion: marketing_optout (")
    photo = understand("", "Jeg fortryder at jeg sagde ja til billedet fra kurset").understanding
    assert photo.labels == ("consent_withdrawal",) and photo.triage
    support = understand("", "Do you support PHP 8.3?").understanding  # a question (0.99) to the model
    assert support.labels == ("other",) and not support.triage
    assert not any(e.startswith("second opinion") for e in support.evidence)


def test_a_complaint_the_model_all_but_rules_out_is_dropped_but_strong_or_authority_complaints_stand():
    hacked = understand("", "Our WordPress shop was hacked last night, please restore yesterdays backup").understanding
    assert hacked.labels == ("other",) and not hacked.triage  # the customer's own site: support, not a complaint
    assert hacked.evidence[-1].startswith("second opinion: not complaint (")
    ignored = understand("", "You still send me newsletters after I unsubscribed!").understanding
    assert ignored.labels == ("marketing_optout", "complaint")  # the rules' evidence is strong: no veto
    threat = understand("", "If you don't delete my account by Friday I will complain to the ICO.").understanding
    assert threat.labels == ("erasure", "complaint")  # the model reads 0.05 complaint, but the authority is named


def test_what_the_model_cannot_place_stays_other_and_the_rules_reading_wins_where_they_found_a_label():
    spam = understand("", "Congratulations, you have won! Click here to claim your prize.").understanding
    assert spam.labels == ("other",) and not any(e.startswith("second opinion") for e in spam.evidence)
    erasure = understand("", "Slet venligst min konto og alle mine oplysninger.").understanding
    assert erasure.labels == ("erasure",) and not any(e.startswith("second opinion") for e in erasure.evidence)


def test_a_huge_message_costs_no_more_than_its_first_twenty_thousand_characters():
    head = "Jeg vil gerne have en kopi af mine oplysninger. "
    assert features("", head * 10_000) == features("", head * 500)


def test_danish_written_without_the_special_letters_reads_the_same():
    assert features("", "Slet mine oplysninger på én gang") == features("", "Slet mine oplysninger paa en gang")
    assert second_opinion("", "Jeg ønsker mine data slettet") == second_opinion("", "Jeg oensker mine data slettet")


def test_the_shipped_weights_were_trained_on_the_corpus_as_it_is_now():
    """Change the development messages and forget to retrain: this fails (python -m tests.eval.train_second_opinion)."""
    shipped = json.loads(MODEL.read_text(encoding="utf-8"))
    items = training_items()
    assert shipped["trained_on"] == len(items) and shipped["corpus_digest"] == digest(items)
    assert shipped["labels"][-1] == "other" and len(shipped["bias"]) == len(shipped["labels"])


def test_the_model_speaks_only_when_other_is_all_but_ruled_out_and_then_gives_every_label_it_is_fairly_sure_of():
    from handlers.classify import LABELS
    from handlers.second_opinion import Opinion

    def opinion(**given: float) -> Opinion:
        return Opinion({label: given.get(label, 0.01) for label in LABELS})

    assert opinion(other=0.2, erasure=0.99).sure() == ()
    assert opinion(other=0.05, question=0.9).sure() == ()
    assert opinion(other=0.19, portability=0.7, erasure=0.4, objection=0.39).sure() == ("erasure", "portability")
    assert opinion(other=0.05, marketing_optout=0.5).sure() == ("marketing_optout",)
    assert opinion(complaint=0.079, question=0.08).vetoed(("erasure", "complaint", "question")) == ("complaint",)
    assert opinion(other=0.05, question=0.99, marketing_optout=0.8).sure() == ("marketing_optout",)  # no questions


def test_a_right_behind_a_question_the_rules_read_keeps_the_question_and_goes_to_staff():
    """The safety net: the rules saw only a question; the model holds an objection possible, so staff look first."""
    text = "Do you send my visits to Google Analytics? I don't think that's okay, please quit following me around."
    reading = understand("Tracking", text).understanding
    assert reading.labels == ("question",) and reading.triage
    assert any(e.startswith("second opinion: maybe objection (") for e in reading.evidence)


def test_a_right_the_model_only_holds_possible_flags_other_for_staff_without_deciding():
    reading = understand("Nyhedsbrev", "Jeg tror jeg har fået nok nu.").understanding
    assert reading.labels == ("other",) and reading.triage
    assert any(e.startswith("second opinion: maybe marketing_optout (") for e in reading.evidence)


def test_a_plain_question_or_a_complaint_about_service_is_not_flagged():
    question = understand("Question", "How long do you keep invoices?").understanding
    assert question.labels == ("question",) and not question.triage
    service = understand("Klage", "Jeg vil gerne klage over jeres kundeservice, jeg ventede 40 minutter i telefonen.")
    assert service.understanding.labels == ("other",) and not service.understanding.triage  # no data matter: vetoed
    assert not any(e.startswith("second opinion: maybe") for e in service.understanding.evidence)


def test_only_rights_it_holds_possible_flag_a_message_however_sure_it_is_of_other():
    from handlers.classify import LABELS
    from handlers.second_opinion import Opinion

    def opinion(**given: float) -> Opinion:
        return Opinion({label: given.get(label, 0.01) for label in LABELS})

    assert opinion(other=0.9, erasure=0.21, access=0.19).possible_rights() == ("erasure",)
    assert opinion(other=0.9, erasure=0.31, access=0.29).possible_rights(0.3) == ("erasure",)  # beside a question
    assert opinion(other=0.2, complaint=0.9, question=0.9).possible_rights() == ()
    assert opinion(other=0.05, marketing_optout=0.4).notes(("marketing_optout",), "maybe ") == (
        "second opinion: maybe marketing_optout (0.40)",
    )


def test_a_business_question_in_privacy_words_is_not_answered_as_a_privacy_question():
    """A customer asking for our data processing agreement wants a contract, not an answer from the privacy policy."""
    dpa = understand("DPA", "Where can I download your data processing agreement for our webshop?").understanding
    assert dpa.labels == ("other",) and dpa.evidence[-1].startswith("second opinion: other (")
    danish = understand("Databehandleraftale", "Hvor finder vi jeres databehandleraftale, og skal den underskrives?")
    assert danish.understanding.labels == ("other",)


def test_a_privacy_question_and_a_letter_in_another_language_keep_the_question():
    assert understand("", "How long do you keep invoices?").understanding.labels == ("question",)
    german = understand("Hosting", "Ist Ihr Hosting DSGVO-konform?").understanding  # a GDPR letter is never `other`
    assert german.labels == ("question",) and german.triage


def test_it_holds_a_question_no_privacy_matter_only_when_sure_of_other_and_of_no_right():
    from handlers.classify import LABELS
    from handlers.second_opinion import Opinion

    def opinion(**given: float) -> Opinion:
        return Opinion({label: given.get(label, 0.01) for label in LABELS})

    assert opinion(other=0.8).not_a_privacy_question()
    assert not opinion(other=0.6).not_a_privacy_question()
    assert not opinion(other=0.9, question=0.35).not_a_privacy_question()
    assert not opinion(other=0.9, access=0.3).not_a_privacy_question()


def test_the_veto_leaves_alone_a_gdpr_citation_and_a_language_it_was_not_trained_on():
    hacked = "Our WordPress shop was hacked last night, please restore yesterdays backup"
    assert classify("", hacked, "en").labels == ("other",)  # vetoed: support, not a complaint about us
    assert classify("", f"{hacked}. We must stay GDPR compliant.", "en").labels == ("complaint",)  # never plain other
    assert classify("", hacked, "de").labels == ("complaint",)  # the model read only Danish and English


def test_a_complaint_vetoed_beside_a_right_leaves_the_right_with_its_own_evidence_and_confidence():
    complaint = "I am disappointed with your VPS speed, the server was down all weekend."  # no data matter
    reading = classify("", f"Please delete my account. {complaint}", "en")
    alone = classify("", "Please delete my account.", "en")
    assert reading.labels == ("erasure",) and reading.confidence == alone.confidence
    assert reading.evidence[:-1] == alone.evidence and reading.evidence[-1].startswith("second opinion: not complaint")


def test_a_question_vetoed_whole_is_read_as_the_rules_other_is_and_the_model_may_name_the_complaint():
    text = "Hvordan kan det være at min nabo har fået en mail fra jer med mit navn og min adresse?"
    reading = understand("", text).understanding
    assert reading.labels == ("complaint",) and reading.triage  # a disclosure: staff look at once
    assert reading.evidence[0].startswith("second opinion: complaint (")
