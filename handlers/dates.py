"""Dates a message mentions, resolved against its receipt time: the period an access request covers, and the date of
an earlier request a complaint refers to ("I wrote to you on 3 March and heard nothing").

Why this shape: dateparser reads the dates, but it is slow on whole texts (~2-20 ms, and it mixes languages), and it
finds "dates" in prices, times and names. So a cheap regular expression per language first finds the phrases that look
like dates ("den 3. marts", "3rd of March 2025", "12.11.2022", "for 2 uger siden", "last month", "i 2024"), and only
those short phrases go to dateparser, one language at a time, day-month-year order, with the day and month required
(a month-year phrase requires month and year), preferring the past, relative to the receipt time in Copenhagen.
What a date is FOR is read from its neighbours: "fra X til Y", "since X", "the last 6 months" make a period; a past
verb of writing or asking in the same sentence ("I wrote on", "jeg bad jer den", "my request of") makes it the date
of an earlier request.

dateparser is imported on first use; `warm_up()` loads it and its Danish and English locales once (~0.5 s) so that
the first message does not pay for it.
"""

import calendar
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
# Labels whose message may name a period of data (an access or portability request wants "my data from ... to ...").
PERIOD_LABELS = frozenset({"access", "portability"})
_MAX_PHRASES = 8  # dates looked up per message: enough for any real letter, and a bound on the time spent

# --- what a date phrase looks like ---------------------------------------------------------------------------------

_DA_MONTHS = (
    r"(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december"
    r"|(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|dec)\.?)"
)
_EN_MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?)"
)
_YEAR = r"(?:19|20)\d{2}"
_END = r"(?![\w-])"
_DA_NUMBERS = r"(?:\d{1,2}|en|et|to|tre|fire|fem|seks|syv|otte|ni|ti|elleve|tolv|nogle|et\s+par)"
_EN_NUMBERS = (
    r"(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+few|a\s+couple\s+of|few)"
)
_DA_UNITS = r"(?:dag|dage|uge|uger|måned|måneder|maaned|maaneder|år|aar)"
_EN_UNITS = r"(?:days?|weeks?|months?|years?)"
_DA_WEEKDAYS = r"(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|loerdag|søndag|soendag)"
_EN_WEEKDAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"

# Each alternative is one kind of phrase; the group name says how to resolve it. (Written in lowercase: see _LOWERED.)
_PHRASE_SOURCES = {
    "da": (
        rf"(?P<day>\b[0-3]?\d\.?\s*{_DA_MONTHS}(?:\s+{_YEAR})?{_END})"
        rf"|(?P<numeric>\b[0-3]?\d[./-][01]?\d[./-](?:{_YEAR}|\d{{2}})\b|\b{_YEAR}-[01]\d-[0-3]\d\b"
        rf"|(?<=\bden\s)[0-3]?\d[./][01]?\d\b\.?(?![./]?\d))"
        rf"|(?P<monthyear>\b{_DA_MONTHS}\s+{_YEAR}\b)"
        rf"|(?P<relative>\bi\s+(?:går|gaar|forgårs|forgaars)\b|\bfor\s+{_DA_NUMBERS}\s+{_DA_UNITS}\s+siden\b"
        rf"|\b(?:i\s+)?(?:sidste|forrige)\s+(?:uge|måned|maaned|{_DA_WEEKDAYS})\b)"
        rf"|(?P<span>\b(?:de|den|det)\s+(?:seneste|sidste)\s+(?:{_DA_NUMBERS}\s+)?{_DA_UNITS}\b"
        rf"|\b(?:sidste|forrige)\s+(?:år|aar)\b|\bi\s+fjor\b|\bi\s+(?:år|aar)\b)"
        rf"|(?P<year>\b(?:i|for|fra|siden|under|hele)\s+{_YEAR}\b)"
        rf"|(?P<month>\b{_DA_MONTHS}{_END})"
    ),
    "en": (
        rf"(?P<day>\b[0-3]?\d(?:st|nd|rd|th)?\s+(?:of\s+)?{_EN_MONTHS}(?:,?\s+{_YEAR})?{_END}"
        rf"|\b{_EN_MONTHS}\s+[0-3]?\d(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR}\b)?)"
        rf"|(?P<numeric>\b[0-3]?\d[./-][01]?\d[./-](?:{_YEAR}|\d{{2}})\b|\b{_YEAR}-[01]\d-[0-3]\d\b)"
        rf"|(?P<monthyear>\b{_EN_MONTHS},?\s+{_YEAR}\b)"
        rf"|(?P<relative>\b(?:the\s+day\s+before\s+)?yesterday\b|\b{_EN_NUMBERS}\s+{_EN_UNITS}\s+ago\b"
        rf"|\blast\s+(?:week|month|{_EN_WEEKDAYS})\b)"
        rf"|(?P<span>\b(?:the\s+)?(?:last|past|previous)\s+(?:{_EN_NUMBERS}\s+)?{_EN_UNITS}\b"
        rf"|\blast\s+year\b|\bthis\s+year\b)"
        rf"|(?P<year>\b(?:in|for|from|since|during)\s+{_YEAR}\b)"
        rf"|(?P<month>\b{_EN_MONTHS}{_END})"
    ),
}
_PHRASES = {lang: re.compile(source, re.IGNORECASE) for lang, source in _PHRASE_SOURCES.items()}
# Case-insensitive matching costs `re` a case fold per character and turns off its quick first-letter checks, and
# these patterns are tried all over each text. Written in lowercase, they run case-sensitively on the lowercase text
# instead: same matches, same offsets (2-3x faster) -- unless a letter's lowercase is longer than itself or is one
# IGNORECASE also equates with an ASCII letter (İ ı ſ); such rare texts go to the case-insensitive pattern. Every match
# begins a word, so a leading \b lets `re` skip the inside of words at once.
_LOWERED = {lang: re.compile(rf"\b(?:{source})") for lang, source in _PHRASE_SOURCES.items()}
_CASE_ODD = re.compile("[\u0130\u0131\u017f]")

# The words around a phrase that say what it is for.
_RANGE_GAP = re.compile(r"^\s*(?:-|–|—|til|to|until|till|through|and|og|indtil)\s*$", re.IGNORECASE)
_RANGE_OPEN = re.compile(
    r"(?:\b(?:fra|from|between|mellem|perioden|period|periode|covering|dækker)\s+(?:den\s+|the\s+|d\.\s*)?)$",
    re.IGNORECASE,
)
_SINCE = re.compile(r"(?:\b(?:siden|since|efter|after)\s+(?:den\s+|the\s+|d\.\s*)?)$", re.IGNORECASE)
# "fra/from" before a day starts a period ("from 1 March"); before a year or a month it names it ("data from 2024").
_FROM = re.compile(r"(?:\b(?:fra|from|starting)\s+(?:den\s+|the\s+|d\.\s*)?)$", re.IGNORECASE)
_UNTIL = re.compile(r"(?:\b(?:until|till|before|up\s+to|indtil|før|foer|frem\s+til)\s+(?:den\s+|the\s+)?)$", re.I)
_WITHIN = re.compile(r"(?:\b(?:in|i|during|under|for|hele)\s+(?:the\s+)?)$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?\n](?:\s|$)")
_EARLIER_VERB = re.compile(
    r"\b(?:wrote|sent|emailed|e-mailed|mailed|asked|requested|contacted|submitted|filed|made|called|phoned|rang"
    r"|unsubscribed|opted\s+out|withdrew|objected|written|reached\s+out|been\s+waiting|waiting\s+since"
    r"|(?:my|our)\s+(?:\w+\s+){0,2}(?:request|e-?mail|letter|message|enquiry|inquiry|complaint)"
    r"|skrev|skrevet|sendte|sendt|mailede|mailet|bad|bedt|anmodede|anmodet|henvendte|henvendt|kontaktede|kontaktet"
    r"|ringede|afmeldte|frameldte|trak|gjorde\s+indsigelse|ventet|venter"
    r"|(?:min|mit|vores)\s+(?:\w+\s+){0,2}(?:anmodning|henvendelse|mail|e-mail|besked|brev|forespørgsel|klage))\b",
    re.IGNORECASE,
)
# Without a date: does the message say the sender asked before? ("I already asked you to delete", "jeg har bedt om")
_REFERS_EARLIER = re.compile(
    r"\b(?:i|we)\s+(?:have\s+|had\s+|'ve\s+)?(?:already\s+|previously\s+|earlier\s+|first\s+)?(?:wrote|written|sent"
    r"|emailed|e-mailed|asked|requested|contacted|submitted|made\s+a\s+request|reached\s+out|unsubscribed|opted\s+out)\b"
    r"|\b(?:my|our)\s+(?:(?:previous|earlier|first|original|last)\s+(?:request|e-?mail|letter|message|enquiry"
    r"|inquiry)|(?:\w+\s+)?(?:request|letter|enquiry|inquiry))\b"
    r"|\b(?:jeg|vi)\s+(?:har\s+|havde\s+)?(?:allerede\s+|tidligere\s+|før\s+|foer\s+)?"
    r"(?:skrev|skrevet|sendte|sendt|mailede|mailet|bad|bedt|anmodede|anmodet|henvendte|kontaktede|kontaktet"
    r"|afmeldte|afmeldt|frameldte|frameldt)\b|\b(?:min|vores)\s+(?:(?:tidligere|første|sidste)\s+(?:anmodning"
    r"|henvendelse|mail|e-mail|besked|forespørgsel)|(?:\w+\s+)?(?:anmodning|henvendelse|forespørgsel))\b",
    re.IGNORECASE,
)

_NUMBER_WORDS = {
    "en": 1, "et": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "otte": 8, "ni": 9, "ti": 10,
    "elleve": 11, "tolv": 12, "nogle": 3, "et par": 2, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a few": 3,
    "few": 3, "a couple of": 2,
}  # fmt: skip
_NUMBER_WORD = re.compile(
    r"\b(?:et\s+par|a\s+couple\s+of|a\s+few|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
# Danish typed without æ/ø/å: dateparser knows only the proper spelling.
_ASCII_DANISH = (("gaar", "går"), ("maaned", "måned"), ("aar", "år"), ("loerdag", "lørdag"), ("soendag", "søndag"))
_UNIT_DAYS = {"d": 1, "u": 7, "w": 7}
# Days back from the receipt day, read here rather than by dateparser (~1 ms a phrase, and most letters have one):
# dateparser reads each of these exactly as the receipt day minus so many days (compared for every fifth hour of
# 2025-2027, DST changes included, and every count up to 99). Other relative phrases ("i forgårs", which it does not
# read at all, "last week", "for 2 måneder siden") still go to dateparser.
_DAYS_BACK = {("da", "i går"): 1, ("en", "yesterday"): 1, ("en", "the day before yesterday"): 2}
_COUNTED_BACK = {
    "da": re.compile(r"for ([1-9]?\d) (dag|dage|uge|uger) siden"),
    "en": re.compile(r"([1-9]?\d) (day|days|week|weeks) ago"),
}


@dataclass(frozen=True)
class Mention:
    """One date phrase as written and the day (or first day, for a month or year) it means."""

    phrase: str
    day: date


@dataclass(frozen=True)
class Period:
    """The period of data a request asks about; an open end is None ("since March" ends on the receipt day)."""

    start: date | None
    end: date | None
    phrase: str


@dataclass(frozen=True)
class MessageDates:
    """What the dates in one message mean for its case."""

    mentions: tuple[Mention, ...] = ()
    period: Period | None = None
    earlier_request: Mention | None = None
    refers_to_earlier: bool = False  # the sender says they asked before (with or without a date)

    @property
    def empty(self) -> bool:
        return not self.mentions and self.period is None and not self.refers_to_earlier

    def as_event(self) -> dict[str, Any]:
        """The case-event detail: ISO dates and the phrases they came from (no other text of the message)."""
        out: dict[str, Any] = {"mentioned": [{"phrase": m.phrase, "date": m.day.isoformat()} for m in self.mentions]}
        if self.period is not None:
            out["period"] = {
                "from": self.period.start.isoformat() if self.period.start else None,
                "to": self.period.end.isoformat() if self.period.end else None,
                "phrase": self.period.phrase,
            }
        if self.earlier_request is not None:
            out["earlier_request"] = {
                "date": self.earlier_request.day.isoformat(),
                "phrase": self.earlier_request.phrase,
            }
        if self.refers_to_earlier:
            out["refers_to_earlier_request"] = True
        return out


@dataclass
class _Found:
    kind: str
    start: int
    end: int
    phrase: str
    first: date | None = None  # the day it names, or the first day of the month/year/span it names
    last: date | None = None  # the last day of a month/year/span; the same day for a day


# --- dateparser, loaded once ---------------------------------------------------------------------------------------


@cache
def _dateparser() -> Any:
    import dateparser  # imported here: ~150 ms, and only the worker needs it

    return dateparser


def warm_up() -> None:
    """Import dateparser and load the Danish and English locales (the first parse costs ~0.3 s, later ones ~1 ms)."""
    base = datetime(2026, 1, 15, 12, 0)
    _parse("3. marts 2025", "da", base, ("day", "month"))
    _parse("3 March 2025", "en", base, ("day", "month"))


def _parse(phrase: str, language: str, base: datetime, parts: tuple[str, ...]) -> date | None:
    settings = {
        "DATE_ORDER": "DMY",
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "first",
        "RELATIVE_BASE": base,
        "REQUIRE_PARTS": list(parts),
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    try:
        found = _dateparser().parse(phrase, languages=[language], settings=settings)
    except (ValueError, OverflowError):  # a day that does not exist ("31.02.2025")
        return None
    return found.date() if found is not None else None


# --- reading -------------------------------------------------------------------------------------------------------


def _plain(phrase: str, language: str) -> str:
    """The phrase as dateparser reads it: digits for number words, æ/ø/å restored, one space between words."""
    text = " ".join(phrase.split())
    text = _NUMBER_WORD.sub(lambda m: str(_NUMBER_WORDS[" ".join(m.group().lower().split())]), text)
    if language == "da":
        low = text.lower()
        for ascii_form, proper in _ASCII_DANISH:
            low = low.replace(ascii_form, proper)
        text = low
    return text


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _minus(base: date, count: int, unit: str) -> date:
    """`count` units before `base`, by the calendar (months keep the day, clamped to the month's end)."""
    if unit in ("m", "å", "y"):
        months = count * (12 if unit in ("å", "y") else 1)
        year, month = divmod(base.year * 12 + base.month - 1 - months, 12)
        last = calendar.monthrange(year, month + 1)[1]
        return date(year, month + 1, min(base.day, last))
    return base - timedelta(days=count * _UNIT_DAYS[unit])


def _resolve(found: _Found, language: str, base: datetime, year_hint: int | None) -> None:
    """Fill in the first and last day a phrase names (None when it names none)."""
    today = base.date()
    phrase = found.phrase
    if found.kind == "year":
        year = int(phrase)
        found.first, found.last = date(year, 1, 1), min(date(year, 12, 31), today)
        return
    if found.kind == "span":
        found.first, found.last = _span(_plain(phrase, language).lower(), today)
        return
    text = _plain(phrase, language)
    if found.kind in ("day", "numeric") and year_hint and not re.search(r"\b(?:19|20)?\d{2}\s*$", text):
        text = f"{text} {year_hint}"
    if found.kind in ("monthyear", "month"):
        parts: tuple[str, ...] = ("month", "year") if found.kind == "monthyear" else ("month",)
        if found.kind == "month" and year_hint:
            text, parts = f"{text} {year_hint}", ("month", "year")
        first = _parse(text, language, base, parts)
        if first is not None:
            found.first, found.last = first.replace(day=1), _month_end(first)
        return
    if found.kind == "relative":
        back = _days_back(text, language)
        if back is not None:
            found.first = found.last = today - timedelta(days=back)
            return
    parts = ("day", "month") if found.kind != "relative" else ()
    day = _parse(text, language, base, parts)
    found.first = found.last = day


def _days_back(text: str, language: str) -> int | None:
    """How many days before the receipt day a relative phrase (as `_plain` gives it) names; None: ask dateparser."""
    text = text.lower()
    counted = _COUNTED_BACK[language].fullmatch(text)
    if counted:
        return int(counted.group(1)) * (7 if counted.group(2)[0] in "uw" else 1)
    return _DAYS_BACK.get((language, text))


def _span(text: str, today: date) -> tuple[date | None, date | None]:
    """A span ending now ("the last 6 months", "det seneste år") or a calendar year ("last year", "i år")."""
    if re.search(r"\b(?:last\s+year|sidste\s+år|forrige\s+år|i\s+fjor)\b", text) and not re.search(
        r"\b(?:the|det)\s", text
    ):
        year = today.year - 1
        return date(year, 1, 1), date(year, 12, 31)
    if re.search(r"\b(?:this\s+year|i\s+år)\b", text):
        return date(today.year, 1, 1), today
    count_match = re.search(r"\d+", text)
    count = int(count_match.group()) if count_match else 1
    unit_match = re.search(r"(day|dag|week|uge|month|måned|year|år)\w*\s*$", text)
    if unit_match is None:
        return None, None
    unit = {"day": "d", "dag": "d", "week": "w", "uge": "u", "month": "m", "måned": "m", "year": "y", "år": "å"}[
        unit_match.group(1)
    ]
    return _minus(today, count, unit), today


def _phrases(text: str, language: str) -> list[_Found]:
    """The date-like phrases of a text, in order; "may" as a verb and lone month names outside a range are dropped."""
    language = "da" if language == "da" else "en"
    low = text.lower()
    if len(low) == len(text) and (text.isascii() or not _CASE_ODD.search(text)):
        matches = _LOWERED[language].finditer(low)
    else:
        matches = _PHRASES[language].finditer(text)
    found: list[_Found] = []
    for match in matches:
        kind = match.lastgroup or ""
        phrase = text[match.start() : match.end()]
        if language != "da" and re.fullmatch(r"may(?:\s+[0-3]?\d)?", phrase) and not phrase.startswith("May"):
            continue  # "you may 2 ..." / "may" is a verb far more often than a month
        start = match.start()
        if kind == "year":  # the preposition came along only to tell a year from any four-digit number
            start = match.end() - 4
            phrase = text[start : match.end()]
        found.append(_Found(kind, start, match.end(), phrase))
    return found


def _sentence_of(text: str, start: int, end: int) -> str:
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    after = _SENTENCE_END.search(text, end)
    return text[before[-1] if before else 0 : after.start() if after else len(text)]


def _year_of(found: _Found) -> int | None:
    year = re.search(rf"{_YEAR}\b", found.phrase)
    if year:
        return int(year.group())
    numeric = re.search(r"[./-](\d{2})$", found.phrase)
    return 2000 + int(numeric.group(1)) if found.kind == "numeric" and numeric else None


def _ranges(text: str, found: list[_Found]) -> list[tuple[_Found, _Found | None, str]]:
    """Pairs that make a range ("fra X til Y", "X - Y"), and single phrases after "since", "until" or "in"."""
    out: list[tuple[_Found, _Found | None, str]] = []
    used: set[int] = set()
    for i in range(len(found) - 1):
        first, second = found[i], found[i + 1]
        gap = text[first.end : second.start]
        opened = bool(_RANGE_OPEN.search(text[max(0, first.start - 30) : first.start]))
        if _RANGE_GAP.match(gap) and (opened or gap.strip() in ("-", "–", "—", "til", "to", "until", "indtil")):
            if re.match(r"^\s*(?:and|og)\s*$", gap) and not opened:
                continue
            out.append((first, second, "range"))
            used.update((i, i + 1))
    for i, item in enumerate(found):
        if i in used:
            continue
        before = text[max(0, item.start - 30) : item.start]
        if _SINCE.search(before) or (item.kind in ("day", "numeric") and _FROM.search(before)):
            out.append((item, None, "since"))
        elif _UNTIL.search(before):
            out.append((item, None, "until"))
        elif item.kind in ("span", "year", "monthyear") or (item.kind == "month" and _WITHIN.search(before)):
            out.append((item, None, "within"))
    return out


def find_dates(text: str, language: str, labels: Collection[str], received_at: datetime) -> MessageDates:
    """The dates `text` (the new text of a message) mentions, and what they mean for a case with `labels`.

    Nothing is looked up for a message that is only "other": no case clock depends on its dates.
    """
    if not text or set(labels) <= {"other"}:
        return MessageDates()
    language = "da" if language == "da" else "en"
    base = received_at.astimezone(COPENHAGEN).replace(tzinfo=None)
    today = base.date()
    found = _phrases(text, language)[: _MAX_PHRASES * 2]
    ranges = _ranges(text, found)
    in_range = {id(item) for pair in ranges for item in pair[:2] if item is not None}
    # A lone month name ("maj", "March") counts only inside a range or after "since" / "in".
    found = [item for item in found if item.kind != "month" or id(item) in in_range][:_MAX_PHRASES]

    partner_year: dict[int, int] = {}
    for first, second, _how in ranges:
        if second is not None:
            year = _year_of(second) or _year_of(first)
            if year:
                partner_year[id(first)] = partner_year.get(id(first), year)
                partner_year[id(second)] = partner_year.get(id(second), year)
    for item in found:
        _resolve(item, language, base, partner_year.get(id(item)))
    for first, second, _how in ranges:
        if second is not None and first.first and second.last and first.first > second.last:
            # "fra 1. december til 31. marts 2025": the start lies in the year before the end
            first.first = _minus(first.first, 1, "y")
            first.last = _month_end(first.first) if first.kind in ("monthyear", "month") else first.first

    mentions = tuple(
        Mention(" ".join(item.phrase.split()), item.first)
        for item in found
        if item.first is not None and item.kind not in ("span",)
    )
    earlier = _earlier(text, found, today)
    if earlier is not None:  # "waiting since 2 February" dates the request, not the data asked about
        ranges = [pair for pair in ranges if pair[0].first != earlier.day or pair[1] is not None]
    period = _period(ranges, today) if PERIOD_LABELS & set(labels) else None
    refers = earlier is not None or bool(_REFERS_EARLIER.search(text))
    return MessageDates(mentions, period, earlier, refers)


def _period(ranges: list[tuple[_Found, _Found | None, str]], today: date) -> Period | None:
    """The first range, "since" or "within" phrase that resolved, as the period of data asked about."""
    for first, second, how in ranges:
        if first.first is None or (second is not None and second.last is None):
            continue
        phrase = " ".join(first.phrase.split())
        if how == "range" and second is not None:
            return Period(first.first, second.last, f"{phrase} - {' '.join(second.phrase.split())}")
        if how == "since":
            return Period(first.first, today, phrase)
        if how == "until":
            return Period(None, first.last, phrase)
        return Period(first.first, first.last, phrase)
    return None


def _earlier(text: str, found: list[_Found], today: date) -> Mention | None:
    """The date of an earlier request: a past day in a sentence that says the sender wrote or asked then."""
    best: _Found | None = None
    for item in found:
        if item.first is None or item.first > today or item.kind in ("span", "year"):
            continue
        sentence = _sentence_of(text, item.start, item.end)
        if _EARLIER_VERB.search(sentence):
            best = best or item
    if best is None or best.first is None:
        return None
    return Mention(" ".join(best.phrase.split()), best.first)
