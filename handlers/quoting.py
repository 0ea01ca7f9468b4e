"""Keep only what the sender wrote now: cut quoted history, forwarded mail and signatures.

Why: the classifier must judge the new text. A quoted earlier request, an old reply of ours or a phone footer would
otherwise be read as if the sender had written it again (a "thanks!" that quotes "delete my account" is no new request).

How: walk the lines top-down. "> " lines are dropped; a reply header ("On ... wrote:", "Den ... skrev ...:"), an
Outlook header block (From/Sent/To/Subject, Fra/Sendt/Til/Emne), an "Original message" / "Forwarded message" line,
a "-- " signature line, a phone footer ("Sent from my iPhone") or, after some text, a company's confidentiality or
privacy footer ("This e-mail is confidential ...") ends the new text. A reply header directly followed by
"> " lines with new text after them is an inline/bottom-posted reply: only the header and the quote are dropped.
Then a closing greeting ("Med venlig hilsen", "Best regards", ...) near the end is dropped with the short name block
after it. If nothing is left (a bare forward), the whole text is returned without its "> " markers instead. A short
note that says the sender is sending an earlier message again ("Sending this again", "se nedenfor") keeps the
forwarded message below it too: that message is the request.
"""

import re

_QUOTED = re.compile(r"^[ \t]*>")
_QUOTE_MARKERS = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.MULTILINE)

# A line that may begin a reply header; the header itself may be wrapped over up to three lines.
_HEADER_START = re.compile(
    r"^\s*(?:on|den|am|le|el|op|w\s+dniu|d\.|(?:man|tir|ons|tor|fre|lør|loer|søn|soen)\w*\.?,?)\s",
    re.IGNORECASE,
)
_REPLY_HEADER = re.compile(
    r"^\s*(?:on|den|am|le|el|op|w\s+dniu|d\.|(?:man|tir|ons|tor|fre|lør|loer|søn|soen)\w*\.?,?)\s"
    r".{0,300}?\b(?:wrote|skrev|schrieb|a\s+écrit|escribió|schreef|napisał)\b.{0,250}:\s*$",
    re.IGNORECASE,
)
# "Jens Hansen <jens@example.dk> skrev:" without a leading date: needs an address or a digit to be trusted.
_SHORT_HEADER = re.compile(r"^.{0,200}\b(?:wrote|skrev|schrieb|a\s+écrit)\s*:\s*$", re.IGNORECASE)
_HEADER_EVIDENCE = re.compile(r"@|\d")

_SEPARATOR = re.compile(
    r"^\s*(?:-{2,}\s*(?:original\s+message|oprindelig\s+(?:meddelelse|besked|mail)|forwarded\s+message"
    r"|videresendt\s+(?:besked|meddelelse|mail)|ursprüngliche\s+nachricht|weitergeleitete\s+nachricht"
    r"|message\s+d'origine|message\s+transféré)\s*-{2,}"
    r"|begin\s+forwarded\s+message\s*:|start\s+på\s+videresendt\s+(?:besked|meddelelse)\s*:"
    r"|videresendt\s+(?:besked|meddelelse)\s*:)\s*$",
    re.IGNORECASE,
)
_UNDERSCORES = re.compile(r"^\s*_{10,}\s*$")
# "Sending this again", "se nedenfor": the note points at the forwarded message below it, which is the request
_RESEND = re.compile(
    r"\b(?:sending\s+(?:this|it|my\s+\w+)\s+again|re-?sending|resend\w*|forwarding\s+(?:my|this|the)|see\s+(?:below"
    r"|my\s+(?:earlier|previous|original|first))|below\s+is\s+my|sender\s+(?:den|det|denne|dette|min\s+\w+)\s+igen"
    r"|videresender\s+(?:min|mit|den|det)|se\s+(?:nedenfor|forneden|herunder|min\s+(?:tidligere|oprindelige|første))"
    r"|nedenfor\s+(?:er|finder|ses))\b",
    re.IGNORECASE,
)
_SIGNATURE_DASHES = re.compile(r"^--[ \t]?$")
# A company's mail footer: "This e-mail is confidential ... please delete it", "Vi behandler dine personoplysninger i
# overensstemmelse med ...". Its words are boilerplate, not the sender's ask.
_DISCLAIMER = re.compile(
    r"^\s*(?:(?:this|the\s+information\s+in\s+this)\s+(?:e-?mail|message|communication)\s+(?:\(?and\s+any\s+attachments?\)?\s+)?"
    r"(?:is|are|may\s+be|may\s+contain|contains?)\s+(?:\w+\s+)?(?:confidential|privileged)|confidentiality\s+notice|disclaimer\s*:"
    r"|(?:denne|den\s+her)\s+(?:e-?mail|mail|besked|meddelelse)\s+(?:og\s+eventuelle\s+vedhæftede\s+filer\s+)?(?:kan\s+indeholde"
    r"|indeholder|er)\s+(?:\w+\s+)?fortrolig|privacy\s+notice\s*:|vi\s+behandler\s+(?:dine\s+)?personoplysninger\s+i\s+"
    r"overensstemmelse|we\s+process\s+(?:your\s+)?personal\s+data\s+in\s+accordance)",
    re.IGNORECASE,
)
_PHONE_FOOTER = re.compile(
    r"^\s*(?:sent\s+from\s+(?:my\s+)?(?:iphone|ipad|android|samsung|galaxy|mobile|phone|huawei|pixel)"
    r"|sendt\s+fra\s+(?:min\s+)?(?:iphone|ipad|android|samsung|galaxy|mobil|telefon|huawei|pixel)"
    r"|(?:get|hent)\s+outlook\s+(?:for|til)\s+(?:android|ios)"
    r"|sent\s+from\s+(?:outlook|mail|yahoo\s+mail)\s+for\s+\w+|sendt\s+fra\s+(?:outlook|mail|yahoo\s+mail)\s+til\s+\w+"
    r"|sent\s+from\s+yahoo\s+mail|sendt\s+fra\s+yahoo\s+mail|sent\s+from\s+proton\s*mail)\b.{0,60}$",
    re.IGNORECASE,
)
_HEADER_FIELD = re.compile(
    r"^[ \t]*(?:\*[ \t]*)?(from|fra|von|de|sent|sendt|date|dato|datum|gesendet|envoyé|to|til|an|à|cc|subject|emne"
    r"|betreff|objet)[ \t]*:",
    re.IGNORECASE,
)
_FROM_FIELDS = frozenset({"from", "fra", "von", "de"})

_CLOSING = re.compile(
    r"^\s*(?:med\s+venlig(?:st)?\s+hilsen|venlig(?:st)?\s+hilsen|mvh|vh|kh|de\s+bedste\s+hilsner|bedste\s+hilsner"
    r"|mange\s+hilsner|kærlig\s+hilsen|kaerlig\s+hilsen|hilsen|best\s+regards|kind\s+regards|warm\s+regards"
    r"|regards|best\s+wishes|all\s+the\s+best|yours\s+sincerely|yours\s+faithfully|sincerely|thanks\s+and\s+regards"
    r"|many\s+thanks\s+and\s+best\s+regards|cheers|br)\b[\s,.!:-]*(?P<rest>.*)$",
    re.IGNORECASE,
)
_CLOSING_REST_MAX = 50
_BLOCK_MAX_LINES = 6
_BLOCK_MAX_WIDTH = 80


def _normalise(text: str) -> str:
    """One line-ending convention, so that every rule below sees the same lines."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _reply_header_lines(lines: list[str], i: int) -> int:
    """How many lines (1-3) a reply header starting at line i spans; 0 if there is none."""
    line = lines[i]
    if _REPLY_HEADER.match(line):
        return 1
    if _SHORT_HEADER.match(line) and _HEADER_EVIDENCE.search(line) and len(line) < 250:
        return 1
    if not _HEADER_START.match(line):
        return 0
    joined = line
    for extra in (1, 2):
        if i + extra >= len(lines) or not lines[i + extra].strip():
            break
        joined = f"{joined} {lines[i + extra].strip()}"
        if len(joined) > 400:
            break
        if _REPLY_HEADER.match(joined):
            return extra + 1
    return 0


def _is_inline_reply(lines: list[str], after: int) -> bool:
    """True when the header is followed by "> " lines and then by new text (bottom or inline posting)."""
    i = after
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines) or not _QUOTED.match(lines[i]):
        return False
    while i < len(lines) and (_QUOTED.match(lines[i]) or not lines[i].strip()):
        i += 1
    return i < len(lines) and not _is_hard_cut(lines, i)


def _is_header_block(lines: list[str], i: int) -> bool:
    """An Outlook-style block: From/Fra followed within five lines by another header field."""
    first = _HEADER_FIELD.match(lines[i])
    if not first or first.group(1).lower() not in _FROM_FIELDS:
        return False
    for j in range(i + 1, min(i + 6, len(lines))):
        other = _HEADER_FIELD.match(lines[j])
        if other and other.group(1).lower() not in _FROM_FIELDS:
            return True
    return False


def _is_hard_cut(lines: list[str], i: int) -> bool:
    """A line after which nothing belongs to the new text."""
    line = lines[i]
    if _SIGNATURE_DASHES.match(line) or _SEPARATOR.match(line) or _PHONE_FOOTER.match(line):
        return True
    if _UNDERSCORES.match(line):
        return any(_is_header_block(lines, j) for j in range(i + 1, min(i + 3, len(lines))))
    return _is_header_block(lines, i)


def _drop_closing(lines: list[str]) -> list[str]:
    """Drop a closing greeting and the short name block after it, but only near the end and after some text."""
    seen_text = False
    for g, line in enumerate(lines):
        match = _CLOSING.match(line)
        if match and seen_text and len(match.group("rest")) <= _CLOSING_REST_MAX:
            tail = [rest for rest in lines[g + 1 :] if rest.strip()]
            if len(tail) <= _BLOCK_MAX_LINES and all(len(rest) <= _BLOCK_MAX_WIDTH for rest in tail):
                return lines[:g]
        if line.strip():
            seen_text = True
    return lines


def strip_quoted(text: str) -> str:
    """Return only the new text the sender wrote (see the module docstring for what is cut)."""
    lines = _normalise(text or "").split("\n")
    kept: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _QUOTED.match(line):
            i += 1
            continue
        header = _reply_header_lines(lines, i)
        if header:
            if _is_inline_reply(lines, i + header):
                i += header
                continue
            break
        if _is_hard_cut(lines, i) or (any(kept_line.strip() for kept_line in kept) and _DISCLAIMER.match(line)):
            break
        kept.append(line.rstrip())
        i += 1
    result = "\n".join(_drop_closing(kept)).strip()
    if result and i < len(lines) and _RESEND.search(result):
        resent = strip_quoted(_without_header_block(lines[i:]))
        return f"{result}\n\n{resent}".strip()
    if result:
        return result
    return _QUOTE_MARKERS.sub("", _normalise(text or "")).strip()


def _without_header_block(lines: list[str]) -> str:
    """The message below a separator or reply header: its header lines and "> " markers taken away."""
    i = 0
    while i < len(lines) and (
        not lines[i].strip()
        or _SEPARATOR.match(lines[i])
        or _UNDERSCORES.match(lines[i])
        or _HEADER_FIELD.match(lines[i])
        or _reply_header_lines(lines, i)
    ):
        i += 1
    return _QUOTE_MARKERS.sub("", "\n".join(lines[i:]))
