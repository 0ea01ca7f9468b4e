"""classify: SPEC taxonomy labels with evidence, confidence and a triage flag, for Danish and English messages.

Every case below is a message a requester could plausibly send; its id names the behaviour it pins down.
"""

import time
from dataclasses import FrozenInstanceError

import pytest

from handlers.classify import LABELS, RIGHTS, Understanding, classify
from handlers.understanding import understand

# (id, subject, text, lang, expected labels, expected triage or None when either is acceptable: a few hard cases whose
# right-words the word model may still hold possible, so its safety net may send them to staff)
CASES: list[tuple[str, str, str, str, tuple[str, ...], bool | None]] = [
    # --- access ---------------------------------------------------------------------------------------------
    ("en-access-what-data-do-you-hold", "", "What data do you hold about me?", "en", ("access",), False),
    (
        "en-access-copy-of-my-data",
        "Data request",
        "Hello, please send me a copy of all the personal data you keep about me.",
        "en",
        ("access",),
        False,
    ),
    (
        "en-access-subject-access-request",
        "Subject access request",
        "I am making a subject access request for my customer file.",
        "en",
        ("access",),
        False,
    ),
    ("da-access-indsigt", "Indsigt", "Jeg beder hermed om indsigt i mine personoplysninger.", "da", ("access",), False),
    ("da-access-aktindsigt", "", "Jeg vil gerne have aktindsigt i hvad I har registreret.", "da", ("access",), False),
    ("da-access-hvilke-oplysninger", "", "Hvilke oplysninger har I egentlig om mig?", "da", ("access",), False),
    ("da-access-kopi", "", "Kan jeg få en kopi af mine data?", "da", ("access",), False),
    (
        "da-access-who-received-my-data",
        "",
        "Hvem har I delt mine oplysninger med?",
        "da",
        ("access",),
        False,
    ),
    # --- rectification --------------------------------------------------------------------------------------
    (
        "en-rect-update-address",
        "",
        "Please update my address, I now live at 12 Mill Lane.",
        "en",
        ("rectification",),
        False,
    ),
    (
        "en-rect-name-misspelled",
        "",
        "My surname is misspelled on your records, it should be Kirk.",
        "en",
        ("rectification",),
        False,
    ),
    (
        "da-rect-ret-min-adresse",
        "",
        "Vil I ret min adresse til Torvegade 3, 7100 Vejle?",
        "da",
        ("rectification",),
        False,
    ),
    (
        "da-rect-flyttet",
        "Ny adresse",
        "Jeg er flyttet. Min nye adresse er Havnevej 8.",
        "da",
        ("rectification",),
        False,
    ),
    ("da-rect-berigtigelse", "", "Jeg anmoder om berigtigelse af min fødselsdato.", "da", ("rectification",), False),
    ("da-rect-ascii-aendre", "", "Kan I aendre min e-mail til ny@example.dk?", "da", ("rectification",), False),
    # --- erasure --------------------------------------------------------------------------------------------
    ("en-erasure-delete-account", "", "Please delete my account.", "en", ("erasure",), False),
    ("en-erasure-forget-me", "Forget me", "I invoke my right to be forgotten.", "en", ("erasure",), False),
    ("en-erasure-can-you-request-form", "", "Can you erase all my personal data please?", "en", ("erasure",), False),
    ("da-erasure-slet-min-konto", "", "Slet venligst min konto og mine oplysninger.", "da", ("erasure",), False),
    (
        "da-erasure-ascii-sletning",
        "Sletning",
        "Jeg oensker sletning af alle mine data hos jer.",
        "da",
        ("erasure",),
        False,
    ),
    ("da-erasure-have-slettet", "", "Hej\nJeg vil gerne have slettet min profil.\nMvh Jens", "da", ("erasure",), False),
    ("da-erasure-glemt", "", "Jeg vil bruge retten til at blive glemt.", "da", ("erasure",), False),
    ("no-erasure-bokmaal", "", "Hei, vennligst slett kontoen min.", "da", ("erasure",), False),
    # --- restriction ----------------------------------------------------------------------------------------
    (
        "en-restriction-until-checked",
        "",
        "Please stop processing my data until you have checked whether the address you hold is right.",
        "en",
        ("restriction",),
        False,
    ),
    (
        "en-restriction-named",
        "",
        "I ask for restriction of processing under article 18.",
        "en",
        ("restriction",),
        False,
    ),
    (
        "da-restriction-begraensning",
        "",
        "Jeg ønsker begrænsning af behandlingen af mine oplysninger.",
        "da",
        ("restriction",),
        False,
    ),
    (
        "da-restriction-ascii-indtil",
        "",
        "I maa ikke bruge mine data indtil sagen er afklaret.",
        "da",
        ("restriction",),
        False,
    ),
    # --- portability ----------------------------------------------------------------------------------------
    (
        "en-portability-machine-readable",
        "",
        "I want a copy of my data in a machine-readable format.",
        "en",
        ("portability",),
        False,
    ),
    ("en-portability-transfer", "", "Please transfer my data to NordHost directly.", "en", ("portability",), False),
    (
        "da-portability-maskinlaesbar",
        "",
        "Send mine oplysninger i et maskinlæsbart format, gerne CSV.",
        "da",
        ("portability",),
        False,
    ),
    (
        "da-portability-ny-udbyder",
        "",
        "Overfør mine data til min nye udbyder, tak.",
        "da",
        ("portability",),
        False,
    ),
    # --- objection ------------------------------------------------------------------------------------------
    (
        "en-objection-ip-statistics",
        "",
        "I object to you using my IP address for statistics.",
        "en",
        ("objection",),
        False,
    ),
    (
        "en-objection-tracking",
        "",
        "I don't want to be tracked for analytics on your site.",
        "en",
        ("objection",),
        False,
    ),
    ("da-objection-indsigelse", "", "Jeg gør indsigelse mod jeres profilering af mig.", "da", ("objection",), False),
    ("da-objection-statistik", "", "Stop med at bruge mine data til statistik.", "da", ("objection",), False),
    # --- marketing_optout -----------------------------------------------------------------------------------
    ("en-marketing-unsubscribe", "Unsubscribe", "", "en", ("marketing_optout",), False),
    (
        "en-marketing-no-more-sms",
        "",
        "I no longer want to receive your offers by text message.",
        "en",
        ("marketing_optout",),
        False,
    ),
    (
        "en-marketing-object-to-direct-marketing-is-marketing",
        "",
        "I object to direct marketing.",
        "en",
        ("marketing_optout",),
        False,
    ),
    (
        "da-marketing-ingen-flere",
        "",
        "Jeg ønsker ikke at modtage flere nyhedsbreve.",
        "da",
        ("marketing_optout",),
        False,
    ),
    ("da-marketing-ring-ikke", "", "Ring ikke til mig igen med tilbud.", "da", ("marketing_optout",), False),
    (
        "da-marketing-samtykke-til-nyhedsbrev-is-marketing",
        "",
        "Jeg trækker mit samtykke til nyhedsbrevet tilbage.",
        "da",
        ("marketing_optout",),
        False,
    ),
    (
        "da-marketing-indsigelse-mod-direkte-markedsfoering",
        "",
        "Jeg gør indsigelse mod direkte markedsføring.",
        "da",
        ("marketing_optout",),
        False,
    ),
    # --- consent_withdrawal ---------------------------------------------------------------------------------
    (
        "en-consent-withdraw-cookies",
        "",
        "I withdraw my consent to cookies on your website.",
        "en",
        ("consent_withdrawal",),
        False,
    ),
    (
        "en-consent-seminar-photo",
        "",
        "Please remove the photo of me from the seminar page.",
        "en",
        ("consent_withdrawal",),
        False,
    ),
    (
        "en-consent-cv-retention",
        "",
        "Please delete my CV, I no longer wish to be considered for jobs.",
        "en",
        ("consent_withdrawal",),
        False,
    ),
    (
        "en-consent-sponsors",
        "",
        "Please don't share my details with the event sponsors any more.",
        "en",
        ("consent_withdrawal",),
        False,
    ),
    (
        "da-consent-billede",
        "",
        "Jeg vil gerne have mit billede fra kurset fjernet fra jeres hjemmeside.",
        "da",
        ("consent_withdrawal",),
        False,
    ),
    (
        "da-consent-tilbagekald",
        "",
        "Jeg tilbagekalder mit samtykke til at stå på deltagerlisten.",
        "da",
        ("consent_withdrawal",),
        False,
    ),
    # --- complaint ------------------------------------------------------------------------------------------
    (
        "en-complaint-wrong-recipient",
        "",
        "I received someone else's invoice with their address on it.",
        "en",
        ("complaint",),
        False,
    ),
    (
        "en-complaint-ignored-optout-keeps-the-optout",
        "",
        "You still send me newsletters after I unsubscribed!",
        "en",
        ("marketing_optout", "complaint"),
        False,
    ),
    (
        "da-complaint-databrud",
        "Databrud",
        "Mine oplysninger er blevet lækket efter jeres databrud, det er jeg meget utilfreds med.",
        "da",
        ("complaint",),
        False,
    ),
    (
        "da-complaint-videregivet",
        "",
        "Jeg vil klage over, at I har videregivet mine oplysninger uden mit samtykke.",
        "da",
        ("complaint",),
        False,
    ),
    (
        "da-complaint-datatilsynet",
        "",
        "Jeg klager til Datatilsynet, hvis ikke I retter op på det her.",
        "da",
        ("complaint",),
        False,
    ),
    # --- complaint that demands action: both labels ---------------------------------------------------------
    (
        "en-complaint-plus-erasure",
        "",
        "You sent my order details to another customer. Delete my data now!",
        "en",
        ("erasure", "complaint"),
        False,
    ),
    (
        "en-late-request-repeated-is-complaint-plus-right",
        "",
        "It's been six weeks and you still haven't deleted my data. This is unacceptable.",
        "en",
        ("erasure", "complaint"),
        False,
    ),
    (
        "da-late-access-is-complaint-plus-access",
        "",
        "Jeg bad om indsigt for over en måned siden og har stadig ikke fået svar.",
        "da",
        ("access", "complaint"),
        False,
    ),
    (
        "da-not-yet-deleted-is-complaint-plus-erasure",
        "",
        "Min konto er stadig ikke blevet slettet, selvom jeg bad om det for seks uger siden.",
        "da",
        ("erasure", "complaint"),
        False,
    ),
    # --- complaint needs data handling, not tone ------------------------------------------------------------
    (
        "en-tone-alone-is-not-a-complaint",
        "",
        "This is ridiculous, just delete my account already!",
        "en",
        ("erasure",),
        False,
    ),
    (
        "en-polite-follow-up-is-not-a-complaint",
        "",
        "Just following up on my access request from last week, any news?",
        "en",
        ("access",),
        False,
    ),
    (
        "da-unhappy-with-support-is-other",
        "",
        "Jeg er utilfreds med jeres kundeservice på fakturaen.",
        "da",
        ("other",),
        None,
    ),
    (
        "en-unhappy-with-downtime-is-other",
        "",
        "I am very unhappy, the server was down for hours yesterday.",
        "en",
        ("other",),
        False,
    ),
    # --- question vs using the right ------------------------------------------------------------------------
    ("en-question-how-long-erasure", "", "How long does an erasure take?", "en", ("question",), False),
    ("en-how-do-i-get-deleted-i-want-out", "", "How do I get deleted? I want out.", "en", ("erasure",), False),
    # Staff are asked to look: the word model holds a consent withdrawal possible (~0.4). A limit that would leave
    # it alone (0.5 beside a question) caught 0.4% fewer rights over the 7-fold cross-validation (ninth session).
    ("en-question-cookies", "", "Do you use cookies on your website?", "en", ("question",), True),
    (
        "en-question-hypothetical-deletion",
        "",
        "What happens to my invoices if I delete my account?",
        "en",
        ("question",),
        None,
    ),
    ("da-question-hvor-lang-tid", "", "Hvor lang tid tager en sletning?", "da", ("question",), False),
    ("da-question-hvor-laenge-gemmer-i", "", "Hvor længe gemmer I mine oplysninger?", "da", ("question",), False),
    (
        "da-question-tredjelande",
        "Spørgsmål",
        "Overfører I persondata til lande uden for EU?",
        "da",
        ("question",),
        False,
    ),
    # --- separate informational question is a co-label; the same request phrased as a question is not --------
    (
        "en-erasure-and-separate-question",
        "",
        "Delete my account - and how long do you keep invoices?",
        "en",
        ("erasure", "question"),
        False,
    ),
    (
        "da-erasure-and-separate-question",
        "",
        "Hvad er jeres politik for cookies? Og slet venligst min profil.",
        "da",
        ("erasure", "question"),
        False,
    ),
    (
        "en-question-about-the-same-request-is-no-co-label",
        "",
        "Please delete my account. How long will the deletion take?",
        "en",
        ("erasure",),
        False,
    ),
    # --- negation -------------------------------------------------------------------------------------------
    (
        "en-negated-delete-is-rectification",
        "",
        "Don't delete my account, just fix my e-mail.",
        "en",
        ("rectification",),
        False,
    ),
    (
        "da-negated-slet-is-rectification",
        "",
        "Ikke slet min konto, bare ret min adresse til Kirkevej 2.",
        "da",
        ("rectification",),
        False,
    ),
    (
        "da-slet-ikke-is-rectification",
        "",
        "Slet ikke min konto, men ret min e-mail til ole@example.dk.",
        "da",
        ("rectification",),
        False,
    ),
    # --- technical senses are other -------------------------------------------------------------------------
    ("en-tech-vm-snapshot", "", "Please delete the old VM snapshot from last week.", "en", ("other",), None),
    ("da-tech-server", "", "Slet den gamle server, vi bruger den ikke mere.", "da", ("other",), False),
    # ... but a request phrased as a question beside it keeps the word model's flag for staff
    (
        "da-tech-beside-how-do-i",
        "",
        "Slet den gamle server. Hvor sletter man sig selv i portalen?",
        "da",
        ("question",),
        True,
    ),
    ("en-tech-invoice-amount", "", "Can you correct the invoice amount? It should be 400 kr.", "en", ("other",), False),
    ("en-tech-bucket", "", "Please restrict access to the bucket to our office IP.", "en", ("other",), False),
    (
        "en-hosting-migration-is-other",
        "",
        "We'd like to migrate our website to another hosting provider.",
        "en",
        ("other",),
        False,
    ),
    # --- other: not a privacy matter ------------------------------------------------------------------------
    ("da-other-opsig-abonnement", "", "Hej, jeg vil gerne opsige mit abonnement.", "da", ("other",), False),
    (
        "en-other-cancel-subscription",
        "",
        "I'd like to cancel my subscription at the end of the month.",
        "en",
        ("other",),
        False,
    ),
    ("en-other-spam", "", "Congratulations, you have won! Click here to claim your prize.", "en", ("other",), False),
    ("da-other-kursus-afmelding", "", "Jeg vil gerne afmelde mig kurset på torsdag.", "da", ("other",), False),
    (
        "en-privacy-request-with-billing-side-remark-is-only-privacy",
        "",
        "Please send me a copy of my data. Also, my last invoice was too high.",
        "en",
        ("access",),
        False,
    ),
    (
        "en-out-of-office-quoting-a-request-is-other",
        "Automatic reply: Delete my account",
        "I am out of the office until 10 March and will reply when I return.\nPlease delete my account.",
        "en",
        ("other",),
        None,
    ),
    (
        "da-autosvar-is-other",
        "",
        "Jeg er på ferie til og med den 4. august og er tilbage den 5. Dette er et automatisk svar.",
        "da",
        ("other",),
        False,
    ),
    # --- one-word chat messages -----------------------------------------------------------------------------
    ("chat-slet-mig", "", "slet mig", "da", ("erasure",), False),
    ("chat-stop-mails", "", "stop mails", "en", ("marketing_optout",), False),
    ("chat-afmeld", "", "afmeld", "da", ("marketing_optout",), False),
    ("chat-delete-me", "", "delete me", "en", ("erasure",), False),
    ("chat-stop", "", "STOP", "en", ("marketing_optout",), False),
    # --- several separable asks -----------------------------------------------------------------------------
    (
        "en-copy-then-delete",
        "",
        "Send me a copy of my data and then delete my account.",
        "en",
        ("access", "erasure"),
        False,
    ),
    (
        "da-afmeld-og-slet",
        "",
        "Afmeld mig nyhedsbrevet og slet alle mine oplysninger.",
        "da",
        ("erasure", "marketing_optout"),
        False,
    ),
    (
        "en-unsubscribe-delete-and-ask",
        "",
        "I want to unsubscribe from the newsletter and delete my account. Also, do you sell data to third parties?",
        "en",
        ("erasure", "marketing_optout", "question"),
        False,
    ),
    (
        "da-copy-portable-and-delete",
        "Skifter udbyder",
        "Send mine oplysninger i CSV-format til min nye udbyder, og slet derefter min konto.",
        "da",
        ("erasure", "portability"),
        False,
    ),
    # --- on behalf of someone else ----------------------------------------------------------------------------
    (
        "en-on-behalf-of-a-relative",
        "",
        "I am writing for my late father. Please delete his account.",
        "en",
        ("erasure",),
        False,
    ),
    # --- doubt keeps the right and asks staff ----------------------------------------------------------------
    ("da-luk-min-konto-keeps-erasure-with-triage", "", "Luk min konto.", "da", ("erasure",), True),
    ("en-close-my-account-keeps-erasure-with-triage", "", "Close my account please.", "en", ("erasure",), True),
    (
        "en-how-long-to-delete-my-account-keeps-erasure",
        "",
        "How long does it take to delete my account?",
        "en",
        ("erasure",),
        True,
    ),
    (
        "da-har-i-slettet-follow-up-keeps-erasure",
        "",
        "Har I slettet mine data? Jeg bad om det i marts.",
        "da",
        ("erasure",),
        True,
    ),
    ("da-how-do-i-delete", "", "Hvordan sletter jeg min konto?", "da", ("erasure",), True),
    # --- demands with a threat are not negations ------------------------------------------------------------
    (
        "da-hvis-i-ikke-sletter-is-a-demand",
        "",
        "Hvis I ikke sletter mine data inden fredag, klager jeg til Datatilsynet.",
        "da",
        ("erasure", "complaint"),
        False,
    ),
    (
        "en-if-you-dont-delete-is-a-demand",
        "",
        "If you don't delete my account by Friday I will complain to the ICO.",
        "en",
        ("erasure", "complaint"),
        False,
    ),
    (
        "da-vil-ikke-have-slettet-just-fix-address",
        "",
        "Jeg vil ikke have at I sletter min konto, ret bare min adresse.",
        "da",
        ("rectification",),
        False,
    ),
    # --- conventions at the edges -------------------------------------------------------------------------------
    ("da-subscribing-is-not-an-opt-out", "", "Jeg vil gerne tilmelde mig jeres nyhedsbrev.", "da", ("other",), None),
    ("en-thanks-for-the-deletion-is-other", "", "Thanks for confirming the deletion.", "en", ("other",), False),
    ("da-tak-for-sletningen-is-other", "", "Tak for bekræftelsen på sletningen.", "da", ("other",), None),
    ("en-profiling-for-ads-is-marketing", "", "Stop profiling me for advertising.", "en", ("marketing_optout",), False),
    ("en-analytics-cookies-is-consent", "", "I opt out of analytics cookies.", "en", ("consent_withdrawal",), False),
    (
        "da-udtalelse-no-longer-wanted-is-consent",
        "",
        "Jeg ønsker ikke længere, at min udtalelse bruges på jeres hjemmeside.",
        "da",
        ("consent_withdrawal",),
        False,
    ),
    ("da-telefonnummer-er-nu", "", "Mit telefonnummer er nu 22 33 44 55.", "da", ("rectification",), False),
    (
        "da-repeated-asks-and-still-coming",
        "",
        "Jeg har tre gange bedt jer om at stoppe med at sende mig mails, men de bliver ved med at komme.",
        "da",
        ("marketing_optout", "complaint"),
        False,
    ),
    (
        "da-hvordan-fik-i-min-adresse-is-a-question",
        "",
        "Hvordan har I fået fat i min e-mailadresse?",
        "da",
        ("question",),
        None,
    ),
    (
        "da-kan-i-bekraefte-slettet-keeps-erasure",
        "",
        "Kan I bekræfte, at min konto er slettet?",
        "da",
        ("erasure",),
        True,
    ),
    (
        "da-closed-account-in-a-retention-question-stays-a-question",
        "",
        "Hvor længe gemmer I fakturaer, efter at kontoen er lukket?",
        "da",
        ("question",),
        False,
    ),
    (
        "da-oensker-konto-nedlagt-and-data-slettet",
        "",
        "Jeg ønsker min konto nedlagt og alle mine data slettet.",
        "da",
        ("erasure",),
        False,
    ),
    # --- subjects, moods, references (issue 3) ---------------------------------------------------------------
    (
        "da-subject-names-the-matter-the-text-asks-a-question",
        "Spørgsmål om dataportabilitet",
        "Hvilket filformat bruger I, når man beder om at få sine data flyttet?",
        "da",
        ("question",),
        False,
    ),
    (
        "en-just-asking-turns-a-request-form-into-a-question-for-staff",
        "Deletion?",
        "Is it possible to get my data deleted with you? Just asking for now, I haven't decided yet.",
        "en",
        ("question",),
        True,
    ),
    (
        "da-affirmation-after-a-question-makes-it-a-request",
        "",
        "Har I nogensinde udleveret oplysninger om mig til andre firmaer? Det vil jeg gerne have at vide.",
        "da",
        ("access",),
        None,
    ),
    (
        "en-earlier-request-named-gives-way-to-the-new-one",
        "",
        "Last week I asked you to correct my phone number. While you look into it, please freeze my data.",
        "en",
        ("restriction",),
        None,
    ),
    (
        "da-company-announcing-deletion-is-not-a-request",
        "Slet ikke endnu",
        "I har skrevet, at I vil slette min gamle kundekonto. Vent med det - men I må ikke bruge oplysningerne til "
        "andet i mellemtiden.",
        "da",
        ("restriction",),
        None,
    ),
    (
        "en-thanks-for-deleting-is-an-acknowledgement",
        "Thank you",
        "Thanks a lot for deleting my data so quickly. All good from my side.",
        "en",
        ("other",),
        None,
    ),
    (
        "da-polite-reminder-after-a-few-days-is-not-a-complaint",
        "Sletning",
        "Jeg skrev til jer i sidste uge om sletning af min konto, men har ikke hørt noget endnu. Jeg vil stadig gerne "
        "slettes.",
        "da",
        ("erasure",),
        None,
    ),
    (
        "en-late-reminder-that-repeats-the-demand-is-complaint-plus-right",
        "",
        "I asked for a copy of my data on 2 January. It is now March and I have heard nothing. Please send it without "
        "further delay.",
        "en",
        ("access", "complaint"),
        None,
    ),
    (
        "da-rhetorical-why-in-a-complaint-is-no-question",
        "STADIG NYHEDSBREV",
        "Jeg afmeldte jeres nyhedsbrev den 3. februar, og siden har jeg fået to mere. Hvad er meningen med det? Afmeld "
        "mig NU.",
        "da",
        ("marketing_optout", "complaint"),
        None,
    ),
    (
        "en-offered-unsubscribe-link-in-a-sales-mail-is-other",
        "Special offer for hosting companies",
        "Grow your hosting business with our backup solution - 40% off this month! To stop receiving these e-mails, "
        "reply UNSUBSCRIBE.",
        "en",
        ("other",),
        None,
    ),
    (
        "da-no-diacritics-and-typos-still-read",
        "",
        "jeg oensker at faa slettet min profil og alle mine oplysninger hos jer, tak",
        "da",
        ("erasure",),
        None,
    ),
    (
        "en-shouting-still-read",
        "",
        "STOP SENDING ME YOUR NEWSLETTER. I NEVER ASKED FOR IT.",
        "en",
        ("marketing_optout",),
        None,
    ),
    # --- other languages and GDPR references ---------------------------------------------------------------
    ("de-art-17-erasure", "", "Bitte löschen Sie meine Daten gemäß Art. 17 DSGVO.", "other", ("erasure",), True),
    ("de-art-15-access", "Auskunft", "Ich beantrage Auskunft nach Art. 15 DS-GVO.", "other", ("access",), True),
    (
        "fr-article-15-access",
        "",
        "Je souhaite exercer mon droit d'accès (article 15 du RGPD).",
        "other",
        ("access",),
        True,
    ),
    ("nl-avg-article-17", "", "Ik wil dat u mijn gegevens verwijdert (AVG artikel 17).", "other", ("erasure",), True),
    ("pl-rodo-usuniecie", "", "Zgodnie z RODO proszę o usunięcie moich danych.", "other", ("erasure",), True),
    (
        "es-art-21-objection",
        "",
        "Me opongo al tratamiento de mis datos, artículo 21 RGPD.",
        "other",
        ("objection",),
        True,
    ),
    (
        "de-gdpr-without-a-mapped-article-is-not-other",
        "",
        "Ich schreibe Ihnen wegen der DSGVO.",
        "other",
        ("question",),
        True,
    ),
    (
        "fr-without-gdpr-is-other-with-triage",
        "",
        "Bonjour, je voudrais savoir quelque chose.",
        "other",
        ("other",),
        True,
    ),
    # --- general behaviour for messages the cue tables do not name word for word ------------------------------
    (
        "da-question-privacy-matter-without-cue",
        "Logfiler",
        "Jeres privatlivspolitik nævner logfiler. Hvad står der egentlig i dem, og hvem kan læse dem?",
        "da",
        ("question",),
        True,
    ),
    (
        "en-question-processor-agreement-from-business",
        "Vendor onboarding",
        "Our compliance team needs your data processing agreement and the list of sub-processors. Could you send them?",
        "en",
        ("question",),
        True,
    ),
    (
        "da-complaint-displeased-about-own-number",
        "",
        "Jeg er ikke glad for, at jeres sælger ringede på mit private mobilnummer. Det har jeg aldrig givet jer.",
        "da",
        ("complaint",),
        None,
    ),
    (
        "en-complaint-reminder-of-earlier-request",
        "",
        "I requested erasure back in January. Honestly this is ridiculous - delete my account now.",
        "en",
        ("erasure", "complaint"),
        None,
    ),
    (
        "da-complaint-nth-time-plus-erasure",
        "",
        "Det er fjerde gang jeg skriver. Slet min profil og alle mine oplysninger, det er uacceptabelt.",
        "da",
        ("erasure", "complaint"),
        None,
    ),
    (
        "en-complaint-waited-weeks-plus-access",
        "",
        "I have waited seven weeks for a copy of my personal data. This is unacceptable, send it now.",
        "en",
        ("access", "complaint"),
        None,
    ),
    (
        "da-marketing-but-still-wants-invoices",
        "",
        "Afmeld mig venligst nyhedsbrevet, men jeg vil stadig gerne have fakturaer på mail.",
        "da",
        ("marketing_optout",),
        False,
    ),
    (
        "en-marketing-do-not-call-list-is-no-complaint",
        "",
        "Your sales people rang me twice this week about a bigger server. Put me on your do-not-call list, please.",
        "en",
        ("marketing_optout",),
        None,
    ),
    (
        "da-marketing-slet-mig-fra-nyhedsmail",
        "",
        "Kan I slette mig fra jeres nyhedsmail?",
        "da",
        ("marketing_optout",),
        None,
    ),
    (
        "da-marketing-frabeder-salgsopkald",
        "",
        "Jeg frabeder mig flere salgsopkald fra jer.",
        "da",
        ("marketing_optout",),
        None,
    ),
    (
        "en-rectification-please-fix-with-field-named",
        "Birthday",
        "You have my date of birth as 1 February, but it is 2 January. Please fix.",
        "en",
        ("rectification",),
        True,
    ),
    (
        "da-rectification-jeg-hedder",
        "",
        "Jeg hedder Birte og ikke Bente. Kan I rette det?",
        "da",
        ("rectification",),
        True,
    ),
    (
        "en-company-name-correction-is-other",
        "",
        "can you correct the company name on our account? it's Holm Tømrer ApS now, not Holm Tømrer I/S",
        "en",
        ("other",),
        None,
    ),
    (
        "en-question-data-they-would-store-is-no-access",
        "",
        "My daughter wants a webhotel. What information about her would you store, and for how long?",
        "en",
        ("question",),
        None,
    ),
    ("en-access-recipients-is-no-complaint", "", "Who have you shared my data with?", "en", ("access",), None),
    ("en-question-chat-without-question-mark", "", "do u keep my card details after i pay", "en", ("question",), None),
    (
        "en-locked-account-is-support",
        "",
        "My account got locked after three wrong passwords. Please unlock it.",
        "en",
        ("other",),
        None,
    ),
    (
        "en-polite-follow-up-of-recent-request-is-no-complaint",
        "",
        "As I asked yesterday, please also delete my old profile. Thanks!",
        "en",
        ("erasure",),
        None,
    ),
    (
        "da-polite-follow-up-of-recent-request-is-no-complaint",
        "",
        "Som jeg bad om i går: slet også min gamle profil, tak.",
        "da",
        ("erasure",),
        None,
    ),
    (
        "da-ret-as-adverb-is-no-correction",
        "",
        "Jeg er ret utilfreds med, at I har delt min adresse med et inkassofirma uden at spørge mig.",
        "da",
        ("complaint",),
        None,
    ),
]


@pytest.mark.parametrize(
    ("subject", "text", "lang", "expected", "triage"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_labels_and_triage(subject: str, text: str, lang: str, expected: tuple[str, ...], triage: bool | None) -> None:
    result = classify(subject, text, lang)
    assert result.labels == expected, result
    if triage is not None:
        assert result.triage is triage, result


def test_the_case_table_is_large_and_about_half_danish() -> None:
    danish = sum(1 for case in CASES if case[3] == "da")
    assert len(CASES) >= 80
    assert 0.4 <= danish / len(CASES) <= 0.6
    covered = {label for case in CASES for label in case[4]}
    assert covered == set(LABELS)


@pytest.mark.parametrize(
    ("subject", "text", "lang"),
    [(case[1], case[2], case[3]) for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_every_result_keeps_the_interface_promises(subject: str, text: str, lang: str) -> None:
    result = classify(subject, text, lang)
    assert result.labels, "never an empty label set"
    assert all(label in LABELS for label in result.labels)
    assert list(result.labels) == sorted(result.labels, key=LABELS.index), "labels come in LABELS order"
    assert len(set(result.labels)) == len(result.labels)
    if "other" in result.labels:
        assert result.labels == ("other",), "other stands alone"
    assert 0.0 <= result.confidence <= 1.0
    if result.confidence < 0.5:
        assert result.triage


def test_evidence_quotes_the_deciding_words_as_written() -> None:
    result = classify("", "Hej! Slet venligst MIN KONTO hurtigst muligt.", "da")
    assert result.labels == ("erasure",)
    assert any("MIN KONTO" in phrase for phrase in result.evidence)
    text = "Hej! Slet venligst MIN KONTO hurtigst muligt."
    assert all(phrase in text for phrase in result.evidence)


def test_evidence_comes_from_subject_and_text() -> None:
    result = classify("Afmeld nyhedsbrev", "Og slet så min profil, tak.", "da")
    assert result.labels == ("erasure", "marketing_optout")
    assert any(phrase.lower().startswith("afmeld") for phrase in result.evidence)
    assert any("min profil" in phrase for phrase in result.evidence)


def test_a_subject_alone_can_carry_the_request() -> None:
    assert classify("Anmodning om sletning af mine data", "", "da").labels == ("erasure",)


def test_quoted_lines_do_not_count() -> None:
    text = "Tak for hjælpen!\n> Slet venligst min konto\n> Mvh Jens"
    assert classify("", text, "da").labels == ("other",)


def test_more_evidence_never_lowers_confidence() -> None:
    one = classify("", "Please delete my account.", "en")
    two = classify("", "Please delete my account. Erase everything you hold about me. I want out.", "en")
    assert two.labels == one.labels == ("erasure",)
    assert two.confidence > one.confidence


def test_weak_evidence_means_low_confidence_and_triage() -> None:
    result = classify("", "delete", "en")
    assert result.labels == ("erasure",)
    assert result.confidence < 0.5
    assert result.triage


def test_conflicting_evidence_lowers_confidence() -> None:
    clean = classify("", "Please fix my e-mail address.", "en")
    mixed = classify("", "Please fix my e-mail address, but do not delete my data.", "en")
    assert clean.labels == mixed.labels == ("rectification",)
    assert mixed.confidence <= clean.confidence


def test_rights_constant_holds_the_eight_rights() -> None:
    assert RIGHTS == frozenset(LABELS[:8])
    assert "complaint" not in RIGHTS and "question" not in RIGHTS and "other" not in RIGHTS


def test_understanding_is_immutable() -> None:
    result = classify("", "slet mig", "da")
    assert isinstance(result, Understanding)
    with pytest.raises(FrozenInstanceError):
        result.labels = ("other",)  # type: ignore[misc]


def test_empty_message_is_other_and_staff_look() -> None:
    result = classify("", "", "en")
    assert result.labels == ("other",)
    assert result.triage


def test_very_long_or_odd_input_stays_fast_and_well_formed() -> None:
    """No pattern backtracks its way into minutes on hostile input (each takes ~0.1 s; the bound is CPU time and
    generous, so a busy machine cannot fail it, while a quadratic blow-up on 50,000 characters still does)."""
    for text in ("slet mig og " * 5_000, "a" * 50_000, " " * 50_000, "?!., " * 10_000, "\u0130" * 5_000):
        start = time.process_time()
        result = classify("", text, "da")
        assert time.process_time() - start < 5.0
        assert result.labels


# One invented message per general rule added for the dev3 corpus (short sentences, none taken from the corpus).
# (id, subject, text, lang, expected labels)
GENERAL_RULES: list[tuple[str, str, str, str, tuple[str, ...]]] = [
    (
        "en-question-are-they-kept",
        "",
        "What do you do with my support emails? Are they kept forever?",
        "en",
        ("question",),
    ),
    (
        "da-question-er-det-lovligt",
        "",
        "Er det lovligt at ringe til kunder uden at spørge først?",
        "da",
        ("question",),
    ),
    (
        "en-question-allowed-under-law",
        "",
        "Are you allowed to send me offers without asking? Just curious.",
        "en",
        ("question",),
    ),
    (
        "en-question-customer-lists",
        "",
        "Do hosting companies like you sell customer lists? Is that true for you?",
        "en",
        ("question",),
    ),
    (
        "en-question-police-and-customers",
        "",
        "Just wondering: if the police asked for information about one of your customers, would the customer be told?",
        "en",
        ("question",),
    ),
    (
        "de-question-about-personal-data",
        "Frage",
        "Wie lange speichern Sie meine Daten nach der Kündigung?",
        "other",
        ("question",),
    ),
    (
        "da-compound-cookies-and-newsletter",
        "",
        "Jeg trækker mit samtykke til jeres marketingcookies tilbage, og jeg vil heller ikke have nyhedsbrevet.",
        "da",
        ("marketing_optout", "consent_withdrawal"),
    ),
    (
        "en-training-on-customer-emails-is-objection",
        "",
        "If you use customer emails to train AI, I object to my data being used for that.",
        "en",
        ("objection",),
    ),
    (
        "en-unrelated-question-beside-access",
        "",
        "Please send me a copy of my personal data. Unrelated: how long do you keep chat logs?",
        "en",
        ("access", "question"),
    ),
    (
        "da-derudover-et-spoergsmaal",
        "",
        "Send mig en kopi af mine oplysninger. Derudover et spørgsmål: hvor længe gemmer I supportmails?",
        "da",
        ("access", "question"),
    ),
    (
        "en-complaint-what-is-going-on",
        "",
        "You sold my number to a partner without my consent, so what is going on? I am very unhappy.",
        "en",
        ("complaint",),
    ),
    (
        "en-participant-list-is-consent",
        "",
        "I agreed to be on the participant list, but please remove me from the list now.",
        "en",
        ("consent_withdrawal",),
    ),
    (
        "da-frabeder-mig-den-slags-opkald",
        "",
        "Jeg vil gerne frabede mig flere af den slags opkald fra jeres sælgere.",
        "da",
        ("marketing_optout",),
    ),
    (
        "en-dont-need-newsletter-without-apostrophe",
        "",
        "i dont need the newsletter any more thx",
        "en",
        ("marketing_optout",),
    ),
    (
        "en-rather-not-receive-offers",
        "",
        "I'd rather not receive your offers anymore.",
        "en",
        ("marketing_optout",),
    ),
    (
        "da-slipper-jeg-for-sms",
        "",
        "Hvordan slipper jeg for jeres sms'er med tilbud?",
        "da",
        ("marketing_optout",),
    ),
    (
        "da-ikke-lyst-til-tilbud",
        "",
        "Jeg har ikke lyst til flere tilbud fra jer.",
        "da",
        ("marketing_optout",),
    ),
    (
        "en-too-many-emails-please-stop",
        "",
        "I'm getting way too many emails from you, please stop.",
        "en",
        ("marketing_optout",),
    ),
    (
        "en-take-me-off-it",
        "",
        "Your newsletter keeps coming. Take me off it.",
        "en",
        ("marketing_optout",),
    ),
    (
        "da-det-vil-jeg-ikke-have",
        "",
        "Jeres sælger ringer hele tiden om at opgradere. Det vil jeg ikke have mere.",
        "da",
        ("marketing_optout",),
    ),
    (
        "en-remove-my-email-from-marketing",
        "",
        "Please remove my email from your marketing.",
        "en",
        ("marketing_optout",),
    ),
    (
        "da-sendt-til-en-helt-anden-kunde",
        "",
        "I sendte i går en mail med mine kontooplysninger og mit telefonnummer til en helt anden kunde.",
        "da",
        ("complaint",),
    ),
    (
        "da-fortalt-ham-vores-adresse",
        "",
        "Jeres support har fortalt ham vores nye adresse, selvom jeg bad jer lade være.",
        "da",
        ("complaint",),
    ),
    (
        "en-nobody-asked-me-poor-way",
        "",
        "Your blog post quotes my support ticket. Nobody asked me. That's a poor way to treat customers.",
        "en",
        ("complaint",),
    ),
    (
        "da-gennemgik-mine-kunders-ordrer",
        "",
        "Jeres tekniker gennemgik mine kunders ordrer og adresser. Det havde jeg ikke givet lov til, "
        "og det er ikke i orden.",
        "da",
        ("complaint",),
    ),
    (
        "en-past-the-deadline",
        "",
        "My access request is now 7 weeks old. You are past the legal deadline. Send my data.",
        "en",
        ("access", "complaint"),
    ),
    (
        "da-kontaktoplysninger-slettes",
        "",
        "Hun har bedt os sørge for at hun ikke længere får nyhedsbreve, og at hendes kontaktoplysninger slettes.",
        "da",
        ("erasure", "marketing_optout"),
    ),
    (
        "da-ret-navn-mail-og-nummer-til",
        "",
        "Kan I rette navn, mail og mobilnummer til mine: Signe Holst, signe@example.dk, 28 19 44 03?",
        "da",
        ("rectification",),
    ),
    (
        "en-add-title-to-my-name",
        "",
        "Could you please add 'Dr.' to my name on the account?",
        "en",
        ("rectification",),
    ),
    (
        "da-det-nye-er",
        "",
        "I har et gammelt nummer på mig, det nye er 31 70 55 62.",
        "da",
        ("rectification",),
    ),
    (
        "da-nummer-ikke-mit-laengere",
        "",
        "Det telefonnummer I har på mig er ikke mit længere. Brug 12345678.",
        "da",
        ("rectification",),
    ),
    (
        "da-skrevet-navn-forkert",
        "",
        "I har skrevet mit navn forkert på kontoen, det er Kristoffer med K.",
        "da",
        ("rectification",),
    ),
    (
        "en-misspelled-surname",
        "",
        "My surname is misspelled in your system, it should be Møller.",
        "en",
        ("rectification",),
    ),
    (
        "en-send-me-what-you-have-registered",
        "",
        "Could you send me what you currently have registered on me?",
        "en",
        ("access",),
    ),
    (
        "da-hvad-har-i-registreret-om-mig",
        "",
        "Hvad har I registreret om mig?",
        "da",
        ("access",),
    ),
    (
        "en-send-me-that-information",
        "",
        "I'd like to know which of my details you passed on to the collection agency. Please send me that information.",
        "en",
        ("access",),
    ),
    (
        "da-vent-med-at-slette",
        "",
        "Vent med at slette mine oplysninger, jeg skal bruge dem som dokumentation.",
        "da",
        ("restriction",),
    ),
    (
        "da-gem-dem-men-brug-dem-ikke",
        "",
        "Gem dem, men brug dem ikke, før sagen er afgjort.",
        "da",
        ("restriction",),
    ),
    (
        "da-stop-behandlingen-mens",
        "",
        "Jeg vil have at I stopper behandlingen af mine data, mens min klage behandles.",
        "da",
        ("restriction",),
    ),
    (
        "en-while-youre-at-it-is-no-condition",
        "",
        "No more newsletters, please. And while you're at it, stop using my IP address for statistics.",
        "en",
        ("objection", "marketing_optout"),
    ),
    (
        "en-company-about-to-delete-keep-it",
        "",
        "I understand you're about to remove my old account. "
        "Please keep it, but don't use it for anything else until my dispute is over.",
        "en",
        ("restriction",),
    ),
    (
        "en-stop-tracking-me-after-objecting",
        "",
        "I objected to the tracking last month but you're still tracking me. Stop it.",
        "en",
        ("objection", "complaint"),
    ),
    (
        "en-rather-you-didnt-is-a-wish",
        "",
        "I'd rather you didn't use my account activity for product statistics.",
        "en",
        ("objection",),
    ),
    (
        "en-phoned-to-ask-how-is-a-story",
        "",
        "I phoned your support to ask how I could see what data you store about me. "
        "The person was rude and hung up. I want this passed on.",
        "en",
        ("complaint",),
    ),
    (
        "en-customer-database-is-not-customer-data",
        "",
        "Please remove our customer database from the old server.",
        "en",
        ("other",),
    ),
    (
        "en-restrict-access-to-folder-is-other",
        "Restrict access to /admin",
        "How can I restrict access to the /admin folder on my site?",
        "en",
        ("other",),
    ),
    (
        "en-leaked-private-key-is-other",
        "",
        "We leaked our SSL private key on GitHub. Please revoke and reissue the certificate.",
        "en",
        ("other",),
    ),
    (
        "en-closing-reply-under-case-subject",
        "Re: [PRV-2026-000355] Your copy of personal data",
        "Thank you, I received the file and everything looks fine.",
        "en",
        ("other",),
    ),
    (
        "da-kundedata-i-excel-fil",
        "",
        "Kan jeg få alle mine kundeoplysninger leveret i en fil, som jeg kan indlæse i Excel?",
        "da",
        ("portability",),
    ),
    (
        "da-hvordan-bliver-man-slettet-jeg-vil-ud",
        "",
        "hvordan bliver man slettet hos jer? jeg vil ud af det hele.",
        "da",
        ("erasure",),
    ),
    (
        "en-until-checked-stop-using",
        "",
        "Until you have checked my address, please stop using my data.",
        "en",
        ("restriction",),
    ),
    (
        # the cues read hosted data; the word model reads an erasure: the right is kept, for staff (second opinion)
        "en-delete-my-data-on-the-vps-is-an-erasure-for-staff-to-check",
        "",
        "Please delete all my data on the VPS when the contract ends.",
        "en",
        ("erasure",),
    ),
    (
        "da-company-plans-to-delete-wait",
        "",
        "Jeg ved at I har planlagt at slette mine gamle kundeoplysninger. Vil I vente med det? Jeg skal bruge dem.",
        "da",
        ("restriction",),
    ),
    (
        "en-download-as-json-for-new-provider",
        "Download my data?",
        "Where can I download my personal data as a JSON file so I can bring it to another provider?",
        "en",
        ("portability",),
    ),
    (
        "da-broken-promise-and-delete-again",
        "",
        "I lovede at min konto ville blive slettet. I har ikke gjort det I lovede. Slet mig nu.",
        "da",
        ("erasure", "complaint"),
    ),
    ("en-dont-share-with-sponsors", "", "Please don't share my name with the sponsors.", "en", ("consent_withdrawal",)),
]


@pytest.mark.parametrize(
    ("subject", "text", "lang", "expected"),
    [case[1:] for case in GENERAL_RULES],
    ids=[case[0] for case in GENERAL_RULES],
)
def test_general_rules_for_how_people_write(subject: str, text: str, lang: str, expected: tuple[str, ...]) -> None:
    assert classify(subject, text, lang).labels == expected


def test_a_question_in_a_language_we_do_not_read_is_a_question_for_staff() -> None:
    result = classify("Frage", "Wie lange speichern Sie meine Daten nach der Kündigung?", "de")
    assert result.labels == ("question",)
    assert result.triage


def test_a_data_centre_in_spanish_is_no_question_about_personal_data() -> None:
    assert classify("", "¿Cuánto cuesta un servidor en su centro de datos?", "es").labels == ("other",)


@pytest.mark.parametrize(
    "text",
    [
        "Why did you give my phone number to a debt collector? I paid that invoice!",
        "Someone else could log into my account and see my invoices. How is this possible?",
        "I never gave permission, yet your employee went through my mails. That is not okay.",
    ],
)
def test_disclosures_and_snooping_are_complaints(text: str) -> None:
    assert "complaint" in classify("", text, "en").labels


def test_a_confidentiality_footer_is_not_read_as_a_request() -> None:
    body = (
        "Our server is down again, please help.\n\nThis e-mail is confidential. If you have received it in error, "
        "please delete it."
    )
    assert understand("Help", body).understanding.labels == ("other",)
    alone = "This e-mail is confidential. Please delete my account and all my data."
    assert "erasure" in understand("", alone).understanding.labels  # a footer only ends text that came before it
