"""Fast scanning for cue patterns: each pattern is tried only where a match can begin.

Why: with IGNORECASE and a leading \\b, `re` tries a pattern at every character, and a message meets some 250
patterns; tried that way a 1.5 KB message costs milliseconds. How: every pattern is parsed once (CPython's
re._parser) to find the literal word beginnings one of which every match must start with ("slet", "delete", "i").
A message is read once: at each word start, the patterns that may match there are noted (looked up per four-letter
chunk, and the answer remembered across messages: words repeat).
A pattern is then tried only at its noted positions, all in one C-level pass (`map` of `match`); a match that begins
inside an earlier one is dropped, as finditer drops it. Patterns with the same beginnings share one list of positions.
A pattern that starts with a common word ("i", "jeg", "my") also gets a gate: a rarer word it needs further on ("out"
in "i want out"); it is tried only in texts holding it.
A pattern whose beginnings cannot be read, or that may begin inside a word, is scanned in full: slower, never wrong.
Reading the beginnings and gates of every pattern costs seconds at start-up, twice compiling them: the results ship in
cue_starts.json (written by `python -m handlers.cue_starts`), named by each pattern's source, so a changed cue is
simply read at start-up; only a change to the reading itself makes the file wrong (tests/test_cue_scan.py checks).
(Not done: one alternation per label. Measured on the benchmark's messages it costs twice the separate tries: at each
position `re` walks every alternative, where the table tries only the patterns that can begin there.)
"""

import json
import re
from bisect import bisect_left
from collections import defaultdict
from functools import cache, lru_cache
from itertools import chain, repeat
from pathlib import Path
from typing import Any

try:  # CPython's own regex parser, used only to see where a pattern can begin
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python: every pattern is simply scanned in full
    _sre = _sre_parse = None


def _lower_literals(source: str) -> str:
    """A pattern's literal letters in lowercase; escapes (\\S, \\W, \\B, \\D ...) are kept as written."""
    out: list[str] = []
    i = 0
    while i < len(source):
        if source[i] == "\\" and i + 1 < len(source):
            out.append(source[i : i + 2])
            i += 2
            continue
        out.append(source[i].lower())
        i += 1
    return "".join(out)


def fold(source: str) -> str:
    """Let Danish cues match text written without æ/ø/å (ae/oe/aa), as people do on foreign keyboards."""
    return source.replace("æ", "(?:æ|ae)").replace("ø", "(?:ø|oe)").replace("å", "(?:å|aa)")


START_LEN = 4
_START_MAX = 160
_ANCHOR = "\x00"  # marks a start reached through \b: such a match begins at a word start
# A start reads "\s" as one space ("i " for "i\s+want": not tried at "ikke"), so a text's word beginnings are looked up
# with every character "\s" matches (str.isspace(), none above U+3000) as a space.
SPACES = {code: " " for code in range(0x3001) if chr(code).isspace()}


def _starts(items: list[Any], prefix: str) -> set[str] | None:
    """Lowercase literal strings one of which begins every match of `items`; None when a match may begin anywhere."""
    i = 0
    while i < len(items) and len(prefix.lstrip(_ANCHOR)) < START_LEN:
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
        elif op is _sre.IN and list(av) == [(_sre.CATEGORY, _sre.CATEGORY_DIGIT)]:
            alternatives = [[(_sre.LITERAL, ord(digit)), *rest] for digit in "0123456789"]
        elif op is _sre.IN and list(av) == [(_sre.CATEGORY, _sre.CATEGORY_SPACE)]:
            alternatives = [[(_sre.LITERAL, ord(" ")), *rest]]
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


def _after_word_break(item: tuple[Any, Any]) -> bool:
    """Whether what follows `item` in a pattern begins a word (after \\b or after one or more spaces)."""
    op, av = item
    if op is _sre.AT:
        return av is _sre.AT_BOUNDARY
    if op in (_sre.MAX_REPEAT, _sre.POSSESSIVE_REPEAT) and av[0] >= 1 and len(av[2]) == 1:
        inner_op, inner = av[2][0]
        return inner_op is _sre.IN and list(inner) == [(_sre.CATEGORY, _sre.CATEGORY_SPACE)]
    return False


def _optional_words(item: tuple[Any, Any]) -> bool:
    """An optional group of whole words, such as "(?:gerne\\s+)?" or "(?:\\w+\\s+){0,3}": skipped or not, what
    follows it begins a word when it began at one."""
    op, av = item
    return op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and av[0] == 0 and bool(av[2]) and _ends_with_space(list(av[2]))


def _ends_with_space(items: list[Any]) -> bool:
    op, av = items[-1]
    if _after_word_break((op, av)):
        return True
    if op is _sre.SUBPATTERN:
        inner = list(av[-1])
        if len(inner) == 1 and inner[0][0] is _sre.BRANCH:
            return all(alt and _ends_with_space(list(alt)) for alt in inner[0][1][1])
        return bool(inner) and _ends_with_space(inner)
    if op is _sre.BRANCH:
        return all(alt and _ends_with_space(list(alt)) for alt in av[1])
    return False


# Words in nearly every message: a poor gate, taken only when nothing rarer is there.
_COMMON_STARTS = frozenset(
    "ikke have har med for the and you your that this with from til fra det den der som jeg vil kan mig min mit mine"
    " our are was not but men also please venligst gerne what hvad when when will would could kunne ville want need"
    " your jeres dere they them".split()
)


def _telling(starts: set[str]) -> tuple[int, int, int]:
    """How well a set of word starts tells a pattern apart: rare words first, then long ones, then few."""
    return (-sum(start.rstrip() in _COMMON_STARTS for start in starts), _shortest(starts), -len(starts))


def _shortest(starts: set[str] | tuple[str, ...]) -> int:
    """The length of the shortest word among `starts` (a space after a word is no part of it: "my " is "my")."""
    return min(len(start.rstrip()) for start in starts)


def _needs(items: list[Any], anchored: bool, depth: int = 0) -> set[str] | None:
    """Word starts one of which every match of `items` holds somewhere; the most telling set found, else None.
    `anchored`: the first item begins a word. A choice of phrases ("a|b") needs the union of their words."""
    best: set[str] | None = None

    def consider(found: set[str] | None) -> None:
        nonlocal best
        if not found or _shortest(found) < 3:
            return
        if best is None or _telling(found) >= _telling(best):
            best = found  # on a tie the later word wins: later words in a phrase are the telling ones

    at_word = anchored
    for k, (op, av) in enumerate(items):
        if k:
            before = items[k - 1]
            # after "\\s+", or after an optional "(?:word\\s+)?" that itself began at a word start
            at_word = _after_word_break(before) or (at_word and _optional_words(before))
        if at_word:
            found = _starts(items[k:], _ANCHOR)
            if found and all(start.startswith(_ANCHOR) and start[1:2].isalnum() for start in found):
                consider({start[1:] for start in found})
        if depth < 2:
            if op is _sre.SUBPATTERN and len(av[-1]) == 1 and av[-1][0][0] is _sre.BRANCH:
                op, av = av[-1][0]
            if op is _sre.BRANCH:
                union: set[str] | None = set()
                for alternative in av[1]:
                    sub = _needs(list(alternative) + items[k + 1 :], at_word, depth + 1)
                    if sub is None:
                        union = None
                        break
                    union |= sub
                consider(union)
    return best


def _gate_starts(source: str, flags: int, first: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """Word starts every match needs somewhere ("obje" in "right to object|i hereby object"), when they tell more
    than its first word: a pattern that starts with a common word ("i", "jeg", "my") is then tried only in texts
    that also hold a rarer word. None when none can be read from the pattern."""
    if _sre_parse is None or first is None:
        return None
    try:
        found = _needs(list(_sre_parse.parse(source, flags)), False)
    except Exception:  # a private CPython module: any surprise just means no gate
        return None
    if not found or _shortest(found) <= _shortest(first):
        return None
    return tuple(sorted(found))


_START_OF = re.Match.start
# Words: each match begins at a word start (where `\b` sits before a letter or digit), and every start is found.
_WORD = re.compile(r"\w+")


# Letters that IGNORECASE equates with an ASCII letter but lower() keeps apart (or makes longer)
_CASE_ODD = ("\u0130", "\u0131", "\u017f")  # İ ı ſ


class ScanText:
    """A message, its lowercase twin (same offsets), and where each gated scanner may match (one pass over words)."""

    __slots__ = ("text", "low", "candidates", "case_odd")

    def __init__(self, text: str) -> None:
        self.text = text
        self.case_odd = any(letter in text for letter in _CASE_ODD)  # (`in` is quicker than a pattern here)
        low = text.lower()
        if len(low) != len(text):  # a rare letter whose lowercase is longer: keep offsets aligned
            low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
        self.low = low
        # Every word start, by its first letters (a scan of words is quicker in `re` than one for the known starts;
        # a beginning no scanner knows just finds no scanners below).
        by_chunk: defaultdict[str, list[int]] = defaultdict(list)
        for at in list(map(_START_OF, _WORD.finditer(low))):  # (listed first: measured quicker than interleaved)
            by_chunk[low[at : at + START_LEN]].append(at)
        # Words repeat: hand each distinct beginning's positions to its scanners once (lists shared, never changed);
        # a scanner whose words begin in several ways merges its lists only if it is ever tried (`positions`).
        found: defaultdict[int, list[list[int]]] = defaultdict(list)
        for chunk, positions in by_chunk.items():
            for ident in _scanners_at(chunk):
                found[ident].append(positions)
        self.candidates = found

    def positions(self, ident: int) -> list[int] | None:
        """Where the scanner (or gate) `ident` may match, ascending; None if nowhere."""
        lists = self.candidates.get(ident)
        if lists is None or len(lists) == 1:
            return lists[0] if lists else None
        merged = sorted(chain.from_iterable(lists))
        self.candidates[ident] = [merged]
        return merged


def _kept(found: list[re.Match[str]]) -> list[re.Match[str]]:
    """Of the matches at the candidate positions (ascending), those finditer would report: none empty, none that
    begins inside an earlier one."""
    if len(found) == 1 and found[0].end() > found[0].start():
        return found
    kept: list[re.Match[str]] = []
    end = -1
    for match in found:
        if match.start() >= end and match.end() > match.start():
            end = match.end()
            kept.append(match)
    return kept


def _non_empty(match: re.Match[str]) -> bool:
    return match.end() > match.start()


# Word starts the dispatch table knows, by ident: a scanner's first word, or the rarer word it needs further on.
# Scanners (and gates) with the same starts share one ident: a text's positions are then gathered once for them all.
_KEYS: list[tuple[str, ...]] = []
_IDENT_OF: dict[tuple[str, ...], int] = {}


def _register(starts: tuple[str, ...] | None) -> int:
    if starts is None:
        return -1
    if starts not in _IDENT_OF:
        _IDENT_OF[starts] = len(_KEYS)
        _KEYS.append(starts)
        _scanners_at.cache_clear()  # a scanner made after texts were read: its words are looked up afresh
    return _IDENT_OF[starts]


STARTS_FILE = Path(__file__).with_name("cue_starts.json")
Analysis = tuple[tuple[str, ...] | None, tuple[str, ...] | None]  # a pattern's word starts and gate


def _shipped() -> dict[str, Analysis]:
    """The shipped analyses; a file that is missing or not as written (edited by hand) is ignored whole: every
    pattern is then read at start-up, slower and never wrong."""
    try:
        loaded = json.loads(STARTS_FILE.read_text(encoding="utf-8"))
        return {key: (_words(starts), _words(gate)) for key, (starts, gate) in loaded.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def _words(items: object) -> tuple[str, ...] | None:
    if items is None:
        return None
    if not isinstance(items, list) or not all(isinstance(item, str) and item for item in items):
        raise ValueError("not a list of word starts")
    return tuple(items)


_SHIPPED = _shipped()
ANALYSED: dict[tuple[str, int], Analysis] = {}  # every pattern (source, flags) a Scanner was made for here


def pattern_key(source: str, flags: int) -> str:
    """How the shipped file names a pattern."""
    return f"{int(flags)}:{source}"


def analyse(source: str, flags: int) -> Analysis:
    """Read a pattern's word starts and gate (what the shipped file holds)."""
    starts = _word_starts(source, flags)
    return starts, _gate_starts(source, flags, starts)


def analysed(source: str, flags: int) -> Analysis:
    """The pattern's word starts and gate: from the shipped file, else read now."""
    found = _SHIPPED.get(pattern_key(source, flags))
    ANALYSED[source, flags] = found if found is not None else analyse(source, flags)
    return ANALYSED[source, flags]


class Scanner:
    """A compiled pattern that is tried only at word starts that begin with one of its literal starts, and only in
    texts holding its gate word when it has one."""

    __slots__ = ("pattern", "starts", "ident", "gate", "lowered")

    def __init__(self, source: str, flags: int = re.IGNORECASE | re.MULTILINE) -> None:
        # Case-insensitive matching costs `re` a fold per character: a pattern without case-sensitive parts is
        # lowered and run on the lowercase twin of the text instead (same offsets; callers slice the original).
        self.lowered = bool(flags & re.IGNORECASE) and "(?-i:" not in source
        if self.lowered:
            self.pattern = re.compile(_lower_literals(source), flags & ~re.IGNORECASE)
        else:
            self.pattern = re.compile(source, flags)
        self.starts, gate = analysed(source, flags)
        self.ident = _register(self.starts)
        self.gate = _register(gate)

    def finditer(self, text: ScanText, before: int | None = None) -> list[re.Match[str]]:
        """Matches in `text` (their offsets are the original text's; read what they cover from `text.text`).
        Every candidate is tried in one C-level pass; a match inside an earlier one is then dropped."""
        subject = text.low if self.lowered else text.text
        if self.starts is None:
            return list(self.pattern.finditer(subject))
        return self.matches_at(subject, self._candidates(text, before))

    def matches_at(self, subject: str, candidates: list[int]) -> list[re.Match[str]]:
        """`finditer` at candidates a caller has already looked up (`ScanText.positions`, the gate checked): the
        classifier's loop over every cue, where the two look-ups again cost a tenth of the tries."""
        found = list(filter(None, map(self.pattern.match, repeat(subject, len(candidates)), candidates)))
        return _kept(found) if found else found

    def search(self, text: ScanText, before: int | None = None) -> re.Match[str] | None:
        """The first match; with `before`, only a match that begins before that offset."""
        subject = text.low if self.lowered else text.text
        if self.starts is None:
            found = self.pattern.search(subject)
            return found if found is None or before is None or found.start() < before else None
        candidates = self._candidates(text, before)
        tries = map(self.pattern.match, repeat(subject, len(candidates)), candidates)
        return next(filter(_non_empty, filter(None, tries)), None)

    def _candidates(self, text: ScanText, before: int | None) -> list[int]:
        """Where a match may begin (ascending): none if the text lacks the gate word."""
        if self.gate >= 0 and self.gate not in text.candidates:
            return []
        candidates = text.positions(self.ident) or []
        return candidates if before is None else candidates[: bisect_left(candidates, before)]


class Whole:
    """A case-insensitive pattern searched over a whole text: tried only at its word starts when they can be read,
    lowered on the lowercase twin (as `Scanner`), unless the text holds İ ı ſ: IGNORECASE equates those with ASCII
    letters, lower() does not, so such rare texts take the case-insensitive pattern (as in handlers/dates.py)."""

    __slots__ = ("folded", "scanner")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.folded = pattern
        self.scanner = Scanner(pattern.pattern, pattern.flags)

    def search(self, text: ScanText) -> re.Match[str] | None:
        return self.folded.search(text.text) if text.case_odd else self.scanner.search(text)


@cache
def _dispatch_for(count: int) -> tuple[dict[str, list[int]], tuple[int, ...]]:
    """Literal start -> the first `count` idents (scanners and gates) that may match there."""
    dispatch: dict[str, list[int]] = {}
    for ident, starts in enumerate(_KEYS[:count]):
        for start in starts:
            dispatch.setdefault(start, []).append(ident)
    return dispatch, tuple(sorted({len(start) for start in dispatch}))


@lru_cache(maxsize=1 << 16)
def _scanners_at(chunk: str) -> tuple[int, ...]:
    """The idents that may match at a word start beginning with `chunk` (remembered: words repeat)."""
    dispatch, lengths = _dispatch_for(len(_KEYS))
    chunk = chunk.translate(SPACES)
    idents: dict[int, None] = {}
    for size in lengths:
        for ident in dispatch.get(chunk[:size], ()) if size <= len(chunk) else ():
            idents[ident] = None
    return tuple(idents)


def opening_starts(source: str, flags: int) -> frozenset[str] | None:
    """The literal beginnings of a pattern that is matched at a known word start (None: unknown, try it always)."""
    if _sre_parse is None:
        return None
    found = _starts(list(_sre_parse.parse(source, flags)), _ANCHOR)
    return frozenset(start[1:] for start in found) if found else None
