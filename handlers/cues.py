"""The cue tables: for each SPEC label, the phrases that show it, as weighted regular expressions (Danish, English,
and a few words of other EU languages), strongest first. `classify` reads them; this module only says what to look for.

A cue's kind says how its clause's mood changes it: ACT (a demand with a personal object, "delete my account"),
TOPIC (names a right or subject, "erasure", "nyhedsbrev"), FIXED (decides in any mood, "Art. 15"). Its flags say how
negation, technical objects and neighbouring words change it (see `Cue`). Danish cues are folded so that they also
match text typed without æ/ø/å.
"""

import re
from dataclasses import dataclass
from typing import Any

from handlers.cue_scan import Scanner, fold

# --- cue tables -------------------------------------------------------------------------------------------------

ACT, TOPIC, FIXED = "act", "topic", "fixed"


@dataclass(frozen=True)
class Cue:
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
    unless_anywhere: bool = False  # `unless` is checked against the whole message, not only the clause
    needs: re.Pattern[str] | None = None  # counted only when the whole message matches (a word that gives context)
    wide: bool = False  # spans sentences ("asked ... no answer"): leaves the words inside to the label's other cues
    names: bool = False  # a complaint word that only names the matter ("klage", "breach"): in a question, a question


def _c(label: str, weight: float, source: str, kind: str = TOPIC, **flags: Any) -> Cue:
    return Cue(label, weight, fold(source), kind, **flags)


def _guard(source: str) -> re.Pattern[str]:
    return re.compile(fold(source), re.IGNORECASE)


# Guards shared by several cues.
_SUBSCRIBING = _guard(
    r"\b(?:tilmeld\w*|subscribe|subscribing|sign\s+(?:me\s+)?up|join|skriv\w*\s+(?:mig\s+|os\s+)?op|add\s+me\s+to)\b"
)
_NON_MARKETING_OBJECT = _guard(
    r"\b(?:cookie\w*|analytics|tracking|statistic\w*|statistik\w*|sporing|photo\w*|picture\w*|billede\w*"
    r"|foto\w*|training|træning)\b"
)
_COOKIES = _guard(r"cookie\w*")
_DELETING_BEFORE = _guard(
    r"(?:delete|erase|remove|wipe|slet\w*|fjern\w*|glem)\s+(?:[\w-]+,?\s+){0,4}(?:og\s+|and\s+)?(?:også\s+|also\s+)?$"
)
# Days, not months: "I wrote last week and heard nothing yet" is a polite reminder, not a complaint
_RECENT = _guard(
    r"\b(?:last\s+week|yesterday|a\s+few\s+days\s+ago|(?:two|three|2|3)\s+days\s+ago|earlier\s+this\s+week|i\s+sidste\s+uge"
    r"|i\s+går|i\s+forgårs|for\s+(?:et\s+par|nogle|to|tre|2|3)\s+dage\s+siden|tidligere\s+på\s+ugen|i\s+mandags|i\s+tirsdags)\b"
)
# The writer's own hosted systems: removing a user from "our Exchange" is an admin task, not an erasure request
_OUR_SYSTEMS = _guard(
    r"\b(?:our|vores)\s+(?:hosted\s+|own\s+|egen\s+|egne\s+)?(?:exchange|mail\s*server|mailbox\w*|postkass\w*|server\w*"
    r"|website\w*|hjemmeside\w*|webshop\w*|wordpress|user\s+list|brugerliste\w*|system\w*|database\w*|domæne\w*"
    r"|domain\w*|office\s*365|active\s+directory)\b"
)
# also read by classify: a question about the writer's own hosted data is support; a recent earlier ask is no delay
OUR_SYSTEMS, RECENT = _OUR_SYSTEMS, _RECENT
# The company, not the writer, is the one deleting: "you will delete my account", "at I vil slette min konto"
_COMPANY_DOES = _guard(
    r"(?:\b(?-i:I)\s+(?:vil|skal|har\s+tænkt\s+(?:jer\s+)?at|agter\s+at|planlægger\s+at)|\byou\s+(?:will|would|are\s+going\s+to"
    r"|plan\s+to|intend\s+to|want\s+to|have\s+announced))\s+(?:\w+\s+)?$"
)
# Offering the way out, as every newsletter and sales mail does: "To unsubscribe, click ...", "reply STOP"
_OFFERED = _guard(
    r"(?:^\W*(?:to|for\s+at)|\bif\s+you\s+(?:want|wish|would\s+like)\s+to|\bhvis\s+du\s+(?:vil|ønsker\s+at)"
    r"|\b(?:reply|svar|click|klik|tap)(?:\s+(?:here|her|with|med|to|til|us|os))*(?:\s+(?:to|for\s+at))?)\s+$"
)
# "if I want it deleted": a condition, not a demand
_IF_I = _guard(r"\b(?:if|whether|hvis|om)\s+(?:i|we|jeg|vi)\s+(?:\w+\s+)?$")
# Told to someone: "fortalte min eksmand min nye adresse" is a disclosure, not a new address to register
_TOLD = _guard(
    r"\b(?:fortalte|oplyste|gav|sendte|viste|udleverede|told|gave|sent|showed|disclosed)\b(?:\s+\S+){0,4}\s+$"
)
# Data the company would collect in future ("what information about him would you store?"): a question about the
# processing, not a request for the data it holds
_WOULD_COLLECT = _guard(
    r"\b(?:would|will)\s+you\s+(?:\w+\s+)?(?:store|keep|need|collect|use|save|process|register|require|ask\s+for)\b"
    r"|\b(?:do|does)\s+you\s+need\b|\bskal\s+(?-i:I)\s+(?:\w+\s+)?(?:bruge|gemme|have|registrere|indsamle|bede\s+om)\b"
    r"|\bhar\s+(?-i:I)\s+brug\s+for\b|\bvil\s+(?-i:I)\s+(?:\w+\s+)?(?:gemme|registrere|indsamle|bruge)\b"
)
# Not personal data: a company's registration number or name
_COMPANY_DATA = _guard(
    r"\b(?:cvr\w*|firmanavn\w*|company\s+(?:name|account|address)|vat\s+(?:number|no)|momsnummer|virksomhedsnavn|firmakonto\w*"
    r"|firmaadresse\w*)\b"
)
# Technical things that share words with personal data ("wrong company name on the SSL certificate")
_TECHNICAL = _guard(
    r"\b(?:certifi\w*|ssl|tls|dns|domæne\w*|domain\w*|server\w*|hostname|vhost\w*|invoice\s+amount|beløb\w*"
    r"|website|hjemmeside\w*|webshop\w*|mx|\w*records?\w*|mailbox\w*|postkasse\w*)\b"
)


# Objects that make a deletion/correction personal; shared by the English and Danish cues.
_EN_POSS = r"(?:my|our|her|his|their|\w+'s)"
_EN_OBJ = (
    r"(?:(?:\w+\s+)?(?:account|data|profile|details|information|info|records?|personal\s+\w+|e-?mail\s+address"
    r"|user(?:\s+account)?|customer\s+account|membership|history|application|e-?mail|address|phone\s+number"
    r"|(?:saved\s+)?card|files?\s+on\s+me))"
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
    r"|kundekonto|e-?mail(?:adresse)?|informationer|navn|login|medlemskab|historik|cv|ansøgning))"
)
_LIST_AFTER = (
    r"(?!\s+(?:fra|from)\s+(?:\w+\s+){0,3}(?:[\w-]*list\w*|nyhedsbrev\w*|nyhedsmail\w*|newsletter\w*|mailing\w*)"
    r"(?!\s+(?:og|and)\s+(?:\w+\s+)?(?:system\w*|database\w*|register\w*|kartotek\w*)))"
)
_PERSONAL_FIELD_EN = (
    r"(?:name|surname|first\s+name|last\s+name|address|e-?mail(?:\s+address)?|phone(?:\s+number)?|mobile(?:\s+number)?"
    r"|number|details|data|information|date\s+of\s+birth|birth\s*date|spelling|postcode|zip\s+code|title)"
)
_PERSONAL_FIELD_DA = (
    r"(?:navn|efternavn|fornavn|adresse|e-?mail(?:adresse)?|mail(?:adresse)?|telefonnummer|tlf\.?|nummer"
    r"|mobilnummer|oplysninger|data|fødselsdato|stavning|postnummer|titel)"
)


# Within one sentence: any characters but a sentence end (a dot inside "cloudservicedk.com" is no end).
def _gap(most: int) -> str:
    return rf"(?:[^.!?\n]|\.(?=\w)){{0,{most}}}?"


# Across sentences, for two halves of one request ("... is wrong. Please correct it.")
def _span(most: int) -> str:
    return rf"[\s\S]{{0,{most}}}?"


def _either(first: str, second: str, most: int = 60) -> str:
    """`first` and `second` in one sentence, in either order, with no negation between them."""
    gap = rf"(?:(?!\b(?:ikke|not|don't|dont|never|aldrig|no)\b)(?:[^.!?\n]|\.(?=\w))){{0,{most}}}?"
    return rf"\b(?:{first})\b{gap}\b(?:{second})\b|\b(?:{second})\b{gap}\b(?:{first})\b"


# Concepts for the looser cues below: what a person calls their own data, and what they want done with it.
_MY_DATA = (
    r"(?:my|mine|min|mit|his|her|hans|hendes)\s+(?:[\w-]+\s+){0,2}(?:data|datas|info|information|informations|details"
    r"|oplysninger|personoplysninger|persondata|kundeoplysninger|kundedata|konto|account|profil|profile|records?|file|fil"
    r"|historik|history|kontaktoplysninger|contact\s+details|tickets?|henvendelser|supportsager)"
    r"|(?:om|about|on|på)\s+(?:mig|me|ham|him|hende|her)"
)
_ERASE = (
    r"slet(?!\s+ikke)\w*|fjern\w*|delete\w*|remove\w*|erase\w*|wipe\w*|purge\w*|destroy\w*|makuler\w*|get\s+rid\s+of"
    r"|smid\w*|disappear\w*|forsvind\w*"
    r"|forget|glem\w*|væk|gone|anonymi[sz]\w*"
)
_SEE = (
    r"se(?!\s+(?:nedenfor|ovenfor|vedhæft\w*))|vide|know|see(?!\s+(?:below|above|attached))|receive|obtain|kopi|copy"
    r"|oversigt|overview|udskrift|print-?out|indblik|udleveret|tilsendt"
    r"|sent\s+to\s+me|insight|(?:få|faa|get)\s+(?:en\s+|et\s+|a\s+|an\s+)?(?:kopi|oversigt|indsigt|adgang|udleveret|tilsendt"
    r"|at\s+vide|at\s+se|copy|list|overview|access)"
)
# verbs only ("correct it"), not the adjective ("the address is correct") nor what was done ("correcting", "rettet")
_CORRECT = (
    r"(?<!er\s)(?<!var\s)(?<!blev\s)ret|rette|opdater|opdatere|ændr|ændre|korriger|korrigere|skift|skifte"
    r"|(?<!is\s)(?<!are\s)(?<!be\s)correct|update|change"
    r"|fix|amend"
)
_FIELD = (
    r"navn|efternavn|fornavn|adresse|e-?mail(?:adresse)?|mail(?:adresse)?|telefonnummer|tlf|mobilnummer|nummer|fødselsdato|titel"
    r"|mellemnavn|name|surname|middle\s+name|address|adress|e-?mail\s+address|phone\s+number|mobile|date\s+of\s+birth"
    r"|birthday|title"
)
_HOLD = (
    r"frys\w*|fryse|lås\w*|bloker\w*|spær\w*|pause\w*|begræns\w*|i\s+bero|freeze|frozen|lock\w*|block\w*|suspend\w*"
    r"|restrict\w*|on\s+hold|hold\s+(?:it|them|back)"
)
_PURPOSE = (
    r"(?:web|besøgs|kunde|trafik|markeds|bruger)?statistik\w*|(?:kunde|markeds|adfærds|brugs|trafik)?analyse\w*|profilering\w*|sporing\w*|tracking|måling\w*|overvågning\w*|statistic\w*"
    r"|analytics|analysis|profiling|measur\w*|monitoring|behavioural\s+advertising|træning\w*|training|machine\s+learning"
    r"|måle|måler|segment\w*|profileret|profilere|profileres"
    r"|træne\w*|train|chatbot\w*|sprogmodel\w*|language\s+models?|kundeanalyse\w*|ai|kunstig\s+intelligens"
    r"|artificial\s+intelligence"
)
_MKT = (
    r"nyhedsbrev\w*|nyhedsmail\w*|reklame\w*|tilbud|markedsføring\w*|kampagne\w*|sms\w*|newsletters?|offers?|promotion\w*"
    r"|marketing|do[-\s]not[-\s]call|ringeliste\w*|call\s+list"
    r"|ads|adverts?|advertising|campaigns?|mailings?|salgsopkald|sales\s+calls?|sælger\w*|telefonsælger\w*|opringning\w*"
    r"|salesm[ae]n|sales\s+(?:team|people"
    r"|reps?)|telefonsalg|ringes\s+op|cold\s+calls?"
)
_STOP_IT = (
    r"stop\w*|afmeld\w*|frameld\w*|unsubscrib\w*|opt\s+out|no\s+more|ikke\s+flere|ikke\s+mere|ikke\s+længere|no\s+longer"
    r"|don't\s+want|do\s+not\s+want|vil\s+ikke|ønsker\s+ikke|gider\s+ikke|fjern\s+mig|remove\s+me|take\s+me\s+off"
    r"|ikke\s+interesseret|not\s+interested|lad\w*\s+være|lade\s+være|leave\s+me\s+alone|nej\s+tak\s+til\s+(?:flere|mere)"
    r"|no\s+thanks\s+to\s+(?:more|any\s+more)|ikke\s+(?:længere\s+)?brug\s+for|no\s+longer\s+need|(?:don't|do\s+not)\s+need"
)


# A personal thing a request can be about, beyond the account itself.
_EN_THING = (
    r"(?:card(?:\s+number)?|card\s+details|cpr(?:\s+number)?|passport(?:\s+copy)?|id\s+copy|phone\s+number"
    r"|e-?mail\s+address|address|ip(?:\s+address(?:es)?)?|application|cv|recording|call\s+recording|notes?)"
)
_DA_THING = (
    r"(?:kortnummer|kort(?:oplysninger)?|betalingskort|cpr(?:-?nummer)?|personnummer|pas(?:kopi)?|telefonnummer"
    r"|e-?mailadresse|mailadresse|adresse|ip(?:-adresse\w*)?|ansøgning|cv|optagelse\w*|noter)"
)
_MARKETING_NOUNS = (
    r"(?:e-?mails?|mails?|newsletters?|nyhedsbrev\w*|nyhedsmail\w*|offers?|tilbud|promotions?|marketing|markedsføring\w*"
    r"|reklame\w*|adverts?|advertising|sms(?:'?er)?|texts?|text\s+messages|spam|calls?|opkald|invitations?"
    r"|invitationer|\w*salgsopkald|\w*opkald|opringning\w*|spam\w*)"
)
# What a customer does want to keep getting: "unsubscribe me but I still want the invoices by mail"
_SERVICE_NOUN = r"(?:invoices?|faktura\w*|regning\w*|bills?|receipts?|kvittering\w*|driftsbesked\w*|service\s+\w+)"

CUES: tuple[Cue, ...] = (
    # erasure --------------------------------------------------------------------------------------------------
    _c(
        "erasure",
        3,
        r"\b(?:delete|erase|remove|wipe|purge)\s+(?:the|all|any|every)\s+(?!(?:\w+\s+){0,2}(?:photo|picture|image|video"
        r"|recording|testimonial|quote)s?\b)(?:\w+\s+){0,4}(?:(?:that\s+)?you\s+"
        r"(?:have|hold|keep|store|stored|collected|logged|saved)\s+(?:\w+\s+){0,2})?(?:about|on|of|from|with)\s+"
        r"(?:me|him|her|my)\b",
        ACT,
    ),
    _c(
        "erasure",
        3,
        rf"\b(?:delete|erase|remove)\s+(?:it|them|this|that)\b{_gap(40)}\b(?:anywhere|everywhere|wherever|all\s+systems"
        r"|from\s+(?:the\s+)?(?:ticket|system|backups?|logs?|records|database|crm))",
        ACT,
    ),
    _c("erasure", 3, rf"\bforget\s+(?:the|my)\s+(?:saved\s+)?{_EN_THING}\b", ACT),
    _c(
        "erasure",
        2.5,
        rf"\b(?:slet|fjern|delete|remove|erase|wipe)\w*\s+{_DA_ADV}{_EN_ADV}(?:my|min|mit|mine)\s+(?:\w+\s+)?"
        r"(?:card(?:\s+number|\s+details)?|cpr(?:-?nummer|\s+number)?|personnummer|passport(?:\s+copy)?|pas(?:kopi)?|id\s+copy"
        r"|ip(?:\s+address(?:es)?|-adresse\w*)?|kortnummer|kort(?:oplysninger)?|betalingskort|fødselsdato|date\s+of\s+birth)\b",
        ACT,
        tech=True,
    ),
    _c(
        "erasure",
        2.5,
        r"\b(?:don't|do\s+not|no\s+longer)\s+want\s+(?:you\s+)?(?:to\s+)?(?:keep|store|hold(?:\s+on\s+to)?|retain|have)\w*\s+"
        r"(?:anything\s+(?:about|on)\s+me|(?:any\s+of\s+)?(?:my|any\s+(?:of\s+)?my|any))\b|\b(?:ønsker|vil)\s+(?:jeg\s+)?(?:derfor\s+)?ikke,?\s+(?:at\s+)?(?-i:I)\s+(?:\w+\s+)?"
        r"(?:opbevarer|gemmer|har|beholder)\s+(?:\w+\s+)?(?:mine|min|mit|nogen)\b|\bno\s+(?:reason|need)\s+(?:for\s+you\s+)?"
        r"to\s+(?:keep|store|hold|have)\s+(?:my|any)\b|\b(?:ingen\s+grund\s+til|ikke\s+brug\s+for)\s+at\s+(?-i:I)\s+"
        r"(?:opbevarer|gemmer|har)\s+(?:mine|min|mit)\b",
        ACT,
        neg=False,
    ),
    _c(
        "erasure",
        2,
        r"\b(?:get\s+rid\s+of|delete|remove|erase)\s+(?:them|it|those|these)\b|\b(?:dem|det|den|disse)\s+(?:vil\s+jeg\s+(?:gerne\s+)?"
        r"(?:have|bede\s+jer\s+om\s+at)|skal\s+(?-i:I))\s+(?:\w+\s+)?(?:fjernet|slettet|fjerne|slette)\b",
        ACT,
        doubt=True,
        tech=True,
        needs=_guard(rf"\b(?:{_MY_DATA}|\w*oplysninger|details|informations?|kortoplysninger|card\s+details)\b"),
    ),
    _c(
        "erasure",
        3,
        rf"\b(?:make\s+sure|ensure|see\s+to\s+it|sørg\w*\s+for|sikre?)\b{_gap(30)}\b(?:my|min|mit|mine|his|her|hans|hendes)\s+"
        r"(?:[\w-]+\s+){0,2}(?:data|information|details|account|profile|records?|oplysninger|personoplysninger|konto|profil"
        r"|address|adresse|name|navn|cpr\w*)\s+(?:(?:is|are|gets?|get|will\s+be|bliver|er)\s+(?:\w+\s+)?(?:removed|deleted"
        r"|erased|slettet|fjernet|slettede|fjernede)|disappears?|forsvinder)\b",
        ACT,
    ),
    _c(
        "erasure",
        3,
        r"\b(?:my|our|his|her)\s+(?:[\w-]+\s+){0,2}(?:data|information|details|account|profile|e-?mail\s+address"
        r"|address|number|records?)\s+(?:must|should|has\s+to|needs?\s+to|shall)\s+(?:\w+\s+)?(?:be\s+)?"
        r"(?:deleted|erased|removed|gone)\b",
        ACT,
    ),
    _c(
        "erasure",
        2.5,
        r"\b(?:want|would\s+like|need|have|get)\s+my\s+(?:[\w-]+\s+){0,3}(?:deleted|erased|removed)\b",
        ACT,
    ),
    _c(
        "erasure",
        2.5,
        r"\b(?:want|would\s+like|need|have|get)\s+(?:his|her|their)\s+(?:[\w-]+\s+){0,3}(?:deleted|erased|removed)\b",
        ACT,
        unless=_OUR_SYSTEMS,
        unless_anywhere=True,
    ),
    _c(
        "erasure",
        2.5,
        r"\b(?:i'd\s+like|i\s+would\s+like|i\s+want|please\s+have)\s+(?:that|the|this)\s+(?:\w+\s+){0,2}"
        r"(?:recording|call|notes?|ticket|data|information|copy|details|card)\s+(?:deleted|erased|removed)\b",
        ACT,
    ),
    _c(
        "erasure",
        2,
        r"\b(?:go\s+ahead\s+and\s+)?(?:delete|erase|wipe)\s+(?:it\s+)?(?:all|everything)\s*(?:[.,!;]|$|(?:about|on)\s+me"
        r"|(?:also|including|please|as|and)\b)",
        ACT,
    ),
    _c(
        "erasure",
        3,
        rf"\b(?:delete|deleting|erase|erasing|remove|removing|wipe|wiping|purge)\s+{_EN_ADV}(?:all\s+(?:of\s+)?)?{_EN_POSS}\s+"
        rf"{_EN_OBJ}",
        ACT,
        unless_before=_guard(rf"{_COMPANY_DOES.pattern}|\b(?:thanks?|thank\s+you)\b.{{0,20}}\bfor\s+$"),
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
        unless_before=_IF_I,
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
    _c(
        "erasure",
        2,
        r"\bi\s+want\s+out\b",
        ACT,
        unless=_guard(r"\b(?:newsletter\w*|mailing\w*|nyhedsbrev\w*|list)\b"),
        unless_anywhere=True,
    ),
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
        rf"|alt,?\s+(?:(?:hvad|det|som)\s+(?:I|du)\s+har\s+(?:\w+\s+){{0,2}})?om\s+mig|{_DA_POSS}\s+{_DA_OBJ}|kontoen\s+min)",
        ACT,
        unless_before=_COMPANY_DOES,
    ),
    _c("erasure", 3, r"\bsletning\s+af\s+(?:alle\s+)?(?:mig|mine|min|mit|de\s+oplysninger)\b", ACT),
    _c("erasure", 3, r"\b(?:få|faa|have)\s+(?:\w+\s+){0,5}slettet\b", ACT),
    _c(
        "erasure",
        3,
        r"\b(?:blive|bliver|være|vaere|blir)\s+(?:jeg\s+)?slettet\b(?!\s+(?:pga|på\s+grund|grundet|automatisk|efter\s+\d))",
        ACT,
        unless_before=_COMPANY_DOES,
    ),
    _c(
        "erasure",
        3,
        r"\b(?:oplysninger|personoplysninger|persondata|data|konto|kontoen|kundekonto\w*|brugerkonto\w*|profil|profilen"
        r"|mig)\s+(?:\w+\s+)?slettes\b",
        ACT,
    ),
    _c("erasure", 3, r"\bret(?:ten)?\s+til\s+(?:at\s+blive\s+glemt|sletning)\b"),
    _c("erasure", 2, r"\b(?:min|mit|mine)\s+\w+\s+er\s+(?:blevet\s+)?slettet\b", FIXED, doubt=True),
    _c("erasure", 3, rf"\b(?:vil|ønsker|skal|bedes)\s+(?:(?!ikke\b)\w+\s+){{0,2}}slettes\b{_LIST_AFTER}", ACT),
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
    _c(
        "erasure",
        2,
        r"\bjeg\s+vil\s+(?:gerne\s+)?(?:ud|væk)\b(?!\s+(?:og|at)\b)(?!\s+(?:af|fra)\s+(?:den|det|dem|statistik\w*"
        r"|analyse\w*|ordningen|programmet|listen|nyhedsbrev\w*)\b)",
        ACT,
    ),
    _c("erasure", 2, r"\bslettet\b", ACT, ignored_only=True),
    _c(
        "erasure",
        1.5,
        r"\b(?:luk|lukke|lukket|nedlæg|nedlægge|opsig|opsige)\s+(?:venligst\s+)?(?:min|mit)\s+"
        r"(?:\w+\s+)?(?:konto|profil|bruger|brugerkonto|kundekonto)\b",
        ACT,
        doubt=True,
    ),
    _c("erasure", 3, r"\bslett(?:e)?\s+(?:meg|kontoen\s+min|mine|alt\s+om\s+meg)\b", ACT),
    _c(
        "erasure",
        2,
        rf"\b(?:slet|fjern)\s+{_DA_ADV}(?:det\s+hele|alt(?:\s+sammen)?|alting)\b",
        ACT,
        doubt=True,
        needs=_guard(rf"\b(?:{_MY_DATA}|\w*oplysninger)\b"),
    ),
    _c(
        "erasure",
        3,
        r"\bslet\w*\s+(?:venligst\s+)?(?:de|alle|den|det|dem)\s+(?:\w+\s+){0,4}(?:med|om|af|på|fra)\s+"
        r"(?:mig|min|mit|mine|ham|hende)\b",
        ACT,
    ),
    _c(
        "erasure",
        3,
        r"\b(?:min|mit|mine|hans|hendes)\s+(?:[\w-]+\s+){0,2}(?:data|oplysninger|personoplysninger|konto|profil"
        r"|kortnummer|cpr-?nummer|adresse|optagelse)\s+(?:\w+\s+){0,4}(?:skal|må|bør|skulle)\s+(?:\w+\s+){0,2}"
        r"(?:væk|slettes|fjernes|slettet)\b",
        ACT,
    ),
    _c("erasure", 3, rf"\bglem\s+(?:mit|min|mine|det|den)\s+(?:gemte\s+)?{_DA_THING}\b", ACT),
    _c(
        "erasure",
        2.5,
        rf"\b(?:slet|fjern)\w*\s+(?:det|den|dem)\b{_gap(40)}\b(?:alle\s+steder|overalt|hvor\s+(?:det|den|de)\s+ellers"
        r"|fra\s+(?:sagen|systemet|jeres\s+systemer|backup\w*|logs?))",
        ACT,
    ),
    _c("erasure", 2, r"\bsletning\w*\b", tech=True),
    _c("erasure", 1, r"\bslet(?:te|tes|ter)?\b(?!\s+ikke)", ACT, tech=True),
    _c(
        "erasure",
        2,
        _either(_ERASE, _MY_DATA),
        ACT,
        doubt=True,
        tech=True,
        unless=_guard(
            r"\b(?:our|vores)\s+(?:hosted\s+)?(?:exchange|server\w*|system\w*|website|hjemmeside)|\bpga\b|på\s+grund\s+af"
            r"|inaktivitet|inactivity|automati\w*|due\s+to|thank\w*|tak\s+for"
        ),
        unless_before=_guard(
            r"(?:\bif\s+(?:i|we)|\bhvis\s+(?:jeg|vi)|\bto|\bfor\s+at|\byou\s+will|\b(?-i:I)\s+vil)\s+(?:\w+\s+)?$"
        ),
    ),
    # access ---------------------------------------------------------------------------------------------------
    _c(
        "access",
        3,
        rf"\b(?:send|give|show|provide|e-?mail|forward)\s+(?:me|us)\b{_gap(60)}\b(?:you|your\s+\w+)\s+(?:have|hold|keep"
        r"|store|process|stored|collected|logged|registered|recorded)\b(?:\s+\w+){0,3}\s+(?:about|on|of)\s+"
        r"(?:me|him|her|us)\b",
        ACT,
        yields=True,
    ),
    _c(
        "access",
        3,
        r"\b(?:see|know|get|receive|obtain|view|have)\s+(?:exactly\s+)?(?:what|which|everything|all)\s+(?:\w+\s+){0,3}"
        r"(?:you|they|your\s+\w+)\s+(?:have|hold|keep|store|received|got|know)\s+(?:\w+\s+){0,2}(?:about|on)\s+"
        r"(?:me|him|her)\b",
        ACT,
        unless_before=_DELETING_BEFORE,
    ),
    _c(
        "access",
        2.5,
        r"\b(?:know|see|find\s+out|learn|vide|se|finde\s+ud\s+af|tell\s+me|let\s+me\s+know|fortæl\s+mig|oplys\s+mig\s+om)\s+"
        r"(?:exactly\s+|præcis\s+)?(?:what|which|hvad|hvilke)\b"
        r"[^.!?\n]{0,50}\b(?:about|om|on|på)\s+(?:me|mig|him|ham|her|hende)\b",
        FIXED,
        unless_before=_DELETING_BEFORE,
    ),
    _c(
        "access",
        2.5,
        r"\bwho\s+(?:has|have|had)\s+(?:\w+\s+)?(?:accessed|seen|read|looked\s+at|opened)\s+(?:my|mine)\b|\bhvem\s+(?:der\s+)?har"
        r"\s+(?:haft\s+adgang\s+til|set|læst|kigget\s+i|åbnet)\s+(?:mine?|mit)\b",
        FIXED,
    ),
    _c(
        "access",
        2.5,
        r"\b(?:få\s+at\s+vide|vide|høre)\b[^.!?\n]{0,40}\bhvad\b[^.!?\n]{0,40}\b(?:registreret|gemt|ved\s+om|har\s+om)\b",
        ACT,
    ),
    _c(
        "access",
        2.5,
        r"\bsend\w*\s+(?:venligst\s+|mig\s+|me\s+)?(?:resten|det\s+manglende|de\s+manglende|the\s+rest|the\s+missing"
        r"|a\s+(?:proper|complete|full)\s+(?:answer|copy|reply))\b",
        ACT,
        needs=_guard(r"\b(?:indsigt\w*|access|kopi|copy)\b"),
    ),
    _c(
        "access",
        2.5,
        r"\b(?:where|hvor(?:fra)?)\s+(?:\w+\s+){0,3}(?:you|(?-i:I))\s+(?:\w+\s+){0,2}(?:got|get|obtained|fået|fik)\s+"
        r"(?:\w+\s+){0,2}(?:my|min|mit|mine)\s+(?:[\w-]+\s+)?(?:data|details|e-?mail\w*|mail\w*|address|adresse|number"
        r"|nummer|oplysninger|information|navn|name)\b",
        FIXED,
    ),
    _c(
        "access",
        2.5,
        r"\b(?:have|has|did)\s+you\s+(?:ever\s+)?(?:shared?|disclosed?|given|gave|give|passed?|sold|sell|sent|send|handed"
        r"|hand)\s+(?:\w+\s+){0,3}"
        r"(?:my\s+(?:[\w-]+\s+)?(?:data|information|details|address|e-?mail(?:\s+address)?|number|name)|(?:data|information)"
        r"\s+about\s+me)\b",
        FIXED,
    ),
    _c(
        "access",
        3,
        r"\b(?:a\s+)?copy\s+of\s+(?:the\s+|my\s+)?(?:call\s+)?(?:recording|logs?|notes|correspondence|tickets?"
        r"|conversation|phone\s+call)\b",
        ACT,
        yields=True,
    ),
    _c("access", 3, r"\b(?:data\s+)?subject\s+access\s+request\b|\bDSAR\b|\bSAR\b|\bright\s+of\s+access\b", FIXED),
    _c(
        "access",
        3,
        r"\b(?:what|which)\s+(?:\w+\s+){0,3}(?:data|information|info|details|records)\s+(?:\w+\s+){0,5}"
        r"(?:about|on|of|regarding|concerning)\s+(?:me|myself|mine|him|her|my\s+(?:late\s+)?(?:father|mother|son|daughter"
        r"|husband|wife))\b",
        FIXED,
        unless=_WOULD_COLLECT,
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
    _c(
        "access",
        2,
        r"\b(?:send|give)\s+me\s+(?:a\s+copy|my\s+data|everything)\b(?!\s+of\s+(?:the\s+|my\s+|your\s+|this\s+)?"
        r"(?:invoice|receipt|contract|agreement|order|quote|credit\s+note|bill|offer)\w*)",
        ACT,
        yields=True,
    ),
    _c(
        "access",
        3,
        r"\bcop(?:y|ies)\s+of\s+(?:all\s+)?(?:of\s+)?(?:my|the)\s+(?:\w+\s+)?(?:chats?|conversations?|calls?|recordings?|tickets?"
        r"|e-?mails?|messages|correspondence|logs?|notes)\b",
        ACT,
        yields=True,
    ),
    _c(
        "access",
        2.5,
        r"\bkopi\s+af\s+(?:den|det|dem)\b|\bcop(?:y|ies)\s+of\s+(?:it|them|that)\b",
        ACT,
        needs=_guard(r"\b(?:optag\w*|record\w*|samtale\w*|calls?|log\w*|data|oplysninger|chat\w*|notes|noter)\b"),
    ),
    _c(
        "access",
        3,
        r"\b(?:hear|listen\s+to|høre|lytte\s+til|see|se)\s+(?:the\s+|de\s+)?(?:recordings?|optagelse\w*)\b"
        r"|\b(?:send\w*|udlever\w*|give|giv)\s+(?:mig|me)\s+(?:(?!access\b|error\b|server\w*\b|web\w*\b|adgangs\w*\b"
        r"|fejl\w*\b)\w+\s+){0,2}(?:logs?|logfiler|log\s+files|optagelser|recordings"
        r"|noter|notes|tickets|henvendelser|supportsager)\b",
        ACT,
        yields=True,
    ),
    _c(
        "access",
        3,
        r"\b(?:receive|get|obtain|see|have|access)\s+(?:a\s+copy\s+of\s+)?(?:all\s+)?(?:of\s+)?the\s+(?:personal\s+)?(?:data"
        r"|information|details)\s+(?:that\s+)?you\s+(?:have|hold|keep|store|process)\s+(?:\w+\s+)?(?:on|about|of)\s+"
        r"(?:me|him|her)\b",
        ACT,
        yields=True,
    ),
    _c(
        "access",
        3,
        r"\b(?:send|give|e-?mail|provide)\s+(?:me\s+|us\s+)?(?:all\s+(?:of\s+)?)?my\s+(?:personal\s+)?(?:data|information"
        r"|details|file|records)\b(?!\s+(?:\w+\s+){0,2}(?:to\s+(?:my\s+new|another|the\s+new)|deleted|erased))",
        ACT,
        yields=True,
    ),
    # Danish
    _c("access", 3, r"\b(?:akt)?indsigt\w*|\bindsigtsret\w*", tech=True),
    _c(
        "access",
        3,
        r"\b(?:hvilke|hvad\s+for|hvad)\s+(?:\w+\s+){0,3}(?:oplysninger|data|persondata|personoplysninger|informationer)"
        r"\s+(?:\w+\s+){0,5}(?:om|på)\s+(?:mig|meg|ham|hende|min\s+(?:afdøde\s+)?(?:far|mor|søn|datter|mand|kone))\b",
        FIXED,
        unless=_WOULD_COLLECT,
    ),
    _c("access", 3, r"\bhvad\s+(?:ved|har|gemmer|registrerer)\s+(?:I|du|dere)\s+om\s+(?:mig|meg)\b", FIXED),
    _c(
        "access",
        3,
        r"\bhvad\s+(?:I|du|dere|jeres\s+\w+)\s+(?:har\s+)?(?:gemt|registreret|ved|gemmer|har|opbevarer|logget|indsamlet)"
        r"\s+(?:\w+\s+)?om\s+(?:mig|meg|ham|hende)\b",
        FIXED,
        unless_before=_DELETING_BEFORE,
    ),
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
    _c(
        "access",
        3,
        r"\b(?:se|få|faa|have\s+udleveret|have\s+tilsendt|have\s+en\s+oversigt\s+over)\s+(?:alle\s+)?(?:mine|min|mit)\s+"
        r"(?:[\w-]+\s+)?(?:data|oplysninger|personoplysninger|persondata|logs?|ip-adresser|optagelser)\b"
        r"(?!\s+(?:\w+\s+){0,2}(?:slettet|rettet|overført|flyttet|ændret|opdateret|fjernet))",
        ACT,
        yields=True,
    ),
    _c(
        "access",
        3,
        r"\b(?:send\w*|udlever\w*|tilsend\w*|se|få|faa|brug\s+for|oversigt\s+over|kopi\s+af|have)\b"
        r"(?:(?!slet|fjern|ret\b|rette)[^.!?\n]){0,60}?\b(?:I|du|jeres\s+\w+)\s+har\s+(?:\w+\s+){0,3}"
        r"(?:registreret|gemt|logget|indsamlet|opbevaret|noteret|optaget|om\s+(?:mig|ham|hende|os)|med\s+(?:min|mit|mine))\b",
        ACT,
        yields=True,
    ),
    _c(
        "access",
        3,
        r"\b(?:send|sende|giv|give)\s+(?:mig|os)\s+(?:venligst\s+)?(?:en\s+)?(?:kopi|oversigt)\b(?!\s+af\s+(?:\w+\s+)?"
        r"(?:faktura\w*|kvittering\w*|kontrakt\w*|aftale\w*|ordre\w*|tilbud\w*|ordrebekræftelse\w*))",
        ACT,
        yields=True,
    ),
    _c(
        "access",
        3,
        r"\b(?:kopi|oversigt)\s+(?:af|over)\s+(?:\w+\s+){0,3}(?:optagelse\w*|samtale\w*|logs?|noter|henvendelse\w*"
        r"|korrespondance|oplysninger|data|personoplysninger)\b",
        ACT,
        yields=True,
    ),
    _c(
        "access",
        2.5,
        r"\bhar\s+(?:I|du)\s+(?:\w+\s+){0,2}(?:udleveret|delt|videregivet|givet|solgt|sendt)\s+(?:\w+\s+){0,2}"
        r"(?:oplysninger|data|personoplysninger)\s+om\s+mig|\bhar\s+(?:I|du)\s+(?:\w+\s+){0,2}(?:udleveret|delt"
        r"|videregivet|givet|solgt|sendt)\s+mine\s+(?:\w+\s+)?(?:oplysninger|data)",
        FIXED,
    ),
    _c("access", 2, _either(_SEE, _MY_DATA), ACT, doubt=True, unless_before=_DELETING_BEFORE, yields=True),
    # rectification --------------------------------------------------------------------------------------------
    _c(
        "rectification",
        3,
        r"\bthe\s+(?:\w+\s+)?(?:name|surname|address|e-?mail(?:\s+address)?|phone(?:\s+number)?|number|title"
        r"|date\s+of\s+birth|birth\s*date|spelling)\s+(?:\w+\s+){0,4}(?:is|are)\s+(?:still\s+)?(?:wrong|incorrect"
        r"|misspelled|misspelt|outdated|out\s+of\s+date|not\s+correct|old)\b",
        ACT,
    ),
    _c(
        "rectification",
        3,
        rf"\b(?:correct|update|change|fix|amend)\s+(?:the\s+)?(?:\w+\s+)?{_PERSONAL_FIELD_EN}\b(?:\s+\S+){{0,4}}?\s+to\b",
        ACT,
        unless=_guard(rf"{_TECHNICAL.pattern}|{_COMPANY_DATA.pattern}"),
    ),
    _c(
        "rectification",
        2.5,
        r"\bmy\s+(?:\w+\s+)?(?:name|surname|address|e-?mail(?:\s+address)?|phone\s+number|number|title|date\s+of\s+birth)"
        r"\s+(?:is|should\s+be)\s+(?:\S+\s+){1,4}?(?:with|not|and\s+not|,\s*not)\b",
        ACT,
    ),
    _c(
        "rectification",
        2.5,
        r"\b(?:name|surname|address|e-?mail|number|title|date\s+of\s+birth)\s+is\s+missing\b"
        r"|\b(?:records?|system|account|profile)\s+(?:says?|shows?|lists?)\s+(?:that\s+)?(?:i'm|i\s+am|my)\b",
    ),
    _c(
        "rectification",
        3,
        r"\bso\s+(?:that\s+)?(?:my|the)\s+(?:\w+\s+){0,2}(?:data|information|details|records?)\s+(?:\w+\s+){0,2}"
        r"(?:is|are|will\s+be)\s+(?:correct|accurate|up\s+to\s+date|right)\b",
        ACT,
    ),
    _c(
        "rectification",
        3,
        rf"\b(?:wrong|incorrect|misspel\w*|outdated|old|missing|says|not\s+correct|should\s+be|mixed\s+up|typo"
        rf"|belongs\s+to|(?:isn't|is\s+not)\s+mine|not\s+my){_span(200)}"
        r"\b(?:please\s+)?(?:correct|fix|update|change|amend|add|rectify|replace)\s+(?:it|this|that|them|these)\b",
        ACT,
        unless=_guard(
            r"\b(?:certificate|ssl|dns|domain|server|invoice\s+amount|price|website|site|company\s+name|vat)\b"
        ),
        unless_anywhere=True,
    ),
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
        unless=_TECHNICAL,
        unless_anywhere=True,
        unless_before=_guard(r"\b(?:to|til)\s+(?:the\s+|a\s+|an\s+|en\s+|et\s+|den\s+)?$"),
    ),
    _c(
        "rectification",
        2,
        r"\b(?:i\s+have|i've|i|we\s+have|we've|we)\s+(?:recently\s+|just\s+)?(?:moved|changed\s+my\s+(?:name|e-?mail"
        r"|address|number))\b(?!\s+(?:\w+\s+){0,2}(?:to|over|on)\s+(?:\w+\s+){0,2}(?:another|a\s+new|a\s+different|the\s+new"
        r"|new)\s+(?:\w+\s+)?(?:provider|host\w*|supplier|platform|server|solution|system|company))",
        ACT,
    ),
    _c(
        "rectification",
        2,
        r"\bmy\s+new\s+(?:home\s+)?(?:address|e-?mail(?:\s+address)?|phone\s+number|number|name)\b",
        unless_before=_TOLD,  # "they gave her my new address": a disclosure
    ),
    _c(
        "rectification",
        2,
        r"\b(?:i|we)\s+(?:now\s+)?live\s+(?:now\s+)?(?:at|in|on)\b|\b(?:jeg|vi)\s+bor\s+nu\b|\bbor\s+nu\s+(?:på|i)\b",
    ),
    _c(
        "rectification",
        1.5,
        r"\b(?:min|mit|my)\s+(?:gamle|old|former|previous)\s+(?:adresse|address|e-?mail\w*|mail\w*|nummer|number|navn|name)\b",
    ),
    _c(
        "rectification",
        3,
        r"\b(?:correct|fix|update|change)\s+(?:the\s+)?(?:spelling|stavning\w*)\s+(?:of|af)\s+(?:my|min|mit)\b"
        r"|\b(?:ret|rette)\s+(?:stavningen|stavemåden)\s+af\s+(?:mit|min)\b",
        ACT,
    ),
    _c("rectification", 3, r"\brectif(?:y|ication)\b"),
    _c(
        "rectification",
        2.5,
        r"\b(?:jeg|vi)\s+hedder\s+nu\b|\bmy\s+(?:sur|last\s+|first\s+)?name\s+is\s+now\b|\b(?:har|have|i've)\s+(?:skiftet|changed)"
        r"\s+(?:efter)?(?:navn|name)\b|\bi'm\s+now\s+called\b",
        ACT,
    ),
    _c(
        "rectification",
        2.5,
        r"\b(?:instead\s+of|rather\s+than|i\s+stedet\s+for)\s+(?:my|min|mit)\s+(?:\w+\s+)?(?:e-?mail\w*|mail\w*|address|adresse"
        r"|number|nummer|name|navn)\b",
        ACT,
    ),
    _c(
        "rectification",
        3,
        r"\b(?:typo|spelling\s+mistake|mistake|error)\s+in\s+(?:my|the)\s+(?:\w+\s+)?(?:name|surname|adress|address|e-?mail"
        r"|phone\s+number|number|date\s+of\s+birth|title|details)\b|\b(?:stavefejl|tastefejl|fejl)\s+i\s+(?:mit|min|mine)\s+"
        r"(?:\w+\s+)?(?:navn|efternavn|adresse|e-?mail\w*|mail\w*|nummer|telefonnummer|fødselsdato|titel)\b",
        ACT,
    ),
    _c(
        "rectification",
        2,
        r"\b(?:the|my)\s+new\s+one\s+is\b|\b(?:den|min|mit)\s+nye\s+(?:er|lyder)\b",
    ),
    _c(
        "rectification",
        2,
        rf"\bmy\s+(?:\w+\s+)?{_PERSONAL_FIELD_EN}\s+(?:has\s+(?:now\s+)?changed|changed|is\s+now|has\s+been\s+changed)\b"
        r"(?!\s+(?:\w+\s+)?(?:visible|public|exposed|shown|available|out\b))",
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
        rf"\b(?:ret|rette|retter|opdater|opdatere|ændr|ændre|korriger|korrigere|rettelse\s+af|skift|skifte|tilføj"
        rf"|tilføje|have\s+rettet|have\s+opdateret|have\s+ændret|have\s+skiftet)\s+{_DA_ADV}"
        rf"(?:min|mit|mine|hans|hendes)\s+(?:\w+\s+)?{_PERSONAL_FIELD_DA}\b",
        ACT,
    ),
    _c(
        "rectification",
        3,
        rf"\b(?:min|mit|mine)\s+(?:\w+\s+)?{_PERSONAL_FIELD_DA}\s+(?:\w+\s+){{0,3}}(?:er|står)\s+(?:\w+\s+)?"
        r"(?:forkert\w*|stavet\s+forkert|ikke\s+korrekt\w*|ikke\s+rigtig\w*|forældet|ændret|gammel)",
        ACT,
    ),
    _c(
        "rectification",
        2,
        r"\b(?:forkert\w*|fejl\s+i)\s+(?:mit\s+|min\s+|mine\s+)?(?:navn|adresse|e-?mail\w*|mail\w*|telefonnummer"
        r"|tlf\.?(?:\s*nr\.?)?|mobilnummer|fødselsdato|oplysninger|titel|kontaktoplysninger|stavning)\b"
        r"|\bstavet\s+(?:\w+\s+){0,3}forkert\b",
        unless=_guard(
            r"\b(?:certifi\w*|ssl|dns|domæne\w*|server\w*|cvr\w*)\b|\b(?-i:I)\s+har\s+(?:\w+\s+)?(?:sendt|givet|videregivet"
            r"|udleveret)\b"
        ),
        unless_before=_guard(
            r"\b(?:to|til)\s+(?:the\s+|a\s+|an\s+|en\s+|et\s+|den\s+)?$|\b(?:bruge[rs]?|use|using|med)\s+(?:den|det|de|the)\s+$"
        ),
    ),
    _c(
        "rectification",
        2,
        r"\b(?:jeg\s+er|vi\s+er|er)\s+flyttet\b(?!\s+over\b)(?!\s+(?:\w+\s+){0,3}(?:server\w*|platform\w*|løsning\w*"
        r"|vm|hosting\w*|udbyder\w*|leverandør\w*))",
        ACT,
    ),
    _c(
        "rectification",
        2,
        r"\b(?:min|mit)\s+nye\s+(?:adresse|e-?mail\w*|mail\w*|telefonnummer|nummer|\w*navn)\b",
        unless_before=_TOLD,
    ),
    _c(
        "rectification",
        2,
        r"\bhar\s+(?:skiftet|ændret|fået\s+nyt?)\s+(?:\w*navn|e-?mail\w*|mail\w*|adresse|nummer|telefonnummer)\b",
        ACT,
    ),
    _c("rectification", 3, r"\bberigtig\w*"),
    _c(
        "rectification",
        3,
        r"\b(?:ret|rette|opdater\w*|korriger\w*|skift\w*)\s+(?:venligst\s+)?(?:\w+\s+){0,2}(?:kontaktoplysning\w*"
        r"|oplysningerne|navnet|adressen|e-?mailadressen|mailadressen|mailen|nummeret|telefonnummeret|fødselsdatoen"
        r"|titlen|stavningen)\b",
        ACT,
    ),
    _c(
        "rectification",
        3,
        r"\b(?:navnet|adressen|e-?mailadressen|mailadressen|nummeret|telefonnummeret|fødselsdatoen|titlen)\s+"
        r"(?:\w+\s+){0,4}(?:er|står)\s+(?:\w+\s+)?(?:forkert\w*|stavet\s+forkert|ikke\s+korrekt|gammel|forældet)\b",
        ACT,
    ),
    _c(
        "rectification",
        3,
        r"\bså\s+(?:\w+\s+){0,3}(?:oplysninger\w*|data)\s+(?:\w+\s+){0,3}(?:er|bliver)\s+(?:korrekte?|rigtige?"
        r"|opdaterede?)\b",
        ACT,
    ),
    _c(
        "rectification",
        2.5,
        r"\bstår\s+(?:jeg\s+)?(?:\w+\s+){0,2}registreret\s+som\b|\b(?:mit|min)\s+(?:\w+\s+)?(?:navn|adresse)\s+er\s+"
        r"ikke\s+(?:\S+\s+){1,4}?men\b",
    ),
    _c(
        "rectification",
        3,
        rf"\b(?:forkert\w*|stavet|fejl|mangler|gammel|gamle|ikke\s+(?:korrekt|rigtig|længere)|skal\s+være){_span(200)}"
        r"\b(?:(?:ret|rette|opdater|opdatere|ændr|ændre|korriger|tilføj|skift)\s+(?:venligst\s+)?(?:det|den|dem|dette)"
        r"|(?:den|det|de|dem|disse|dette)\s+(?:skal|bør|må)\s+(?:\w+\s+){0,4}(?:rettes|opdateres|ændres|korrigeres))\b",
        ACT,
        unless=_guard(
            r"\b(?:certifikat\w*|ssl|dns|domæne\w*|server\w*|beløb\w*|pris\w*|hjemmeside\w*|cvr\w*|firmanavn)\b"
        ),
        unless_anywhere=True,
    ),
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
    _c(
        "rectification",
        2,
        _either(_CORRECT, rf"(?:my|min|mit|mine|the|den|det)\s+(?:\w+\s+)?(?:{_FIELD})"),
        ACT,
        doubt=True,
        unless=_guard(rf"{_TECHNICAL.pattern}|{_COMPANY_DATA.pattern}"),
        unless_before=_guard(r"(?:\bto|\bfor\s+at|\bjust\s+to|\bbare\s+for\s+at)\s+$"),
    ),
    _c(
        "rectification",
        2,
        r"\b(?<!is\s)(?<!are\s)(?<!be\s)(?<!not\s)(?:ret|rette|korriger|fix|correct|amend|add|tilføj)\s*"
        r"(?:(?:it|them|this|that|det|den|dem|venligst|please|now|nu|straks|asap|igen|again)\s*)*(?=[.!:?]|$)",
        ACT,
        doubt=True,
        needs=_guard(rf"\b(?:my|min|mit|mine)\s+(?:\w+\s+)?(?:{_FIELD})\b"),
        unless=_guard(
            r"\b(?:certifi\w*|ssl|tls|dns|domæne\w*|domain\w*|server\w*|hostname|vhost\w*|website|hjemmeside\w*|webshop\w*"
            r"|mx|mailbox\w*|postkasse\w*|not\s+working|doesn't\s+work|virker\s+ikke|fungerer\s+ikke|error|fejl\w*"
            r"|bounce\w*|log\s*in|log\s+ind|password|adgangskode\w*)\b"
        ),
        unless_anywhere=True,
    ),
    _c(
        "rectification",
        2,
        rf"\b(?:står|er|har|have|has|shows?|viser|is|are)\s+(?:\w+\s+){{0,3}}(?:forkert\w*|wrong|incorrect|outdated|forældet\w*)"
        rf"\s+(?:\w+\s+)?(?:{_FIELD}|postnummer|postcode|zip\s+code)\b|\b(?:use|brug)\s+(?:\S+\s+){{1,5}}(?:instead"
        r"|i\s+stedet)\b",
        ACT,
        doubt=True,
        needs=_guard(r"\b(?:my|min|mit|mine|mig|me)\b"),
        unless=_guard(rf"{_TECHNICAL.pattern}|{_COMPANY_DATA.pattern}"),
    ),
    _c(
        "rectification",
        2,
        r"\b(?:jeg\s+hedder|mit\s+navn\s+er|det\s+er|(?:my\s+)?name\s+is|it's|it\s+is|i\s+am|i'm)\s+(?-i:[A-ZÆØÅ][\w-]+)"
        r"(?:\s+[\w-]+){0,4}?,?\s+(?:og\s+|and\s+)?(?:not|ikke)\s+(?-i:[A-ZÆØÅ][\w-]+)"
        r"|\b(?:change|correct|update|ret|rette|ændr|ændre)\s+(?:it|det|den|them|dem)\s+(?:to|til)\s+(?-i:[A-ZÆØÅ])",
        ACT,
        doubt=True,
        unless=_guard(rf"{_COMPANY_DATA.pattern}|\b(?:aps|a/s|i/s|ivs|firma\w*|company)(?!\w)"),
        unless_anywhere=True,
    ),
    _c(
        "restriction",
        2,
        rf"\b(?:keep|retain|behold|gem|opbevar)\w*\s+(?:\w+\s+){{0,3}}(?:my|min|mit|mine)\s+(?:\w+\s+)?(?:data|oplysninger"
        rf"|information|details)\b{_gap(60)}\b(?:until|indtil)\b",
        ACT,
        doubt=True,
    ),
    _c(
        "rectification",
        2,
        rf"\b(?:new|ny|nyt|nye)\s+(?:\w+\s+)?(?:{_FIELD}|number)\s*:",
        ACT,
        doubt=True,
        unless=_guard(rf"{_TECHNICAL.pattern}|{_COMPANY_DATA.pattern}"),
    ),
    # restriction ----------------------------------------------------------------------------------------------
    _c(
        "restriction",
        3,
        r"\b(?:freeze|lock|block|suspend|pause|restrict|quarantine)\s+(?:all\s+)?(?:of\s+)?(?:my|our|his|her|the|its|their)"
        r"\s+(?:[\w-]+\s+){0,2}(?:data|information|details|records|processing)\b",
        ACT,
    ),
    _c(
        "restriction",
        3,
        r"\bput\s+(?:my|our|his|her|the|all)\s+(?:\w+\s+){0,2}(?:data|information|details|account|processing)\s+"
        r"on\s+hold\b|\b(?:my|our|his|her)\s+(?:\w+\s+)?(?:data|information|details)\s+(?:\w+\s+){0,2}(?:blocked"
        r"|locked|frozen|restricted|put\s+on\s+hold|on\s+hold|suspended)\b",
        ACT,
    ),
    _c(
        "restriction",
        3,
        rf"\b(?:don't|do\s+not|not\s+to|must\s+not|dont|stop|no\s+longer)\s+(?:want\s+you\s+to\s+)?(?:use|using"
        rf"|process|processing|touch|share|pass|do\s+anything\s+with|gøre\s+noget\s+(?:som\s+helst\s+)?med){_gap(60)}\b(?:until|while|pending|in\s+the\s+meantime|meanwhile"
        r"|for\s+now|for\s+anything\s+(?:else|except|but))\b",
        ACT,
        neg=False,
    ),
    _c(
        "restriction",
        3,
        rf"\b(?:keep|preserve|retain)\s+(?:it|them|my\s+\w+|the\s+\w+)\b{_gap(40)}\b(?:but|and)\s+(?:please\s+)?"
        r"(?:don't|do\s+not|not)\s+(?:use|process)|\b(?:refrain\s+from|not\s+to)\s+(?:erasing|deleting)\b"
        r"|\bstorage\s+only\b|\bonly\s+(?:be\s+)?stored\b|\banything\s+(?:other\s+than|but|except)\s+(?:storing|storage"
        r"|keeping)|\bkun\s+(?:må\s+)?(?:opbevare|gemme)\b|\bandet\s+end\s+(?:at\s+)?(?:opbevare|gemme)\b",
        ACT,
        neg=False,
    ),
    _c(
        "restriction",
        3,
        r"\b(?:restrict(?:ion\s+of|ing)?|limit(?:ation\s+of)?)\s+(?:the\s+|its\s+|their\s+|all\s+)?processing\b",
    ),
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
        r"\bbrug\s+(?:dem|den|det|mine\s+\w+|oplysningerne)\s+ikke\s+til\s+(?:andet|noget)\b|\b(?:ikke|not)\s+(?:bliver|be|get|blive)"
        r"\s+(?:ændret|changed|altered|rettet)\s+(?:eller|or)\s+(?:slettet|deleted)\b|\bput\s+(?:a\s+)?hold\s+on\s+(?:my|the|all)\b",
        ACT,
        neg=False,
    ),
    _c(
        "restriction",
        3,
        rf"\b(?:until|indtil|while|mens)\b(?!\s+(?:you're|you\s+are|(?-i:I)\s+er)\s+(?:at\s+it|i\s+gang)){_gap(80)}"
        r"\b(?:stop\s+using|not\s+(?:to\s+)?use|don't\s+use|ikke\s+(?:at\s+)?bruge"
        r"|stoppe?\s+(?:med\s+at\s+)?bruge|not\s+process|ikke\s+behandle)\b"
        rf"|\b(?:don't|do\s+not|ikke)\s+(?:\w+,?\s+(?:or\s+|eller\s+)?){{1,3}}(?:use|bruge?|process|behandle)\b{_gap(60)}"
        r"\b(?:until|indtil|før|before|while|mens)\b",
        ACT,
        neg=False,
    ),
    _c(
        "restriction",
        3,
        rf"\bindtil\b{_gap(80)}\b(?:må|skal)\s+(?:\w+\s+){{0,3}}ikke\s+(?:\w+\s+)?(?:sendes|bruges|videregives|deles"
        r"|behandles|anvendes)\b",
        ACT,
        neg=False,
    ),
    _c("restriction", 1.5, r"\bbestrider\b|\b(?:dispute|contest)\s+(?:that|the\s+(?:debt|claim))\b"),
    _c(
        "restriction",
        3,
        r"\b(?:frys|fryse|fastfrys\w*|lås|låse|spær|spærre|bloker\w*)\s+(?:venligst\s+)?(?:\w+\s+)?(?:mine|min|mit|de"
        r"|alle|hans|hendes)\s+(?:\w+\s+)?(?:data|oplysninger|personoplysninger|konto|persondata)\b",
        ACT,
    ),
    _c(
        "restriction",
        3,
        r"\b(?:sæt|sætte|sættes)\s+(?:\w+\s+){0,2}(?:behandling\w*|brug\w*|oplysning\w*|data)\s+(?:\w+\s+){0,4}"
        r"(?:på\s+pause|i\s+bero|på\s+hold)\b|\b(?:ligge|liggende)\s+urørt\w*|\bhverken\s+(?:slette\w*|bruge\w*)\s+eller"
        r"\s+(?:bruge\w*|slette\w*)|\b(?:må|skal)\s+hverken\s+(?:slettes|bruges)\b",
        ACT,
        neg=False,
    ),
    _c(
        "restriction",
        3,
        rf"\b(?:ikke|aldrig)\s+(?:\w+\s+){{0,2}}(?:bruge\w*|brug|anvende\w*|behandle\w*|sende\w*\s+videre|videregive\w*"
        rf"|sendes\s+videre|bruges|videregives)\b{_gap(100)}\b(?:indtil|mens|i\s+mellemtiden|før\s+det|inden\s+det"
        r"|til\s+andet|til\s+noget)",
        ACT,
        neg=False,
    ),
    _c(
        "restriction",
        3,
        rf"\bbrug\s+ikke\s+(?:\w+\s+){{0,3}}(?:data|oplysning\w*|adresse\w*|den|dem|det)\b{_gap(60)}\b(?:før|indtil"
        r"|mens)\b|\bmarker\w*\s+(?:\w+\s+){0,3}som\s+(?:omstridt\w*|bestridt\w*)",
        ACT,
        neg=False,
    ),
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
    _c(
        "restriction",
        2,
        _either(_HOLD, _MY_DATA),
        ACT,
        doubt=True,
        tech=True,
        unless=_guard(
            r"\b(?:passwords?|adgangskode\w*|log\s*in|login|log\s+ind|unlock\w*|lås\w*\s+(?:\w+\s+)?op|låst\s+ude"
            r"|locked\s+out)\b"
        ),
    ),
    # portability ----------------------------------------------------------------------------------------------
    _c(
        "portability",
        3,
        rf"\b(?:my|mine|min|mit|his|her)\s+(?:[\w/-]+\s+){{0,2}}(?:data|datas|information|informations|details|\w*oplysninger"
        rf"|\w*data|profile|profil|history|historik)\b{_gap(60)}\b(?:excel\w*|spreadsheet|regneark|csv|json|xml|importere?|import"
        r"|(?:et|a|an)\s+(?:\w+\s+)?format|læse\s+ind|indlæse|read\s+(?:it\s+)?in(?:to)?|load\s+(?:it\s+)?into"
        r"|(?:i|in|som|as)\s+(?:en|a)\s+(?:\w+\s+)?(?:fil|file)|skifter\s+til|switching\s+to"
        r"|maskinlæsbar\w*|machine[-\s]?readable|(?:min|mit)\s+nye\s+\w+|(?:my|the)\s+new\s+(?:\w+\s+)?(?:provider"
        r"|host\w*|company|supplier|system|crm)|(?:another|a\s+different|en\s+anden|ny)\s+(?:\w+\s+)?(?:provider"
        r"|company|udbyder\w*|leverandør\w*|virksomhed))\b",
        ACT,
        unless=_guard(r"\b(?:offentlig\w*|public\w*|synlig\w*|visible|lagt|leaked|lækket)\b"),
    ),
    _c(
        "portability",
        3,
        rf"\b(?:excel|spreadsheet|regneark)\w*{_gap(50)}\b(?:my|mine|min|mit)\s+(?:\w+\s+)?(?:data|datas|information"
        r"|oplysninger)\b|\b(?:som|as|in)\s+(?:en|an?)\s+(?:\w+\s+)?(?:fil|file)\b"
        rf"{_gap(60)}\b(?:importere?|import)\b",
        ACT,
    ),
    _c("portability", 3, r"\bmachine[-\s]?readable\b"),
    _c("portability", 3, r"\b(?:data\s+)?portability\b"),
    _c("portability", 3, r"\bstructured(?:,\s*|\s+)(?:commonly\s+used|machine)"),
    _c(
        "portability",
        3,
        r"\b(?:transfer|transmit|port|move|send|migrate)\s+(?:all\s+)?my\s+(?:personal\s+|customer\s+|account\s+)?"
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
        r"\b(?:overfør\w*|flyt\w*|send\w*)\s+(?:alle\s+)?mine\s+\w*(?:data|oplysninger)\s+(?:direkte\s+)?"
        r"(?:over\s+)?til\s+(?!mig\b)\S+",
        ACT,
    ),
    _c(
        "portability",
        3,
        r"\b(?:overfør\w*|flyt\w*|send\w*)\s+(?:alle\s+)?mine\s+\w*(?:data|oplysninger)\s+(?:[\w-]+\s+){0,4}"
        r"til\s+(?:min\s+nye|en\s+(?:anden|ny)|den\s+nye|vores\s+nye)\s+(?:udbyder|leverandør|tjeneste|bank|platform)",
        ACT,
    ),
    _c("portability", 2, r"\beksport\w*\s+(?:af\s+)?(?:alle\s+)?mine\s+(?:data|oplysninger)", ACT),
    # objection ------------------------------------------------------------------------------------------------
    _c(
        "objection",
        3,
        rf"\b(?:ønsker|vil)\s+(?:jeg\s+)?ikke,?\s+(?:at\s+)?{_gap(80)}\w*(?:statistik\w*|analyse\w*|sporing\w*|tracking"
        r"|profilering\w*|målinger)\b",
        ACT,
        neg=False,
        redirect=True,
        unless=_COOKIES,
    ),
    _c(
        "objection",
        3,
        r"\b(?:frabede\w*|fravælge)\s+(?:mig|sig)\s+(?:\w+\s+){0,4}(?:statistik\w*|analyse\w*|sporing\w*|tracking"
        r"|profilering\w*|måling\w*)",
        ACT,
    ),
    _c(
        "objection",
        3,
        rf"\b(?:using|use|process\w*|logging|log|track\w*|analy[sz]\w*)\s+(?:of\s+)?my\s+(?:[\w-]+\s+){{0,2}}"
        r"(?:data|datas|information|ip(?:\s+address(?:es)?)?|behaviou?r|activity|visits?|clicks?|usage|tickets?|messages"
        rf"|mails?|e-?mails?|content|files|chats?|conversations?|calls?|recordings?){_gap(40)}"
        r"\b(?:statistic\w*|analy[sz]\w*|analytics|profil\w*|tracking|measure\w*|campaigns?|train\w*|research|ai|chatbot\w*"
        r"|machine\s+learning|models?|improve\w*|product\s+development)\b",
        ACT,
        neg=False,
        redirect=True,
        unless=_COOKIES,
        unless_before=_guard(r"\b(?:may|can|could|fine\s+to|ok\s+to|okay\s+to|mind\s+you|welcome\s+to)\s+(?:\w+\s+)?$"),
    ),
    _c(
        "objection",
        3,
        r"\b(?:stop|quit|cease)\s+(?:\w+\s+){0,7}(?:analytics|tracking|profiling|statistics|ip\s+(?:address\s+)?"
        r"(?:logging|statistics|tracking))\b",
        ACT,
        neg=False,
        redirect=True,
        unless=_COOKIES,
    ),
    _c("objection", 3, r"\bmodsætter\s+mig\b|\bnot\s+agree\s+(?:that|with|to)\b", redirect=True),
    _c(
        "objection",
        2.5,
        r"\b(?:ikke\s+interesseret\s+i\s+(?:det|dette)|holde?\s+op\s+med\s+(?:det|dette)|leave\s+me\s+out(?:\s+of\s+(?:it|that|this))?"
        r"|count\s+me\s+out|(?:ikke|ej)\s+indforstået\s+med|not\s+(?:ok|okay|happy)\s+with\s+(?:that|this)"
        r"|(?:don't|do\s+not)\s+agree\s+(?:with|to)\s+(?:that|this)|uenig\s+i\s+(?:det|dette|at)|lad\s+(?:være|mig\s+være\s+udenfor))\b",
        ACT,
        neg=False,
        redirect=True,
        needs=_guard(
            r"\b(?:registrer\w*|analyser\w*|analy[sz]e\w*|track\w*|logg?er|måler|measur\w*|monitor\w*|profil\w*|overvåg\w*"
            r"|klikmønster\w*|adfærd\w*|behaviou?r|statisti\w*|udvikle|develop\w*|how\s+customers\s+use)\b"
        ),
        unless=_COOKIES,
    ),
    _c(
        "objection",
        3,
        r"\b(?:bruger|anvender|uses?|using)\s+(?:mine|min|mit|my)\s+(?:\w+\s+)?(?:data|oplysninger|information|details)\s+"
        r"(?:til\s+(?:at\s+)?|for\s+|to\s+)(?:udvikle|forbedre|develop\w*|improv\w*|analys\w*|analy[sz]\w*|træne|train\w*"
        r"|statisti\w*|markedsanalyse\w*|research)\b",
        ACT,
        redirect=True,
        needs=_guard(r"\b(?:ikke|not|don't|stop\w*|indforstået|object\w*|imod|uenig|disagree)\b"),
    ),
    _c(
        "objection",
        3,
        r"\b(?:profileres|profilere\s+mig|profiler\s+(?:på|af)\s+mig|be\s+profiled|profile\s+me|profiling\s+me)\b",
        neg=False,
        redirect=True,
    ),
    _c(
        "objection",
        3,
        r"\b(?:don't|do\s+not|no\s+longer)\s+want\s+(?:my\s+|me\s+|you\s+to\s+)?(?:[\w-]+\s+){0,6}(?:tracked|profiled|analy[sz]ed"
        r"|logged|measured|monitored|track|profile|analy[sz]e|log|measure|monitor)\b|\bexclude\s+(?:me|my\s+\w+)\s+from\s+"
        r"(?:\w+\s+){0,3}(?:analytics|tracking|statistics|profiling|measurements?)\b",
        ACT,
        neg=False,
        redirect=True,
        unless=_COOKIES,
    ),
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
        r"\b(?:stop|stoppe|ophør\w*|undlad\w*|ikke),?\s+(?:[\w'-]+,?\s+){0,9}\w*(?:analyse\w*|statistik\w*|sporing\w*"
        r"|tracking|profilering\w*|ip-\w+|træning\w*)",
        ACT,
        neg=False,
        redirect=True,
        unless=_COOKIES,
    ),
    _c(
        "objection",
        3,
        rf"\b(?:logger|logge|logning\w*|registrerer|sporer|tracker|analyserer|måler|bruger)\b{_gap(50)}\b(?:min|mine|mit)"
        rf"\s+(?:[\w-]+\s+)?(?:ip\w*|adfærd|besøg\w*|klik\w*|data|oplysninger|køb){_gap(80)}\b(?:vil\s+(?:jeg\s+)?ikke"
        r"|ønsker\s+(?:jeg\s+)?ikke|stop\w*|ikke\s+være\s+med|frabed\w*|modsætter)",
        ACT,
        neg=False,
        redirect=True,
        unless=_COOKIES,
    ),
    _c(
        "objection",
        3,
        rf"\b(?:vil|ønsker)\s+(?:jeg\s+)?ikke\s+(?:\w+\s+){{0,2}}(?:være\s+med|indgå|deltage){_gap(30)}"
        r"|\b(?:don't|do\s+not)\s+want\s+to\s+be\s+(?:part\s+of|included|counted|measured)\b",
        ACT,
        neg=False,
        unless=_guard(
            r"\b(?:nyhedsbrev\w*|newsletter\w*|mailing\w*|liste\w*|list|billede\w*|foto\w*|video\w*|photo\w*|picture\w*"
            r"|instagram|facebook|linkedin)\b"
        ),
        unless_anywhere=True,
    ),
    _c(
        "objection",
        2.5,
        r"\b(?:(?:don't|do\s+not|never)\s+(?:consent|agree)\s+to\s+(?:that|this|it)|(?:ikke|aldrig)\s+(?:givet\s+)?"
        r"(?:samtykke|accepteret)\s+(?:til\s+)?(?:det|dette))\b",
        ACT,
        neg=False,
        needs=_guard(r"\b(?:track\w*|analy[sz]\w*|profil\w*|monitor\w*|measur\w*|logg\w*|spor\w*|måler|statisti\w*)"),
        unless=_COOKIES,
        unless_anywhere=True,
    ),
    _c("objection", 3, r"\b(?:modsætter|protesterer)\s+(?:mig\s+)?(?:\w+\s+){0,3}(?:mod|imod)\b", redirect=True),
    _c("objection", 2, r"\blegitim(?:e)?\s+interesse\w*", redirect=True),
    _c(
        "objection",
        2,
        _either(
            r"stop\w*|object(?!ed)\w*|imod|protest\w*|no\s+longer|not\s+(?:be\s+)?(?:part|included)|fravælg\w*"
            r"|opt\s+(?:me\s+)?out|exclude|hold\s+(?:\w+\s+)?(?:op|ude)|tag\s+mig\s+ud|ophør\w*|undlad\w*"
            r"|(?:prefer|rather)\s+(?:you\s+)?(?:didn't|did\s+not|not)|leave\s+me\s+out",
            _PURPOSE,
        ),
        ACT,
        doubt=True,
        neg=False,
        redirect=True,
        unless=_COOKIES,
        needs=_guard(r"\b(?:my|min|mit|mine|me|mig|jeg|i)\b"),
    ),
    _c(
        "objection",
        2,
        rf"\bslå\s+(?:\w+\s+){{0,3}}(?:{_PURPOSE})\s+fra\b|\b(?:turn|switch)\s+off\s+(?:\w+\s+){{0,3}}(?:{_PURPOSE})\b"
        rf"|\b(?:disable|deaktiver\w*)\s+(?:\w+\s+){{0,3}}(?:{_PURPOSE})\b",
        ACT,
        doubt=True,
        neg=False,
        redirect=True,
        unless=_COOKIES,
    ),
    _c(
        "objection",
        2,
        rf"\b(?:don't|do\s+not|ikke)\b{_gap(50)}\b(?:{_PURPOSE})\b",
        ACT,
        doubt=True,
        neg=False,
        redirect=True,
        unless=_COOKIES,
        needs=_guard(r"\b(?:my|min|mit|mine|me|mig|jeg|i)\b"),
    ),
    # marketing_optout -----------------------------------------------------------------------------------------
    _c(
        "marketing_optout",
        3,
        r"\b(?:(?:ønsker|vil)\s+(?:jeg\s+)?ikke\s+(?:at\s+)?(?:blive\s+)?(?:kontaktet|ringet\s+op|ringes\s+op)|(?:don't|do\s+not)\s+"
        r"want\s+to\s+be\s+(?:contacted|called|phoned))\b|"
        r"\b(?:don't|do\s+not|never|no\s+longer|stop)\s+(?:\w+\s+)?invit\w*|\b(?:take|remove|get)\s+me\s+(?:off|out\s+of)\s+"
        rf"(?:your\s+|the\s+|all\s+)?(?:{_MKT})\b|\b(?:take|remove|get)\s+me\s+off\s+(?:\w+\s+){{0,4}}"
        r"(?:lists?|mailings?)\b|\bno\s+more\s+invitations\b",
        ACT,
        neg=False,
    ),
    _c(
        "marketing_optout",
        3,
        rf"\b(?:don't|do\s+not|never|no\s+longer)\s+want\b[^.!?\n,;]{{0,50}}?\b{_MARKETING_NOUNS}\b",
        ACT,
        neg=False,
        unless_before=_guard(r"\bto\s+$"),
    ),
    _c(
        "marketing_optout",
        2.5,
        r"\b(?:lad\w*\s+være(?:\s+med\s+det)?|lade\s+være|leave\s+me\s+alone|stop\s+(?:it|that|them|dem|det))\b"
        r"|\b(?:alt\s+for|for|far\s+too|too|so)\s+mange?\s+(?:mails|e-?mails|sms'?er|texts|opkald|calls|nyhedsbreve|newsletters)\b",
        ACT,
        neg=False,
        needs=_guard(rf"\b(?:{_MKT}|mails?|e-?mails?)\b"),
        unless_before=_OFFERED,
        unless=_guard(r"\b(?:abuse|postmaster|network|netværk|servers?|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})\b"),
        unless_anywhere=True,
    ),
    _c(
        "marketing_optout",
        2.5,
        rf"\b(?:had\s+enough\s+of|fed\s+up\s+with|tired\s+of|træt\s+af|dødtræt\s+af|har\s+fået\s+nok\s+af){_gap(40)}\b(?:{_MKT}"
        r"|e-?mails|mails)\b|\b(?:keeps?|keep\s+on)\s+(?:emailing|e-mailing|calling|texting|ringing|sending)\s+me\b"
        r"|\b(?:please\s+)?remove\s+me\s*(?:[.!]|$|,?\s+(?:please|thanks|thank\s+you|tak))",
        ACT,
        neg=False,
        needs=_guard(
            rf"\b(?:{_MKT}|e-?mails?|mails?|event\w*|conference\w*|webinar\w*|invitation\w*|calling|emailing)\b"
        ),
    ),
    _c(
        "marketing_optout",
        2.5,
        r"\brecommended\s+for\s+you\b|\banbefalet\s+til\s+dig\b|\b(?:foreslå|anbefale)\s+(?:mig|os)\s+(?:\w+\s+){0,2}"
        r"(?:andre\s+)?(?:produkter|tilbud|varer)|\b(?:suggest|recommend)\s+(?:me\s+)?(?:\w+\s+){0,2}(?:products|offers)\b",
        ACT,
        neg=False,
    ),
    _c("marketing_optout", 3, r"\bunsubscrib(?!ed\b)\w*", ACT, unless_before=_OFFERED),
    _c(
        "marketing_optout",
        3,
        r"\b(?:unsubscribed|opted\s+out|(?:af|fra)meldt)\b(?=[^.!?\n]{0,80}\b(?:still|again|anyway|stadig|igen|alligevel"
        r"|fortsat)\b)|\b(?:still|again|stadig|igen|fortsat)\b[^.!?\n]{0,80}\b(?:unsubscribed|opted\s+out"
        r"|(?:af|fra)meldt)\b|\b(?:want|wish|like|vil|ønsker|gerne|skal|bedes|være|blive)\s+(?:\w+\s+){0,2}(?:unsubscribed"
        r"|(?:af|fra)meldt)\b",
        ACT,
        neg=False,
    ),
    _c("marketing_optout", 3, r"(?<![^\n])\bstop\s*[.!]+(?=\s|$)", ACT, neg=False),
    _c("marketing_optout", 3, r"(?<![^\n])\bstop\s*[.!]*\s*$", ACT, neg=False),
    _c(
        "marketing_optout",
        3,
        r"\bstop\s+(?:it\s+|det\s+)?(?:now|nu)\b\s*[.!]*\s*$",
        ACT,
        neg=False,
        needs=_guard(rf"\b(?:{_MKT}|texts?|mails?|e-?mails?)\b"),
    ),
    _c("marketing_optout", 2, r"\b(?:do[-\s]not[-\s]call|ringeliste\w*|call\s+list|opkaldsliste\w*)\b", neg=False),
    _c(
        "marketing_optout",
        3,
        r"\bstop\s+(?:sending|emailing|e-mailing|texting|calling|contacting|spamming|mailing|bombarding)(?:\s+me)?\b"
        rf"(?!\s+(?:the\s+|my\s+)?(?:\w+\s+)?(?:{_SERVICE_NOUN}|password|reminders?))",
        ACT,
        neg=False,
        unless_before=_OFFERED,
    ),
    _c(
        "marketing_optout",
        3,
        rf"\bstop\s+(?:the\s+|all\s+|these\s+|your\s+)?{_MARKETING_NOUNS}\b",
        ACT,
        neg=False,
        unless_before=_OFFERED,
    ),
    _c(
        "marketing_optout",
        3,
        rf"\bno\s+more\s+(?:\w+\s+)?{_MARKETING_NOUNS}\b|\bno\s+longer\s+(?:want|wish)\s+to\s+(?:receive|get)\b",
        ACT,
        neg=False,
        unless_before=_OFFERED,
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
        r"\b(?:remove|delete|take|get)\s+(?:me|my\s+(?:e-?mail\s+)?(?:address|number))\s+(?:off|from)\s+"
        rf"(?:your\s+|the\s+|all\s+|this\s+|whatever\s+)?(?:\w+\s+){{0,2}}(?:lists?|newsletters?|{_MKT})\b",
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
        r"\b(?:af|fra)meld(?!t\b)\w*\b(?!\s+(?:\w+\s+){0,3}(?:kursus\w*|kurset|kurser\w*|seminar\w*|arrangement\w*|webinar\w*"
        r"|event\w*|workshop\w*|konference\w*|tilmelding\w*|bestilling\w*|ordre\w*|abonnement\w*|aftale\w*))",
        ACT,
        neg=False,
    ),
    _c(
        "marketing_optout",
        3,
        rf"\b(?:stop|stoppe|stopp|ophør\w*|hold\s+op\s+med|hør\s+op\s+med)\s+(?:\w+\s+){{0,6}}{_MARKETING_NOUNS}\b",
        ACT,
        neg=False,
        unless_before=_OFFERED,
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
        rf"\b(?:fjern|slet|tag)\w*\s+{_DA_ADV}(?:mig|(?:min|mit)\s+(?:e-?mail\w*|mail\w*|adresse|nummer|telefonnummer"
        rf"|mobilnummer))\s+{_DA_ADV}(?:af|fra|ud\s+af)\s+"
        r"(?!(?:\w+\s+){0,3}\w*liste\w*\s+(?:og|and)\s+(?:\w+\s+)?(?:system|database|register|kartotek))"
        r"(?:jeres\s+|alle\s+|listen|den\s+)?(?:\w+\s+){0,2}(?:[\w-]*liste\w*|nyhedsbrev\w*|nyhedsmail\w*|mailinglist\w*|udsendelse\w*"
        r"|kampagne\w*|markedsføring\w*|reklame\w*|tilbud\w*)",
        ACT,
        neg=False,
    ),
    _c(
        "marketing_optout",
        3,
        rf"\bfrabed\w*\s+(?:mig\s+)?(?:\w+\s+){{0,2}}(?:henvendelse\w*|{_MARKETING_NOUNS})"
        rf"|\bslippe\s+for\s+(?:\w+\s+){{0,2}}(?:{_MARKETING_NOUNS}|\w*invitation\w*|\w*reklame\w*|\w*tilbud\w*)"
        r"|\b(?:stop|hold\s+op|hør\s+op)\s+(?:med\s+)?(?:at\s+)?(?:spamme|ringe\s+til|sms'e|maile)\s+(?:mig|os)\b",
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
    _c(
        "marketing_optout",
        2,
        _either(_STOP_IT, _MKT),
        ACT,
        doubt=True,
        neg=False,
        unless_before=_OFFERED,
        unless=_SUBSCRIBING,
    ),
    # consent_withdrawal ---------------------------------------------------------------------------------------
    _c(
        "consent_withdrawal",
        2.5,
        r"\b(?:remove|take|fjern|slet|tag)\w*\s+(?:my\s+name|me|mig|mit\s+navn)\s+(?:off|from|fra|af)\s+(?:\w+\s+){0,3}"
        r"(?:participant|deltager|attendee)\w*|\b(?:share|sharing|dele|deler)\s+(?:\w+\s+){0,3}(?:with|med)\s+(?:\w+\s+)?"
        r"sponsor\w*",
        ACT,
    ),
    _c(
        "consent_withdrawal",
        3,
        r"\b(?:krydsede\s+(?:\w+\s+){0,2}af|satte\s+(?:\w+\s+){0,2}flueben|ticked|checked\s+the\s+box|sagde\s+ja"
        r"|gav\s+(?:jer\s+|dem\s+)?(?:lov|tilladelse|samtykke|mit\s+ok)"
        r"|accepterede|gik\s+med\s+til|agreed|allowed\s+(?:you|them)|gave\s+(?:you\s+|them\s+)?(?:my\s+)?(?:permission|consent"
        rf"|ok)|consented|accepted|said\s+yes|opted\s+in){_span(250)}\b(?:ønsker\s+jeg\s+ikke|vil\s+jeg\s+ikke|ikke\s+længere"
        r"|ikke\s+mere|no\s+longer|rather\s+not|(?:don't|do\s+not)\s+want\s+(?:\w+\s+){0,5}(?:anymore|any\s+more|any\s+longer)"
        r"|changed\s+my\s+mind|withdraw\w*|fortryder|fortryd|trækker\s+(?:\w+\s+){0,3}tilbage|undo|reverse\s+that"
        r"|annuller\w*\s+(?:det|den))",
        ACT,
        neg=False,
        redirect=True,
    ),
    _c(
        "consent_withdrawal",
        3,
        r"\b(?:withdraw\w*|revok\w*|retract\w*|take\s+back|pull\w*)\s+(?:of\s+)?(?:my\s+|all\s+(?:my\s+)?|the\s+|this\s+"
        r"|that\s+|his\s+|her\s+|our\s+|any\s+|your\s+)?(?:consents?|permissions?|approval|ok|okay|acceptance)\b",
        ACT,
        redirect=True,
    ),
    _c(
        "consent_withdrawal",
        3,
        rf"\btræk\w*\s+{_gap(80)}\bsamtykke\w*{_gap(80)}\btilbage\b|\bsamtykke\w*{_gap(40)}\btræk\w*{_gap(20)}\btilbage\b"
        rf"|\bsamtykke\w*{_gap(40)}\b(?:gælder|er)\s+ikke\s+(?:længere|mere)\b",
        ACT,
        redirect=True,
    ),
    _c(
        "consent_withdrawal",
        3,
        r"\b(?:fjern\w*|tag\w*\s+ned|remove|take\s+down|delete|slet\w*)\s+(?:\w+\s+){0,5}(?:fra|from|på|on|off)\s+(?:jeres|your"
        r"|the)\s+(?:hjemmeside\w*|website|web\s+site|linkedin|facebook|instagram|magasin\w*|magazine|blog|referenceliste\w*"
        r"|kundecase\w*|customer\s+cases?|reference\s+(?:page|list)|references?|referencer|galleri\w*|gallery)",
        ACT,
        neg=False,
    ),
    _c(
        "consent_withdrawal",
        3,
        r"\b(?:off|from|på|fra)\s+(?:the|your|jeres|den)?\s*(?:\w+\s+)?(?:participant|attendee|delegate|speaker|graduate|deltager"
        r"|kursist|alumni|reference)s?\s*(?:list\w*|liste\w*)|\b(?:participant|attendee|delegate|graduate|deltager|kursist)"
        r"\w*\s*(?:list\w*|liste\w*)\b|\bikke\s+(?:længere\s+|mere\s+)?(?:stå|være|figurere|optræde)\s+(?:med\s+)?(?:på|i)\s+"
        r"(?:\w+\s+)?(?:\w*liste\w*|hjemmeside\w*|kundecase\w*|magasin\w*|video\w*|billede\w*)",
        ACT,
        neg=False,
    ),
    _c(
        "consent_withdrawal",
        3,
        r"\b(?:video\w*|billede\w*|foto\w*|optagelse\w*|udtalelse\w*|citat\w*|kundecase\w*|photo\w*|picture\w*"
        rf"|recording\w*|testimonial\w*|quote|interview\w*|case\s+study){_span(160)}\b(?:ikke\s+længere|ikke\s+mere|no\s+longer"
        r"|not\s+any\s+more|anymore|any\s+longer|taken\s+down|take\s+(?:it|them)\s+down|fjernet|taget\s+ned|removed"
        r"|tag\w*\s+(?:den|det|dem)\s+ned|fjern\w*\s+(?:den|det|dem))\b",
        ACT,
        neg=False,
        wide=True,
        unless=_guard(r"\b(?:call\w*|phone|support|samtale\w*|opkald\w*|telefon\w*|ringede)\b"),
        unless_anywhere=True,
    ),
    _c(
        "consent_withdrawal",
        3,
        r"\bconsent\w*\s+(?:\w+\s+){0,4}(?:as\s+)?withdrawn\b|\bsamtykke\w*\s+(?:\w+\s+){0,4}(?:som\s+)?(?:trukket\s+tilbage"
        r"|tilbagekaldt)\b|\bchanged\s+my\s+mind\s+about\s+(?:the\s+|your\s+)?(?:\w+\s+)?cookies\b"
        r"|\bfortrudt\s+(?:mit\s+)?(?:samtykke|ja)\b",
        ACT,
        neg=False,
    ),
    _c(
        "consent_withdrawal",
        3,
        r"\btag\w*\s+(?:venligst\s+)?(?:\w+\s+){0,2}(?:billede\w*|foto\w*|video\w*|optagelse\w*|udtalelse\w*|citat\w*)"
        r"\s+(?:\w+\s+){0,4}ned\b",
        ACT,
        neg=False,
    ),
    _c(
        "consent_withdrawal",
        3,
        r"\b(?:vil|ønsker)\s+(?:jeg\s+)?ikke\s+(?:længere\s+|mere\s+)?(?:have\s+|acceptere\s+|tillade\s+)?(?:\w+\s+){0,2}"
        r"\w*cookies?\b|\b(?:don't|do\s+not|no\s+longer)\s+(?:want|accept|allow)\s+(?:\w+\s+){0,2}\w*\s*cookies?\b"
        r"|\bfortryd\w*\b.{0,40}cookie",
        ACT,
        neg=False,
    ),
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
        unless=_guard(r"\b(?:call\w*|phone|support|samtale\w*|opkald\w*|telefon\w*|ringede)\b"),
        unless_anywhere=True,
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
    _c(
        "consent_withdrawal",
        2,
        _either(
            r"træk\w*\s+(?:\w+\s+){0,3}tilbage|tilbagekald\w*|withdraw\w*|revok\w*|no\s+longer|ikke\s+længere|ikke\s+mere"
            r"|take\s+(?:it|them)\s+down|tag\w*\s+(?:den|det|dem)\s+ned|fjern\w*|remove\w*",
            r"samtykke\w*|consent\w*|billede\w*|foto\w*|video\w*|optagelse\w*|cookies?|udtalelse\w*|citat\w*|photos?"
            r"|pictures?|recordings?|testimonials?|quotes?|deltagerliste\w*|participant\s+lists?|sponsor\w*|tilladelse\w*"
            r"|permission",
        ),
        ACT,
        doubt=True,
        neg=False,
        redirect=True,
        unless=_guard(r"\b(?:call\w*|phone|support|samtale\w*|opkald\w*|telefon\w*|ringede)\b"),
        unless_anywhere=True,
    ),
    # complaint -----------------------------------------------------------------------------------------------
    _c(
        "complaint",
        3,
        r"\bbreach\s+of\s+(?:my\s+)?(?:privacy|trust|confidentiality|data\s+protection)|\bprivacy\s+(?:breach|violation)"
        r"|\bviolat\w+\s+(?:of\s+)?(?:my\s+)?(?:privacy|gdpr|rights)|\bkrænkelse\s+af\s+(?:\w+\s+)?privatliv\w*"
        r"|\bbrud\s+på\s+(?:\w+\s+)?(?:fortrolighed\w*|tavshedspligt\w*)|\bnot\s+what\s+(?:the\s+)?(?:gdpr|law)\s+requires",
        neg=False,
    ),
    _c(
        "complaint",
        3,
        r"\b(?:invoice|faktura|data|details|order|oplysninger|name|phone\s+number|e-?mail|mail)\w*\s+(?:\w+\s+){0,2}(?:for|of"
        r"|til|på|from|fra)\s+(?:another|a\s+different|en\s+anden|et\s+andet)\s+(?:customer|person|kunde|bruger|firma)"
        r"|\b(?:delivered|sent|went|gone|addressed|posted)\s+to\s+(?:him|her|my\s+neighbou?r|the\s+neighbou?r|someone\s+else"
        r"|a\s+stranger|strangers)\b|\b(?:leveret|sendt|kom)\s+til\s+(?:min\s+nabo|naboen|en\s+fremmed|fremmede)\b",
        neg=False,
    ),
    _c(
        "complaint",
        2,
        r"\b(?:fortalte|oplyste|udleverede|viste|gav|sendte|sendt|givet|udleveret|vist|røbede)\s+(?:\w+\s+){0,4}(?:min|mine"
        r"|mit)\s+(?:[\w-]+\s+)?(?:adresse|oplysninger|nummer|e-?mail\w*|mail\w*|navn|data|kode|brugernavn|kundenummer"
        r"|cpr\w*|password|adgangskode)\b|\b(?:fik|har\s+fået)\s+(?:at\s+vide|oplyst|udleveret)\s*,?\s+(?:hvad|hvilke|hvor"
        r"|mine|min|mit)\b"
        r"|\b(?:told|gave|showed|revealed|disclosed|mentioned|read\s+out|oplæste)\s+(?:\w+\s+){0,4}(?:my|the|min|mit|mine)\s+"
        r"(?:[\w-]+\s+){0,2}(?:address|adresse"
        r"|details|data|number|e-?mails?|name|password|information)\b|\b(?:reading|read|looked\s+at|looking\s+at|accessed"
        r"|went\s+through|læste|læser|kiggede\s+i)\s+(?:\w+\s+){0,2}(?:my|our|min|mine|mit)\s+(?:e-?mails?|mails?|mailbox"
        r"|files|data|messages|postkasse|filer|beskeder)\b",
        needs_context=True,
        unless_before=_guard(r"\b(?:jeg|vi|i|we)\s+(?:\w+\s+)?$"),
    ),
    _c(
        "complaint",
        2,
        r"\b(?:utilfreds|ikke\s+tilfreds|ikke\s+glad|unhappy|not\s+happy|not\s+pleased|dissatisfied|upset|disappointed"
        r"|skuffet)\s+(?:med|with|about|for"
        r"|over|that)\s*,?\s*(?:at\s+|that\s+|how\s+|den\s+måde,?\s+|the\s+way\s+)?(?:(?-i:I)|you|jeres|your|der)\b",
        neg=False,
        needs_context=True,
    ),
    _c(
        "complaint",
        2.5,
        r"\b(?:someone|somebody|stranger|nogen|fremmed|anden\s+person)\s+(?:\w+\s+){0,3}(?:logged\s+in(?:to)?"
        r"|accessed|got\s+(?:into|access\s+to)|broke\s+into|fik\s+adgang|loggede\s+ind|har\s+logget\s+ind)\b"
        r"|\b(?:tilhører|belongs\s+to|belonging\s+to)\s+(?:en\s+anden|et\s+andet|another|a\s+different|someone\s+else)\b",
        neg=False,
    ),
    _c(
        "complaint",
        2,
        rf"\b(?:unsubscribed|opted\s+out|afmeldt|frameldt|afmeldte|frameldte){_gap(60)}\b(?:but|men|yet|alligevel|still|stadig)\b",
        neg=False,
        unless=_RECENT,
        unless_anywhere=True,
    ),
    _c(
        "complaint",
        1.5,
        r"\b(?:never|aldrig)\s+(?:\w+\s+)?(?:dealt\s+with|done\s+business\s+with|been\s+in\s+contact\s+with|haft\s+(?:noget\s+)?"
        r"med\s+(?:\w+\s+)?at\s+gøre|været\s+i\s+kontakt\s+med|hørt\s+om)\b",
        neg=False,
        needs_context=True,
    ),
    _c(
        "complaint",
        2,
        r"\b(?:wasn't|was\s+not|weren't|were\s+not|isn't|is\s+not|not\s+actually|never)\s+(?:actually\s+|really\s+)?(?:deleted"
        r"|removed|erased|corrected|fixed|updated|unsubscribed)\b|\b(?:blev|er|var)\s+(?:\w+\s+)?ikke\s+(?:blevet\s+)?(?:slettet"
        r"|fjernet|rettet|afmeldt)\b|\b(?:ringede|kontaktede|skrev|henvendte\s+sig|sendte\s+\w+)\s+(?:\w+\s+){0,2}til\s+min\s+"
        r"(?:arbejdsplads|arbejdsgiver|chef|familie|nabo|mor|far|kone|mand)\b|\b(?:called|contacted|phoned|wrote\s+to|e-?mailed)\s+"
        r"my\s+(?:employer|workplace|boss|family|neighbou?r|mother|father|wife|husband)\b",
        neg=False,
    ),
    _c(
        "complaint",
        2,
        r"\b(?:cc(?:-?feltet)?|to\s+field|til-?feltet)\b(?=[^.!?\n]{0,60}\b(?:customers|kunder|recipients|modtagere"
        r"|everyone|alle|addresses|adresser)\b)|\b(?:everyone|anyone|alle|enhver)\s+(?:can|could|kan|kunne)\s+(?:now\s+|nu\s+)?"
        r"(?:see|se|read|læse)\s+(?:my|min|mit|mine)\b",
        neg=False,
    ),
    _c(
        "complaint",
        1.5,
        r"\b(?:it\s+took|det\s+tog)\s+(?:\w+\s+)?(?:\d+|two|three|four|five|six|to|tre|fire|fem|seks)\s+(?:weeks|months|uger"
        r"|måneder)\b|\b(?:very\s+|really\s+|meget\s+|virkelig\s+)?(?:badly|poorly|dårligt|sjusket)\b|\bcame\s+(?:too\s+)?late"
        r"|\bkom\s+for\s+sent\b",
        neg=False,
        needs_context=True,
    ),
    _c(
        "complaint",
        2,
        r"\b(?:second|third|fourth|fifth|2nd|3rd|4th|5th)\s+(?:e-?mail|mail|message|request|reminder|attempt|letter)\b"
        r"|\b(?:anden|tredje|fjerde|femte)\s+(?:mail|e-?mail|henvendelse|rykker|påmindelse|besked)\b",
        neg=False,
    ),
    _c(
        "complaint",
        1.5,
        r"\b(?:no\s*one|nobody)\s+(?:is\s+|has\s+|ever\s+)?(?:answer|repl|respond)\w*|\bingen\s+(?:svarer|reagerer)\b"
        r"|\b(?:ikke\s+hørt\s+(?:et\s+ord|en\s+lyd|noget\s+som\s+helst)|not\s+heard\s+a\s+(?:word|thing))\b"
        r"|\bwhy\s+(?:on\s+earth\s+)?do\s+you\s+need\s+(?:a\s+copy\s+of\s+)?my\b|\b(?:over\s+the\s+top|way\s+too\s+much"
        r"|overkill)\b|\bhvordan\s+kan\s+det\s+(?:ske|være|gå\s+til)\b|\bikke,?\s+(?:at\s+)?det\s+er\s+i\s+orden\b",
        neg=False,
        needs_context=True,
    ),
    _c(
        "complaint",
        1.5,
        r"\b(?:har|have)\s+(?:(?-i:I)|you)\s+(?:da\s+)?(?:ikke\s+brug\s+for|no\s+need\s+for|no\s+right\s+to)\b"
        r"|\bhar\s+(?-i:I)\s+(?:da\s+)?ingen\s+ret\s+til\b",
        neg=False,
        needs_context=True,
    ),
    _c(
        "complaint",
        2,
        r"\b(?:for|det\s+er|this\s+is|it's|it\s+is)\s+(?:nu\s+|now\s+)?(?:den\s+|the\s+)?(?:anden|tredje|fjerde|femte"
        r"|sjette|\d+\.|second|third|fourth|fifth|sixth|\d+(?:nd|rd|th))\s+(?:gang|time)\b"
        r"|\b(?:asked|told|wrote|written|bedt|skrevet|sagt|fortalt|bad|skrev)\s+"
        r"(?:\w+\s+){0,5}(?:twice|(?:\d+|two|three|four|several)\s+times|(?:\d+|to|tre|fire|flere)\s+gange|again\s+and\s+again"
        r"|igen\s+og\s+igen)|\b(?:\d+|to|tre|fire|flere)\s+gange\s+(?:\w+\s+){0,4}(?:fortalt|skrevet|bedt|sagt)\b"
        r"|\b(?:waited|waiting|ventet|venter|ventede)\s+(?:\w+\s+){0,2}(?:\d+|two|three|four|five|six|seven|eight"
        r"|several|many|to|tre|fire|fem|seks|syv|otte|flere|mange)\s+(?:weeks|months|uger|måneder)\b|\b(?:waited|ventet)\s+"
        r"(?:for\s+)?(?:weeks|months|ages|i\s+ugevis|i\s+månedsvis)\b",
        neg=False,
    ),
    _c(
        "complaint",
        2,
        r"\b(?:ikke\s+(?:komplet|fuldstændig\w*|udtømmende|fyldestgørende)|ufuldstændig\w*|halvt\s+svar|not\s+complete"
        r"|incomplete|(?:does|did)\s+not\s+(?:mention|include|contain)|(?:doesn't|didn't)\s+(?:mention|include|contain|send)"
        r"|der\s+mangler\s+(?:\w+\s+){0,2}(?:mine|oplysninger|data|noget)|(?:was|were)\s+missing|manglede)\b",
        neg=False,
        needs_context=True,
    ),
    _c(
        "complaint",
        1.5,
        r"\b(?:ikke\s+(?:er\s+)?i\s+orden|ikke\s+godt\s+nok|for\s+dårligt|helt\s+galt|krænkelse\w*"
        r"|sjusk\w*|useriøs\w*|ulovlig\w*|må\s+ikke\s+ske\s+igen|hvad\s+er\s+(?:det\s+for\s+et\s+firma|meningen)"
        r"|forklaring|not\s+ok(?:ay)?|not\s+good\s+enough|sloppy|careless|serious\s+breach|poor\s+protection"
        r"|should(?:\s+not|n't)\s+(?:have\s+)?happen\w*|should\s+never\s+happen|must\s+not\s+happen\s+again|how\s+(?:can|could)"
        r"\s+this\s+happen|(?:expect|want|demand)\s+an\s+explanation|illegal|unlawful|excessive"
        r"|unreasonable|overdrevet|urimelig\w*|no\s+business\s+(?:keeping|having|asking)|ikke\s+acceptabel\w*|uacceptabel\w*"
        r"|unacceptable|not\s+acceptable)\b",
        neg=False,
        needs_context=True,
    ),
    _c(
        "complaint",
        1.5,
        r"\b(?:not\s+happy\s+about\s+(?:it|this|that)|(?:very|deeply|really)\s+(?:worried|concerned|upset|unhappy)"
        r"|(?:meget|dybt|virkelig)\s+(?:bekymret|utryg|ked\s+af\s+det|utilfreds)|føler\s+mig\s+(?:utryg|krænket))\b",
        neg=False,
        needs_context=True,
    ),
    _c(
        "complaint",
        1.5,
        r"\b(?:synlig\w*|visible|offentlig\w*|publicly|plain\s*text|clear\s*text|klartekst|in\s+the\s+clear|exposed"
        r"|eksponeret)\b",
        neg=False,
        needs_context=True,
    ),
    _c(
        "complaint",
        1.5,
        r"\b(?:der\s+sker|sker\s+der)\s+(?:\w+\s+)?(?:ingenting|intet|ikke\s+noget)\b|\bnothing\s+(?:happens|is\s+happening)\b"
        r"|\bstill\s+waiting\b|\bventer\s+(?:\w+\s+)?stadig\b|\bstadig\s+venter\b|\bnot\s+impressed\b|\bikke\s+imponeret\b"
        r"|\bhvad\s+sker\s+der\s*\?|\bwhat(?:'s|\s+is)\s+going\s+on\s*\?"
        r"|\b(?:nothing|intet|ingenting)\s+(?:has\s+|er\s+|was\s+|have\s+)?(?:\w+\s+)?(?:changed|happened|sket|ændret|done"
        r"|gjort)\b|\bstill\s+(?:there|online|wrong|visible|up|on\s+your|being)\b|\bstadig\s+(?:forkert|online|synlig|der"
        r"|på\s+(?:jeres|hjemmesiden)|står)\b|\bheard\s+nothing\b|\bnever\s+(?:came|arrived|got\s+back)\b"
        r"|\bno\s+\w+\s+ever\s+(?:came|arrived)\b|\bintet\s+h(?:ø|oe)rt\b|\bnothing\s+(?:was|has\s+been|got)\s+\w+ed\b"
        r"|\b(?:still\s+)?unanswered\b|\bubesvaret\b|\b(?:not|ikke)\s+(?:been\s+|blevet\s+)?(?:answered|besvaret)\b"
        r"|\b(?:det\s+er\s+for\s+længe|too\s+long|far\s+too\s+long|well\s+past)\b"
        r"|\bstadig\s+(?:\w+\s+){0,2}(?:logger|bruger|behandler|gemmer|viser|har\s+(?:mit|min|mine))\b",
        neg=False,
    ),
    _c(
        "complaint",
        2,
        r"\b(?:aldrig\s+(?:har\s+)?(?:sagt\s+ja|givet\s+(?:lov|samtykke|tilladelse)|accepteret)|never\s+(?:agreed|consented"
        r"|gave\s+(?:my\s+|you\s+)?(?:permission|consent))|(?:ignored|ignoring|disregarded|overset|ignoreret)\s+(?:my|min|mit"
        r"|mine)|(?:trods|despite|in\s+spite\s+of)\s+(?:\w+\s+){0,2}(?:indsigelse\w*|afmelding\w*|objection|opt-?out"
        r"|unsubscrib\w*|request|anmodning))\b",
        neg=False,
    ),
    _c(
        "complaint", 1, r"\b(?:as\s+i\s+(?:asked|requested|said)|som\s+jeg\s+(?:bad\s+om|har\s+bedt\s+om))\b", neg=False
    ),
    _c(
        "complaint",
        1.5,
        rf"\b(?:asked|wrote|requested|sent|contacted|bad|skrev|anmodede|sendte|bedt|kontaktede){_span(160)}\b(?:heard\s+nothing"
        r"|no\s+(?:answer|reply|response)|not\s+(?:heard|received|had)\s+(?:\w+\s+)?(?:anything|an?\s+(?:answer|reply))"
        r"|(?:haven't|have\s+not|still\s+not|never)\s+(?:heard|received|had|got)|intet\s+(?:hørt|svar|sket)"
        r"|ikke\s+(?:hørt|fået\s+(?:svar|noget)|gjort\s+det|modtaget)|stadig\s+(?:ikke|intet|ingenting)|intet\s+modtaget"
        r"|still\s+(?:haven't|not|no|unanswered))",
        neg=False,
        wide=True,
        unless=_RECENT,
        unless_anywhere=True,
    ),
    _c(
        "complaint",
        1.5,
        r"\b(?:very|really|so)\s+(?:angry|furious|upset)\b|\b(?:meget|virkelig|så)\s+(?:vred|sur|gal)\b",
        neg=False,
        needs_context=True,
    ),
    _c(
        "complaint",
        1,
        r"\b(?:never\s+heard\s+of|aldrig\s+hørt\s+om|without\s+(?:further|any\s+more)\s+delay|uden\s+yderligere\s+"
        r"(?:forsinkelse|ventetid)|as\s+the\s+law\s+requires|som\s+loven\s+kræver)\b",
        neg=False,
        needs_context=True,
    ),
    _c(
        "complaint",
        3,
        r"\b(?:data\s+breach|security\s+breach|security\s+incident|sikkerhedshændelse\w*|databrud|sikkerhedsbrud"
        r"|brud\s+på\s+(?:\w+\s+){0,2}sikkerhed\w*"
        r"|(?:has|have|was|were|got)\s+(?:been\s+)?(?:leaked|hacked|exposed|compromised)|lækket|hacket)\b",
        neg=False,
        names=True,
    ),
    _c("complaint", 2, r"\b(?<!memory\s)leak(?:ed|s)?\b|\blæk\b", needs_context=True, names=True),
    _c(
        "complaint",
        3,
        r"\b(?:sent|emailed|mailed|forwarded|gave|given|disclosed|shared|passed)\s+(?:\w+\s+){0,5}(?:to|with)\s+"
        r"(?:the\s+wrong\s+\w+|another\s+(?:customer|person|company)|someone|somebody|a\s+stranger|strangers"
        r"|a\s+third\s+party|other\s+customers"
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
        r"\b(?:sold|shared|passed(?:\s+on)?|disclosed|handed\s+over|gave\s+away)\s+(?:\w+\s+)?my\s+(?:\w+\s+)?"
        r"(?:data|details|information|number|address|e-?mail)\b",
        unless_before=_guard(r"\b(?:who|whom|which|what)\b(?:\s+\w+){0,2}\s+(?:have|has|did|do)\s+you\s+$"),
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
        rf"|send\w*)\s+(?:(?!{_SERVICE_NOUN}\b)\w+\s+){{0,3}}{_MARKETING_NOUNS}\b",
        neg=False,
    ),
    _c(
        "complaint",
        2,
        r"\bstill\s+(?:no|not|haven't|have\s+not|hasn't|has\s+not)\s+(?:\w+\s+){0,2}(?:answer|reply|response|heard)\w*"
        r"|\bstadig\s+(?:ikke|intet|ingen)\s+(?:\w+\s+){0,2}(?:svar|hørt|reaktion|tilbagemelding)\b",
        neg=False,
    ),
    _c(
        "complaint",
        2.5,
        r"\b(?:posted|published|uploaded|lagt\s+ud|lagde\s+(?:\w+\s+){0,3}ud|offentliggjort\w*|offentliggjorde|postede)\s+"
        r"(?:\w+\s+){0,4}(?:my|min|mit|mine)\s+(?:\w+\s+)?(?:details|data|information|name|address|number|oplysninger|navn"
        r"|adresse|nummer|kundeoplysninger)\b",
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
        names=True,
    ),
    _c("complaint", 2, r"\bcomplain\w*\b|\bformal\s+complaint\b", needs_context=True, names=True),
    # Danish
    _c(
        "complaint",
        3,
        r"\b(?:sendt|sende|sendte|videresendt|givet|delt|udleveret)\s+(?:\w+\s+){0,5}til\s+(?:en\s+anden|en\s+forkert"
        r"|forkert\s+modtager|den\s+forkerte|en\s+fremmed|andre\s+kunder|min\s+(?:tidligere\s+|gamle\s+)?"
        r"(?:arbejdsgiver|arbejdsplads|arbejde|chef|eks\w*|kollega|nabo|familie))"
        r"(?!\s+(?:\w+\s+)?(?:udbyder\w*|leverandør\w*|hosting\w*|provider|platform))",
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
        r"\b(?:solgt|delt|videregivet|givet|udleveret)\s+(?:\w+\s+)?(?:min|mit|mine)\s+(?:\w+\s+)?(?:oplysninger|data|nummer|adresse"
        r"|e-?mail\w*)\s+(?:til|uden|videre)\b",
    ),
    _c("complaint", 2, r"\buden\s+(?:mit|min)\s+(?:samtykke|tilladelse|viden)\b"),
    _c(
        "complaint",
        3,
        r"\b(?:selvom|selv\s+om|på\s+trods\s+af\s+at|efter\s+(?:at\s+)?)\s*(?:jeg|vi)\s+(?:\w+\s+){0,2}"
        r"(?:afmeldt|frameldt|afmeldte|bedt\s+(?:om|jer|dig)|bad\s+(?:om|jer|dig)|sagt|skrevet|trukket|gjort\s+indsigelse)",
        neg=False,
    ),
    _c(
        "complaint",
        2,
        rf"\b(?:stadig|fortsat|blive[rt]?\s+ved\s+med\s+at)\s+(?:(?!{_SERVICE_NOUN}\b)\w+\s+){{0,3}}{_MARKETING_NOUNS}\b"
        rf"|\bstadig\s+(?:\w+\s+){{0,3}}(?:modtager|får|sender)\b"
        r"|\b(?:bliver|blir)\s+ved\s+med\s+at\s+(?:komme|sende|ringe|skrive)\b(?!\s+(?:\w+\s+){0,3}(?:påmindelse\w*"
        r"|faktura\w*|rykker\w*|regning\w*))",
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
        r"|\b(?:for\s+)?(?:\d+|to|tre|fire|fem|seks|syv|otte)\s+(?:uger|måneder)\s+siden\b|\bfor\s+en\s+måned\s+siden\b"
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
    _c(
        "complaint",
        3,
        r"\bklage\w*\s+(?:\w+\s+){0,3}(?:til|hos)\s+datatilsynet\b|\banmelde\w*\s+(?:\w+\s+){0,3}til\b",
        names=True,
    ),
    _c("complaint", 2, r"\bklage\w*\b|\bklager\b", needs_context=True, names=True),
    _c("complaint", 2, r"\bdatatilsynet\b|\bdata\s+protection\s+authority\b|\bICO\b", names=True),
    # Broad weak signals: an incident with personal data, and displeasure. One of each makes a complaint.
    _c(
        "complaint",
        1,
        r"\b(?:without\s+(?:my\s+|any\s+)?(?:consent|permission|knowledge|asking)|uden\s+(?:at\s+spørge|mit\s+samtykke|min\s+"
        r"tilladelse|min\s+viden)|never\s+(?:asked|agreed|consented|gave)|aldrig\s+(?:bedt|givet|sagt\s+ja"
        r"|accepteret)|despite|in\s+spite\s+of|selvom|selv\s+om|trods|på\s+trods|phishing|svindel\w*|fupmail\w*|scam\w*"
        r"|hacked|hacket|leaked|lækket|exposed|eksponeret|misbrug\w*|misused|abused|sold|solgt|passed\s+on|videregivet|delt"
        r"\s+med|shared\s+with|fik\s+fat\s+i|got\s+hold\s+of|got\s+my|har\s+fået\s+fat|(?:mine|my)\s+private\s+(?:mails"
        r"|e-?mails|beskeder|messages)|customers'\s+(?:mailboxes|e-?mails|data)|kundernes\s+(?:mails|mailbokse|data))\b",
        neg=False,
        needs_context=True,
    ),
    _c(
        "complaint",
        1,
        r"\b(?:uprofessionel\w*|unprofessional|ridiculous|latterlig\w*|outrageous|uhørt|chokeret|shocked|appalled|upset|ked\s+af"
        r"|skuffet|disappointed|frustrat\w*|vred|angry|furious|rasende|irriteret|annoyed|utryg|bekymret|worried|concerned"
        r"|ubehagelig\w*|uncomfortable|krænkende|intrusive|creepy|grænseoverskridende|(?:alvorlig\w*|serious)\s+(?:\w+\s+)?"
        r"(?:problem|issue|lapse|mistake|fejl|brist)|sendt\s+(?:[\w-]+\s+){0,3}videre"
        r"|forventer\s+(?:en\s+)?(?:forklaring|svar)|expect\s+an?\s+(?:explanation|answer)|kræver\s+(?:en\s+)?forklaring"
        r"|demand\s+an?\s+explanation|forklaring|explanation|explain\s+(?:how|why)|forklar\s+(?:hvordan|hvorfor)|hvordan\s+kunne"
        r"|how\s+could|why\s+did\s+you|who\s+gave\s+you|hvem\s+har\s+givet\s+jer|enough\s+is\s+enough|nu\s+er\s+det\s+nok"
        r"|unacceptable|uacceptabel\w*)\b",
        neg=False,
        needs_context=True,
    ),
    # indignant punctuation ("... en velkomstmail fra jer?!"); a literal, so `re` finds it fast without word starts
    _c("complaint", 1, r"\?!|!\?", neg=False, needs_context=True),
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
    _c("other", 1, r"(?<![^\n])\b(?:thanks?|thank\s+you|tak|mange\s+tak|tusind\s+tak)\b", neg=False),
    _c(
        "other",
        2,
        r"\b\d+\s?%\s+(?:off|rabat|discount)|\bgrow\s+your\s+(?:\w+\s+)?business\b|\bwhite-label\b|\blimited\s+time\b"
        r"|\bspecial\s+offer\b|\bact\s+now\b|\bnew\s+partners\b",
        neg=False,
    ),
    _c("other", 1.5, r"\b(?:hvad\s+koster|koster\s+(?:den|det)|how\s+much\s+(?:is|does|would)|costs?)\b", neg=False),
    _c(
        "other",
        1.5,
        r"\b(?:weekly|monthly|daily|ugentlig\w*|månedlig\w*|dagligt|frequency|hyppighed|less\s+often|more\s+often|sjældnere"
        r"|oftere)\b",
        neg=False,
    ),
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
        "access",
        2,
        r"\b(?:auskunft\w*|accès|acceso|acesso|accesso|inzage|dostęp\w*|registerutdrag|innsyn|cópia|copia)\b",
        foreign=True,
        neg=False,
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
        r"\b(?:widerspruch|widerspreche\w*|m'oppose|opposition|oposición|opongo|oponho|opposizione|oppongo|bezwaar"
        r"|sprzeciw\w*|invändning)\b",
        foreign=True,
        neg=False,
        redirect=True,
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
        redirect=True,
    ),
    _c(
        "complaint",
        2,
        r"\b(?:beschwerde|plainte|réclamation|queja|reclamación|klacht|skarga|klagomål|cnil|aepd|reclamo|violazione"
        r"|verletzung|brecha|inbreuk|naruszenie|altro\s+cliente|autre\s+client|otro\s+cliente|anderen\s+kunden"
        r"|uodo|aufsichtsbehörde)\b",
        foreign=True,
        neg=False,
    ),
)

# Article numbers of the GDPR and the label each names; 21(2)/(3) is direct marketing, 7(3) consent withdrawal.
ARTICLE_LABEL = {
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
ARTICLE_SOURCE = (
    r"\b(?:article|artikel|artículo|articolo|artigo|artykuł|artikkel|art)\.?\s*(\d{1,2})\b(?:\.º)?"
    r"(?:\s*(?:\(\s*(\d)\s*\)|stk\.\s*(\d)|abs\.\s*(\d)))?"
)
GDPR_SOURCE = (
    r"\b(?:GDPR|DSGVO|DS-GVO|RGPD|(?-i:AVG)|RODO|databeskyttelsesforordning\w*|persondataforordning\w*"
    r"|databeskyttelsesloven|persondataloven|Datenschutz-?Grundverordnung|dataskyddsförordning\w*"
    r"|General\s+Data\s+Protection\s+Regulation)\b"
)


@dataclass(frozen=True)
class Entry:
    name: str
    cue: Cue
    scanner: Scanner


def _by_label() -> tuple[tuple[str, tuple[Entry, ...]], ...]:
    """The cues grouped per label, strongest first as written: a weaker cue never re-counts a stronger one's words."""
    groups: dict[str, list[Entry]] = {}
    for index, cue in enumerate(CUES):
        groups.setdefault(cue.label, []).append(Entry(f"c{index}", cue, Scanner(cue.source)))
    return tuple((label, tuple(entries)) for label, entries in groups.items())


TABLE = _by_label()
