"""A first, rule-based reading of a privacy-mailbox message: SPEC taxonomy labels, evidence, confidence, triage.

Why rules: every label must be explainable to staff ("which words made you think this is an erasure request?") and the
costly error is a missed rights request (a missed legal deadline). The design is a table of weighted cues per label;
a later issue can grow the tables, or swap the scoring, without changing the interface.

How a message is read:
1. Subject and text are read together; "> " quoted lines are ignored.
2. The text is cut into clauses (sentences, then "; — and how ..." pieces). Each clause gets a mood: a plain
   statement or demand, a request phrased as a question ("can you delete ...", "kan I slette ..."), a "how do I ..."
   question (a request under doubt), or an information question / hypothetical ("how long does an erasure take?",
   "if I delete my account ...").
3. Each label has a table of cues, strongest first; a weaker cue never re-counts words a stronger one took. A cue
   is a regular expression with a weight (1 weak, 2 medium, 3 strong) and a kind: ACT (a demand with a personal
   object: "delete my account"), TOPIC (names a right or subject: "erasure", "nyhedsbrev") or FIXED (decides in any
   mood: "Art. 15", "what data do you hold about me"). Cues are tried only where their first letters occur (see
   "fast scanning"), which keeps a typical message well under a millisecond.
4. Each hit is checked against its clause:
   - negation a few words before it: a volitional one ("don't", "ikke", "lad være med") drops the hit; an "ignored"
     one ("you still haven't", "I har ikke", "er stadig ikke blevet") keeps the right and adds complaint evidence;
     "if you don't ..." / "hvis I ikke ..." is a demand, not a negation;
   - technical objects after a bare verb ("delete the old VM snapshot", "restrict access to the bucket") drop it;
   - in an information question a TOPIC hit becomes question evidence and an ACT hit is kept at weight 1 under doubt;
   - consent/objection wording about newsletters or offers becomes marketing_optout (SPEC conventions);
   - a plain "copy" next to a machine-readable format or a transfer yields to portability.
5. Labels: a right with any surviving hit is kept (weak evidence keeps it under doubt -> triage); complaint and
   question need weight 2; "other" only when nothing else applies.
6. GDPR references (article numbers, GDPR/DSGVO/RGPD/AVG/...) are never "other": the article names the right, or,
   with no article that maps, a right named in a few foreign languages, or else "question" -- always with triage.
7. confidence = m / (m + 1.5) with m the label's evidence weight minus half of its contrary (dropped) evidence; the
   lowest over the chosen labels ("other": 1 + its own evidence minus half of the dropped rights evidence). triage
   when confidence < 0.5, a right was kept under doubt, the language is not Danish or English, or a complaint about
   an ignored request names no right.
8. Out-of-office replies and bounces (subject, or the first lines) are "other" even when they quote a request
   (triage if they seemed to carry one).
9. A language other than Danish or English: cues still run (English and Danish words, a few words in German,
   French, Spanish, Dutch, Polish and Swedish, GDPR article numbers); whatever is found is kept, always with triage,
   and with nothing found the label is "other" -- still with triage, because the clock may be running.
"""

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

try:  # CPython's own regex parser, used only to see where a pattern can begin (see "fast scanning")
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python: every pattern is simply scanned in full
    _sre = _sre_parse = None

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


@dataclass(frozen=True)
class Understanding:
    """What the bot understood a message to ask for."""

    labels: tuple[str, ...]
    confidence: float
    triage: bool
    evidence: tuple[str, ...]


# --- cue tables -------------------------------------------------------------------------------------------------

ACT, TOPIC, FIXED = "act", "topic", "fixed"


@dataclass(frozen=True)
class _Cue:
    label: str
    weight: float
    source: str
    kind: str = TOPIC
    neg: bool = True  # a volitional negation before it drops it
    tech: bool = False  # a bare verb: technical objects after it drop it
    ignored_only: bool = False  # past forms ("deleted my data"): count only after "still haven't" and the like
    needs_context: bool = False  # complaint words that need a privacy matter in the message
    redirect: bool = False  # consent/objection wording that becomes marketing_optout for marketing objects
    yields: bool = False  # a plain copy (access) that yields to portability in the same clause
    foreign: bool = False  # a word from a language the bot does not read: kept under doubt
    doubt: bool = False  # always kept under doubt ("close my account")
    unless: re.Pattern[str] | None = None  # skipped when its clause matches ("newsletter" next to "subscribe")
    unless_before: re.Pattern[str] | None = None  # skipped when the words just before it match


def _fold(source: str) -> str:
    """Let Danish cues match text written without æ/ø/å (ae/oe/aa), as people do on foreign keyboards."""
    return source.replace("æ", "(?:æ|ae)").replace("ø", "(?:ø|oe)").replace("å", "(?:å|aa)")


def _c(label: str, weight: float, source: str, kind: str = TOPIC, **flags: Any) -> _Cue:
    return _Cue(label, weight, _fold(source), kind, **flags)


def _guard(source: str) -> re.Pattern[str]:
    return re.compile(_fold(source), re.IGNORECASE)


# Guards shared by several cues.
_SUBSCRIBING = _guard(r"\b(?:tilmeld\w*|subscribe|subscribing|sign\s+(?:me\s+)?up|join)\b")
_NON_MARKETING_OBJECT = _guard(
    r"\b(?:cookie\w*|analytics|tracking|statistic\w*|statistik\w*|sporing|photo\w*|picture\w*|billede\w*"
    r"|foto\w*|training|træning)\b"
)
_COOKIES = _guard(r"\bcookie\w*")
_DELETING_BEFORE = _guard(r"(?:delete|erase|remove|wipe|slet\w*|fjern\w*|glem)\s+$")


# Objects that make a deletion/correction personal; shared by the English and Danish cues.
_EN_POSS = r"(?:my|our|her|his|their|\w+'s)"
_EN_OBJ = (
    r"(?:(?:\w+\s+)?(?:account|data|profile|details|information|info|records?|personal\s+\w+|e-?mail\s+address"
    r"|user(?:\s+account)?|customer\s+account|membership|history))"
)
_DA_POSS = r"(?:min|mit|mine|hans|hendes|deres|vores)"
# adverbs people put between the verb and its object ("slet derefter min konto", "then delete my account")
_DA_ADV = (
    r"(?:(?:venligst|lige|gerne|bare|straks|derefter|bagefter|så|også|samtidig|endelig|helt|permanent|hurtigst"
    r"|muligt|omgående)\s+){0,3}"
)
_EN_ADV = r"(?:(?:also|then|completely|permanently|immediately|please|entirely|fully)\s+){0,2}"
_DA_OBJ = (
    r"(?:(?:\w+\s+)?(?:konto|profil|bruger|brugerkonto|data|oplysninger|personoplysninger|persondata|kundeprofil"
    r"|kundekonto|e-?mail(?:adresse)?|informationer|navn|login|medlemskab|historik))"
)
_LIST_AFTER = r"(?!\s+(?:fra|from)\s+(?:\w+\s+){0,3}(?:\w*list\w*|nyhedsbrev\w*|newsletter\w*|mailing\w*))"
_PERSONAL_FIELD_EN = (
    r"(?:name|surname|first\s+name|last\s+name|address|e-?mail(?:\s+address)?|phone(?:\s+number)?|mobile(?:\s+number)?"
    r"|number|details|data|information|date\s+of\s+birth|birth\s*date|spelling|postcode|zip\s+code|title)"
)
_PERSONAL_FIELD_DA = (
    r"(?:navn|efternavn|fornavn|adresse|e-?mail(?:adresse)?|mail(?:adresse)?|telefonnummer|tlf\.?|nummer"
    r"|mobilnummer|oplysninger|data|fødselsdato|stavning|postnummer|titel)"
)
_MARKETING_NOUNS = (
    r"(?:e-?mails?|mails?|newsletters?|nyhedsbrev\w*|offers?|tilbud|promotions?|marketing|markedsføring\w*"
    r"|reklame\w*|adverts?|advertising|sms(?:'?er)?|texts?|text\s+messages|spam|calls?|opkald|invitations?"
    r"|invitationer)"
)

_CUES: tuple[_Cue, ...] = (
    # erasure --------------------------------------------------------------------------------------------------
    _c(
        "erasure",
        3,
        rf"\b(?:delete|erase|remove|wipe|purge)\s+{_EN_ADV}(?:all\s+(?:of\s+)?)?{_EN_POSS}\s+{_EN_OBJ}",
        ACT,
    ),
    _c("erasure", 3, rf"\b(?:delete|erase|forget)\s+(?:me|us)\b{_LIST_AFTER}", ACT),
    _c(
        "erasure",
        3,
        r"\b(?:delete|erase|remove|wipe)\s+(?:everything|all\s+(?:the\s+)?(?:data|information|details))\s+"
        r"(?:(?:that\s+)?you\s+(?:have|hold|store|keep)\s+)?(?:about|on|of)\s+me\b",
        ACT,
    ),
    _c(
        "erasure",
        3,
        r"\bremove\s+(?:me|my\s+\w+)\s+from\s+(?:your\s+|the\s+|all\s+)?(?:\w+\s+)?"
        r"(?:database|systems?|records|register|crm|files|platform|servers?)",
        ACT,
    ),
    _c(
        "erasure",
        3,
        r"\b(?:(?:want|would\s+like|wish|need|have|get)\s+)?(?:my|all\s+my|our)\s+(?:\w+\s+)?"
        r"(?:account|data|information|details|profile)\s+(?:to\s+be\s+|be\s+|being\s+)?(?:deleted|erased|removed)"
        r"(?!\s+by\s+mistake)",
        ACT,
        ignored_only=False,
    ),
    _c("erasure", 3, r"\b(?:be|get|getting|being)\s+(?:deleted|erased|forgotten)\b", ACT),
    _c("erasure", 3, r"\bright\s+to\s+(?:be\s+forgotten|erasure|deletion)\b"),
    _c(
        "erasure",
        2,
        r"\byou\s+have\s+(?:\w+\s+)?(?:deleted|erased|removed)\s+(?:all\s+)?(?:of\s+)?(?:me|my)\b",
        FIXED,
        doubt=True,
    ),
    _c(
        "erasure",
        2,
        r"\b(?:want|need|demand|expect)\s+(?:this|that|it|them|these|those)\s+(?:to\s+be\s+)?(?:deleted|erased|removed)\b",
        ACT,
    ),
    _c(
        "erasure",
        2,
        r"\b(?:have|has)\s+(?:you|it|they)\s+(?:\w+\s+)?(?:deleted|erased|removed)\s+(?:all\s+)?(?:of\s+)?(?:me|my)\b",
        FIXED,
        doubt=True,
    ),
    _c(
        "erasure", 3, r"\b(?:request(?:ing)?|ask(?:ing)?\s+for|demand(?:ing)?)\s+(?:the\s+)?(?:deletion|erasure)\b", ACT
    ),
    _c("erasure", 3, r"\bget\s+me\s+out\s+of\s+your\s+(?:system|database|records|files)", ACT),
    _c("erasure", 2, r"\bi\s+want\s+out\b", ACT),
    _c(
        "erasure",
        2,
        rf"\b(?:deleted|erased|removed)\s+(?:all\s+)?(?:me|{_EN_POSS}\s+{_EN_OBJ})",
        ACT,
        ignored_only=True,
    ),
    _c(
        "erasure",
        1.5,
        r"\b(?:close|cancel|terminate|deactivate)\s+(?:my|our)\s+(?:\w+\s+)?(?:account|profile|user)\b",
        ACT,
        doubt=True,
    ),
    _c("erasure", 2, r"\b(?:deletion|erasure)\b", tech=True),
    _c("erasure", 1, r"\b(?:delete|erase)\b", ACT, tech=True),
    # Danish / Norwegian
    _c(
        "erasure",
        3,
        rf"\bslet(?:te|tes|ter|t)?\s+(?:jeg\s+|I\s+|du\s+)?{_DA_ADV}"
        rf"(?:(?:mig|meg)\b{_LIST_AFTER}|alle?\s+(?:mine|om\s+mig|data\s+om\s+mig|oplysninger\s+om\s+mig)"
        rf"|alt\s+(?:hvad\s+I\s+har\s+)?om\s+mig|{_DA_POSS}\s+{_DA_OBJ}|kontoen\s+min)",
        ACT,
    ),
    _c("erasure", 3, r"\bsletning\s+af\s+(?:alle\s+)?(?:mig|mine|min|mit|de\s+oplysninger)\b", ACT),
    _c("erasure", 3, r"\b(?:få|faa|have)\s+(?:\w+\s+){0,3}slettet\b", ACT),
    _c("erasure", 3, r"\b(?:blive|bliver|være|vaere|blir)\s+(?:jeg\s+)?slettet\b", ACT),
    _c("erasure", 3, r"\b(?:oplysninger|data|konto|kontoen|profil|profilen|mig)\s+(?:\w+\s+)?slettes\b", ACT),
    _c("erasure", 3, r"\bretten\s+til\s+(?:at\s+blive\s+glemt|sletning)\b"),
    _c("erasure", 2, r"\b(?:min|mit|mine)\s+\w+\s+er\s+(?:blevet\s+)?slettet\b", FIXED, doubt=True),
    _c("erasure", 3, rf"\b(?:vil|ønsker|skal|bedes)\s+(?:\w+\s+){{0,2}}slettes\b{_LIST_AFTER}", ACT),
    _c(
        "erasure",
        3,
        r"\b(?:ønsker|vil\s+(?:gerne\s+)?have|beder\s+om\s+at\s+få)\s+(?:\w+\s+){0,6}(?:data|oplysninger|konto|profil)"
        r"\s+slettet\b",
        ACT,
    ),
    _c(
        "erasure",
        1.5,
        r"\b(?:ønsker|vil\s+(?:gerne\s+)?have)\s+(?:min|mit)\s+(?:\w+\s+)?(?:konto|profil|bruger)\w*\s+(?:nedlagt|lukket)\b",
        ACT,
        doubt=True,
    ),
    _c("erasure", 2, r"\b(?:vil|ønsker)\s+(?:gerne\s+)?(?:have\s+)?(?:det|dem|den|dette)\s+slettet\b", ACT),
    _c(
        "erasure",
        2,
        r"\b(?:har|er)\s+(?:I|du|den|de|min\s+\w+|mine\s+\w+)\s+(?:\w+\s+)?(?:blevet\s+)?slettet\b",
        FIXED,
        doubt=True,
    ),
    _c("erasure", 3, r"\b(?:glem|glemme)\s+mig\b", ACT),
    _c("erasure", 3, r"\b(?:anmod\w*|bede|beder)\s+(?:\w+\s+){0,2}om\s+sletning\b", ACT),
    _c(
        "erasure",
        3,
        r"\bfjern\w*\s+(?:mig|mine\s+(?:data|oplysninger|personoplysninger))\s+fra\s+(?:jeres\s+|alle\s+)?"
        r"(?:system\w*|database\w*|kartotek\w*|register\w*|kundeliste\w*)",
        ACT,
    ),
    _c("erasure", 3, r"\bfjern\w*\s+(?:alle\s+)?mine\s+(?:data|oplysninger|personoplysninger|persondata)\b", ACT),
    _c("erasure", 2, r"\bjeg\s+vil\s+(?:gerne\s+)?(?:ud|væk)\b(?!\s+(?:og|at)\b)", ACT),
    _c("erasure", 2, r"\bslettet\b", ACT, ignored_only=True),
    _c(
        "erasure",
        1.5,
        r"\b(?:luk|lukke|lukket|nedlæg|nedlægge|opsig|opsige)\s+(?:venligst\s+)?(?:min|mit)\s+"
        r"(?:\w+\s+)?(?:konto|profil|bruger|brugerkonto|kundekonto)\b",
        ACT,
        doubt=True,
    ),
    _c("erasure", 2, r"\bsletning\w*\b", tech=True),
    _c("erasure", 1, r"\bslet(?:te|tes|ter)?\b(?!\s+ikke)", ACT, tech=True),
    _c("erasure", 3, r"\bslett(?:e)?\s+(?:meg|kontoen\s+min|mine|alt\s+om\s+meg)\b", ACT),
    # access ---------------------------------------------------------------------------------------------------
    _c("access", 3, r"\b(?:data\s+)?subject\s+access\s+request\b|\bDSAR\b|\bSAR\b|\bright\s+of\s+access\b", FIXED),
    _c(
        "access",
        3,
        r"\b(?:what|which)\s+(?:\w+\s+){0,3}(?:data|information|info|details|records)\s+(?:\w+\s+){0,5}"
        r"(?:about|on|of|regarding|concerning)\s+(?:me|myself)\b",
        FIXED,
    ),
    _c("access", 3, r"\bwhat\s+do\s+you\s+(?:know|have|hold|store|keep)\s+(?:about|on)\s+me\b", FIXED),
    _c(
        "access",
        3,
        r"\b(?:a\s+)?cop(?:y|ies)\s+of\s+(?:all\s+)?(?:(?:my|the|his|her|our)\s+)?(?:personal\s+)?"
        r"(?:data|information|details|records|file)",
        ACT,
        yields=True,
    ),
    _c(
        "access",
        3,
        r"\b(?:send|give|provide|show|email|e-mail)\s+(?:me\s+|us\s+)?(?:all\s+)?(?:of\s+)?(?:my|the)\s+"
        r"(?:personal\s+)?(?:data|information|details)\s+(?:(?:that\s+)?you\s+(?:have|hold|store|keep|process)|"
        r"(?:about|on)\s+me)",
        ACT,
        yields=True,
    ),
    _c("access", 3, r"\baccess\s+to\s+(?:all\s+)?my\s+(?:personal\s+)?(?:data|information|details|records)", ACT),
    _c("access", 3, r"\b(?:request(?:ing)?|ask(?:ing)?\s+for)\s+(?:an?\s+)?(?:data\s+)?access\b", ACT),
    _c(
        "access",
        2,
        r"\bwho\s+(?:\w+\s+){0,3}(?:shared|sold|given|passed|disclosed|sent)\s+my\s+(?:data|information|details)",
        FIXED,
    ),
    _c(
        "access",
        3,
        r"\b(?:which|what)\s+(?:\w+\s+){0,2}(?:third\s+parties|parties|companies|recipients|partners|organi[sz]ations)"
        r"\s+(?:\w+\s+){0,3}(?:shared|sold|given|passed|disclosed|sent|transferred)\s+my\b",
        FIXED,
    ),
    _c(
        "access",
        3,
        r"\bhvilke\s+(?:\w+\s+){0,2}(?:tredjeparter|virksomheder|modtagere|samarbejdspartnere|firmaer)\s+"
        r"(?:\w+\s+){0,4}(?:delt|givet|videregivet|solgt|sendt|overført)\s+mine\b",
        FIXED,
    ),
    _c("access", 2, r"\baccess\s+request\b"),
    _c(
        "access",
        3,
        r"\b(?:download|view|obtain|receive|get)\s+(?:a\s+copy\s+of\s+)?(?:all\s+)?(?:of\s+)?my\s+(?:personal\s+)?"
        r"(?:data|information|details)\b(?!\s+(?:deleted|erased|removed|corrected|updated|changed|transferred))",
        ACT,
        yields=True,
    ),
    _c(
        "access",
        3,
        r"\beverything\s+(?:that\s+)?you\s+(?:have|hold|store|know|keep)\s+(?:on|about)\s+me\b"
        r"|\balt\s+(?:hvad|det)\s+(?:I|du)\s+(?:har|ved|gemmer)\s+(?:\w+\s+)?om\s+mig\b",
        FIXED,
        unless_before=_DELETING_BEFORE,
    ),
    _c("access", 2, r"\b(?:send|give)\s+me\s+(?:a\s+copy|my\s+data|everything)\b", ACT, yields=True),
    # Danish
    _c("access", 3, r"\b(?:akt)?indsigt\w*|\bindsigtsret\w*", FIXED),
    _c(
        "access",
        3,
        r"\b(?:hvilke|hvad\s+for|hvad)\s+(?:\w+\s+){0,3}(?:oplysninger|data|persondata|personoplysninger|informationer)"
        r"\s+(?:\w+\s+){0,5}(?:om|på)\s+(?:mig|meg)\b",
        FIXED,
    ),
    _c("access", 3, r"\bhvad\s+(?:ved|har|gemmer|registrerer)\s+(?:I|du|dere)\s+om\s+(?:mig|meg)\b", FIXED),
    _c(
        "access",
        3,
        r"\bkopi\s+af\s+(?:alle\s+)?(?:mine|de|hans|hendes)\s+(?:\w+\s+)?(?:data|oplysninger|personoplysninger|persondata)",
        ACT,
        yields=True,
    ),
    _c(
        "access",
        3,
        r"\b(?:send|sende|udlever\w*|tilsend\w*)\s+(?:mig\s+)?(?:venligst\s+)?(?:alle\s+)?(?:mine|de)\s+"
        r"(?:\w+\s+)?(?:data|oplysninger|personoplysninger|persondata)",
        ACT,
        yields=True,
    ),
    _c("access", 3, r"\budlevering\s+af\s+(?:mine|de|alle)\b", ACT, yields=True),
    _c(
        "access",
        2,
        r"\bhvem\s+har\s+(?:I|du)\s+(?:\w+\s+)?(?:delt|givet|videregivet|solgt|sendt)\s+mine\s+(?:oplysninger|data)",
        FIXED,
    ),
    _c("access", 2, r"\b(?:se|få|faa)\s+(?:alle\s+)?(?:mine|de)\s+(?:data|oplysninger)\s+(?:I\s+har|om\s+mig)", ACT),
    # rectification --------------------------------------------------------------------------------------------
    _c(
        "rectification",
        3,
        rf"\b(?:correct|update|change|fix|amend|rectify|edit)\s+{_EN_ADV}(?:the\s+)?{_EN_POSS}\s+(?:\w+\s+)?"
        rf"{_PERSONAL_FIELD_EN}\b",
        ACT,
    ),
    _c(
        "rectification",
        3,
        rf"\b(?:my|our)\s+(?:\w+\s+)?{_PERSONAL_FIELD_EN}\s+(?:is|was|are|has\s+been)\s+(?:still\s+)?"
        r"(?:wrong|incorrect|misspelled|misspelt|spelled\s+wrong|out\s+of\s+date|outdated|not\s+correct|inaccurate)",
        ACT,
    ),
    _c(
        "rectification",
        2,
        r"\b(?:wrong|incorrect|misspelled|misspelt|outdated|inaccurate)\s+(?:\w+\s+)?"
        r"(?:name|surname|address|e-?mail|phone\s+number|date\s+of\s+birth|data|information|details)\b",
    ),
    _c(
        "rectification",
        2,
        r"\b(?:i\s+have|i've|i|we\s+have|we've|we)\s+(?:recently\s+|just\s+)?(?:moved|changed\s+my\s+(?:name|e-?mail"
        r"|address|number))\b",
        ACT,
    ),
    _c("rectification", 2, r"\bmy\s+new\s+(?:home\s+)?(?:address|e-?mail(?:\s+address)?|phone\s+number|number|name)\b"),
    _c("rectification", 3, r"\brectif(?:y|ication)\b"),
    _c(
        "rectification",
        2,
        rf"\bmy\s+(?:\w+\s+)?{_PERSONAL_FIELD_EN}\s+(?:has\s+(?:now\s+)?changed|changed|is\s+now|has\s+been\s+changed)\b",
        ACT,
    ),
    _c(
        "rectification",
        2,
        r"\b(?:dispute|contest)\w*\s+the\s+accuracy\b|\b(?:is|are)\s+(?:not\s+accurate|inaccurate)\b",
    ),
    _c(
        "rectification",
        2,
        rf"\b(?:corrected|updated|changed|fixed)\s+(?:the\s+)?{_EN_POSS}\s+(?:\w+\s+)?{_PERSONAL_FIELD_EN}\b",
        ACT,
        ignored_only=True,
    ),
    # Danish
    _c(
        "rectification",
        3,
        rf"\b(?:ret|rette|retter|opdater|opdatere|ændr|ændre|korriger|korrigere|rettelse\s+af)\s+{_DA_ADV}"
        rf"(?:min|mit|mine|hans|hendes)\s+(?:\w+\s+)?{_PERSONAL_FIELD_DA}\b",
        ACT,
    ),
    _c(
        "rectification",
        3,
        rf"\b(?:min|mit|mine)\s+(?:\w+\s+)?{_PERSONAL_FIELD_DA}\s+(?:er|står)\s+(?:\w+\s+)?"
        r"(?:forkert\w*|stavet\s+forkert|ikke\s+korrekt\w*|ikke\s+rigtig\w*|forældet|ændret)",
        ACT,
    ),
    _c(
        "rectification",
        2,
        r"\b(?:forkert\w*|fejl\s+i)\s+(?:mit\s+|min\s+|mine\s+)?(?:navn|adresse|e-?mail\w*|telefonnummer|fødselsdato"
        r"|oplysninger)\b|\bstavet\s+forkert\b",
    ),
    _c("rectification", 2, r"\b(?:jeg\s+er|vi\s+er|er)\s+flyttet\b", ACT),
    _c("rectification", 2, r"\b(?:min|mit)\s+nye\s+(?:adresse|e-?mail\w*|mail\w*|telefonnummer|nummer|\w*navn)\b"),
    _c(
        "rectification",
        2,
        r"\bhar\s+(?:skiftet|ændret|fået\s+nyt?)\s+(?:\w*navn|e-?mail\w*|mail\w*|adresse|nummer|telefonnummer)\b",
        ACT,
    ),
    _c("rectification", 3, r"\bberigtig\w*"),
    _c(
        "rectification",
        2,
        rf"\b(?:min|mit)\s+(?:\w+\s+)?{_PERSONAL_FIELD_DA}\s+(?:er\s+nu|er\s+ændret|er\s+skiftet|har\s+ændret\s+sig)\b",
        ACT,
    ),
    _c(
        "rectification",
        2,
        rf"\b(?:rettet|opdateret|ændret|korrigeret)\s+(?:min|mit|mine)\s+(?:\w+\s+)?{_PERSONAL_FIELD_DA}\b",
        ACT,
        ignored_only=True,
    ),
    # restriction ----------------------------------------------------------------------------------------------
    _c("restriction", 3, r"\b(?:restrict(?:ion\s+of|ing)?|limit(?:ation\s+of)?)\s+(?:the\s+)?processing\b"),
    _c("restriction", 3, r"\bright\s+to\s+restrict(?:ion)?\b"),
    _c(
        "restriction",
        3,
        r"\b(?:pause|freeze|suspend|halt|stop|block|lock)\s+(?:\w+\s+){0,2}(?:processing|using|use)\s+"
        r"(?:of\s+)?(?:my|our)\s+(?:\w+\s+)?(?:data|information|details)\b.{0,60}?\b(?:until|while|pending)\b",
        ACT,
    ),
    _c(
        "restriction",
        3,
        r"\b(?:do\s+not|don't|must\s+not|please\s+don't)\s+(?:use|process|delete|touch)\s+(?:my|the|our)\s+"
        r"(?:\w+\s+)?(?:data|information|details|account)\b.{0,60}?\b(?:until|while|pending)\b",
        ACT,
        neg=False,
    ),
    _c(
        "restriction",
        3,
        r"\b(?:do\s+not|don't|stop)\s+(?:use|using|process|processing)\s+(?:it|them|this|that|those)\b.{0,60}?"
        r"\b(?:until|while|pending)\b",
        ACT,
        neg=False,
    ),
    _c(
        "restriction",
        2,
        r"\b(?:pause|freeze|suspend|lock)\s+(?:all\s+)?(?:processing|(?:my|our)\s+(?:\w+\s+)?(?:data|information))\b",
        ACT,
    ),
    _c("restriction", 1, r"\brestrict\w*\b", tech=True),
    # Danish
    _c("restriction", 3, r"\bbegrænsning\s+af\s+(?:\w+\s+)?behandling\w*"),
    _c(
        "restriction",
        3,
        r"\bbegræns\w*\s+(?:\w+\s+){0,2}(?:behandling\w*|brug\w*|anvendelse\w*)\s+af\s+mine",
        ACT,
    ),
    _c(
        "restriction",
        3,
        r"\b(?:stop|stoppe|sæt|sætte|pause|indstil|indstille|fastfrys\w*|bloker\w*)\s+(?:\w+\s+){0,3}"
        r"(?:behandling\w*|brug\w*|anvendelse\w*)\b.{0,80}?\b(?:indtil|mens)\b",
        ACT,
    ),
    _c(
        "restriction",
        3,
        r"\b(?:må|skal)\s+ikke\s+(?:bruge|behandle|anvende|slette|røre)\s+(?:mine\s+|min\s+|de\s+)?"
        r"(?:\w+\s+)?(?:data|oplysninger|konto)\b.{0,60}?\b(?:indtil|mens)\b",
        ACT,
        neg=False,
    ),
    # portability ----------------------------------------------------------------------------------------------
    _c("portability", 3, r"\bmachine[-\s]?readable\b"),
    _c("portability", 3, r"\b(?:data\s+)?portability\b"),
    _c("portability", 3, r"\bstructured(?:,\s*|\s+)(?:commonly\s+used|machine)"),
    _c(
        "portability",
        3,
        r"\b(?:transfer|transmit|port|move|send|migrate)\s+(?:all\s+)?my\s+(?:personal\s+)?"
        r"(?:data|information|details|profile|records)\s+(?:directly\s+)?to\s+"
        r"(?!me\b|myself\b|my\s+(?:e-?mail|address|inbox)\b)\S+",
        ACT,
    ),
    _c(
        "portability",
        3,
        r"\b(?:transfer|transmit|port|move|send|migrate)\s+(?:all\s+)?my\s+(?:personal\s+)?(?:data|information|details)"
        r"\s+(?:[\w-]+\s+){0,4}to\s+(?:my\s+new|a\s+new|another|a\s+different|the\s+new)\s+(?:provider|supplier"
        r"|service|company|controller|bank|platform)",
        ACT,
    ),
    _c("portability", 2, r"\b(?:json|csv|xml)\b", neg=False),
    _c(
        "portability",
        2,
        r"\bexport\w*\s+(?:of\s+)?(?:all\s+)?my\s+(?:\w+\s+)?(?:data|information|details)",
        ACT,
    ),
    # Danish
    _c("portability", 3, r"\bmaskinlæsbar\w*"),
    _c("portability", 3, r"\b(?:data)?portabilitet\w*"),
    _c("portability", 3, r"\b(?:struktureret|almindeligt\s+anvendt)\s+(?:\w+\s+)?format\b"),
    _c(
        "portability",
        3,
        r"\b(?:overfør\w*|flyt\w*|send\w*)\s+(?:alle\s+)?mine\s+(?:person)?(?:data|oplysninger)\s+(?:direkte\s+)?"
        r"(?:over\s+)?til\s+(?!mig\b)\S+",
        ACT,
    ),
    _c(
        "portability",
        3,
        r"\b(?:overfør\w*|flyt\w*|send\w*)\s+(?:alle\s+)?mine\s+(?:person)?(?:data|oplysninger)\s+(?:[\w-]+\s+){0,4}"
        r"til\s+(?:min\s+nye|en\s+(?:anden|ny)|den\s+nye|vores\s+nye)\s+(?:udbyder|leverandør|tjeneste|bank|platform)",
        ACT,
    ),
    _c("portability", 2, r"\beksport\w*\s+(?:af\s+)?(?:alle\s+)?mine\s+(?:data|oplysninger)", ACT),
    # objection ------------------------------------------------------------------------------------------------
    _c("objection", 3, r"\bright\s+to\s+object\b|\bi\s+(?:hereby\s+)?object\b", redirect=True),
    _c("objection", 3, r"\bobject(?:ing)?\s+to\b", redirect=True),
    _c(
        "objection",
        3,
        r"\b(?:stop|quit|opt\s+(?:me\s+)?out\s+of|exclude\s+me\s+from|(?:don't|do\s+not)\s+(?:\w+\s+){0,2})\s*"
        r"(?:\w+\s+){0,3}(?:analytics|tracking|profiling|statistics|ip\s+(?:address\s+)?(?:logging|statistics|tracking))",
        ACT,
        neg=False,
        redirect=True,
        unless=_COOKIES,
    ),
    _c(
        "objection",
        3,
        r"\b(?:using|use|process\w*)\s+my\s+(?:\w+\s+)?(?:data|information|messages|content|ip\s+address|history"
        r"|purchases|behaviou?r|activity|location)\s+(?:for|to)\s+(?:\w+\s+)?(?:training|train|statistics|research"
        r"|analytics|ai|machine\s+learning|product\s+development|profiling|recommendations|personali[sz]\w*)",
        ACT,
        redirect=True,
    ),
    _c("objection", 3, r"\b(?:don't|do\s+not)\s+want\s+to\s+be\s+(?:tracked|profiled|analy[sz]ed)\b", ACT, neg=False),
    _c("objection", 2, r"\blegitimate\s+interests?\b", redirect=True),
    _c("objection", 2, r"\bobjection\b", redirect=True),
    # Danish
    _c("objection", 3, r"\b(?:gør\w*|gjort)\s+indsigelse\b|\bindsigelse\w*", redirect=True),
    _c(
        "objection",
        3,
        r"\b(?:stop|stoppe|ophør\w*|undlad\w*|ikke)\s+(?:\w+\s+){0,7}(?:analyse\w*|statistik\w*|sporing\w*"
        r"|tracking|profilering\w*|ip-\w+|træning\w*)",
        ACT,
        neg=False,
        redirect=True,
    ),
    _c("objection", 3, r"\b(?:modsætter|protesterer)\s+(?:mig\s+)?(?:\w+\s+){0,3}(?:mod|imod)\b", redirect=True),
    _c("objection", 2, r"\blegitim(?:e)?\s+interesse\w*", redirect=True),
    # marketing_optout -----------------------------------------------------------------------------------------
    _c("marketing_optout", 3, r"\bunsubscrib\w*", ACT, neg=False),
    _c("marketing_optout", 3, r"^\s*stop\s*[.!]*\s*$", ACT, neg=False),
    _c(
        "marketing_optout",
        3,
        r"\bstop\s+(?:sending|emailing|e-mailing|texting|calling|contacting|spamming|mailing|bombarding)(?:\s+me)?\b"
        r"(?!\s+(?:the\s+|my\s+)?(?:invoices?|bills?|receipts?|password|reminders?\s+about\s+(?:my\s+)?"
        r"(?:invoice|payment)))",
        ACT,
        neg=False,
    ),
    _c("marketing_optout", 3, rf"\bstop\s+(?:the\s+|all\s+|these\s+|your\s+)?{_MARKETING_NOUNS}\b", ACT, neg=False),
    _c(
        "marketing_optout",
        3,
        rf"\bno\s+more\s+(?:\w+\s+)?{_MARKETING_NOUNS}\b|\bno\s+longer\s+(?:want|wish)\s+to\s+(?:receive|get)\b",
        ACT,
        neg=False,
    ),
    _c(
        "marketing_optout",
        3,
        rf"\b(?:don't|do\s+not|never)\s+(?:want\s+to\s+)?(?:receive|get|want)\s+(?:any\s+)?(?:more\s+)?(?:\w+\s+){{0,2}}"
        rf"{_MARKETING_NOUNS}\b",
        ACT,
        neg=False,
    ),
    _c(
        "marketing_optout",
        3,
        r"\b(?:don't|do\s+not|never)\s+(?:ever\s+)?(?:send|email|e-mail|text|call|ring|phone|contact)\s+me\b"
        r"(?!\s+(?:a\s+|the\s+|any\s+)?(?:paper\s+)?(?:invoices?|bills?|receipts?))",
        ACT,
        neg=False,
    ),
    _c(
        "marketing_optout",
        3,
        r"\b(?:remove|delete|take)\s+(?:me|my\s+(?:e-?mail\s+)?(?:address|number))\s+(?:off|from)\s+"
        r"(?:your\s+|the\s+|all\s+|this\s+)?(?:\w+\s+){0,2}(?:lists?|newsletters?)\b",
        ACT,
        neg=False,
    ),
    _c(
        "marketing_optout",
        3,
        rf"\bopt(?:ed|ing)?[-\s]?out\s+(?:of\s+)?(?:all\s+|your\s+|the\s+)?(?:\w+\s+)?{_MARKETING_NOUNS}\b",
        ACT,
        neg=False,
    ),
    _c(
        "marketing_optout",
        2,
        r"\b(?:marketing|promotional|promo|advertising|sales)\s+(?:e-?mails?|mails?|messages|sms|texts|calls|material"
        r"|communications?)\b|\bdirect\s+marketing\b|\bmailing\s+list\b",
        neg=False,
    ),
    _c("marketing_optout", 2, r"\bopt(?:ed|ing)?[-\s]?out\b", ACT, neg=False, unless=_NON_MARKETING_OBJECT),
    _c(
        "marketing_optout",
        2,
        r"\bpersonali[sz]ed\s+(?:offers|ads|advertising|recommendations|marketing)"
        r"|\bprofil\w*\s+(?:me\s+|mig\s+)?(?:\w+\s+){0,2}(?:for|til)\s+(?:offers|ads|advertising|marketing|tilbud|reklame\w*"
        r"|markedsføring)",
    ),
    _c("marketing_optout", 1, r"\bnewsletters?\b", neg=False, unless=_SUBSCRIBING),
    # Danish
    _c(
        "marketing_optout",
        3,
        r"\b(?:af|fra)meld\w*\b(?!\s+(?:\w+\s+){0,3}(?:kursus\w*|kurset|kurser\w*|seminar\w*|arrangement\w*|webinar\w*"
        r"|event\w*|workshop\w*|konference\w*|tilmelding\w*|bestilling\w*|ordre\w*|abonnement\w*|aftale\w*))",
        ACT,
        neg=False,
    ),
    _c(
        "marketing_optout",
        3,
        rf"\b(?:stop|stoppe|stopp|ophør\w*|hold\s+op\s+med|hør\s+op\s+med)\s+(?:\w+\s+){{0,4}}{_MARKETING_NOUNS}\b",
        ACT,
        neg=False,
    ),
    _c(
        "marketing_optout",
        3,
        rf"\b(?:ikke|ingen)\s+(?:flere|mere|længere)\s+(?:\w+\s+)?(?:{_MARKETING_NOUNS}|henvendelser)\b",
        ACT,
        neg=False,
    ),
    _c(
        "marketing_optout",
        3,
        rf"\b(?:ønsker|vil)\s+ikke\s+(?:længere\s+|mere\s+)?(?:at\s+)?(?:modtage|have|få)\s+(?:\w+\s+){{0,3}}"
        rf"{_MARKETING_NOUNS}\b",
        ACT,
        neg=False,
    ),
    _c(
        "marketing_optout",
        3,
        r"\b(?:fjern|slet|tag)\w*\s+(?:mig|min\s+(?:e-?mail\w*|mail\w*|adresse|nummer))\s+(?:af|fra|ud\s+af)\s+"
        r"(?:jeres\s+|alle\s+|listen|den\s+)?(?:\w+\s+){0,2}(?:\w*liste\w*|nyhedsbrev\w*|mailinglist\w*)",
        ACT,
        neg=False,
    ),
    _c(
        "marketing_optout",
        3,
        r"\bfrabed\w*\s+(?:mig\s+)?(?:\w+\s+){0,2}(?:reklame|markedsføring|henvendelse|tilbud|opkald)",
    ),
    _c(
        "marketing_optout",
        3,
        r"\bring\s+(?:ikke|aldrig)\s+(?:til\s+mig\s+)?(?:igen|mere)\b|\b(?:ikke|aldrig)\s+ringe\s+til\s+mig\b",
        ACT,
        neg=False,
    ),
    _c("marketing_optout", 2, r"\b(?:direkte\s+)?markedsføring\w*|\brobinsonlisten\b", neg=False),
    _c("marketing_optout", 1, r"\bnyhedsbrev\w*|\breklame\w*", neg=False, unless=_SUBSCRIBING),
    # consent_withdrawal ---------------------------------------------------------------------------------------
    _c(
        "consent_withdrawal",
        3,
        r"\b(?:withdraw\w*|revok\w*|retract\w*|take\s+back|pull\w*|cancel\w*)\s+(?:of\s+)?(?:my\s+|all\s+(?:my\s+)?"
        r"|the\s+|this\s+)?consents?\b|\bconsent\s+withdrawal\b|\bwithdrawal\s+of\s+(?:my\s+)?consent\b",
        ACT,
        redirect=True,
    ),
    _c(
        "consent_withdrawal",
        3,
        r"\b(?:remove|delete|take\s+down|stop\s+using|unpublish|withdraw|(?:don't|do\s+not)\s+(?:use|publish|share|keep)"
        r")\s+(?:\w+\s+){0,4}(?:photos?|photographs?|pictures?|images?|videos?|recordings?|testimonials?|quotes?"
        r"|participant\s+lists?|attendee\s+lists?|cv|résumé|resume|job\s+application)\b",
        ACT,
        neg=False,
    ),
    _c(
        "consent_withdrawal",
        3,
        r"\b(?:no\s+longer|don't|do\s+not)\s+want\s+(?:\w+\s+){0,3}(?:photos?|pictures?|images?|videos?|testimonials?"
        r"|quotes?|recordings?|name\s+on)\b|\bikke\s+(?:længere\s*)?,?\s*(?:at\s+)?(?:\w+\s+){0,3}(?:billede|foto|video"
        r"|udtalelse|citat|optagelse)\w*",
        ACT,
        neg=False,
    ),
    _c(
        "consent_withdrawal",
        3,
        r"\b(?:withdraw|revoke|reject|decline|remove|delete|disable|turn\s+off|opt\s+out\s+of|no\s+longer\s+accept)\s+"
        r"(?:\w+\s+){0,3}cookies?\b",
        ACT,
    ),
    _c(
        "consent_withdrawal",
        3,
        r"\b(?:don't|do\s+not|no\s+longer|stop)\s+(?:\w+\s+){0,3}(?:share|sharing|pass|passing|give|giving)\s+"
        r"(?:\w+\s+){0,6}(?:sponsors?|partners?)\b",
        ACT,
        neg=False,
    ),
    # Danish
    _c(
        "consent_withdrawal",
        3,
        r"\b(?:træk\w*)\s+(?:\w+\s+){0,3}samtykke\w*\s+(?:\w+\s+){0,3}tilbage\b"
        r"|\bsamtykke\w*\s+(?:\w+\s+){0,2}tilbage\b",
        ACT,
        redirect=True,
    ),
    _c(
        "consent_withdrawal",
        3,
        r"\btilbagekald\w*\s+(?:\w+\s+){0,3}samtykke\w*|\bsamtykke\w*\s+(?:\w+\s+){0,3}tilbagekald\w*",
        ACT,
        redirect=True,
    ),
    _c(
        "consent_withdrawal",
        3,
        r"\b(?:fjern\w*|slet\w*|tag\w*\s+ned|ikke\s+(?:længere\s+)?(?:bruge|bruges|anvende|vise|dele|offentliggøre))"
        r"\s+(?:\w+\s+){0,4}(?:billede\w*|foto\w*|video\w*|optagelse\w*|udtalelse\w*|citat\w*|deltagerliste\w*|cv"
        r"|ansøgning\w*)\b",
        ACT,
        neg=False,
    ),
    _c(
        "consent_withdrawal",
        3,
        r"\b(?:billede\w*|foto\w*|video\w*|optagelse\w*|udtalelse\w*|deltagerliste\w*|cv|photos?|pictures?|images?"
        r"|videos?|recordings?|testimonials?)\s+(?:\w+\s+){0,5}(?:fjernet|slettet|taget\s+ned|removed|deleted"
        r"|taken\s+down)\b",
        ACT,
        neg=False,
    ),
    _c(
        "consent_withdrawal",
        3,
        r"\b(?:afvis\w*|fjern\w*|tilbagekald\w*|slet\w*|fravælg\w*)\s+(?:\w+\s+){0,3}cookie\w*",
        ACT,
    ),
    _c(
        "consent_withdrawal",
        3,
        r"\b(?:ikke|ikke\s+længere|stop\w*)\s+(?:\w+\s+){0,4}(?:dele|deler|videregive|give)\s+(?:\w+\s+){0,4}"
        r"(?:sponsor\w*|samarbejdspartner\w*|partner\w*)",
        ACT,
        neg=False,
    ),
    # complaint -----------------------------------------------------------------------------------------------
    _c(
        "complaint",
        3,
        r"\b(?:data\s+breach|security\s+breach|databrud|sikkerhedsbrud|brud\s+på\s+(?:\w+\s+){0,2}sikkerhed\w*"
        r"|(?:has|have|was|were|got)\s+(?:been\s+)?(?:leaked|hacked|exposed|compromised)|lækket|hacket)\b",
        neg=False,
    ),
    _c("complaint", 2, r"\b(?<!memory\s)leak(?:ed|s)?\b|\blæk\b", needs_context=True),
    _c(
        "complaint",
        3,
        r"\b(?:sent|emailed|mailed|forwarded|gave|given|disclosed|shared|passed)\s+(?:\w+\s+){0,5}(?:to|with)\s+"
        r"(?:the\s+wrong\s+\w+|another\s+(?:customer|person|company)|someone\s+else|a\s+stranger|other\s+customers"
        r"|my\s+(?:ex|former|old|previous)\s*[-\s]?(?:employer|partner|wife|husband|boss|colleague))",
        neg=False,
    ),
    _c(
        "complaint",
        3,
        r"\bwrong\s+recipient\b|\bsomeone\s+else's\s+(?:\w+\s+)?(?:invoice|data|information|order|account|details)"
        r"|\banother\s+customer's\b",
        neg=False,
    ),
    _c(
        "complaint",
        3,
        r"\b(?:sold|shared|passed\s+on|disclosed|handed\s+over|gave\s+away)\s+(?:\w+\s+)?my\s+(?:\w+\s+)?"
        r"(?:data|details|information|number|address|e-?mail)\b",
    ),
    _c("complaint", 2, r"\bwithout\s+my\s+(?:consent|permission|knowledge)\b"),
    _c(
        "complaint",
        3,
        r"\b(?:addressed|meant|intended)\s+(?:to|for)\s+(?:another\s+(?:customer|person)|someone\s+else|a\s+different"
        r"\s+(?:customer|person))|\b(?:adresseret|beregnet|tiltænkt)\s+(?:til\s+)?(?:en\s+anden|en\s+anden\s+kunde)\b",
        neg=False,
    ),
    _c(
        "complaint",
        1.5,
        r"\b(?:several|three|four|many|multiple)\s+times\b|\brepeatedly\b|\b(?:tre|fire|flere|mange|gentagne)\s+gange\b"
        r"|\bigen\s+og\s+igen\b",
        neg=False,
        needs_context=True,
    ),
    _c(
        "complaint",
        3,
        r"\b(?:after|even\s+though|although|despite(?:\s+the\s+fact\s+that)?|though)\s+(?:i\s+|we\s+)?"
        r"(?:have\s+|had\s+|'ve\s+)?(?:already\s+)?(?:unsubscribed|opted\s+out|asked|told|withdrew|requested|objected)",
        neg=False,
    ),
    _c(
        "complaint",
        2,
        rf"\b(?:still|keep|keeps|continue\s+to|continues\s+to)\s+(?:\w+\s+){{0,3}}(?:receiv\w*|get|getting|gets"
        rf"|send\w*)\s+(?:\w+\s+){{0,3}}{_MARKETING_NOUNS}\b",
        neg=False,
    ),
    _c(
        "complaint",
        1.5,
        r"\b(?:no|haven't\s+(?:had|received|heard|got)|have\s+not\s+(?:had|received|heard|got)|never\s+(?:got|received"
        r"|heard)|still\s+no|still\s+haven't|still\s+not|not\s+(?:yet\s+)?(?:received|had))\s+(?:\w+\s+){0,2}"
        r"(?:answer|reply|response|back|anything|word|copy|confirmation)\b|\b(?:ignored|ignoring)\s+my\b",
        neg=False,
    ),
    _c(
        "complaint",
        1.5,
        r"\b(?:more\s+than|over|almost|nearly)\s+(?:a|one|two|three|four|five|six|\d+)\s+(?:months?|weeks)\b"
        r"|\b(?:\d+|two|three|four|five|six|seven|eight)\s+(?:weeks|months)\s+ago\b|\ba\s+month\s+ago\b"
        r"|\b(?:deadline|time\s+limit|30\s+days|one[-\s]month\s+(?:limit|deadline))\b",
        neg=False,
    ),
    _c(
        "complaint",
        1,
        r"\b(?:unacceptable|not\s+acceptable|outrageous|ridiculous|appalling|furious|angry|disappointed|dissatisfied"
        r"|unhappy|frustrated|upset|shocked|disgrace\w*)\b",
        needs_context=True,
        neg=False,
    ),
    _c(
        "complaint",
        3,
        r"\b(?:complain\w*|report\s+(?:you|this|it))\s+(?:\w+\s+){0,3}(?:to\s+)?(?:the\s+)?(?:datatilsynet|ico|dpa"
        r"|data\s+protection\s+(?:authority|agency)|supervisory\s+authority|information\s+commissioner)",
    ),
    _c("complaint", 2, r"\bcomplain\w*\b|\bformal\s+complaint\b", needs_context=True),
    # Danish
    _c(
        "complaint",
        3,
        r"\b(?:sendt|sende|sendte|videresendt|givet|delt|udleveret)\s+(?:\w+\s+){0,5}til\s+(?:en\s+anden|en\s+forkert"
        r"|forkert\s+modtager|den\s+forkerte|en\s+fremmed|andre\s+kunder|min\s+(?:tidligere\s+|gamle\s+)?"
        r"(?:arbejdsgiver|chef|eks\w*|kollega))",
        neg=False,
    ),
    _c(
        "complaint",
        3,
        r"\bforkert\s+modtager\b|\ben\s+anden\s+kundes\b|\b(?:andres|en\s+andens)\s+(?:faktura\w*|oplysninger|data"
        r"|ordre\w*|konto)",
        neg=False,
    ),
    _c(
        "complaint",
        3,
        r"\b(?:solgt|delt|videregivet|givet|udleveret)\s+(?:\w+\s+)?mine\s+(?:\w+\s+)?(?:oplysninger|data|nummer|adresse"
        r"|e-?mail\w*)\s+(?:til|uden|videre)\b",
    ),
    _c("complaint", 2, r"\buden\s+(?:mit|min)\s+(?:samtykke|tilladelse|viden)\b"),
    _c(
        "complaint",
        3,
        r"\b(?:selvom|selv\s+om|på\s+trods\s+af\s+at|efter\s+(?:at\s+)?)\s*(?:jeg|vi)\s+(?:\w+\s+){0,2}"
        r"(?:afmeldt|frameldt|afmeldte|bedt\s+om|bad\s+om|sagt|skrevet|trukket|gjort\s+indsigelse)",
        neg=False,
    ),
    _c(
        "complaint",
        2,
        rf"\b(?:stadig|fortsat|blive[rt]?\s+ved\s+med\s+at)\s+(?:\w+\s+){{0,3}}{_MARKETING_NOUNS}\b"
        rf"|\bstadig\s+(?:\w+\s+){{0,3}}(?:modtager|får|sender)\b"
        r"|\b(?:bliver|blir)\s+ved\s+med\s+at\s+(?:komme|sende|ringe|skrive)\b",
        neg=False,
    ),
    _c(
        "complaint",
        1.5,
        r"\b(?:intet|ikke\s+fået|ikke\s+modtaget|ikke\s+hørt|ingen|aldrig\s+fået|stadig\s+ikke\s+fået)\s+(?:\w+\s+){0,2}"
        r"(?:svar|noget|tilbagemelding|kopi|bekræftelse|reaktion)\b|\bignorer\w*\b",
        neg=False,
    ),
    _c(
        "complaint",
        1.5,
        r"\b(?:over|mere\s+end|næsten|snart)\s+(?:en|én|et|to|tre|fire|fem|seks|\d+)\s+(?:måned\w*|uger|år)\b"
        r"|\bfor\s+(?:\d+|to|tre|fire|fem|seks|syv|otte)\s+(?:uger|måneder)\s+siden\b|\bfor\s+en\s+måned\s+siden\b"
        r"|\b(?:tids)?fristen\b|\boverskred\w*",
        neg=False,
    ),
    _c(
        "complaint",
        1,
        r"\b(?:uacceptabel\w*|ikke\s+acceptabel\w*|utilfreds|skuffet|vred|frustreret|skandale\w*|uhørt|forarget)\b",
        needs_context=True,
        neg=False,
    ),
    _c("complaint", 3, r"\bklage\w*\s+(?:\w+\s+){0,3}(?:til|hos)\s+datatilsynet\b|\banmelde\w*\s+(?:\w+\s+){0,3}til\b"),
    _c("complaint", 2, r"\bklage\w*\b|\bklager\b", needs_context=True),
    _c("complaint", 2, r"\bdatatilsynet\b|\bdata\s+protection\s+authority\b|\bICO\b"),
    # other (not a privacy matter) -------------------------------------------------------------------------------
    _c(
        "other",
        1.5,
        r"\b(?:invoices?|faktura\w*|billing|betaling\w*|payments?|refunds?|refusion|kreditnota|credit\s+note|pricing"
        r"|prices?|pris(?:en|er|erne)?|charged?|opkræv\w*|betalingskort|receipts?|kvittering\w*)\b",
        neg=False,
    ),
    _c(
        "other",
        1.5,
        r"\b(?:password|adgangskode\w*|log\s*in|login|log\s+ind|servers?|vm|snapshots?|buckets?|backups?|databases?|dns"
        r"|domains?|domæne\w*|ssl|certifikat\w*|hosting|webhotel\w*|mailbox\w*|postkasse\w*|containers?|instances?"
        r"|kubernetes|api|error|fejlmeddelelse\w*|nede|downtime|outage|nedbrud|bug|invoice\s+amount|website|hjemmeside\w*"
        r"|virker\s+ikke|fungerer\s+ikke|not\s+working|doesn't\s+work|kundeservice|customer\s+service|support)\b",
        neg=False,
    ),
    _c(
        "other",
        1,
        r"\b(?:quote|pricing|demo|upgrade|opgrader\w*|purchase|order|ordre\w*|bestil\w*|køb\w*|tilbud\s+på)\b",
        neg=False,
    ),
    _c(
        "other",
        2,
        r"\b(?:cancel\w*|terminate)\s+(?:my\s+|our\s+|the\s+)?(?:subscription|contract|plan|order|service|agreement"
        r"|registration|booking)\b|\bopsig\w*\b|\bafmeld\w*\s+(?:\w+\s+){0,3}(?:kursus\w*|kurset|seminar\w*|"
        r"arrangement\w*|webinar\w*|event\w*|abonnement\w*)",
        neg=False,
    ),
    _c(
        "other",
        2,
        r"\b(?:viagra|casino|bitcoin|crypto\w*|lottery|you\s+have\s+won|seo\s+services|backlinks?|guest\s+post"
        r"|investment\s+opportunity|inheritance|click\s+here|klik\s+her|free\s+iphone|you\s+have\s+been\s+selected)\b",
        neg=False,
    ),
    _c("other", 1, r"^\s*(?:thanks?|thank\s+you|tak|mange\s+tak|tusind\s+tak)\b", neg=False),
    _c("other", 1.5, r"\b(?:tilmeld\w*|subscribe\s+to|sign\s+(?:me\s+)?up)\b", neg=False),
    # a few foreign-language words, so that a message we cannot read still gets its nearest right (under doubt) --
    _c(
        "erasure",
        2,
        r"\b(?:löschen|löschung|gelöscht|supprimer|suppression|effacer|effacement|eliminar|supresión"
        r"|borrar|verwijder\w*|usunięci\w*|usunąć|usuń|radera\w*|ta\s+bort)\b",
        foreign=True,
        neg=False,
    ),
    _c(
        "access", 2, r"\b(?:auskunft\w*|accès|acceso|inzage|dostęp\w*|registerutdrag|innsyn)\b", foreign=True, neg=False
    ),
    _c(
        "rectification",
        2,
        r"\b(?:berichtig\w*|rectificaci\w*|rectificar|rectificatie|sprostowani\w*|rättelse)\b",
        foreign=True,
        neg=False,
    ),
    _c(
        "restriction",
        2,
        r"\b(?:einschränkung|limitation\s+du\s+traitement|limitación|beperking|ograniczeni\w*)\b",
        foreign=True,
        neg=False,
    ),
    _c(
        "portability",
        2,
        r"\b(?:datenübertragbarkeit|portabilité|portabilidad|overdraagbaarheid|przenoszeni\w*)\b",
        foreign=True,
        neg=False,
    ),
    _c(
        "objection",
        2,
        r"\b(?:widerspruch|widerspreche\w*|m'oppose|opposition|oposición|me\s+opongo|bezwaar"
        r"|sprzeciw\w*|invändning)\b",
        foreign=True,
        neg=False,
    ),
    _c(
        "marketing_optout",
        2,
        r"\b(?:abmelden|abbestellen|werbung|désabonner|désinscri\w*|darme\s+de\s+baja"
        r"|publicidad|afmelden|uitschrijven|wypisa\w*|avregistrera|nyhetsbrev)\b",
        foreign=True,
        neg=False,
    ),
    _c(
        "consent_withdrawal",
        2,
        r"\b(?:einwilligung|consentement|consentimiento|toestemming|zgod[aęy]|samtycke)\b",
        foreign=True,
        neg=False,
    ),
    _c(
        "complaint",
        2,
        r"\b(?:beschwerde|plainte|réclamation|queja|reclamación|klacht|skarga|klagomål|cnil|aepd"
        r"|uodo|aufsichtsbehörde)\b",
        foreign=True,
        neg=False,
    ),
)

# Article numbers of the GDPR and the label each names; 21(2)/(3) is direct marketing, 7(3) consent withdrawal.
_ARTICLE_LABEL = {
    15: "access",
    16: "rectification",
    17: "erasure",
    18: "restriction",
    20: "portability",
    21: "objection",
    22: "objection",
    77: "complaint",
    82: "complaint",
    13: "question",
    14: "question",
}
_ARTICLE_SOURCE = (
    r"\b(?:article|artikel|artículo|articolo|artykuł|art)\.?\s*(\d{1,2})\b(?:\s*(?:\(\s*(\d)\s*\)|stk\.\s*(\d)))?"
)
_GDPR_SOURCE = (
    r"\b(?:GDPR|DSGVO|DS-GVO|RGPD|(?-i:AVG)|RODO|databeskyttelsesforordning\w*|persondataforordning\w*"
    r"|databeskyttelsesloven|persondataloven|Datenschutz-?Grundverordnung|dataskyddsförordning\w*"
    r"|General\s+Data\s+Protection\s+Regulation)\b"
)


# --- fast scanning ----------------------------------------------------------------------------------------------
# With IGNORECASE and a leading \b, `re` tries a pattern at every character, and a message meets ~170 cues. So each
# pattern is tried only at the word starts that begin with one of the literal strings every match of it must start
# with. Those starts are read from the parsed pattern (CPython's re._parser); a pattern whose starts cannot be read,
# or that may begin a match inside a word, is scanned in full: slower, never wrong.

_START_LEN = 4
_START_MAX = 64
_ANCHOR = "\x00"  # marks a start reached through \b: such a match begins at a word start


def _starts(items: list[Any], prefix: str) -> set[str] | None:
    """Lowercase literal strings one of which begins every match of `items`; None when a match may begin anywhere."""
    i = 0
    while i < len(items) and len(prefix.lstrip(_ANCHOR)) < _START_LEN:
        op, av = items[i]
        if op is _sre.AT:
            if av is _sre.AT_BOUNDARY and not prefix:
                prefix = _ANCHOR
            i += 1
            continue
        if op in (_sre.ASSERT, _sre.ASSERT_NOT):
            i += 1
            continue
        if op is _sre.LITERAL:
            prefix += chr(av).lower()
            i += 1
            continue
        rest = items[i + 1 :]
        alternatives: list[list[Any]] | None = None
        if op is _sre.SUBPATTERN:
            alternatives = [list(av[-1]) + rest]
        elif op is _sre.BRANCH:
            alternatives = [list(alt) + rest for alt in av[1]]
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            alternatives = [list(av[2])]  # one repetition, then stop: sound for any repetition count
            if av[0] == 0:
                alternatives.append(rest)
        elif op is _sre.IN and len(av) <= 4 and all(code is _sre.LITERAL for code, _ in av):
            alternatives = [[(_sre.LITERAL, value), *rest] for _, value in av]
        if alternatives is None:
            break
        found: set[str] = set()
        for alternative in alternatives:
            more = _starts(alternative, prefix)
            if more is None:
                return None
            found |= more
            if len(found) > _START_MAX:
                return None
        return found
    return {prefix} if prefix.lstrip(_ANCHOR) else None


def _word_starts(source: str, flags: int) -> tuple[str, ...] | None:
    """The starts of a pattern if every match begins at a word start with one of them; else None (full scan)."""
    if _sre_parse is None:
        return None
    try:
        found = _starts(list(_sre_parse.parse(source, flags)), "")
    except Exception:  # a private CPython module: any surprise just means a full scan
        return None
    if not found or not all(start.startswith(_ANCHOR) and start[1:2].isalnum() for start in found):
        return None
    return tuple(sorted(start[1:] for start in found))


_WORD_START = re.compile(r"\b\w")


class _Text:
    """A message, its lowercase twin (same offsets), and where each gated scanner may match (one pass over words)."""

    __slots__ = ("text", "low", "candidates")

    def __init__(self, text: str) -> None:
        self.text = text
        low = text.lower()
        if len(low) != len(text):  # a rare letter whose lowercase is longer: keep offsets aligned
            low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
        self.low = low
        dispatch, lengths = _dispatch()
        found: dict[int, list[int]] = {}
        for word in _WORD_START.finditer(low):
            at = word.start()
            for size in lengths:
                ids = dispatch.get(low[at : at + size])
                if ids is None:
                    continue
                for ident in ids:
                    positions = found.setdefault(ident, [])
                    if not positions or positions[-1] != at:
                        positions.append(at)
        self.candidates = found


def _matches(pattern: re.Pattern[str], text: _Text, candidates: Iterable[int]) -> Iterator[re.Match[str]]:
    """Non-overlapping matches that begin at the candidate positions (ascending), like finditer would find them."""
    end = -1
    for at in candidates:
        if at < end:
            continue
        match = pattern.match(text.text, at)
        if match is not None and match.end() > match.start():
            end = match.end()
            yield match


_SCANNERS: list["_Scanner"] = []


class _Scanner:
    """A compiled pattern that is tried only at word starts that begin with one of its literal starts."""

    __slots__ = ("pattern", "starts", "ident")

    def __init__(self, source: str, flags: int = re.IGNORECASE | re.MULTILINE) -> None:
        self.pattern = re.compile(source, flags)
        self.starts = _word_starts(source, flags)
        self.ident = len(_SCANNERS)
        _SCANNERS.append(self)

    def finditer(self, text: _Text) -> Iterator[re.Match[str]]:
        if self.starts is None:
            return self.pattern.finditer(text.text)
        return _matches(self.pattern, text, text.candidates.get(self.ident, ()))

    def search(self, text: _Text) -> re.Match[str] | None:
        return next(iter(self.finditer(text)), None)


@cache
def _dispatch_for(count: int) -> tuple[dict[str, list[int]], tuple[int, ...]]:
    """Literal start -> the first `count` scanners that may match there."""
    dispatch: dict[str, list[int]] = {}
    for scanner in _SCANNERS[:count]:
        for start in scanner.starts or ():
            dispatch.setdefault(start, []).append(scanner.ident)
    return dispatch, tuple(sorted({len(start) for start in dispatch}))


def _dispatch() -> tuple[dict[str, list[int]], tuple[int, ...]]:
    """The dispatch table for every scanner defined so far (rebuilt only if one is added later)."""
    return _dispatch_for(len(_SCANNERS))


@dataclass(frozen=True)
class _Entry:
    name: str
    cue: _Cue
    scanner: _Scanner


def _by_label() -> tuple[tuple[str, tuple[_Entry, ...]], ...]:
    """The cues grouped per label, strongest first as written: a weaker cue never re-counts a stronger one's words."""
    groups: dict[str, list[_Entry]] = {}
    for index, cue in enumerate(_CUES):
        groups.setdefault(cue.label, []).append(_Entry(f"c{index}", cue, _Scanner(cue.source)))
    return tuple((label, tuple(entries)) for label, entries in groups.items())


_TABLE = _by_label()
_ARTICLE_SCAN = _Scanner(_ARTICLE_SOURCE)
_GDPR_SCAN = _Scanner(_GDPR_SOURCE)

# --- clause moods ---------------------------------------------------------------------------------------------

_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")
_DASH_BREAK = re.compile(
    r"\s[-–—]+\s|;|,\s*(?=(?:can|could|would|will)\s+you\b|(?:kan|vil|kunne)\s+(?:i|du)\b|please\b|venligst\b)",
    re.IGNORECASE,
)
_CONJUNCTION_BREAK = _Scanner(
    _fold(
        r"\b(?:and|but|og|men|samt|also|plus)\s+(?:how|what|when|why|which|who|where|do\s+you|does|is\s+it|are\s+you"
        r"|can|could|will|tell|hvor|hvad|hvornår|hvorfor|hvilke|hvilken|hvem|hvordan|gemmer|bruger|deler|er\s+det"
        r"|kan|fortæl)\b"
    )
)
_LEAD = _fold(r"\W*(?:(?:hi|hello|hey|hej|hei|dear\s+\w+|and|og|also|but|men|so|så|ok|okay|please|venligst|then)\W+)*")
_WH_START = re.compile(
    _LEAD + r"(?:how|what|when|why|which|who|whom|whose|where|hvordan|hvad|hvornår|hvorfor|hvilke|hvilken|hvilket"
    r"|hvem|hvor|hva)\b",
    re.IGNORECASE,
)
_ASKING = _Scanner(
    _fold(
        r"\b(?:i\s+would\s+like\s+to\s+know|i'd\s+like\s+to\s+know|i\s+wonder|i\s+was\s+wondering|please\s+explain"
        r"|tell\s+me\s+(?:which|what|who|how|whether|if|why|when)|jeg\s+vil\s+gerne\s+vide|jeg\s+vil\s+(?:gerne\s+)?høre"
        r"|jeg\s+undrer\s+mig|jeg\s+er\s+nysgerrig|fortæl\s+(?:mig\s+)?(?:hvilke|hvad|hvem|hvordan|om|hvorfor))\b"
    )
)
_REQUEST_FORM = re.compile(
    _fold(
        _LEAD + r"(?:(?:can|could|would|will)\s+(?:you|u)\b(?!\s+(?:please\s+)?(?:tell|explain|let\s+me\s+know|inform|"
        r"confirm|clarify|describe))|(?:kan|vil|kunne|ville)\s+(?:i|du|dere)\b(?!\s+(?:venligst\s+|godt\s+|lige\s+)?"
        r"(?:fortælle|forklare|oplyse|bekræfte|informere|beskrive))|can\s+i\s+(?:please\s+)?(?:get|have|receive|obtain"
        r"|request|see|be|unsubscribe|opt|download|export|access)\b|kan\s+jeg\s+(?:venligst\s+)?(?:få|blive|bede|afmelde)\b"
        r"|is\s+it\s+possible\s+to\s+(?:get|have|be|receive|delete|remove|unsubscribe)\b|would\s+it\s+be\s+possible\b"
        r"|er\s+det\s+muligt\s+at\s+(?:få|blive|slette|afmelde)\b|må\s+jeg\s+(?:bede|få)\b)"
    ),
    re.IGNORECASE,
)
_HOW_DO_I = re.compile(
    _fold(
        _LEAD + r"(?:how\s+(?:do|can|could|would|should)\s+i|hvordan\s+(?:kan|gør|får|bliver|melder|sletter|afmelder"
        r"|trækker|beder)\s+jeg)\b"
    ),
    re.IGNORECASE,
)
_HYPOTHETICAL = _Scanner(
    _fold(r"\b(?:if\s+(?:i|we|my)|in\s+case\s+i|what\s+happens|hvis\s+(?:jeg|vi|min|mine)|hvad\s+sker\s+der)\b")
)
_PRIVACY_TOPIC = re.compile(
    _fold(
        r"\b(?:data|personal|privacy|privatliv\w*|persondata\w*|personoplysning\w*|oplysning\w*|cookie\w*|gdpr"
        r"|store|stored|storing|keep|kept|retain\w*|retention|gem\w*|opbevar\w*|delet\w*|slet\w*|erasure|shar\w*"
        r"|deler|deles|third[-\s]part\w*|tredjepart\w*|databehandler\w*|processor\w*|consent|samtykke\w*"
        r"|newsletter\w*|nyhedsbrev\w*|datatilsynet|dpo|databeskyttelse\w*|policy|politik\w*|process\w*|behandl\w*"
        r"|transfer\w*|overfør\w*|ip|track\w*|backup\w*|information|indsigt\w*|access|profil\w*|rights?|rettigheder"
        r"|marketing|markedsføring\w*|klage\w*|complain\w*|anonymi\w*|log(?:s|files?|filer)?"
        r"|(?:my|min|mit)\s+(?:e-?mail\w*|mail|mailadresse|address|adresse|phone\s+number|telefonnummer|number|nummer))\b"
    ),
    re.IGNORECASE,
)
_THANKS = re.compile(
    _fold(_LEAD + r"(?:thanks?|thank\s+you|many\s+thanks|tak|mange\s+tak|tusind\s+tak)\s+(?:you\s+)?(?:for|fordi)\b"),
    re.IGNORECASE,
)


@dataclass
class _Clause:
    start: int
    end: int
    info_question: bool  # asks for information (or is hypothetical): TOPIC hits become question evidence
    how_do_i: bool  # "how do I ...": a request, but under doubt
    hypothetical: bool  # "if I delete my account, ...": not even a demand under doubt
    thanks: bool  # "thanks for confirming the deletion": an acknowledgement, not a request
    text: str


def _marks(scanner: _Scanner, text: _Text) -> list[int]:
    return [match.start() for match in scanner.finditer(text)]


def _clauses(text: _Text) -> list[_Clause]:
    """Cut the text into clauses (sentences, then at "; - and how ...") and give each a mood."""
    raw = text.text
    breaks = sorted(
        [(m.start(), m.end()) for m in _DASH_BREAK.finditer(raw)]
        + [(at, at) for at in _marks(_CONJUNCTION_BREAK, text)]
    )
    asking = _marks(_ASKING, text)
    hypothetical = _marks(_HYPOTHETICAL, text)
    found: list[_Clause] = []
    for sentence in _SENTENCE.finditer(raw):
        s_start, s_end = sentence.span()
        asks = "?" in sentence.group()
        pieces: list[tuple[int, int]] = []
        last = s_start
        for b_start, b_end in breaks:
            if s_start <= b_start < s_end and b_start >= last:
                if b_start > last:
                    pieces.append((last, b_start))
                last = b_end
        pieces.append((last, s_end))
        for number, (a, b) in enumerate(pieces):
            piece = raw[a:b]
            if not piece.strip():
                continue
            final = number == len(pieces) - 1
            how_do_i = bool(_HOW_DO_I.match(raw, a, b))
            request = how_do_i or bool(_REQUEST_FORM.match(raw, a, b))
            wondering = any(a <= at < b for at in asking)
            interrogative = (asks and final) or bool(_WH_START.match(raw, a, b)) or wondering
            iffy = any(a <= at < b for at in hypothetical)
            info = (interrogative and not request) or iffy
            thanks = bool(_THANKS.match(raw, a, b))
            found.append(_Clause(a, b, info, how_do_i and not info, iffy, thanks, piece))
    return found


# --- negation, technical senses, redirects ----------------------------------------------------------------------

_WINDOW = 45
_WINDOW_RESET = re.compile(
    r".*(?:[,:;(]|\b(?:but|just|only|instead|rather|men|bare|blot|kun|istedet|stedet|please|venligst|so|så)\b)",
    re.IGNORECASE | re.DOTALL,
)
# Negations count only a few words before the hit: "don't delete", "ikke slet", "haven't yet deleted".
_IGNORED_NEG = re.compile(
    _fold(
        r"\b(?:didn't|did\s+not|haven't|have\s+not|hasn't|has\s+not|never|not\s+yet|yet\s+to|failed\s+to|still\s+not"
        r"|still\s+haven't|har\s+(?:\w+\s+){0,2}(?:ikke|aldrig)|er\s+(?:\w+\s+){0,2}ikke|blev\s+(?:\w+\s+){0,2}ikke"
        r"|stadig\s+ikke|endnu\s+ikke|ikke\s+endnu|aldrig)\b(?=(?:\W+\w+){0,5}\W*$)"
    ),
    re.IGNORECASE,
)
# "if you don't delete ...", "hvis I ikke sletter ...": a demand with a threat, not a negation
_CONDITIONAL_DEMAND = re.compile(
    r"\b(?:if\s+you\s+(?:don't|do\s+not|didn't|won't|fail\s+to)|unless\s+you|hvis\s+(?:I|du)\s+ikke"
    r"|medmindre\s+(?:I|du))\b(?:\W+\w+){0,3}\W*$",
    re.IGNORECASE,
)
_NOT_ASKED = re.compile(r"\b(?:asked|requested|wanted|bedt|ønsket|anmodet)\b", re.IGNORECASE)
_VOLITIONAL_NEG = re.compile(
    _fold(
        r"(?:\b(?:don't|dont|do\s+not|doesn't|does\s+not|not|won't|no\s+need\s+to|ikke|undlad|uden\s+at)\b"
        r"|\blad\s+være\s+med\b|\bbehøver\s+ikke\b)(?=(?:\W+\w+){0,3}\W*$)"
    ),
    re.IGNORECASE,
)
_TECH_OBJECT = re.compile(
    _fold(
        r"\b(?:vm|vms|snapshot\w*|server\w*|bucket\w*|backup\w*|database\w*|domæne\w*|domain\w*|dns|record\w*|files?"
        r"|fil(?:en|er|erne)?|folder\w*|mappe\w*|invoice\w*|faktura\w*|order\w*|ordre\w*|ticket\w*|container\w*"
        r"|instance\w*|disk\w*|volume\w*|website\w*|hjemmeside\w*|site|cache|logs?|repo\w*|branch\w*|mailbox\w*"
        r"|postkasse\w*|e-?mail\s+account|mailkonto\w*|webhotel\w*|certifikat\w*|certificate\w*|bruger\w*\s+på"
        r"|vhost\w*|dokument\w*|document\w*|cookies?|photo\w*|billede\w*|access\s+to\s+the|adgang\w*)\b"
    ),
    re.IGNORECASE,
)
_PERSONAL_AFTER = re.compile(r"\b(?:my|me|mig|min|mine|mit|meg)\b", re.IGNORECASE)
# "my access request", "min anmodning om sletning": the sender's own request, not a question about the right
_OWN_REQUEST = re.compile(r"\b(?:my|our|min|mit|mine|vores)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_CONSENT_OBJECT = re.compile(
    _fold(
        r"^\W*(?:(?:my|the|this|that|those|min|mit|mine|det|den|de)\s+)?(?:\w+\s+)?(?:cv|résumé|resume|photos?"
        r"|pictures?|images?|videos?|recordings?|testimonials?|billede\w*|foto\w*|optagelse\w*|udtalelse\w*|cookies?"
        r"|deltagerliste\w*|ansøgning\w*)\b"
    ),
    re.IGNORECASE,
)
_MARKETING_OBJECT = re.compile(
    _fold(
        r"\b(?:newsletters?|nyhedsbrev\w*|marketing|markedsføring\w*|offers?|tilbud|promotion\w*|advertis\w*"
        r"|reklame\w*|sms|text\s+messages|e-?mails?|mails?|sales\s+calls?|telefonsalg|invitation\w*|ads"
        r"|recommendations|anbefalinger|personali[sz]\w*)\b"
    ),
    re.IGNORECASE,
)
_OWN_OBJECT = re.compile(
    _fold(
        r"\b(?:cookie\w*|photo\w*|picture\w*|billede\w*|foto\w*|video\w*|recording\w*|optagelse\w*|analytics|tracking"
        r"|statistic\w*|statistik\w*|sporing|training|træning|sponsor\w*|deltagerliste\w*|cv)\b"
    ),
    re.IGNORECASE,
)
_PORTABILITY_HINT = re.compile(
    _fold(
        r"\b(?:machine[-\s]?readable|maskinlæsbar\w*|json|csv|xml|structured|struktureret|transfer\w*|overfør\w*"
        r"|another\s+provider|anden\s+udbyder|portab\w*)\b"
    ),
    re.IGNORECASE,
)
_PRIVACY_CONTEXT_SCAN = _Scanner(
    _fold(
        r"\b(?:data|personal|privacy|gdpr|persondata\w*|personoplysning\w*|oplysninger|datatilsynet|newsletter\w*"
        r"|nyhedsbrev\w*|unsubscrib\w*|afmeld\w*|consent|samtykke\w*|request|anmodning\w*|delet\w*|slet\w*"
        r"|erasure|indsigt\w*|access|breach|databrud|mails?|e-?mails?|marketing|markedsføring|cookie\w*|leak\w*"
        r"|address|adresse|phone|telefon\w*|details)\b"
    )
)
_QUOTED_LINE = re.compile(r"^[ \t]*>.*$", re.MULTILINE)
_SUBJECT_NOISE = re.compile(r"^\s*(?:(?:re|sv|fw|fwd|vs|aw|wg|tr)\s*:\s*|\[[^\]]{0,40}\]\s*)+", re.IGNORECASE)
_AUTO_SUBJECT = re.compile(
    _fold(
        r"^\s*(?:automatic\s+reply|auto(?:matic)?[-\s]?reply|autosvar|automatisk\s+svar|out\s+of\s+(?:the\s+)?office"
        r"|fraværende|fravær|ikke\s+på\s+kontoret|undeliverable|undelivered|delivery\s+status\s+notification"
        r"|mail\s+delivery\s+(?:failed|failure|system)|returned\s+mail|kunne\s+ikke\s+leveres|ikke\s+leveret"
        r"|abwesenheitsnotiz|réponse\s+automatique)\b"
    ),
    re.IGNORECASE,
)
_AUTO_BODY_SCAN = _Scanner(
    _fold(
        r"\b(?:i\s+am\s+(?:currently\s+)?(?:out\s+of\s+(?:the\s+)?office|away\s+from|on\s+(?:holiday|vacation|leave))"
        r"|i'm\s+(?:currently\s+)?(?:out\s+of\s+(?:the\s+)?office|away\s+from|on\s+(?:holiday|vacation|leave))"
        r"|jeg\s+er\s+(?:\w+\s+)?(?:fraværende|på\s+ferie|ikke\s+på\s+kontoret|ude\s+af\s+huset|på\s+barsel)"
        r"|this\s+is\s+an\s+automatic(?:ally\s+generated)?\s+(?:reply|message|response)"
        r"|dette\s+er\s+et\s+automatisk\w*\s+(?:svar|genereret)|delivery\s+has\s+failed|could\s+not\s+be\s+delivered"
        r"|kunne\s+ikke\s+leveres)"
    )
)
_AUTO_CONFIRM = re.compile(
    _fold(
        r"\b(?:automatic\w*|automatisk\w*|return\w*|back\s+on|back\s+in|tilbage\s+(?:den|d\.|igen|på)|igen\s+den"
        r"|returnerer|limited\s+access|begrænset\s+adgang|delivery|leveres)\b"
    ),
    re.IGNORECASE,
)

_MAX_CHARS = 20_000
_MAX_EVIDENCE = 8
_AUTO_HEAD = 400


# --- scoring --------------------------------------------------------------------------------------------------


@dataclass
class _Tally:
    text: _Text
    clauses: list[_Clause]
    score: dict[str, float] = field(default_factory=dict)
    contra: dict[str, float] = field(default_factory=dict)
    doubt: set[str] = field(default_factory=set)
    evidence: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    seen: set[tuple[str, str]] = field(default_factory=set)
    ignored_request: bool = False
    # information-question clauses -> the labels whose cues were turned into question evidence there
    question_clauses: dict[int, set[str]] = field(default_factory=dict)
    consumed_clauses: set[int] = field(default_factory=set)
    _context: bool | None = None

    def add(self, label: str, weight: float, key: str, position: int, phrase: str) -> None:
        """Count a cue once per label, however often it repeats; keep the phrase as evidence."""
        self.evidence.setdefault(label, []).append((position, phrase))
        if (label, key) in self.seen:
            return
        self.seen.add((label, key))
        self.score[label] = self.score.get(label, 0.0) + weight

    def against(self, label: str, weight: float) -> None:
        self.contra[label] = self.contra.get(label, 0.0) + weight

    def privacy_context(self) -> bool:
        """Whether the message is about personal data at all (looked up once, only when a cue needs it)."""
        if self._context is None:
            self._context = _PRIVACY_CONTEXT_SCAN.search(self.text) is not None
        return self._context


def _window(text: str, clause: _Clause, start: int) -> str:
    """The words just before a hit, in its clause, after the last comma or "but/just/please"."""
    before = text[max(clause.start, start - _WINDOW) : start]
    reset = _WINDOW_RESET.match(before)
    return before[reset.end() :] if reset else before


def _redirected(cue: _Cue, clause_text: str) -> str:
    """Consent or objection wording about newsletters and offers is a marketing opt-out (SPEC conventions)."""
    if cue.redirect and _MARKETING_OBJECT.search(clause_text) and not _OWN_OBJECT.search(clause_text):
        return "marketing_optout"
    return cue.label


def _read(text: _Text, lang: str) -> _Tally:
    """Run every label's cues over the text and weigh each hit in its clause."""
    clauses = _clauses(text)
    tally = _Tally(text, clauses)
    starts = [clause.start for clause in clauses]
    moods_apply = lang in ("da", "en")
    fallback = _Clause(0, len(text.text), False, False, False, False, text.text)
    for _label, entries in _TABLE:
        claimed: list[tuple[int, int]] = []
        for entry in entries:
            for match in entry.scanner.finditer(text):
                start, end = match.span()
                if any(start < c_end and c_start < end for c_start, c_end in claimed):
                    continue
                index = max(bisect_right(starts, start) - 1, 0)
                clause = clauses[index] if clauses else fallback
                if _weigh(tally, entry, match, clause, index, moods_apply):
                    claimed.append((start, end))
    if moods_apply:
        for index, clause in enumerate(clauses):
            if clause.info_question and _PRIVACY_TOPIC.search(clause.text):
                tally.question_clauses.setdefault(index, set())
    return tally


def _weigh(tally: _Tally, entry: _Entry, match: re.Match[str], clause: _Clause, index: int, moods: bool) -> bool:
    """Decide what one hit counts for (module docstring, step 4); False if it did not count at all."""
    cue, name, raw = entry.cue, entry.name, tally.text.text
    phrase = " ".join(match.group().split())
    if cue.needs_context and not tally.privacy_context():
        return False
    if cue.label == "other":
        tally.add("other", cue.weight, name, match.start(), phrase)
        return True
    if cue.unless is not None and cue.unless.search(clause.text):
        return True
    if clause.thanks and cue.kind != FIXED:
        tally.add("other", 1.0, "thanks", clause.start, " ".join(clause.text.split())[:60])
        return True
    label = _redirected(cue, clause.text)
    window = _window(raw, clause, match.start())
    if cue.unless_before is not None and cue.unless_before.search(window):
        return True
    demand = bool(_CONDITIONAL_DEMAND.search(window))
    negations = [] if demand else list(_IGNORED_NEG.finditer(window))
    ignored = bool(negations) and not _NOT_ASKED.search(window)
    if cue.ignored_only and not ignored:
        return False
    if cue.neg and not ignored and not demand and _VOLITIONAL_NEG.search(window):
        tally.against(label, cue.weight)
        return True
    if cue.tech:
        limit = min(clause.end, match.end() + 40)
        while limit < clause.end and raw[limit].isalnum():
            limit += 1  # never cut a word in two ("mere" is not "me")
        after = raw[match.end() : limit]
        if _CONSENT_OBJECT.search(after):
            return True
        thing = _TECH_OBJECT.search(after)
        if thing and not _PERSONAL_AFTER.search(after, thing.end()):
            tally.against(label, cue.weight)
            tally.add("other", 1.0, f"tech{name}", match.start(), f"{phrase}{after}".strip()[:60])
            return True
    if cue.yields and _PORTABILITY_HINT.search(clause.text):
        return True
    if ignored and label in RIGHTS:
        tally.ignored_request = True
        said = " ".join(window[negations[-1].start() :].split())
        tally.add("complaint", 2.0, f"ign{name}", match.start(), f"{said} {phrase}")
    own_request = cue.kind == TOPIC and bool(_OWN_REQUEST.search(window))
    if moods and clause.info_question and not ignored and cue.kind != FIXED and not own_request:
        if label in RIGHTS and cue.kind == ACT and not clause.hypothetical:
            tally.add(label, 1.0, name, match.start(), phrase)
            tally.doubt.add(label)
            tally.consumed_clauses.add(index)
            return True
        tally.against(label, cue.weight)
        tally.question_clauses.setdefault(index, set()).add(label)
        return True
    tally.add(label, cue.weight, name, match.start(), phrase)
    if label in RIGHTS:
        tally.consumed_clauses.add(index)
        soft = cue.foreign or cue.doubt or (clause.how_do_i and cue.kind != FIXED)
        tally.doubt.add(f"{label}:{'soft' if soft else 'firm'}")
    return True


def _questions(tally: _Tally, chosen: list[str]) -> None:
    """Question evidence from information questions that are separate from the requests already chosen."""
    for index, about in sorted(tally.question_clauses.items()):
        if index in tally.consumed_clauses or about & set(chosen):
            continue
        clause = tally.clauses[index]
        tally.add("question", 2.0, f"q{index}", clause.start, " ".join(clause.text.split())[:80])


def _articles(tally: _Tally) -> None:
    """GDPR article numbers name the right directly, in any language."""
    for match in _ARTICLE_SCAN.finditer(tally.text):
        number = int(match.group(1))
        paragraph = match.group(2) or match.group(3)
        label = _ARTICLE_LABEL.get(number)
        if number == 21 and paragraph in ("2", "3"):
            label = "marketing_optout"
        elif number == 7 and paragraph == "3":
            label = "consent_withdrawal"
        if label is None:
            continue
        tally.add(label, 3.0, f"art{number}", match.start(), " ".join(match.group().split()))
        if label in RIGHTS:
            tally.doubt.add(f"{label}:firm")


def _confidence(margin: float) -> float:
    """A monotone map of the evidence margin to 0..1: 1 -> 0.4, 2 -> 0.57, 3 -> 0.67, 6 -> 0.8."""
    margin = max(margin, 0.0)
    return round(margin / (margin + 1.5), 3)


def _evidence(tally: _Tally, labels: tuple[str, ...]) -> tuple[str, ...]:
    """The deciding phrases, in the order they appear, each once (a phrase inside a longer one is dropped)."""
    items = sorted(item for label in labels for item in tally.evidence.get(label, ()))
    phrases: list[str] = []
    for _, phrase in items:
        key = phrase.lower()
        if not key or any(key in kept.lower() for kept in phrases):
            continue
        phrases = [kept for kept in phrases if kept.lower() not in key]
        phrases.append(phrase)
    return tuple(phrases[:_MAX_EVIDENCE])


def _prepare(subject: str, text: str) -> str:
    """Subject and text read together, without quoted lines or reply prefixes; one kind of apostrophe."""
    subject = _SUBJECT_NOISE.sub("", subject or "")
    body = _QUOTED_LINE.sub("", text or "")
    return f"{subject}\n{body}"[:_MAX_CHARS].replace("\u2019", "'")


def _auto_reply(subject: str, combined: _Text) -> str | None:
    """The phrase that shows an out-of-office reply or a bounce (in the subject or the first lines), if any."""
    found = _AUTO_SUBJECT.search(subject or "")
    if found:
        return found.group().strip()
    head_end = combined.text.find("\n") + 1 + _AUTO_HEAD
    body = _AUTO_BODY_SCAN.search(combined)
    if body and body.start() < head_end and _AUTO_CONFIRM.search(combined.text, 0, head_end):
        return body.group().strip()
    return None


def classify(subject: str, text: str, lang: str) -> Understanding:
    """Labels (SPEC taxonomy), confidence, triage flag and evidence for one message's new text."""
    combined = _Text(_prepare(subject, text))
    tally = _read(combined, lang)
    _articles(tally)
    rights = [label for label in LABELS if label in RIGHTS and tally.score.get(label, 0.0) >= 1.0]
    auto = _auto_reply(subject, combined)
    if auto is not None:
        # An out-of-office reply or a bounce is never a request, even when it quotes one; staff look if it seemed to.
        return Understanding(("other",), 0.9, bool(rights) or lang not in ("da", "en"), (auto,))

    labels = list(rights)
    if tally.score.get("complaint", 0.0) >= 2.0:
        labels.append("complaint")
    _questions(tally, labels)
    if tally.score.get("question", 0.0) >= 2.0:
        labels.append("question")

    triage = lang not in ("da", "en")
    gdpr = _GDPR_SCAN.search(combined)
    if not labels and gdpr is not None:
        # Cites the GDPR but names no right we can see: never "other"; the nearest honest label is a question.
        tally.add("question", 1.0, "gdpr", gdpr.start(), gdpr.group())
        labels.append("question")
        triage = True

    if not labels:
        suppressed = sum(tally.contra.get(label, 0.0) for label in RIGHTS)
        confidence = _confidence(1.0 + tally.score.get("other", 0.0) - 0.5 * suppressed)
        triage = triage or confidence < 0.5 or suppressed >= 3.0
        return Understanding(("other",), confidence, triage, _evidence(tally, ("other",)))

    ordered = tuple(label for label in LABELS if label in labels)
    confidence = min(_confidence(tally.score.get(label, 0.0) - 0.5 * tally.contra.get(label, 0.0)) for label in ordered)
    for label in ordered:
        if label in RIGHTS and (tally.score[label] < 2.0 or f"{label}:firm" not in tally.doubt):
            triage = True  # a right kept on weak or doubtful evidence
        if label in tally.doubt:
            triage = True  # a demand that was phrased as a question
    if tally.ignored_request and not rights:
        triage = True  # a complaint about an ignored request that does not say which right it was
    triage = triage or confidence < 0.5
    return Understanding(ordered, confidence, triage, _evidence(tally, ordered))
