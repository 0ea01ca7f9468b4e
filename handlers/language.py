"""Tell Danish from English (and from "something else") in a privacy-mailbox message.

Why scoring and not a library: the bot only needs to choose the reply template (Danish or English) and to notice a
message it cannot read (staff triage), and it must work on one-word chat messages ("slet mig", "stop mails").
Each word votes for the languages it belongs to (a word shared by several languages splits its vote), and a few
letters vote too (æ ø å for Danish, ä ö ü ß é ñ ł ... for the others).

Rules:
- Danish written without æ/ø/å (ae/oe/aa) is still Danish: the word lists hold both spellings.
- Norwegian bokmål counts as Danish (a Danish answer is readable and the words overlap heavily).
- German, French, Spanish, Dutch, Polish and Swedish are "other": the bot cannot understand them well, so staff look.
- Empty or undecidable text (no votes, or a Danish/English tie) is "da" only if æ, ø or å appear, else "en": the
  English template is the safer default for a writer we cannot place, and Danish letters are strong evidence.
"""

import re
from typing import Literal

Language = Literal["da", "en", "other"]

_DA = """
og jeg ikke det er at en et til af på paa med mig min mit mine du de den der har vil kan skal som om fra hvad
hvordan hvor hvis venlig venligst hilsen hilsner mvh tak hej slet slette sletning sletter slettet slettes
også ogsaa bare nu jer jeres os vores hvilke hvilken hvilket oplysninger persondata personoplysninger afmeld
afmelde afmelding afmeldt nyhedsbrev nyhedsbrevet nyhedsbreve gerne mere efter eller men når naar så saa være
vaere blive bliver få faa kunne ville skulle denne dette disse noget nogen ingen alle kun her hos ud op ind igen
stadig allerede konto kontoen godt dag tilbage samtykke indsigt klage klager fordi hvorfor hvornår hvornaar hvem ja
nej dem jo lige ønsker oensker ønske oenske modtage modtager sende sendt sendte fik får faar tilsendt gang dage
uger måned maaned måneder bedes beder anmoder anmodning rette adresse navn nummer telefonnummer forkert ny nye nyt
meget mange blevet været vaeret siden hele selv sig sin sit sine mod imod ved uden inden mellem kære kaere
venlige mail mails mailen stop stoppe fjern fjerne oplyse gemmer opbevarer behandler deler videregiver
berigtigelse begrænsning begraensning indsigelse markedsføring markedsfoering tilbagekalde trække traekke
aktindsigt kopi data tlf kunde kundenummer flyttet ret spørgsmål spoergsmaal sporgsmal venlighilsen
meg deg hva takk vennligst slett hei ikkje kva eg
"""

_EN = """
the and i you to of is it my me please what how do does did your with this that have has not don't dont can
would could should will we are be am was were from on in for by an a at if or but all any about there their them
which when where who why hello hi thanks thank regards dear account want wish delete remove stop unsubscribe
mails emails email e-mail send sending sent receive receiving data information personal request copy get got need
know let us our out up no yes just so also been being very more anymore again still after before because it's i'm
i've i'd can't won't you're there's kind best sincerely yours hereby regarding unsubscribe newsletter newsletters
erase erasure deletion access correct update address name number wrong right rights consent withdraw object
complaint complain breach policy privacy marketing details profile these those here ask asked asking like
"""

_DE = """
der die das und ich nicht ist mit sie ein eine einen zu von bitte meine meiner meinen meinem mich mir löschen
loeschen löschung daten sehr geehrte geehrter geehrten für fuer auf dem den des wir haben auskunft ihre ihr
ihrer auch werden wurde gemäß gemaess danke freundlichen grüßen gruessen grüße sind nach über ueber kein keine
wie was warum wann möchte moechte hiermit widerspruch personenbezogenen gespeicherten dsgvo bei oder aber
"""

_FR = """
le la les de des du et je vous mes mon ma pas est une un pour que qui dans sur avec merci bonjour données
donnees supprimer personnelles cordialement madame monsieur veuillez ne au aux ce cette mais ou il elle nous
votre vos suis être avoir compte demande conformément conformement droit accès acces mes suppression
"""

_ES = """
el la los las y en por para mis mi datos con una es no se del al solicito gracias hola eliminar personales
cuenta usted su sus favor saludos estimados quiero derecho acceso que de
"""

_NL = """
het een van ik niet dat mijn mij met voor op te zijn gegevens verwijderen graag bedankt alstublieft u uw wil
heb hebben dank groet groeten vriendelijke geachte persoonsgegevens verzoek is er wat hoe kunt wilt de en
"""

_PL = """
i w z na nie się jest do że to moje moich mój danych proszę dzień dobry usunięcie osobowych konta pozdrawiam o
oraz czy jak mnie mi usunąć prośba
"""

_SV = """
och jag inte att är på med för mig min det som av till har vill kan ta bort mina uppgifter hej tack vänliga
hälsningar radera personuppgifter mitt konto också ni er era hur vad varför nej ja inga
"""

_WORD_LISTS: dict[str, str] = {
    "da": _DA,
    "en": _EN,
    "de": _DE,
    "fr": _FR,
    "es": _ES,
    "nl": _NL,
    "pl": _PL,
    "sv": _SV,
}


def _build_votes() -> dict[str, tuple[tuple[str, float], ...]]:
    """Word -> ((language, share), ...): a word in n lists gives each of them 1/n of a vote."""
    owners: dict[str, set[str]] = {}
    for lang, words in _WORD_LISTS.items():
        for word in words.split():
            owners.setdefault(word, set()).add(lang)
    return {word: tuple((lang, 1.0 / len(langs)) for lang in sorted(langs)) for word, langs in owners.items()}


_VOTES = _build_votes()

# Letters that point at one language; each occurrence is worth half a word, capped per language.
_LETTERS: dict[str, str] = {
    "æ": "da",
    "ø": "da",
    "å": "da",
    "ü": "de",
    "ß": "de",
    "ä": "de sv",
    "ö": "de sv",
    "é": "fr es",
    "è": "fr",
    "ê": "fr",
    "à": "fr",
    "ç": "fr",
    "â": "fr",
    "î": "fr",
    "ô": "fr",
    "û": "fr",
    "œ": "fr",
    "ñ": "es",
    "¿": "es",
    "¡": "es",
    "á": "es",
    "í": "es",
    "ó": "es pl",
    "ú": "es",
    "ą": "pl",
    "ę": "pl",
    "ł": "pl",
    "ś": "pl",
    "ż": "pl",
    "ź": "pl",
    "ć": "pl",
    "ń": "pl",
}
_LETTER_RE = re.compile("[" + "".join(_LETTERS) + "]")
_LETTER_CAP = 3.0
_DANISH_LETTERS = re.compile("[æøåÆØÅ]")

# Links, addresses and case tags carry no language. The lookbehinds make each run of characters be tried once.
_NOISE = re.compile(
    r"(?<![\w.])(?:https?://|www\.)\S+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\[PRV-[\d-]+\]", re.IGNORECASE
)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_MAX_WORDS = 400


def _scores(text: str) -> dict[str, float]:
    """Sum the votes of the first words and the telling letters."""
    lowered = text.lower()
    if "@" in lowered or "[" in lowered or "://" in lowered or "www." in lowered:  # else no noise can match: skip it
        lowered = _NOISE.sub(" ", text).lower()
    lowered = lowered.replace("\u2019", "'")
    scores = dict.fromkeys(_WORD_LISTS, 0.0)
    for count, match in enumerate(_WORD.finditer(lowered)):
        if count >= _MAX_WORDS:
            break
        for lang, share in _VOTES.get(match.group(), ()):
            scores[lang] += share
    letter_bonus = dict.fromkeys(_WORD_LISTS, 0.0)
    for match in _LETTER_RE.finditer(lowered):
        langs = _LETTERS[match.group()].split()
        for lang in langs:
            letter_bonus[lang] += 0.5 / len(langs)
    for lang, bonus in letter_bonus.items():
        scores[lang] += min(bonus, _LETTER_CAP)
    return scores


def _fallback(text: str) -> Language:
    """Undecidable: Danish letters say Danish, anything else gets the English template."""
    return "da" if _DANISH_LETTERS.search(text) else "en"


def detect_language(text: str) -> Language:
    """Return "da", "en" or "other" for a message's new text (see the module docstring for the rules)."""
    scores = _scores(text or "")
    da, en = scores["da"], scores["en"]
    foreign = max(score for lang, score in scores.items() if lang not in ("da", "en"))
    best_known = max(da, en)
    if foreign > best_known:
        return "other"
    if best_known == 0.0 or da == en:
        return _fallback(text or "")
    return "da" if da > en else "en"
