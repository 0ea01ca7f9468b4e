"""Answers from the company's own privacy policy (SPEC pipeline step 7): answered at once, or handed to staff.

The knowledge base is configuration (handlers/policy_knowledge.toml, or the operator's file named by `policy_file`):
sections with a title and an answer in Danish and English, the facts each answer must carry, and weighted cue words.

Why weighted cues and not a model: an answer must be explainable ("which words made you pick the card-data section?"),
must never say something the company did not write, and must run in well under a millisecond with nothing to
download. How a question is answered:
1. The text is cut into clauses; those that ask something (a question mark, "hvordan ...", "I'd like to know ...")
   are read; a text that asks nothing is read whole, greetings and signatures aside.
2. In each clause every section sums the weights of its cues found there (a weaker cue never re-counts words a
   stronger one took; the section's own rare answer words count as weak cues), and every word the knowledge base
   does not know at all costs UNKNOWN_COST: "how long do you keep CCTV footage?" looks like the retention section
   but asks about something the policy does not cover. A section with `about` words answers only when one of them
   is there ("sell SSL certificates" is not about selling personal data), and a topic the knowledge base lists as
   out of scope (a DPO, backups, a named vendor) hands the clause to staff whatever else it matches.
3. A clause is answered when its best section reaches ANSWER_AT after that cost; other sections are quoted too
   from ALSO_AT when close to the best. A clause that asks something no section answers, read alone and together
   with the clause before it, leaves the whole message to staff: a half answer is never presented as the answer.
4. The answer quotes the chosen sections' own text, in Danish for a Danish question and English otherwise, and names
   each section; when nothing answers, it says that a member of staff will. A language other than Danish or English
   is never answered automatically.
"""

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from handlers.language import detect_language
from handlers.policy_words import GENERIC, INFLECTIONS, Vocabulary, clauses, points_back, stem, tokens

LANGUAGES = ("da", "en")
WEIGHTS = {"strong": 3.0, "medium": 2.0, "weak": 1.0, "against": -3.0}
ANSWER_AT = 3.0  # a section's cue weight in one clause, after the cost of unknown words, needed to answer
ALSO_AT = 2.0  # once a clause is answered, a further section is quoted from this weight ...
CLOSE_TO_BEST = 0.5  # ... when it also scores at least this share of the best one
UNKNOWN_COST = 3.0  # each word the knowledge base does not know: the question may be about something else
MAX_SECTIONS = 3
TEXT_WEIGHT = 1.0  # a word of a section's own answer text that at most TEXT_SPREAD answers use
TEXT_SPREAD = 2
GAP = 5  # words allowed between two neighbouring words of a cue phrase
TYPO_MIN = 6  # a word one letter away from a known word counts as known only from this length ("mother" is no "other")
BUILT_IN = "policy_knowledge.toml"

_SECTION_KEYS = frozenset({"id", "title", "da", "en", "facts", "about", *WEIGHTS})
_TOP_KEYS = frozenset({"sections", "out_of_scope"})
ABOUT, OUT_OF_SCOPE = "about", "out_of_scope"  # cue roles besides scoring

NOT_ANSWERED = {
    "da": "Det kan vi ikke besvare sikkert ud fra vores persondatapolitik, så en medarbejder svarer dig personligt.",
    "en": "We cannot answer this reliably from our privacy policy, so a member of staff will answer you personally.",
}
THE_REST = {
    "da": "En medarbejder svarer på resten af din henvendelse.",
    "en": "A member of staff will answer the rest of your message.",
}
FROM_SECTION = {
    "da": "Fra afsnittet »{title}« i vores persondatapolitik: {text}",
    "en": "From the section “{title}” of our privacy policy: {text}",
}


class PolicyError(Exception):
    """The knowledge-base file is missing or malformed; the message names the file, the section and the fix."""


@dataclass(frozen=True)
class Section:
    id: str
    titles: Mapping[str, str]
    texts: Mapping[str, str]
    facts: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Quote:
    """One section as quoted in an answer, in the answer's language."""

    section: str
    title: str
    text: str


@dataclass(frozen=True)
class PolicyAnswer:
    answered: bool
    lang: str  # the requester's language as detected (or given); the answer is Danish for "da", English otherwise
    sections: tuple[str, ...]
    answer: str
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class _Word:
    """One word of a cue: a stem (inflections and typos match), or a folded beginning/ending/inside of a word."""

    kind: str  # "stem" (inflections and typos forgiven), "exact" (the word as written), "prefix", "suffix" or "infix"
    value: str


@dataclass(frozen=True)
class _Cue:
    section: int  # -1 for the knowledge base's out-of-scope cues
    words: tuple[int, ...]  # indexes into PolicyKnowledge._words
    weight: float
    text: str
    role: str = "score"  # "score", ABOUT (the section's subject is present) or OUT_OF_SCOPE


@dataclass
class _Reading:
    """What one clause says to the knowledge base."""

    scores: dict[int, float] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    out_of_scope: bool = False

    @property
    def best(self) -> float:
        return max(self.scores.values(), default=0.0)

    @property
    def substantive(self) -> bool:
        return self.best > 0 or bool(self.unknown) or self.out_of_scope

    def chosen(self) -> list[int]:
        """Sections that answer this clause, best first; none when it names a topic the policy does not cover."""
        cost = UNKNOWN_COST * len(self.unknown)
        best = self.best
        if self.out_of_scope or best - cost < ANSWER_AT:
            return []
        picked = [s for s, score in self.scores.items() if score - cost >= ALSO_AT and score >= CLOSE_TO_BEST * best]
        return sorted(picked, key=lambda s: -self.scores[s])


class PolicyKnowledge:
    """A loaded, validated knowledge base with its cue index; build once, answer many times."""

    def __init__(self, sections: Sequence[Section], cues: Sequence[tuple[int, str, float, str]]) -> None:
        self.sections = tuple(sections)
        self._words: list[_Word] = []
        self._word_ids: dict[_Word, int] = {}
        self._stems: dict[str, int] = {}
        self._exact: dict[str, int] = {}
        self._cue_stems = Vocabulary()
        self._scoring: set[int] = set()  # words of scoring cues: only these make a word "known"
        self._prefixes: dict[str, int] = {}
        self._suffixes: dict[str, int] = {}
        self._infixes: list[tuple[str, int]] = []
        self._by_first: dict[int, list[_Cue]] = {}
        self._needs_about = {section for section, _, _, role in cues if role == ABOUT}
        for section, phrase, weight, role in cues:
            words = _cue_words(phrase, exact=role != "score")
            cue = _Cue(section, tuple(self._word_id(word) for word in words), weight, phrase, role)
            self._by_first.setdefault(cue.words[0], []).append(cue)
            if role == "score":
                self._scoring.update(cue.words)
        known = {stem(word) for word in GENERIC}
        self._known_words = set(GENERIC)
        self._language_words: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}
        for item in self.sections:
            for lang in LANGUAGES:
                for word in tokens(f"{item.texts[lang]} {item.titles[lang]}"):
                    known.add(stem(word))
                    self._known_words.add(word)
                    self._language_words[lang].add(word)
        known.update(self._words[i].value for i in self._scoring if self._words[i].kind == "stem")
        self._known = Vocabulary(known)
        self._matches = lru_cache(maxsize=50_000)(self._match_word)
        self._is_known = lru_cache(maxsize=50_000)(self._known_word)

    # --- building ---------------------------------------------------------------------------------------------
    def _word_id(self, word: _Word) -> int:
        if word in self._word_ids:
            return self._word_ids[word]
        index = len(self._words)
        self._words.append(word)
        self._word_ids[word] = index
        if word.kind == "stem":
            self._stems[word.value] = index
            self._cue_stems.add(word.value)
        elif word.kind == "exact":
            self._exact[word.value] = index
        elif word.kind == "prefix":
            self._prefixes[word.value] = index
        elif word.kind == "suffix":
            self._suffixes[word.value] = index
        else:
            self._infixes.append((word.value, index))
        return index

    # --- reading ----------------------------------------------------------------------------------------------
    def _match_word(self, token: str) -> frozenset[int]:
        """The cue words a (folded) token matches."""
        root = stem(token)
        found = {self._stems[s] for s in self._cue_stems.near(root)}
        if token in self._exact:
            found.add(self._exact[token])
        for end in range(2, len(token) + 1):
            if (index := self._prefixes.get(token[:end])) is not None:
                found.add(index)
            if (index := self._suffixes.get(token[-end:])) is not None:
                found.add(index)
        found.update(index for value, index in self._infixes if value in token)
        return frozenset(found)

    def _known_word(self, token: str) -> bool:
        """Whether the knowledge base knows this word at all (its texts, its cues, or everyday question words)."""
        if (
            len(token) <= 2
            or any(ch.isdigit() for ch in token)
            or token in GENERIC
            or self._matches(token) & self._scoring
        ):
            return True
        return self._known_root(stem(token)) or self._inflected(token) or self._compound(token, depth=2)

    def _inflected(self, token: str) -> bool:
        """A known word with a Danish or English ending added: "internettet", "fakturaerne"."""
        return any(
            token[:cut] in self._known_words and token[cut:] in INFLECTIONS
            for cut in range(max(5, len(token) - 4), len(token))
        )

    def _known_root(self, root: str) -> bool:
        if root in self._known:
            return True
        return len(root) >= TYPO_MIN and any(len(near) >= TYPO_MIN for near in self._known.near(root))

    def _compound(self, token: str, depth: int) -> bool:
        """Danish compounds ("kundeoplysninger"): known when every part is, with an optional linking s or e."""
        for cut in range(3, len(token) - 2):
            head, tail = token[:cut], token[cut:]
            heads = (head, head[:-1]) if head[-1] in "se" and len(head) > 3 else (head,)
            if not any(h in self._known or stem(h) in self._known for h in heads):
                continue
            if self._known_root(stem(tail)) or (depth > 1 and self._compound(tail, depth - 1)):
                return True
        return False

    def read(self, text: str) -> _Reading:
        words = tokens(text)
        per_word = [self._matches(word) for word in words]
        hits: list[tuple[float, int, _Cue, tuple[int, ...]]] = []
        for start, matched in enumerate(per_word):
            for word_id in matched:
                for cue in self._by_first.get(word_id, ()):
                    positions = _follow(cue.words, per_word, start)
                    if positions is not None:
                        hits.append((cue.weight, len(positions), cue, positions))
        reading = _Reading()
        taken: dict[int, set[int]] = {}
        present: set[int] = set()
        for weight, _, cue, positions in sorted(hits, key=lambda hit: (-hit[0], -hit[1], hit[3])):
            if cue.role == OUT_OF_SCOPE:
                reading.out_of_scope = True
                reading.evidence.append(f"out_of_scope:{cue.text}")
                continue
            if cue.role == ABOUT:
                present.add(cue.section)
                continue
            claimed = taken.setdefault(cue.section, set())
            if weight > 0 and claimed.intersection(positions):
                continue
            claimed.update(positions)
            reading.scores[cue.section] = reading.scores.get(cue.section, 0.0) + weight
            reading.evidence.append(f"{self.sections[cue.section].id}:{cue.text}")
        for section in self._needs_about - present:  # "sell SSL certificates" is not about selling personal data
            reading.scores.pop(section, None)
        reading.unknown = [word for word in words if not self._is_known(word)]
        return reading

    # --- answering --------------------------------------------------------------------------------------------
    def answer(self, text: str, lang: str | None = None) -> PolicyAnswer:
        """Answer a question (or a message holding questions) from the knowledge base, or hand it to staff."""
        language = lang if lang in ("da", "en", "other") else self.language_of(text or "")
        reply_lang = "da" if language == "da" else "en"
        if language not in LANGUAGES:
            return PolicyAnswer(False, language, (), NOT_ANSWERED[reply_lang])
        chosen, unresolved = self._choose(text or "")
        quotes = tuple(
            Quote(self.sections[s].id, self.sections[s].titles[reply_lang], self.sections[s].texts[reply_lang])
            for s in chosen
        )
        answered = bool(quotes) and not unresolved
        return PolicyAnswer(
            answered, language, tuple(q.section for q in quotes), _compose(quotes, answered, reply_lang), quotes
        )

    def language_of(self, text: str) -> str:
        """detect_language, corrected when the words are plainly those of one language of the policy: short Danish
        questions without æ/ø/å ("Hvilket lovligt grundlag har I for behandlingen?") are otherwise read as English."""
        detected = detect_language(text)
        if detected not in LANGUAGES:
            return detected
        words = set(tokens(text))
        own = {
            lang: len(words & (self._language_words[lang] - self._language_words[other]))
            for lang, other in (("da", "en"), ("en", "da"))
        }
        other = "en" if detected == "da" else "da"
        return other if own[other] >= own[detected] + 2 else detected

    def _choose(self, text: str) -> tuple[list[int], bool]:
        """Sections answering the text's questions (in order, at most MAX_SECTIONS), and whether any was left over."""
        pieces = clauses(text)
        readings = [self.read(piece.text) for piece in pieces]
        asking = [i for i, piece in enumerate(pieces) if piece.asking and readings[i].substantive]
        # A text that asks nothing outright ("Tell me about cookies. Mvh Anna") is read whole, but a clause without
        # a single cue (a greeting, a signature, a name) does not hold the answer back.
        candidates = asking or [i for i, reading in enumerate(readings) if reading.best > 0]
        chosen: list[int] = []
        unresolved = False
        for i in candidates:
            picked = readings[i].chosen()
            if i > 0 and (not picked or points_back(pieces[i].text)):
                # "... your newsletter. How do I stop it?": the clause before is its context
                picked += [s for s in self.read(f"{pieces[i - 1].text} {pieces[i].text}").chosen() if s not in picked]
            if not picked:
                unresolved = True
            chosen.extend(s for s in picked if s not in chosen)
        return chosen[:MAX_SECTIONS], unresolved

    def explain(self, text: str) -> list[dict[str, Any]]:
        """Per clause: the section scores, unknown words and cues found (for the evaluation report and for staff)."""
        report = []
        for piece in clauses(text):
            reading = self.read(piece.text)
            report.append(
                {
                    "clause": piece.text,
                    "asking": piece.asking,
                    "scores": {self.sections[s].id: score for s, score in sorted(reading.scores.items())},
                    "unknown": reading.unknown,
                    "cues": reading.evidence,
                }
            )
        return report


def _follow(words: tuple[int, ...], per_word: list[frozenset[int]], start: int) -> tuple[int, ...] | None:
    """Positions of a cue phrase starting at `start`: each next word within GAP words of the previous one."""
    positions = [start]
    for word_id in words[1:]:
        last = positions[-1]
        found = next((j for j in range(last + 1, min(last + 2 + GAP, len(per_word))) if word_id in per_word[j]), None)
        if found is None:
            return None
        positions.append(found)
    return tuple(positions)


def _compose(quotes: Sequence[Quote], answered: bool, lang: str) -> str:
    if not quotes:
        return NOT_ANSWERED[lang]
    parts = [FROM_SECTION[lang].format(title=quote.title, text=quote.text) for quote in quotes]
    if not answered:
        parts.append(THE_REST[lang])
    return "\n\n".join(parts)


def _cue_words(phrase: str, exact: bool = False) -> list[_Word]:
    """A cue phrase as words: "slet*" a beginning, "*kort" an ending, "*oplysning*" an inside, else a stem
    (inflections and typos forgiven), or with `exact` the word itself: "compliant" must not catch "complaint", nor
    "navnene" (the names of your suppliers) "navnet" (the name of the controller)."""
    words: list[_Word] = []
    for chunk in phrase.split():
        starred_start, starred_end = chunk.startswith("*"), chunk.endswith("*")
        parts = tokens(chunk.strip("*"))
        for n, part in enumerate(parts):
            open_start = starred_start and n == 0
            open_end = starred_end and n == len(parts) - 1
            if open_start and open_end:
                words.append(_Word("infix", part))
            elif open_end:
                words.append(_Word("prefix", part))
            elif open_start:
                words.append(_Word("suffix", part))
            else:
                words.append(_Word("exact", part) if exact else _Word("stem", stem(part)))
    return words


# --- loading ----------------------------------------------------------------------------------------------------
def parse_policy(text: str, source: str) -> PolicyKnowledge:
    """Validate a knowledge-base TOML text; every mistake is a PolicyError that says where and what to fix."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{source} is not valid TOML: {exc}") from exc
    extra = set(data) - _TOP_KEYS
    if extra:
        keys = ", ".join(sorted(extra))
        raise PolicyError(f"{source}: unknown top-level key(s) {keys}; only out_of_scope and [[sections]] belong here")
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        raise PolicyError(f"{source}: no [[sections]]; the knowledge base needs at least one section")
    sections: list[Section] = []
    cues: list[tuple[int, str, float, str]] = []
    outside = data.get(OUT_OF_SCOPE, [])
    if not isinstance(outside, list) or not all(isinstance(p, str) for p in outside):
        raise PolicyError(f"{source}: out_of_scope must be a list of cue strings")
    for phrase in outside:
        _check_cue(phrase, f"{source}: out_of_scope cue {phrase!r}")
        cues.append((-1, phrase, 0.0, OUT_OF_SCOPE))
    seen: set[str] = set()
    for number, raw in enumerate(raw_sections, 1):
        section, section_cues = _parse_section(raw, f"{source}: section {number}")
        if section.id in seen:
            raise PolicyError(f"{source}: section {number}: id {section.id!r} is used twice; ids must be unique")
        seen.add(section.id)
        cues.extend((len(sections), phrase, weight, role) for phrase, weight, role in section_cues)
        sections.append(section)
    return PolicyKnowledge(sections, cues + _text_cues(sections))


def _text_cues(sections: Sequence[Section]) -> list[tuple[int, str, float, str]]:
    """The section's own words as weak cues: a word only one or two answers use points to them ("improve")."""
    words_of = [
        {word for text in section.texts.values() for word in tokens(text) if _telling(word)} for section in sections
    ]
    spread: dict[str, int] = {}
    for words in words_of:
        for word in words:
            spread[word] = spread.get(word, 0) + 1
    return [
        (index, word, TEXT_WEIGHT, "score")
        for index, words in enumerate(words_of)
        for word in sorted(words)
        if spread[word] <= TEXT_SPREAD
    ]


def _telling(word: str) -> bool:
    return len(word) >= 4 and stem(word) not in _GENERIC_STEMS and not any(ch.isdigit() for ch in word)


_GENERIC_STEMS = frozenset(stem(word) for word in GENERIC)


def _parse_section(raw: Any, where: str) -> tuple[Section, list[tuple[str, float, str]]]:
    if not isinstance(raw, dict):
        raise PolicyError(f"{where}: must be a table ([[sections]])")
    section_id = raw.get("id")
    if not isinstance(section_id, str) or not section_id.strip():
        raise PolicyError(f'{where}: needs an id, e.g. id = "payment"')
    where = f"{where} ({section_id})"
    extra = set(raw) - _SECTION_KEYS
    if extra:
        raise PolicyError(
            f"{where}: unknown key(s) {', '.join(sorted(extra))}; allowed: {', '.join(sorted(_SECTION_KEYS))}"
        )
    titles = _per_language(raw.get("title"), where, "title", str)
    texts = {lang: raw.get(lang) for lang in LANGUAGES}
    for lang, value in texts.items():
        if not isinstance(value, str) or not value.strip():
            raise PolicyError(f'{where}: needs its answer text in {lang} = """..."""')
    facts = _per_language(raw.get("facts", {lang: [] for lang in LANGUAGES}), where, "facts", list)
    for lang in LANGUAGES:
        for fact in facts[lang]:
            if not isinstance(fact, str) or not fact.strip():
                raise PolicyError(f"{where}: facts.{lang} must be a list of non-empty strings")
            if fact.lower() not in texts[lang].lower():
                raise PolicyError(f"{where}: fact {fact!r} is missing from its {lang} text; an answer must carry it")
    section_cues: list[tuple[str, float, str]] = []
    for tier, weight in (*WEIGHTS.items(), (ABOUT, 0.0)):
        phrases = raw.get(tier, [])
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            raise PolicyError(f"{where}: {tier} must be a list of cue strings")
        for phrase in phrases:
            _check_cue(phrase, f"{where}: {tier} cue {phrase!r}")
            section_cues.append((phrase, weight, ABOUT if tier == ABOUT else "score"))
    if not any(weight > 0 for _, weight, _ in section_cues):
        raise PolicyError(f"{where}: has no cues (strong/medium/weak), so no question could ever reach it")
    section = Section(
        id=section_id,
        titles={lang: str(titles[lang]).strip() for lang in LANGUAGES},
        texts={lang: str(texts[lang]).strip() for lang in LANGUAGES},
        facts={lang: tuple(facts[lang]) for lang in LANGUAGES},
    )
    return section, section_cues


def _per_language(value: Any, where: str, name: str, kind: type) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) != set(LANGUAGES):
        raise PolicyError(f"{where}: needs exactly {name}.da and {name}.en")
    for lang in LANGUAGES:
        if not isinstance(value[lang], kind) or (kind is str and not value[lang].strip()):
            raise PolicyError(f"{where}: {name}.{lang} must be a {'non-empty string' if kind is str else 'list'}")
    return value


def _check_cue(phrase: str, where: str) -> None:
    words = _cue_words(phrase)
    if not words:
        raise PolicyError(f"{where} has no letters or digits to match")
    for chunk in phrase.split():
        if "*" in chunk.strip("*") or chunk.strip("*") == "":
            raise PolicyError(f"{where}: '*' may only open or close a word, e.g. slet* or *kort")
    for word in words:
        if word.kind != "stem" and len(word.value) < 3:
            raise PolicyError(f"{where}: a starred word needs at least 3 letters, or it matches almost anything")


@lru_cache(maxsize=4)
def load_policy(path: Path | None = None) -> PolicyKnowledge:
    """The knowledge base from `path`, or the built-in one; loaded and indexed once per file."""
    if path is None:
        return parse_policy(resources.files("handlers").joinpath(BUILT_IN).read_text(encoding="utf-8"), BUILT_IN)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise PolicyError(f"policy file {path} does not exist") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"policy file {path} cannot be read: {exc}") from exc
    return parse_policy(text, str(path))


def answer(text: str, lang: str | None = None, path: Path | None = None) -> PolicyAnswer:
    """Answer `text` from the knowledge base at `path` (the built-in one when None); `lang` as detected if None."""
    return load_policy(path).answer(text, lang)


def answer_json(item: Mapping[str, Any], knowledge: PolicyKnowledge) -> dict[str, Any]:
    """One `privacybot answer` output line for one input object (SPEC stable interfaces)."""
    lang = item.get("lang") if item.get("lang") in ("da", "en") else None
    result = knowledge.answer(str(item.get("text") or ""), lang)
    return {
        "id": item.get("id"),
        "lang": result.lang,
        "answered": result.answered,
        "sections": list(result.sections),
        "answer": result.answer,
    }
