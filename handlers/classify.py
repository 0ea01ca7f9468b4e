"""A rule-based reading of a privacy-mailbox message: SPEC taxonomy labels, evidence, confidence, triage.

Why rules: every label must be explainable to staff ("which words made you think this is an erasure request?") and the
costly error is a missed rights request (a missed legal deadline). The cue tables live in handlers/cues.py, the fast
scanning in handlers/cue_scan.py; this module reads a message with them.

How a message is read:
1. Subject and text are read together; "> " quoted lines are ignored. A subject names a matter: a right's TOPIC word
   that only occurs there counts half, and becomes question evidence when the text asks about it. Under our own case
   subject ("Re: [PRV-...] Your copy of personal data") a reply that only closes the matter ("Thanks, I received the
   file") is read without the subject: those words are ours.
2. The text is cut into clauses (sentences, then "; - , but ..." pieces). Each clause gets a mood: a statement or
   demand, a request phrased as a question ("can you delete ...", "kan I slette ..."), a "how do I ..." question (a
   request under doubt), or an information question / hypothetical ("how long does an erasure take?", "if I delete my
   account ..."). "... ? Det vil jeg gerne have at vide." turns the question before it into a request.
3. Each label has a table of weighted cues (1 weak, 2 medium, 3 strong), strongest first; a weaker cue never re-counts
   words a stronger one took. Kinds: ACT (a demand with a personal object), TOPIC (names a right or subject), FIXED
   (decides in any mood). The last cues of each label are looser ("an erasure word and my data in one sentence"):
   they keep the right under doubt, so staff look.
4. Each hit is checked against its clause:
   - negation a few words before it: a volitional one ("don't", "ikke", "lad være med") drops the hit; an "ignored"
     one ("you still haven't", "I har ikke") keeps the right and adds complaint evidence ("I never signed up" does
     not); "if you don't ..." / "hvis I ikke ..." is a demand, not a negation;
   - technical objects after a bare verb ("delete the old VM snapshot") drop it; the company as the one acting ("you
     will delete my account", "at I vil slette") drops it; so does "thanks for deleting my data";
   - a right named as the condition of another request ("while my objection is looked at"), or as a request already
     handled ("you handled my access request badly"), does not count; one named as an earlier request ("I asked you
     to correct it last week") gives way to a new request, but stays beside a complaint about it being late;
   - in an information question a TOPIC hit becomes question evidence and an ACT hit is kept at weight 1 under doubt,
     unless the question is generic ("kan man ...", "can one ...") or about who does what ("which staff can see ..."),
     or the message says it only asks ("just curious", "jeg overvejer det"): then it is a question (staff still look);
   - a complaint's judgement ("why do I STILL get your newsletter?") counts even in a question; a complaint word that
     only names the matter ("klage", "breach") is a question there;
   - consent/objection wording about newsletters or offers becomes marketing_optout (SPEC conventions); a sentence that
     names both ("alle mine samtykker - både nyhedsbrevet og cookies") is both;
   - a plain "copy" next to a machine-readable format, a spreadsheet or a new provider yields to portability;
   - the company's own plan ("I know you have planned to delete my data") is no erasure demand, and a right named in
     the story of an earlier call ("I phoned to ask how I could see my data") is no new request;
   - "I'd rather you didn't ..." is a wish, not a request the company ignored.
5. Labels: a right needs weight 1; beside a firm right (weight 2) or a complaint, a weak right is dropped, and beside a
   non-privacy matter (billing, support) a weak right alone becomes "other" with triage. Complaint and question need
   weight 2. Questions that belong to an access request (who got my data, how long you keep it), a complaint's
   rhetorical "why ...?!" and a subject line's question beside other labels are not separate questions. A right asked
   for again after an earlier (not recent) request needs only a little displeasure to be complaint + that right too.
   A right named as an earlier request, or a right the writer already used ("I objected last month ... still"), needs
   only a little more displeasure for a complaint (a late or ignored request). A question the writer sets apart
   ("Unrelated: ...", "Derudover et spørgsmål") is a question of its own, even about what an access answer holds.
   A message about personal data (personoplysninger, my data, privacy, a processor agreement ...) that no cue labels
   is a question when it asks, else a complaint when it shows displeasure -- with triage, never "other". "other" only
   when nothing else applies.
6. GDPR references (article numbers, GDPR/DSGVO/RGPD/AVG/...) are never "other": the article names the right, or,
   with no article that maps, a right named in a few foreign languages, or else "question" (a complaint when it shows
   displeasure) -- always with triage.
7. confidence = m / (m + 1.5) with m the label's evidence weight minus half of its contrary (dropped) evidence; the
   lowest over the chosen labels ("other": 1 + its own evidence minus half of the dropped rights evidence). triage
   when confidence < 0.5, a right was kept under doubt, the language is not Danish or English, or a complaint about
   an ignored request names no right.
8. Out-of-office replies and bounces (subject, or the first lines) are "other" even when they quote a request
   (triage if they seemed to carry one).
9. A language other than Danish or English: cues still run (English and Danish words, a few words in German,
   French, Spanish, Italian, Portuguese, Dutch, Polish and Swedish, GDPR article numbers); whatever is found is kept,
   always with triage; a question about personal data ("meine Daten", "mes données") is a question; with nothing
   found the label is "other" -- still with triage, because the clock may be running.
"""

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from handlers.cue_scan import SPACES, START_LEN, Scanner, ScanText, Whole, fold, opening_starts
from handlers.cues import (
    ACT,
    ARTICLE_LABEL,
    ARTICLE_SOURCE,
    AUTHORITY_SOURCE,
    FIXED,
    GDPR_SOURCE,
    OUR_SYSTEMS,
    RECENT,
    TABLE,
    TOPIC,
    Cue,
    Entry,
)
from handlers.labels import LABELS, RIGHTS
from handlers.second_opinion import MAY_VETO, RIGHT_BESIDE, Opinion, second_opinion


@dataclass(frozen=True)
class Understanding:
    """What the bot understood a message to ask for."""

    labels: tuple[str, ...]
    confidence: float
    triage: bool
    evidence: tuple[str, ...]


# Rules' evidence this strong (a firm cue and more: "you still send me newsletters after I unsubscribed!") is not
# vetoed by the word model, which reads few words in a one-liner; nor is a complaint that names the authority.
_BEYOND_VETO = 5.0
_AUTHORITY_SCAN = Scanner(AUTHORITY_SOURCE)
_ARTICLE_SCAN = Scanner(ARTICLE_SOURCE)
_GDPR_SCAN = Scanner(GDPR_SOURCE)

# --- clause moods ---------------------------------------------------------------------------------------------

# A sentence ends at . ! ? followed by a space or the end, or at a line end ("14.03.1981" and "example.com" go on).
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+(?=[^\s.!?])[^.!?\n]*)*(?:[.!?]+|\n|$)")
# Clause breaks inside a sentence: " - ", ";", and ", " before "can you / please / but". Written to start with the
# punctuation itself, so that `re` only stops at those characters.
_DASH_BREAK = re.compile(
    r"[-–—;,](?:(?<=\s[-–—])[-–—]*\s|(?<=;)|(?<=,)\s*(?=(?:can|could|would|will)\s+you\b|(?:kan|vil|kunne)\s+(?:i|du)\b"
    r"|please\b|venligst\b|but\b|men\b))",
    re.IGNORECASE,
)
_CONJUNCTION_BREAK = Scanner(
    fold(
        r"\b(?:and|but|og|men|samt|also|plus)\s+(?:how|what|when|why|which|who|where|do\s+you|does|is\s+it|are\s+you"
        r"|can|could|will|tell|hvor|hvad|hvornår|hvorfor|hvilke|hvilken|hvem|hvordan|gemmer|bruger|deler|er\s+det"
        r"|kan|fortæl)\b"
    )
)
# Greetings and connectors before a clause's first real word ("Hi, and please ...").
_LEAD = re.compile(
    fold(r"\W*(?:(?:hi|hello|hey|hej|hei|dear\s+\w+|and|og|also|but|men|so|så|ok|okay|please|venligst|then)\W+)*"),
    re.IGNORECASE,
)
_ASKING = Scanner(
    fold(
        r"\b(?:i\s+would\s+like\s+to\s+know|i'd\s+like\s+to\s+know|i\s+wonder|i\s+was\s+wondering|just\s+wondering"
        r"|please\s+explain"
        r"|tell\s+me\s+(?:which|what|who|how|whether|if|why|when)|jeg\s+vil\s+gerne\s+vide|jeg\s+vil\s+(?:gerne\s+)?høre"
        r"|jeg\s+undrer\s+mig|jeg\s+er\s+nysgerrig|fortæl\s+(?:mig\s+)?(?:hvilke|hvad|hvem|hvordan|om|hvorfor))\b"
    )
)
_HYPOTHETICAL = Scanner(
    fold(
        r"\b(?:if\s+(?:i|we|my)|in\s+case\s+i|what\s+happens|hvis\s+(?:jeg|vi|min|mine)|hvad\s+sker\s+der"
        r"|(?:if|hvis)\s+(?:the\s+)?(?:police|politiet|authorities|myndighederne|a\s+court|en\s+domstol|someone|nogen))\b"
    )
)
_PRIVACY_TOPIC = re.compile(
    fold(
        r"\b(?:data|personal|privacy|privatliv\w*|persondata\w*|personoplysning\w*|oplysning\w*|cookie\w*|gdpr"
        r"|store|stored|storing|keep|kept|retain\w*|retention|gem\w*|opbevar\w*|delet\w*|slet\w*|erasure|shar\w*"
        r"|deler|deles|third[-\s]part\w*|tredjepart\w*|\w*databehandler\w*|\w*processors?|consent|samtykke\w*|eu|eøs"
        r"|tredjeland\w*|third\s+countr\w*|encrypt\w*|krypter\w*"
        r"|newsletter\w*|nyhedsbrev\w*|datatilsynet|dpo|databeskyttelse\w*|policy|politik\w*|process\w*|behandl\w*"
        r"|transfer\w*|overfør\w*|ip|track\w*|information|indsigt\w*|access|profil\w*|rights?|rettigheder"
        r"|marketing|markedsføring\w*|klage\w*|complain\w*|anonymi\w*|log(?:s|files?|filer)?|dataansvarlig\w*"
        r"|controller|analytics|statisti\w*|besøgende|visitors|optag\w*|record\w*|telefonsamtal\w*|phone\s+calls?"
        r"|tavshedspligt|fortrolighed\w*|confidential\w*|mailbox\w*|mailboks\w*|postkass\w*"
        r"|request\w*|anmodning\w*|in\s+my\s+name|i\s+mit\s+navn|legal\s+basis|grundlag|retsgrundlag|usa"
        r"|lovlig\w*|ulovlig\w*|legal|illegal|allowed|permitted|lov\s+til|(?:without|uden)\s+(?:at\s+)?(?:asking|spørge)"
        r"|saved|saves|saving|gemt|(?:in|to|from)\s+the\s+us|outside\s+the\s+(?:eu|eea)|external\s+(?:service|provider)\w*"
        r"|ekstern\w*\s+(?:service|leverandør\w*|tjeneste\w*|udbyder\w*)|credit\s+(?:checks?|rating\w*)|kredit\w*"
        r"|(?:what\s+do\s+you\s+do\s+with|hvad\s+gør\s+i\s+med|read\w*|læse\w*|læser)\s+(?:\w+\s+)?(?:my|mine|min|mit|the|de|det"
        r"|customers'|kundernes)\s+(?:\w+\s+)?(?:mails?|e-?mails?|messages|beskeder|data|oplysninger|information|calls?"
        r"|opkald|samtaler|recordings?|optagelser|chats?|tickets?)"
        r"|sagt\s+ja|said\s+yes"
        r"|(?:my|min|mit)\s+(?:e-?mail\w*|mail|mailadresse|address|adresse|phone\s+number|telefonnummer|number|nummer"
        r"|fødselsdato|date\s+of\s+birth|cpr\w*|personnummer|name|navn))\b"
    ),
    re.IGNORECASE,
)


class _Opening:
    """How a clause may open, read after its greetings and connectors; tried only when the clause's first word can
    begin it (most clauses open with a word none of the openings can)."""

    __slots__ = ("pattern", "starts")

    def __init__(self, source: str) -> None:
        self.pattern = re.compile(source, re.IGNORECASE)
        self.starts = opening_starts(source, re.IGNORECASE)

    def may_open(self, chunk: str) -> bool:
        return self.starts is None or any(chunk[:size] in self.starts for size in range(1, len(chunk) + 1))


_WH_START = _Opening(
    r"(?:how|what|when|why|which|who|whom|whose|where|hvordan|hvad|hvornår|hvorfor|hvilke|hvilken|hvilket"
    r"|hvem|hvor|hva)\b(?<!\bwhen(?=\s+(?:i|we)\b))(?!\s+(?:i|we|jeg|vi)\s+(?:[\w']+\s+)?(?:want|need|would|'d|ask|am\s+asking|mean|wish|expect|vil|ønsker"
    r"|beder|mener|created|did|was|were|got|tried|called|wrote|logged|signed|opened|moved|lavede|oprettede|flyttede"
    r"|skrev|ringede|prøvede|var)\b)"
)
_REQUEST_FORM = _Opening(
    fold(
        r"(?:(?:can|could|would|will)\s+(?:you|u)\b(?!\s+(?:please\s+)?(?:tell|explain|let\s+me\s+know|inform|"
        r"confirm|clarify|describe))|(?:kan|vil|kunne|ville)\s+(?:i|du|dere)\b(?!\s+(?:venligst\s+|godt\s+|lige\s+)?"
        r"(?:fortælle|forklare|oplyse|bekræfte|informere|beskrive))|can\s+i\s+(?:please\s+)?(?:get|have|receive|obtain"
        r"|request|see|be|unsubscribe|opt|download|export|access)\b|kan\s+jeg\s+(?:venligst\s+)?(?:få|blive|bede|afmelde)\b"
        r"|is\s+it\s+possible\s+to\s+(?:get|have|be|receive|delete|remove|unsubscribe)\b|would\s+it\s+be\s+possible\b"
        r"|er\s+det\s+muligt\s+at\s+(?:få|blive|slette|afmelde)\b|må\s+jeg\s+(?:bede|få)\b)"
    )
)
_HOW_DO_I = _Opening(
    fold(
        r"(?:how\s+(?:do|can|could|would|should)\s+i|hvordan\s+(?:kan|gør|får|bliver|melder|sletter|afmelder"
        r"|trækker|beder|slipper|undgår|stopper|frameld\w*)\s+jeg)\b"
    )
)
_THANKS = _Opening(
    fold(
        r"(?:thanks?|thank\s+you|many\s+thanks|tak|mange\s+tak|tusind\s+tak)\s+(?:a\s+lot\s+|so\s+much\s+|very\s+much\s+)?"
        r"(?:you\s+)?(?:for|fordi)\b"
    )
)


# A yes/no question ("Is it Datatilsynet, and ...?", "Bruger I Google Analytics?"), in a sentence that ends with "?"
_YES_NO = re.compile(
    fold(
        r"(?:is|are|was|were|do|does|did|have|has|er|har|gør|bruger|deler|gemmer|sælger|sender|findes|får|skal|må)"
        r"\s+(?:it|there|you|your|i|we|they|these|those|det|der|jeres|jer|man|jeg|vi|de|disse)\b"
    ),
    re.IGNORECASE,
)
# A question about the processing typed like a chat message, without "?": "do u share my email with other companies"
_CHAT_QUESTION = re.compile(
    r"(?:do|does)\s+(?:you|u)\s+(?:\w+\s+)?(?:share|sell|keep|store|save|use|give|pass|track|log|record|process)\b",
    re.IGNORECASE,
)
# "... ? Det vil jeg gerne have at vide." / "... ? I'd like that.": the question before was a request.
_AFFIRMS = re.compile(
    fold(
        r"\W*(?:det\s+(?:vil|ønsker)\s+jeg\s+(?:nemlig\s+|rigtig\s+)?(?:gerne|også)|det\s+beder\s+jeg\s+om"
        r"|fortæl\s+(?:mig|os)\s+(?:det|dette|hvem|hvor)|tell\s+me\s+(?:that|this|who|where)"
        r"|(?:and\s+)?i(?:'d|\s+would)\s+like\s+(?:that|to\s+know\s+that|you\s+to\s+(?:do\s+(?:that|so)|tell\s+me))"
        r"|please\s+(?:do(?:\s+(?:that|so|it))?|tell\s+me)|(?:that|which)\s+is\s+what\s+i\s+(?:want|am\s+asking\s+for)"
        r"|(?:please\s+)?send\s+(?:me|us)\s+(?:an?\s+(?:overview|copy|list)\s+of\s+)?(?:that|this|those|these|the)\s+"
        r"(?:information|info|data|details|list)|send\s+(?:mig|os)\s+(?:en\s+(?:oversigt|kopi|liste)\s+over\s+)?(?:de|disse)\s+"
        r"(?:oplysninger|data))\b"
    ),
    re.IGNORECASE,
)
# "Which of your staff can see my data?": a question about who does something, not a request to do it
_WHO = re.compile(fold(r"\W*(?:who|which|whom|hvem|hvilke|hvilken|hvilket)\b"), re.IGNORECASE)
# Questions about people in general or about doing it oneself: "kan man ...", "can one ...", "kan jeg selv ..."
_GENERIC = re.compile(
    fold(
        r"\b(?:man|one|someone|somebody|anyone|a\s+customer\w*|customers|people|users|brugere|kunder|en\s+kunde"
        r"|kan\s+jeg\s+selv|selv\s+(?:rette|slette|ændre|afmelde|gøre|finde|hente|downloade)|myself|by\s+myself)\b"
    ),
    re.IGNORECASE,
)
# A message that says it only asks: its rights words are questions (staff still look, in case it was a request).
_EXPLORING = Scanner(
    fold(
        r"\b(?:just\s+(?:asking|curious|wondering|want(?:ed)?\s+to\s+(?:know|understand)|for\s+(?:understanding|info))"
        r"|only\s+asking|asking\s+for\s+a\s+(?:friend|colleague)|for\s+(?:my\s+)?(?:general|own)\s+(?:knowledge"
        r"|understanding|information)|not\s+(?:asking|applying|closing|deciding|leaving|switching)\s+(?:\w+\s+){0,3}yet"
        r"|(?:haven't|have\s+not|not)\s+(?:yet\s+)?decided|before\s+i\s+decide|planning\s+ahead|thinking\s+about\s+it"
        r"|(?:spørger|spørg)\s+bare|bare\s+(?:nysgerrig|for\s+at\s+vide|så\s+jeg\s+ved|lige\s+for\s+at\s+høre|et\s+spørgsmål)"
        r"|for\s+en\s+(?:ven|veninde|kollega|bekendt)|spørger\s+for\s+en|overvejer\s+(?:det|at)"
        r"|ikke\s+besluttet|før\s+jeg\s+(?:beslutter|bestemmer|skifter)|hvis\s+man\s+en\s+dag|en\s+dag\s+får\s+lyst"
        r"|i\s+teorien|in\s+theory|hypothetically|hypotetisk)\b"
    )
)


@lru_cache(maxsize=1 << 12)
def _openings(chunk: str) -> tuple[bool, bool, bool, bool]:
    """Which openings a clause whose first word begins with `chunk` may have: how-do-I, request, wh-question, thanks."""
    chunk = chunk.translate(SPACES)  # as the openings' starts are written
    return (
        _HOW_DO_I.may_open(chunk),
        _REQUEST_FORM.may_open(chunk),
        _WH_START.may_open(chunk),
        _THANKS.may_open(chunk),
    )


@dataclass(slots=True)
class _Clause:
    start: int
    end: int
    info_question: bool  # asks for information (or is hypothetical): TOPIC hits become question evidence
    how_do_i: bool  # "how do I ...": a request, but under doubt
    hypothetical: bool  # "if I delete my account, ...": not even a demand under doubt
    thanks: bool  # "thanks for confirming the deletion": an acknowledgement, not a request
    text: str
    asks: bool = False  # ends with "?" or opens as a question, whatever its mood


def _marks(scanner: Scanner, text: ScanText) -> list[int]:
    return [match.start() for match in scanner.finditer(text)]


def _clauses(text: ScanText) -> list[_Clause]:
    """Cut the text into clauses (sentences, then at "; - and how ...") and give each a mood."""
    raw = text.text
    breaks = sorted(
        [(m.start(), m.end()) for m in _DASH_BREAK.finditer(raw)]
        + [(at, at) for at in _marks(_CONJUNCTION_BREAK, text)]
    )
    break_starts = [start for start, _ in breaks]
    asking = _marks(_ASKING, text)
    hypothetical = _marks(_HYPOTHETICAL, text)
    low = text.low
    found: list[_Clause] = []
    for sentence in _SENTENCE.finditer(raw):
        s_start, s_end = sentence.span()
        asks = "?" in sentence.group()
        sentence_iffy = False  # "If I close my account, will you delete my data?": the whole question is "if"
        pieces: list[tuple[int, int]] = []
        last = s_start
        for b_start, b_end in breaks[bisect_left(break_starts, s_start) : bisect_left(break_starts, s_end)]:
            if b_start >= last:
                if b_start > last:
                    pieces.append((last, b_start))
                last = b_end
        pieces.append((last, s_end))
        for number, (a, b) in enumerate(pieces):
            piece = raw[a:b]
            if not piece.strip():
                continue
            final = number == len(pieces) - 1
            lead = _LEAD.match(raw, a, b)
            opening = lead.end() if lead else a
            how, request_form, wh, thank = _openings(low[opening : opening + START_LEN])
            how_do_i = how and _HOW_DO_I.pattern.match(raw, opening, b) is not None
            request = how_do_i or (request_form and _REQUEST_FORM.pattern.match(raw, opening, b) is not None)
            wondering = bool(asking) and any(a <= at < b for at in asking)
            interrogative = (asks and final) or (wh and _WH_START.pattern.match(raw, opening, b) is not None)
            interrogative = interrogative or wondering or (asks and _YES_NO.match(raw, opening, b) is not None)
            interrogative = interrogative or _CHAT_QUESTION.match(raw, opening, b) is not None
            iffy = (bool(hypothetical) and any(a <= at < min(b, opening + 16) for at in hypothetical)) or (
                asks and sentence_iffy
            )
            sentence_iffy = sentence_iffy or iffy
            info = (interrogative and not request) or iffy
            thanks = thank and _THANKS.pattern.match(raw, opening, b) is not None
            if found and found[-1].info_question and not found[-1].hypothetical and _AFFIRMS.match(raw, opening, b):
                # "... ? Det vil jeg gerne have at vide.": it was a request (with the question pieces just before it)
                for earlier in reversed(found[-3:]):
                    if not earlier.info_question or earlier.hypothetical:
                        break
                    earlier.info_question = False
            found.append(_Clause(a, b, info, how_do_i and not info, iffy, thanks, piece, interrogative or request))
    return found


# --- negation, technical senses, redirects ----------------------------------------------------------------------

_WINDOW = 45
_WINDOW_RESET = re.compile(
    r".*(?:[,:;(]|\b(?:but|just|only|instead|rather|men|bare|blot|kun|istedet|stedet|please|venligst|so|så)\b)",
    re.IGNORECASE | re.DOTALL,
)
# Negations count only a few words before the hit: "don't delete", "ikke slet", "haven't yet deleted".
_IGNORED_NEG = re.compile(
    fold(
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
# "I never signed up": the writer's own "never", not a request the company ignored
_SELF_NEG = re.compile(
    fold(r"\b(?:i|we|jeg|vi)\s+(?:have\s+|har\s+|had\s+|havde\s+)?(?:never|aldrig)\b"), re.IGNORECASE
)
_NOT_ASKED = re.compile(
    r"\b(?:asked|requested|wanted|bedt|ønsket|anmodet|prefer|rather|foretrækker|helst)\b", re.IGNORECASE
)
_VOLITIONAL_NEG = re.compile(
    fold(
        r"(?:\b(?:don't|dont|do\s+not|doesn't|does\s+not|not|won't|no\s+need\s+to|ikke|undlad|uden\s+at)\b"
        r"|\blad\s+være\s+med\b|\bbehøver\s+ikke\b|\bvent\w*\s+med\b|\bwait\s+(?:with|before)\b|\bhold\s+off\b)"
        r"(?=(?:\W+\w+){0,3}\W*$)"
    ),
    re.IGNORECASE,
)
_TECH_OBJECT = re.compile(
    fold(
        r"\b(?:vm|vms|snapshot\w*|server\w*|bucket\w*|backup\w*|database\w*|domæne\w*|domain\w*|dns|record\w*|files?"
        r"|fil(?:en|er|erne)?|folder\w*|mappe\w*|invoice\w*|faktura\w*|order\w*|ordre\w*|ticket\w*|container\w*"
        r"|instance\w*|disk\w*|volume\w*|website\w*|hjemmeside\w*|site|cache|logs?|repo\w*|branch\w*|mailbox\w*|mailboks\w*"
        r"|postkasse\w*|e-?mail\s+account|mailkonto\w*|webhotel\w*|certifikat\w*|certificate\w*|bruger\w*\s+på"
        r"|vhost\w*|dokument\w*|document\w*|cookies?|photo\w*|billede\w*|access\s+to\s+(?:the\b|/)|adgang\w*|exchange"
        r"|user\s+list|brugerliste\w*|active\s+directory|office\s*365|wordpress|contact\s+form\w*|kontaktformular\w*)\b"
    ),
    re.IGNORECASE,
)
# "Last week I asked you to correct ...", "Jeg anmodede om berigtigelse i januar": an earlier request referred to
# (not "she asked us to ...": a request passed on to the writer)
_EARLIER_ASK = re.compile(
    fold(
        r"\b(?:asked|requested|wrote|had\s+asked|have\s+asked|i've\s+asked|anmodede|bad|har\s+bedt|havde\s+bedt|skrev"
        r"|objected|have\s+objected|gjorde|har\s+gjort|protesterede"
        r"|har\s+skrevet)\b(?!\s+(?:os|us|mig|me)\b)(?:\W+\w+){0,5}\W*$"
    ),
    re.IGNORECASE,
)
# The writer asked for something before ("I asked for my data 7 weeks ago. Still waiting."): a complaint about it
# that names no right may still hold an open request
_ASKED_BEFORE = Whole(
    re.compile(
        fold(r"\b(?:asked|requested|wrote|written|bad|bedt|anmodede|anmodet|skrev|skrevet|rykket|rykkede)\b"),
        re.IGNORECASE,
    )
)
# "You handled my access request badly", "måden I har håndteret min sag om sletning på": a request already dealt with
_HANDLED = re.compile(
    fold(
        r"\b(?:handled|håndteret|behandlet|answered|besvaret|svarede\s+på|svaret\s+på|dealt\s+with|took\s+care\s+of"
        r"|took\s+(?:\w+\s+){1,3}to\s+(?:answer|handle|process)|tog\s+(?:\w+\s+){1,3}at\s+(?:besvare|behandle))\b"
        r"(?:\W+\w+){0,4}\W*$"
    ),
    re.IGNORECASE,
)
# The company's own plan ("I know you have planned to delete my data", "you're about to remove my account")
_COMPANY_PLANS = re.compile(
    fold(
        r"(?:\b(?-i:I)\s+(?:har\s+planlagt\s+at|planlægger\s+at|er\s+ved\s+at|agter\s+at|har\s+tænkt\s+(?:jer\s+)?at)"
        r"|\byou(?:'re|\s+are)\s+(?:about|going|planning)\s+to|\byou\s+(?:plan|intend|have\s+planned)\s+to)\s+(?:\w+\s+)?$"
    ),
    re.IGNORECASE,
)
# "I phoned on Monday to ask how I could see my data", "Jeg ringede for at høre hvordan jeg får indsigt": a past contact
_NARRATED_ASK = re.compile(
    fold(
        r"\b(?:(?:phoned|called|rang|wrote|contacted|emailed|mailed)\s+(?:\w+\s+){0,4}to\s+ask|(?:ringede|skrev|kontaktede)\s+"
        r"(?:\w+\s+){0,4}for\s+at\s+(?:høre|spørge))\s+(?:\w+\s+){0,2}(?:how|whether|if|about|what|hvordan|om|hvad)\b"
        r"(?:\W+\w+){0,6}\W*$"
    ),
    re.IGNORECASE,
)
# The writer already used a right ("I objected last month", "jeg har trukket mit samtykke"): "still ..." complains
_DONE_BEFORE = Whole(
    re.compile(
        fold(
            r"\b(?:i|jeg|vi|we)\s+(?:have\s+|har\s+|had\s+|havde\s+|'ve\s+)?(?:already\s+|allerede\s+)?(?:withdrew|withdrawn"
            r"|objected|unsubscribed|opted\s+out|trak|trukket|afmeldte|afmeldt|frameldte|frameldt|gjorde\s+indsigelse"
            r"|gjort\s+indsigelse|protesterede)\b"
        ),
        re.IGNORECASE,
    )
)
# "... while / until / pending my objection ...": a right named as the condition of another request
_CONDITION = re.compile(
    fold(r"\b(?:until|while|whilst|pending|during|indtil|mens|i\s+mellemtiden|under)\b(?:\W+\w+){0,8}\W*$"), re.I
)
# What an access answer must say anyway (Art. 15(1)(c), (d), (g)): recipients, storage period, source.
_ACCESS_DETAIL = re.compile(
    fold(
        r"\b(?:who|whom|which\s+(?:\w+\s+){0,2}(?:companies|parties|recipients)|hvem|hvilke\s+(?:\w+\s+){0,2}"
        r"(?:firmaer|virksomheder|modtagere|tredjeparter))\b.{0,60}\b(?:shar\w*|delt|deler|given|gave|passed|sold|solgt"
        r"|sent|sendt|disclos\w*|videregiv\w*|received|modtaget|access)|\bwhere\b.{0,40}\b(?:got|get|obtained|came|from)"
        r"|\bhvor\b.{0,40}\b(?:fået|fik|kommer|fra)\b|\bhow\s+long\b.{0,50}\b(?:keep|store|retain|hold)"
        r"|\b(?:which|what|hvilke|hvad)\s+(?:of\s+|af\s+)?(?:my|mine|min|mit)\s+(?:\w+\s+)?(?:data|information|details"
        r"|oplysninger)\b"
        r"|\bhvor\s+længe\b.{0,50}\b(?:gemme|gemmer|opbevare|opbevarer|beholde|beholder)"
    ),
    re.IGNORECASE | re.DOTALL,
)
# A question about carrying out the request beside it ("Unsubscribe me. How long does it take?"), not a new matter
_ABOUT_DOING = re.compile(
    fold(
        r"\W*(?:(?:and|og|also|også|but|men|so|så|by\s+the\s+way|btw|forresten)\W+)*(?:how|hvordan|when|hvornår|how\s+long"
        r"|hvor\s+(?:lang\s+tid|længe)|can|could|kan|kunne|will|vil|is\s+it|er\s+det|does\s+it|tager\s+det|do\s+i|skal\s+jeg)\b"
    ),
    re.IGNORECASE,
)
# "hvordan bliver man slettet? jeg vil ud": how the request beside it is carried out, not a question of its own
_DOING_WORD = re.compile(
    fold(
        r"\b(?:slet\w*|delet\w*|eras\w*|remov\w*|fjern\w*|afmeld\w*|frameld\w*|unsubscrib\w*|indsigt|kopi\w*|cop(?:y|ies)"
        r"|rette[ts]?|correct\w*|opdater\w*)\b"
    ),
    re.IGNORECASE,
)
# "Why are you reading my mail?!" in a complaint: indignation, not a question to answer from the policy
_RHETORICAL = re.compile(
    fold(
        r"\W*(?:why|hvorfor|how\s+(?:can|could|dare|is\s+it\s+possible)|hvordan\s+(?:kan|kunne|tør)"
        r"|hvad\s+(?:er\s+det\s+for|bilder|er\s+meningen|skal\s+det\s+til\s+for)|why\s+on\s+earth|who\s+(?:gave|told|sold)"
        r"|hvem\s+har\s+(?:givet|fortalt|solgt)|what\s+(?:is\s+going\s+on|kind\s+of"
        r"|is\s+the\s+point|on\s+earth))\b"
    ),
    re.IGNORECASE,
)
# "Unrelated: ...", "Derudover et spørgsmål: ...": the writer says the question is a matter of its own
_SEPARATE = re.compile(
    fold(
        r"\b(?:unrelated|on\s+another\s+note|another\s+question|a\s+separate\s+question|(?:also|and)\s+a\s+question"
        r"|out\s+of\s+interest|by\s+the\s+way|btw|et\s+andet\s+spørgsmål|(?:derudover|desuden|og\s+så|også)\s+et\s+spørgsmål"
        r"|et\s+spørgsmål\s+mere|i\s+øvrigt|forresten|uden\s+for\s+(?:sagen|emnet))\b"
    ),
    re.IGNORECASE,
)
# "..., so what is going on?", "Do you not keep notes?": indignation anywhere in a complaint's question
_INDIGNANT = re.compile(
    fold(
        r"\b(?:what\s+is\s+going\s+on|what's\s+going\s+on|do\s+you\s+not|don't\s+you\s+(?:\w+\s+)?(?:keep|read|listen|care)"
        r"|hvad\s+foregår\s+der|hvad\s+sker\s+der\s+for|har\s+(?-i:I)\s+ikke\s+(?:\w+\s+)?(?:styr|noter|læst))\b"
    ),
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?\n](?=\s|$)")
# "... of my account" is personal; "... on my site" is the customer's hosted thing
_PERSONAL_AFTER = re.compile(
    r"\b(?:my|me|mig|min|mine|mit|meg)\b(?!\s+(?:own\s+|egen\s+)?(?:site|website|hjemmeside|server|domain|domæne|folder|mappe|vps"
    r"|vm|webshop|shop|webhotel)\b)",
    re.IGNORECASE,
)
# "my access request", "min anmodning om sletning": the sender's own request, not a question about the right
_OWN_REQUEST = re.compile(r"\b(?:my|our|min|mit|mine|vores)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_CONSENT_OBJECT = re.compile(
    fold(
        r"^\W*(?:(?:my|the|this|that|those|min|mit|mine|det|den|de)\s+)?(?:\w+\s+)?(?:cv|résumé|resume|photos?"
        r"|pictures?|images?|videos?|recordings?|testimonials?|billede\w*|foto\w*|optagelse\w*|udtalelse\w*|cookies?"
        r"|deltagerliste\w*|ansøgning\w*)\b"
    ),
    re.IGNORECASE,
)
_MARKETING_OBJECT = re.compile(
    fold(
        r"\b(?:newsletters?|nyhedsbrev\w*|marketing|markedsføring\w*|offers?|tilbud|promotion\w*|advertis\w*"
        r"|reklame\w*|sms|text\s+messages|e-?mails?|mails?|sales\s+calls?|telefonsalg|invitation\w*|ads"
        r"|recommendations|anbefalinger|personali[sz]\w*|werbe\w*|werbung|angebote|publicit\w*|offres|ofertas"
        r"|publicidad|pubblicit\w*|reclame)\b"
    ),
    re.IGNORECASE,
)
_MAIL_WORD = re.compile(r"e-?mails?|mails?", re.IGNORECASE)
_OWN_OBJECT = re.compile(
    fold(
        r"\b(?:\w*cookie\w*|photo\w*|picture\w*|billede\w*|foto\w*|video\w*|recording\w*|optagelse\w*|analytics|tracking"
        r"|statistic\w*|statistik\w*|sporing|training|træning|train|machine\s+learning|ai|sponsor\w*|deltagerliste\w*|cv)\b"
    ),
    re.IGNORECASE,
)
_PORTABILITY_HINT = re.compile(
    fold(
        r"\b(?:machine[-\s]?readable|maskinlæsbar\w*|json|csv|xml|structured|struktureret|transfer\w*|overfør\w*"
        r"|another\s+provider|anden\s+udbyder|portab\w*|excel\w*|spreadsheet|regneark|import\w*)"
    ),
    re.IGNORECASE,
)
_PRIVACY_CONTEXT_SCAN = Scanner(
    fold(
        r"\b(?:data|personal|privacy|gdpr|persondata\w*|personoplysning\w*|oplysninger|datatilsynet|newsletter\w*"
        r"|nyhedsbrev\w*|unsubscrib\w*|afmeld\w*|consent|samtykke\w*|request|anmodning\w*|delet\w*|slet\w*"
        r"|erasure|indsigt\w*|access|breach|databrud|mails?|e-?mails?|marketing|markedsføring|cookie\w*|leak\w*"
        r"|address|adresse|phone|telefon\w*|details|security|sikkerhed\w*|incident|hændelse\w*|cpr\w*|personnummer"
        r"|passport|pas|licen[cs]e|kørekort|account|konto|contract|kontrakt|photo\w*|billede\w*|foto\w*|video\w*"
        r"|recording\w*|optagelse\w*|mailbox\w*|mailboks\w*|mobil\w*|privat(?!\w*\s+(?:key|nøgle))\w*|adresser|addresses|ticket\w*"
        r"|confiden\w*|fortrolig\w*|(?:mine|my)\s+(?:kunders|customers'?))\b"
    )
)
# Words that make a message about personal data or its processing, whatever else it is about: a message that holds
# one, gets no label and asks something is a privacy question (or a complaint), never "other" (step 5).
_PRIVACY_MATTER = re.compile(
    fold(
        r"\b(?:personal\s+(?:data|information|info|details)|personoplysning\w*|persondata\w*|privacy(?!\s+(?:warning|error))"
        r"|privatliv\w*|databeskyttelse\w*|data\s+protection|dpo|(?:my|customer|kunde)\s+(?:\w+\s+)?\w*(?:data|info"
        r"|information|details)|(?:mine|mit|min)\s+(?:\w+\s+)?\w*(?:data|oplysninger|informationer)|kundeoplysninger"
        r"|(?:information|info|data|oplysninger)\s+(?:about|on|om)\s+(?:(?:one\s+of\s+|en\s+af\s+)?(?:your|jeres|the|de)\s+)?"
        r"(?:me|him|her|people|customers|visitors|mig|ham|hende|folk|kunder|kunderne|besøgende)|(?:customer|kunde)\s*lists?"
        r"|kundeliste\w*|kundekartotek\w*|profil(?:ing|ering)|tracking|sporing|third\s+parties|tredjepart\w*"
        r"|registrerer|opbevarer|retention|(?:adgang\s+til|access\s+to)\s+(?:mine|min|mit|my)"
        r"|(?:your|jeres)\s+(?:policy|politik)|calls?\s+(?:\w+\s+)?recorded|record\w*\s+(?:\w+\s+)?calls?"
        r"|optage\w*\s+(?:\w+\s+)?(?:opkald|samtal\w*)|(?:opkald|samtal\w*)\s+(?:\w+\s+)?optage\w*"
        r"|(?:my|mine|min|mit)\s+(?:private\s+)?(?:mobile|phone\s+number|address|passport|pas|cpr\w*|files|filer|mails|e-?mails?"
        r"|beskeder|messages|calls|samtaler|recordings|optagelser|history|historik"
        r"|e-?mail|adresse|mobilnummer|telefonnummer|nummer|fødselsdato|date\s+of\s+birth)"
        r"|(?:data|oplysninger|information|info)\s+(?:\w+\s+){0,3}(?:collect\w*|indsaml\w*|sell\w*|sold|sælg\w*|solgt"
        r"|shar\w*|deler|delt|videregiv\w*|behandl\w*|process\w*)|(?:collect|indsamler|sell|sælger|share|deler|videregiver"
        r"|process|behandler)\s+(?:\w+\s+){0,3}(?:data|oplysninger|information|info)|consent|samtykke\w*|datatilsynet"
        r"|(?:my|mine)\s+rights|rettigheder)\b"
    ),
    re.IGNORECASE,
)
# What a hosting customer asks about its service ("How much data can I store on the Basic plan?", "Hvor hurtigt kan I
# overføre 2 TB?"): words like "data", "store" or "transfer" there are no privacy question unless personal data is named
_HOSTING_MATTER = re.compile(
    fold(
        r"\b(?:\d+\s*(?:tb|gb|mb)|tb|gb|plan|pakke\w*|data\s*cent\w*|datacent\w*|migrat\w*|migrer\w*|mappe\w*|folder\w*"
        r"|\w*drev|drive|bandwidth|båndbredde|speed\w*|hastighed\w*|hurtigt|fast)\b"
    ),
    re.IGNORECASE,
)
# A processor agreement or the list of sub-processors, asked for by a business customer: a question (SPEC's corpus).
_PROCESSOR_PAPERS = Whole(
    re.compile(
        fold(
            r"\b(?:\w*databehandleraftale\w*|data\s+processing\s+(?:agreement|addendum)|dpa|\w*underdatabehandler\w*"
            r"|sub-?processors?)\b"
        ),
        re.IGNORECASE,
    )
)
# Guards read as plain patterns elsewhere, here searched over a whole message (quicker: see `Whole`)
_PRIVACY_MATTER_TEXT, _OUR_SYSTEMS, _RECENT = Whole(_PRIVACY_MATTER), Whole(OUR_SYSTEMS), Whole(RECENT)
# "data" and "personal" in the languages the bot does not read, for a question it cannot otherwise place
_FOREIGN_DATA = re.compile(
    r"\b(?:personenbezogen\w*|(?:meine|ihre|unsere)\w*\s+daten|daten\s+(?:\w+\s+)?(?:kunden|von\s+mir|über\s+mich)"
    r"|données\s+personnelles|mes\s+données|datos\s+personales|mis\s+datos|dati\s+personali|(?:i\s+)?miei\s+dati"
    r"|dados\s+pessoais|(?:os\s+)?meus\s+dados|persoonsgegevens|mijn\s+gegevens|dane\s+osobowe|moje\s+dane"
    r"|personuppgifter|mina\s+uppgifter|personopplysninger)\b",
    re.IGNORECASE,
)
_CASE_TAG = re.compile(r"\[PRV-\d{4}-\d+\]")
# A reply that closes the matter: the requester got what was asked for and asks nothing more
_CLOSING = re.compile(
    fold(
        r"\b(?:(?:i\s+(?:have\s+)?|i've\s+)received\s+(?:the|your|it|my)|jeg\s+har\s+(?:nu\s+)?(?:modtaget|fået)\s+(?:filen|kopien"
        r"|svaret|den|det|jeres)|no\s+further\s+questions|ingen\s+(?:yderligere|flere)\s+spørgsmål|everything\s+looks\s+(?:fine"
        r"|good|correct)|alt\s+ser\s+(?:fint|rigtigt|korrekt)\s+ud)\b"
    ),
    re.IGNORECASE,
)
_QUOTED_LINE = re.compile(r"^[ \t]*>.*$", re.MULTILINE)
_SUBJECT_NOISE = re.compile(r"^\s*(?:(?:re|sv|fw|fwd|vs|aw|wg|tr)\s*:\s*|\[[^\]]{0,40}\]\s*)+", re.IGNORECASE)
_AUTO_SUBJECT = re.compile(
    fold(
        r"^\s*(?:automatic\s+reply|auto(?:matic)?[-\s]?reply|autosvar|automatisk\s+svar|out\s+of\s+(?:the\s+)?office"
        r"|fraværende|fravær|ikke\s+på\s+kontoret|undeliverable|undelivered|delivery\s+status\s+notification"
        r"|mail\s+delivery\s+(?:failed|failure|system)|returned\s+mail|kunne\s+ikke\s+leveres|ikke\s+leveret|leveringsfejl"
        r"|levering\s+mislykkedes|delivery\s+failure"
        r"|abwesenheitsnotiz|réponse\s+automatique)\b"
    ),
    re.IGNORECASE,
)
_AUTO_BODY_SCAN = Scanner(
    fold(
        r"\b(?:i\s+am\s+(?:currently\s+)?(?:out\s+of\s+(?:the\s+)?office|away\s+from|on\s+(?:holiday|vacation|leave))"
        r"|i'm\s+(?:currently\s+)?(?:out\s+of\s+(?:the\s+)?office|away\s+from|on\s+(?:holiday|vacation|leave))"
        r"|jeg\s+er\s+(?:\w+\s+)?(?:fraværende|på\s+ferie|ikke\s+på\s+kontoret|ude\s+af\s+huset|på\s+barsel)"
        r"|this\s+is\s+an\s+automatic(?:ally\s+generated)?\s+(?:reply|message|response)"
        r"|dette\s+er\s+et\s+automatisk\w*\s+(?:svar|genereret)|delivery\s+has\s+failed|could\s+not\s+be\s+delivered"
        r"|kunne\s+ikke\s+leveres|levering\s+mislykkedes|delivery\s+to\s+the\s+following\s+recipients?\s+failed)"
    )
)
_AUTO_CONFIRM = re.compile(
    fold(
        r"\b(?:automatic\w*|automatisk\w*|return\w*|back\s+on|back\s+in|tilbage\s+(?:den|d\.|igen|på)|igen\s+den"
        r"|returnerer|limited\s+access|begrænset\s+adgang|delivery|leveres|levering|modtager\w*|recipients?)\b"
    ),
    re.IGNORECASE,
)

_MAX_CHARS = 20_000
_MAX_EVIDENCE = 8
_AUTO_HEAD = 400


# --- scoring --------------------------------------------------------------------------------------------------


@dataclass
class _Tally:
    text: ScanText
    clauses: list[_Clause]
    score: dict[str, float] = field(default_factory=dict)
    contra: dict[str, float] = field(default_factory=dict)
    doubt: set[str] = field(default_factory=set)
    evidence: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    seen: dict[tuple[str, str], float] = field(default_factory=dict)
    ignored_request: bool = False
    # information-question clauses -> the labels whose cues were turned into question evidence there
    question_clauses: dict[int, set[str]] = field(default_factory=dict)
    consumed_clauses: set[int] = field(default_factory=set)
    subject_end: int = 0  # hits before this offset are in the subject line
    asked_about_right: bool = False  # a right's words were read as a question: staff look in case it was a request
    technical_clauses: set[int] = field(default_factory=set)  # "delete the old VM snapshot": no privacy question
    technical: dict[str, float] = field(default_factory=dict)  # the part of `contra` from technical senses, per label
    references: dict[str, float] = field(default_factory=dict)  # evidence that names an earlier request, per right
    body_asks: bool = False  # the text (not the subject) holds an information question about a privacy matter
    plain_access: bool = False  # an access cue that is more than a plain copy counted (a copy yields to portability)
    _context: bool | None = None
    _exploring: bool | None = None

    def add(self, label: str, weight: float, key: str, position: int, phrase: str) -> None:
        """Count a cue once per label, however often it repeats; keep the phrase as evidence."""
        self.evidence.setdefault(label, []).append((position, phrase))
        counted = self.seen.get((label, key), 0.0)
        if weight > counted:  # counted once, at its strongest (a subject word counts half, the same word in the text)
            self.seen[(label, key)] = weight
            self.score[label] = self.score.get(label, 0.0) + weight - counted

    def against(self, label: str, weight: float) -> None:
        self.contra[label] = self.contra.get(label, 0.0) + weight

    @property
    def exploring(self) -> bool:
        """Whether the message says it only asks ("just curious", "jeg overvejer det"); looked up when first needed."""
        if self._exploring is None:
            self._exploring = _EXPLORING.search(self.text) is not None
        return self._exploring

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


def _redirected(cue: Cue, raw: str, start: int) -> tuple[str, ...]:
    """Consent or objection wording about newsletters and offers is a marketing opt-out (SPEC conventions); a
    sentence that names both ("alle mine samtykker - både nyhedsbrevet og cookies") is both."""
    if not cue.redirect:
        return (cue.label,)
    sentence = _sentence_around(raw, start)
    marketing = {word.lower() for word in _MARKETING_OBJECT.findall(sentence)}
    if not marketing:
        return (cue.label,)
    if not _OWN_OBJECT.search(sentence):
        return ("marketing_optout",)
    # "customer e-mails ... to train AI": mail as the data used, not as marketing sent
    return (cue.label,) if all(_MAIL_WORD.fullmatch(word) for word in marketing) else (cue.label, "marketing_optout")


def _sentence_around(raw: str, at: int) -> str:
    begin = max(raw.rfind(".", 0, at), raw.rfind("!", 0, at), raw.rfind("?", 0, at), raw.rfind("\n", 0, at)) + 1
    end = _SENTENCE_END.search(raw, at)
    return raw[begin : end.start() if end else len(raw)]


# Each label's cues with their scanners' idents, looked up once: the loop in `_read` meets every cue per message.
_PLAN = tuple(tuple((entry, entry.scanner.ident, entry.scanner.gate) for entry in entries) for _, entries in TABLE)


def _read(text: ScanText, lang: str, subject_end: int) -> _Tally:
    """Run every label's cues over the text and weigh each hit in its clause."""
    clauses = _clauses(text)
    moods_apply = lang in ("da", "en")
    tally = _Tally(text, clauses, subject_end=subject_end)
    if moods_apply:
        tally.body_asks = any(
            clause.info_question and clause.start >= subject_end and _PRIVACY_TOPIC.search(clause.text)
            for clause in clauses
        )
    starts = [clause.start for clause in clauses]
    fallback = _Clause(0, len(text.text), False, False, False, False, text.text)
    candidates = text.candidates
    for entries in _PLAN:
        claimed: list[tuple[int, int]] = []
        for entry, ident, gate in entries:
            scanner = entry.scanner
            if ident < 0:
                matches = scanner.finditer(text)
            elif ident not in candidates or (gate >= 0 and gate not in candidates):
                continue  # no word in the text where this cue could begin, or none it needs further on
            else:
                matches = scanner.matches_at(text.low if scanner.lowered else text.text, text.positions(ident) or [])
            for match in matches:
                start, end = match.span()
                if any(start < c_end and c_start < end for c_start, c_end in claimed):
                    continue
                index = max(bisect_right(starts, start) - 1, 0)
                clause = clauses[index] if clauses else fallback
                if _weigh(tally, entry, match, clause, index, moods_apply) and not entry.cue.wide:
                    claimed.append((start, end))
    if moods_apply:
        for index, clause in enumerate(clauses):
            if (
                clause.info_question
                and clause.asks
                and index not in tally.technical_clauses
                and _PRIVACY_TOPIC.search(clause.text)
                and not (_HOSTING_MATTER.search(clause.text) and not _PRIVACY_MATTER.search(clause.text))
            ):
                tally.question_clauses.setdefault(index, set())
    return tally


def _weigh(tally: _Tally, entry: Entry, match: re.Match[str], clause: _Clause, index: int, moods: bool) -> bool:
    """Decide what one hit counts for (module docstring, step 4); False if it did not count at all."""
    cue, name, raw = entry.cue, entry.name, tally.text.text
    phrase = " ".join(raw[match.start() : match.end()].split())  # as written (the match may be on the lowercase twin)
    if cue.needs_context and not tally.privacy_context():
        return False
    if cue.needs is not None and cue.needs.search(raw) is None:
        return False
    if cue.label == "other":
        tally.add("other", cue.weight, name, match.start(), phrase)
        return True
    in_subject = match.start() < tally.subject_end
    if cue.unless is not None and cue.unless.search(raw if in_subject or cue.unless_anywhere else clause.text):
        return True  # (a subject word is judged by the whole message: "Nyhedsbrev" + "skriv mig op")
    if clause.thanks and cue.kind != FIXED and match.end() <= clause.end:
        # an acknowledgement; its words stay free for a cue that reads on ("Tak for X, men jeg har ikke brug for dem")
        tally.add("other", 1.0, "thanks", clause.start, " ".join(clause.text.split())[:60])
        return False
    window = _window(raw, clause, match.start())
    if cue.unless_before is not None and (
        cue.unless_before.search(window)
        or cue.unless_before.search(raw, max(clause.start, match.start() - 60), match.start())
    ):
        return True
    demand = bool(_CONDITIONAL_DEMAND.search(window))
    negations = [] if demand else list(_IGNORED_NEG.finditer(window))
    ignored = bool(negations) and not _SELF_NEG.search(window)
    # "I'd rather you didn't use ...": a wish, not an ignored request ("rather" also resets the window, so look wider)
    ignored = ignored and not _NOT_ASKED.search(raw, max(clause.start, match.start() - _WINDOW), match.start())
    if cue.ignored_only and not ignored:
        return False
    labels = _redirected(cue, raw, match.start())
    if cue.neg and not ignored and not demand and _VOLITIONAL_NEG.search(window):
        for label in labels:
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
            tally.against(cue.label, cue.weight)
            tally.technical[cue.label] = tally.technical.get(cue.label, 0.0) + cue.weight
            tally.add("other", 1.0, f"tech{name}", match.start(), f"{phrase}{after}".strip()[:60])
            tally.technical_clauses.add(index)
            return True
    if cue.yields and _PORTABILITY_HINT.search(clause.text):
        return True
    if cue.label == "access" and not cue.yields:
        tally.plain_access = True
    if cue.label == "erasure" and cue.kind == ACT and _COMPANY_PLANS.search(window):
        tally.against("erasure", cue.weight)
        return True  # "I know you have planned to delete my old data": the company acting, not a request
    if ignored and cue.label in RIGHTS:
        tally.ignored_request = True
        said = " ".join(window[negations[-1].start() :].split())
        tally.add("complaint", 2.0, f"ign{name}", match.start(), f"{said} {phrase}")
    if cue.kind == TOPIC and _CONDITION.search(raw, max(clause.start, match.start() - 90), match.start()):
        return True  # "... while my objection is looked at": the condition of the request, not the request
    if cue.label in RIGHTS and _NARRATED_ASK.search(raw, max(clause.start, match.start() - 90), match.start()):
        return True  # "I phoned you to ask how I could see my data": the matter of an earlier call, told as a story
    own_request = cue.kind == TOPIC and bool(_OWN_REQUEST.search(window))
    asking = clause.info_question or (clause.asks and tally.exploring)
    asking = asking or (in_subject and ((cue.kind == TOPIC and tally.body_asks) or tally.exploring))
    judges = cue.label == "complaint" and not cue.names  # "why do I STILL get your newsletter?" complains
    if moods and asking and not ignored and cue.kind != FIXED and not own_request and not judges:
        generic = (
            tally.exploring
            or clause.hypothetical
            or bool(_GENERIC.search(clause.text))
            or bool(_WHO.match(clause.text))
        )
        for label in labels:
            if label in RIGHTS and cue.kind == ACT and not generic and clause.info_question:
                tally.add(label, 1.0, name, match.start(), phrase)
                tally.doubt.add(label)
                tally.consumed_clauses.add(index)
                continue
            tally.against(label, cue.weight)
            tally.question_clauses.setdefault(index, set()).add(label)
            if tally.exploring and label in RIGHTS and cue.kind == ACT:
                tally.asked_about_right = True  # "... I'm not asking for it yet": staff look, in case it was
        return True
    # A subject line names a matter; the text asks. A right's word only in the subject counts half.
    weight = cue.weight
    if in_subject and cue.kind == TOPIC and cue.label in RIGHTS and not cue.foreign:
        weight /= 2
    if (
        cue.label in RIGHTS
        and cue.kind == TOPIC
        and _HANDLED.search(raw, max(clause.start, match.start() - 60), match.start())
    ):
        return True  # "you handled my erasure request badly": a finished request, the matter of a complaint
    earlier = cue.label in RIGHTS and not ignored and _EARLIER_ASK.search(window) is not None
    for label in labels:
        before = tally.score.get(label, 0.0)
        tally.add(label, weight, name, match.start(), phrase)
        if earlier:  # "I asked you to correct it last week": an earlier request referred to
            tally.references[label] = tally.references.get(label, 0.0) + tally.score[label] - before
        if label in RIGHTS:
            tally.consumed_clauses.add(index)
            soft = cue.foreign or cue.doubt or (clause.how_do_i and cue.kind != FIXED)
            tally.doubt.add(f"{label}:{'soft' if soft else 'firm'}")
    return True


def _questions(tally: _Tally, chosen: list[str]) -> None:
    """Question evidence from information questions that are separate from the requests already chosen: not a
    question that is part of an access request (who got my data, how long you keep it: Art. 15(1)), not a complaint's
    "why ...?!", and not a subject line that only names the matter of a request."""
    for index, about in sorted(tally.question_clauses.items()):
        clause = tally.clauses[index]
        if not clause.asks:
            continue  # "Hvis jeg ikke hører fra jer, anmelder jeg jer": an "if" that asks nothing
        doing = RIGHTS.intersection(chosen) and _ABOUT_DOING.match(clause.text) and _DOING_WORD.search(clause.text)
        if (
            (index in tally.consumed_clauses and RIGHTS.intersection(chosen))
            or doing
            or (about & set(chosen) and (_ABOUT_DOING.match(clause.text) or _RHETORICAL.match(clause.text)))
        ):
            continue  # "How do I unsubscribe?" beside "unsubscribe me", "Why are you tracking me? Stop it": the request
        separate = _SEPARATE.search(tally.text.text, max(0, clause.start - 40), clause.end) is not None
        if "access" in chosen and _ACCESS_DETAIL.search(clause.text) and not separate:
            continue
        if "complaint" in chosen and (_RHETORICAL.match(clause.text) or _INDIGNANT.search(clause.text)):
            continue
        if chosen and clause.start < tally.subject_end:
            continue
        tally.add("question", 2.0, f"q{index}", clause.start, " ".join(clause.text.split())[:80])


def _articles(tally: _Tally) -> None:
    """GDPR article numbers name the right directly, in any language."""
    for match in _ARTICLE_SCAN.finditer(tally.text):
        number = int(match.group(1))
        paragraph = match.group(2) or match.group(3) or match.group(4)
        label = ARTICLE_LABEL.get(number)
        if number == 21 and paragraph in ("2", "3"):
            label = "marketing_optout"
        elif number == 7 and paragraph == "3":
            label = "consent_withdrawal"
        if label is None:
            continue
        tally.add(
            label, 3.0, f"art{number}", match.start(), " ".join(tally.text.text[match.start() : match.end()].split())
        )
        if label in RIGHTS:
            tally.doubt.add(f"{label}:firm")


def _confidence(margin: float) -> float:
    """A monotone map of the evidence margin to 0..1: 1 -> 0.4, 2 -> 0.57, 3 -> 0.67, 6 -> 0.8."""
    margin = max(margin, 0.0)
    return round(margin / (margin + 1.5), 3)


def _labels_confidence(tally: _Tally, labels: tuple[str, ...]) -> float:
    """The least sure of the labels given: each by its evidence less half what spoke against it."""
    return min(_confidence(tally.score.get(label, 0.0) - 0.5 * tally.contra.get(label, 0.0)) for label in labels)


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


def _vetoable(tally: _Tally, labels: tuple[str, ...], combined: ScanText) -> tuple[str, ...]:
    """The complaints and questions the word model may drop: not those on strong evidence, nor a complaint that names
    the supervisory authority. (Sparing complaints about a late request too was tried: in the corpus it kept four
    complaints, each a polite follow-up or no complaint at all.)"""
    found = tuple(label for label in labels if label in MAY_VETO and tally.score.get(label, 0.0) < _BEYOND_VETO)
    if "complaint" in found and _AUTHORITY_SCAN.search(combined) is not None:
        return tuple(label for label in found if label != "complaint")
    return found


def _unseen(rights: tuple[str, ...], tally: _Tally) -> tuple[str, ...]:
    """The rights the rules did not rule out themselves: where they read a right's words only in a technical sense
    ("slet den gamle server"), the model is not asked again about the same words. Not where the words were also read
    otherwise (as a question, "how do I unsubscribe?", or beside a negation): there the net catches requests phrased
    as questions, whatever else the message says."""
    technical_only = {label for label, weight in tally.technical.items() if tally.contra[label] <= weight}
    return tuple(label for label in rights if label not in technical_only)


def _before_other(
    opinion: Opinion, tally: _Tally, confidence: float, triage: bool, evidence: tuple[str, ...]
) -> Understanding:
    """Before `other`: the word model may see what no cue names (handlers.second_opinion). When all but sure, it gives
    a right, a stop or a complaint (staff check it: triage); a right it only holds possible is flagged for staff."""
    decided = opinion.sure()
    if decided:
        surest = min(opinion.probabilities[label] for label in decided)
        return Understanding(decided, round(surest, 3), True, opinion.notes(decided))
    possible = _unseen(opinion.possible_rights(), tally)
    if possible:  # not sure enough to decide, but a right it holds possible is worth a look by staff
        return Understanding(("other",), confidence, True, (*evidence, *opinion.notes(possible, "maybe ")))
    return Understanding(("other",), confidence, triage, evidence)


def _prepare(subject: str, text: str) -> str:
    """Subject and text read together, without quoted lines or reply prefixes; one kind of apostrophe."""
    subject = _SUBJECT_NOISE.sub("", subject or "")
    body = _QUOTED_LINE.sub("", text or "")
    return f"{subject}\n{body}"[:_MAX_CHARS].replace("\u2019", "'")


def _auto_reply(subject: str, combined: ScanText) -> str | None:
    """The phrase that shows an out-of-office reply or a bounce (in the subject or the first lines), if any."""
    found = _AUTO_SUBJECT.search(subject or "")
    if found:
        return found.group().strip()
    head_end = combined.text.find("\n") + 1 + _AUTO_HEAD
    body = _AUTO_BODY_SCAN.search(combined, before=head_end)
    if body and _AUTO_CONFIRM.search(combined.text, 0, head_end):
        return combined.text[body.start() : body.end()].strip()
    return None


def _fallback_label(tally: _Tally) -> str | None:
    """The label for a message about personal data that no cue decided: a complaint when it shows displeasure, a
    question when it asks something that is not a technical matter ("I'm a bit worried - is my data encrypted?" asks);
    None when it does neither."""
    displeasure = tally.score.get("complaint", 0.0)
    if displeasure >= 1.5:
        tally.add("complaint", 1.0, "matter", 0, "")
        return "complaint"
    papers = _PROCESSOR_PAPERS.search(tally.text)
    own_systems = _OUR_SYSTEMS.search(tally.text)
    for index, clause in enumerate(tally.clauses):
        if index in tally.technical_clauses or clause.thanks:
            continue
        if (clause.info_question and not own_systems) or (papers and clause.asks):
            tally.add("question", 1.0, "matter", clause.start, " ".join(clause.text.split())[:80])
            return "question"
    if displeasure >= 1.0:
        tally.add("complaint", 1.0, "matter", 0, "")
        return "complaint"
    return None


def _reading(subject: str, text: str, lang: str) -> tuple[str, ScanText, _Tally]:
    """The subject as read, the scan text and what the cues found in it."""
    if _CASE_TAG.search(subject or "") and _CLOSING.search(text or ""):
        subject = ""  # "Thanks, I received the file": our case subject ("Your copy of personal data") asks nothing now
    combined = ScanText(_prepare(subject, text))
    tally = _read(combined, lang, len(_SUBJECT_NOISE.sub("", subject or "")))
    _articles(tally)
    return subject, combined, tally


@dataclass(frozen=True)
class CueReading:
    """What the cue rules read, per label, before any decision: for evaluations that learn from it."""

    score: dict[str, float]
    contra: dict[str, float]
    technical: dict[str, float]
    references: dict[str, float]
    asked_about_right: bool
    gdpr_cited: bool


def cue_reading(subject: str, text: str, lang: str) -> CueReading:
    """The cues' reading of a message's new text, as classify() starts from it (tests/eval/combiner.py learns)."""
    _, combined, tally = _reading(subject, text, lang)
    gdpr = _GDPR_SCAN.search(combined) is not None
    return CueReading(
        dict(tally.score),
        dict(tally.contra),
        dict(tally.technical),
        dict(tally.references),
        tally.asked_about_right,
        gdpr,
    )


def classify(subject: str, text: str, lang: str) -> Understanding:
    """Labels (SPEC taxonomy), confidence, triage flag and evidence for one message's new text."""
    subject, combined, tally = _reading(subject, text, lang)
    rights = [label for label in LABELS if label in RIGHTS and tally.score.get(label, 0.0) >= 1.0]
    # A right only named as an earlier request gives way to a new one ("while my rectification is pending, restrict")
    new = {label: tally.score[label] - tally.references.get(label, 0.0) for label in rights}
    if any(weight >= 2.0 for weight in new.values()):
        rights = [label for label in rights if new[label] >= 1.0]
    if "portability" in rights and "access" in rights and tally.score["access"] < 2.0 and not tally.plain_access:
        rights.remove("access")  # "Download my data? ... as JSON for my new provider": the copy is the portable one
    firm = [label for label in rights if tally.score[label] >= 2.0]
    weak_seen = bool(rights) and not firm
    if firm or tally.score.get("complaint", 0.0) >= 2.0 or (weak_seen and tally.score.get("other", 0.0) >= 1.5):
        rights = [label for label in rights if label in firm]  # a stray weak word beside a clear request or business
    auto = _auto_reply(subject, combined)
    if auto is not None:
        # An out-of-office reply or a bounce is never a request, even when it quotes one; staff look if it seemed to.
        return Understanding(("other",), 0.9, bool(rights) or lang not in ("da", "en"), (auto,))

    labels = list(rights)
    # A right asked for again after an earlier request, with any displeasure, is a reminder that complains (SPEC).
    repeated = any(tally.references.get(label, 0.0) > 0.0 and new[label] >= 1.0 for label in rights)
    repeated = repeated and not _RECENT.search(combined)  # "as I asked yesterday, ..." is a polite follow-up
    # An earlier request named with no answer to it ("I asked in January and have heard nothing") is a late answer.
    named = any(tally.references.get(label, 0.0) > 0.0 for label in rights)
    earlier = bool(rights) and (named or _DONE_BEFORE.search(combined) is not None)
    earlier = earlier and not _RECENT.search(combined)
    if tally.score.get("complaint", 0.0) >= (1.0 if repeated else 1.5 if earlier else 2.0):
        labels.append("complaint")
    _questions(tally, labels)
    if tally.score.get("question", 0.0) >= 2.0:
        labels.append("question")

    triage = lang not in ("da", "en") or tally.asked_about_right or (weak_seen and not rights)
    gdpr = _GDPR_SCAN.search(combined)
    if not labels and gdpr is not None:
        # Cites the GDPR but names no right we can see: never "other"; a complaint when displeased, else a question.
        if tally.score.get("complaint", 0.0) >= 1.5:
            tally.add("complaint", 1.0, "gdpr", gdpr.start(), combined.text[gdpr.start() : gdpr.end()])
            labels.append("complaint")
        else:
            tally.add("question", 1.0, "gdpr", gdpr.start(), combined.text[gdpr.start() : gdpr.end()])
            labels.append("question")
        triage = True

    if not labels and lang not in ("da", "en") and "?" in combined.text and _FOREIGN_DATA.search(combined.text):
        # A question in a language we do not read, about (personal) data: a question for staff, never "other".
        found = _FOREIGN_DATA.search(combined.text)
        assert found is not None
        tally.add("question", 1.0, "foreign", found.start(), found.group())
        labels.append("question")
        triage = True

    if not labels and (_PRIVACY_MATTER_TEXT.search(combined) or _PROCESSOR_PAPERS.search(combined)):
        # About personal data, yet no label: a complaint when displeased, a question when it asks; staff look.
        fallback = _fallback_label(tally)
        if fallback is not None:
            labels.append(fallback)
            triage = True

    if not labels:
        suppressed = sum(tally.contra.get(label, 0.0) for label in RIGHTS)
        confidence = _confidence(1.0 + tally.score.get("other", 0.0) - 0.5 * suppressed)
        triage = triage or confidence < 0.5 or suppressed >= 3.0
        evidence = _evidence(tally, ("other",))
        return _before_other(second_opinion(subject, text), tally, confidence, triage, evidence)

    ordered = tuple(label for label in LABELS if label in labels)
    confidence = _labels_confidence(tally, ordered)
    for label in ordered:
        if label in RIGHTS and (tally.score[label] < 2.0 or f"{label}:firm" not in tally.doubt):
            triage = True  # a right kept on weak or doubtful evidence
        if label in tally.doubt:
            triage = True  # a demand that was phrased as a question
    if not rights and (tally.ignored_request or ("complaint" in ordered and _ASKED_BEFORE.search(combined))):
        triage = True  # a complaint about an earlier request that does not say which right it was: it may be open
    triage = triage or confidence < 0.5
    evidence = _evidence(tally, ordered)
    trained = lang in ("da", "en")  # the languages the model was trained on
    opinion = None
    if not RIGHTS.intersection(ordered):  # a question or a complaint only: the model may still see a right (safety net)
        opinion = second_opinion(subject, text)
        possible = _unseen(opinion.possible_rights(RIGHT_BESIDE), tally)
        if possible:
            return Understanding(ordered, confidence, True, (*evidence, *opinion.notes(possible, "maybe ")))
        if ordered == ("question",) and trained and opinion.not_a_privacy_question():
            # A support or sales question in privacy words ("where is your data processing agreement?"): not answered
            # from the privacy policy. The rules' triage stands.
            notes = opinion.notes(("other",))
            return Understanding(("other",), round(opinion.other, 3), triage, (*evidence, *notes))
    vetoable = _vetoable(tally, ordered, combined) if trained and gdpr is None else ()
    if vetoable:
        opinion = opinion or second_opinion(subject, text)
        vetoed = opinion.vetoed(vetoable)
        if vetoed:
            # A complaint or a question in words the model all but rules out ("our shop was hacked, restore the
            # backup"): dropped; the rules' triage stands. With nothing left, the message is read as the rules'
            # `other` is: the model may still name what it is, or see a right for staff to check.
            kept = tuple(label for label in ordered if label not in vetoed)
            notes = opinion.notes(vetoed, "not ")
            if not kept:
                return _before_other(opinion, tally, round(opinion.other, 3), triage, (*evidence, *notes))
            confidence = _labels_confidence(tally, kept)
            return Understanding(kept, confidence, triage, (*_evidence(tally, kept), *notes))
    return Understanding(ordered, confidence, triage, evidence)
