"""strip_quoted keeps only what the sender wrote now: no quoted history, forwards, footers or signatures."""

import time

from handlers.quoting import strip_quoted


def test_gmail_english_reply_header_and_quote_are_cut() -> None:
    body = (
        "Thanks, but I still want my account removed.\n"
        "\n"
        "On Tue, 3 Mar 2026 at 10:12, Cloud Service Privacy <privacy@example.dk> wrote:\n"
        "> We have received your message and will get back to you.\n"
        "> Case PRV-2026-000123\n"
    )
    assert strip_quoted(body) == "Thanks, but I still want my account removed."


def test_gmail_reply_header_wrapped_over_two_lines_is_cut() -> None:
    body = (
        "Please also stop the newsletter.\n"
        "\n"
        "On Tue, 3 Mar 2026 at 10:12, Cloud Service Danmark Privacy Team <\n"
        "privacy@example.dk> wrote:\n"
        "\n"
        "> Dear customer, your request has been registered.\n"
    )
    assert strip_quoted(body) == "Please also stop the newsletter."


def test_danish_apple_mail_header_den_skrev_is_cut() -> None:
    body = (
        "Jeg har stadig ikke modtaget noget. Hvornår kommer det?\n"
        "\n"
        "Den 3. mar. 2026 kl. 10.12 skrev Cloud Service <privacy@example.dk>:\n"
        "\n"
        "> Vi har modtaget din anmodning.\n"
    )
    assert strip_quoted(body) == "Jeg har stadig ikke modtaget noget. Hvornår kommer det?"


def test_danish_gmail_header_with_weekday_is_cut() -> None:
    body = (
        "Tak, det er fint.\n"
        "\n"
        "tir. 3. mar. 2026 kl. 10.12 skrev Privatliv <privacy@example.dk>:\n"
        "> Her er din sagsreference.\n"
        "> Venlig hilsen\n"
    )
    assert strip_quoted(body) == "Tak, det er fint."


def test_outlook_english_header_block_and_unquoted_history_are_cut() -> None:
    body = (
        "Hi,\n"
        "please correct my surname, it is spelled Kjærgaard.\n"
        "\n"
        "________________________________\n"
        "From: Privacy <privacy@example.dk>\n"
        "Sent: Tuesday, March 3, 2026 10:12 AM\n"
        "To: Mette Kjærgaard <mette@example.com>\n"
        "Subject: Your request\n"
        "\n"
        "We need a little more information before we can continue.\n"
    )
    assert strip_quoted(body) == "Hi,\nplease correct my surname, it is spelled Kjærgaard."


def test_outlook_danish_header_block_fra_sendt_til_emne_is_cut() -> None:
    body = (
        "Jeg vil gerne have en kopi af mine oplysninger.\n"
        "\n"
        "Fra: Privatliv <privacy@example.dk>\n"
        "Sendt: 3. marts 2026 10:12\n"
        "Til: Ole Madsen <ole@example.com>\n"
        "Emne: SV: Spørgsmål\n"
        "\n"
        "Hej Ole, tak for din henvendelse.\n"
    )
    assert strip_quoted(body) == "Jeg vil gerne have en kopi af mine oplysninger."


def test_original_message_separators_in_both_languages_are_cut() -> None:
    english = "Delete it all, please.\n\n-----Original Message-----\nFrom: someone\nold text\n"
    danish = "Slet det hele.\n\n-----Oprindelig meddelelse-----\nFra: nogen\ngammel tekst\n"
    assert strip_quoted(english) == "Delete it all, please."
    assert strip_quoted(danish) == "Slet det hele."


def test_forward_with_a_note_keeps_only_the_note() -> None:
    body = (
        "FYI - this came from one of your partners, I never agreed to that.\n"
        "\n"
        "---------- Forwarded message ---------\n"
        "From: Offers <offers@partner.example>\n"
        "Date: Mon, 2 Mar 2026 at 09:00\n"
        "Subject: Big spring sale\n"
        "\n"
        "Save 50% this week only!\n"
    )
    assert strip_quoted(body) == "FYI - this came from one of your partners, I never agreed to that."


def test_bare_forward_returns_the_forwarded_text_instead_of_nothing() -> None:
    body = (
        "---------- Videresendt besked ----------\n"
        "Fra: Nyhedsbrev <news@example.dk>\n"
        "Dato: 2. mar. 2026 09.00\n"
        "Emne: Forårstilbud\n"
        "\n"
        "> Spar 20 % på alt i denne uge.\n"
    )
    result = strip_quoted(body)
    assert "Spar 20 % på alt i denne uge." in result
    assert not any(line.startswith(">") for line in result.splitlines())


def test_only_quoted_lines_returns_them_without_markers() -> None:
    assert strip_quoted("> slet min konto\n> tak\n") == "slet min konto\ntak"


def test_iphone_footer_and_history_below_it_are_cut() -> None:
    body = "Unsubscribe me please\n\nSent from my iPhone\n\nOn 3 Mar 2026, at 10:12, News <n@example.dk> wrote:\n"
    assert strip_quoted(body) == "Unsubscribe me please"


def test_danish_phone_footers_are_cut() -> None:
    assert strip_quoted("Afmeld mig nyhedsbrevet\n\nSendt fra min iPhone") == "Afmeld mig nyhedsbrevet"
    assert strip_quoted("Afmeld mig\n\nSendt fra min iPad\n") == "Afmeld mig"
    assert strip_quoted("Stop med at ringe til mig\n\nHent Outlook til Android\n") == "Stop med at ringe til mig"


def test_signature_dash_line_drops_everything_after_it() -> None:
    body = "Please send me a copy of my data.\n\n-- \nPeter Holm\nHolm Consulting\n+45 11 22 33 44\n"
    assert strip_quoted(body) == "Please send me a copy of my data."


def test_danish_closing_greeting_with_name_block_is_dropped() -> None:
    body = (
        "Hej\n\nJeg er flyttet og har ny adresse: Søndergade 4, 7100 Vejle.\n\n"
        "Med venlig hilsen\nKaren Nielsen\nKundenummer 40123\n"
    )
    assert strip_quoted(body) == "Hej\n\nJeg er flyttet og har ny adresse: Søndergade 4, 7100 Vejle."


def test_short_mvh_with_name_on_the_same_line_is_dropped() -> None:
    assert strip_quoted("Slet venligst min profil.\nMvh Jens") == "Slet venligst min profil."


def test_english_kind_regards_block_is_dropped() -> None:
    body = "Could you tell me which cookies you use?\n\nKind regards,\nSam Taylor\nTaylor & Co\n"
    assert strip_quoted(body) == "Could you tell me which cookies you use?"


def test_greeting_followed_by_a_long_text_is_not_treated_as_a_signature() -> None:
    body = (
        "Best regards from a long-time customer.\n"
        "I want to know why my address was printed on a parcel sent to my neighbour, and I want it corrected.\n"
    )
    assert strip_quoted(body) == body.strip()


def test_greeting_before_more_than_a_short_block_is_kept() -> None:
    lines = [f"Point {n}: something I need you to know about my data." for n in range(1, 9)]
    body = "Venlig hilsen\n" + "\n".join(lines)
    body = "Her kommer mine spørgsmål.\n" + body
    assert strip_quoted(body) == body.strip()


def test_windows_and_old_mac_line_endings_are_normalised() -> None:
    assert strip_quoted("Slet mig\r\n\r\nMvh\r\nJens\r\n") == "Slet mig"
    assert strip_quoted("Line one\rLine two\r") == "Line one\nLine two"


def test_bottom_posted_reply_keeps_the_new_text_below_the_quote() -> None:
    body = (
        "On Tue, 3 Mar 2026 at 10:12, Privacy <privacy@example.dk> wrote:\n"
        "> Could you confirm your customer number?\n"
        "\n"
        "Yes, it is 40123.\n"
    )
    assert strip_quoted(body) == "Yes, it is 40123."


def test_inline_quote_lines_are_dropped_but_answers_between_them_are_kept() -> None:
    body = "> Which address should we use?\nUse the new one in Vejle.\n> Anything else?\nNo, thanks.\n"
    assert strip_quoted(body) == "Use the new one in Vejle.\nNo, thanks."


def test_plain_message_without_history_is_unchanged() -> None:
    body = "Hvor længe gemmer I mine fakturaer?"
    assert strip_quoted(body) == body


def test_empty_text_stays_empty() -> None:
    assert strip_quoted("") == ""
    assert strip_quoted("   \n\n") == ""


def test_a_sentence_starting_with_on_is_not_mistaken_for_a_reply_header() -> None:
    body = "On Monday I asked you to delete my data.\nNothing has happened since."
    assert strip_quoted(body) == body


def test_pathological_lines_stay_fast() -> None:
    for text in (" " * 50_000, "-" * 50_000, "*" * 50_000, "On " * 20_000, "From: x\n" * 10_000):
        start = time.perf_counter()
        strip_quoted(text)
        assert time.perf_counter() - start < 0.5


def test_a_note_that_sends_an_earlier_request_again_keeps_the_forwarded_request() -> None:
    body = (
        "Sending this again as I'm not sure it reached the right place.\n"
        "\n"
        "---------- Forwarded message ---------\n"
        "From: Henrik Dahl <henrik@example.dk>\n"
        "Date: Tue, 17 Feb 2026 at 21:03\n"
        "Subject: Data request\n"
        "To: <support@example.com>\n"
        "\n"
        "Hello, please send me a copy of the personal data you have about me.\n"
        "Henrik\n"
    )
    result = strip_quoted(body)
    assert result.startswith("Sending this again")
    assert "please send me a copy of the personal data you have about me." in result
    assert "From:" not in result and "Subject:" not in result


def test_a_danish_see_below_note_keeps_the_earlier_mail_below_it() -> None:
    body = (
        "Hej igen. Jeg skrev til jer i sidste uge (se nedenfor) og har ikke hørt noget.\n"
        "\n"
        "Fra: Anders <anders@example.dk>\n"
        "Sendt: 17. februar 2026 08:41\n"
        "Til: support@example.dk\n"
        "Emne: Sletning\n"
        "\n"
        "Hej, jeg vil gerne have slettet min konto.\n"
    )
    result = strip_quoted(body)
    assert "se nedenfor" in result and "jeg vil gerne have slettet min konto." in result
    assert "Sendt:" not in result
