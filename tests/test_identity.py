"""Identity end to end through the pipeline: accounts matched, codes only to registered addresses, no enumeration,
codes that expire, lock and verify once; opt-outs that take effect at once."""

import re
import sys
from datetime import timedelta

import pytest

from bot.outgoing import MaildirTransport, deliver_due
from handlers import identity
from handlers.identity import check_identities
from handlers.options import IdentityOptions, PipelineOptions
from handlers.pipeline import process_pending
from storage.account_queries import ImportRow, import_batch, optouts
from storage.store import Database
from tests.mailtools import make_mail, read_mail, store_mail, text_body

MAILBOX = "privacy@cloudservice.test"
OPTIONS = PipelineOptions(
    mailboxes=(MAILBOX,), message_id_domain="cloudservice.test", identity=IdentityOptions(secret_key=b"k" * 32)
)
SINK: MaildirTransport | None = None  # set per test by the `sink` fixture
METTE = ImportRow("10442", "Mette Hansen", ("mette.hansen@example.dk", "mh@firma.dk"), "+4512345678")


@pytest.fixture(autouse=True)
def sink(tmp_path, monkeypatch) -> MaildirTransport:
    """Where `settle` delivers: a real Maildir per test."""
    transport = MaildirTransport(tmp_path / "maildir")
    monkeypatch.setattr(sys.modules[__name__], "SINK", transport)
    return transport


@pytest.fixture
def customers(db: Database, clock) -> Database:
    with db.transaction() as store:
        import_batch(store, [METTE, ImportRow("20001", "Ole Sørensen", ("ole@example.com",), None)], clock())
    return db


def receive(db: Database, clock, raw: bytes) -> None:
    store_mail(db, clock, raw, MAILBOX)
    settle(db, clock)


def settle(db: Database, clock) -> None:
    """What `run` does after a message arrives: pipeline, deliver the acknowledgement, then the identity step."""
    while process_pending(db, OPTIONS, clock) + deliver_due(db, SINK, clock) + check_identities(db, OPTIONS, clock()):
        pass


def mails(db: Database) -> list:
    with db.transaction() as store:
        return [read_mail(m.raw) for case in store.list_cases() for m in store.outbound_for_case(case.id)]


def sent_to(db: Database, address: str) -> list:
    return [m for m in mails(db) if m["To"] == address]


def the_case(db: Database, number: int = 0):
    with db.transaction() as store:
        case = store.list_cases()[number]
        return case, [(e.kind, e.detail) for e in store.events(case.id)]


def code_in(message) -> str:
    return re.search(r"\b(\d{4} \d{4})\b", text_body(message)).group(1)


def access_request(sender: str, extra: str = "") -> bytes:
    return make_mail(
        sender=sender, subject="Indsigt", body=f"Jeg vil gerne have indsigt i mine personoplysninger. {extra}"
    )


def reply(sender: str, reference: str, body: str) -> bytes:
    return make_mail(sender=sender, subject=f"Re: [{reference}] Din kode", body=body)


def test_forged_request_from_a_stranger_naming_a_customer_number_sends_the_code_only_to_the_account(customers, clock):
    receive(customers, clock, access_request("mallory@evil.test", "Mit kundenummer er 10442."))
    case, events = the_case(customers)
    assert case.status == "awaiting_verification" and not case.verified
    [ack] = sent_to(customers, "mallory@evil.test")
    body = text_body(ack)
    assert "Mette" not in body and "10442" not in body and "mette.hansen" not in body
    [code_mail] = sent_to(customers, "mette.hansen@example.dk")
    assert re.search(r"\d{4} \d{4}", text_body(code_mail))
    assert ("verification_code_sent", '{"how": "customer number"}') in events


def test_customer_number_is_found_after_a_restart_between_acknowledgement_and_identity_check(
    customers, clock, monkeypatch
):
    """The check reads the number from the stored message itself when this process did not see it arrive."""
    store_mail(customers, clock, access_request("mallory@evil.test", "Mit kundenummer er 10442."), MAILBOX)
    while process_pending(customers, OPTIONS, clock) + deliver_due(customers, SINK, clock):
        pass
    monkeypatch.setattr(identity, "RECENT_TEXTS", identity.RecentTexts())  # what a new process remembers: nothing
    check_identities(customers, OPTIONS, clock())
    [code_mail] = sent_to(customers, "mette.hansen@example.dk")
    assert re.search(r"\d{4} \d{4}", text_body(code_mail))
    assert ("verification_code_sent", '{"how": "customer number"}') in the_case(customers)[1]


def test_the_identity_check_reads_the_text_the_pipeline_kept_and_never_keeps_it_longer(customers, clock, monkeypatch):
    def no_second_parse(*_args: object) -> str:
        raise AssertionError("the message was parsed a second time")

    monkeypatch.setattr(identity, "reread", no_second_parse)
    monkeypatch.setattr(identity, "RECENT_TEXTS", identity.RecentTexts())
    receive(customers, clock, access_request("mallory@evil.test", "Mit kundenummer er 10442."))
    assert ("verification_code_sent", '{"how": "customer number"}') in the_case(customers)[1]
    receive(customers, clock, access_request("mette.hansen@example.dk"))  # matched by address: its text is dropped too
    assert len(identity.RECENT_TEXTS) == 0


def test_recent_texts_are_taken_once_dropped_when_old_and_never_more_than_the_limit():
    now = [0.0]
    texts = identity.RecentTexts(limit=2, max_age=600.0, max_chars=10, clock=lambda: now[0])
    texts.keep("a", "first")
    assert texts.take("a") == "first" and texts.take("a") is None
    texts.keep("b", "second")
    now[0] = 601.0
    assert texts.take("b") is None  # ten minutes on, a requester's words are gone
    for key in "cde":
        texts.keep(key, key)
    assert len(texts) == 2 and texts.take("c") is None and texts.take("e") == "e"
    texts.keep("long", "x" * 11)
    assert texts.take("long") is None


def test_acknowledgement_is_the_same_whether_or_not_an_account_exists(customers, clock):
    receive(customers, clock, access_request("Mette Hansen <mette.hansen@example.dk>"))
    receive(customers, clock, access_request("Mette Hansen <nobody@example.dk>"))
    [known] = sent_to(customers, "mette.hansen@example.dk")[:1]
    [unknown] = sent_to(customers, "nobody@example.dk")
    first, _ = the_case(customers, 0)
    second, _ = the_case(customers, 1)

    def normalised(message) -> tuple[str, str, str]:
        html = message.get_body(preferencelist=("html",)).get_content()
        return tuple(
            part.replace(first.reference, "REF").replace(second.reference, "REF")
            for part in (message["Subject"], text_body(message), html)
        )

    assert normalised(known) == normalised(unknown)
    assert "kundenummer" in text_body(unknown)  # the reply asks for what would identify them
    assert "pas" in text_body(unknown) and "aldrig" in text_body(unknown)  # and never for an ID card


def verify_with(db, clock, sender: str, body: str) -> None:
    case, _ = the_case(db)
    receive(db, clock, reply(sender, case.reference, body))


def test_right_code_from_the_registered_address_verifies_once(customers, clock):
    receive(customers, clock, access_request("Mette Hansen <mette.hansen@example.dk>"))
    code = code_in(sent_to(customers, "mette.hansen@example.dk")[1])
    clock.now += timedelta(hours=1)
    verify_with(customers, clock, "mette.hansen@example.dk", f"Her er koden: {code}\n\n> Din kode er {code}")
    case, events = the_case(customers)
    assert case.verified and case.status == "open"
    assert [d for k, d in events if k == "verification_attempt"] == ['{"result": "verified"}']
    verify_with(customers, clock, "mette.hansen@example.dk", f"Koden igen: {code}")
    case, events = the_case(customers)
    assert [m["Subject"] for m in sent_to(customers, "mette.hansen@example.dk")].count(
        f"[{case.reference}] Tak, din anmodning er bekræftet"
    ) == 1


def test_code_sent_back_from_another_address_does_not_verify(customers, clock):
    receive(customers, clock, access_request("mallory@evil.test", "Kundenummer: 10442"))
    code = code_in(sent_to(customers, "mette.hansen@example.dk")[0])
    verify_with(customers, clock, "mallory@evil.test", f"Koden er {code}")
    case, events = the_case(customers)
    assert not case.verified
    assert ("verification_attempt", '{"result": "not_from_a_registered_address"}') in events


def test_any_registered_address_of_the_account_may_send_the_code_back(customers, clock):
    receive(customers, clock, access_request("mallory@evil.test", "Kundenummer: 10442"))
    code = code_in(sent_to(customers, "mette.hansen@example.dk")[0])
    verify_with(customers, clock, "MH@firma.dk", f"Det var mig. Koden er {code}")
    case, _ = the_case(customers)
    assert case.verified


def test_five_wrong_codes_lock_even_the_right_one(customers, clock):
    receive(customers, clock, access_request("mette.hansen@example.dk"))
    code = code_in(sent_to(customers, "mette.hansen@example.dk")[1])
    wrong = "0000 0000" if code != "0000 0000" else "1111 1111"
    for attempt in range(5):
        clock.now += timedelta(minutes=1)
        verify_with(customers, clock, "mette.hansen@example.dk", f"Forsøg {attempt}: {wrong}")
    clock.now += timedelta(minutes=1)
    verify_with(customers, clock, "mette.hansen@example.dk", f"Nu den rigtige: {code}")
    case, events = the_case(customers)
    assert not case.verified
    results = [d for k, d in events if k == "verification_attempt"]
    assert results == ['{"result": "wrong"}'] * 4 + ['{"result": "locked"}'] * 2


def test_expired_code_fails(customers, clock):
    receive(customers, clock, access_request("mette.hansen@example.dk"))
    code = code_in(sent_to(customers, "mette.hansen@example.dk")[1])
    clock.now += timedelta(hours=OPTIONS.identity.code_ttl_hours, minutes=1)
    verify_with(customers, clock, "mette.hansen@example.dk", f"Undskyld forsinkelsen, koden er {code}")
    case, events = the_case(customers)
    assert not case.verified and ("verification_attempt", '{"result": "expired"}') in events


def test_no_account_then_customer_number_in_a_reply_sends_the_code_to_the_account(customers, clock):
    receive(customers, clock, access_request("ole.private@example.org"))
    case, events = the_case(customers)
    assert case.customer_number is None and ("no_account_match", "{}") in events
    verify_with(customers, clock, "ole.private@example.org", "Mit kundenummer er 20001")
    [code_mail] = sent_to(customers, "ole@example.com")
    assert code_in(code_mail)


@pytest.mark.parametrize("sender", ["lars@example.net", "mette.hansen@example.dk"])
def test_newsletter_unsubscribe_from_any_address_takes_effect_at_once_and_is_confirmed(customers, clock, sender):
    receive(customers, clock, make_mail(sender=sender, subject="afmeld nyhedsbrev", body="afmeld nyhedsbrev"))
    case, events = the_case(customers)
    assert case.status == "open" and "marketing_optout_applied" in [k for k, _ in events]
    with customers.transaction() as store:
        [stop] = optouts(store, "marketing_optout")
        assert stop.address == sender and stop.at == case.received_at
    [confirmation] = sent_to(customers, sender)
    assert "markedsføring" in text_body(confirmation)
    assert not [m for m in mails(customers) if m["To"] != sender]  # no code: stopping needs no proof


@pytest.mark.parametrize(
    "follow_up, kind",
    [
        ("Og så vil jeg gerne afmelde jeres nyhedsbrev.", "marketing_optout"),
        ("I trækker også mit samtykke til statistik-cookies tilbage, tak.", "consent_withdrawal"),
    ],
)
def test_a_stop_in_a_follow_up_takes_effect_at_once_like_one_in_a_first_message(customers, clock, follow_up, kind):
    receive(customers, clock, access_request("mette.hansen@example.dk"))
    case, _ = the_case(customers)
    receive(customers, clock, reply("mette.hansen@example.dk", case.reference, follow_up))
    case, events = the_case(customers)
    assert kind in case.labels.split(",") and case.triage and f"{kind}_applied" in [k for k, _ in events]
    with customers.transaction() as store:
        [stop] = optouts(store, kind)
        assert stop.address == "mette.hansen@example.dk"


def test_a_stop_in_a_follow_up_from_another_registered_address_stops_the_address_that_asked(customers, clock):
    receive(customers, clock, access_request("mette.hansen@example.dk"))
    case, _ = the_case(customers)
    withdrawal = "Jeg trækker også mit samtykke til statistik-cookies tilbage for denne adresse."
    receive(customers, clock, reply("mh@firma.dk", case.reference, withdrawal))
    case, events = the_case(customers)
    assert "consent_withdrawal" in case.labels.split(",")  # it joined Mette's case
    with customers.transaction() as store:
        [stop] = optouts(store, "consent_withdrawal")
        assert stop.address == "mh@firma.dk"


def test_authentication_results_are_recorded_as_signals_not_proof(customers, clock):
    raw = make_mail(
        sender="mette.hansen@example.dk",
        subject="Slet mine data",
        body="Slet venligst mine data.",
        headers={
            "Authentication-Results": "mx.cloudservice.test; dkim=pass header.d=example.dk; spf=pass; dmarc=pass",
            "DKIM-Signature": "v=1; a=rsa-sha256; d=example.dk; s=sel; b=abc",
        },
    )
    receive(customers, clock, raw)
    case, events = the_case(customers)
    [signals] = [d for k, d in events if k == "sender_signals"]
    assert '"dkim": "pass"' in signals and '"authserv_id": "mx.cloudservice.test"' in signals
    assert not case.verified and case.status == "awaiting_verification"


def test_unverified_requester_is_reminded_once_after_two_days_with_a_fresh_code(customers, clock):
    from handlers.identity_sweep import sweep_unverified

    receive(customers, clock, access_request("mette.hansen@example.dk"))
    receive(customers, clock, access_request("nobody@example.dk"))
    first_code = code_in(sent_to(customers, "mette.hansen@example.dk")[1])
    clock.now += timedelta(days=1)
    assert sweep_unverified(customers, OPTIONS, clock()) == 0
    clock.now += timedelta(days=1, minutes=1)
    assert sweep_unverified(customers, OPTIONS, clock()) == 2
    assert sweep_unverified(customers, OPTIONS, clock()) == 0
    settle(customers, clock)

    mette = sent_to(customers, "mette.hansen@example.dk")
    nobody = sent_to(customers, "nobody@example.dk")
    assert [m["Subject"].split("] ")[1] for m in nobody] == [
        "Vi har modtaget din henvendelse: Indsigt",
        "Vi mangler stadig at bekræfte din anmodning",
    ]
    assert text_body(nobody[1]).split("\n", 3)[3] == text_body(mette[2]).split("\n", 3)[3]  # same words for both
    fresh_code = code_in(mette[3])
    assert fresh_code != first_code
    verify_with(customers, clock, "mette.hansen@example.dk", f"Den gamle kode: {first_code}")
    case, _ = the_case(customers)
    assert not case.verified
    verify_with(customers, clock, "mette.hansen@example.dk", f"Den nye kode: {fresh_code}")
    case, _ = the_case(customers)
    assert case.verified


def test_still_unverified_near_the_deadline_is_closed_with_the_article_12_4_notice(customers, clock):
    from handlers.identity_sweep import sweep_unverified

    receive(customers, clock, access_request("mallory@evil.test", "Kundenummer: 10442"))
    # Received Tue 24 Nov 2026 -> deadline Thu 24 Dec. Three working days before it is Mon 21 Dec.
    clock.now = clock.now.replace(month=12, day=18)
    sweep_unverified(customers, OPTIONS, clock())
    case, _ = the_case(customers)
    assert case.status == "awaiting_verification"
    clock.now = clock.now.replace(day=21)
    sweep_unverified(customers, OPTIONS, clock())
    settle(customers, clock)
    case, events = the_case(customers)
    assert case.status == "closed_unverified" and not case.verified
    [notice] = [m for m in sent_to(customers, "mallory@evil.test") if "Datatilsynet" in text_body(m)]
    body = text_body(notice)
    assert "Carl Jacobsens Vej 35" in body and "domstol" in body.lower()
    assert "Mette" not in body and "10442" not in body
    assert sweep_unverified(customers, OPTIONS, clock()) == 0


def test_accounts_can_be_read_from_the_company_database_without_copying(db, clock, tmp_path):
    import sqlite3

    company = tmp_path / "company.sqlite3"
    with sqlite3.connect(company) as conn:
        conn.execute("CREATE TABLE kunder (kundenr INTEGER, navn TEXT, mails TEXT, tlf TEXT)")
        conn.execute("INSERT INTO kunder VALUES (55123, 'Pia Holm', 'pia@holm.dk;pia@firma.dk', '+4520304050')")
    query = "SELECT kundenr AS customer_number, navn AS name, mails AS email, tlf AS phone FROM kunder"
    options = PipelineOptions(
        mailboxes=(MAILBOX,),
        identity=IdentityOptions(secret_key=b"k" * 32, account_source=(f"sqlite:///{company}", query)),
    )
    raw = access_request("Pia Holm <pia@firma.dk>")
    with db.transaction() as store:
        store.add_raw(
            channel="smtp",
            received_at=clock(),
            envelope_from=None,
            envelope_to=[MAILBOX],
            message_key="pia",
            message_id=None,
            raw=raw,
        )
    while process_pending(db, options, clock) + deliver_due(db, SINK, clock) + check_identities(db, options, clock()):
        pass
    case, events = the_case(db)
    assert case.customer_number == "55123" and case.status == "awaiting_verification"
    assert ("verification_code_sent", '{"how": "registered address"}') in events
    assert [m["To"] for m in mails(db)] == ["pia@firma.dk", "pia@firma.dk"]
    with sqlite3.connect(company) as conn:  # read-only: the company's table is untouched
        assert conn.execute("SELECT count(*) FROM kunder").fetchone()[0] == 1
