"""Words as the policy matcher sees them: folded spelling, light stems, one-letter typos, sentences, question clauses.

Why this much and no more: requesters write Danish with and without æ/ø/å ("sælger", "saelger", "salger"), inflect
freely ("fakturaer", "invoices") and make typos ("unsubcribe"), while the matcher must stay plain Python and fast.
So every word is folded to one spelling, cut to a rough stem, and compared with a one-edit tolerance through a
deletion index (the SymSpell idea: two words one edit apart share a word with one letter deleted).
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "è": "e", "ü": "u", "ö": "oe", "ä": "ae", "’": "'"})
_DIGRAPHS = (("aa", "a"), ("oe", "o"), ("ae", "a"))
# Danish and English endings, longest first; a stem keeps at least three letters.
_SUFFIXES = (
    "ingerne",
    "ingens",
    "ingen",
    "inger",
    "ernes",
    "erne",
    "ende",
    "ede",
    "ene",
    "ens",
    "ets",
    "ing",
    "er",
    "en",
    "et",
    "es",
    "ed",
    "ly",
    "e",
    "s",
)
_MIN_STEM = 3
# Endings that make an inflected form of a known word ("internet" + "tet", "faktura" + "erne").
INFLECTIONS = frozenset("e s r n t er en et es ed ne te tet net ret ene ets ens ers erne ing ede".split())
FUZZY_MIN = 5  # a one-letter difference is forgiven only between words this long (or one letter shorter)

_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
# Addresses name no topic: "what cookies does cloudservicedk.com set?" is a question about cookies.
_ADDRESSES = re.compile(
    r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+\.(?:com|dk|net|org|eu|io|de|se|no)\b", re.IGNORECASE
)
_SENTENCE = re.compile(r"[^.!?;:\n]+[.!?;:\n]*")
# A new question inside a sentence: "..., and do you ...", "... og hvor længe ...", "..., og sender I ...".
_CLAUSE_BREAK = re.compile(
    r"(?:,\s*|\s+)(?:and|og|also|plus|samt|or|eller)\s+(?=(?:what|which|who|whom|where|when|why|how|do|does|did|"
    r"is|are|can|could|will|would|should|have|has|hvad|hvilke|hvilken|hvilket|hvem|hvor|hvornår|hvorfor|hvordan|"
    r"kan|må|skal|vil|har|er|bliver)\b|[^\W\d_]+\s+(?:i|du|jeg|vi|man|de|you|we|they)\b)",
    re.IGNORECASE,
)
# Asking without a question mark: "I'd like to know ...", "jeg undrer mig over ...". An announcement alone ("a quick
# question about your website:") is not a question; it is read as context for the clause after it.
_ASKING = re.compile(
    r"\b(?:wonder|wondering|would like to know|want to know|like to know|curious|tell me|let me know|explain|"
    r"inquire|enquire|undrer|vil gerne vide|vil vide|gerne vide|gerne høre|fortæl|forklar|oplys mig|nysgerrig)\b",
    re.IGNORECASE,
)


def fold(word: str) -> str:
    """One spelling for the Danish letters and their stand-ins: sælger, saelger and salger all become "salger"."""
    folded = word.lower().translate(_FOLD)
    for digraph, letter in _DIGRAPHS:
        folded = folded.replace(digraph, letter)
    return folded.replace("'", "")


def stem(folded: str) -> str:
    """Cut one common ending (Danish or English) so that invoice/invoices, faktura/fakturaer and
    personoplysning/personoplysninger meet."""
    for suffix in _SUFFIXES:
        if folded.endswith(suffix) and len(folded) - len(suffix) >= _MIN_STEM:
            return folded[: -len(suffix)]
    return folded


def deletions(word: str) -> Iterator[str]:
    """The word with each one letter removed: the keys of the one-edit index."""
    for index in range(len(word)):
        yield word[:index] + word[index + 1 :]


def tokens(text: str) -> list[str]:
    """Folded words of a text, in order (digits kept: "§ 10", "27001"); web and mail addresses left out."""
    return [fold(match.group()) for match in _TOKEN.finditer(_ADDRESSES.sub(" ", text))]


def points_back(text: str) -> bool:
    """Whether a clause leans on the one before it ("them", "dem", "it")."""
    return any(word in _POINTING_BACK for word in tokens(text))


class Vocabulary:
    """A set of stems that also answers "which stems are one edit away?" in a few dictionary look-ups."""

    def __init__(self, stems: Iterable[str] = ()) -> None:
        self._stems: set[str] = set()
        self._by_deletion: dict[str, set[str]] = {}
        for item in stems:
            self.add(item)

    def add(self, item: str) -> None:
        if item in self._stems:
            return
        self._stems.add(item)
        if len(item) >= FUZZY_MIN:
            for key in (item, *deletions(item)):
                self._by_deletion.setdefault(key, set()).add(item)

    def __contains__(self, item: str) -> bool:
        return item in self._stems

    def near(self, item: str) -> set[str]:
        """Known stems equal to `item`, or one letter away (inserted, dropped, changed, swapped) when long enough.

        The first letter must agree: typos seldom hit it, and "mother" is no misspelt "other".
        """
        found = {item} if item in self._stems else set()
        if len(item) < FUZZY_MIN - 1:
            return found
        keys = (item, *deletions(item)) if len(item) >= FUZZY_MIN else (item,)
        for key in keys:
            found.update(near for near in self._by_deletion.get(key, ()) if near[0] == item[0])
        return found


@dataclass(frozen=True)
class Clause:
    """A piece of a message that can hold one question; `asking` says whether it reads as one."""

    text: str
    asking: bool


def clauses(text: str) -> list[Clause]:
    """Sentences, and the separate questions inside them, each marked as asking or not."""
    found: list[Clause] = []
    for match in _SENTENCE.finditer(text):
        sentence = match.group()
        asking_sentence = "?" in sentence or bool(_ASKING.search(sentence))
        for piece in _CLAUSE_BREAK.split(sentence):
            if not piece.strip():
                continue
            found.append(Clause(piece.strip(), asking_sentence or _opens_question(piece)))
    return found


def _opens_question(piece: str) -> bool:
    words = tokens(piece)
    return bool(words) and words[0] in QUESTION_OPENERS


# Words that point back to the clause before: "I have a question about cookies. What do you use them for?"
_POINTING_BACK = frozenset(fold(w) for w in "it them they those these dem de den det disse dette denne".split())

QUESTION_OPENERS = frozenset(
    fold(word)
    for word in """what what's whats which who whom whose where when why how do does did is are am can could will
    would should shall may might have has hvad hvilke hvilken hvilket hvem hvor hvornår hvorfor hvordan kan må skal
    vil har er bliver gemmer deler sælger bruger sletter opbevarer overfører sender får""".split()
)

# Words that carry no topic of their own in a question to a company (function words, greetings, common verbs,
# the company's and the mailbox's own vocabulary). They never make a question "about something we do not know".
GENERIC = frozenset(
    fold(word)
    for word in """
a about above after again against all also am an and any anybody anyone anything anyway are aren't around as ask
asked asking at be because been before being below between both but by can can't cannot could couldn't did didn't
do does doesn't doing don't done each either else even ever every exactly few for from further get gets getting got
gotten had has hasn't have haven't having he her here hers him his how however i i'd i'll i'm i've if in into is
isn't it it's its itself just kind know known let like likely may maybe me might mine more most much must my myself
need needs never no nor not now of off often on once one only or other our ours out over own perhaps please
possible probably quite rather really regarding same say says see seen she should shouldn't so some someone
something sometimes still such sure tell than thank thanks that that's the their theirs them then there there's
these they thing things this those though through to too under until up upon us very via want wanted wants was
wasn't way ways we we're well were what what's whats whatever when where whether which while who whom whose why
will with within without won't would wouldn't yes yet you you're your yours yourself hello hi hey dear regards best
sincerely question questions wonder wondering curious answer u ur pls plz thx im ive dont cant wont didnt doesnt
isnt arent wanna etc eg currently actually exactly specifically generally happen happens happened happening mean
means explain clarify find understand read noticed saw happy able allowed make made give given gave take taken took
put go going goes come comes came use used uses using long time times year years month months day days week weeks
today now company companies firm business businesses customer customers client clients account accounts service
services product products data personal information info details detail privacy policy gdpr cloud danmark denmark
danish email emails e-mail e-mails mail mails web online internet system systems server servers anymore already
also again ago just kindly okay ok many lot lots new old first last next same different another someone everyone
people person persons someone's mr mrs ms sir madam team support yours truly hereby regards cheers greetings
cloudservice cloudservicedk csd
writing write wrote send sent receive received getting gets stuff matter concerning concern thing whole entire
og i jeg du det er at en et til af på med mig min mit mine dig din dit dine de den der har vil kan skal som om fra
hvad hvordan hvor hvis hvilke hvilken hvilket hvem hvornår hvorfor så sådan også bare nu jer jeres os vores vi man
sig sin sit sine ikke nej ja gerne mere meget mange efter eller men når være var været blive bliver blevet få får
fik kunne ville skulle må måtte denne dette disse noget nogen nogle ingen alle alt kun her hos ud op ind igen stadig
allerede godt dag tak hej hejsa kære venlig venlige venligst hilsen hilsner mvh spørgsmål spørge spørger undre undrer
vide ved forstå egentlig faktisk lige helt hele selv jo vel nok mon lidt fx eksempel ønsker ønske hjælp hjælpe tage
tager tog sker ske skete gøre gør gjort give giver gav bruge bruger brugt have haft se ser set sige siger læse
læst finde fandt kommer komme gå går lang langt tid længe år måned måneder dage uger firma firmaet virksomhed
virksomheden kunde kunder konto kontoen service services produkt produkter data oplysninger oplysningerne persondata
personoplysninger personlige privatliv gdpr cloud danmark mail mails mailen e-mail email internet online system
systemer server servere mon hvorvidt omkring angående vedrørende ang ift forhold henblik nogensinde altid aldrig
enten begge anden andet andre sådanne forbindelse forbindelsen connection connections
situation situations case cases circumstance circumstances period periods point part parts kind kinds type types sort
sorts form forms reason reasons example examples moment level amount number numbers side end start beginning
procedure procedures practice practices rule rules routine routines option options step steps manner issue issues
topic area field regard respect relation context background overview list lists summary description explanation item
items fact facts existing current former previous recent earlier later exact specific particular certain general
normal usual typical regular possible necessary relevant right true clear simple short full whole complete main
similar different various several real actual official properly fine good bad important normally usually typically
always sometimes precisely basically simply anyway otherwise soon afterwards automatically manually directly
indirectly personally set sets setting place places placed puts putting leave leaves left stay stays remain remains
become becomes became turn turns look looks looked looking show shows shown check checks checked confirm confirms
confirmed handle handles handled deal deals dealt treat treats treated work works worked run runs try tries tried
help helps helped meant count counts counted consider considers considered call calls called follow follows followed
involve involves involved include includes included concern concerns concerned apply applies applied relate relates
related refer refers referred belong belongs expect expects plan plans decide decides choose chooses notice learn
fill enter click exist exists ensure make sure guess think believe hope feel seem seems actually honestly briefly
situationen situationer tilfælde tilfældet periode perioden del dele form type typer slags art måde måden grund
grunden eksempel eksempler øjeblik niveau antal side ende start begyndelse procedure praksis regel regler rutine
rutiner mulighed muligheder valg trin emne område sammenhæng baggrund oversigt liste beskrivelse forklaring ting sag
sagen forhold eksisterende nuværende tidligere gammel gamle ny nye nyt nylig præcis præcise specifik specifikt bestemt
bestemte generel generelt normal normalt almindelig almindeligt typisk mulig muligt nødvendig nødvendigt relevant
rigtig rigtigt sand klar enkel kort fuld hel komplet samme forskellig forskellige flere egen eget egne officiel
præcist overhovedet alligevel ellers snart senere bagefter automatisk manuelt direkte indirekte personligt
ordentligt sætte sætter satte sat lægge lægger lagt placere placerer forblive forbliver stå står vende kigge kigger
kiggede vise viser finde finder tjekke tjekker bekræfte bekræfter håndtere håndterer arbejde arbejder køre kører
prøve prøver hjælper tælle tæller tæl regne regner overveje kalde kalder følge følger involvere omfatte omfatter
gælde gælder vedrøre vedrører høre hører tilhøre tillade tilladt forvente beslutte vælge vælger bemærke lære skrive
skriver udfylde klikke findes eksistere sikker tro tror håbe håber synes virker
accept accepted add added agree agreed appear appears arrange arrive avoid base bear begin began begun believe
break bring brought build built care carry catch cause change changed changes choose chose chosen claim claims clean
close closed complete completed connect connected contain contains continue continued control controlled could cover
covered create created cut decide decided define depend depends describe described design determine develop die
draw drive drop enable end ended enjoy entered establish exist expect experience explain expressed face fail failed
fall feel felt finish finished fit focus forget forgot form formed gain grow handle hang hate hear heard hide hit
hold holds hope identify imagine improve include increase indicate influence inform informed insist intend introduce
invite join jump kept kill laugh lay lead learn learned learnt lend lie lies limit limited link linked listen live
lives lose lost love manage managed mark matter measure meet mention mentioned mind miss missed move moved note
noticed oblige obliged obligated occur offer offered opened own owned pass passed perform pick plan planned play point
prefer prepare present press pressed prevent produce promise promised prove publish published pull push raise reach
reached realise realize recognise recognize reduce reflect relate release remain remember remove removed repeat
replace reply replied report represent require required respond rest result return returned reveal ring rise save
saved serve settle shake shoot shut sing sit sleep smile sound speak spend spent stand start started state stated
stick study succeed suffer suggest suit supply suppose survive talk teach tend test thank thought throw touch train
travel tried understood unite vary wait walk warn wash watch wear win wish worry worried wrote terminate terminated
terminating cancelled canceled quit stopped ended leaving asked answered care cared
able available aware big certain close common correct different difficult early easy entire fair familiar final
free great hard high large late likely little local low major necessary nice obvious open particular present private
proper public quick quickly ready serious single small special standard strong sufficient sure usual valid various
wide clearly completely definitely entirely especially exactly finally fully hardly immediately indeed instead
later mainly merely mostly nearly nowadays originally particularly possibly presumably recently regularly simply
slightly strictly truly ultimately unfortunately whenever wherever anywhere everywhere somewhere elsewhere
meanwhile moreover nevertheless therefore thus hence whereas unless although though despite besides according
document documents documented documentation dokumentere dokumenterer dokumenteret dokument dokumenter
rent rented renting lease leased udleje udlejer udlejet wise traffic mind rest idea problem problems chance line lines
word words piece pieces section sections note notes
overview thing opinion view views plenty bit minute minutes hour hours morning evening week
selvom skønt fordi derfor desuden endnu altså dog mens indtil siden både hverken ellers særligt især osv bl
tidspunkt tidspunktet gang gange sted steder ord linje idé ideen mening meningen problem problemet resultat
resultatet ændring ændringen chance spørgsmålet svaret emnet delen stedet tilfælde hvorledes sagt sige sagde
gjorde gjort fik haft havde kunne kan ville måtte skulle turde burde bør kender kendte lavet laver lave tager
taget siger spurgt spurgte svaret svarede kigget set fundet ment mente tænkt tænker tænkte troede
ændre ændrer ændret skifte skifter skiftet flytte flytter flyttet fjerne fjerner fjernet beholde beholder beholdt
nægte nægter nægtet acceptere accepterer accepteret tillade tillader tilføje tilføjer tilføjet undgå undgår
begynde begynder begyndte forstår forstod forstået forklare forklarer forklaret informere informerer informeret
nævne nævner nævnt nævnte mangle mangler manglede opnå opnår opnået ønskede ønsket ønsker bekymret bekymre
nødt tvunget tvinge pligt ansvar ansvaret rimelig rimeligt fair korrekt korrekte nøjagtig nøjagtigt tydelig tydeligt
hurtig hurtigt langsom langsomt stor store lille små høj høje lav lave vigtig vigtigt svær svært let nemt nem
nok bestemt sikkert sandsynligvis måske muligvis egentlig virkelig helt fuldstændig især særlig primært
oprindeligt tidligere nyligt senest løbende jævnligt straks øjeblikkeligt automatisk uanset hvorvidt ifølge
trafik trafikken minut minutter time timer morgen aften uge ugen
""".split()
)
