"""Personal names in a source text, found without a NER model.

A rule-based engine reads "Carlos del Castillo" word by word and writes
"Carlos of the Castle"; "Juan Carlos Rey" becomes "Juan Carlos King". The
spans found here are masked before such an engine runs and restored after
(`pipeline.translate.protect`).

Capitalisation alone is not enough: Spanish news capitalises institutions
("el Gobierno", "el Banco de España") that the engine translates well, and a
sentence's first word is capitalised anyway. So a span must be anchored on a
known first name (Faker's lists for the source language and English):
  * a first name followed by capitalised words, with lowercase particles
    between them (de, del, de la, de los, da, van, von...): "Carlos del
    Castillo", "Luis de la Fuente", "Isabel Díaz Ayuso", at any position;
  * a first name alone inside a sentence, after a lowercase word that is no
    article or particle ("dijo Pilar"; not "de la Salud"), where Spanish
    capitalises nothing but names;
  * the surnames of names found anywhere in the document, alone ("Castillo
    añadió", "según Castillo"), as articles name a person in full once.
A sentence in headline case ("Carlos Del Castillo Gana El Premio") is left
alone: there capitals say nothing, and masking would keep whole titles
untranslated. "y" never joins names: "Pedro y María" are two people, and a
masked "y" would stay untranslated.
"""

from __future__ import annotations

from functools import lru_cache
import regex

#: Faker locales whose first names count for a source language; English
#: names ("Donald Trump", "Elon Musk") appear in every language's news.
LOCALES: dict[str, tuple[str, ...]] = {
    "es": ("es_ES", "es_MX", "es_AR", "es_CO", "es_CL"),
    "ca": ("es_ES",),
    "gl": ("es_ES", "pt_PT"),
    "pt": ("pt_PT", "pt_BR"),
    "fr": ("fr_FR", "fr_CA"),
    "it": ("it_IT",),
    "de": ("de_DE", "de_AT", "de_CH"),
    "nl": ("nl_NL", "nl_BE"),
}
ENGLISH = ("en_US", "en_GB")

#: Lowercase words that join parts of one name ("de la" in "Luis de la Fuente").
PARTICLES = frozenset("de del la las los da das do dos di van von der den du le ter".split())
MAX_PARTICLES = 2
#: Capitalised inside a sentence, these mark title case ("El Premio De"),
#: not a name ("La" and "El" start names of bodies: "Fundación La Caixa").
_JOINERS = frozenset("de del da das do dos di du".split())
#: Before these a capitalised first name alone belongs to a longer name of a
#: place or body ("Organización Mundial de la Salud", "Puerta del Sol").
ARTICLES = frozenset("el la los las lo un una al del le les il gli die der das dem het".split())

_WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:[-'’]\p{L}[\p{L}\p{M}]*)*")
#: Between two words of one name: blanks only (a comma or a quote ends it).
_BLANK = regex.compile(r"[ \t\u00a0]+")
#: What may stand between a sentence start and its first word, or mark a new
#: start inside a sentence (a colon, an opening quote, a dash).
_OPENER = regex.compile(r"[.!?:;«\"“‘'(\[¿¡—–-]")


class Token:
    __slots__ = ("start", "end", "text")

    def __init__(self, start: int, end: int, text: str):
        self.start, self.end, self.text = start, end, text

    @property
    def capitalised(self) -> bool:
        # All capitals ("PSOE", "EE") are acronyms, not name parts.
        return self.text[0].isupper() and not self.text.isupper()


@lru_cache(maxsize=16)
def first_names(lang: str) -> frozenset[str]:
    from importlib import import_module  # noqa: PLC0415 - Faker loads only when names are protected

    names: set[str] = set()
    for locale in LOCALES.get(lang.split("-")[0], ()) + ENGLISH:
        try:
            provider = import_module(f"faker.providers.person.{locale}").Provider
        except ImportError:
            continue
        for attr in ("first_names_male", "first_names_female"):
            found = getattr(provider, attr, None) or ()
            # Single words only: a listed "María José" is found as two names.
            names.update(n for n in found if isinstance(n, str) and " " not in n and len(n) > 1)
    return frozenset(names)


def tokens(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def is_headline(text: str, toks: list[Token], firsts: frozenset[str]) -> bool:
    """True for title case: a capitalised joining word inside the text ("Gana
    El Premio De"), or most of the longer words capitalised, not counting
    the words of names (which are capitalised in any case)."""
    if any(i and tok.text.lower() in _JOINERS and tok.capitalised and not _starts(text, toks, i)
           for i, tok in enumerate(toks)):
        return True
    outside: list[Token] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        end = _extend(text, toks, i) if tok.capitalised and tok.text in firsts else i + 1
        if end == i + 1:
            outside.append(tok)
        i = end
    words = [t for t in outside[1:] if len(t.text) >= 4]
    capital = sum(1 for t in words if t.capitalised)
    return capital >= 3 and capital * 2 > len(words)


def _starts(text: str, toks: list[Token], i: int) -> bool:
    """Whether token i begins a sentence or a quotation."""
    gap = text[toks[i - 1].end:toks[i].start] if i else text[:toks[0].start]
    return i == 0 or bool(_OPENER.search(gap))


def _joined(text: str, left: Token, right: Token) -> bool:
    return bool(_BLANK.fullmatch(text[left.end:right.start]))


def _extend(text: str, toks: list[Token], i: int) -> int:
    """Index past the name that starts at token i: capitalised words and
    particles between them, joined by blanks."""
    end = i + 1
    while end < len(toks):
        j = end
        while (j < len(toks) and j - end < MAX_PARTICLES and toks[j].text in PARTICLES
               and _joined(text, toks[j - 1], toks[j])):
            j += 1
        if j < len(toks) and toks[j].capitalised and _joined(text, toks[j - 1], toks[j]):
            end = j + 1
        else:
            break
    return end


def person_spans(text: str, lang: str, surnames: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Character spans of personal names in one sentence."""
    toks = tokens(text)
    firsts = first_names(lang)
    if not toks or is_headline(text, toks, firsts):
        return []
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        end = i + 1
        if tok.capitalised and tok.text in firsts:
            end = _extend(text, toks, i)
            alone = end == i + 1
            if alone and (_starts(text, toks, i) or toks[i - 1].capitalised
                          or toks[i - 1].text in PARTICLES | ARTICLES):
                end = 0  # "Rosa es...", "El Salvador", "de la Salud": not evidence of a name
        elif tok.capitalised and tok.text in surnames:
            end = _extend(text, toks, i)
        else:
            end = 0
        if end:
            spans.append((tok.start, toks[end - 1].end))
            i = end
        else:
            i += 1
    return spans


def surnames_of(text: str, spans: list[tuple[int, int]], lang: str) -> set[str]:
    """The capitalised words of each full name after its first names
    ("Castillo" of "Carlos del Castillo"), known for the rest of a document."""
    firsts = first_names(lang)
    found: set[str] = set()
    for start, end in spans:
        words = [t.text for t in tokens(text[start:end]) if t.capitalised]
        while words and words[0] in firsts:
            words.pop(0)
        found.update(words)
    return found


class DocumentNames:
    """Names of one document: full names first (any paragraph), then their
    surnames wherever they stand alone."""

    def __init__(self, texts: list[str], lang: str):
        self.lang = lang
        known: set[str] = set()
        for text in texts:
            known |= surnames_of(text, person_spans(text, lang), lang)
        self.surnames = frozenset(known)

    def spans(self, sentence: str) -> list[tuple[int, int]]:
        return person_spans(sentence, self.lang, self.surnames)
