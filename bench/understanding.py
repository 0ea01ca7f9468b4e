"""How fast privacybot understands a message, on one core (issue 3).

Three figures:
- start-up: a fresh interpreter importing the understanding modules and understanding (with dates) its first
  message; dateparser's locales load here once (the service does this while it starts, before it says "ready");
- classification alone: `classify()` over the new text of 1-2 KB messages;
- the whole understanding step: strip quoted history and signature, detect the language, classify, and read the dates
  against the receipt time (what the pipeline does per message), over 1-2 KB messages of which about half carry
  quoted history.

The messages are built here from sentences written for the benchmark (Danish and English, about half each): a
greeting, one or two asks (requests, complaints with dates, questions, non-privacy matters), context sentences, a
signature, sometimes a reply header and a quoted earlier message, until the text is 1-2 KB. The mix is seeded, so
every run reads the same messages.

    python -m bench.understanding [--messages 2000] [--rounds 3]
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

ASKS = {
    "da": [
        "Jeg vil gerne have slettet min konto og alle de oplysninger, I har om mig.",
        "Kan I sende mig en kopi af de personoplysninger, I har registreret om mig fra 1. januar 2025 til 31. marts "
        "2026?",
        "Jeg skrev til jer den 3. marts om sletning af mine data og har stadig ikke fået svar. Det er ikke i orden.",
        "Afmeld mig venligst jeres nyhedsbrev, jeg ønsker ikke flere tilbud på mail.",
        "Min adresse er forkert i jeres system, jeg er flyttet til Skovvej 12, 7100 Vejle.",
        "Hvor længe gemmer I egentlig mine fakturaer, efter jeg har opsagt mit abonnement?",
        "Jeg trækker mit samtykke til cookies og statistik tilbage.",
        "Jeg gør indsigelse mod, at I bruger min IP-adresse til statistik.",
        "Vores webhotel er nede igen, og kunderne kan ikke logge ind. Kan I se på det i dag?",
        "Fakturaen for februar er for høj, vi har kun to servere og ikke tre.",
        "Jeg vil gerne have mine data udleveret i et maskinlæsbart format, så jeg kan flytte til en anden udbyder.",
        "Slet venligst den gamle server og det snapshot, vi tog for 2 uger siden.",
    ],
    "en": [
        "Please delete my account and all the personal data you hold about me.",
        "I would like a copy of all the personal data you have processed about me for the last 12 months.",
        "I wrote to you on 3 March asking for my data to be erased and I have heard nothing since. This is not "
        "acceptable.",
        "Please unsubscribe me from your newsletter, I no longer want marketing e-mails.",
        "My surname is misspelled on my invoices and in your records, please correct it.",
        "How long do you keep backups of customer data after a contract ends?",
        "I withdraw my consent to the analytics cookies on your website.",
        "I object to you using my usage data for product statistics.",
        "Our VM in the Copenhagen region has been unreachable since 09:40, please have a look.",
        "Could you send me a quote for two more instances and a larger backup plan?",
        "Please send my data in a machine-readable format directly to my new provider.",
        "Don't delete my account, just fix the e-mail address on it.",
    ],
}
CONTEXT = {
    "da": [
        "Jeg har været kunde hos jer siden 2019 og har generelt været glad for jeres service.",
        "Vi bruger jeres hosting til vores webshop og to interne systemer, og det har kørt fint længe.",
        "Mit kundenummer er 48213, og kontoen er oprettet i min egen e-mail.",
        "Jeg har prøvet at finde svaret på jeres hjemmeside, men kunne ikke finde det i privatlivspolitikken.",
        "Det haster ikke voldsomt, men jeg vil gerne have en bekræftelse, når det er sket.",
        "Vi er et lille firma med fem ansatte i Horsens, og jeg står for det administrative.",
        "Jeg har vedhæftet et skærmbillede af den besked, jeg fik, da jeg loggede ind i går.",
        "Ring gerne på 20 30 40 50, hvis I har brug for flere oplysninger fra mig.",
    ],
    "en": [
        "I have been a customer of yours for a few years and have mostly been happy with the service.",
        "We run our online shop and a couple of internal tools on your platform without much trouble.",
        "My customer number is 48213 and the account is registered to my personal e-mail address.",
        "I looked for the answer on your website but could not find it in the privacy policy.",
        "It is not terribly urgent, but I would appreciate a confirmation once it is done.",
        "We are a small company of five people in Aarhus and I look after the administration.",
        "I have attached a screenshot of the message I got when I logged in yesterday.",
        "Feel free to call me on +45 20 30 40 50 if you need anything else from me.",
    ],
}
GREETING = {"da": "Hej\n\n", "en": "Hello,\n\n"}
SIGNATURE = {
    "da": "\n\nMed venlig hilsen\nAnne Kristensen\nKristensen Consult ApS\nTlf. 20 30 40 50\n",
    "en": "\n\nBest regards\nPeter Walsh\nWalsh Analytics Ltd\nPhone +44 20 7946 0958\n",
}
QUOTE_HEADER = {
    "da": "\n\nDen 3. mar. 2026 kl. 10.12 skrev Cloud Service Danmark <support@cloudservice.example>:\n",
    "en": "\n\nOn Tue, 3 Mar 2026 at 10:12, Cloud Service Danmark <support@cloudservice.example> wrote:\n",
}


def build_messages(count: int, quoted_share: float, seed: int = 7) -> list[tuple[str, str, str]]:
    """(subject, body, new text) triples of 1-2 KB bodies; the new text is what classify sees after stripping."""
    rng = random.Random(seed)
    out: list[tuple[str, str, str]] = []
    while len(out) < count:
        lang = rng.choice(("da", "en"))
        target = rng.randint(1024, 2048)
        quoted = rng.random() < quoted_share
        new_target = target // 2 if quoted else target
        parts = [GREETING[lang], *rng.sample(ASKS[lang], rng.choice((1, 1, 2)))]
        context = CONTEXT[lang][:]
        rng.shuffle(context)
        while sum(len(p) + 1 for p in parts) < new_target - 120:
            parts.append(context.pop() if context else rng.choice(CONTEXT[lang]))
        new_text = " ".join(parts) + SIGNATURE[lang]
        body = new_text
        if quoted:
            earlier = " ".join(rng.sample(CONTEXT[lang] + ASKS[lang], 6))
            body += QUOTE_HEADER[lang] + "\n".join(f"> {line}" for line in earlier.split(". "))
        body = body[: 2048 + 200]
        subject = rng.choice(("Henvendelse", "Min konto", "Spørgsmål")) if lang == "da" else "Regarding my account"
        out.append((subject, body, new_text))
    return out


def per_second(work, items: list, rounds: int) -> float:
    """Messages per second: the best of `rounds` full passes (the least disturbed by other processes)."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for item in items:
            work(item)
        best = min(best, time.perf_counter() - started)
    return len(items) / best


STARTUP_SNIPPET = """
import time
started = time.perf_counter()
from datetime import UTC, datetime
from handlers.dates import find_dates
from handlers.understanding import understand
reading = understand("Klage", "Jeg skrev til jer den 3. marts om sletning af min konto og har intet hørt.")
find_dates(reading.text, reading.language, reading.understanding.labels, datetime(2026, 4, 10, 8, tzinfo=UTC))
print(time.perf_counter() - started)
"""


def startup_seconds(runs: int = 3) -> float:
    """Median time for a fresh interpreter to import everything and understand its first message (with dates)."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", STARTUP_SNIPPET], capture_output=True, text=True, env=env, check=True
            ).stdout
        )
        for _ in range(runs)
    ]
    return statistics.median(times)


def pin_to_one_core() -> str:
    """Measure on one core: the process is held to a single CPU for the whole run."""
    if hasattr(os, "sched_setaffinity"):
        core = max(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    return "not pinned (no sched_setaffinity here)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    pinned = pin_to_one_core()
    startup = startup_seconds()

    from handlers.classify import classify
    from handlers.dates import find_dates, warm_up
    from handlers.language import detect_language
    from handlers.quoting import strip_quoted
    from handlers.understanding import understand

    warm_up()
    plain = build_messages(args.messages, quoted_share=0.0)  # 1-2 KB of new text each: classify reads all of it
    messages = build_messages(args.messages, quoted_share=0.5, seed=11)
    sizes = [len(body.encode()) for _, body, _ in messages]
    plain_sizes = [len(text.encode()) for _, _, text in plain]
    base = datetime(2026, 4, 10, 8, tzinfo=UTC)
    received = [base + timedelta(minutes=i) for i in range(len(messages))]
    worst = [(subject, text, detect_language(f"{subject}\n{text}")) for subject, _, text in plain]
    stripped = [(subject, strip_quoted(body)) for subject, body, _ in messages]
    in_pipeline = [(subject, text, detect_language(f"{subject}\n{text}")) for subject, text in stripped]

    def classify_only(item: tuple[str, str, str]) -> None:
        classify(*item)

    def whole_step(index: int) -> None:
        subject, body, _ = messages[index]
        reading = understand(subject, body)
        find_dates(reading.text, reading.language, reading.understanding.labels, received[index])

    classify_rate = per_second(classify_only, in_pipeline, args.rounds)
    worst_rate = per_second(classify_only, worst, args.rounds)
    whole_rate = per_second(whole_step, list(range(len(messages))), args.rounds)
    new_sizes = [len(text.encode()) for _, text in stripped]
    print(f"bench.understanding: {len(messages)} messages, {pinned}, Python {sys.version.split()[0]}")
    print(
        f"  messages: {min(sizes)}-{max(sizes)} bytes, about half with quoted history; new text after stripping "
        f"{min(new_sizes)}-{max(new_sizes)} bytes (mean {statistics.mean(new_sizes):.0f})"
    )
    print(f"  start-up (fresh interpreter: imports + first message with dates): {startup:.2f} s")
    worst_size = f"{min(plain_sizes)}-{max(plain_sizes)} bytes"
    print(f"  classification alone:        {classify_rate:8.0f} messages/s  (classify() on their new text)")
    print(f"  classification, worst case:  {worst_rate:8.0f} messages/s  (classify() on {worst_size} of new text)")
    print(f"  whole understanding step:    {whole_rate:8.0f} messages/s  (strip, language, classify, dates)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
